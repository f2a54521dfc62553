"""The organization and the lot moved to the organizations app: only Django's picture of the
models changes here; the tables and their rows stay as they are (organizations 0002 renames them)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('maturity', '0001_initial'),
        ('organizations', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='assessment',
                    name='organization',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='maturity_assessments', to='organizations.organization'),
                ),
                migrations.AlterField(
                    model_name='profiledecision',
                    name='organization',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='profile_decisions', to='organizations.organization'),
                ),
            ],
            database_operations=[],
        ),
    ]
