"""The authorization matrix, generated from the URL configuration.

Every named URL × every role below × GET and POST → the expected status, and for every request
that touches a client's data, exactly the use-log rows it should write: one row naming what was
decided, allowed or refused. A new URL without a rule fails; `routes()` walks every URL module,
namespaces included. Each request runs in a savepoint rolled back afterwards, so that one role's
successful write (revoking a consent) does not change what the next role meets.
"""

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from moti.access.models import Capability, EmergencyAccess, RoleKind
from moti.audit.models import DisclosureLog, Operation, UseLog
from moti.audit.models import What as W
from moti.directory.models import Organisation
from tests.factories import (
    MemberFactory,
    OrganisationFactory,
    PersonFactory,
    TeamFactory,
    role_grant,
)
from tests.urlconf import routes, url_args

# Who asks. Each has exactly one relationship (or none) with the world's client and team.
ROLES = {
    "anonymous": "not signed in",
    "outsider": "a county professional with every capability but no relationship",
    "ngo": "an NGO's worker: a professional role without the county's capabilities",
    "sibling": "a member of the client's other team (per-team: opens nothing here)",
    "author": "raised a concern about the client that has no team yet",
    "emergency": "a county professional under an active emergency access (read-only)",
    "member": "a plain member of the team",
    "lead": "the team's lead responsible worker",
    "coordinator": "the team's coordinator",
    "dpo": "the data protection officer",
    "manager": "a manager: aggregate figures only, never a client's data",
    "access_admin": "the county's access administrator",
    "superuser": "a technical account, not in the directory",
}
NAMES = list(ROLES)


def row(spec: str) -> dict[str, int]:
    """'302 404 …' in the order of ROLES."""
    codes = [int(code) for code in spec.split()]
    assert len(codes) == len(NAMES), spec
    return dict(zip(NAMES, codes, strict=True))


#                 anon out ngo sib aut emg mem lea coo dpo mgr adm su
TEAM_READ = row("302 404 404 404 404 200 200 200 200 404 404 404 403")
TEAM_WRITE = row("302 404 404 404 404 403 200 200 200 404 404 404 403")  # form shown again
TEAM_INVALID = row("302 404 404 404 404 403 422 422 422 404 404 404 403")  # part of a page
TEAM_DONE = row("302 404 404 404 404 403 302 302 302 404 404 404 403")
TEAM_RUN = row("302 404 404 404 404 403 403 200 200 404 404 404 403")  # lead, coordinators
CLIENT_READ = row("302 404 404 200 200 200 200 200 200 404 404 404 403")
CLIENT_DONE = row("302 404 404 302 302 403 302 302 302 404 404 404 403")
HANDLE = row("302 404 404 404 404 404 200 404 404 404 404 404 403")  # made for the member
SAFE_ONLY = row("302 405 405 405 405 405 405 405 405 405 405 405 403")  # a page: no POST
POST_ONLY = SAFE_ONLY
DPO = row("302 404 404 404 404 404 404 404 404 200 404 404 403")
DPO_DONE = row("302 404 404 404 404 404 404 404 404 302 404 404 403")
DPO_POST_ONLY = row("302 404 404 404 404 404 404 404 404 405 404 404 403")
ADMIN = row("302 403 403 403 403 403 403 403 403 403 403 200 403")
ADMIN_SAFE_ONLY = row("302 405 405 405 405 405 405 405 405 405 405 405 403")
PROFESSIONAL = row("302 200 200 200 200 200 200 200 200 200 200 200 403")
ADD_CLIENT = row("302 200 403 200 200 200 200 200 200 403 403 403 403")  # not NGO, DPO…
JSON_SAFE_ONLY = row(" ".join(["302"] + ["405"] * (len(NAMES) - 1)))
NOT_MAINTAINER = row("302 403 403 403 403 403 403 403 403 403 403 403 403")
SIGNED_IN = row("302 200 200 200 200 200 200 200 200 200 200 200 200")
PUBLIC = row(" ".join(["200"] * len(NAMES)))
ANYONE_REDIRECTED = row(" ".join(["302"] * len(NAMES)))
NOBODY = row(" ".join(["405"] * len(NAMES)))

