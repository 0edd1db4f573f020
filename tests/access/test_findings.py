"""Each finding of the outside review of access, as a test of what it should have been.

The findings of registers, consents and emergency access are in test_registers.py; every URL
× role × method is in test_authorization_matrix.py. These are the rest, one test a finding.
"""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from moti.access import helpers as access
from moti.access.models import Capability, RoleKind
from moti.audit.models import UseLog, What
from moti.directory.models import Organisation
from moti.teams import services as team_services
from moti.teams.models import TeamMember
from tests.conftest import login
from tests.factories import (
    ClientFactory,
    ConcernFactory,
    GoalFactory,
    MemberFactory,
    OrganisationFactory,
    PersonFactory,
    TeamFactory,
    role_grant,
)


def _person(kind: str, capabilities: list[str], **org) -> object:
    person = PersonFactory(organisation=OrganisationFactory(kind=kind, register="other", **org),
                           roles=[])
    role_grant(person, RoleKind.PROFESSIONAL, capabilities=capabilities)
    return person


@pytest.fixture
def ngo_worker():
    return _person(Organisation.Kind.NGO, [Capability.RECORD_CONSENT])


def _search(person, code):
    return login(person).post(reverse("client_search"), {"query": code})


# --- Self-service access ----------------------------------------------------------------------

def test_an_ngo_worker_cannot_look_up_an_identity_code_and_the_attempt_is_logged(
        world, ngo_worker):
    page = _search(ngo_worker, world.client.identity_code)
    assert page.status_code == 200 and page.context["found"] is None
    assert "Roolisi ei salli asiakkaan hakemista henkilötunnuksella" in page.content.decode()
    row = UseLog.objects.get(user_id=ngo_worker.user.pk)
    assert (row.what, row.allowed, row.client_id) == (What.IDENTITY_CODE_LOOKUP, False, None)


def test_identity_code_lookups_are_throttled_and_the_dpo_sees_the_burst(world, settings):
    settings.MOTI_LOOKUP_LIMIT = 3
    others = [ClientFactory() for _ in range(4)]
    for client in others[:3]:
        assert _search(world.outsider, client.identity_code).context["found"] == client
    fourth = _search(world.outsider, others[3].identity_code)
    assert fourth.context["found"] is None and "Olet hakenut monta henkilötunnusta" in \
        fourth.content.decode()
    assert UseLog.objects.filter(user_id=world.outsider.user.pk, allowed=False).count() == 1
    dpo = PersonFactory(organisation=world.member.organisation, roles=[RoleKind.DPO])
    home = login(dpo).get(reverse("dpo:home"))
    burst = next(b for b in home.context["bursts"] if b["user_id"] == world.outsider.user.pk)
    assert (burst["total"], burst["refused"]) == (4, 1)


def test_the_add_client_form_duplicate_check_is_a_logged_and_throttled_lookup(world, settings):
    settings.MOTI_LOOKUP_LIMIT = 1
    http = login(world.outsider)
    data = {"form_key": str(uuid.uuid4()), "first_name": "Testi", "last_name": "Henkilö",
            "identity_code": world.client.identity_code, "municipality": "Kuopio",
            "language": "fi"}
    first = http.post(reverse("client_new"), data)
    assert first.status_code == 200  # "already in Moti", with a way on
    row = UseLog.objects.get(user_id=world.outsider.user.pk)
    assert (row.what, row.client_id, row.allowed) == (
        What.IDENTITY_CODE_LOOKUP, world.client.pk, True)
    second = http.post(reverse("client_new"), {**data, "form_key": str(uuid.uuid4())})
    assert "Olet hakenut monta henkilötunnusta" in second.content.decode()
    assert UseLog.objects.filter(user_id=world.outsider.user.pk, allowed=False).count() == 1


def test_the_dpo_is_not_offered_adding_a_client(world):
    dpo = PersonFactory(organisation=world.member.organisation, roles=[RoleKind.DPO])
    http = login(dpo)
    assert reverse("client_new") not in http.get(reverse("client_search")).content.decode()
    assert http.get(reverse("client_new")).status_code == 403


# --- Emergency access leaves no lasting rights -------------------------------------------------

