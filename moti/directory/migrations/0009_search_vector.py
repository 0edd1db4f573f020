"""PostgreSQL keeps each entry's words as a stored tsvector: ranking and rechecking a match
read it instead of parsing the texts again (a broad word matched thousands of entries and
took 0.5 s to rank; bench/bench_directory.py); and the entries' tags in an index of their own."""

from django.db import migrations

FORWARDS = [
    "DROP INDEX IF EXISTS directory_search_fts",
    "ALTER TABLE directory_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('finnish'::regconfig, text_fi) || to_tsvector('swedish'::regconfig, text_sv)"
    " || to_tsvector('english'::regconfig, text_en)) STORED",
    "CREATE INDEX directory_search_vector ON directory_searchentry USING gin (search_vector)",
    # The suggestions read every candidate's tags: from this index alone, not from the wide
    # rows that hold the texts (12 ms → 8 ms for 5,000 services).
    "CREATE INDEX directory_search_kind_tags ON directory_searchentry (kind) "
    "INCLUDE (object_id, tags)",
]
BACKWARDS = [
    "DROP INDEX directory_search_kind_tags",
    "DROP INDEX directory_search_vector",
    "ALTER TABLE directory_searchentry DROP COLUMN search_vector",
    "CREATE INDEX directory_search_fts ON directory_searchentry USING gin (("
    "to_tsvector('finnish'::regconfig, text_fi) || to_tsvector('swedish'::regconfig, text_sv)"
    " || to_tsvector('english'::regconfig, text_en)))",
]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor == "postgresql":
        for statement in statements:
            schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, FORWARDS)


def backwards(apps, schema_editor):
    _run(schema_editor, BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("directory", "0008_directory_names")]
    operations = [migrations.RunPython(forwards, backwards)]
