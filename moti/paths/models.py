"""The client's path through services: service episodes and the transitions between them.

A service episode is one service the client receives, from its start to its end, and the
planned next step when it ends. An episode that ends (or has ended) with no next step is a
transition at risk (watch.py): the lead and the coordinators of the client's open teams are
told, until a next step is recorded or the lead records why none is needed.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from moti.clients.models import PSEUDONYM, Client, RegisterItem
from moti.core.models import DataKind, LimitedTextField, Versioned
from moti.directory.models import Organisation, Person, Service


class Intensity(models.TextChoices):
    HEAVY = "heavy", _("Heavy (inpatient, residential, intensive outpatient)")
    LIGHT = "light", _("Light (outpatient, peer support, counselling)")


class EndReason(models.TextChoices):
    COMPLETED = "completed", _("Completed as planned")
    CLIENT_ENDED = "client_ended", _("The client ended it")
    DISCHARGED = "discharged", _("Discharged early")
    MOVED = "moved", _("The client moved away")
    TRANSFERRED = "transferred", _("Continued in another service")
    OTHER = "other", _("Other")


class ServiceEpisode(Versioned, RegisterItem):
    """One service the client receives: what, where, how heavy, when, and what comes next.

    Filed where it was recorded (an imported one where the importer works), like every
    register item: other registers see it by the client's consent or a legal basis."""

    data_kind = DataKind.EPISODE
    client_path = "client_id"
    # The services' names are the directory's or the source system's words, not the client's.
    client_texts = {"no_next_reason": ""}

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="episodes")
    # The service from the directory, or its name until the directory knows it.
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("service"))
    service_name = models.CharField(_("service, if not in the directory"), max_length=200,
                                    blank=True)
    organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisation giving the service"))
    intensity = models.CharField(_("intensity"), max_length=10, choices=Intensity.choices,
                                 default=Intensity.LIGHT)
    starts_on = models.DateField(_("start"))
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    ended_on = models.DateField(_("actual end"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=20,
                                  choices=EndReason.choices, blank=True)
    # The planned next step: a service, the member who owns arranging it, a date.
    next_service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("next service"))
    next_service_name = models.CharField(_("next service, if not in the directory"),
                                         max_length=200, blank=True)
    next_owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+",
                                   verbose_name=_("who arranges the next step"))
    next_on = models.DateField(_("next step by"), null=True, blank=True)
    # The lead's word that no next step is needed (the transition is then not at risk).
    no_next_reason = LimitedTextField(_("why no next step is needed"), max_length=1000,
                                      blank=True)
    no_next_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    no_next_at = models.DateTimeField(null=True, blank=True)
    # When the lead and the coordinators were told that it is at risk (once).
    alerted_at = models.DateTimeField(null=True, blank=True)
    # The row's id in the system it was imported from (`moti import-episodes`), unique within
    # the register it was filed in: importing the same extract again updates, never doubles.
    source_id = models.CharField(max_length=100, blank=True, editable=False)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("service episode")
        indexes = [models.Index(fields=["client", "starts_on"], name="episode_client_start")]
        constraints = [
            models.CheckConstraint(condition=Q(service__isnull=False) | ~Q(service_name=""),
                                   name="episode_has_service"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True)
                                   | Q(ended_on__gte=models.F("starts_on")),
                                   name="episode_ends_after_start"),
            models.CheckConstraint(condition=Q(planned_end_on__isnull=True)
                                   | Q(planned_end_on__gte=models.F("starts_on")),
                                   name="episode_planned_end_after_start"),
            models.UniqueConstraint(fields=["controller", "register", "source_id"],
                                    condition=~Q(source_id=""), name="episode_source_once"),
        ]

    def __str__(self):
        return self.service_label

    @property
    def service_label(self) -> str:
        return str(self.service) if self.service_id else self.service_name

    @property
    def next_label(self) -> str:
        return str(self.next_service) if self.next_service_id else self.next_service_name

    @property
    def has_next_step(self) -> bool:
        return bool(self.next_service_id or self.next_service_name)

    @property
    def ends_on(self) -> datetime.date | None:
        """The day it ended, or the day it is planned to end."""
        return self.ended_on or self.planned_end_on

    def clean(self) -> None:
        errors = {}
        if not self.service_id and not self.service_name.strip():
            errors["service"] = _("Choose the service, or write its name.")
        if self.ended_on and self.ended_on < self.starts_on:
            errors["ended_on"] = _("The end cannot be before the start.")
        if self.planned_end_on and self.planned_end_on < self.starts_on:
            errors["planned_end_on"] = _("The planned end cannot be before the start.")
        if self.end_reason and not self.ended_on:
            errors["ended_on"] = _("Give the day it ended, or leave the reason empty.")
        if errors:
            raise ValidationError(errors)


