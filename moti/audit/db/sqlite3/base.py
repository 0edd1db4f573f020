"""SQLite for Moti: Django's backend with a flush that steps around the log triggers."""

from django.db.backends.sqlite3 import base, operations

from .. import FlushAroundTriggers


class DatabaseOperations(FlushAroundTriggers, operations.DatabaseOperations):
    pass


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
