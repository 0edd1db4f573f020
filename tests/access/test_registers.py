"""Registers follow data controllers; a team's consents and legal bases open them; disclosure
bans close consents; emergency access is the user's own controller's, read-only."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from moti.access import helpers as access
from moti.access import services as access_services
from moti.access.models import Capability, Consent, EmergencyAccess, RoleKind
from moti.audit.models import Basis, Disclosed, DisclosureBasis, DisclosureLog, UseLog
from moti.directory.models import Organisation
from tests.conftest import login
from tests.factories import (
    ActionFactory,
    ConsentFactory,
    GoalFactory,
    MemberFactory,
    OrganisationFactory,
    PersonFactory,
    role_grant,
)


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
    world.revoke_consents()
    social_view = _plan_html(world.member, world)
    assert "Sosiaalitavoite" in social_view and "Terveystavoite" not in social_view
    assert 'class="hds-notification hds-notification--alert withheld"' in social_view
    # The notice names where the items are filed, what is missing and who can fix it.
    assert "Pohjois-Savon hyvinvointialue" in social_view and str(world.lead) in social_view
    health_view = _plan_html(world.lead, world)
    assert "Terveystavoite" in health_view and "Sosiaalitavoite" not in health_view
    assert "Haluan itse päättää asioistani" not in health_view  # the plan's views are social's
    # The owner is told that others do not see her records, and led to the consent form.
    assert "uncovered" in health_view and reverse("team_consents", args=[world.team.pk]) \
        in health_view


def test_consent_opens_other_registers_and_logs_the_disclosure(health_items):
    world = health_items
    html = _plan_html(world.lead, world)
    assert "Sosiaalitavoite" in html and "Haluan itse päättää asioistani" in html
    row = DisclosureLog.objects.order_by("-id").first()
    assert row.client_id == world.client.pk and "social" in row.registers
    assert row.what == Disclosed.PLAN and row.basis == DisclosureBasis.CONSENT
    assert world.lead.organisation.name in row.recipient_organisation


def test_a_page_logs_one_disclosure_per_basis_and_an_edit_form_its_item(health_items):
    """The plan, its goal and an action of another register, shown under one consent: one row
    for the page, not one per group; the goal's edit form shows it again (one row), and a
    save that redirects shows nothing (none)."""
    world = health_items
    ActionFactory(plan=world.plan, register="social", text="Sosiaalitoimi")
    before = DisclosureLog.objects.count()
    assert "Sosiaalitoimi" in _plan_html(world.lead, world)
    assert DisclosureLog.objects.count() == before + 1
    goal = world.plan.goals.get(register="social")
    http = login(world.lead)
    assert "Sosiaalitavoite" in http.get(reverse("goal_edit", args=[goal.pk])).content.decode()
    assert DisclosureLog.objects.count() == before + 2
    saved = http.post(reverse("goal_edit", args=[goal.pk]),
                      {"version": goal.version, "text": "Sosiaalitavoite 2"})
    assert saved.status_code == 302 and DisclosureLog.objects.count() == before + 2


def test_edit_forms_and_redrawn_rows_log_what_they_draw_once_and_saves_nothing(health_items):
    """The action form draws the action and the goals to choose from: one row for the basis;
    a save that redirects draws nothing; "mark done" redraws the row (a goal or none) through
    HTMX: one row; without HTMX it redirects: none."""
    world = health_items
    goal = world.plan.goals.get(register="social")
    linked = ActionFactory(plan=world.plan, register="social", goal=goal)
    alone = ActionFactory(plan=world.plan, register="social", goal=None)
    http = login(world.lead)
    rows = DisclosureLog.objects.count

    def change(request) -> int:
        before = rows()
        assert request().status_code in (200, 302)
        return rows() - before

    assert change(lambda: http.get(reverse("action_edit", args=[linked.pk]))) == 1
    saved = rows()
    assert http.post(reverse("action_edit", args=[linked.pk]), {
        "version": linked.version, "text": "Uusi", "owner": linked.owner_id,
        "due_date": linked.due_date.isoformat(), "goal": goal.pk}).status_code == 302
    assert rows() == saved
    assert change(lambda: http.get(reverse("action_add", args=[world.team.pk]))) == 1
    for action in (linked, alone):
        assert change(lambda a=action: http.post(reverse("action_done", args=[a.pk]),
                                                  {"done": "1"}, HTTP_HX_REQUEST="true")) == 1
    assert change(lambda: http.post(reverse("action_done", args=[alone.pk]), {"done": "0"})) == 0


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


def test_a_consent_ends_when_the_team_closes(health_items):
    world = health_items
    world.team.status, world.team.closure_reason = "closed", "goals_reached"
    world.team.closed_at = timezone.now()
    world.team.save()
    assert "Sosiaalitavoite" not in _plan_html(world.lead, world)  # the lead still reads


def test_consent_for_another_organisation_opens_nothing(health_items):
    world = health_items
    world.consent.organisations.set([world.outsider.organisation])
    assert "Sosiaalitavoite" not in _plan_html(world.lead, world)


def test_disclosure_ban_overrides_consent_but_not_a_legal_basis(health_items):
    world = health_items
    access_services.disclosure_ban_set(client=world.client, by=world.member)
    html = _plan_html(world.lead, world)
    assert "Sosiaalitavoite" not in html and "luovutuskielto" in html
    ConsentFactory(team=world.team, recorded_by=world.member, given_how="statute",
                   statute="shl_41", organisations=[world.lead.organisation])
    assert "Sosiaalitavoite" in _plan_html(world.lead, world)
    row = DisclosureLog.objects.order_by("-id").first()
    assert row.basis == DisclosureBasis.LEGAL_BASIS
    assert row.basis_reference == "shl_41"  # a code: each reader sees it in their language
    assert "1301/2014" in row.basis_label


@pytest.mark.parametrize("newest", ["statute", "signed"])
def test_where_two_bases_open_an_item_the_newest_is_logged(health_items, newest):
    """A consent and a legal basis both open the plan to the lead: the one given last is the
    disclosure's basis, whatever order they were recorded in."""
    world = health_items
    today = timezone.localdate()
    statute = ConsentFactory(team=world.team, recorded_by=world.member, given_how="statute",
                             statute="shl_41", organisations=[world.lead.organisation])
    Consent.objects.filter(pk=world.consent.pk).update(
        given_on=today - datetime.timedelta(days=1 if newest == "statute" else 0))
    Consent.objects.filter(pk=statute.pk).update(
        given_on=today - datetime.timedelta(days=0 if newest == "statute" else 1))
    assert "Sosiaalitavoite" in _plan_html(world.lead, world)
    row = DisclosureLog.objects.order_by("-id").first()
    assert row.basis == (DisclosureBasis.LEGAL_BASIS if newest == "statute"
                         else DisclosureBasis.CONSENT)


