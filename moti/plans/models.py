"""The shared multiprofessional client plan: goals, actions, views, next review."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moti.clients.models import PSEUDONYM, RegisterItem
from moti.core.models import DataKind, LimitedTextField, Versioned
from moti.teams.models import Team, TeamMember


class Plan(Versioned, RegisterItem):
    """One per team, made when it is convened; `author` convened it. Its own fields are the
    client's view and the dissenting views."""

    data_kind = DataKind.PLAN
    client_path = "team__client_id"
    client_texts = {"client_view": "", "dissenting_view": ""}

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="plan")
    client_view = LimitedTextField(_("the client's view"), max_length=5000, blank=True)
    dissenting_view = LimitedTextField(_("dissenting views"), max_length=5000,
                                       blank=True)
    next_review = models.DateField(_("next review"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan")

    def __str__(self):
        return str(_("Plan of %(client)s") % {"client": self.team.client})


class Goal(Versioned, RegisterItem):
    """A goal in the client's own words."""

    data_kind = DataKind.PLAN
    client_path = "plan__team__client_id"
    client_texts = {"text": PSEUDONYM}

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    text = LimitedTextField(_("goal in the client's own words"), max_length=1000)
    achieved = models.BooleanField(_("achieved"), default=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("goal")

    def __str__(self):
        return self.text


class Action(Versioned, RegisterItem):
    """An agreed action with exactly one responsible member and a due date."""

    data_kind = DataKind.PLAN
    client_path = "plan__team__client_id"
    client_texts = {"text": PSEUDONYM, "handover": ""}

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="actions", verbose_name=_("goal"))
    text = LimitedTextField(_("action"), max_length=1000)
    owner = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="actions",
                              verbose_name=_("responsible member"))
    class Ending(models.TextChoices):
        """How an action left the open list when its team closed: done, handed over to another
        service (with a named contact), or cancelled. Done in the team's own course: DONE."""

        DONE = "done", _("Done")
        MOVED = "moved", _("Moved to another service")
        CANCELLED = "cancelled", _("Cancelled")

    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    ending = models.CharField(_("ending"), max_length=10, choices=Ending.choices,
                              default=Ending.DONE)
    handover = models.CharField(_("continues at (service and contact person)"),
                                max_length=300, blank=True)

    class Meta:
        ordering = ["done_at", "due_date", "id"]
        verbose_name = _("action")

    def __str__(self):
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.due_date < timezone.localdate()
