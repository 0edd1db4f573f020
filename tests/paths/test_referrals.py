"""Referrals, closed loop: sent → received → accepted or declined → started → completed, each
step by the receiving organisation or on its behalf; a crossing of registers needs the
client's consent or a legal basis and is a disclosure; stuck referrals show in the triage."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from moti.audit.models import Basis, Disclosed, DisclosureLog, UseLog, What
from moti.directory.models import Service
from moti.paths.models import Referral, ReferralStep, ServiceEpisode
from moti.paths.referrals import referral_create, referral_step
from moti.teams.attention import attention_list
from tests.conftest import login
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(databases="__all__")

S = Referral.State


def _housing(world) -> Service:
    """Supported housing, given by the health centre (another register of the county)."""
    return Service.objects.create(organisation=world.lead.organisation,
                                  name_fi="Tuettu asuminen", name_sv="Stött boende")


def _referral(world) -> Referral:
    return referral_create(team=world.team, author=world.member, service=_housing(world),
                           request="Tuetun asumisen arvio.")


def test_the_state_machine_refuses_illegal_steps(world):
    referral = _referral(world)
    receiver = world.lead
    for illegal in (S.ACCEPTED, S.STARTED, S.COMPLETED, S.DECLINED, S.SENT):
        with pytest.raises(ValidationError):
            referral_step(referral=referral, by=receiver, state=illegal)
    referral = referral_step(referral=referral, by=receiver, state=S.RECEIVED)
    with pytest.raises(ValidationError) as no_reason:
        referral_step(referral=referral, by=receiver, state=S.DECLINED)
    assert "decline_reason" in no_reason.value.message_dict
    declined = referral_step(referral=referral, by=receiver, state=S.DECLINED,
                             decline_reason=Referral.DeclineReason.NO_CAPACITY)
    for after in (S.STARTED, S.ACCEPTED, S.COMPLETED):
        with pytest.raises(ValidationError):
            referral_step(referral=declined, by=receiver, state=after)


def test_two_people_stepping_at_once_move_it_once(world):
    referral = _referral(world)
    stale = Referral.objects.get(pk=referral.pk)
    referral_step(referral=referral, by=world.lead, state=S.RECEIVED)
    with pytest.raises(ValidationError):
        referral_step(referral=stale, by=world.member, state=S.RECEIVED)
    assert ReferralStep.objects.filter(referral=referral, state=S.RECEIVED).count() == 1


def test_sending_across_registers_needs_consent_and_is_a_disclosure(world):
    _housing(world)
    http = login(world.member)
    url = reverse("referral_new", args=[world.team.pk])
    key = http.get(url).context["form"]["form_key"].value()
    data = {"form_key": key, "service_query": "tuettu asu", "request": "Arvio, kiitos."}
    # Social care's consent opens its records to the health centre, but not for referrals.
    world.consent.data_kinds = [k for k in world.consent.data_kinds if k != "referral"]
    world.consent.save()
    refused = http.post(url, data)
    assert refused.status_code == 200 and refused.context["form"].has_error("service")
    assert "Arvio, kiitos." in refused.content.decode()  # what was typed is kept
    assert Referral.objects.count() == 0
    world.consent.data_kinds = [*world.consent.data_kinds, "referral"]
    world.consent.save()
    before = DisclosureLog.objects.count()
    sent = http.post(url, data)
    assert sent.status_code == 302
    referral = Referral.objects.get()
    assert referral.to_organisation == world.lead.organisation and referral.state == S.SENT
    row = DisclosureLog.objects.order_by("-id").first()
    assert DisclosureLog.objects.count() == before + 1
    assert Disclosed.REFERRAL in row.what and row.client_id == world.client.pk
    assert row.recipient_organisation == world.lead.organisation.name
    # Within one register no consent is needed and nothing is disclosed.
    Service.objects.create(organisation=world.member.organisation, name_fi="Asumisneuvonta")
    key = http.get(url).context["form"]["form_key"].value()
    assert http.post(url, {"form_key": key, "service_query": "Asumisneuvonta",
                           "request": "Neuvontaa."}).status_code == 302
    assert DisclosureLog.objects.count() == before + 1


def test_a_name_that_fits_several_services_is_chosen_from_them(world):
    for org in (world.member.organisation, world.lead.organisation):
        Service.objects.create(organisation=org, name_fi="Työllisyyspalvelut")
    http = login(world.member)
    url = reverse("referral_new", args=[world.team.pk])
    key = http.get(url).context["form"]["form_key"].value()
    data = {"form_key": key, "service_query": "Työllisyyspalvelut", "request": "Työkokeilu."}
    again = http.post(url, data)
    assert again.context["form"].has_error("service") and len(again.context["form"].matches) == 2
    choice = again.context["form"].matches[0]
    assert http.post(url, {**data, "service": choice.pk}).status_code == 302
    assert Referral.objects.get().service == choice


def test_the_receiver_takes_it_through_and_the_loop_closes(world):
    referral = _referral(world)
    nurse = PersonFactory(organisation=world.lead.organisation)  # not in the team
    http = login(nurse)
    incoming = http.get(reverse("referrals_incoming"))
    assert [r.pk for r in incoming.context["referrals"]] == [referral.pk]
    assert UseLog.objects.filter(what=What.REFERRALS_INCOMING, user_id=nurse.user.pk,
                                 client_id=world.client.pk).exists()
    url = reverse("referral_detail", args=[referral.pk])
    page = http.get(url)
    assert page.status_code == 200 and "Tuetun asumisen arvio." in page.content.decode()
    assert UseLog.objects.filter(what=What.REFERRAL, basis=Basis.REFERRAL_RECIPIENT,
                                 user_id=nurse.user.pk).exists()
    # The referral opens nothing else of the client.
    for other in (reverse("team_detail", args=[world.team.pk]),
                  reverse("team_services", args=[world.team.pk]),
                  reverse("client_detail", args=[world.client.pk])):
        assert http.get(other).status_code == 404
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=referral.sent_at - datetime.timedelta(days=9))  # sent nine days ago
    for state in (S.RECEIVED, S.ACCEPTED, S.STARTED):
        assert http.post(url, {"state": state}).status_code == 302
    referral.refresh_from_db()
    assert referral.state == S.STARTED and referral.waiting_days == 9
    assert not any(s.on_behalf for s in referral.steps.all())
    # The service's start is a service the client receives: the watch follows it.
    assert ServiceEpisode.objects.filter(client=world.client, service=referral.service).exists()
    # A member of the team records the end on the receiver's behalf (a phone call).
    assert login(world.member).post(url, {"state": S.COMPLETED,
                                          "note": "Puhelu"}).status_code == 302
    last = referral.steps.last()
    assert last.state == S.COMPLETED and last.on_behalf and last.by == world.member


def test_outsiders_and_other_organisations_get_404(world):
    referral = _referral(world)
    url = reverse("referral_detail", args=[referral.pk])
    for person in (world.outsider, world.other_member,
                   PersonFactory(organisation=world.author.organisation.parent)):
        assert login(person).get(url).status_code == 404
        assert login(person).post(url, {"state": S.RECEIVED}).status_code == 404
    assert Referral.objects.get().state == S.SENT


def test_a_referral_stuck_in_one_state_shows_in_the_triage(world):
    referral = _referral(world)
    assert not attention_list(person=world.member, reason="referral")
    later = timezone.now() + datetime.timedelta(days=15)
    with time_machine.travel(later):
        (row,) = attention_list(person=world.member, reason="referral")
        assert row.team_id == world.team.pk
        referral_step(referral=referral, by=world.lead, state=S.RECEIVED)
        assert not attention_list(person=world.member, reason="referral")


def test_only_the_receiving_units_client_workers_receive(world):
    """Not a manager of the same unit, not the parent organisation's people."""
    from moti.access.models import RoleKind

    referral = _referral(world)
    url = reverse("referral_detail", args=[referral.pk])
    manager = PersonFactory(organisation=world.lead.organisation, roles=[RoleKind.MANAGER])
    county = PersonFactory(organisation=world.lead.organisation.parent)
    for person in (manager, county):
        http = login(person)
        assert http.get(url).status_code == 404
        listed = http.get(reverse("referrals_incoming"))
        assert listed.status_code in (200, 403) and (
            listed.status_code == 403 or list(listed.context["referrals"]) == [])
    nurse = PersonFactory(organisation=world.lead.organisation)
    login(nurse).get(reverse("referrals_incoming"))
    assert UseLog.objects.filter(what=What.REFERRALS_INCOMING, user_id=nurse.user.pk,
                                 basis=Basis.REFERRAL_RECIPIENT).exists()


