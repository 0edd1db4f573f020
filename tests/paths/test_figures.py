"""Service-path figures: drop-outs and transitions counted by month, small numbers
suppressed, medians of referral waits and of the wait for a first meeting, no client named,
the same queries for a few and for many, coordinators and managers only."""

import datetime

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from moti.access.models import RoleKind
from moti.paths.figures import SUPPRESS, figures
from moti.paths.models import Intensity
from moti.paths.services import episode_add
from tests.conftest import login
from tests.factories import ClientFactory, PersonFactory

pytestmark = pytest.mark.django_db(databases="__all__")


def _heavy(world, *, ended_days_ago: int, client=None, followed: bool = False) -> None:
    today = timezone.localdate()
    client = client or ClientFactory()
    ended = today - datetime.timedelta(days=ended_days_ago)
    episode_add(client=client, author=world.member, service_name="Katkaisuhoito",
                intensity=Intensity.HEAVY, starts_on=ended - datetime.timedelta(days=10),
                ended_on=ended)
    if followed:
        episode_add(client=client, author=world.member, service_name="Avohoito",
                    intensity=Intensity.LIGHT, starts_on=ended + datetime.timedelta(days=5))


def _row(found, day: datetime.date) -> dict:
    return next(r for r in found["rows"] if r["month"] == day.replace(day=1))


def test_drop_outs_are_heavy_services_followed_by_nothing_and_small_counts_hidden(world):
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=60)
    first = ClientFactory()
    _heavy(world, ended_days_ago=60, client=first)
    for _ in range(SUPPRESS - 1):
        _heavy(world, ended_days_ago=60)
    _heavy(world, ended_days_ago=60, followed=True)  # carried on: not a drop-out
    row = _row(figures(), long_ago)
    assert row["drop_outs"].value == SUPPRESS
    # One fewer and the month says only "fewer than 5".
    from moti.paths.models import ServiceEpisode
    ServiceEpisode.objects.filter(client=first).delete()
    row = _row(figures(), long_ago)
    assert row["drop_outs"].suppressed and row["drop_outs"].cases == SUPPRESS - 1


def test_the_page_names_no_client_and_is_for_coordinators_and_managers(world):
    for _ in range(SUPPRESS):
        _heavy(world, ended_days_ago=40, client=world.client)
    manager = PersonFactory(organisation=world.member.organisation, roles=[RoleKind.MANAGER])
    page = login(manager).get(reverse("path_figures"))
    assert page.status_code == 200
    assert world.client.last_name not in page.content.decode()
    assert login(world.outsider).get(reverse("path_figures")).status_code == 403


def _queries(http, url) -> int:
    with CaptureQueriesContext(connections["default"]) as default, \
            CaptureQueriesContext(connections["log"]) as log:
        assert http.get(url).status_code == 200
    return len(default.captured_queries) + len(log.captured_queries)


def test_the_same_queries_for_a_few_and_for_many(world):
    manager = PersonFactory(organisation=world.member.organisation, roles=[RoleKind.MANAGER])
    http = login(manager)
    url = reverse("path_figures")
    _heavy(world, ended_days_ago=40)
    _queries(http, url)
    small = _queries(http, url)
    for days in range(40, 340, 3):
        _heavy(world, ended_days_ago=days, followed=days % 2 == 0)
    assert _queries(http, url) == small


def test_referral_waits_and_the_wait_for_a_first_meeting_are_medians(world):
    from moti.directory.models import Service
    from moti.paths.models import Referral
    from moti.paths.referrals import referral_create, referral_step
    from tests.factories import MeetingFactory

    service = Service.objects.create(organisation=world.lead.organisation,
                                     name_fi="Tuettu asuminen")
    for days in (2, 4, 6, 8, 30):
        referral = referral_create(team=world.team, author=world.member, service=service,
                                   request="Arvio.")
        for state in ("received", "accepted", "started"):
            referral = referral_step(referral=referral, by=world.lead, state=state)
        Referral.objects.filter(pk=referral.pk).update(
            sent_at=referral.started_at - datetime.timedelta(days=days))
    (wait,) = figures()["waits"]
    assert (wait["service"], wait["median"].value, wait["median"].cases) == (
        "Tuettu asuminen", 6.0, 5)
    # One team's concern met after 3 days: a single case, not shown.
    from moti.teams.models import Concern

    raised = timezone.now() - datetime.timedelta(days=10)
    Concern.objects.filter(pk=world.team.concern_id).update(created_at=raised)
    MeetingFactory(team=world.team, starts_at=raised + datetime.timedelta(days=3))
    row = _row(figures(), timezone.localtime(raised).date())
    assert row["to_meeting"].suppressed and row["to_meeting"].cases == 1
