"""What a second attacker's probe of access found, each as a test of the mechanism that now
stops it: separation of duties for access administrators, capabilities only on client-work
roles, history that names withheld items by reference, concerns that belong to their author
until a team exists, writes logged only once saved, and no control offered that then fails."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from moti.access import helpers as access
from moti.access import services
from moti.access.models import Capability, Role, RoleKind
from moti.access.roles import can
from moti.audit.models import Operation, UseLog, What
from moti.directory.models import Organisation
from moti.plans.services import action_update
from tests.conftest import login
from tests.factories import (
    ActionFactory,
    ClientFactory,
    ConcernFactory,
    ConsentFactory,
    GoalFactory,
    MemberFactory,
    OrganisationFactory,
    PersonFactory,
    TeamFactory,
    role_grant,
)


@pytest.fixture
def admin(world):
    return PersonFactory(organisation=world.member.organisation.parent,
                         roles=[RoleKind.ACCESS_ADMIN])


def _role(world, kind, capabilities=()):
    return Role.objects.create(organisation_id=world.member.organisation.controller_key,
                               name=f"{kind} {uuid.uuid4().hex[:6]}", kind=kind,
                               capabilities=list(capabilities))


# --- Who grants access never holds what it opens -----------------------------------------------

def test_an_access_administrator_cannot_grant_himself_anything(world, admin):
    dpo_role = _role(world, RoleKind.DPO)
    with pytest.raises(ValidationError, match="omia käyttöoikeuksiaan"):
        services.person_roles_set(person=admin, by=admin,
                                  roles=[*admin.access_roles.all(), dpo_role])
    page = login(admin).post(reverse("access_person", args=[admin.pk]),
                             {"roles": [r.pk for r in admin.access_roles.all()] + [dpo_role.pk]})
    assert page.status_code == 200 and not admin.access_roles.filter(kind=RoleKind.DPO).exists()
    assert "Kukaan ei muuta omia käyttöoikeuksiaan" in page.content.decode()


def test_an_access_administrator_is_never_also_a_client_worker_or_the_dpo(world, admin):
    other_admin = PersonFactory(organisation=world.member.organisation, roles=[])
    admin_role = _role(world, RoleKind.ACCESS_ADMIN)
    admin_role.people.add(other_admin)
    for kind in (RoleKind.DPO, RoleKind.PROFESSIONAL):
        with pytest.raises(ValidationError, match="hallinnoija ei voi samalla"):
            services.person_roles_set(person=other_admin, by=admin,
                                      roles=[admin_role, _role(world, kind)])
    # Nor by turning another role he holds into one.
    directory = _role(world, RoleKind.DIRECTORY_MAINTAINER)
    directory.people.add(other_admin)
    with pytest.raises(ValidationError, match="hallinnoija ei voi samalla"):
        services.role_save(by=admin, role=directory, name=directory.name, kind=RoleKind.DPO,
                           capabilities=[])


def test_nobody_changes_a_role_they_hold(world, admin):
    own = admin.access_roles.get()
    with pytest.raises(ValidationError, match="joka hänellä itsellään on"):
        services.role_save(by=admin, role=own, name=own.name, kind=own.kind, capabilities=[])


def test_capabilities_belong_to_client_work_roles_only(world, admin):
    with pytest.raises(ValidationError, match="vain asiakastyön rooleilla"):
        services.role_save(by=admin, name="Esihenkilö plus", kind=RoleKind.MANAGER,
                           capabilities=[Capability.LOOK_UP_CLIENT])
    # Data that says otherwise (an old row, a manual edit) opens nothing either.
    manager = PersonFactory(organisation=world.member.organisation, roles=[])
    role = _role(world, RoleKind.MANAGER, [Capability.LOOK_UP_CLIENT, Capability.ADD_CLIENT])
    role.people.add(manager)
    assert not can(manager, Capability.LOOK_UP_CLIENT)
    page = login(manager).post(reverse("client_search"), {"query": world.client.identity_code})
    assert page.context["found"] is None
    assert login(manager).get(reverse("client_new")).status_code == 403


def test_role_names_are_unique_with_a_plain_message_and_capabilities_not_doubled(world, admin):
    services.role_save(by=admin, name="Ohjaaja", kind=RoleKind.PROFESSIONAL,
                       capabilities=[Capability.ADD_CLIENT, Capability.ADD_CLIENT])
    assert Role.objects.get(name="Ohjaaja").capabilities == [Capability.ADD_CLIENT]
    page = login(admin).post(reverse("access_role_new"), {
        "name": "ohjaaja", "kind": RoleKind.PROFESSIONAL})
    assert "Samanniminen rooli on jo olemassa" in page.content.decode()


@pytest.mark.parametrize("kind", [Organisation.Kind.KELA, Organisation.Kind.NGO])
def test_only_social_or_health_care_professionals_lead_even_with_the_capability(world, kind):
    outside = PersonFactory(organisation=OrganisationFactory(kind=kind, register="other"))
    assert can(outside, Capability.BE_LEAD)  # their admin granted it
    member = MemberFactory(team=world.team, person=outside)
    with pytest.raises(ValidationError):
        services.member_update(member=member, role="", is_coordinator=False, is_lead=True)


# --- Withheld items stay withheld in the history and in the edit form --------------------------

def test_the_history_names_a_withheld_goal_without_its_text(world):
    world.revoke_consents()
    secret = GoalFactory(plan=world.plan, text="Terveyden salainen tavoite", author=world.lead,
                         register="health")
    action = ActionFactory(plan=world.plan, author=world.member, text="Yhteinen toimenpide")
    action_update(action=action, user=world.lead.user, expected_version=action.version,
                  text=action.text, owner=action.owner, due_date=action.due_date, goal=secret)
    page = login(world.member).get(reverse("plan_history", args=[world.team.pk]))
    html = page.content.decode()
    assert "Yhteinen toimenpide" in html and "Terveyden salainen tavoite" not in html
    assert "tavoite, jota ei näytetä sinulle" in html


def test_editing_an_action_keeps_a_goal_the_editor_may_not_see(world):
    world.revoke_consents()
    secret = GoalFactory(plan=world.plan, text="Terveyden salainen tavoite", author=world.lead,
                         register="health")
    action = ActionFactory(plan=world.plan, author=world.member, goal=secret)
    http = login(world.member)
    form = http.get(reverse("action_edit", args=[action.pk]))
    html = form.content.decode()
    assert "Terveyden salainen tavoite" not in html and "ei näytetä sinulle" in html
    data = {"version": action.version, "text": "Muokattu", "owner": action.owner_id,
            "due_date": action.due_date.isoformat(), "goal": secret.pk}
    assert http.post(reverse("action_edit", args=[action.pk]), data).status_code == 302
    action.refresh_from_db()
    assert (action.text, action.goal_id) == ("Muokattu", secret.pk)


# --- A waiting concern is its author's ---------------------------------------------------------

def test_a_member_of_another_team_cannot_open_or_convene_someone_elses_waiting_concern(world):
    """The lone concern is world.author's; world.member coordinates the client's team."""
    http = login(world.member)
    url = reverse("concern_detail", args=[world.lone_concern.pk])
    assert http.get(url).status_code == 404
    convened = http.post(reverse("team_convene", args=[world.lone_concern.pk]),
                         {"form_key": str(uuid.uuid4()), "author_is_coordinator": "on"})
    assert convened.status_code == 404
    world.lone_concern.refresh_from_db()
    assert not hasattr(world.lone_concern, "team") or world.lone_concern.team is None
    assert login(world.author).get(url).status_code == 200


def test_a_concern_author_outside_the_team_is_told_whom_to_ask_not_given_a_dead_link(world):
    world.lone_concern.delete()
    concern = world.team.concern
    outsider_author = PersonFactory(organisation=world.lead.organisation)
    concern.author = outsider_author
    concern.save()
    page = login(outsider_author).get(reverse("concern_detail", args=[concern.pk]))
    html = page.content.decode()
    assert reverse("team_detail", args=[world.team.pk]) not in html
    assert "pyydä tiimin koordinaattoreita" in html


# --- Emergency access is read-only, all the way ------------------------------------------------

def test_emergency_access_offers_no_new_concern(world):
    nurse = PersonFactory(organisation=world.lead.organisation)
    services.emergency_access_start(user=nurse.user, client=world.client,
                                    reason="Päivystyksessä tarvitaan tiedot heti.")
    page = login(nurse).get(reverse("client_detail", args=[world.client.pk]))
    assert "/concerns/new/" not in page.content.decode()
    consents = login(nurse).get(reverse("team_consents", args=[world.team.pk]))
    html = consents.content.decode()
    assert reverse("consent_revoke", args=[world.consent.pk]) not in html
    assert not consents.context["may_record"]


# --- Writes are logged when saved, and the report says what happened ----------------------------

def _rows(person, since_id):
    return [(r.what, r.operation) for r in UseLog.objects.filter(
        user_id=person.user.pk, id__gt=since_id).order_by("id")]


def _last_id():
    return UseLog.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_opening_a_form_or_sending_it_with_errors_is_a_read_saving_is_a_write(world):
    http = login(world.member)
    url = reverse("goal_add", args=[world.team.pk])
    start = _last_id()
    http.get(url)
    assert _rows(world.member, start) == [(What.PLAN, Operation.READ)]
    start = _last_id()
    http.post(url, {"form_key": str(uuid.uuid4()), "text": ""})
    assert _rows(world.member, start) == [(What.PLAN, Operation.READ)]
    start = _last_id()
    assert http.post(url, {"form_key": str(uuid.uuid4()), "text": "Oma koti"}).status_code == 302
    assert _rows(world.member, start) == [(What.PLAN, Operation.READ),
                                          (What.PLAN, Operation.WRITE)]


def test_recording_a_concern_is_logged_as_recording_one(world):
    handle = access.client_handle_make(world.outsider.user, ClientFactory())
    client = access.client_from_handle(world.outsider.user, handle)
    http = login(world.outsider)
    start = _last_id()
    http.post(reverse("concern_new", args=[handle]), {
        "form_key": str(uuid.uuid4()), "need_domains": ["housing"], "urgency": "normal",
        "description": "Asunto menossa.", "client_agreed": "on"})
    rows = UseLog.objects.filter(user_id=world.outsider.user.pk, id__gt=start,
                                 client_id=client.pk)
    assert (What.CONCERN, Operation.WRITE) in [(r.what, r.operation) for r in rows]


def test_a_refused_legal_basis_is_not_offered_and_not_logged_as_allowed(world):
    ngo = PersonFactory(organisation=OrganisationFactory(kind="ngo", register="other"),
                        roles=[])
    role_grant(ngo, RoleKind.PROFESSIONAL, capabilities=[Capability.RECORD_CONSENT])
    MemberFactory(team=world.team, person=ngo)
    http = login(ngo)
    page = http.get(reverse("team_consents", args=[world.team.pk]))
    choices = dict(page.context["form"].fields["given_how"].choices)
    assert "statute" not in choices
    assert ngo.organisation not in page.context["form"].fields["organisations"].queryset
    start = _last_id()
    tampered = http.post(reverse("team_consents", args=[world.team.pk]), {
        "form_key": str(uuid.uuid4()), "given_how": "statute", "statute": "shl_41",
        "organisations": [world.member.organisation.pk], "data_kinds": ["plan"],
        "given_on": timezone.localdate().isoformat()})
    assert tampered.status_code == 403
    row = UseLog.objects.get(user_id=ngo.user.pk, id__gt=start)
    assert (row.what, row.allowed) == (What.CONSENT, False)


def test_only_the_owning_controller_is_offered_revoking_a_legal_basis(world):
    kela = PersonFactory(organisation=OrganisationFactory(kind="kela", register="other"))
    MemberFactory(team=world.team, person=kela)
    basis = ConsentFactory(team=world.team, recorded_by=world.member, given_how="statute",
                           statute="shl_41", organisations=[kela.organisation])
    page = login(kela).get(reverse("team_consents", args=[world.team.pk])).content.decode()
    assert reverse("consent_revoke", args=[basis.pk]) not in page
    assert reverse("consent_revoke", args=[world.consent.pk]) in page  # a consent: anyone


def test_the_dpo_is_throttled_too_and_reading_the_log_of_a_client_is_logged(world, settings):
    settings.MOTI_LOOKUP_LIMIT = 2
    dpo = PersonFactory(organisation=world.member.organisation, roles=[RoleKind.DPO])
    http = login(dpo)
    for _ in range(2):
        assert http.post(reverse("dpo:home"), {"identity_code": world.client.identity_code}
                         ).status_code == 302
    third = http.post(reverse("dpo:home"), {"identity_code": world.client.identity_code})
    assert third.status_code == 422 and "Olet hakenut monta" in third.content.decode()
    http.get(reverse("dpo:log_review"), {"client": world.client.pk})
    assert UseLog.objects.filter(user_id=dpo.user.pk, what=What.LOG_REPORT,
                                 client_id=world.client.pk, allowed=True).exists()


def test_the_throttle_message_speaks_the_users_language(world, settings):
    settings.MOTI_LOOKUP_LIMIT = 0
    http = login(world.member)
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    page = http.post(reverse("client_search"), {"query": world.client.identity_code})
    assert "Du har sökt på många personbeteckningar" in page.content.decode()


def test_the_concern_form_logs_the_teams_it_names(world):
    handle = access.client_handle_make(world.outsider.user, world.client)
    start = _last_id()
    login(world.outsider).get(reverse("concern_new", args=[handle]))
    assert (What.TEAM, Operation.READ) in _rows(world.outsider, start)


def test_a_member_of_team_a_reaches_nothing_of_team_b(world):
    team_b = TeamFactory(concern__client=world.client)
    http = login(world.member)
    for name in ("team_detail", "plan_detail", "team_consents", "meeting_new"):
        assert http.get(reverse(name, args=[team_b.pk])).status_code == 404, name
    waiting = ConcernFactory(client=world.client)
    assert http.get(reverse("concern_detail", args=[waiting.pk])).status_code == 404
