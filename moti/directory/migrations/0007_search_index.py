"""The directory's full-text search: a GIN index over each language's words on PostgreSQL,
an FTS5 table kept by triggers on SQLite (directory/search.py reads both)."""

from django.db import migrations

POSTGRES = [(
    "CREATE INDEX directory_search_fts ON directory_searchentry USING gin (("
    "to_tsvector('finnish'::regconfig, text_fi) || to_tsvector('swedish'::regconfig, text_sv)"
    " || to_tsvector('english'::regconfig, text_en)))",
    "DROP INDEX directory_search_fts",
)]
_COLUMNS = "text_fi, text_sv, text_en"
SQLITE = [
    ("CREATE VIRTUAL TABLE directory_search_fts USING fts5(" + _COLUMNS + ", "
     "content='directory_searchentry', content_rowid='id', "
     "tokenize='unicode61 remove_diacritics 0')", "DROP TABLE directory_search_fts"),
    ("CREATE TRIGGER directory_search_ai AFTER INSERT ON directory_searchentry BEGIN "
     "INSERT INTO directory_search_fts(rowid, " + _COLUMNS + ") "
     "VALUES (new.id, new.text_fi, new.text_sv, new.text_en); END",
     "DROP TRIGGER directory_search_ai"),
    ("CREATE TRIGGER directory_search_ad AFTER DELETE ON directory_searchentry BEGIN "
     "INSERT INTO directory_search_fts(directory_search_fts, rowid, " + _COLUMNS + ") "
     "VALUES ('delete', old.id, old.text_fi, old.text_sv, old.text_en); END",
     "DROP TRIGGER directory_search_ad"),
    ("CREATE TRIGGER directory_search_au AFTER UPDATE ON directory_searchentry BEGIN "
     "INSERT INTO directory_search_fts(directory_search_fts, rowid, " + _COLUMNS + ") "
     "VALUES ('delete', old.id, old.text_fi, old.text_sv, old.text_en); "
     "INSERT INTO directory_search_fts(rowid, " + _COLUMNS + ") "
     "VALUES (new.id, new.text_fi, new.text_sv, new.text_en); END",
     "DROP TRIGGER directory_search_au"),
]


def _run(schema_editor, index: int) -> None:
    statements = {"postgresql": POSTGRES, "sqlite": SQLITE}.get(
        schema_editor.connection.vendor, [])
    for pair in (statements if index == 0 else reversed(statements)):
        schema_editor.execute(pair[index])


def forwards(apps, schema_editor):
    _run(schema_editor, 0)


def backwards(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("directory", "0006_directory_content")]
    operations = [migrations.RunPython(forwards, backwards)]
