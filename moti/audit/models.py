"""The use log: every decision about reading or writing a client's data."""

from django.conf import settings
from django.db import models


class UseLog(models.Model):
    """Käyttöloki (Act 703/2023): who, when, which client, what, on what basis, outcome."""

    class Action(models.TextChoices):
        READ = "read", "read"
        WRITE = "write", "write"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                             related_name="+")
    # A plain id, not a foreign key: the log outlives the client record it speaks of.
    client_id = models.BigIntegerField(null=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    what = models.CharField(max_length=50)
    object_id = models.BigIntegerField(null=True)
    basis = models.CharField(max_length=50)
    allowed = models.BooleanField()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client_id", "at"])]
