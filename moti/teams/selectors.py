"""Reads for teams and the "my work" page."""

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.utils import timezone

from moti.clients.models import Client, RegisterFilter
from moti.core.search import every_word
from moti.core.urls import id_from
from moti.directory import search
from moti.directory.models import Person, SearchEntry
from moti.messaging.models import OutboxMessage
from moti.messaging.selectors import outbox_failed_count, outbox_latest_by_recipient
from moti.plans.models import Action

from .attention import NOTHING_DUE
from .models import Absence, Concern, Meeting, MeetingParticipant, Team, TeamMember


def team_list(*, person: Person) -> QuerySet[Team]:
    """Teams whose record `person` may see."""
    ids = TeamMember.objects.relationships_of(person).values("team_id")
    return Team.objects.filter(pk__in=ids).select_related("client")


def people_search(*, people: QuerySet[Person], text: str, domain: str = "",
                  municipality: str = "", limit: int = 20) -> list[Person]:
    """People of `people` found in the directory by every word of `text` (a name, a title, an
    organisation, a service, a municipality) and by the need domain and municipality they
    serve; nothing until something is asked."""
    if not (search.words_of(text) or domain or municipality):
        return []
    found = search.entries(text, search.Filters(kinds=(SearchEntry.Kind.PERSON,),
                                                domain=domain, municipality=municipality),
                           ranked=False)
    return list(people.filter(pk__in=found.values("object_id")).select_related("organisation")
                .order_by("last_name", "first_name", "pk")[:limit])


def client_list(*, person: Person) -> QuerySet[Client]:
    """Clients whose data `person` may see through a team."""
    memberships = TeamMember.objects.relationships_of(person)
    return Client.objects.filter(pk__in=memberships.values("team__client_id"))


def client_search(*, person: Person, text: str) -> QuerySet[Client]:
    """The user's own clients whose names contain every word of `text`; 50 at most."""
    query = every_word(text, "first_name", "last_name") or Q()
    return client_list(person=person).filter(query).order_by("last_name", "first_name")[:50]


def client_record_get(*, client: Client, person: Person,
                      emergency: bool = False) -> dict[str, Any]:
    """The client's teams and concerns that `person` has a relationship with (every team
    under emergency access), for the client page: one team opens no other."""
    teams = Team.objects.filter(client=client)
    if not emergency:
        teams = teams.filter(pk__in=TeamMember.objects.relationships_of(person)
                             .values("team_id"))
    shown = list(teams)
    # By the teams' own concern ids: no join to the teams, so no DISTINCT over every column.
    concerns = Concern.objects.filter(client=client).filter(
        Q(author=person) | Q(pk__in=[t.concern_id for t in shown]))
    return {"teams": shown, "concerns": list(concerns.select_related("author", "organisation"))}


def concern_earlier_get(*, client: Client) -> dict[str, Any]:
    """What someone recording a concern should know first: the client's open teams (by the day
    they were convened, with their coordinators) and the concerns still waiting for a team,
    so that one plan is made, not two."""
    teams = Team.objects.filter(client=client, status=Team.Status.OPEN).prefetch_related(
        Prefetch("members", queryset=TeamMember.objects.filter(is_coordinator=True)
                 .select_related("person__organisation"), to_attr="coordinators"))
    waiting = Concern.objects.filter(client=client, team__isnull=True).select_related(
        "author", "organisation")
    return {"open_teams": [{"convened": team.created_at,
                            "coordinators": team.coordinators}
                           for team in teams],
            "waiting_concerns": list(waiting)}


MY_WORK_SHOWN = 10  # of each list on "my work"; the rest on pages of their own


def my_actions(*, person: Person) -> QuerySet[Action]:
    """The person's open actions, the most urgent first."""
    return (Action.objects.filter(owner__person=person, done_at__isnull=True,
                                  plan__team__status=Team.Status.OPEN)
            .select_related("plan__team__client").order_by("due_date", "id"))


def my_teams(*, person: Person) -> QuerySet[TeamMember]:
    """The person's memberships of open teams, the soonest review first."""
    return (TeamMember.objects.filter(person=person, team__status=Team.Status.OPEN)
            .select_related("team__client", "team__plan")
            .order_by(F("team__plan__next_review").asc(nulls_last=True), "team__client__last_name",
                      "id"))


def my_work_get(*, person: Person) -> dict[str, Any]:
    """The "my work" page: the first few of each list and how many there are, in a fixed
    number of queries whatever the size of the person's caseload."""
    # The counts ride along as window aggregates: computed over every row before the limit,
    # so each list and its totals are one query.
    shown_actions = list(my_actions(person=person).annotate(
        total=Window(Count("id")),
        overdue=Window(Count("id", filter=Q(due_date__lt=timezone.localdate()))))[
        :MY_WORK_SHOWN])
    shown_teams = list(my_teams(person=person).annotate(total=Window(Count("id")))[
        :MY_WORK_SHOWN])
    meetings = list(
        Meeting.objects.filter(team__in=TeamMember.objects.filter(
            person=person, team__status=Team.Status.OPEN).values("team_id"),
            starts_at__gte=timezone.now())
        .select_related("team__client").order_by("starts_at")[:10]
    )
    waiting = list(Concern.objects.filter(author=person, team__isnull=True)
                   .select_related("client").order_by("-created_at")[:10])
    client_ids = {t.team.client_id for t in shown_teams} \
        | {a.plan.team.client_id for a in shown_actions} \
        | {m.team.client_id for m in meetings} | {c.client_id for c in waiting}
    return {            "actions": shown_actions, "actions_total": _window(shown_actions, "total"),
            "overdue_count": _window(shown_actions, "overdue"), "meetings": meetings,
            "teams": shown_teams, "teams_total": _window(shown_teams, "total"),
            "waiting_concerns": waiting, "client_ids": client_ids}


