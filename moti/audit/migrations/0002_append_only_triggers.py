from django.db import migrations


def install(apps, schema_editor):
    from moti.audit import triggers

    triggers.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from moti.audit import triggers

    with schema_editor.connection.cursor() as cursor:
        for statement in triggers.drop_sql(schema_editor.connection.vendor):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
