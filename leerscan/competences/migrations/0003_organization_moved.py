"""The organization and the lot moved to the organizations app: only Django's picture of the
models changes here; the tables and their rows stay as they are (organizations 0002 renames them)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('competences', '0002_personal_wish_titles_closed_links'),
        ('organizations', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='closedlink',
                    name='organization',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organizations.organization'),
                ),
                migrations.AlterField(
                    model_name='employee',
                    name='organization',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='competence_people', to='organizations.organization'),
                ),
                migrations.AlterField(
                    model_name='matrix',
                    name='organization',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='competence_matrices', to='organizations.organization'),
                ),
                migrations.AlterField(
                    model_name='planaction',
                    name='organization',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='training_actions', to='organizations.organization'),
                ),
            ],
            database_operations=[],
        ),
    ]
