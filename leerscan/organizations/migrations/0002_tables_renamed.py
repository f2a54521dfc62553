"""The moved tables take the organizations app's names (the many-to-many table of consultants
too), and the content types follow, so permissions and admin history stay with their models."""

from django.db import migrations

MOVED = (("accounts", "lot"), ("surveys", "organization"))


def relabel_content_types(apps, schema_editor, forwards=True):
    content_type = apps.get_model("contenttypes", "ContentType")
    for old_app, model in MOVED:
        source, target = (old_app, "organizations") if forwards else ("organizations", old_app)
        if not content_type.objects.filter(app_label=target, model=model).exists():
            content_type.objects.filter(app_label=source, model=model).update(app_label=target)


def relabel_back(apps, schema_editor):
    relabel_content_types(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("organizations", "0001_initial"),
        ("accounts", "0006_lot_moved"),
        ("surveys", "0006_organization_moved"),
    ]

    operations = [
        migrations.AlterModelTable(name="lot", table=None),
        migrations.AlterModelTable(name="organization", table=None),
        migrations.RunPython(relabel_content_types, relabel_back),
    ]
