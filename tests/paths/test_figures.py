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
    rows = found["rows"] if isinstance(found, dict) else found
    return next(r for r in rows if r["month"] == day.replace(day=1))


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


def _counting_queries() -> int:
    with CaptureQueriesContext(connections["default"]) as default:
        figures()
    return len(default.captured_queries)


def test_the_same_queries_for_a_few_and_for_many(world):
    _heavy(world, ended_days_ago=40)
    small = _counting_queries()
    for days in range(40, 340, 3):
        _heavy(world, ended_days_ago=days, followed=days % 2 == 0)
    assert _counting_queries() == small


# Transactional: the worker closes its connections between tasks, as in production.
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_the_page_reads_the_days_count_which_the_worker_makes_once_a_day(world, time_machine):
    """The page reads one stored count (the worker counts nightly); it counts itself only when
    there is no count from today or yesterday; the stored count keeps no small number."""
    from django.core.management import call_command

    from moti.paths.figures import count_figures, counted
    from moti.paths.models import CountedFigures

    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 11, 20, 2, 0)))
    manager = PersonFactory(organisation=world.member.organisation, roles=[RoleKind.MANAGER])
    http = login(manager)
    url = reverse("path_figures")
    for _ in range(SUPPRESS):
        _heavy(world, ended_days_ago=40)
    for _ in range(3):
        _heavy(world, ended_days_ago=70)
    with CaptureQueriesContext(connections["default"]) as first:
        http.get(url)  # no count yet: the page counts
    assert any("paths_serviceepisode" in q["sql"] for q in first.captured_queries)
    with CaptureQueriesContext(connections["default"]) as then:
        page = http.get(url)
    assert "20.11.2026 02:00" in page.content.decode()
    assert not any("paths_serviceepisode" in q["sql"] for q in then.captured_queries)
    # Data changed during the day shows in the next day's count, made by the worker.
    for _ in range(SUPPRESS):
        _heavy(world, ended_days_ago=100)
    assert count_figures() is False  # counted once a day
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 11, 21, 1, 0)))
    call_command("worker", once=True)
    assert list(CountedFigures.objects.values_list("counted_on", flat=True)) == [
        datetime.date(2026, 11, 21)]
    found, _at = counted()
    today = timezone.localdate()
    assert _row(found, today - datetime.timedelta(days=100))["drop_outs"].value == SUPPRESS
    assert _row(found, today - datetime.timedelta(days=40))["drop_outs"].value == SUPPRESS
    # Three cases are kept only as "some": the page says "fewer than 5" all the same.
    few = _row(found, today - datetime.timedelta(days=70))["drop_outs"]
    assert _row(figures(), today - datetime.timedelta(days=70))["drop_outs"].cases == 3
    assert few.suppressed and few.cases == 1
    page = login(manager).get(url)
    assert _row(page.context["rows"], today - datetime.timedelta(days=70))[
        "drop_outs"] == few
    assert "<td>alle 5</td>" in page.content.decode()


def _counted_on() -> list[datetime.date]:
    from moti.paths.models import CountedFigures
    return list(CountedFigures.objects.values_list("counted_on", flat=True))


def test_a_count_from_yesterday_is_read_and_an_older_one_counted_again(world, time_machine):
    """Without a worker the page still shows figures at most a day old; a count from a day
    ahead (a clock set wrong) is not read."""
    from moti.paths.figures import count_figures, counted

    day = datetime.date(2026, 11, 20)
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 11, 20, 2, 0)))
    assert count_figures() is True
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 11, 21, 12, 0)))
    _found, at = counted()  # yesterday's: read, not counted again
    assert timezone.localtime(at).date() == day and _counted_on() == [day]
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 11, 22, 12, 0)))
    _found, at = counted()  # two days old: counted now, the old one removed
    assert timezone.localtime(at).date() == datetime.date(2026, 11, 22)
    assert _counted_on() == [datetime.date(2026, 11, 22)]
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 11, 21, 12, 0)))
    _found, at = counted()  # the clock went back: tomorrow's count is not today's
    assert timezone.localtime(at).date() == datetime.date(2026, 11, 21)
    assert _counted_on() == [datetime.date(2026, 11, 21)]



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
    # Stored and read back, as the page shows them: the median and its five referrals kept.
    from moti.paths.figures import counted
    (stored,) = counted()[0]["waits"]
    assert (stored["service"], stored["median"].value, stored["median"].cases) == (
        "Tuettu asuminen", 6.0, 5)
