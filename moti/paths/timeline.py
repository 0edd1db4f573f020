"""The client's path in one place, as one team sees it: concerns, the team's life, members
joining, coordination handed over, meetings, the plan's goals and actions, notes, services,
referrals and transitions, newest first.

One query for a page, whatever the number of events: each source is a SELECT of the same
columns (kind, id, when, controller, register, title, extra, who), all of them a UNION ALL
ordered by time and cut at the page (keyset: `before` the last one shown). Register items
come back as light stand-ins (`Event`) that the team's `Visibility` splits as it splits the
items themselves: another register's are withheld unless the client's consent or a legal
basis opens them, and their showing is logged.
"""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.db.models import (
    CharField,
    DateTimeField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from moti.core.models import DataKind
from moti.core.urls import id_from
from moti.directory.models import Person
from moti.plans.models import Action, Goal
from moti.teams.models import Concern, Handover, Meeting, Note, Team, TeamMember

from .models import ReferralStep, ServiceEpisode
from .watch import at_risk

# What the filter offers, and the kinds of event each holds.
GROUPS = {
    "team": (_("The team"), ("convened", "closed", "reopened", "joined", "handover",
                             "concern")),
    "meetings": (_("Meetings"), ("meeting", "meeting_cancelled")),
    "plan": (_("The plan"), ("goal", "action", "action_done")),
    "notes": (_("Notes"), ("note",)),
    "services": (_("Services"), ("service_started", "service_ended", "transition")),
    "referrals": (_("Referrals"), ("referral",)),
}
# The kind of data of each register item's event: what a consent must cover to show it.
DATA_KINDS = {"concern": DataKind.CONCERN, "meeting": DataKind.MEETING,
              "meeting_cancelled": DataKind.MEETING, "goal": DataKind.PLAN,
              "action": DataKind.PLAN, "action_done": DataKind.PLAN, "note": DataKind.NOTE,
              "service_started": DataKind.EPISODE, "service_ended": DataKind.EPISODE,
              "transition": DataKind.EPISODE, "referral": DataKind.REFERRAL,
              "handover": DataKind.NOTE}
LABELS = {"concern": "teams.concern", "meeting": "teams.meeting",
          "meeting_cancelled": "teams.meeting", "goal": "plans.goal", "action": "plans.action",
          "action_done": "plans.action", "note": "teams.note",
          "service_started": "paths.serviceepisode", "service_ended": "paths.serviceepisode",
          "transition": "paths.serviceepisode", "referral": "paths.referral",
          "handover": "teams.handover"}
COLUMNS = ("kind", "obj", "at", "ctrl", "reg", "title", "extra", "who")
TEAM_KINDS = ("convened", "closed", "reopened", "joined")
# Events of a day, not of a moment: shown without a time.
DATE_KINDS = ("service_started", "service_ended", "transition")


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: before this event, in the timeline's order (time, kind, id), so
    events of the same moment are neither skipped nor shown twice."""

    at: datetime.datetime
    kind: str
    obj: int

    @property
    def text(self) -> str:
        return f"{self.at.isoformat()}|{self.kind}|{self.obj}"

    @classmethod
    def parse(cls, text: str) -> "Cursor | None":
        """A page's `before` as `text` wrote it, or None (the newest) for anything else."""
        moment, _sep, rest = text[:80].partition("|")
        kind, _sep, obj = rest.partition("|")
        try:
            at = parse_datetime(moment)
            known = kind in DATA_KINDS or kind in TEAM_KINDS
            if at is None or id_from(obj) is None or not known:
                return None
            if timezone.is_naive(at):
                at = timezone.make_aware(at)
            at = at.astimezone(datetime.UTC)  # out of range here, not in the database
        except (ValueError, OverflowError):
            return None
        return cls(at, kind, int(obj)) if 1900 <= at.year <= 2100 else None


@dataclass
class Event:
    """One line of the timeline; a register item's carries where it is filed."""

    kind: str
    obj: int
    at: datetime.datetime
    ctrl: int | None
    reg: str
    title: str
    extra: str
    who: int | None
    person: Person | None = None

    @property
    def pk(self) -> int:
        return self.obj

    @property
    def controller_id(self) -> int | None:
        return self.ctrl

    @property
    def register(self) -> str:
        return self.reg

    @property
    def data_kind(self) -> str:
        return DATA_KINDS[self.kind]

    @property
    def _meta(self) -> Any:
        return SimpleNamespace(label_lower=LABELS[self.kind])

    @property
    def is_register_item(self) -> bool:
        return self.kind in DATA_KINDS

    @property
    def is_date(self) -> bool:
        return self.kind in DATE_KINDS


def _columns(qs: QuerySet[Any], kind: str, *, at: Any, title: Any = "", extra: Any = "",
             who: Any = None, obj: Any = "pk", filed: bool = True,
             prefix: str = "") -> QuerySet[Any]:
    """A source as the union's columns."""
    def text(value: Any) -> Any:
        return Value(value, output_field=CharField()) if isinstance(value, str) else value

    return qs.order_by().annotate(  # no ordering of its own: the union orders
        ev_kind=Value(kind, output_field=CharField()), ev_obj=F(obj),
        ev_at=Cast(at, DateTimeField()) if not isinstance(at, str) else F(at),
        ev_ctrl=F(f"{prefix}controller_id") if filed else Value(None,
                                                                 output_field=IntegerField()),
        ev_reg=F(f"{prefix}register") if filed else Value("", output_field=CharField()),
        ev_title=text(title), ev_extra=text(extra),
        ev_who=F(who) if who else Value(None, output_field=IntegerField()),
    ).values_list("ev_kind", "ev_obj", "ev_at", "ev_ctrl", "ev_reg", "ev_title", "ev_extra",
                  "ev_who")


def _sources(team: Team, today: datetime.date) -> dict[str, QuerySet[Any]]:
    now = timezone.now()
    teams = Team.objects.filter(pk=team.pk)
    meetings = Meeting.objects.filter(team=team)
    episodes = ServiceEpisode.objects.filter(client_id=team.client_id)
    # The directory's name in the reader's language, else in Finnish, else as written.
    lang = get_language() if get_language() in ("fi", "sv", "en") else "fi"

    def named(prefix: str = "") -> Coalesce:
        return Coalesce(NullIf(F(f"{prefix}service__name_{lang}"), Value("")),
                        NullIf(F(f"{prefix}service__name_fi"), Value("")),
                        F(f"{prefix}service_name"), output_field=CharField())
    service = named()
    return {
        "concern": _columns(Concern.objects.filter(team=team), "concern", at="created_at",
                            who="author_id"),
        "convened": _columns(teams, "convened", at="created_at", filed=False),
        "closed": _columns(teams.filter(closed_at__isnull=False), "closed", at="closed_at",
                           title=F("closure_reason"), filed=False, who="closed_by_id"),
        "reopened": _columns(teams.filter(reopened_at__isnull=False), "reopened",
                             at="reopened_at", title=F("reopen_reason"), filed=False,
                             who="reopened_by_id"),
        "joined": _columns(TeamMember.objects.filter(team=team), "joined", at="added_at",
                           title=F("name"), extra=F("kind"), filed=False, who="person_id"),
        "meeting": _columns(meetings.filter(starts_at__lte=now, cancelled_at__isnull=True),
                            "meeting", at="starts_at",
                            title=F("place"), who="author_id"),
        "meeting_cancelled": _columns(meetings.filter(cancelled_at__isnull=False),
                                      "meeting_cancelled", at="cancelled_at",
                                      title=F("place"), who="cancelled_by_id"),
        "goal": _columns(Goal.objects.filter(plan__team=team), "goal", at="created_at",
                         title=F("text"), who="author_id"),
        "action": _columns(Action.objects.filter(plan__team=team), "action", at="created_at",
                           title=F("text"), who="author_id"),
        "action_done": _columns(Action.objects.filter(plan__team=team, done_at__isnull=False),
                                "action_done", at="done_at", title=F("text")),
        "note": _columns(Note.objects.filter(team=team), "note", at="created_at",
                         title=F("text"), who="author_id"),
        # Who handed over (the event's person), to whom (its extra), and the note.
        "handover": _columns(Handover.objects.filter(team=team), "handover", at="created_at",
                             title=F("note"), who="giver_id",
                             extra=Concat(F("receiver__first_name"), Value(" "),
                                          F("receiver__last_name"), output_field=CharField())),
        "service_started": _columns(episodes, "service_started", at=F("starts_on"),
                                    title=service, extra=F("intensity"), who="author_id"),
        "service_ended": _columns(episodes.filter(ended_on__isnull=False), "service_ended",
                                  at=F("ended_on"), title=service, extra=F("end_reason")),
        "transition": _columns(episodes.filter(at_risk(today)), "transition",
                               at=Coalesce(F("ended_on"), F("planned_end_on")), title=service),
        "referral": _columns(
            ReferralStep.objects.filter(referral__team=team), "referral", at="at",
            obj="referral_id", prefix="referral__", extra=F("state"), who="by_id",
            title=named("referral__")),
    }


def _before(qs: QuerySet[Any], before: Cursor | None) -> QuerySet[Any]:
    if before is None:
        return qs
    return qs.filter(Q(ev_at__lt=before.at) | Q(ev_at=before.at, ev_kind__lt=before.kind)
                     | Q(ev_at=before.at, ev_kind=before.kind, ev_obj__lt=before.obj))


def timeline_page(*, team: Team, kinds: set[str], before: Cursor | None,
                  size: int) -> tuple[list[Event], Cursor | None]:
    """The events of the chosen kinds before `before`, newest first, at most `size`, and
    where the next page starts (None at the end). One query for the events, one for the
    people they name."""
    today = timezone.localdate()
    chosen = [qs for kind, qs in _sources(team, today).items() if kind in kinds]
    if not chosen:
        return [], None
    parts = [_before(qs, before) for qs in chosen]
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    rows = list(union.order_by("-ev_at", "-ev_kind", "-ev_obj")[:size + 1])
    events = [Event(*row) for row in rows[:size]]
    people = Person.objects.select_related("user", "organisation").in_bulk(
        {e.who for e in events if e.who})
    for event in events:
        event.person = people.get(event.who) if event.who else None
    last = events[-1] if events else None
    more = Cursor(last.at, last.kind, last.obj) if len(rows) > size and last else None
    return events, more


def kinds_of(groups: list[str]) -> set[str]:
    chosen = [g for g in groups if g in GROUPS] or list(GROUPS)
    return {kind for group in chosen for kind in GROUPS[group][1]}
