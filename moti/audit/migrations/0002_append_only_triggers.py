from django.db import migrations

# The tables of the first, hash-chained log (replaced in 0005).
TABLES = ("audit_uselog", "audit_disclosurelog")


def install(apps, schema_editor):
    """The UPDATE and DELETE triggers only: SQLite's trigger against INSERT OR REPLACE names
    columns (mac) that these tables never had, and would break their later migrations."""
    from moti.audit import triggers

    with schema_editor.connection.cursor() as cursor:
        for statement in triggers.install_sql(schema_editor.connection.vendor, TABLES):
            if "BEFORE INSERT" not in statement:
                cursor.execute(statement)


def uninstall(apps, schema_editor):
    from moti.audit import triggers

    with schema_editor.connection.cursor() as cursor:
        for statement in triggers.drop_sql(schema_editor.connection.vendor, TABLES):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
