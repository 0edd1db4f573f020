"""Who may do what and see what: roles and their capabilities, defined by each data controller;
the consents and legal bases that open a team's records across controllers and registers; the
client's disclosure bans; and emergency access ("break the glass"), time-limited and reviewed
by the data protection officer.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moti.core.models import DataKind, LimitedTextField, Register, Statute


class Capability(models.TextChoices):
    """What a role may do beyond reading the teams its holder belongs to."""

    LOOK_UP_CLIENT = "look_up_client", _("Look up a client by identity code")
    ADD_CLIENT = "add_client", _("Add a client")
    START_EMERGENCY_ACCESS = "start_emergency_access", _("Start emergency access")
    EMERGENCY_ALL_REGISTERS = "emergency_all_registers", _(
        "See other controllers' registers under emergency access")
    RECORD_CONSENT = "record_consent", _("Record a consent")
    RECORD_LEGAL_BASIS = "record_legal_basis", _("Record a legal basis")
    SET_DISCLOSURE_BAN = "set_disclosure_ban", _("Set or lift a disclosure ban")
    SET_TURVAKIELTO = "set_turvakielto", _(
        "Set or lift a non-disclosure for personal safety (turvakielto)")
    BE_LEAD = "be_lead", _("Be the lead responsible worker")


class RoleKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    COORDINATOR = "coordinator", _("Client coordinator")
    MANAGER = "manager", _("Manager")
    DPO = "dpo", _("Data protection officer")
    DIRECTORY_MAINTAINER = "directory_maintainer", _("Directory maintainer")
    ACCESS_ADMIN = "access_admin", _("Access administrator")


# Roles whose holders work with clients: they may be team members and see clients' data.
CLIENT_WORK = (RoleKind.PROFESSIONAL, RoleKind.COORDINATOR)


class Role(models.Model):
    """A role as one data controller defines it (Act 703/2023: access is defined by the
    service provider), granted to its people by its access administrator."""

    organisation = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT,
                                     related_name="access_roles",
                                     verbose_name=_("data controller"))
    kind = models.CharField(_("kind"), max_length=30, choices=RoleKind.choices)
    name = models.CharField(_("name"), max_length=100)
    capabilities = models.JSONField(_("capabilities"), default=list, blank=True)
    people = models.ManyToManyField("directory.Person", blank=True, related_name="access_roles",
                                    verbose_name=_("people"))

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"],
                                               name="role_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def capability_labels(self) -> list[str]:
        labels = dict(Capability.choices)
        return [str(labels.get(c, c)) for c in self.capabilities]


class EmergencyAccess(models.Model):
    class Verdict(models.TextChoices):
        JUSTIFIED = "justified", _("Justified")
        NOT_JUSTIFIED = "not_justified", _("Not justified")
        FOLLOW_UP = "follow_up", _("Needs follow-up")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    reason = LimitedTextField(_("reason"), max_length=2000)
    started_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    review_verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices,
                                      blank=True)
    review_note = LimitedTextField(_("review note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "client", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.client_id} {self.started_at:%d.%m.%Y %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.expires_at > timezone.now()


class Consent(models.Model):
    """What one controller's records of a team may show to other organisations' members.

    Either the client's consent, given for the team's information sharing (at convening, or
    extended later as members join), or a legal basis. It is recorded by a professional of the
    controller whose records it opens, for their own register, and never opens them to the
    recorder's own organisation: nobody grants access to themselves. Valid until the team
    closes, or until `expires_on`.
    """

    class GivenHow(models.TextChoices):
        SIGNED = "signed", _("Signed")
        VERBAL = "verbal", _("Verbally, with a witness")
        ELECTRONIC = "electronic", _("Electronically, identified")
        STATUTE = "statute", _("Not consent: a legal basis")

    Statute = Statute

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="consents")
    controller = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("data controller"))
    register = models.CharField(_("register"), max_length=10, choices=Register.choices)
    organisations = models.ManyToManyField("directory.Organisation", related_name="+",
                                           verbose_name=_("organisations"))
    data_kinds = models.JSONField(_("kinds of data"), default=list)
    given_how = models.CharField(_("how given"), max_length=20, choices=GivenHow.choices)
    witness = models.CharField(_("witness"), max_length=200, blank=True)
    statute = models.CharField(_("statute"), max_length=20, choices=Statute.choices,
                               blank=True)
    statute_text = models.CharField(_("statute"), max_length=300, blank=True)
    given_on = models.DateField(_("date given"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True,
                                  help_text=_("Empty: until the team closes."))
    recorded_by = models.ForeignKey("directory.Person", on_delete=models.PROTECT,
                                    related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey("directory.Person", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(given_how="verbal") | ~Q(witness=""),
                                   name="consent_verbal_has_witness"),
            models.CheckConstraint(condition=~Q(given_how="statute") | ~Q(statute=""),
                                   name="consent_statute_named"),
        ]

    def __str__(self) -> str:
        return f"{self.get_given_how_display()} {self.given_on:%d.%m.%Y}"

    @property
    def is_legal_basis(self) -> bool:
        return self.given_how == self.GivenHow.STATUTE

    @property
    def data_kind_labels(self) -> list[str]:
        labels = dict(DataKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.data_kinds]

    @property
    def statute_label(self) -> str:
        if self.statute == self.Statute.OTHER:
            return self.statute_text
        return str(self.get_statute_display())

    def is_active(self, today: "datetime.date | None" = None) -> bool:
        today = today or timezone.localdate()
        return (self.revoked_at is None and self.team.is_open and self.given_on <= today
                and (self.expires_on is None or self.expires_on >= today))


class DisclosureBan(models.Model):
    """The client forbids one controller to disclose their data (luovutuskielto): consents no
    longer open it to others; a legal basis still does. Set and lifted with dates and names."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE,
                               related_name="disclosure_bans")
    controller = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("data controller"))
    set_on = models.DateField(_("date"))
    set_by = models.ForeignKey("directory.Person", on_delete=models.PROTECT, related_name="+")
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    lifted_by = models.ForeignKey("directory.Person", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-set_on", "-id"]
        constraints = [models.UniqueConstraint(
            fields=["client", "controller"], condition=models.Q(lifted_on__isnull=True),
            name="one_active_ban_per_controller")]

    def __str__(self) -> str:
        return str(_("Disclosure ban of %(controller)s") % {"controller": self.controller})

    @property
    def is_active(self) -> bool:
        return self.lifted_on is None