class Referral(Versioned, RegisterItem):
    """A referral from a team to another organisation's service, followed until the service
    has started and ended (a closed loop): sent → received → accepted or declined → started
    → completed. Each step is taken by a professional of the receiving organisation, or
    recorded on its behalf by a member of the team (after a phone call, say)."""

    data_kind = DataKind.REFERRAL
    client_path = "client_id"
    client_texts = {"request": PSEUDONYM}

    class State(models.TextChoices):
        SENT = "sent", _("Sent")
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        STARTED = "started", _("Service started")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class DeclineReason(models.TextChoices):
        NO_CAPACITY = "no_capacity", _("No capacity now")
        NOT_ELIGIBLE = "not_eligible", _("The client is not eligible")
        CLIENT_DECLINED = "client_declined", _("The client declined")
        ELSEWHERE = "elsewhere", _("Another service fits better")
        OTHER = "other", _("Other")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="referrals")
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="referrals")
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                        related_name="referrals_received",
                                        verbose_name=_("to organisation"))
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("service"))
    service_name = models.CharField(_("service, if not in the directory"), max_length=200,
                                    blank=True)
    request = LimitedTextField(_("what is asked"), max_length=2000)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.SENT)
    decline_reason = models.CharField(_("reason for declining"), max_length=20,
                                      choices=DeclineReason.choices, blank=True)
    sent_at = models.DateTimeField(_("sent"))
    # When the state last changed: a referral that stays in one state too long is stuck.
    state_since = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    # The service its start recorded for the client; its completion ends it.
    episode = models.ForeignKey(ServiceEpisode, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("referral")
        indexes = [models.Index(fields=["to_organisation", "state"], name="referral_to_state"),
                   models.Index(fields=["team", "state"], name="referral_team_state")]
        constraints = [
            models.CheckConstraint(condition=Q(service__isnull=False) | ~Q(service_name=""),
                                   name="referral_has_service"),
            models.CheckConstraint(condition=Q(state="declined") | Q(decline_reason=""),
                                   name="referral_decline_reason_only_declined"),
        ]

    def __str__(self):
        return self.service_label

    @property
    def service_label(self) -> str:
        return str(self.service) if self.service_id else self.service_name

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def waiting_days(self) -> int | None:
        """Days from sent to the service's start (the waiting time the figures measure)."""
        if self.started_at is None:
            return None
        return (self.started_at.date() - self.sent_at.date()).days


# The steps a referral may take from each state; anything else is refused.
# An open referral may also be withdrawn by the sending team (the client's situation changed).
STEPS = {
    Referral.State.SENT: (Referral.State.RECEIVED, Referral.State.WITHDRAWN),
    Referral.State.RECEIVED: (Referral.State.ACCEPTED, Referral.State.DECLINED,
                              Referral.State.WITHDRAWN),
    Referral.State.ACCEPTED: (Referral.State.STARTED, Referral.State.WITHDRAWN),
    Referral.State.STARTED: (Referral.State.COMPLETED,),
}
OPEN_STATES = (Referral.State.SENT, Referral.State.RECEIVED, Referral.State.ACCEPTED)


class ReferralStep(models.Model):
    """One step of a referral: who took it, when, and whether on the receiver's behalf."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="steps")
    state = models.CharField(max_length=10, choices=Referral.State.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    # Recorded by a member of the sending team for the receiving organisation.
    on_behalf = models.BooleanField(default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]


class CountedFigures(models.Model):
    """The service-path figures as counted on one day (figures.py), so that the page reads one
    row instead of aggregating a year of episodes, referrals and concerns on every view.

    Counts and medians only, never a client; counts under the suppression limit are kept only
    as "fewer than", as the page shows them."""

    counted_on = models.DateField(unique=True)
    counted_at = models.DateTimeField()
    figures = models.JSONField()

    class Meta:
        ordering = ["-counted_on"]
