from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def reinstall_log_triggers(using: str, **kwargs: Any) -> None:
    """Put the append-only triggers back after every migrate.

    SQLite rebuilds a table to alter it, and the rebuilt table has no triggers; re-installing
    (idempotent) after any migration closes that gap for every future log-table change.
    """
    from . import triggers

    connection = connections[using]
    if set(triggers.LOG_TABLES) <= set(connection.introspection.table_names()):
        triggers.install(connection)


class AuditConfig(AppConfig):
    name = "moti.audit"

    def ready(self) -> None:
        post_migrate.connect(reinstall_log_triggers, sender=self,
                             dispatch_uid="moti.audit.reinstall_log_triggers")