def test_a_ban_is_lifted_only_by_its_controller_and_dated(world):
    ban = access_services.disclosure_ban_set(client=world.client, by=world.member)
    kela = PersonFactory(organisation=OrganisationFactory(kind=Organisation.Kind.KELA))
    with pytest.raises(PermissionDenied):
        access_services.disclosure_ban_lift(ban=ban, by=kela)
    access_services.disclosure_ban_lift(ban=ban, by=world.lead)  # the same county
    ban.refresh_from_db()
    assert ban.lifted_on == timezone.localdate() and ban.lifted_by == world.lead
    # The client page says whose ban it was, who set it and who lifted it.
    page = login(world.member).get(reverse("client_detail", args=[world.client.pk]))
    day = timezone.localdate().strftime("%-d.%-m.%Y")
    assert (f"{ban.controller}: asiakas kieltää tietojensa luovutuksen ({day} alkaen, "
            f"kirjannut {world.member}) – poistettu {day}, poistanut {world.lead}"
            ) in " ".join(page.content.decode().split())


def test_hidden_items_cannot_be_edited(health_items):
    world = health_items
    world.revoke_consents()
    goal = world.plan.goals.get(register="social")
    action = ActionFactory(plan=world.plan, register="social")
    http = login(world.lead)
    assert http.get(reverse("goal_edit", args=[goal.pk])).status_code == 404
    assert http.post(reverse("action_done", args=[action.pk]), {"done": "1"}).status_code == 404
    assert http.get(reverse("plan_edit", args=[world.team.pk])).status_code == 404


def test_a_withheld_goal_is_neither_offered_nor_named(health_items):
    """The add-action form lists only visible goals; an action linked to a withheld goal
    does not show the goal's text."""
    world = health_items
    world.revoke_consents()
    health_goal = world.plan.goals.get(register="health")
    ActionFactory(plan=world.plan, goal=health_goal, text="Sosiaalinen toimi")
    form = login(world.member).get(reverse("action_add", args=[world.team.pk])).content.decode()
    assert "Terveystavoite" not in form and "Sosiaalitavoite" in form
    plan = _plan_html(world.member, world)
    assert "Sosiaalinen toimi" in plan and "Terveystavoite" not in plan


def test_registers_follow_controllers_an_ngo_does_not_read_kelas_note(world):
    kela = PersonFactory(organisation=OrganisationFactory(
        name="Kela Kuopio", kind=Organisation.Kind.KELA, register="other"))
    ngo = PersonFactory(organisation=OrganisationFactory(
        name="Kohtaamo ry", kind=Organisation.Kind.NGO, register="other"))
    for person in (kela, ngo):
        MemberFactory(team=world.team, person=person)
    login(kela).post(reverse("note_add", args=[world.team.pk]),
                     {"form_key": str(uuid.uuid4()), "text": "Kelan muistiinpano"})
    page = login(ngo).get(reverse("team_detail", args=[world.team.pk])).content.decode()
    assert "Kelan muistiinpano" not in page and "Kela Kuopio" in page


