"""The organization and the lot moved to the organizations app: only Django's picture of the
models changes here; the tables and their rows stay as they are (organizations 0002 renames them)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_organization_moved'),
        ('surveys', '0006_organization_moved'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Lot',
                ),
            ],
            database_operations=[],
        ),
    ]
