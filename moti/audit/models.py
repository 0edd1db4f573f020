"""The use log and the disclosure log, and the checkpoints that seal them."""

import datetime

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from moti.core.models import Statute


class Operation(models.TextChoices):
    READ = "read", _("viewed")
    WRITE = "write", _("changed")


class Basis(models.TextChoices):
    """On what ground a user reached (or was refused) a client's data."""

    LEAD = "lead_worker", _("lead responsible worker")
    COORDINATOR = "coordinator", _("coordinator")
    MEMBER = "team_member", _("team member")
    CONCERN_AUTHOR = "concern_author", _("raised the concern")
    REFERRAL_RECIPIENT = "referral_recipient", _("received a referral")
    EMERGENCY = "emergency", _("emergency access")
    LOOKUP = "identity_code_lookup", _("identity code lookup")
    DPO = "data_protection_officer", _("data protection officer")
    RETENTION = "retention", _("retention rules")
    NONE = "none", _("no relationship")


class Purpose(models.TextChoices):
    """Why data was used, as the log records it at the time (Act 703/2023)."""

    CARE = "care", _("care of the client")
    EMERGENCY = "emergency", _("emergency")
    DPO_REVIEW = "dpo_review", _("data protection officer's review")
    RETENTION = "retention", _("retention")
    CLIENT_REQUEST = "client_request", _("the client's own request")


class What(models.TextChoices):
    """What of a client's data a use-log row speaks of."""

    CLIENT = "client", _("basic details")
    CLIENT_HANDLE = "client_handle", _("basic details")
    CLIENT_SEARCH = "client_search", _("search results")
    IDENTITY_CODE_LOOKUP = "identity_code_lookup", _("identity code lookup")
    MY_WORK = "my_work", _("work list")
    CONSENT = "consent", _("consents")
    DISCLOSURE_BAN = "disclosure_ban", _("disclosure ban")
    TURVAKIELTO = "turvakielto", _("non-disclosure for personal safety")
    EMERGENCY_ACCESS = "emergency_access", _("emergency access")
    EMERGENCY_REVIEW = "emergency_review", _("emergency access review")
    CONCERN = "concern", _("concern")
    TEAM = "team", _("MOTI team")
    TEAM_MEMBER = "team_member", _("team members")
    MEETING = "meeting", _("meeting")
    NOTE = "note", _("notes")
    PLAN = "plan", _("plan")
    GOAL = "goal", _("plan goal")
    ACTION = "action", _("plan action")
    EPISODE = "episode", _("services received")
    TRANSITIONS = "transitions", _("transitions at risk")
    REFERRAL = "referral", _("referral")
    REFERRALS_INCOMING = "referrals_incoming", _("incoming referrals")
    TIMELINE = "timeline", _("timeline")
    HANDOVER = "handover", _("coordination handover")
    LOG_REPORT = "log_report", _("log report")
    LOG_REPORT_CSV = "log_report_csv", _("log report (CSV)")
    LOG_REPORT_PDF = "log_report_pdf", _("log report (PDF)")
    DATA_EXPORT_JSON = "data_export_json", _("data export (JSON)")
    DATA_EXPORT_PDF = "data_export_pdf", _("data export (PDF)")
    RETENTION = "retention", _("records past their retention time")


class Disclosed(models.TextChoices):
    """What a disclosure-log row says was disclosed."""

    CONCERN = "concern", _("concern")
    MEETING = "meeting", _("meeting records")
    PLAN = "plan", _("plan")
    NOTE = "note", _("notes")
    EPISODE = "episode", _("services received")
    REFERRAL = "referral", _("referral")
    LOG_REPORT = "log_report", _("log report")
    ALL_DATA = "all_data", _("all data held in Moti")


class DisclosureBasis(models.TextChoices):
    CONSENT = "consent", _("the client's consent")
    LEGAL_BASIS = "legal_basis", _("a legal basis")
    RIGHT_OF_ACCESS = "right_of_access", _("the client's right of access")
    EMERGENCY = "emergency", _("emergency access")


class Channel(models.TextChoices):
    MOTI = "moti", _("shown in Moti")
    CSV = "csv", _("CSV file")
    PDF = "pdf", _("PDF file")
    JSON = "json", _("JSON file")


