"""The use log and the disclosure log: append-only, each row hash-chained to the one before."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Operation(models.TextChoices):
    READ = "read", _("viewed")
    WRITE = "write", _("changed")


class Basis(models.TextChoices):
    """On what ground a user reached (or was refused) a client's data."""

    LEAD = "lead_worker", _("lead responsible worker")
    COORDINATOR = "coordinator", _("coordinator")
    MEMBER = "team_member", _("team member")
    CONCERN_AUTHOR = "concern_author", _("raised the concern")
    EMERGENCY = "emergency", _("emergency access")
    LOOKUP = "identity_code_lookup", _("identity code lookup")
    DPO = "data_protection_officer", _("data protection officer")
    RETENTION = "retention", _("retention rules")
    NONE = "none", _("no relationship")


class What(models.TextChoices):
    """What of a client's data a use-log row speaks of."""

    CLIENT = "client", _("basic details")
    CLIENT_HANDLE = "client_handle", _("basic details")
    CLIENT_SEARCH = "client_search", _("search results")
    IDENTITY_CODE_LOOKUP = "identity_code_lookup", _("identity code lookup")
    MY_WORK = "my_work", _("work list")
    CONSENT = "consent", _("consents")
    DISCLOSURE_BAN = "disclosure_ban", _("disclosure ban")
    EMERGENCY_ACCESS = "emergency_access", _("emergency access")
    CONCERN = "concern", _("concern")
    TEAM = "team", _("MOTI team")
    TEAM_MEMBER = "team_member", _("team members")
    MEETING = "meeting", _("meeting")
    NOTE = "note", _("notes")
    PLAN = "plan", _("plan")
    GOAL = "goal", _("plan goal")
    ACTION = "action", _("plan action")
    LOG_REPORT = "log_report", _("log report")
    LOG_REPORT_CSV = "log_report_csv", _("log report (CSV)")
    LOG_REPORT_PDF = "log_report_pdf", _("log report (PDF)")
    DATA_EXPORT_JSON = "data_export_json", _("data export (JSON)")
    DATA_EXPORT_PDF = "data_export_pdf", _("data export (PDF)")
    RETENTION = "retention", _("records past their retention time")


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

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                             related_name="+")
    # A plain id, not a foreign key: the log outlives the client record it speaks of.
    client_id = models.BigIntegerField(null=True)
    operation = models.CharField(max_length=10, choices=Operation.choices)
    what = models.CharField(max_length=50, choices=What.choices)
    object_id = models.BigIntegerField(null=True)
    basis = models.CharField(max_length=50, choices=Basis.choices)
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
