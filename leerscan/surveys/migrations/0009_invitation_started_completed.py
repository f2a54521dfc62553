"""A personal link says whether it was used and completed (copied from its response, before the key
to the response goes in the next migration; PostgreSQL cannot alter a table with updates pending)."""

from django.db import migrations, models


def copy_use_from_the_link(apps, schema_editor):
    """A personal link that led to a response is "started", and "completed" when that response was
    submitted; then the link between them goes. Responses and answers are not touched."""
    Invitation = apps.get_model("surveys", "Invitation")
    Invitation.objects.filter(response__isnull=False).update(started=True)
    Invitation.objects.filter(response__status="submitted").update(completed=True)


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0008_pending_import'),
    ]

    operations = [
        migrations.AddField(
            model_name='invitation',
            name='completed',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='invitation',
            name='started',
            field=models.BooleanField(default=False, editable=False, help_text='The link was used once.'),
        ),
        migrations.RunPython(copy_use_from_the_link, migrations.RunPython.noop),
    ]
