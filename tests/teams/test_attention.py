"""The coordinator's triage: each team that needs attention with its reasons, on a clock the
tests control, filtered and paged, in the same queries for 10 teams and for 1,000.

Each test runs twice: with the triage counted on every look, and with the counts kept
(`teams/triage.py`): there every look is followed by the worker's recount, so the test's next
write must make the kept counts stale (the database's triggers) or its next look fails."""

import datetime

import pytest
import time_machine
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from moti.clients.models import Client
from moti.plans.models import Plan
from moti.teams import triage
from moti.teams.attention import attention_list
from moti.teams.models import Concern, MeetingParticipant, Team, TeamMember, Triage
from tests.conftest import login
from tests.factories import (
    ActionFactory,
    GoalFactory,
    MeetingFactory,
    MemberFactory,
    coming_workday,
)

pytestmark = pytest.mark.django_db
KEPT = {"on": False}


@pytest.fixture(autouse=True, params=["counted", "kept"])
def counts(request):
    KEPT["on"] = request.param == "kept"
    yield request.param
    KEPT["on"] = False


def _kinds(person, **kwargs) -> dict[int, list[str]]:
    def look():
        return {a.team_id: [r.kind for r in a.reasons]
                for a in attention_list(person=person, **kwargs)}

    found = look()
    if KEPT["on"]:
        triage.recount(now=kwargs.get("now"))
        assert not Triage.objects.filter(triage.stale(kwargs.get("now") or timezone.now()),
                                         team__status=Team.Status.OPEN).exists()
        assert look() == found  # the kept counts read as they were counted
    return found


def test_a_quiet_team_needs_nothing_and_each_reason_shows(world):
    GoalFactory(plan=world.plan)
    meeting = MeetingFactory(team=world.team, starts_at=coming_workday(10))
    world.team.members.update(role="Jäsen")
    assert _kinds(world.member) == {}
    coordinator = world.team.members.get(person=world.member)
    ActionFactory(plan=world.plan, owner=coordinator,
                  due_date=timezone.localdate() - datetime.timedelta(days=2))
    ActionFactory(plan=world.plan, owner=coordinator,
                  due_date=timezone.localdate() + datetime.timedelta(days=3))
    world.plan.next_review = timezone.localdate() + datetime.timedelta(days=5)
    world.plan.save()
    MeetingParticipant.objects.create(meeting=meeting, is_client=True, channel="none")
    # Nobody could send the client a link: not counted.
    assert "unanswered" not in _kinds(world.member)[world.team.pk]
    MeetingParticipant.objects.filter(meeting=meeting).update(channel="sms")
    MemberFactory(team=world.team, person__organisation=world.member.organisation)
    world.consent.expires_on = timezone.localdate() + datetime.timedelta(days=10)
    world.consent.save()
    assert _kinds(world.member) == {world.team.pk: [
        "overdue", "due_soon", "review", "unanswered", "roleless", "consent"]}
    # Filtered to one reason; another person (a plain member) sees nothing of it.
    assert list(_kinds(world.member, reason="consent")) == [world.team.pk]
    assert _kinds(world.member, reason="no_plan") == {}
    assert _kinds(world.other_member) == {}
    # A renewal from the same register (valid until the team closes) settles it; a consent
    # that has run out with none after it is a reason still.
    from tests.factories import ConsentFactory as Renewal
    Renewal(team=world.team, recorded_by=world.member, organisations=[world.lead.organisation])
    assert "consent" not in _kinds(world.member)[world.team.pk]
    world.team.consents.exclude(pk=world.consent.pk).delete()
    world.consent.expires_on = timezone.localdate() - datetime.timedelta(days=1)
    world.consent.save()
    assert "consent" in _kinds(world.member)[world.team.pk]


def test_time_brings_reasons_due(world):
    """On the clock: an action a fortnight ahead is not due yet; a week before it is; a day
    after, overdue. A team with no meeting and no goals is flagged when weeks pass."""
    GoalFactory(plan=world.plan)
    world.team.members.update(role="Jäsen")
    lead = world.team.members.get(person=world.lead)
    ActionFactory(plan=world.plan, owner=lead,
                  due_date=timezone.localdate() + datetime.timedelta(days=14))
    start = timezone.now()
    with time_machine.travel(start):
        assert _kinds(world.lead) == {}
    with time_machine.travel(start + datetime.timedelta(days=8)):
        # A week on, the team still has one coordinator: its pair is to be named.
        assert _kinds(world.lead, now=timezone.now()) == {world.team.pk: [
            "due_soon", "no_pair"]}
        MemberFactory(team=world.team, person__organisation=world.lead.organisation,
                      is_coordinator=True, role="Koordinaattoripari")
        assert _kinds(world.lead, now=timezone.now()) == {world.team.pk: ["due_soon"]}
    later = start + datetime.timedelta(weeks=7)
    with time_machine.travel(later):
        kinds = _kinds(world.lead, now=timezone.now())[world.team.pk]
        assert kinds == ["overdue", "no_meeting"]