# url name → (GET, POST). A POST sends no fields unless DATA says otherwise.
RULES = {
    "login": (PUBLIC, PUBLIC),
    "logout": (NOBODY, ANYONE_REDIRECTED),
    "set_language": (ANYONE_REDIRECTED, ANYONE_REDIRECTED),
    "healthz": (PUBLIC, NOBODY),
    "otp_setup": (SIGNED_IN, SIGNED_IN),
    "otp_verify": (SIGNED_IN, SIGNED_IN),
    "home": (PROFESSIONAL, SAFE_ONLY),
    "my_actions": (PROFESSIONAL, SAFE_ONLY),
    "my_teams": (PROFESSIONAL, SAFE_ONLY),
    "needs_attention": (PROFESSIONAL, SAFE_ONLY),
    "my_messages": (PROFESSIONAL, PROFESSIONAL),  # no client's data: the person's own choice
    # The coordinator pair: one's own caseload, absences and handover (a POST without fields
    # draws the form again); an absence is removed by its own person only.
    "caseload": (PROFESSIONAL, SAFE_ONLY),
    "my_absences": (PROFESSIONAL, PROFESSIONAL),
    "absence_remove": (POST_ONLY, row("302 404 404 404 404 404 404 404 302 404 404 404 403")),
    "handover": (PROFESSIONAL, PROFESSIONAL),
    "client_search": (PROFESSIONAL, PROFESSIONAL),
    "client_new": (ADD_CLIENT, ADD_CLIENT),
    "concern_new": (HANDLE, HANDLE),
    "emergency_access": (HANDLE, HANDLE),
    "client_detail": (CLIENT_READ, SAFE_ONLY),
    "turvakielto": (POST_ONLY, CLIENT_DONE),
    "disclosure_ban_set": (POST_ONLY, CLIENT_DONE),
    "disclosure_ban_lift": (POST_ONLY, CLIENT_DONE),
    "concern_detail": (TEAM_READ, SAFE_ONLY),
    "team_convene": (POST_ONLY, TEAM_INVALID),  # already convened
    "team_detail": (TEAM_READ, SAFE_ONLY),
    "team_consents": (TEAM_READ, TEAM_INVALID),
    "consent_revoke": (POST_ONLY, TEAM_DONE),
    "member_add": (TEAM_RUN, row("302 404 404 404 404 403 403 422 422 404 404 404 403")),
    # The directory search of the member form: no client's data, for client workers.
    "member_search": (row("302 200 200 200 200 200 200 200 200 403 403 403 403"), SAFE_ONLY),
    "member_edit": (TEAM_RUN, TEAM_RUN),
    "team_close": (TEAM_RUN, TEAM_RUN),
    "team_reopen": (TEAM_RUN, TEAM_RUN),  # the world's team is open: the form says so
    "note_add": (POST_ONLY, TEAM_INVALID),
    "meeting_new": (TEAM_WRITE, TEAM_WRITE),
    "meeting_detail": (TEAM_READ, TEAM_WRITE),
    "meeting_edit": (TEAM_WRITE, TEAM_WRITE),
    "meeting_cancel": (TEAM_WRITE, TEAM_WRITE),
    # An invitee's answer: the signed link is the proof, signed in or not; no client data.
    "meeting_rsvp": (PUBLIC, PUBLIC),
    "plan_detail": (TEAM_READ, SAFE_ONLY),
    "plan_print": (TEAM_READ, SAFE_ONLY),
    "plan_history": (TEAM_READ, SAFE_ONLY),
    "plan_edit": (TEAM_WRITE, TEAM_WRITE),
    "goal_add": (TEAM_WRITE, TEAM_WRITE),
    "goal_edit": (TEAM_WRITE, TEAM_WRITE),
    "action_add": (TEAM_WRITE, TEAM_WRITE),
    "action_edit": (TEAM_WRITE, TEAM_WRITE),
    "action_done": (POST_ONLY, TEAM_DONE),
    "plan_from_meeting": (TEAM_WRITE, TEAM_WRITE),
    "dpo:home": (DPO, DPO),
    "dpo:log_review": (DPO, row("302 404 404 404 404 404 404 404 404 405 404 404 403")),
    "dpo:log_report": (DPO, row("302 404 404 404 404 404 404 404 404 422 404 404 403")),
    "dpo:data_export": (DPO_POST_ONLY, DPO_DONE),  # no confirmation: back to the report
    "dpo:emergency_review": (DPO_POST_ONLY, DPO_DONE),
    "access_people": (ADMIN, ADMIN_SAFE_ONLY),
    "access_person": (ADMIN, ADMIN),
    "access_roles": (ADMIN, ADMIN_SAFE_ONLY),
    "access_role_new": (ADMIN, ADMIN),
    "access_role": (ADMIN, ADMIN),
    # The directory is no client's data: every signed-in person of the directory reads it;
    # only its maintainers change it (none of these roles is one).
    "directory": (PROFESSIONAL, SAFE_ONLY),
    "directory_decisions": (PROFESSIONAL, SAFE_ONLY),
    "directory_entry": (PROFESSIONAL, SAFE_ONLY),
    "directory_stale": (NOT_MAINTAINER, SAFE_ONLY),
    "directory_new": (NOT_MAINTAINER, NOT_MAINTAINER),
    "directory_edit": (NOT_MAINTAINER, NOT_MAINTAINER),
    "directory_check": (POST_ONLY, NOT_MAINTAINER),
    # The directory in Open Referral HSDS 3.1 shape, as JSON: anyone signed in with the second
    # factor (a technical account too); nothing to POST.
    "hsds_root": (SIGNED_IN, JSON_SAFE_ONLY),
    "hsds_services": (SIGNED_IN, JSON_SAFE_ONLY),
    "hsds_service": (SIGNED_IN, JSON_SAFE_ONLY),
    "hsds_organizations": (SIGNED_IN, JSON_SAFE_ONLY),
    "hsds_organization": (SIGNED_IN, JSON_SAFE_ONLY),
    # Suggestions are part of adding a member: the lead's and the coordinators'.
    "team_suggestions": (TEAM_RUN, SAFE_ONLY),
    # The client's services and transitions: read through the team, emergency access too;
    # the word that no next step is needed is the lead's and the coordinators'.
    "team_services": (TEAM_READ, SAFE_ONLY),
    "episode_new": (TEAM_WRITE, TEAM_WRITE),
    "episode_edit": (TEAM_READ, TEAM_WRITE),
    "episode_no_next_step": (POST_ONLY, row("302 404 404 404 404 403 403 422 422 404 404 404 403")),
    "transitions": (PROFESSIONAL, SAFE_ONLY),
    # A referral: the sending team's, and the receiving organisation's (none of these roles
    # works there); an empty step is refused with the page drawn again.
    "referral_new": (TEAM_WRITE, TEAM_WRITE),
    "referral_detail": (TEAM_READ, TEAM_INVALID),
    "referrals_incoming": (PROFESSIONAL, SAFE_ONLY),
    "team_timeline": (TEAM_READ, SAFE_ONLY),
    # Figures for development: counts and medians, no client; coordinators and managers.
    "path_figures": (row("302 403 403 403 403 403 403 403 403 403 200 403 403"), SAFE_ONLY),
}
DATA = {"dpo:emergency_review": {"review_verdict": "justified", "review_note": "Tarkastettu."}}

