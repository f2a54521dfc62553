"""The organization and the lot moved to the organizations app: only Django's picture of the
models changes here; the tables and their rows stay as they are (organizations 0002 renames them)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_one_coordinator_per_lot'),
        ('organizations', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='serviceprovider',
                    name='lot',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='service_providers', to='organizations.lot'),
                ),
                migrations.AlterField(
                    model_name='profile',
                    name='organization',
                    field=models.ForeignKey(blank=True, help_text='For organization contacts.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='contacts', to='organizations.organization'),
                ),
            ],
            database_operations=[],
        ),
    ]