def test_emergency_access_cannot_make_a_member_or_a_lead(world):
    from moti.access.services import emergency_access_start

    nurse = PersonFactory(organisation=world.lead.organisation)
    emergency_access_start(user=nurse.user, client=world.client,
                           reason="Asiakas päivystyksessä, tarvitaan tiedot.")
    http = login(nurse)
    added = http.post(reverse("member_add", args=[world.team.pk]), {
        "form_key": str(uuid.uuid4()), "kind": "professional", "person": nurse.pk,
        "is_lead": "on"})
    assert added.status_code == 403
    assert not TeamMember.objects.filter(person=nurse).exists()
    refused = UseLog.objects.filter(user_id=nurse.user.pk, what=What.TEAM_MEMBER).get()
    assert not refused.allowed and refused.emergency


# --- One team opens no other ------------------------------------------------------------------

def test_a_team_of_ones_own_does_not_open_the_clients_other_teams(world):
    """The employment worker's path: a concern, a team of his own, then another coordinator's
    closed team. Nothing of it opens; every attempt is a refused row."""
    employment = _person(Organisation.Kind.EMPLOYMENT, [Capability.RECORD_CONSENT])
    role_grant(employment, RoleKind.PROFESSIONAL)
    concern = ConcernFactory(client=world.client, author=employment)
    mine = team_services.team_convene(author=employment, concern=concern)
    GoalFactory(plan=world.plan, text="Toisen tiimin tavoite")
    team_services.team_close(team=world.team, closer=world.member, reason="goals_reached", note="")
    http = login(employment)
    assert http.get(reverse("team_detail", args=[mine.pk])).status_code == 200
    for name in ("team_detail", "plan_detail", "plan_history", "plan_print", "team_consents"):
        response = http.get(reverse(name, args=[world.team.pk]))
        assert response.status_code == 404, name
        assert "Toisen tiimin tavoite" not in response.content.decode()
    assert http.get(reverse("concern_detail", args=[world.team.concern_id])).status_code == 404
    refused = UseLog.objects.filter(user_id=employment.user.pk, allowed=False)
    assert refused.count() == 6 and not refused.filter(emergency=True).exists()
    page = http.get(reverse("client_detail", args=[world.client.pk])).content.decode()
    assert reverse("team_detail", args=[world.team.pk]) not in page  # not even listed
    # Nor the other team's concern; his own is.
    assert reverse("concern_detail", args=[world.team.concern_id]) not in page
    assert reverse("concern_detail", args=[concern.pk]) in page
    own = login(world.lead).get(reverse("client_detail", args=[world.client.pk]))
    assert reverse("concern_detail", args=[world.team.concern_id]) in own.content.decode()


def test_a_closed_team_stays_open_to_its_coordinators_and_lead_only(world):
    plain = MemberFactory(team=world.team, person__organisation=world.member.organisation)
    team_services.team_close(team=world.team, closer=world.member, reason="goals_reached", note="")
    url = reverse("plan_detail", args=[world.team.pk])
    assert login(plain.person).get(url).status_code == 404
    assert login(world.member).get(url).status_code == 200
    assert login(world.lead).get(url).status_code == 200


# --- Plain members do not run the team ---------------------------------------------------------

def test_a_plain_member_cannot_make_herself_lead_close_the_team_or_add_people(world):
    plain = MemberFactory(team=world.team, person__organisation=world.member.organisation)
    http = login(plain.person)
    assert http.post(reverse("member_edit", args=[plain.pk]), {
        "role": "", "is_lead": "on"}).status_code == 403
    assert http.post(reverse("team_close", args=[world.team.pk]),
                     {"closure_reason": "goals_reached"}).status_code == 403
    assert http.post(reverse("member_add", args=[world.team.pk]), {
        "form_key": str(uuid.uuid4()), "kind": "professional",
        "person": world.outsider.pk}).status_code == 403
    plain.refresh_from_db()
    world.team.refresh_from_db()
    assert not plain.is_lead and world.team.is_open
    assert not world.team.members.filter(person=world.outsider).exists()


def test_nobody_adds_a_person_who_does_no_client_work(world):
    dpo = PersonFactory(organisation=world.member.organisation, roles=[RoleKind.DPO])
    page = login(world.member).post(reverse("member_add", args=[world.team.pk]), {
        "form_key": str(uuid.uuid4()), "kind": "professional", "person": dpo.pk})
    assert page.status_code == 422
    assert not world.team.members.filter(person=dpo).exists()
    # Nor is such a person even offered.
    form = login(world.member).get(reverse("member_add", args=[world.team.pk]))
    assert dpo not in form.context["form"].fields["person"].queryset


@pytest.mark.parametrize("kind", [Organisation.Kind.POLICE, Organisation.Kind.NGO,
                                  Organisation.Kind.KELA])
