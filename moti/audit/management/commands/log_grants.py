from django.core.management.base import BaseCommand
from django.db import connections

from moti.audit.router import LOG
from moti.audit.triggers import LOG_TABLES


def grants_sql(role: str, app_role: str | None = None) -> list[str]:
    """What the log's own role may do on PostgreSQL: read and append, nothing else."""
    with connections[LOG].cursor() as cursor:
        sequences = [connections[LOG].introspection.get_sequences(cursor, table)
                     for table in LOG_TABLES]
    sql = [f'GRANT USAGE ON SCHEMA public TO "{role}";',
           f'GRANT SELECT, INSERT ON {", ".join(LOG_TABLES)} TO "{role}";']
    sql += [f'GRANT USAGE ON SEQUENCE "{sequence["name"]}" TO "{role}";'
            for found in sequences for sequence in found]
    if app_role:
        sql.append(f'REVOKE UPDATE, DELETE, TRUNCATE ON {", ".join(LOG_TABLES)} '
                   f'FROM "{app_role}";')
    return sql


class Command(BaseCommand):
    help = ("Print the SQL that gives PostgreSQL role ROLE (LOG_DATABASE_URL's user) the right "
            "to read and append to the log tables and nothing more; with --app-role, also take "
            "changing them away from the application's own role.")

    def add_arguments(self, parser):
        parser.add_argument("role")
        parser.add_argument("--app-role", default=None)

    def handle(self, *args, role, app_role=None, **options):
        for statement in grants_sql(role, app_role):
            self.stdout.write(statement)