# The use-log row each decided request writes about the client: what, allowed or refused.
DECIDES = {
    "client_detail": W.CLIENT, "turvakielto": W.TURVAKIELTO,
    "disclosure_ban_set": W.DISCLOSURE_BAN, "disclosure_ban_lift": W.DISCLOSURE_BAN,
    "concern_new": W.CLIENT_HANDLE, "emergency_access": W.CLIENT_HANDLE,
    "concern_detail": W.CONCERN, "team_convene": W.TEAM, "team_detail": W.TEAM,
    "team_consents": W.CONSENT, "consent_revoke": W.CONSENT, "member_add": W.TEAM_MEMBER,
    "member_edit": W.TEAM_MEMBER, "team_close": W.TEAM, "team_reopen": W.TEAM, "note_add": W.NOTE,
    "meeting_new": W.MEETING, "meeting_detail": W.MEETING, "meeting_edit": W.MEETING,
    "meeting_cancel": W.MEETING, "plan_detail": W.PLAN,
    "plan_print": W.PLAN, "plan_history": W.PLAN, "plan_edit": W.PLAN, "goal_add": W.PLAN,
    "goal_edit": W.GOAL, "action_add": W.PLAN, "action_edit": W.ACTION,
    "action_done": W.ACTION, "plan_from_meeting": W.MEETING, "team_suggestions": W.TEAM_MEMBER,
    "team_services": W.EPISODE, "episode_new": W.EPISODE, "episode_edit": W.EPISODE,
    "episode_no_next_step": W.EPISODE, "referral_new": W.REFERRAL,
    "referral_detail": W.REFERRAL, "team_timeline": W.TIMELINE,
}
# Forms that change what they show: decided as writes on GET too (emergency access is refused
# the form itself), but logged as reads until a POST saves (access.helpers).
FORMS = {"member_add", "member_edit", "team_close", "meeting_new", "meeting_edit",
         "meeting_cancel", "plan_from_meeting", "plan_edit", "goal_add", "goal_edit",
         "action_add", "action_edit", "team_reopen", "team_suggestions", "episode_new",
         "referral_new"}
