"""Database backends whose `flush` steps around the logs' append-only triggers.

`flush` empties the whole database (tests do it between transactional tests). The triggers
refuse it (row by row on SQLite, TRUNCATE on PostgreSQL), so these backends drop them for the
flush and put them back in the same transaction. Settings pick them for Django's own engines.
"""

from collections.abc import Sequence
from typing import Any

from moti.audit import triggers


class FlushAroundTriggers:
    """Mixed into a backend's DatabaseOperations."""

    connection: Any

    def sql_flush(self, style: Any, tables: Sequence[str], *, reset_sequences: bool = False,
                  allow_cascade: bool = False) -> list[str]:
        sql: list[str] = super().sql_flush(  # type: ignore[misc]
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        logs = [table for table in triggers.LOG_TABLES if table in tables]
        if not sql or not logs:
            return sql
        vendor = self.connection.vendor
        return [*triggers.drop_sql(vendor, logs), *sql, *triggers.install_sql(vendor, logs)]
