"""Every page of the loop issues the same number of SQL queries at two data sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from moti.access.models import Role, RoleKind
from moti.access.services import emergency_access_start
from moti.clients.models import authored_by
from moti.plans.services import action_set_done
from tests.conftest import login
from tests.factories import (
    ActionFactory,
    ConcernFactory,
    ConsentFactory,
    GoalFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    PersonFactory,
    TeamFactory,
    role_grant,
)


def _grow(world, n: int) -> None:
    """Add n of everything a page lists: teams, members, meetings, goals, actions, changes."""
    for _ in range(n):
        MemberFactory(team=world.team)
        meeting = MeetingFactory(team=world.team)
        meeting.participants.create(member=world.team.members.first(), attended=True)
        goal = GoalFactory(plan=world.plan)
        action = ActionFactory(plan=world.plan, goal=goal,
                               owner=world.team.members.get(person=world.member))
        action_set_done(action=action, user=world.member.user, done=True)
        other = TeamFactory()
        MemberFactory(team=other, person=world.member, is_coordinator=True)
        ActionFactory(plan=other.plan, owner=other.members.get(person=world.member))
        MeetingFactory(team=other)
        ConcernFactory(client=world.client)
        world.team.notes.create(text="muistiinpano", **authored_by(world.member))
        ConsentFactory(team=world.team, recorded_by=world.lead,
                       organisations=[world.member.organisation, OrganisationFactory()])


def _pages(world):
    team = world.team
    meeting = team.meetings.order_by("pk").first() or MeetingFactory(team=team)
    return [
        reverse("home"),
        reverse("client_search"),
        reverse("client_new"),
        reverse("client_detail", args=[world.client.pk]),
        reverse("concern_detail", args=[team.concern_id]),
        reverse("team_detail", args=[team.pk]),
        reverse("member_add", args=[team.pk]),
        reverse("meeting_new", args=[team.pk]),
        reverse("meeting_detail", args=[meeting.pk]),
        reverse("plan_detail", args=[team.pk]),
        reverse("plan_edit", args=[team.pk]),
        reverse("plan_print", args=[team.pk]),
        reverse("plan_history", args=[team.pk]),
        reverse("action_add", args=[team.pk]),
        reverse("team_close", args=[team.pk]),
        reverse("team_consents", args=[team.pk]),
    ]


def _counts(http, urls) -> dict[str, int]:
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            response = http.get(url)
        assert response.status_code == 200, url
        counts[url] = len(ctx.captured_queries)
    return counts


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_data(world):
    MeetingFactory(team=world.team)
    http = login(world.member)
    urls = _pages(world)
    _grow(world, 2)
    _counts(http, urls)  # warm up: the first log write of a fresh database creates its head
    small = _counts(http, urls)
    _grow(world, 12)
    large = _counts(http, urls)
    assert small == large
    assert max(large.values()) <= 25, large


@pytest.mark.django_db
def test_client_search_by_name_is_bounded(world):
    http = login(world.member)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            http.post(reverse("client_search"), {"query": world.client.last_name[:3]})
        return len(ctx.captured_queries)

    count()
    small = count()
    _grow(world, 10)
    assert count() == small


def _grow_county(world, n: int) -> None:
    """More people with roles, more log rows, more emergency access to review, more roles."""
    for i in range(n):
        person = PersonFactory(organisation=world.member.organisation)
        role_grant(person, RoleKind.COORDINATOR)
        login(world.member).get(reverse("plan_detail", args=[world.team.pk]))
        login(world.lead).get(reverse("team_detail", args=[world.team.pk]))
        emergency_access_start(user=person.user, client=world.client,
                               reason=f"Kiireellinen tilanne numero {i}.")
        Role.objects.create(organisation_id=world.member.organisation.controller_key,
                            name=f"Rooli {Role.objects.count()}", kind=RoleKind.PROFESSIONAL,
                            capabilities=["record_consent"])


@pytest.mark.django_db
def test_dpo_and_access_pages_do_not_grow_with_data(world):
    county = world.member.organisation.parent
    dpo = login(PersonFactory(organisation=county, roles=[RoleKind.DPO]))
    admin = login(PersonFactory(organisation=county, roles=[RoleKind.ACCESS_ADMIN]))
    role = world.member.access_roles.first()
    pages = [(dpo, reverse("dpo:home")), (dpo, reverse("dpo:log_review")),
             (dpo, reverse("dpo:log_report", args=[world.client.pk])),
             (admin, reverse("access_people")), (admin, reverse("access_roles")),
             (admin, reverse("access_person", args=[world.member.pk])),
             (admin, reverse("access_role", args=[role.pk]))]

    def counts():
        found = {}
        for http, url in pages:
            with CaptureQueriesContext(connection) as ctx:
                assert http.get(url).status_code == 200, url
            found[url] = len(ctx.captured_queries)
        return found

    _grow_county(world, 2)
    counts()
    small = counts()
    _grow_county(world, 10)
    large = counts()
    assert small == large
    assert max(large.values()) <= 25, large
