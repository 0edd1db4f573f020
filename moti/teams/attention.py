"""What needs a coordinator's attention today, team by team, each with its reasons.

Two queries whatever the caseload (a third when some kept counts are stale): the ids of the
teams the person coordinates or leads, and of those where they own an action due soon; then
those teams, each with the counts and dates its reasons are read from (kept in `Triage`, and
counted again where not fresh: `triage.py`), filtered to those with a reason. Counts and dates
only: no text of any register item, so the list shows nothing another register's records would
withhold.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from moti.directory.models import Person
from moti.plans.models import Action

from .models import Team, TeamMember
from .triage import CONSENT_DAYS, FACTS, SOON, counted_where_stale, with_kept

REASONS = {
    "transition": gettext_lazy("A service ends with no next step"),
    "overdue": gettext_lazy("Actions overdue"),
    "due_soon": gettext_lazy("Actions due within a week"),
    "review": gettext_lazy("Plan review due"),
    "no_plan": gettext_lazy("No plan yet"),
    "no_meeting": gettext_lazy("No meeting for weeks"),
    "referral": gettext_lazy("Referrals waiting too long"),
    "unanswered": gettext_lazy("Unanswered invitations"),
    "roleless": gettext_lazy("New member without a role"),
    "no_pair": gettext_lazy("No coordinator pair"),
    "consent": gettext_lazy("Consent about to expire"),
}
PAIR_DAYS = 7  # a team convened this long ago without two coordinators needs its pair named


def _candidates(*, person: Person, now: datetime.datetime,
                coordinated: bool = False) -> list[dict[str, Any]]:
    """The person's open teams (those they run, those where they own an action due soon; or,
    `coordinated`, those they coordinate), each with what the reasons are read from: the
    counts kept in `Triage`, and those of the teams whose kept counts are stale counted
    again (`triage.py`). Two queries, a third when some are stale; plain rows, not models (a
    caseload of 300 teams is read on every "my work")."""
    today = timezone.localdate(now)
    runs = TeamMember.objects.filter(person=person).filter(
        Q(is_coordinator=True) | Q(is_lead=True)).values_list("team_id", flat=True)
    owns_due = Action.objects.filter(owner__person=person, done_at__isnull=True,
                                     due_date__lte=today + SOON).values_list("plan__team_id",
                                                                            flat=True)
    if coordinated:
        runs = runs.filter(is_coordinator=True)
    # The caseload's ids first (one query): given as a list, the planner knows it is a few
    # hundred teams and probes each subquery by index, instead of hashing whole tables.
    ids = set(runs if coordinated else runs.order_by().union(owns_due.order_by()))
    # Unordered: the caller sorts by urgency (the teams' default order was a sort for nothing).
    rows = (with_kept(Team.objects.filter(status=Team.Status.OPEN, pk__in=sorted(ids)), now)
            .order_by().values("id", "client_id", "created_at", "client__first_name",
                               "client__last_name", "plan__next_review", "triage_fresh", *FACTS))
    if coordinated:  # the pair's other coordinator, if any (a pair is two at most)
        rows = rows.annotate(partner_id=Subquery(TeamMember.objects.filter(
            team_id=OuterRef("pk"), is_coordinator=True).exclude(person=person)
            .values("person_id")[:1]))
    return counted_where_stale(list(rows), now)


FIRST, URGENT = {"transition"}, {"overdue"}
NOTHING_DUE = 4  # the urgency of a caseload's team that needs nothing now
COMING = {"review", "consent", "due_soon", "referral"}


@dataclass
class Attention:
    """A team that needs attention, and why (the reasons' words made when they are drawn)."""

    row: dict[str, Any]
    now: datetime.datetime
    urgency: int  # 0 transitions at risk, 1 overdue actions, 2 dates coming due, 3 the rest

    @property
    def team_id(self) -> int:
        return int(self.row["id"])

    @property
    def client_id(self) -> int:
        return int(self.row["client_id"])

    @property
    def partner_id(self) -> int | None:
        return self.row.get("partner_id")

    @property
    def client(self) -> str:
        return f"{self.row['client__first_name']} {self.row['client__last_name']}"

    @cached_property
    def reasons(self) -> list["Reason"]:
        return reasons_of(self.row, now=self.now)


def attention_list(*, person: Person, reason: str = "",
                   now: datetime.datetime | None = None) -> list[Attention]:
    """The person's teams that need attention, the most urgent first: a service ending with
    nothing after it, then overdue actions, then dates coming due (a review, a consent), then
    the rest; `reason` keeps one kind. Two or three queries; the caseload is sorted and
    filtered here, not in SQL, which would work every subquery out again for its WHERE and its
    ORDER BY."""
    now = now or timezone.now()
    found = []
    for row in _candidates(person=person, now=now):
        kinds = kinds_of(row, now=now)
        if kinds and (not reason or reason in kinds):
            found.append(Attention(row, now, 0 if kinds & FIRST else 1 if kinds & URGENT else
                                   2 if kinds & COMING else 3))
    far = datetime.date.max
    found.sort(key=lambda a: (a.urgency, a.row["plan__next_review"] or far,
                              a.row["client__last_name"], a.team_id))
    return found


def caseload(*, person: Person, now: datetime.datetime | None = None) -> list[Attention]:
    """The open teams the person coordinates, each with its partner (`partner_id`) and its
    reasons, those needing attention first, then the rest. Two or three queries."""
    now = now or timezone.now()
    found = []
    for row in _candidates(person=person, now=now, coordinated=True):
        kinds = kinds_of(row, now=now)
        found.append(Attention(row, now, 0 if kinds & FIRST else 1 if kinds & URGENT else
                               2 if kinds & COMING else 3 if kinds else NOTHING_DUE))
    far = datetime.date.max
    found.sort(key=lambda a: (a.urgency, a.row["plan__next_review"] or far,
                              a.row["client__last_name"], a.team_id))
    return found


@lru_cache(maxsize=8)
def _limits(now: datetime.datetime, meeting_weeks: int) -> dict[str, Any]:
    """The days and moments a row's dates are compared with at `now`: worked out once for a
    caseload's rows, not once a row."""
    today = timezone.localdate(now)
    return {"review": today + SOON, "consent": today + datetime.timedelta(days=CONSENT_DAYS),
            "no_plan": now - datetime.timedelta(days=14),
            "no_meeting": now - datetime.timedelta(weeks=meeting_weeks),
            "no_pair": now - datetime.timedelta(days=PAIR_DAYS)}


def kinds_of(row: dict[str, Any], *, now: datetime.datetime) -> set[str]:
    """The kinds of reason a row of `_candidates` has."""
    limit = _limits(now, settings.MOTI_TRIAGE_MEETING_WEEKS)
    review, until = row["plan__next_review"], row["consent_expires"]
    checks = {
        "transition": row["transitions"] > 0,
        "overdue": row["overdue"] > 0, "due_soon": row["due_soon"] > 0,
        "review": review is not None and review <= limit["review"],
        "no_plan": not row["has_goals"] and row["created_at"] < limit["no_plan"],
        "no_meeting": row["next_meeting"] is None and row["last_contact"] < limit["no_meeting"],
        "referral": row["stuck_referrals"] > 0,
        "unanswered": row["unanswered"] > 0, "roleless": row["roleless"] > 0,
        # Seed 002: two coordinators, so that someone who knows the client is always there.
        "no_pair": row["coordinators"] < 2 and row["created_at"] < limit["no_pair"],
        "consent": until is not None and until <= limit["consent"],
    }
    return {kind for kind, holds in checks.items() if holds}


@dataclass(frozen=True)
class Reason:
    kind: str
    text: str


def reasons_of(row: dict[str, Any], *, now: datetime.datetime) -> list[Reason]:
    """The reasons of a row of `_candidates`, in words, in the order of REASONS."""
    today = timezone.localdate(now)
    kinds = kinds_of(row, now=now)

    def day(value: datetime.date) -> str:
        return dateformat.format(value, "j.n.Y")

    words = {
        "transition": lambda: ngettext("%(n)s service ends with no next step",
                                       "%(n)s services end with no next step",
                                       row["transitions"]) % {"n": row["transitions"]},
        "overdue": lambda: ngettext("%(n)s action overdue", "%(n)s actions overdue",
                                    row["overdue"]) % {"n": row["overdue"]},
        "due_soon": lambda: ngettext("%(n)s action due within a week",
                                     "%(n)s actions due within a week",
                                     row["due_soon"]) % {"n": row["due_soon"]},
        "review": lambda: _("Plan review %(day)s") % {"day": day(row["plan__next_review"])},
        "no_plan": lambda: _("No goals in the plan yet"),
        "no_meeting": lambda: _("No meeting since %(day)s, none scheduled") % {
            "day": day(timezone.localtime(row["last_contact"]).date())},
        "referral": lambda: ngettext(
            "%(n)s referral unchanged for over %(days)s days",
            "%(n)s referrals unchanged for over %(days)s days", row["stuck_referrals"]) % {
            "n": row["stuck_referrals"], "days": settings.MOTI_REFERRAL_STUCK_DAYS},
        "unanswered": lambda: ngettext("%(n)s invitation unanswered",
                                       "%(n)s invitations unanswered",
                                       row["unanswered"]) % {"n": row["unanswered"]},
        "roleless": lambda: ngettext("%(n)s new member without a role",
                                     "%(n)s new members without a role",
                                     row["roleless"]) % {"n": row["roleless"]},
        "no_pair": lambda: _("No coordinator yet: name a pair") if not row["coordinators"]
        else _("One coordinator: name the pair"),
        "consent": lambda: (_("Consent valid until %(day)s")
                            if row["consent_expires"] >= today
                            else _("Consent expired %(day)s")) % {
            "day": day(row["consent_expires"])},
    }
    return [Reason(kind, words[kind]()) for kind in REASONS if kind in kinds]