def organisation_label(unit: str, controller: str) -> str:
    """The unit, and its data controller when that is another: 'Nilsiän terveysasema
    (Pohjois-Savon hyvinvointialue)'."""
    return f"{unit} ({controller})" if controller and controller != unit else unit


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """A stored code's label in the reader's language, or the code for one no longer known.
    Not get_FOO_display(): that hashes every label of the field (a gettext each) per call,
    and a page of fifty log rows made three thousand such calls."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class LogRow(models.Model):
    """A row of an append-only log, kept in the log database (the "log" alias).

    Written in one short autocommit INSERT, never inside the request's transaction, so that a
    refusal stays logged when the request rolls back. `mac` is an HMAC of the row's content with
    a key the database never holds (derived from SECRET_KEY): a row forged in the database does
    not carry a valid one. The sealing job later covers the rows with signed Merkle checkpoints.
    """

    id: int
    at = models.DateTimeField(db_index=True)
    # Who, as they were at the time: the log outlives accounts, names and organisations.
    user_id = models.BigIntegerField(null=True)
    user_name = models.CharField(max_length=200, blank=True)
    user_title = models.CharField(max_length=150, blank=True)
    user_organisation = models.CharField(max_length=200, blank=True)
    user_controller = models.CharField(max_length=200, blank=True)  # the unit's data controller
    user_role = models.CharField(max_length=200, blank=True)  # the access roles then held
    # A plain id, not a foreign key: the log outlives the client record it speaks of.
    client_id = models.BigIntegerField(null=True)
    # Unique per row and MAC'd with it (`services.nonce`): two rows never share a MAC, so a row
    # copied verbatim (which would carry a valid one) is refused by the unique index, or found
    # by verify-logs; one copied with another nonce has a MAC that does not verify. Empty in
    # the rows written before it existed, which their MACs then leave out.
    nonce = models.CharField(max_length=32, blank=True)
    mac = models.CharField(max_length=64)

    class Meta:
        abstract = True
        ordering = ["-id"]
        constraints = [
            # Unique nonces, not MACs: a nonce begins with its moment, so new rows are added at
            # the end of this index. A MAC is random: every append would write a page anywhere
            # in an index as large as the log (docs/performance.md, "the log's unique key").
            models.UniqueConstraint(fields=["nonce"], condition=~models.Q(nonce=""),
                                    name="%(class)s_nonce_unique"),
            # The rows from before nonces keep their MACs unique.
            models.UniqueConstraint(fields=["mac"], condition=models.Q(nonce=""),
                                    name="%(class)s_unnonced_mac_unique"),
        ]

    @property
    def who(self) -> str:
        """The user as they were, in one line; Moti itself for its own jobs."""
        if self.user_id is None and not self.user_name:
            return str(_("Moti (automatic)"))
        return ", ".join(part for part in (self.user_name, self.user_title,
                                           self.organisation) if part)

    @property
    def organisation(self) -> str:
        return organisation_label(self.user_organisation, self.user_controller)


class UseLog(LogRow):
    """Käyttöloki (Act 703/2023): who, when, which client, what, on what basis, outcome."""

    operation = models.CharField(max_length=10, choices=Operation.choices)
    what = models.CharField(max_length=50, choices=What.choices)
    object_id = models.BigIntegerField(null=True)
    basis = models.CharField(max_length=50, choices=Basis.choices)
    allowed = models.BooleanField()
    emergency = models.BooleanField(default=False)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, blank=True)
    # What the row is about, without names or codes and in no language: {"team": "2026-11-12"}
    # (the team by the day it was convened); the client's log report renders it.
    description = models.JSONField(default=dict, blank=True)

    class Meta(LogRow.Meta):
        indexes = [models.Index(fields=["client_id", "at"]),
                   models.Index(fields=["user_id", "at"]),
                   # The DPO's "emergency access only": a few rows among millions.
                   models.Index(fields=["at"], condition=models.Q(emergency=True),
                                name="uselog_emergency_at")]

    @property
    def operation_label(self) -> str:
        return choice_label(Operation, self.operation)

    @property
    def what_label(self) -> str:
        return choice_label(What, self.what)

    @property
    def basis_label(self) -> str:
        return choice_label(Basis, self.basis)


class DisclosureLog(LogRow):
    """Luovutusloki: what of a client's data went to whom, on what basis.

    Stored as codes and names, never as sentences in somebody's interface language: each
    reader sees the row in their own language.
    """

    recipient = models.CharField(max_length=200)  # a person's name, or "" for the client
    recipient_organisation = models.CharField(max_length=200, blank=True)
    to_client = models.BooleanField(default=False)
    what = models.CharField(max_length=200)  # Disclosed codes, comma-separated
    registers = models.CharField(max_length=100, blank=True)  # Register codes
    basis = models.CharField(max_length=20, choices=DisclosureBasis.choices)
    basis_reference = models.CharField(max_length=300, blank=True)  # a statute, a consent id
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta(LogRow.Meta):
        indexes = [models.Index(fields=["client_id", "at"])]

    @property
    def recipient_label(self) -> str:
        if self.to_client:
            return str(_("the client"))
        return ", ".join(part for part in (self.recipient, self.recipient_organisation) if part)

    @property
    def what_label(self) -> str:
        labels = dict(Disclosed.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.what.split(",") if code)

    @property
    def reference_label(self) -> str:
        """A statute by its code in the reader's language, a consent by its date."""
        statutes = dict(Statute.choices)
        if self.basis_reference in statutes:
            return str(statutes[self.basis_reference])
        try:
            given = datetime.date.fromisoformat(self.basis_reference)
        except ValueError:
            return self.basis_reference
        return date_format(given, "SHORT_DATE_FORMAT")

    @property
    def basis_label(self) -> str:
        label = choice_label(DisclosureBasis, self.basis)
        return f"{label}: {self.reference_label}" if self.basis_reference else label


class Checkpoint(models.Model):
    """A seal over the rows logged since the previous one: a Merkle root per log, chained to
    the previous checkpoint and signed with an Ed25519 key the database never holds.

    `body` is the canonical JSON that was signed, kept as text so that it is verified exactly
    as it was written. The same checkpoints go to the witnesses outside the database.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    body = models.TextField()
    signature = models.CharField(max_length=128)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"checkpoint {self.seq}"
