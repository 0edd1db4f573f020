import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from moti.audit.models import Basis, UseLog, What
from moti.clients.models import Client
from moti.dpo.retention import retention_run
from moti.teams.models import Concern
from tests.factories import ConcernFactory, GoalFactory, TeamFactory

LONG_AGO = timezone.now() - datetime.timedelta(days=13 * 366)


@pytest.fixture
def old_closed_team(db):
    team = TeamFactory(status="closed", closure_reason="goals_reached", closed_at=LONG_AGO)
    GoalFactory(plan=team.plan, text="Haluan oman asunnon.")
    Concern.objects.filter(pk=team.concern_id).update(created_at=LONG_AGO)
    return team


def test_expired_client_is_pseudonymised_and_logged(old_closed_team):
    client = old_closed_team.client
    report = retention_run()
    assert report.pseudonymised == [client.pk]
    client.refresh_from_db()
    assert client.identity_code is None and client.first_name == "–"
    assert old_closed_team.plan.goals.get().text == "–"
    assert old_closed_team.concern.__class__.objects.get(pk=old_closed_team.concern_id) \
        .description == ""
    row = UseLog.objects.get(what=What.RETENTION)
    assert row.client_id == client.pk and row.user_id is None and row.basis == Basis.RETENTION
    assert retention_run().pseudonymised == []  # idempotent


def test_recent_or_open_clients_are_kept(old_closed_team):
    ConcernFactory(client=old_closed_team.client)  # a new concern keeps the client
    TeamFactory()  # an open team
    assert retention_run().pseudonymised == []
    assert Client.objects.exclude(first_name="–").count() == Client.objects.count()


def test_dry_run_changes_nothing(old_closed_team):
    call_command("retention", "--dry-run")
    old_closed_team.client.refresh_from_db()
    assert old_closed_team.client.identity_code


def test_stale_concern_without_team_is_removed(db, settings):
    stale = ConcernFactory()
    Concern.objects.filter(pk=stale.pk).update(created_at=LONG_AGO)
    fresh = ConcernFactory()
    report = retention_run()
    assert report.concerns_removed == [stale.pk]
    assert list(Concern.objects.values_list("pk", flat=True)) == [fresh.pk]
