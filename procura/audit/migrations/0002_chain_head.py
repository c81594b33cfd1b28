from django.db import migrations

GENESIS_HASH = "0" * 64


def create_head(apps, schema_editor):
    """The chain head exists from the start, so writers only ever lock it, never race to make it."""
    apps.get_model("audit", "AuditChainHead").objects.get_or_create(
        pk=1, defaults={"last_sequence": 0, "last_hash": GENESIS_HASH}
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
