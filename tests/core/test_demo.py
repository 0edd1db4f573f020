"""The demo region: volume, idempotence, artificial identity codes and every step of the loop.

Loading the region takes a couple of seconds, so it is loaded once for this module
(`demo_output`) inside a transaction that is rolled back at the end; each test runs in a
savepoint within it.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from stdnum.fi import hetu

from moti.access.models import CLIENT_WORK, Capability, Consent, Role, RoleKind
from moti.access.roles import can, does_client_work, has_role
from moti.access.visibility import Source
from moti.clients.models import Client
from moti.core.models import DataKind, NeedDomain, Register
from moti.demo.data import PASSWORD, SV_FIRST_FEMALE, SV_FIRST_MALE, SV_LAST
from moti.directory.models import Organisation, Person
from moti.paths.models import Intensity, ServiceEpisode
from moti.plans.models import Action
from moti.teams.attention import attention_list
from moti.teams.models import Concern, Meeting, Team, TeamMember

KEY_USERS = {"koordinaattori", "sosiaalityontekija", "terveydenhoitaja", "tyollisyys",
             "jarjesto", "tietosuoja", "kayttooikeudet"}
COUNTY = "Pohjois-Savon hyvinvointialue"


def _demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def _counts() -> dict:
    return {model.__name__: model.objects.count()
            for model in (Organisation, Person, Client, Concern, Team, TeamMember, Meeting,
                          Action)}


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """The demo region, loaded once for the module; what `moti demo` printed."""
    with django_db_blocker.unblock(), transaction.atomic(), transaction.atomic(using="log"):
        yield _demo()
        transaction.set_rollback(True)
        transaction.set_rollback(True, using="log")


# One worker loads the region for all three tests (pytest -n, --dist loadgroup).
pytestmark = [pytest.mark.usefixtures("demo_output"), pytest.mark.xdist_group("demo")]


@pytest.mark.django_db
def test_demo_loads_once_and_prints_the_logins(demo_output):
    first = demo_output
    assert f"Demo logins (password: {PASSWORD})" in first
    assert all(username in first for username in KEY_USERS)
    assert 35 <= Person.objects.count() <= 45
    assert 55 <= Client.objects.count() <= 65
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    K = Organisation.Kind
    assert {K.COUNTY, K.KELA, K.EMPLOYMENT, K.POLICE, K.NGO, K.OTHER} <= kinds
    before = _counts()

    again = _demo()
    assert _counts() == before
    assert "already loaded" in again
    assert all(username in again for username in KEY_USERS)


@pytest.mark.django_db
def test_demo_people_and_identity_codes():
    people = {p.user.username: p for p in Person.objects.filter(user__username__in=KEY_USERS)}
    assert set(people) == KEY_USERS
    assert all(p.user.check_password(PASSWORD) and p.user.first_name for p in people.values())
    dpo = people["tietosuoja"]
    assert has_role(dpo, RoleKind.DPO) and not does_client_work(dpo)
    assert not can(dpo, Capability.ADD_CLIENT)  # the DPO is not offered "add a client"
    assert not TeamMember.objects.filter(person=dpo).exists()
    assert TeamMember.objects.filter(person=people["koordinaattori"],
                                     is_coordinator=True).count() >= 10

    codes = list(Client.objects.exclude(identity_code=None)
                 .values_list("identity_code", flat=True))
    for code in codes:
        assert hetu.is_valid(code, allow_temporary=True), code
        assert 900 <= int(code[7:10]) <= 999, code
    signs = {code[6] for code in codes}
    assert signs & set("YXWVU")  # 2023 signs for the 1900s
    assert signs & set("ABCDEF")  # born in the 2000s
    assert Client.objects.filter(identity_code=None, birth_date__isnull=False).exists()
    assert Client.objects.filter(turvakielto=True).exists()
    assert Client.objects.filter(language=Client.Language.SV).exists()


@pytest.mark.django_db
def test_demo_covers_every_step_of_the_loop():
    today, now = timezone.localdate(), timezone.now()
    used = {d for domains in Concern.objects.values_list("need_domains", flat=True)
            for d in domains}
    assert used == set(NeedDomain.values)

    assert Concern.objects.filter(team__isnull=True).exists()
    open_teams = Team.objects.filter(status=Team.Status.OPEN)
    assert open_teams.filter(meetings__isnull=True).exists()
    assert open_teams.filter(meetings__starts_at__lt=now, plan__goals__isnull=False,
                             plan__next_review__gt=today).exists()
    assert Meeting.objects.filter(starts_at__gt=now).exists()
    actions = Action.objects.filter(plan__team__status=Team.Status.OPEN)
    assert actions.filter(done_at__isnull=True, due_date__lt=today).exists()  # overdue
    assert actions.filter(done_at__isnull=False).exists()
    assert Team.objects.filter(status=Team.Status.CLOSED).exclude(closure_reason="").exists()

    paju = Client.objects.get(first_name="Paju")
    team = paju.teams.get(status=Team.Status.OPEN)
    kinds = set(team.members.values_list("kind", flat=True))
    assert {TeamMember.Kind.SUPPORT_PERSON, TeamMember.Kind.EXPERIENCE_EXPERT} <= kinds
    assert team.members.filter(is_coordinator=True).count() == 2
    assert team.members.filter(is_lead=True).count() == 1
    assert team.members.filter(person__organisation__kind=Organisation.Kind.POLICE).exists()
    assert team.meetings.filter(client_story__contains="yksi ihminen").exists()
    assert team.plan.goals.filter(text__startswith="Haluan oman asunnon").exists()
    assert team.plan.dissenting_view

    # Paju's residential rehabilitation ends with nothing after it: her coordinators see the
    # transition first; elsewhere a residential period ended with its next step arranged.
    coordinator = Person.objects.get(user__username="koordinaattori")
    assert attention_list(person=coordinator)[0].reasons[0].kind == "transition"
    rehab = paju.episodes.get(intensity=Intensity.HEAVY)
    assert rehab.service is not None and not rehab.has_next_step
    assert ServiceEpisode.objects.filter(intensity=Intensity.HEAVY, ended_on__isnull=False,
                                         next_owner__isnull=False).exists()
    # Her referral to the employment services was received and has waited since.
    referral = paju.referrals.get()
    assert referral.state == "received" and referral.to_organisation == Person.objects.get(
        user__username="tyollisyys").organisation
    assert "referral" in {r.kind for a in attention_list(person=coordinator) for r in a.reasons}


@pytest.mark.django_db
def test_demo_organisations_and_their_controllers():
    assert not Organisation.objects.filter(controller__isnull=True).exists()
    county = Organisation.objects.get(name=COUNTY)
    assert county.kind == Organisation.Kind.COUNTY and county.parent is None
    assert county.controller_id == county.pk
    parts = Organisation.objects.filter(parent=county)
    assert {o.register for o in parts} >= {Register.SOCIAL, Register.HEALTH}
    assert parts.count() >= 4
    # The county's parts share one controller; every other organisation is its own.
    assert {o.controller_id for o in parts} == {county.pk}
    others = Organisation.objects.exclude(name__startswith=COUNTY)
    assert all(o.controller_id == o.pk and o.register == Register.OTHER for o in others)
    debt = Organisation.objects.get(name__contains="velkaneuvonta")
    assert debt.kind == Organisation.Kind.OTHER

    # Joroinen, served by the Varkaus coordinators, and the experience experts' association.
    assert Client.objects.filter(municipality="Joroinen").exists()
    association = Organisation.objects.get(name__contains="kokemusasiantuntijat")
    assert association.kind == Organisation.Kind.NGO
    expert = Person.objects.get(organisation=association)
    assert expert.title == "kokemusasiantuntija"
    memberships = TeamMember.objects.filter(person=expert, kind=TeamMember.Kind.PROFESSIONAL)
    assert memberships.exists()
    assert set(memberships.values_list("team__client__municipality", flat=True)) \
        <= {"Varkaus", "Joroinen"}


@pytest.mark.django_db
def test_demo_roles_as_a_county_grants_them():
    county = Organisation.objects.get(name=COUNTY)
    assert set(Role.objects.filter(organisation=county).values_list("kind", flat=True)) \
        == set(RoleKind.values)
    assert not Person.objects.filter(access_roles__isnull=True).exists()
    for role in Role.objects.all():
        assert role.organisation.controller_id == role.organisation_id
        assert Capability.EMERGENCY_ALL_REGISTERS not in role.capabilities
        if role.organisation != county:
            # Outside the county: no lookups, no clients added, no emergency access, no lead.
            assert set(role.capabilities) <= {Capability.RECORD_CONSENT,
                                              Capability.RECORD_LEGAL_BASIS,
                                              Capability.SET_DISCLOSURE_BAN}, role
            assert Capability.RECORD_CONSENT in role.capabilities
    police = Role.objects.get(organisation__kind=Organisation.Kind.POLICE)
    assert set(police.capabilities) == {Capability.RECORD_CONSENT,
                                        Capability.RECORD_LEGAL_BASIS}
    for person in Person.objects.select_related("organisation"):
        assert all(r.organisation_id == person.organisation.controller_id
                   for r in person.access_roles.all())
    # Only the county's social and health care professionals lead a team.
    for lead in TeamMember.objects.filter(is_lead=True).select_related("person__organisation"):
        assert lead.person.organisation.controller_id == county.pk
        assert lead.person.organisation.register in (Register.SOCIAL, Register.HEALTH)
        assert can(lead.person, Capability.BE_LEAD)

    admin = Person.objects.get(user__username="kayttooikeudet")
    assert has_role(admin, RoleKind.ACCESS_ADMIN)
    assert not admin.access_roles.filter(kind__in=CLIENT_WORK).exists()
    assert not TeamMember.objects.filter(person=admin).exists()


@pytest.mark.django_db
def test_demo_consents_never_open_the_registers_to_the_police():
    police = Organisation.objects.get(kind=Organisation.Kind.POLICE)
    to_police = Consent.objects.filter(organisations=police)
    assert to_police.exists()  # Paju's plan, and only the plan
    for consent in to_police:
        assert consent.data_kinds == [DataKind.PLAN], consent.data_kinds
        assert consent.team.client.first_name == "Paju"
        assert consent.register == Register.SOCIAL
    # Each consent opens its recorder's own records, never to the recorder's own organisation.
    for consent in Consent.objects.select_related("recorded_by__organisation")[:100]:
        source = Source.of_person(consent.recorded_by)
        assert (consent.controller_id, consent.register) == (source.controller_id,
                                                             source.register)
        assert consent.recorded_by.organisation not in consent.organisations.all()
    assert Consent.objects.filter(given_how=Consent.GivenHow.STATUTE).exists()
    assert Consent.objects.filter(revoked_at__isnull=False).exists()

    # An open team where a nurse's plan items are covered by no consent: the others see that
    # something is withheld, and who can ask the client.
    withheld = [
        team for team in Team.objects.filter(status=Team.Status.OPEN)
        if Action.objects.filter(plan__team=team, register=Register.HEALTH,
                                 author__title__in=("sairaanhoitaja", "terveydenhoitaja"))
        .exists()
        and not team.consents.filter(register=Register.HEALTH).exists()]
    assert withheld
    assert withheld[0].members.exclude(person__organisation__register=Register.HEALTH) \
        .filter(person__isnull=False).exists()


@pytest.mark.django_db
def test_demo_phone_numbers_cannot_reach_anyone():
    phones = [*Person.objects.values_list("phone", flat=True),
              *Client.objects.exclude(phone="").values_list("phone", flat=True),
              *TeamMember.objects.exclude(contact="").values_list("contact", flat=True)]
    assert len(phones) > 100
    assert all(phone.startswith("+999 ") for phone in phones), phones


@pytest.mark.django_db
def test_demo_finland_swedish_names():
    swedish = Client.objects.filter(language=Client.Language.SV)
    assert swedish.exists()
    for client in swedish:
        assert client.first_name in SV_FIRST_FEMALE + SV_FIRST_MALE
        assert client.last_name in SV_LAST
    assert Person.objects.filter(last_name__in=SV_LAST).exists()


# What each kind of demo person may do, tried through the pages: look up an identity code,
# add a client, break the glass, record a consent, lead a team, reach the DPO's and the access
# administrator's pages. (organisation kind or role, title) → expected yes/no per capability.
PER_ROLE = {
    #                                  lookup add   glass consent lead  dpo   admin
    ("county", "sosiaalityöntekijä"): (True, True, True, True, True, False, False),
    ("county", "sairaanhoitaja"): (True, True, True, True, True, False, False),
    ("kela", "Kela-virkailija"): (False, False, False, True, False, False, False),
    ("employment", "työkykykoordinaattori"): (False, False, False, True, False, False, False),
    ("police", "vanhempi konstaapeli"): (False, False, False, True, False, False, False),
    ("ngo", "järjestötyöntekijä"): (False, False, False, True, False, False, False),
    ("ngo", "kokemusasiantuntija"): (False, False, False, True, False, False, False),
    (RoleKind.DPO, None): (True, False, False, False, False, True, False),
    (RoleKind.ACCESS_ADMIN, None): (False, False, False, False, False, False, True),
    (RoleKind.MANAGER, None): (False, False, False, False, False, False, False),
}


def _demo_person(kind: str, title: str | None) -> Person:
    people = Person.objects.filter(user__isnull=False)
    if title is None:
        return people.filter(access_roles__kind=kind).first()
    return people.filter(organisation__kind=kind, title=title).first()


@pytest.mark.django_db
@pytest.mark.parametrize("who", list(PER_ROLE), ids=lambda who: f"{who[0]}-{who[1]}")
def test_demo_capabilities_per_role(who):
    """Each kind of person meets exactly what their role allows, page by page."""
    from django.test import Client as HttpClient
    from django.urls import reverse

    from moti.access.helpers import client_handle_make

    person = _demo_person(*who)
    assert person is not None, who
    http = HttpClient()
    http.force_login(person.user)
    client = Client.objects.exclude(teams__members__person=person).first()
    search = http.post(reverse("client_search"), {"query": client.identity_code})
    looked_up = search.status_code == 200 and search.context["found"] == client
    added = http.get(reverse("client_new")).status_code == 200
    glass = http.get(reverse("emergency_access", args=[client_handle_make(person.user,
                                                                          client)]))
    member_of = Team.objects.filter(members__person=person, status=Team.Status.OPEN).first()
    consent = member_of is not None and http.get(
        reverse("team_consents", args=[member_of.pk])).context["may_record"]
    got = (looked_up, added, glass.status_code == 200,
           consent if member_of else can(person, Capability.RECORD_CONSENT),
           can(person, Capability.BE_LEAD) and does_client_work(person),
           http.get(reverse("dpo:home")).status_code == 200,
           http.get(reverse("access_people")).status_code == 200)
    assert got == PER_ROLE[who], who
    # Whoever does no client work never reaches a client's page, not even by a handle.
    if not does_client_work(person):
        assert http.get(reverse("client_detail", args=[client.pk])).status_code == 404