def test_the_receiver_steps_after_the_team_closed_and_completion_ends_the_service(world):
    from moti.teams.models import Team

    referral = _referral(world)
    nurse = PersonFactory(organisation=world.lead.organisation)
    url = reverse("referral_detail", args=[referral.pk])
    Team.objects.filter(pk=world.team.pk).update(status=Team.Status.CLOSED,
                                                 closure_reason="goals_reached",
                                                 closed_at=timezone.now())
    # The team's coordinator may no longer record on the receiver's behalf...
    assert login(world.member).post(url, {"state": S.RECEIVED}).status_code == 403
    # ...the receiver carries on.
    http = login(nurse)
    for state in (S.RECEIVED, S.ACCEPTED, S.STARTED):
        assert http.post(url, {"state": state}).status_code == 302
    referral.refresh_from_db()
    assert referral.episode is not None and referral.episode.ended_on is None
    assert http.post(url, {"state": S.COMPLETED}).status_code == 302
    referral.episode.refresh_from_db()
    assert referral.episode.ended_on == timezone.localdate()
    assert referral.episode.end_reason == "completed"


def test_declining_for_another_reason_says_it_in_the_note(world):
    referral = referral_step(referral=_referral(world), by=world.lead, state=S.RECEIVED)
    with pytest.raises(ValidationError) as missing:
        referral_step(referral=referral, by=world.lead, state=S.DECLINED,
                      decline_reason=Referral.DeclineReason.OTHER)
    assert "note" in missing.value.message_dict