def _consent(world, recorder, **changes):
    return access_services.consent_record(**{
        "team": world.team, "recorder": recorder, "organisations": [world.lead.organisation],
        "data_kinds": ["plan"], "given_how": "signed", "given_on": timezone.localdate(),
        **changes})


def test_consent_rules(world):
    with pytest.raises(ValidationError) as error:
        _consent(world, world.member, given_how="verbal")
    assert "witness" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _consent(world, world.member, given_how="statute")
    assert "statute" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _consent(world, world.member, given_how="statute", statute="other")
    assert "statute_text" in error.value.message_dict
    consent = _consent(world, world.member, given_how="verbal", witness="Sh. Laine")
    assert consent.is_active()
    assert (consent.controller_id, consent.register) == (
        world.member.organisation.controller_key, "social")


def test_nobody_grants_a_consent_to_themselves(world):
    """The review's social-care coordinator recorded an 'electronic' consent for her own
    organisation covering the health register. Now a consent opens only the recorder's own
    records, and never to the recorder's own organisation."""
    with pytest.raises(ValidationError) as error:
        _consent(world, world.member, organisations=[world.member.organisation])
    assert "organisations" in error.value.message_dict
    consent = _consent(world, world.member, organisations=[world.lead.organisation])
    assert consent.register == "social"  # not health: the recorder's own register only


def test_recording_needs_the_capability(world):
    ngo = PersonFactory(organisation=OrganisationFactory(kind=Organisation.Kind.NGO),
                        roles=[])
    role_grant(ngo, RoleKind.PROFESSIONAL, capabilities=[])
    MemberFactory(team=world.team, person=ngo)
    with pytest.raises(PermissionDenied):
        _consent(world, ngo)
    role_grant(world.member, RoleKind.PROFESSIONAL)
    with pytest.raises(PermissionDenied):  # a legal basis needs its own capability
        no_basis = PersonFactory(organisation=world.member.organisation, roles=[])
        role_grant(no_basis, RoleKind.COORDINATOR, capabilities=[Capability.RECORD_CONSENT])
        _consent(world, no_basis, given_how="statute", statute="shl_41")


def test_consent_page_records_a_consent(world):
    http = login(world.lead)
    page = http.post(reverse("team_consents", args=[world.team.pk]), {
        "form_key": str(uuid.uuid4()), "organisations": [world.member.organisation.pk],
        "data_kinds": ["plan", "meeting"], "given_how": "signed",
        "given_on": timezone.localdate().isoformat()})
    assert page.status_code == 302
    consent = Consent.objects.order_by("-id").first()
    assert (consent.recorded_by, consent.register) == (world.lead, "health")


def test_emergency_access_is_reasoned_time_limited_flagged_and_read_only(world):
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
    # Read-only: no notes, no membership (the review's NGO worker made herself the lead).
    note = http.post(reverse("note_add", args=[world.team.pk]),
                     {"form_key": str(uuid.uuid4()), "text": "Hätäkäytössä kirjoitettu"})
    assert note.status_code == 403
    member = http.post(reverse("member_add", args=[world.team.pk]), {
        "form_key": str(uuid.uuid4()), "kind": "professional",
        "person": world.outsider.pk, "is_lead": "on"})
    assert member.status_code == 403 and not world.team.members.filter(
        person=world.outsider).exists()
    EmergencyAccess.objects.filter(pk=grant.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert http.get(url).status_code == 404


def test_emergency_access_needs_the_capability(world):
    ngo = PersonFactory(organisation=OrganisationFactory(kind=Organisation.Kind.NGO),
                        roles=[])
    role_grant(ngo, RoleKind.PROFESSIONAL, capabilities=[])
    handle = access.client_handle_make(ngo.user, world.client)
    http = login(ngo)
    assert http.get(reverse("emergency_access", args=[handle])).status_code == 403
    with pytest.raises(PermissionDenied):
        access_services.emergency_access_start(user=ngo.user, client=world.client,
                                               reason="Kiireellinen tilanne päivystyksessä.")


def test_emergency_access_sees_its_own_controllers_registers(health_items):
    world = health_items
    world.revoke_consents()
    access_services.emergency_access_start(user=world.outsider.user, client=world.client,
                                           reason="Kiireellinen hoidon tarve päivystyksessä.")
    html = _plan_html(world.outsider, world)  # social care of the same county
    assert "Sosiaalitavoite" in html and "Terveystavoite" in html
    assert DisclosureLog.objects.filter(basis=DisclosureBasis.EMERGENCY).exists()


def test_emergency_access_of_another_controller_sees_nothing_of_the_county(health_items):
    world = health_items
    kela = PersonFactory(organisation=OrganisationFactory(kind=Organisation.Kind.KELA,
                                                          register="other"))
    access_services.emergency_access_start(user=kela.user, client=world.client,
                                           reason="Kiireellinen tilanne palvelupisteessä.")
    html = _plan_html(kela, world)
    assert "Sosiaalitavoite" not in html and "Terveystavoite" not in html