# A handle made for someone else opens nobody: its refusal cannot name the client. What the
# page records once saved is logged as a write of its own.
HANDLES = {"concern_new": W.CONCERN, "emergency_access": W.EMERGENCY_ACCESS}
# The DPO's pages: anyone else's attempt is one refused row; the DPO's own, these.
DPO_READS = {("dpo:home", "GET"): W.EMERGENCY_ACCESS, ("dpo:home", "POST"): W.EMERGENCY_ACCESS,
             ("dpo:log_report", "GET"): W.LOG_REPORT, ("dpo:log_report", "POST"): W.LOG_REPORT,
             ("dpo:data_export", "POST"): W.DATA_EXPORT_JSON,
             ("dpo:emergency_review", "POST"): W.EMERGENCY_ACCESS}
# Pages that show another register's records write one disclosure row for the viewers who
# cross registers: the lead (health care) under the team's consent, and emergency access.
# The edit forms show the item they edit (a POST drawing the form again with its errors too).
CROSSING = {"lead", "emergency"}
# The transitions list shows those of the teams one runs: emergency access runs none.
CROSSING_ON = {"transitions": {"lead"}}
DISCLOSING = {("concern_detail", "GET"), ("meeting_detail", "GET"), ("meeting_detail", "POST"),
              ("plan_from_meeting", "GET"), ("plan_from_meeting", "POST"),
              ("team_suggestions", "GET"),  # the concern's needs guide them
              ("plan_detail", "GET"), ("plan_print", "GET"), ("plan_history", "GET"),
              ("team_services", "GET"), ("episode_edit", "GET"), ("episode_edit", "POST"),
              ("episode_no_next_step", "POST"), ("transitions", "GET"),
              ("referral_detail", "GET"), ("referral_detail", "POST"),
              ("team_timeline", "GET"),
              *((form, method) for form in ("plan_edit", "goal_edit", "action_edit")
                for method in ("GET", "POST"))}