def test_the_sender_is_told_of_each_step_someone_else_records(world):
    from moti.messaging.models import OutboxMessage

    referral = _referral(world)
    told = OutboxMessage.objects.filter(recipient_ref=f"person:{world.member.pk}",
                                        topic=f"referral:{referral.pk}")
    referral = referral_step(referral=referral, by=world.member, state=S.RECEIVED)
    assert not told.exists()  # their own step: nothing to tell
    referral = referral_step(referral=referral, by=world.lead, state=S.DECLINED,
                             decline_reason=Referral.DeclineReason.NO_CAPACITY)
    (message,) = told
    assert reverse("referral_detail", args=[referral.pk]) in message.body
    assert world.client.last_name not in message.body + message.subject
    assert "Tuettu asuminen" not in message.body  # nor the service
    # No longer in the team: not told (the link would not open for them).
    from moti.teams.models import TeamMember
    third = referral_create(team=world.team, author=world.member, service=referral.service,
                            request="Kolmas arvio.")
    TeamMember.objects.filter(team=world.team, person=world.member).delete()
    referral_step(referral=third, by=world.lead, state=S.RECEIVED)
    assert not OutboxMessage.objects.filter(topic=f"referral:{third.pk}").exists()
    TeamMember.objects.create(team=world.team, person=world.member, is_coordinator=True)
    # Muted: not told.
    world.member.muted_messages = ["referral_news"]
    world.member.save()
    second = referral_create(team=world.team, author=world.member,
                             service=referral.service, request="Uusi arvio.")
    referral_step(referral=second, by=world.lead, state=S.RECEIVED)
    assert not OutboxMessage.objects.filter(topic=f"referral:{second.pk}").exists()


def test_a_closed_teams_member_records_nothing_on_the_receivers_behalf(world):
    """The rule is the service's, not only the page's."""
    from moti.teams.models import Team

    referral = _referral(world)
    Team.objects.filter(pk=world.team.pk).update(
        status=Team.Status.CLOSED, closure_reason=Team.ClosureReason.GOALS_REACHED,
        closed_at=timezone.now())
    referral.team.refresh_from_db()
    with pytest.raises(ValidationError):
        referral_step(referral=referral, by=world.member, state=S.RECEIVED)
    assert referral_step(referral=referral, by=world.lead, state=S.RECEIVED).state == S.RECEIVED


def test_the_incoming_list_keeps_one_state(world):
    first, second = _referral(world), _referral(world)
    referral_step(referral=second, by=world.lead, state=S.RECEIVED)
    http = login(world.lead)
    url = reverse("referrals_incoming")
    assert {r.pk for r in http.get(url).context["referrals"]} == {first.pk, second.pk}
    assert [r.pk for r in http.get(url, {"state": "sent"}).context["referrals"]] == [first.pk]
    assert [r.pk for r in http.get(url, {"state": "received"}).context["referrals"]] == [
        second.pk]
    assert len(http.get(url, {"state": "open"}).context["referrals"]) == 2
    assert len(http.get(url, {"state": "nonsense"}).context["referrals"]) == 2  # all


def test_the_sending_team_withdraws_and_refers_again_the_receiver_declines(world):
    referral = _referral(world)
    with pytest.raises(ValidationError):  # the receiver declines; it does not withdraw
        referral_step(referral=referral, by=world.lead, state=S.WITHDRAWN)
    http = login(world.member)
    url = reverse("referral_detail", args=[referral.pk])
    page = http.get(url)
    assert page.context["may_withdraw"]
    assert not login(world.lead).get(url).context["may_withdraw"]  # the receiver declines
    # A reason is asked: the receiving organisation sees it.
    assert http.post(url, {"state": S.WITHDRAWN, "note": ""}).status_code == 422
    assert http.post(url, {"state": S.WITHDRAWN, "note": "Tilanne muuttui."}).status_code == 302
    referral.refresh_from_db()
    assert referral.state == S.WITHDRAWN
    step = referral.steps.get(state=S.WITHDRAWN)
    assert not step.on_behalf  # the team's own step
    # Withdrawn is not open: not stuck, no steps left; the team may refer again.
    page = http.get(url)
    assert page.context["next_states"] == [] and not page.context["may_withdraw"]
    assert page.context["refer_again"]
    again = http.get(reverse("referral_new", args=[world.team.pk]) + "?"
                     + page.context["refer_again_query"])
    assert again.context["form"]["service_query"].value() == "Tuettu asuminen"


def test_a_refused_decline_keeps_the_reason_and_note_chosen(world):
    referral = referral_step(referral=_referral(world), by=world.lead, state=S.RECEIVED)
    url = reverse("referral_detail", args=[referral.pk])
    page = login(world.lead).post(url, {"state": S.DECLINED, "decline_reason": "other",
                                        "note": ""})
    assert page.status_code == 422
    html = page.content.decode()
    assert '<option value="other" selected>' in html
