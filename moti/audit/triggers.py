"""Database triggers that make the log tables append-only, on PostgreSQL and SQLite.

They stop an application bug or a careless operator; an attacker with full database access can
drop them, which the sealed checkpoints (`sealing.py`) then show.
"""

from collections.abc import Sequence
from typing import Any

LOG_TABLES = ("audit_uselog", "audit_disclosurelog", "audit_checkpoint")
MESSAGE = "audit logs are append-only"
# What a new row must not share with a stored one: the table's unique keys, each as its unique
# index has it (a partial index's condition included, so that SQLite answers by that index and
# not by scanning the log). SQLite's INSERT OR REPLACE deletes the row that holds the same key
# without firing its delete trigger (recursive_triggers is off), so an insert that would
# collide is refused before it can replace anything. A migration that changes a key installs
# the trigger with its own copy of these (tests/audit/test_tamper.py holds them to the indexes).
LOG_ROW_KEYS = ("id = NEW.id", "nonce = NEW.nonce AND NOT (nonce = '')",
                "mac = NEW.mac AND nonce = ''")
UNIQUE_KEYS: dict[str, Sequence[str]] = {
    "audit_uselog": LOG_ROW_KEYS, "audit_disclosurelog": LOG_ROW_KEYS,
    "audit_checkpoint": ("id = NEW.id", "seq = NEW.seq")}
SQLITE_TRIGGERS = ("no_update", "no_delete", "no_replace")


def install_sql(vendor: str, tables: Sequence[str] = LOG_TABLES,
                keys: dict[str, Sequence[str]] = UNIQUE_KEYS) -> list[str]:
    if vendor == "postgresql":
        sql = [
            "CREATE OR REPLACE FUNCTION moti_refuse_log_change() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE}: % refused on %', TG_OP, TG_TABLE_NAME; END; "
            "$$ LANGUAGE plpgsql;"
        ]
        for table in tables:
            sql += [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
                    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION moti_refuse_log_change();",
                    f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
                    f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION moti_refuse_log_change();"]
        return sql
    if vendor == "sqlite":
        sql = []
        for table in tables:
            sql += [
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {op} refused on {table}'); END;"
                for op in ("UPDATE", "DELETE")]
            taken = " OR ".join(f"({key})" for key in keys[table])
            sql.append(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_replace BEFORE INSERT ON {table} "
                f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {taken}) "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: INSERT over a stored row refused on "
                f"{table}'); END;")
        return sql
    raise NotImplementedError(f"append-only log triggers for {vendor}")


def drop_sql(vendor: str, tables: Sequence[str] = LOG_TABLES) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_{kind} ON {table};"
                for table in tables for kind in ("append_only", "no_truncate")]
    return [f"DROP TRIGGER IF EXISTS {table}_{name};"
            for table in tables for name in SQLITE_TRIGGERS]


def install(connection: Any, tables: Sequence[str] = LOG_TABLES,
            keys: dict[str, Sequence[str]] = UNIQUE_KEYS) -> None:
    with connection.cursor() as cursor:
        for statement in install_sql(connection.vendor, tables, keys):
            cursor.execute(statement)


def reinstall_sqlite_insert_guard(connection: Any, keys: dict[str, Sequence[str]]) -> None:
    """For a migration that changes a log table's unique keys: the SQLite trigger against
    INSERT OR REPLACE made again with the new keys (CREATE TRIGGER IF NOT EXISTS would keep the
    old one)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in keys:
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_replace;")
    install(connection, tuple(keys), keys)
