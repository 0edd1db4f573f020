"""The authorization matrix, generated from the URL configuration.

Every named URL × {anonymous, outsider, member of another team, author of another concern,
member, lead worker, coordinator, data protection officer, admin} → the expected status. A new
URL without a rule fails this test; `routes()` walks every URL module, namespaces included.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client as HttpClient
from django.urls import reverse

from moti.directory.models import Person
from tests.factories import MemberFactory, PersonFactory
from tests.urlconf import routes, url_args

ROLES = ["anonymous", "outsider", "other_member", "author", "member", "lead", "coordinator",
         "dpo", "admin"]
LOGIN = 302  # anonymous visitors are sent to sign in
SIGNED_IN = (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200)

# Outcomes per role, in the order of ROLES.
CLIENT_DATA = (LOGIN, 404, 404, 404, 200, 200, 200, 404, 403)
CLIENT_WRITE = (LOGIN, 404, 404, 404, 302, 302, 302, 404, 403)
EVERY_PROFESSIONAL = (LOGIN, 200, 200, 200, 200, 200, 200, 200, 403)
DPO_ONLY = (LOGIN, 404, 404, 404, 404, 404, 404, 200, 403)
PUBLIC = (200,) * 9

# url name → (method, outcomes)
RULES = {
    "login": ("GET", PUBLIC),
    "logout": ("POST", (302,) * 9),
    "set_language": ("POST", (302,) * 9),
    "healthz": ("GET", PUBLIC),
    "otp_setup": ("GET", SIGNED_IN),
    "otp_verify": ("GET", SIGNED_IN),
    "home": ("GET", EVERY_PROFESSIONAL),
    "client_search": ("GET", EVERY_PROFESSIONAL),
    "client_new": ("GET", EVERY_PROFESSIONAL),
    # A handle is bound to the user it was made for (here: the member).
    "concern_new": ("GET", (LOGIN, 404, 404, 404, 200, 404, 404, 404, 403)),
    "emergency_access": ("GET", (LOGIN, 404, 404, 404, 200, 404, 404, 404, 403)),
    "client_detail": ("GET", CLIENT_DATA),
    "consents": ("GET", CLIENT_DATA),
    "disclosure_ban": ("POST", CLIENT_WRITE),
    "consent_revoke": ("POST", CLIENT_WRITE),
    "concern_detail": ("GET", CLIENT_DATA),
    "team_convene": ("POST", (LOGIN, 404, 404, 404, 422, 422, 422, 404, 403)),  # convened
    "team_detail": ("GET", CLIENT_DATA),
    "member_add": ("GET", CLIENT_DATA),
    "member_edit": ("GET", CLIENT_DATA),
    "note_add": ("POST", (LOGIN, 404, 404, 404, 422, 422, 422, 404, 403)),  # empty note
    "team_close": ("GET", CLIENT_DATA),
    "meeting_new": ("GET", CLIENT_DATA),
    "meeting_detail": ("GET", CLIENT_DATA),
    "plan_detail": ("GET", CLIENT_DATA),
    "plan_edit": ("GET", CLIENT_DATA),
    "plan_print": ("GET", CLIENT_DATA),
    "plan_history": ("GET", CLIENT_DATA),
    "goal_add": ("GET", CLIENT_DATA),
    "goal_edit": ("GET", CLIENT_DATA),
    "action_add": ("GET", CLIENT_DATA),
    "action_edit": ("GET", CLIENT_DATA),
    "action_done": ("POST", CLIENT_WRITE),
    "dpo:home": ("GET", DPO_ONLY),
    "dpo:log_review": ("GET", DPO_ONLY),
    "dpo:log_report": ("GET", DPO_ONLY),
    # Giving the export to the client needs a confirmation: without one, back to the report.
    "dpo:data_export": ("POST", (LOGIN, 404, 404, 404, 404, 404, 404, 302, 403)),
    "dpo:emergency_review": ("POST", (LOGIN, 404, 404, 404, 404, 404, 404, 302, 403)),
}


def test_every_url_has_a_rule():
    found = routes()
    assert all(route.name for route in found), "every URL has a name, so that it has a rule"
    names = {route.name for route in found}
    # The walk reaches into the included modules, not just the root (guards against a walk
    # that silently stops at the top level).
    assert {"plan_edit", "dpo:log_report", "team_detail"} <= names
    missing = names - set(RULES)
    assert not missing, f"add an authorization rule for: {sorted(missing)}"
    stale = set(RULES) - names
    assert not stale, f"rules for URLs that no longer exist: {sorted(stale)}"


@pytest.fixture
def matrix(world):
    from moti.access.services import emergency_access_start

    plain = MemberFactory(team=world.team).person
    dpo = PersonFactory(role=Person.Role.DPO, organisation=world.member.organisation)
    admin = get_user_model().objects.create_superuser("admin", password="admin-pw-123456")
    grant = emergency_access_start(user=world.other_member.user, client=world.client,
                                   reason="Kiireellinen tilanne päivystyksessä.")
    # The other team's member used and lost emergency access; it no longer opens anything.
    grant.expires_at = grant.started_at
    grant.save()
    args = {**url_args(world, handle_for=plain.user), "dpo:emergency_review": [grant.pk]}
    users = {"anonymous": None, "outsider": world.outsider.user,
             "other_member": world.other_member.user, "author": world.author.user,
             "member": plain.user, "lead": world.lead.user, "coordinator": world.member.user,
             "dpo": dpo.user, "admin": admin}
    return args, users


@pytest.mark.parametrize("name", sorted(RULES))
def test_authorization_matrix(matrix, name):
    args, users = matrix
    method, outcomes = RULES[name]
    url = reverse(name, args=args.get(name, []))
    got = {}
    for role in ROLES:
        http = HttpClient()
        if users[role]:
            http.force_login(users[role])
        data = {"review_note": "Tarkastettu."} if name == "dpo:emergency_review" else {}
        response = http.post(url, data) if method == "POST" else http.get(url)
        got[role] = response.status_code
    assert got == dict(zip(ROLES, outcomes, strict=True)), f"{name} {method} {url}"


def test_concern_author_sees_their_own_concern_only(world):
    """Before a team exists, raising a concern is the author's only relationship."""
    http = HttpClient()
    http.force_login(world.author.user)
    assert http.get(reverse("concern_detail", args=[world.lone_concern.pk])).status_code == 200
    assert http.get(reverse("concern_detail", args=[world.team.concern_id])).status_code == 404
    assert http.get(reverse("client_detail", args=[world.client.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(world):
    response = HttpClient().get(reverse("team_detail", args=[world.team.pk]))
    assert response.status_code == LOGIN and reverse("login") in response["Location"]
