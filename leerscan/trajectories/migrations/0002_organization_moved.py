"""The organization and the lot moved to the organizations app: only Django's picture of the
models changes here; the tables and their rows stay as they are (organizations 0002 renames them)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0001_initial'),
        ('trajectories', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='trajectory',
                    name='organization',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='trajectory', to='organizations.organization', verbose_name='organization'),
                ),
            ],
            database_operations=[],
        ),
    ]
