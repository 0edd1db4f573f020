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


def test_every_register_items_text_is_declared_for_retention(db):
    """A new kind of register item cannot slip past the retention run: each declares where its
    client is and what it writes over each of its free-text fields (the client's words live in
    LimitedTextFields; a CharField of free text is declared by hand, as a meeting's
    cancellation reason)."""
    from moti.clients.models import register_item_models
    from moti.core.models import LimitedTextField

    models = register_item_models()
    assert {m._meta.label for m in models} >= {
        "teams.Concern", "teams.Meeting", "teams.Note", "teams.Handover", "plans.Plan",
        "plans.Goal", "plans.Action", "paths.ServiceEpisode", "paths.Referral"}
    for model in models:
        texts = {f.name for f in model._meta.fields if isinstance(f, LimitedTextField)}
        assert texts <= set(model.client_texts), (model, texts - set(model.client_texts))
        model._default_manager.filter(**{f"{model.client_path}__in": [0]}).exists()


def test_the_texts_of_services_referrals_and_handovers_are_pseudonymised(old_closed_team):
    from moti.clients.models import authored_by
    from moti.directory.models import Service
    from moti.paths.models import Referral, ReferralStep, ServiceEpisode
    from moti.teams.models import Handover
    from tests.factories import PersonFactory

    team, author = old_closed_team, PersonFactory()
    filed = authored_by(author)
    episode = ServiceEpisode.objects.create(
        client=team.client, service_name="Päihdekuntoutus", intensity="heavy",
        starts_on=LONG_AGO.date(), no_next_reason="Muutti Ouluun siskonsa luo.", **filed)
    service = Service.objects.create(organisation=author.organisation, name_fi="Asuminen")
    referral = Referral.objects.create(
        client=team.client, team=team, to_organisation=author.organisation, service=service,
        request="Asunnottomana kolme kuukautta.", sent_at=LONG_AGO, state_since=LONG_AGO,
        **filed)
    step = ReferralStep.objects.create(referral=referral, state="received", at=LONG_AGO,
                                       by=author, note="Soitettu äidille.")
    handover = Handover.objects.create(team=team, giver=author, receiver=PersonFactory(),
                                       note="Täti Maija tukee tapaamisissa.", **filed)
    assert retention_run().pseudonymised == [team.client_id]
    for obj, field, left in ((episode, "no_next_reason", ""), (referral, "request", "–"),
                             (step, "note", ""), (handover, "note", "")):
        obj.refresh_from_db()
        assert getattr(obj, field) == left, (obj, field)
