"""The triage's kept counts (`teams/triage.py`): every write to what they are counted from makes
them stale, whoever writes it; the clock does too; a count is never stored over a write that
came between; the pages read the kept counts and the worker keeps them."""

import datetime
import re
import threading

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from moti.clients.models import authored_by
from moti.directory.models import Service
from moti.paths.models import Referral, ServiceEpisode
from moti.paths.referrals import referral_create
from moti.plans.models import Action, Goal, Plan
from moti.teams import triage
from moti.teams.models import Meeting, MeetingParticipant, Team, TeamMember, Triage
from tests.conftest import login
from tests.factories import (
    ActionFactory,
    ConsentFactory,
    GoalFactory,
    MeetingFactory,
    MemberFactory,
    TeamFactory,
    coming_workday,
)

pytestmark = pytest.mark.django_db


def _row(team) -> Triage:
    return Triage.objects.get(team=team)


def _fresh(team, now=None) -> bool:
    return not Triage.objects.filter(triage.stale(now or timezone.now()), team=team).exists()


def test_the_tables_watched_are_the_tables_the_counts_read():
    """A count that reads a new table without a trigger on it would be kept past a write."""
    now = timezone.now()
    sql = str(Team.objects.annotate(**triage.counts(now), **triage._turns(now)).query)
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    read = set(re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', sql)) & tables
    assert read == set(triage.watched())


def test_the_database_has_every_trigger_the_code_names():
    """The migrated database, not only the code: a table added to `watched()` without a
    migration that installs its triggers fails here."""
    if connection.vendor == "postgresql":
        found = "SELECT tgrelid::regclass::text || '.' || tgname FROM pg_trigger"
        wanted = {f"{table}.moti_triage_{op.lower()}"
                  for table in triage.watched() for op in triage.OPERATIONS}
    else:
        found = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        wanted = {f"moti_triage_{table}_{op.lower()}"
                  for table in triage.watched() for op in triage.OPERATIONS}
    with connection.cursor() as cursor:
        cursor.execute(found)
        assert wanted <= {name for (name,) in cursor.fetchall()}


def _makers(world) -> dict:
    """One row of each watched table, made for the world's team (the team and its plan: the
    world's own, only changed)."""
    coordinator = world.team.members.get(person=world.member)
    service = Service.objects.create(organisation=world.lead.organisation, name_fi="Asuminen")
    meeting = MeetingFactory(team=world.team, starts_at=coming_workday(6))
    return {
        Team: world.team,
        Plan: world.plan,
        Action: lambda: ActionFactory(plan=world.plan, owner=coordinator),
        Goal: lambda: GoalFactory(plan=world.plan),
        Meeting: lambda: MeetingFactory(team=world.team, starts_at=coming_workday(5)),
        MeetingParticipant: lambda: MeetingParticipant.objects.create(meeting=meeting,
                                                                    member=coordinator),
        TeamMember: lambda: MemberFactory(team=world.team,
                                          person__organisation=world.member.organisation),
        Referral: lambda: referral_create(team=world.team, author=world.member,
                                          service=service, request="Arvio."),
        world.consent.__class__: lambda: ConsentFactory(team=world.team, recorded_by=world.member,
                                                         organisations=[world.lead.organisation]),
        ServiceEpisode: lambda: ServiceEpisode.objects.create(
            client=world.client, service_name="Päihdekuntoutus", intensity="heavy",
            starts_on=timezone.localdate(), **authored_by(world.member)),
    }


def test_every_write_to_every_watched_table_makes_the_counts_stale(world):
    """Insert, a bulk UPDATE (no signal, no save()) and a bulk DELETE, table by table."""
    makers = _makers(world)
    assert {model._meta.db_table for model in makers} == set(triage.watched())
    for model, make in makers.items():
        triage.recount()
        assert _fresh(world.team)
        before = _row(world.team).generation
        if callable(make):
            pk = make().pk
            assert not _fresh(world.team), f"insert into {model._meta.db_table}"
            assert _row(world.team).generation > before
        else:
            pk = make.pk
        rows = model.objects.filter(pk=pk)
        for write in ("update", "delete") if callable(make) else ("update",):
            triage.recount()
            assert _fresh(world.team)
            rows.update(**{model._meta.pk.attname: pk}) if write == "update" else rows.delete()
            assert not _fresh(world.team), f"{write} of {model._meta.db_table}"
    # Another team's writes leave this team's counts as they are; a row moved from one team
    # to another makes both stale (the UPDATE's old rows and its new ones).
    other = TeamFactory()
    triage.recount()
    MemberFactory(team=other)
    MeetingFactory(team=other, starts_at=coming_workday(5))
    assert _fresh(world.team) and not _fresh(other)
    triage.recount()
    TeamMember.objects.filter(pk=world.team.members.get(person=world.lead).pk).update(team=other)
    assert not _fresh(world.team) and not _fresh(other)


def test_a_new_team_gets_its_row_by_the_trigger(world):
    team = TeamFactory()
    assert _row(team).counted_at is None and not _fresh(team)


@time_machine.travel(datetime.datetime(2026, 11, 24, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_the_clock_makes_them_stale_at_the_first_moment_a_count_would_change(world):
    start = timezone.now()  # noon in Helsinki: three hours on is the same day
    TeamMember.objects.filter(team=world.team).update(role="Jäsen")
    meeting = MeetingFactory(team=world.team, starts_at=start + datetime.timedelta(hours=3))
    MemberFactory(team=world.team, person__organisation=world.member.organisation, role="")
    triage.recount(now=start)
    row = _row(world.team)
    assert row.stale_at == meeting.starts_at and row.roleless == 1
    assert _fresh(world.team, start + datetime.timedelta(hours=2, minutes=59))
    assert not _fresh(world.team, meeting.starts_at)  # the meeting begins: counts change
    # Without a meeting coming: the new member's 30 days, then midnight, then the settings.
    Meeting.objects.filter(pk=meeting.pk).delete()
    triage.recount(now=start)
    member = world.team.members.get(role="")
    assert _row(world.team).stale_at == member.added_at + datetime.timedelta(days=30)
    TeamMember.objects.filter(team=world.team).update(role="Jäsen")
    triage.recount(now=start)
    assert _row(world.team).stale_at is None
    tomorrow = timezone.make_aware(datetime.datetime.combine(
        timezone.localdate(start) + datetime.timedelta(days=1), datetime.time()))
    assert _fresh(world.team, tomorrow - datetime.timedelta(microseconds=1))
    assert not _fresh(world.team, tomorrow)
    assert not _fresh(world.team, start - datetime.timedelta(seconds=1))  # counted later


def test_a_referral_makes_them_stale_when_it_would_become_stuck(world, settings):
    service = Service.objects.create(organisation=world.lead.organisation, name_fi="Asuminen")
    referral = referral_create(team=world.team, author=world.member, service=service,
                               request="Arvio.")
    TeamMember.objects.filter(team=world.team).update(role="Jäsen")
    triage.recount()
    stuck_at = referral.state_since + datetime.timedelta(days=settings.MOTI_REFERRAL_STUCK_DAYS)
    assert _row(world.team).stale_at == stuck_at
    settings.MOTI_REFERRAL_STUCK_DAYS = 3  # counted under other settings: not read
    assert not _fresh(world.team)


def test_a_change_to_how_a_count_is_made_is_a_change_of_basis(monkeypatch):
    """A deploy that changes the counting query reads no count made by the one before."""
    before = triage.basis()
    triage._basis.cache_clear()
    assert triage.basis() == before  # worked out again: the same
    counts = triage.counts
    monkeypatch.setattr(triage, "counts", lambda now: {**counts(now), "overdue": counts(now)[
        "due_soon"]})
    triage._basis.cache_clear()
    try:
        assert triage.basis() != before
    finally:
        monkeypatch.undo()
        triage._basis.cache_clear()
    assert triage.basis() == before


def test_a_write_between_reading_the_generation_and_storing_wins(world):
    """The worker reads the generation, counts, stores; a write that commits in between
    steps the generation, and the UPDATE itself then leaves the count unstored."""
    read = _row(world.team).generation
    GoalFactory(plan=world.plan)  # the write in between
    assert triage._store({world.team.pk: read}, now=timezone.now()) == 0
    assert _row(world.team).counted_at is None and not _fresh(world.team)
    triage.recount()
    assert _fresh(world.team) and _row(world.team).has_goals


def test_the_pages_read_the_kept_counts_and_a_write_shows_at_once(world):
    """A kept count is what the page shows (a count doctored in the table shows), and no
    counting query runs, until a write makes it stale: then the page counts that team, and
    only that one (another team's doctored count still shows)."""
    second = TeamFactory()
    MemberFactory(team=second, person=world.member, is_coordinator=True, role="Jäsen")
    for team in (world.team, second):
        TeamMember.objects.filter(team=team).update(role="Jäsen")
        GoalFactory(plan=team.plan)
        MeetingFactory(team=team, starts_at=coming_workday(4))
    triage.recount()
    Triage.objects.filter(team__in=[world.team, second]).update(overdue=7)  # not watched
    http = login(world.member)

    def page(name):
        with CaptureQueriesContext(connection) as done:
            html = http.get(reverse(name)).content.decode()
        return html, sum("COUNT(*)" in query["sql"] for query in done.captured_queries)

    html, counting = page("needs_attention")
    assert html.count("7 toimenpidettä myöhässä") == 2 and counting == 0
    html, counting = page("caseload")
    assert html.count("7 toimenpidettä myöhässä") == 2 and counting == 0
    ActionFactory(plan=world.plan, owner=world.team.members.get(person=world.member),
                  due_date=timezone.localdate() - datetime.timedelta(days=1))
    html, counting = page("needs_attention")
    assert html.count("7 toimenpidettä myöhässä") == 1 and "1 toimenpide myöhässä" in html
    assert counting == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_keeps_them(world, settings):
    settings.MOTI_PERIODIC_TASKS = {"moti.teams.tasks.recount_triage": 60}
    assert not _fresh(world.team)
    call_command("worker", once=True)
    assert _fresh(world.team)
    # Only open teams are counted.
    Team.objects.filter(pk=world.team.pk).update(status=Team.Status.CLOSED,
                                                  closure_reason="other",
                                                  closed_at=timezone.now())
    Goal.objects.filter(plan=world.plan).delete()
    GoalFactory(plan=world.plan)
    assert triage.recount() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_worker_leaves_a_row_a_writer_holds_and_never_waits(world):
    """A writer's open transaction holds the team's row (its trigger stepped it): the worker
    stores the other teams and leaves this one for its next round, without waiting."""
    other = TeamFactory()  # both teams are stale: never counted
    started, release = threading.Event(), threading.Event()

    def writer():
        with transaction.atomic():
            GoalFactory(plan=world.plan)
            started.set()
            release.wait(10)
        connections["default"].close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert started.wait(10)
        with connection.cursor() as cursor:  # waiting for the writer's lock would fail here
            cursor.execute("SET lock_timeout = '2s'")
        # Every team but this one, which is left to its writer.
        assert triage.recount() == Team.objects.filter(status=Team.Status.OPEN).count() - 1
        assert _fresh(other) and not _fresh(world.team)
    finally:
        release.set()
        thread.join()
    triage.recount()
    assert _fresh(world.team) and _row(world.team).has_goals