def test_an_owner_sees_the_team_of_their_due_action_without_running_it(world):
    plain = MemberFactory(team=world.team, person__organisation=world.member.organisation,
                          role="Jäsen")
    GoalFactory(plan=world.plan)
    world.team.members.update(role="Jäsen")
    MeetingFactory(team=world.team, starts_at=coming_workday(10))
    assert _kinds(plain.person) == {}
    ActionFactory(plan=world.plan, owner=plain,
                  due_date=timezone.localdate() + datetime.timedelta(days=1))
    assert _kinds(plain.person) == {world.team.pk: ["due_soon"]}


def test_the_page_filters_pages_and_names_no_register_item(world):
    ActionFactory(plan=world.plan, owner=world.team.members.get(person=world.member),
                  due_date=timezone.localdate() - datetime.timedelta(days=1),
                  text="Salainen toimenpide")
    http = login(world.member)
    page = http.get(reverse("needs_attention"))
    html = page.content.decode()
    assert page.status_code == 200 and str(world.client) in html
    assert "Salainen toimenpide" not in html
    assert str(world.client) not in http.get(
        reverse("needs_attention") + "?reason=consent").content.decode()
    assert http.get(reverse("needs_attention") + "?reason=<script>").status_code == 200
    # My work loads the card after the page (HTMX), and links the page without JavaScript.
    home = http.get(reverse("home")).content.decode()
    assert 'hx-get="/my/attention/?part=card"' in home and 'href="/my/attention/"' in home
    card = http.get(reverse("needs_attention") + "?part=card", HTTP_HX_REQUEST="true")
    assert "<html" not in card.content.decode()
    assert reverse("team_detail", args=[world.team.pk]) in card.content.decode()


def _teams(coordinator, n: int) -> None:
    """n open teams the person coordinates, each with an overdue action: bulk inserts."""
    author = coordinator.person
    clients = Client.objects.bulk_create(
        Client(first_name="Asiakas", last_name=f"{i:04d}", created_by=author.user)
        for i in range(n))
    concerns = Concern.objects.bulk_create(
        Concern(client=c, need_domains=["housing"], description="Huoli", client_agreed=True,
                author=author, organisation=author.organisation,
                controller_id=author.organisation.controller_key,
                register=author.organisation.register) for c in clients)
    teams = Team.objects.bulk_create(Team(client=c.client, concern=c, created_by=author.user)
                                     for c in concerns)
    Plan.objects.bulk_create(Plan(team=t, author=author, register=author.organisation.register,
                                  controller_id=author.organisation.controller_key)
                             for t in teams)
    members = TeamMember.objects.bulk_create(TeamMember(team=t, person=author,
                                                        is_coordinator=True) for t in teams)
    from moti.plans.models import Action
    Action.objects.bulk_create(Action(
        plan=t.plan, owner=m, text="Tehtävä", due_date=timezone.localdate()
        - datetime.timedelta(days=1), author=author, register=author.organisation.register,
        controller_id=author.organisation.controller_key) for t, m in zip(
            Team.objects.filter(pk__in=[t.pk for t in teams]).select_related("plan"), members,
            strict=True))


def _queries(http, url) -> int:
    with CaptureQueriesContext(connections["default"]) as default, \
            CaptureQueriesContext(connections["log"]) as log:
        assert http.get(url, HTTP_HX_REQUEST="true" if "part=card" in url else None
                        ).status_code == 200
    return len(default.captured_queries) + len(log.captured_queries)


@pytest.mark.django_db(databases="__all__")
def test_the_same_queries_for_10_teams_and_for_1000(world):
    coordinator = world.team.members.get(person=world.member)
    http = login(world.member)
    _teams(coordinator, 10)
    urls = [reverse("needs_attention"), reverse("needs_attention") + "?reason=overdue",
            reverse("needs_attention") + "?part=card", reverse("home")]
    if KEPT["on"]:
        triage.recount()
    for url in urls:
        _queries(http, url)  # warm
    small = [_queries(http, url) for url in urls]
    _teams(coordinator, 990)
    if KEPT["on"]:
        assert triage.recount() == 990
    assert len(attention_list(person=world.member)) >= 1000
    large = [_queries(http, url) for url in urls]
    assert small == large
