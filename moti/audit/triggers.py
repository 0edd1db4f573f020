"""Database triggers that make the log tables append-only, on PostgreSQL and SQLite."""

LOG_TABLES = ("audit_uselog", "audit_disclosurelog")
MESSAGE = "audit logs are append-only"


def install_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        sql = [
            "CREATE OR REPLACE FUNCTION moti_refuse_log_change() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE}: % refused on %', TG_OP, TG_TABLE_NAME; END; "
            "$$ LANGUAGE plpgsql;"
        ]
        for table in LOG_TABLES:
            sql.append(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
            sql.append(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION moti_refuse_log_change();")
        return sql
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {op} refused on {table}'); END;"
            for table in LOG_TABLES for op in ("UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"append-only log triggers for {vendor}")


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};" for table in LOG_TABLES]
    return [f"DROP TRIGGER IF EXISTS {table}_no_{op.lower()};"
            for table in LOG_TABLES for op in ("UPDATE", "DELETE")]


def install(connection) -> None:
    with connection.cursor() as cursor:
        for statement in install_sql(connection.vendor):
            cursor.execute(statement)
