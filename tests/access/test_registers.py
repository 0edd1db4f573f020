"""Register hiding, consent, revocation, disclosure ban and emergency access."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from moti.access import helpers as access
from moti.access import services as access_services
from moti.access.models import EmergencyAccess
from moti.audit.models import Basis, Disclosed, DisclosureBasis, DisclosureLog, UseLog
from moti.clients.models import Consent
from moti.clients.services import consent_record, consent_revoke
from tests.conftest import login
from tests.factories import ActionFactory, ConsentFactory, GoalFactory


@pytest.fixture
def health_items(world):
    """A social-care plan with one health-care goal and one social-care goal."""
    GoalFactory(plan=world.plan, text="Terveystavoite", register="health")
    GoalFactory(plan=world.plan, text="Sosiaalitavoite", register="social")
    world.plan.client_view = "Haluan itse päättää asioistani"
    world.plan.save()
    return world


def _plan_html(person, world):
    return login(person).get(reverse("plan_detail", args=[world.team.pk])).content.decode()


def test_without_consent_another_register_is_withheld_and_said_so(health_items):
    world = health_items
    consent_revoke(consent=world.consent, user=world.member.user)
    social_view = _plan_html(world.member, world)
    assert "Sosiaalitavoite" in social_view and "Terveystavoite" not in social_view
    assert 'class="hds-notification hds-notification--alert withheld"' in social_view
    health_view = _plan_html(world.lead, world)
    assert "Terveystavoite" in health_view and "Sosiaalitavoite" not in health_view
    assert "Haluan itse päättää asioistani" not in health_view  # the plan's views are social care's


def test_consent_opens_other_registers_and_logs_the_disclosure(health_items):
    world = health_items
    html = _plan_html(world.lead, world)
    assert "Sosiaalitavoite" in html and "Haluan itse päättää asioistani" in html
    row = DisclosureLog.objects.order_by("-id").first()
    assert row.client_id == world.client.pk and "social" in row.registers
    assert row.what == Disclosed.PLAN and row.basis == DisclosureBasis.CONSENT
    assert world.lead.organisation.name in row.recipient_organisation


def test_revocation_takes_effect_at_once(health_items):
    world = health_items
    assert "Sosiaalitavoite" in _plan_html(world.lead, world)
    http = login(world.member)
    http.post(reverse("consent_revoke", args=[world.consent.pk]))
    world.consent.refresh_from_db()
    assert world.consent.revoked_at is not None
    assert "Sosiaalitavoite" not in _plan_html(world.lead, world)


def test_expired_consent_opens_nothing(health_items):
    world = health_items
    Consent.objects.filter(pk=world.consent.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1))
    assert "Sosiaalitavoite" not in _plan_html(world.lead, world)


def test_consent_for_another_organisation_opens_nothing(health_items):
    world = health_items
    world.consent.organisations.set([world.outsider.organisation])
    world.consent.organisations.remove(world.lead.organisation)
    assert "Sosiaalitavoite" not in _plan_html(world.lead, world)


def test_disclosure_ban_overrides_consent_but_not_a_legal_basis(health_items):
    world = health_items
    world.client.disclosure_ban = True
    world.client.save()
    html = _plan_html(world.lead, world)
    assert "Sosiaalitavoite" not in html and "luovutuskielto" in html
    ConsentFactory(client=world.client, given_how="statute",
                   legal_basis="Sosiaalihuoltolaki 41 §", organisations=[world.lead.organisation])
    assert "Sosiaalitavoite" in _plan_html(world.lead, world)
    row = DisclosureLog.objects.order_by("-id").first()
    assert row.basis == DisclosureBasis.LEGAL_BASIS
    assert row.basis_reference == "Sosiaalihuoltolaki 41 §"


def test_hidden_items_cannot_be_edited(health_items):
    world = health_items
    consent_revoke(consent=world.consent, user=world.member.user)
    goal = world.plan.goals.get(register="social")
    action = ActionFactory(plan=world.plan, register="social")
    http = login(world.lead)
    assert http.get(reverse("goal_edit", args=[goal.pk])).status_code == 404
    assert http.post(reverse("action_done", args=[action.pk]), {"done": "1"}).status_code == 404
    assert http.get(reverse("plan_edit", args=[world.team.pk])).status_code == 404


def test_consent_rules(world):
    base = dict(client=world.client, user=world.member.user, organisations=[],
                organisation_kinds=["kela"], registers=["social"], data_kinds=["plan"],
                purpose="Toimeentulotuki", given_on=timezone.localdate())
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        consent_record(**{**base, "given_how": "verbal"})
    assert "witness" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        consent_record(**{**base, "given_how": "statute"})
    assert "legal_basis" in error.value.message_dict
    with pytest.raises(ValidationError):
        consent_record(**{**base, "given_how": "signed", "organisation_kinds": []})
    consent = consent_record(**{**base, "given_how": "verbal", "witness": "Sh. Laine"})
    assert consent.is_active()


def test_consent_page_records_a_consent(world):
    http = login(world.member)
    page = http.post(reverse("consents", args=[world.client.pk]), {
        "form_key": str(uuid.uuid4()), "organisation_kinds": ["employment"],
        "registers": ["social"], "data_kinds": ["plan", "meeting"],
        "purpose": "Työllistymisen tuki", "given_how": "signed",
        "given_on": timezone.localdate().isoformat()})
    assert page.status_code == 302
    assert Consent.objects.filter(purpose="Työllistymisen tuki").exists()


def test_emergency_access_is_reasoned_time_limited_and_flagged(world):
    http = login(world.outsider)
    url = reverse("client_detail", args=[world.client.pk])
    assert http.get(url).status_code == 404
    handle = access.client_handle_make(world.outsider.user, world.client)
    refused = http.post(reverse("emergency_access", args=[handle]), {"reason": "x"})
    assert refused.status_code == 200 and not EmergencyAccess.objects.exists()
    http.post(reverse("emergency_access", args=[handle]),
              {"reason": "Asiakas päivystyksessä tajuttomana, tarvitaan hoitosuunnitelma.",
               "form_key": str(uuid.uuid4())})
    grant = EmergencyAccess.objects.get()
    assert grant.expires_at > timezone.now()
    assert http.get(url).status_code == 200
    row = UseLog.objects.order_by("-id").first()
    assert row.emergency and row.basis == Basis.EMERGENCY
    EmergencyAccess.objects.filter(pk=grant.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert http.get(url).status_code == 404


def test_emergency_access_sees_all_registers(health_items):
    world = health_items
    consent_revoke(consent=world.consent, user=world.member.user)
    access_services.emergency_access_start(user=world.outsider.user, client=world.client,
                                           reason="Kiireellinen hoidon tarve päivystyksessä.")
    html = _plan_html(world.outsider, world)
    assert "Sosiaalitavoite" in html and "Terveystavoite" in html
