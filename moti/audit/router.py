"""The logs live behind the "log" database alias; everything else behind "default"."""

from typing import Any

from django.conf import settings
from django.db.models import Model

LOG = "log"
APP = "audit"


class LogRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        return LOG if model._meta.app_label == APP else None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return LOG if model._meta.app_label == APP else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        if app_label == APP:
            # Where the log shares the main database (PostgreSQL), migrating the main alias
            # creates its tables too, and the test runner makes one database for both aliases.
            return db == LOG or settings.LOG_DATABASE_SHARED
        return db != LOG or settings.LOG_DATABASE_SHARED
