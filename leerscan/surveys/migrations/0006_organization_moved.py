"""The organization and the lot moved to the organizations app: only Django's picture of the
models changes here; the tables and their rows stay as they are (organizations 0002 renames them)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_organization_moved'),
        ('competences', '0003_organization_moved'),
        ('maturity', '0002_organization_moved'),
        ('organizations', '0001_initial'),
        ('surveys', '0005_scanround_results_shown_at'),
        ('trajectories', '0002_organization_moved'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='scanround',
                    name='organization',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rounds', to='organizations.organization'),
                ),
                migrations.DeleteModel(
                    name='Organization',
                ),
            ],
            database_operations=[],
        ),
    ]
