"""The base fixture: a team with its members, a member of another team, and an outsider."""

from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.test import Client as HttpClient
from django.test.utils import override_settings
from django.utils import timezone, translation

from moti.audit.keys import new_key_pem
from moti.core.models import Register
from tests.factories import (
    ConcernFactory,
    ConsentFactory,
    MemberFactory,
    OrganisationFactory,
    PersonFactory,
    TeamFactory,
)

DB_FIXTURES = {"db", "transactional_db", "live_server", "world"}


def pytest_collection_modifyitems(items):
    """Every test that uses the database uses the log database too ("log" alias): any page or
    service may write a log row."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None and not DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            continue
        kwargs = dict(marker.kwargs) if marker else {}
        kwargs.setdefault("databases", "__all__")
        item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs),
                        append=False)


@pytest.fixture(autouse=True, scope="session")
def _fast_passwords():
    """A fast hasher for the whole session, module-scoped data (the demo region) included;
    WhiteNoise finds static files per request instead of indexing them all again for each
    test client (each one builds its middleware anew: some 80 ms per client otherwise)."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                           WHITENOISE_AUTOREFRESH=True):
        yield


@pytest.fixture(scope="session")
def _log_signing_key() -> str:
    return new_key_pem()[0].decode()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language. The locale middleware activates the
    request's language for the thread and leaves it there, so without this a test that
    calls a service outside a request would read in whatever language the test before it
    on the same worker asked for."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _log_sealing(settings, tmp_path, _log_signing_key):
    """A signing key and a witness file of the test's own, outside the database."""
    settings.MOTI_LOG_SIGNING_KEY = _log_signing_key
    settings.MOTI_LOG_WITNESSES = [{"BACKEND": "moti.audit.witness.FileWitness",
                                    "PATH": str(tmp_path / "witness" / "checkpoints.jsonl")}]


@dataclass
class World:
    team: object
    client: object
    member: object  # a professional member of `team` (coordinator)
    lead: object  # the lead responsible worker of `team`
    other_member: object  # a member of another client's team
    outsider: object  # a professional with no relationship to the client
    author: object  # raised a concern about the client that has no team yet
    lone_concern: object
    consent: object  # social care's records of the team, opened to the health centre
    consents: list  # both ways: social care's to health, and health care's to social

    def revoke_consents(self) -> None:
        for consent in self.consents:
            consent.revoked_at = timezone.now()
            consent.save()

    @property
    def plan(self):
        return self.team.plan


@pytest.fixture
def world(db) -> World:
    # One county: social care and health care are two registers of one controller.
    county = OrganisationFactory(name="Pohjois-Savon hyvinvointialue", register=Register.OTHER)
    social = OrganisationFactory(name="Kuopion aikuissosiaalityö", register=Register.SOCIAL,
                                 parent=county)
    health = OrganisationFactory(name="Nilsiän terveysasema", register=Register.HEALTH,
                                 parent=county)
    member = PersonFactory(organisation=social)
    # The client's name is one no professional can share by chance (the factories draw
    # Finnish names at random): tests check that messages never name the client.
    team = TeamFactory(concern__author=member, concern__client__first_name="Paju",
                       concern__client__last_name="Asiakasvaara")
    MemberFactory(team=team, person=member, is_coordinator=True, role="Koordinaattori")
    lead = MemberFactory(team=team, person__organisation=health, is_lead=True).person
    other = TeamFactory()
    other_member = PersonFactory(organisation=social)
    MemberFactory(team=other, person=other_member)
    author = PersonFactory(organisation=health)
    lone = ConcernFactory(client=team.client, author=author)
    # The client consented to sharing between the team's registers, as MOTI work starts: each
    # register's professional recorded it for their own records.
    consent = ConsentFactory(team=team, recorded_by=member, organisations=[health])
    back = ConsentFactory(team=team, recorded_by=lead, organisations=[social])
    return World(team=team, client=team.client, member=member, lead=lead,
                 other_member=other_member, outsider=PersonFactory(organisation=social),
                 author=author, lone_concern=lone, consent=consent, consents=[consent, back])


def login(person) -> HttpClient:
    http = HttpClient()
    http.force_login(person.user)
    return http


@pytest.fixture
def as_member(world):
    return login(world.member)
