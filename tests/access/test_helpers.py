import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from moti.access import helpers as access
from moti.audit.models import Basis, UseLog, What


def test_member_reads_client_and_the_read_is_logged(world):
    client = access.client_for(world.member.user, world.client.pk)
    assert client == world.client
    row = UseLog.objects.get()
    assert (row.user_id, row.client_id, row.what, row.allowed) == (
        world.member.user.pk, world.client.pk, What.CLIENT, True)
    assert row.basis == Basis.COORDINATOR


@pytest.mark.parametrize("who", ["outsider", "other_member"])
def test_others_get_404_and_the_attempt_is_logged(world, who):
    user = getattr(world, who).user
    with pytest.raises(Http404):
        access.client_for(user, world.client.pk)
    row = UseLog.objects.get()
    assert (row.user_id, row.client_id, row.allowed, row.basis) == (
        user.pk, world.client.pk, False, Basis.NONE)


def test_anonymous_gets_404(world):
    with pytest.raises(Http404):
        access.team_for(AnonymousUser(), world.team.pk)
    assert UseLog.objects.get().user_id is None


def test_missing_object_is_404_like_a_forbidden_one(world):
    with pytest.raises(Http404):
        access.team_for(world.member.user, 999999)
    with pytest.raises(Http404):
        access.team_for(world.member.user, "abc")
    assert UseLog.objects.filter(allowed=False).count() == 2


def test_lead_worker_basis(world):
    access.team_for(world.lead.user, world.team.pk)
    assert UseLog.objects.get().basis == Basis.LEAD


def test_concern_author_sees_that_concern_and_the_client_but_no_team(world):
    """Before a team exists, raising a concern is the author's relationship: their concern
    and the client's basic details (so the concern is not a 404 for its own author), but not
    another concern's team."""
    concern = access.concern_for(world.author.user, world.lone_concern.pk)
    assert concern.access_basis == Basis.CONCERN_AUTHOR
    assert access.client_for(world.author.user, world.client.pk).access_basis \
        == Basis.CONCERN_AUTHOR
    with pytest.raises(Http404):
        access.concern_for(world.author.user, world.team.concern_id)
    with pytest.raises(Http404):
        access.team_for(world.author.user, world.team.pk)


def test_closed_team_keeps_coordinators_and_lead_but_not_plain_members(world):
    from tests.factories import MemberFactory

    plain = MemberFactory(team=world.team).person
    world.team.status, world.team.closure_reason = "closed", "goals_reached"
    from django.utils import timezone

    world.team.closed_at = timezone.now()
    world.team.save()
    assert access.team_for(world.member.user, world.team.pk)
    assert access.team_for(world.lead.user, world.team.pk)
    with pytest.raises(Http404):
        access.team_for(plain.user, world.team.pk)


def test_client_handle_is_bound_to_its_user(world):
    handle = access.client_handle_make(world.outsider.user, world.client)
    assert access.client_from_handle(world.outsider.user, handle) == world.client
    with pytest.raises(Http404):
        access.client_from_handle(world.other_member.user, handle)
    with pytest.raises(Http404):
        access.client_from_handle(world.outsider.user, handle + "x")


def test_identity_code_lookup_is_logged_without_the_code(world):
    found = access.identity_code_lookup(world.outsider.user, world.client.identity_code)
    assert found == world.client
    row = UseLog.objects.get()
    assert row.what == What.IDENTITY_CODE_LOOKUP and row.client_id == world.client.pk
    assert world.client.identity_code not in str(row.__dict__)


def test_a_missing_object_and_a_refused_one_take_the_same_queries(world):
    """Timing must not tell an outsider that a client exists: the same work either way."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    def queries(pk):
        with CaptureQueriesContext(connections["default"]) as main, \
                CaptureQueriesContext(connections["log"]) as log, pytest.raises(Http404):
            access.client_for(world.outsider.user, pk)
        return [q["sql"].split(" WHERE ")[0] for q in main.captured_queries], \
            len(log.captured_queries)

    with pytest.raises(Http404):  # warm the user's caches (person, roles), as a page would
        access.client_for(world.outsider.user, 1)
    assert queries(999_999) == queries(world.client.pk)


def test_a_persons_roles_are_read_in_name_order_whatever_order_they_were_granted(world):
    """The log's `user_role` names them in one order, however they were granted."""
    from moti.access.models import Role, RoleKind
    from moti.access.roles import person_with_roles, role_names
    for name in ("Ööpiste", "Aamuvuoro"):  # granted the wrong way round, newer id last
        role = Role.objects.create(organisation_id=world.member.organisation.controller_key,
                                   name=name, kind=RoleKind.MANAGER)
        role.people.add(world.member)
    names = role_names(person_with_roles(world.member.user)).split(", ")
    assert names == sorted(names, key=str.casefold)
    assert (names[0], names[-1]) == ("Aamuvuoro", "Ööpiste")
    access.client_for(world.member.user, world.client.pk)
    assert UseLog.objects.get().user_role == ", ".join(names)
