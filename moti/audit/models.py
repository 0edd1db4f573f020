"""The use log and the disclosure log: append-only, each row hash-chained to the one before."""

from django.conf import settings
from django.db import models


class ChainedLog(models.Model):
    """A row of an append-only log. `row_hash` covers the row's fields and `prev_hash`."""

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64)

    # Fields left out of the hash: the database's own id, and the hash itself.
    UNHASHED = frozenset({"id", "row_hash"})

    class Meta:
        abstract = True
        ordering = ["-seq"]


class UseLog(ChainedLog):
    """Käyttöloki (Act 703/2023): who, when, which client, what, on what basis, outcome."""

    class Action(models.TextChoices):
        READ = "read", "read"
        WRITE = "write", "write"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                             related_name="+")
    # A plain id, not a foreign key: the log outlives the client record it speaks of.
    client_id = models.BigIntegerField(null=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    what = models.CharField(max_length=50)
    object_id = models.BigIntegerField(null=True)
    basis = models.CharField(max_length=50)
    allowed = models.BooleanField()
    emergency = models.BooleanField(default=False)

    class Meta(ChainedLog.Meta):
        indexes = [models.Index(fields=["client_id", "at"]), models.Index(fields=["user", "at"])]


class DisclosureLog(ChainedLog):
    """Luovutusloki: what of a client's data went to whom, on what basis."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                             related_name="+")
    client_id = models.BigIntegerField()
    recipient = models.CharField(max_length=300)
    what = models.CharField(max_length=300)
    basis = models.CharField(max_length=300)
    channel = models.CharField(max_length=50)

    class Meta(ChainedLog.Meta):
        indexes = [models.Index(fields=["client_id", "at"])]


class ChainHead(models.Model):
    """The last row of each log: an anchor that shows a truncated tail."""

    log = models.CharField(max_length=50, unique=True)
    seq = models.PositiveBigIntegerField(default=0)
    row_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self):
        return f"{self.log} #{self.seq}"
