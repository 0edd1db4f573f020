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

from moti.clients.models import Client
from moti.core.models import NeedDomain
from moti.demo.data import PASSWORD
from moti.directory.models import Organisation, Person
from moti.plans.models import Action
from moti.teams.models import Concern, Meeting, Team, TeamMember

KEY_USERS = {"koordinaattori", "sosiaalityontekija", "terveydenhoitaja", "tyollisyys",
             "jarjesto", "tietosuoja"}


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
    assert set(Organisation.Kind.values) - {Organisation.Kind.MUNICIPALITY} <= kinds
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
    assert people["tietosuoja"].role == Person.Role.DPO
    assert not TeamMember.objects.filter(person=people["tietosuoja"]).exists()
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
