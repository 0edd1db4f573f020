"""Reads of the client's path: a team's view of its client's services, and the transitions
at risk in the teams a person runs."""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from moti.directory.models import Person
from moti.teams.models import Team, TeamMember

from .models import OPEN_STATES, Referral, ServiceEpisode
from .watch import at_risk, next_step_taken

RELATED = ("service", "next_service", "organisation", "next_owner", "no_next_by")


def episodes_of(*, team: Team, today: datetime.date) -> QuerySet[ServiceEpisode]:
    """The client's service episodes, the latest first, each marked `at_risk` (the caller
    splits them by what the viewer may see)."""
    return (ServiceEpisode.objects.filter(client_id=team.client_id).select_related(*RELATED)
            .annotate(at_risk=ExpressionWrapper(at_risk(today), output_field=BooleanField())))


def episodes_at_risk_among(ids: list[int], today: datetime.date) -> set[int]:
    """Which of these episodes are transitions at risk (one query)."""
    return set(ServiceEpisode.objects.filter(at_risk(today), pk__in=ids)
               .values_list("pk", flat=True))


def run_teams(*, person: Person) -> QuerySet[TeamMember]:
    """The open teams the person leads or coordinates."""
    return TeamMember.objects.filter(person=person, team__status=Team.Status.OPEN).filter(
        Q(is_lead=True) | Q(is_coordinator=True))


def transitions_of(*, person: Person, today: datetime.date) -> QuerySet[ServiceEpisode]:
    """The transitions at risk of the clients whose open teams the person runs, the soonest
    (or longest past) end first."""
    # The clients read first, as a list: no duplicates, so no DISTINCT over wide rows (69 ms
    # of a 114 ms page at demo scale), and PostgreSQL starts from these clients' episodes by
    # their index. Given a subquery, it could not tell how few clients there are and read
    # every episode at risk in the county, joined to every person and client: 43 ms against
    # 0.8 ms for a coordinator of 300 teams (docs/performance.md).
    clients = list(run_teams(person=person).order_by().values_list("team__client_id", flat=True)
                   .distinct())
    return (ServiceEpisode.objects.filter(at_risk(today), client_id__in=clients)
        .select_related(*RELATED)
        .annotate(ends=Coalesce("ended_on", "planned_end_on")).order_by("ends", "pk"))


def teams_for(*, person: Person, client_ids: set[int], run: bool = True) -> dict[int, Team]:
    """For each client, the open team through which the person runs it (the first); or,
    `run=False`, through which they are a member."""
    teams: dict[int, Team] = {}
    memberships = run_teams(person=person) if run else TeamMember.objects.filter(
        person=person, team__status=Team.Status.OPEN)
    for member in memberships.filter(team__client_id__in=client_ids) \
            .select_related("team__client").order_by("team_id"):
        teams.setdefault(member.team.client_id, member.team)
    return teams


def referrals_of(*, team: Team) -> QuerySet[Referral]:
    """The team's referrals, the latest first."""
    return Referral.objects.filter(team=team).select_related("service", "to_organisation")


NEXT_STEPS_SHOWN = 20
NEXT_STEPS_LATE_DAYS = 14  # a next step this long past its day leaves the owner's list


def next_steps_of(*, person: Person, today: datetime.date) -> list[ServiceEpisode]:
    """The next steps the person arranges, the soonest first (at most NEXT_STEPS_SHOWN): of
    the clients of the person's open teams, from two weeks past their day on, until taken
    (`watch.next_step_taken`). One query."""
    clients = TeamMember.objects.filter(person=person, team__status=Team.Status.OPEN) \
        .values("team__client_id")
    return list(ServiceEpisode.objects.filter(
        next_owner=person, client_id__in=clients,
        next_on__gte=today - datetime.timedelta(days=NEXT_STEPS_LATE_DAYS))
        .exclude(next_step_taken())
        # Only what the list shows: each further join cost more to plan than the query took.
        .select_related("service", "next_service")
        .order_by("next_on", "pk")[:NEXT_STEPS_SHOWN])


def referrals_to(*, organisations: list[int], state: str = "") -> QuerySet[Referral]:
    """The referrals sent to these organisations: the open ones first, the oldest of them
    first; then the rest, the latest first. `state`: only those in it ("open": any open)."""
    states = OPEN_STATES if state == "open" else [state] if state else None
    found = Referral.objects.filter(to_organisation__in=organisations)
    if states is not None:
        found = found.filter(state__in=states)
    return (found
            .select_related("client", "service", "to_organisation", "author__organisation")
            .annotate(open=Case(When(state__in=OPEN_STATES, then=Value(0)), default=Value(1),
                                output_field=IntegerField()))
            .order_by("open", "state_since", "pk"))
