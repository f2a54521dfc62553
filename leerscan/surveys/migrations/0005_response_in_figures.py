"""Responses join a round's figures in batches; every response submitted before this was shown."""

from django.db import migrations, models


def submitted_are_in_figures(apps, schema_editor):
    Response = apps.get_model("surveys", "Response")
    Response.objects.filter(status="submitted").update(in_figures=True)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0004_organization_local_government_care"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="in_figures",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(submitted_are_in_figures, migrations.RunPython.noop),
    ]
