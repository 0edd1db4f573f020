"""What needs a coordinator's attention today, team by team, each with its reasons.

One query, whatever the caseload: the teams the person coordinates or leads, and those where
they own an action due soon, each annotated by correlated subqueries (counts and dates), then
filtered to those with a reason. Counts and dates only: no text of any register item, so the
list shows nothing another register's records would withhold.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import (
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from moti.directory.models import Person
from moti.messaging.models import Channel
from moti.plans.models import Action, Goal

from .models import Meeting, MeetingParticipant, Team, TeamMember


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery (0 when it has no rows), on PostgreSQL and SQLite."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


REASONS = {
    "overdue": gettext_lazy("Actions overdue"),
    "due_soon": gettext_lazy("Actions due within a week"),
    "review": gettext_lazy("Plan review due"),
    "no_plan": gettext_lazy("No plan yet"),
    "no_meeting": gettext_lazy("No meeting for weeks"),
    "unanswered": gettext_lazy("Unanswered invitations"),
    "roleless": gettext_lazy("New member without a role"),
    "consent": gettext_lazy("Consent about to expire"),
}
SOON = datetime.timedelta(days=7)


def _consents() -> QuerySet[Any]:
    """The team's consents, through the relation that access declares on Team (teams sits
    below access and does not import it)."""
    return Team._meta.get_field("consents").related_model._default_manager.all()


def _candidates(*, person: Person, now: datetime.datetime) -> QuerySet[Team]:
    """The person's open teams (those they run, those where they own an action due soon),
    each with what the reasons are read from: counts and dates by correlated subqueries in
    the SELECT list only, so each is worked out once per team of the caseload. Two queries."""
    today = timezone.localdate(now)
    plan = OuterRef("plan__id")
    open_actions = Action.objects.filter(plan_id=plan, done_at__isnull=True)
    held = Meeting.objects.filter(team_id=OuterRef("pk"), cancelled_at__isnull=True)
    runs = TeamMember.objects.filter(person=person).filter(
        Q(is_coordinator=True) | Q(is_lead=True)).values_list("team_id", flat=True)
    owns_due = Action.objects.filter(owner__person=person, done_at__isnull=True,
                                     due_date__lte=today + SOON).values_list("plan__team_id",
                                                                            flat=True)
    # The caseload's ids first (one query): given as a list, the planner knows it is a few
    # hundred teams and probes each subquery by index, instead of hashing whole tables.
    ids = set(runs.order_by().union(owns_due.order_by()))
    return (Team.objects.filter(status=Team.Status.OPEN, pk__in=sorted(ids))
            .select_related("client", "plan")
            .only("created_at", "client__first_name", "client__last_name", "plan__id",
                  "plan__next_review")
            .annotate(
                overdue=SubqueryCount(open_actions.filter(due_date__lt=today).values("id")),
                due_soon=SubqueryCount(open_actions.filter(
                    due_date__gte=today, due_date__lte=today + SOON).values("id")),
                has_goals=Exists(Goal.objects.filter(plan_id=plan)),
                next_meeting=Subquery(held.filter(starts_at__gt=now).order_by("starts_at")
                                      .values("starts_at")[:1]),
                last_contact=Coalesce(
                    Subquery(held.filter(starts_at__lte=now).order_by("-starts_at")
                             .values("starts_at")[:1]), F("created_at")),
                # Only those Moti could send a link to: the others are told another way.
                unanswered=SubqueryCount(MeetingParticipant.objects.filter(
                    meeting__team_id=OuterRef("pk"), meeting__starts_at__gt=now,
                    meeting__cancelled_at__isnull=True, response="").exclude(
                    channel=Channel.NONE).values("id")),
                roleless=SubqueryCount(TeamMember.objects.filter(
                    team_id=OuterRef("pk"), role="",
                    added_at__gte=now - datetime.timedelta(days=30)).values("id")),
                # Per controller and register, the last day its consents hold, unless one
                # holds until the team closes or longer (a renewal): a reason when near, or
                # past.
                consent_expires=Subquery(_consents().filter(
                    team_id=OuterRef("pk"), revoked_at__isnull=True,
                    expires_on__lte=today + datetime.timedelta(days=14))
                    .exclude(Exists(_consents().filter(
                        team_id=OuterRef("team_id"), controller_id=OuterRef("controller_id"),
                        register=OuterRef("register"), revoked_at__isnull=True).filter(
                        Q(expires_on__isnull=True) | Q(expires_on__gt=OuterRef("expires_on")))))
                    .order_by("expires_on").values("expires_on")[:1])))


URGENT, COMING = {"overdue"}, {"review", "consent", "due_soon"}


@dataclass(frozen=True)
class Attention:
    """A team that needs attention, and why."""

    team: Team
    reasons: list["Reason"]
    urgency: int  # 0 overdue actions, 1 dates coming due, 2 the rest


def attention_list(*, person: Person, reason: str = "",
                   now: datetime.datetime | None = None) -> list[Attention]:
    """The person's teams that need attention, the most urgent first: overdue actions, then
    dates coming due (a review, a consent), then the rest; `reason` keeps one kind. Two
    queries; the caseload is sorted and filtered here, not in SQL, which would work every
    subquery out again for its WHERE and its ORDER BY."""
    now = now or timezone.now()
    found = []
    for team in _candidates(person=person, now=now):
        reasons = reasons_of(team, now=now)
        kinds = {r.kind for r in reasons}
        if kinds and (not reason or reason in kinds):
            found.append(Attention(team, reasons, 0 if kinds & URGENT else
                                   1 if kinds & COMING else 2))
    far = datetime.date.max
    found.sort(key=lambda a: (a.urgency, a.team.plan.next_review or far,
                              a.team.client.last_name, a.team.pk))
    return found


@dataclass(frozen=True)
class Reason:
    kind: str
    text: str


def reasons_of(team: Team, *, now: datetime.datetime | None = None) -> list[Reason]:
    """The reasons, in words, of one team of `attention_list` (read from its annotations)."""
    now = now or timezone.now()
    today = timezone.localdate(now)

    def row(name: str) -> Any:
        return getattr(team, name)

    found = []
    if row("overdue"):
        found.append(Reason("overdue", ngettext("%(n)s action overdue", "%(n)s actions overdue",
                                                row("overdue")) % {"n": row("overdue")}))
    if row("due_soon"):
        found.append(Reason("due_soon", ngettext(
            "%(n)s action due within a week", "%(n)s actions due within a week",
            row("due_soon")) % {"n": row("due_soon")}))
    review = team.plan.next_review
    if review and review <= today + SOON:
        found.append(Reason("review", _("Plan review %(day)s") % {
            "day": review.strftime("%d.%m.%Y")}))
    if not row("has_goals") and team.created_at < now - datetime.timedelta(days=14):
        found.append(Reason("no_plan", _("No goals in the plan yet")))
    weeks = datetime.timedelta(weeks=settings.MOTI_TRIAGE_MEETING_WEEKS)
    if row("next_meeting") is None and row("last_contact") < now - weeks:
        found.append(Reason("no_meeting", _("No meeting since %(day)s, none scheduled") % {
            "day": timezone.localtime(row("last_contact")).strftime("%d.%m.%Y")}))
    if row("unanswered"):
        found.append(Reason("unanswered", ngettext(
            "%(n)s invitation unanswered", "%(n)s invitations unanswered",
            row("unanswered")) % {"n": row("unanswered")}))
    if row("roleless"):
        found.append(Reason("roleless", ngettext(
            "%(n)s new member without a role", "%(n)s new members without a role",
            row("roleless")) % {"n": row("roleless")}))
    until = row("consent_expires")
    if until and until <= today + datetime.timedelta(days=14):
        found.append(Reason("consent", (_("Consent valid until %(day)s") if until >= today
                                        else _("Consent expired %(day)s")) % {
            "day": until.strftime("%d.%m.%Y")}))
    return found
