"""SQLite, with a flush that steps around the audit logs' append-only triggers.

`flush` empties the whole database (tests do it between transactional tests). On PostgreSQL it
uses TRUNCATE, which row triggers do not see; SQLite deletes row by row, so the triggers are
dropped for the flush and put back in the same transaction.
"""

from django.db.backends.sqlite3 import base, operations

from moti.audit import triggers


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        sql = super().sql_flush(style, tables, reset_sequences=reset_sequences,
                                allow_cascade=allow_cascade)
        if not sql or not set(tables) & set(triggers.LOG_TABLES):
            return sql
        return [*triggers.drop_sql("sqlite"), *sql, *triggers.install_sql("sqlite")]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
