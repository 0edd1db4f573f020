"""The client's path in one place: every kind of event in time order, filtered, a page at a
time, another register's items withheld as everywhere, the same queries at 10 and 1,000."""

import datetime

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from moti.audit.models import UseLog, What
from moti.directory.models import Service
from moti.paths.referrals import referral_create, referral_step
from moti.paths.services import episode_add
from tests.conftest import login
from tests.factories import ActionFactory, GoalFactory, MeetingFactory

pytestmark = pytest.mark.django_db(databases="__all__")


def _kinds(response) -> list[str]:
    return [e.kind for e in response.context["events"]]


def _path(world) -> None:
    today = timezone.localdate()
    MeetingFactory(team=world.team, starts_at=timezone.now() - datetime.timedelta(days=3))
    GoalFactory(plan=world.plan, text="Oma koti")
    world.team.notes.create(text="Soitin asiakkaalle.", author=world.member,
                            controller_id=world.member.organisation.controller_key,
                            register=world.member.organisation.register)
    episode_add(client=world.client, author=world.member, service_name="Katkaisuhoito",
                intensity="heavy", starts_on=today - datetime.timedelta(days=20),
                ended_on=today - datetime.timedelta(days=2))
    service = Service.objects.create(organisation=world.lead.organisation,
                                     name_fi="Tuettu asuminen")
    referral = referral_create(team=world.team, author=world.member, service=service,
                               request="Arvio.")
    referral_step(referral=referral, by=world.lead, state="received")


def test_every_kind_in_time_order_and_filtered(world):
    _path(world)
    http = login(world.member)
    url = reverse("team_timeline", args=[world.team.pk])
    page = http.get(url)
    kinds = _kinds(page)
    assert {"convened", "joined", "concern", "meeting", "goal", "note", "service_started",
            "service_ended", "transition", "referral"} <= set(kinds), kinds
    times = [e.at for e in page.context["events"]]
    assert times == sorted(times, reverse=True)
    assert UseLog.objects.filter(what=What.TIMELINE, client_id=world.client.pk).exists()
    assert set(_kinds(http.get(url, {"show": "services"}))) == {
        "service_started", "service_ended", "transition"}
    assert set(_kinds(http.get(url, {"show": ["referrals", "notes"]}))) == {"referral", "note"}


def test_another_registers_items_are_withheld(world):
    _path(world)
    for consent in world.consents:
        consent.data_kinds = ["concern"]
        consent.save()
    page = login(world.lead).get(reverse("team_timeline", args=[world.team.pk]))
    kinds = _kinds(page)
    # Social care's note, goal, service and referral are not shown to health care's lead.
    assert not {"note", "service_started", "referral"} & set(kinds), kinds
    assert page.context["withheld"].count >= 4
    assert "Soitin asiakkaalle." not in page.content.decode()


def test_pages_follow_one_another_without_gaps(world):
    for n in range(7):
        ActionFactory(plan=world.plan, owner=world.team.members.get(person=world.member),
                      text=f"Toimi {n}")
    http = login(world.member)
    url = reverse("team_timeline", args=[world.team.pk])
    import moti.paths.views as views
    size, views.TIMELINE_PAGE = views.TIMELINE_PAGE, 3
    try:
        seen, query = [], {"show": "plan"}
        while True:
            page = http.get(url, query)
            seen += [e.title for e in page.context["events"]]
            if not page.context["next_query"]:
                break
            query = page.context["next_query"]
            url = reverse("team_timeline", args=[world.team.pk]) + "?" + query
            query = {}
    finally:
        views.TIMELINE_PAGE = size
    assert sorted(seen) == sorted(f"Toimi {n}" for n in range(7))


def _queries(http, url) -> int:
    with CaptureQueriesContext(connections["default"]) as default, \
            CaptureQueriesContext(connections["log"]) as log:
        assert http.get(url).status_code == 200
    return len(default.captured_queries) + len(log.captured_queries)


def test_the_same_queries_at_10_and_1000_events(world):
    http = login(world.lead)  # across registers: the disclosure is logged too
    url = reverse("team_timeline", args=[world.team.pk])
    owner = world.team.members.get(person=world.member)

    def grow(n: int) -> None:
        ActionFactory.create_batch(n, plan=world.plan, owner=owner)
        GoalFactory.create_batch(n, plan=world.plan)
    grow(3)
    _queries(http, url)
    small = _queries(http, url)
    grow(500)
    assert world.plan.actions.count() + world.plan.goals.count() > 1000
    assert _queries(http, url) == small


def test_events_of_one_moment_are_neither_skipped_nor_repeated(world):
    from moti.teams.models import TeamMember
    from tests.factories import MemberFactory

    for _ in range(8):
        MemberFactory(team=world.team)
    moment = timezone.now() - datetime.timedelta(days=1)
    TeamMember.objects.filter(team=world.team).update(added_at=moment)
    import moti.paths.views as views
    size, views.TIMELINE_PAGE = views.TIMELINE_PAGE, 3
    http = login(world.member)
    try:
        seen, url = [], reverse("team_timeline", args=[world.team.pk]) + "?show=team"
        while url:
            page = http.get(url)
            seen += [(e.kind, e.obj) for e in page.context["events"]]
            url = (reverse("team_timeline", args=[world.team.pk]) + "?"
                   + page.context["next_query"]) if page.context["next_query"] else ""
    finally:
        views.TIMELINE_PAGE = size
    joined = [obj for kind, obj in seen if kind == "joined"]
    assert sorted(joined) == sorted(world.team.members.values_list("pk", flat=True))
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("before", [
    "0001-01-01T00:00:00+14:00|joined|1", "9999-12-31T23:59:59-14:00|note|1",
    "2026-02-30T00:00:00|note|1", "x" * 5000, "2026-01-01T00:00:00|'; drop table|1",
    "2026-01-01T00:00:00|note|-1"])
def test_a_page_start_that_is_not_one_shows_the_newest(world, before):
    page = login(world.member).get(reverse("team_timeline", args=[world.team.pk]),
                                   {"before": before})
    assert page.status_code == 200 and page.context["first"]


def test_a_cancelled_meeting_is_not_shown_as_held_and_names_read_in_the_readers_language(
        world):
    """Two review findings: a cancelled meeting was listed as held too; a Swedish page showed
    the directory's Finnish service name."""
    meeting = MeetingFactory(team=world.team, starts_at=timezone.now() - datetime.timedelta(days=2))
    meeting.cancelled_at = timezone.now()
    meeting.save()
    service = Service.objects.create(organisation=world.member.organisation,
                                     name_fi="Tuettu asuminen", name_sv="Stött boende")
    episode_add(client=world.client, author=world.member, service_name="Tuettu asuminen",
                intensity="light", starts_on=timezone.localdate())
    http = login(world.member)
    url = reverse("team_timeline", args=[world.team.pk])
    kinds = _kinds(http.get(url, {"show": "meetings"}))
    assert kinds == ["meeting_cancelled"]
    http.cookies["django_language"] = "sv"
    titles = [e.title for e in http.get(url, {"show": "services"}).context["events"]]
    assert titles == ["Stött boende"] and service.name_sv == "Stött boende"