def _window(rows: list[Any], name: str) -> int:
    """A window aggregate, the same on every row; none when there are no rows."""
    return getattr(rows[0], name) if rows else 0


def team_record_get(*, team: Team, visibility: RegisterFilter) -> dict[str, Any]:
    """The team's record as this viewer may see it: members, meetings and notes."""
    members = visibility.members
    meetings = list(team.meetings.order_by("-starts_at"))
    notes, withheld = visibility.split(team.notes.select_related("author__organisation")[:50])
    return {"members": members, "meetings": meetings, "notes": notes, "withheld": withheld,
            "undelivered": outbox_failed_count(thread=f"team:{team.pk}"),
            "lead": next((m for m in members if m.is_lead), None),
            "coordinators": [m for m in members if m.is_coordinator]}


def meeting_attendance_get(*, meeting: Meeting) -> dict[str, Any]:
    """The invitees (the client first), each with their answer, whether they attended, and
    the latest message Moti sent them about this meeting (`delivery`; None if none)."""
    participants = list(
        MeetingParticipant.objects.filter(meeting=meeting)
        .select_related("member__person__organisation").order_by("-is_client", "member_id")
    )
    latest = outbox_latest_by_recipient(topic=f"meeting:{meeting.pk}")
    undelivered = 0
    for participant in participants:
        delivery = latest.get(f"participant:{participant.pk}")
        participant.delivery = delivery  # type: ignore[attr-defined]
        undelivered += delivery is not None and delivery.status == OutboxMessage.Status.FAILED
    return {"participants": participants, "undelivered": undelivered}


def concern_team_get(*, concern: Concern) -> Team | None:
    return Team.objects.filter(concern=concern).first()


@dataclass(frozen=True)
class Pair:
    """A coordinator the person shares teams with, and the partner's coming absence."""

    partner: Person | None  # None: the teams the person coordinates alone
    shared: int
    needing: int
    absence: Absence | None


PAIRS_SHOWN = 12  # partners listed before "show every partner": most coordinators have a few


@dataclass(frozen=True)
class Pairs:
    """The pairs of a caseload as listed, and the partners left out of the list."""

    shown: list[Pair]
    others: int  # partners not listed
    others_shared: int  # the teams shared with them


def pairs_of(rows: list[Any], *, today: datetime.date, chosen: str = "",
             every: bool = False) -> Pairs:
    """The pairs of a caseload (`attention.caseload`): each partner with the teams shared and
    those of them needing attention, and their absence now or within 30 days; the teams
    without a pair last. The PAIRS_SHOWN partners sharing most teams, and the `chosen` one;
    `every` lists them all. Two queries, each over the listed partners only."""
    shared = Counter(row.partner_id for row in rows)
    needing = Counter(row.partner_id for row in rows if row.urgency < NOTHING_DUE)
    partners = sorted((pk for pk in shared if pk is not None), key=lambda pk: (-shared[pk], pk))
    listed = partners if every else partners[:PAIRS_SHOWN]
    partner = id_from(chosen)
    if partner is not None and partner in shared and partner not in listed:
        listed = [*listed, partner]  # the partner whose teams are shown stays listed
    people = Person.objects.select_related("organisation").in_bulk(listed)
    absences: dict[int, Absence] = {}
    for absence in Absence.objects.filter(person_id__in=list(people), ends_on__gte=today,
                                          starts_on__lte=today + datetime.timedelta(days=30)):
        absences.setdefault(absence.person_id, absence)  # the first to come
    found = [Pair(person, shared[pk], needing[pk], absences.get(pk))
             for pk, person in people.items()]
    found.sort(key=lambda p: (-p.shared, str(p.partner)))
    if shared[None]:
        found.append(Pair(None, shared[None], needing[None], None))
    others = [pk for pk in partners if pk not in people]
    return Pairs(found, len(others), sum(shared[pk] for pk in others))


def of_pair(rows: list[Any], pairs: list[Pair], chosen: str) -> tuple[list[Any], Pair | None, str]:
    """A caseload's rows of one pair, the pair, and what was chosen: `chosen` is a partner's id
    among `pairs`, or "none" for the teams without a pair; anything else keeps every row and
    chooses nothing."""
    pair = next((p for p in pairs if p.partner is not None and str(p.partner.pk) == chosen),
                None)
    if pair is not None and pair.partner is not None:
        partner_id = pair.partner.pk
        return [row for row in rows if row.partner_id == partner_id], pair, chosen
    if chosen == "none":
        return [row for row in rows if row.partner_id is None], None, chosen
    return rows, None, ""


@dataclass
class TeamRow:
    """A team as a form of many teams lists it."""

    team_id: int
    client_id: int
    client: str


def coordinated(*, person: Person) -> QuerySet[TeamMember]:
    """The person's coordinator memberships of open teams, by the client's name: what a
    handover lists (the teams and their clients, not the triage's reasons)."""
    return (TeamMember.objects.filter(person=person, is_coordinator=True,
                                      team__status=Team.Status.OPEN)
            .select_related("team__client")
            .order_by("team__client__last_name", "team__client__first_name", "team_id"))


def team_rows(memberships: Any) -> list[TeamRow]:
    return [TeamRow(m.team_id, m.team.client_id, str(m.team.client)) for m in memberships]


def coordinated_teams(*, person: Person, ids: set[int]) -> list[TeamRow]:
    """Of these teams, the open ones the person coordinates (what a form of theirs may name:
    no other team's client is named back). One query."""
    return team_rows(coordinated(person=person).filter(team_id__in=sorted(ids)))