# The work lists name the clients of one's own teams and concerns (and actions: nobody of the
# matrix owns one).
LISTS = {"home": {"sibling", "author", "member", "lead", "coordinator"},
         "my_teams": {"sibling", "member", "lead", "coordinator"}, "my_actions": set(),
         "needs_attention": {"sibling", "lead", "coordinator"},  # teams they run
         # The teams they coordinate (the sibling coordinates the client's other team).
         "caseload": {"sibling", "coordinator"}, "handover": {"sibling", "coordinator"},
         # The transitions of the clients whose teams they run (the sibling runs the
         # client's other team, in the register the service was recorded in).
         "transitions": {"sibling", "lead", "coordinator"}}
LIST_WHAT = {"transitions": W.TRANSITIONS}


def _choice_codes() -> set[str]:
    """Stored codes of every choice field ('team_member', 'shl_41'): words a page never shows."""
    from django.apps import apps

    from moti.access.models import Capability
    from moti.audit.models import Basis, Purpose

    codes = {str(v) for enum in (Basis, Purpose, Capability) for v in enum.values}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            codes |= {str(value) for value, _label in getattr(field, "choices", None) or ()}
    return {code for code in codes if "_" in code}


RAW_CODE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _choice_codes()))) + r")\b")
MARKUP = re.compile(r"<(script|style)\b.*?</\1>|<[^>]*>", re.S)


def raw_codes(html: str) -> list[str]:
    """Codes in a page's visible text (its markup, form values included, is left out)."""
    return RAW_CODE.findall(unescape(MARKUP.sub(" ", html)))


def expected_rows(name: str, method: str, role: str, status: int) -> list[tuple[str, str, bool]]:
    """The use-log rows about this request, as (what, operation, allowed): none where it never
    reached a decision (signed out, not in the directory, a method the page does not take);
    one for a decision; and a write row more when a POST saved (it redirected)."""
    if role in ("anonymous", "superuser") or status == 405:
        return []
    read, write = Operation.READ, Operation.WRITE
    allowed = status not in (403, 404)
    saved = method == "POST" and 300 <= status < 400
    if name in HANDLES:
        # The concern form names the client's open teams (one plan, not two): a read of them.
        teams = [(W.TEAM, read, True)] if allowed and name == "concern_new" else []
        return [(W.CLIENT_HANDLE, read, allowed), *teams] + (
            [(HANDLES[name], write, True)] if saved else [])
    if name in DECIDES:
        intent = write if method == "POST" or name in FORMS else read
        if not allowed:
            return [(DECIDES[name], intent, False)]
        return [(DECIDES[name], read, True)] + ([(DECIDES[name], write, True)] if saved
                                                 and intent == write else [])
    if name.startswith("dpo:"):
        if role != "dpo":
            return [(W.LOG_REPORT, read, False)]
        # The log review lists log rows by client number: the log's own data, not the client's.
        if (name, method) not in DPO_READS:
            return []
        if name == "dpo:emergency_review":
            return [(W.EMERGENCY_REVIEW, read, True), (W.EMERGENCY_REVIEW, write, True)]
        return [(DPO_READS[name, method], read, True)]
    if name in LISTS and role in LISTS[name]:
        return [(LIST_WHAT.get(name, W.MY_WORK), read, True)]
    return []


def test_every_url_has_a_rule():
    found = routes()
    assert all(route.name for route in found), "every URL has a name, so that it has a rule"
    names = {route.name for route in found}
    # The walk reaches into the included modules, not just the root (guards against a walk
    # that silently stops at the top level).
    assert {"plan_edit", "dpo:log_report", "team_detail", "access_role"} <= names
    missing = names - set(RULES)
    assert not missing, f"add an authorization rule for: {sorted(missing)}"
    stale = set(RULES) - names
    assert not stale, f"rules for URLs that no longer exist: {sorted(stale)}"
    assert not set(DECIDES) - names


