"""Trigram indexes for the directory's search of people by any part of a name or title
(teams.selectors.people_search), on PostgreSQL only: SQLite has no such index and scans.

They index UPPER(column), the expression Django's `icontains` compares on PostgreSQL. The
pg_trgm extension ships with PostgreSQL and is trusted: a database owner may create it."""

from django.db import migrations

COLUMNS = ("first_name", "last_name", "title")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS person_{column}_trgm ON directory_person '
            f'USING gin ((UPPER({column}::text)) gin_trgm_ops)')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS person_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_person_role_to_access_roles")]
    operations = [migrations.RunPython(create, drop)]