def test_only_a_county_social_or_health_professional_leads(world, kind):
    outside = _person(kind, [])
    member = MemberFactory(team=world.team, person=outside)
    page = login(world.member).post(reverse("member_edit", args=[member.pk]),
                                    {"role": "", "is_lead": "on"})
    assert page.status_code == 200 and "Vastuutyöntekijä on hyvinvointialueen" in \
        page.content.decode()
    member.refresh_from_db()
    assert not member.is_lead


# --- A withheld plan explains itself -----------------------------------------------------------

def test_a_withheld_plan_names_its_source_and_offers_no_empty_controls(world):
    """Everything written by health care and no consent yet: the social worker who leads sees
    why, who can fix it, no 'save minutes' over a record she cannot see, and a printout
    that says some of the plan is missing."""
    from tests.factories import MeetingFactory

    world.revoke_consents()
    nurse = world.lead
    GoalFactory(plan=world.plan, text="Terveystavoite", author=nurse, register="health")
    meeting = MeetingFactory(team=world.team, author=nurse, register="health",
                             minutes="Terveydenhuollon muistio")
    social_lead = world.member
    http = login(social_lead)
    plan = http.get(reverse("plan_detail", args=[world.team.pk])).content.decode()
    assert "Terveystavoite" not in plan and "Ei vielä tavoitteita" not in plan
    assert "Sinulle ei näytetä tavoitteita" in plan
    assert "Pohjois-Savon hyvinvointialue (Terveydenhuolto)" in plan and str(nurse) in plan
    record = http.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Terveydenhuollon muistio" not in record and 'type="submit"' not in record.split(
        "<main", 1)[1].split("</main>", 1)[0].replace('name="language"', "")
    blank = http.post(reverse("meeting_detail", args=[meeting.pk]), {"minutes": "Korvattu"})
    assert blank.status_code == 404
    meeting.refresh_from_db()
    assert meeting.minutes == "Terveydenhuollon muistio"
    printout = http.get(reverse("plan_print", args=[world.team.pk])).content.decode()
    assert "Osa suunnitelmastasi ei ole tällä paperilla" in printout


def test_the_printout_follows_the_clients_language(world):
    world.client.language = "sv"
    world.client.save()
    printout = login(world.member).get(reverse("plan_print", args=[world.team.pk]))
    assert 'lang="sv"' in printout.content.decode()
    assert "Min plan" in printout.content.decode()


# --- Concerns before a team --------------------------------------------------------------------

def test_a_concern_without_a_team_is_listed_for_its_author(world):
    http = login(world.author)
    home = http.get(reverse("home")).content.decode()
    assert reverse("concern_detail", args=[world.lone_concern.pk]) in home
    client_page = http.get(reverse("client_detail", args=[world.client.pk])).content.decode()
    assert reverse("concern_detail", args=[world.lone_concern.pk]) in client_page


def test_a_second_concern_warns_of_the_first_and_of_the_open_team(world):
    handle = access.client_handle_make(world.outsider.user, world.client)
    page = login(world.outsider).get(reverse("concern_new", args=[handle])).content.decode()
    assert "Asiakkaalla on jo MOTI-tiimi" in page
    assert "Asiakkaasta on jo kirjattu huoli, joka odottaa tiimiä" in page
    assert f"{timezone.localtime(world.team.created_at):%-d.%-m.%Y}" in page


def test_member_of_team_a_is_refused_team_b_of_the_same_client(world):
    team_b = TeamFactory(concern__client=world.client)
    page = login(world.member).get(reverse("team_detail", args=[team_b.pk]))
    assert page.status_code == 404
    assert UseLog.objects.filter(user_id=world.member.user.pk, what=What.TEAM,
                                 allowed=False, client_id=world.client.pk).exists()


def test_a_member_whose_role_lacks_the_capability_is_refused_and_logged_so(world):
    """The decision checks the capability, so the log says refused, not allowed-then-403."""
    plain = MemberFactory(team=world.team, person__organisation=world.member.organisation,
                          person__roles=[]).person
    role_grant(plain, RoleKind.COORDINATOR, capabilities=[Capability.RECORD_CONSENT])
    http = login(plain)
    for name, what in (("disclosure_ban_set", What.DISCLOSURE_BAN),
                       ("turvakielto", What.TURVAKIELTO)):
        assert http.post(reverse(name, args=[world.client.pk]),
                         {"turvakielto": "on"}).status_code == 403
        row = UseLog.objects.filter(user_id=plain.user.pk, what=what).get()
        assert not row.allowed, name
    assert not world.client.disclosure_bans.exists()