@pytest.fixture
def matrix(world):
    from moti.access.services import emergency_access_start

    county = world.member.organisation.parent
    ngo = OrganisationFactory(name="Sininauhaliitto", kind=Organisation.Kind.NGO)
    ngo_worker = PersonFactory(organisation=ngo, roles=[])
    role_grant(ngo_worker, RoleKind.PROFESSIONAL, capabilities=[Capability.RECORD_CONSENT])
    sibling = PersonFactory(organisation=world.member.organisation)
    MemberFactory(team=TeamFactory(concern__client=world.client), person=sibling,
                  is_coordinator=True)
    emergency = PersonFactory(organisation=world.lead.organisation)
    emergency_access_start(user=emergency.user, client=world.client,
                           reason="Kiireellinen tilanne päivystyksessä.")
    plain = MemberFactory(team=world.team, person__organisation=world.member.organisation).person
    grant = EmergencyAccess.objects.get(user=emergency.user)
    users = {
        "anonymous": None, "outsider": world.outsider.user, "ngo": ngo_worker.user,
        "sibling": sibling.user, "author": world.author.user, "emergency": emergency.user,
        "member": plain.user, "lead": world.lead.user, "coordinator": world.member.user,
        "dpo": PersonFactory(organisation=county, roles=[RoleKind.DPO]).user,
        "manager": PersonFactory(organisation=county, roles=[RoleKind.MANAGER]).user,
        "access_admin": PersonFactory(organisation=county, roles=[RoleKind.ACCESS_ADMIN]).user,
        "superuser": get_user_model().objects.create_superuser("root", password="root-pw-12345"),
    }

    def args_for(name: str) -> list:
        if name == "dpo:emergency_review":
            return [grant.pk]
        return url_args(world, handle_for=plain.user, only=name).get(name, [])

    args_for.client_id = world.client.pk
    assert timezone.now() < grant.expires_at
    return args_for, users


@pytest.mark.parametrize("name", sorted(RULES))
def test_authorization_matrix(matrix, name):
    """Every role, GET and POST: the status, and exactly the log rows the request wrote."""
    args_for, users = matrix
    url = reverse(name, args=args_for(name))
    clients = {}
    for role, user in users.items():
        clients[role] = HttpClient()
        if user:
            clients[role].force_login(user)
    got, want = {}, {}
    for method, outcomes in zip(("GET", "POST"), RULES[name], strict=True):
        for role in NAMES:
            first_use = UseLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
            disclosed = DisclosureLog.objects.count()
            with transaction.atomic():  # one role's write does not change the next role's world
                response = (clients[role].post(url, DATA.get(name, {})) if method == "POST"
                            else clients[role].get(url))
                transaction.set_rollback(True)
            rows = UseLog.objects.filter(id__gt=first_use).order_by("id")
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                html = response.content.decode()
                assert not raw_codes(html), (name, method, role)
                if "<title>" in html:  # a page, not an HTMX part
                    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
                    assert "<" not in title and len(title) < 200, (name, role, title[:80])
            got[method, role] = (
                response.status_code, [(r.what, r.operation, r.allowed) for r in rows],
                DisclosureLog.objects.count() - disclosed)
            status = outcomes[role]
            want[method, role] = (
                status, expected_rows(name, method, role, status),
                int((name, method) in DISCLOSING and role in CROSSING_ON.get(name, CROSSING)
                    and (status < 400 or status == 422)))  # 422: the form drawn again
            for r in rows:  # each row names the asker, and the client asked about
                assert r.user_id == users[role].pk, (name, method, role)
                if r.allowed or name in DECIDES and name not in HANDLES:
                    assert r.client_id == args_for.client_id, (name, method, role)
    wrong = {key: (got[key], want[key]) for key in want if got[key] != want[key]}
    assert not wrong, f"{name} {url}: (got, wanted) {wrong}"


def test_concern_author_sees_their_own_concern_only(world):
    """Before a team exists, raising a concern is the author's only relationship."""
    http = HttpClient()
    http.force_login(world.author.user)
    assert http.get(reverse("concern_detail", args=[world.lone_concern.pk])).status_code == 200
    assert http.get(reverse("concern_detail", args=[world.team.concern_id])).status_code == 404
    assert http.get(reverse("client_detail", args=[world.client.pk])).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(world):
    response = HttpClient().get(reverse("team_detail", args=[world.team.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]
