"""The one access helper: every read and write of a client's data is decided and logged here.

A professional may reach a client's data through a verified relationship:
- a member of one of the client's open teams,
- a coordinator or the lead worker of any of the client's teams (open or closed),
- the professional who raised a concern, for that concern only.
Everyone else gets a 404, so outsiders never learn that a client exists.
"""

from collections.abc import Iterable

from django.core import signing
from django.db.models import Q, QuerySet
from django.http import Http404

from moti.audit.services import use_log_write, use_log_write_many
from moti.clients.models import Client
from moti.directory.models import Person
from moti.plans.models import Action, Goal, Plan
from moti.teams.models import Concern, Meeting, Team, TeamMember

READ, WRITE = "read", "write"

COORDINATOR, LEAD, MEMBER, CONCERN_AUTHOR, LOOKUP, NONE = (
    "coordinator", "lead_worker", "team_member", "concern_author", "identity_code_lookup", "none",
)


def person_of(user) -> Person | None:
    if not user.is_authenticated:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def relationship_filter(person: Person, prefix: str = "") -> Q:
    """Memberships that open a client's data to `person` (see the module docstring)."""
    return Q(**{f"{prefix}person": person}) & (
        Q(**{f"{prefix}team__status": Team.Status.OPEN})
        | Q(**{f"{prefix}is_coordinator": True})
        | Q(**{f"{prefix}is_lead": True})
    )


def client_basis(person: Person | None, client_id: int) -> str:
    """The strongest relationship `person` has with the client, or NONE."""
    if person is None:
        return NONE
    flags = list(
        TeamMember.objects.filter(relationship_filter(person), team__client_id=client_id)
        .values_list("is_coordinator", "is_lead")
    )
    if any(lead for _, lead in flags):
        return LEAD
    if any(coordinator for coordinator, _ in flags):
        return COORDINATOR
    return MEMBER if flags else NONE


def _decide(user, *, client_id, what, object_id, action, concern_author=False) -> str:
    person = person_of(user)
    basis = client_basis(person, client_id) if client_id else NONE
    if basis == NONE and concern_author:
        basis = CONCERN_AUTHOR
    allowed = basis != NONE
    use_log_write(user=user, client_id=client_id, action=action, what=what,
                  object_id=object_id, basis=basis, allowed=allowed)
    if not allowed:
        raise Http404
    return basis


def _fetch(user, queryset: QuerySet, pk, *, what: str, action: str, client_of, author_of=None,
           lookup: str = "pk"):
    obj = queryset.filter(**{lookup: pk}).first() if str(pk).isdigit() else None
    if obj is None:
        use_log_write(user=user, client_id=None, action=action, what=what,
                      object_id=int(pk) if str(pk).isdigit() else None, basis=NONE,
                      allowed=False)
        raise Http404
    person = person_of(user)
    is_author = bool(author_of and person and author_of(obj) == person.pk)
    obj.access_basis = _decide(user, client_id=client_of(obj), what=what, object_id=obj.pk,
                               action=action, concern_author=is_author)
    return obj


def client_for(user, client_id, *, action: str = READ, what: str = "client") -> Client:
    return _fetch(user, Client.objects.all(), client_id, what=what, action=action,
                  client_of=lambda c: c.pk)


def concern_for(user, concern_id, *, action: str = READ) -> Concern:
    return _fetch(
        user, Concern.objects.select_related("client", "raised_by", "organisation"), concern_id,
        what="concern", action=action, client_of=lambda c: c.client_id,
        author_of=lambda c: c.raised_by_id,
    )


def team_for(user, team_id, *, action: str = READ, what: str = "team") -> Team:
    return _fetch(user, Team.objects.select_related("client", "concern"), team_id, what=what,
                  action=action, client_of=lambda t: t.client_id)


def meeting_for(user, meeting_id, *, action: str = READ) -> Meeting:
    return _fetch(user, Meeting.objects.select_related("team__client"), meeting_id,
                  what="meeting", action=action, client_of=lambda m: m.team.client_id)


def plan_for(user, team_id, *, action: str = READ) -> Plan:
    return _fetch(user, Plan.objects.select_related("team__client", "updated_by"), team_id,
                  lookup="team_id", what="plan", action=action,
                  client_of=lambda p: p.team.client_id)


def goal_for(user, goal_id, *, action: str = WRITE) -> Goal:
    return _fetch(user, Goal.objects.select_related("plan__team__client"), goal_id,
                  what="goal", action=action, client_of=lambda g: g.plan.team.client_id)


def action_for(user, action_id, *, action: str = WRITE) -> Action:
    return _fetch(user, Action.objects.select_related("plan__team__client", "owner__person"),
                  action_id, what="action", action=action,
                  client_of=lambda a: a.plan.team.client_id)


def log_listed(user, client_ids: Iterable[int], *, what: str) -> None:
    """Log a list page's reads in one insert: each listed client was shown to the user."""
    person = person_of(user)
    use_log_write_many(user=user, client_ids=sorted(set(client_ids)), what=what,
                       basis=MEMBER if person else NONE)


# A client reached by identity-code lookup or just added, handed to the concern form.
_TOKEN_SALT = "moti.access.client-handle"
TOKEN_MAX_AGE = 4 * 3600


def client_handle_make(user, client: Client) -> str:
    """A signed, user-bound, expiring handle to a client: no identity code travels in the URL."""
    return signing.dumps({"c": client.pk, "u": user.pk}, salt=_TOKEN_SALT, compress=True)


def client_from_handle(user, handle: str) -> Client:
    """The client behind a handle made for this user; a stranger's or stale handle is a 404."""
    try:
        data = signing.loads(handle, salt=_TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        data = None
    client = Client.objects.filter(pk=data["c"]).first() if data and data["u"] == user.pk else None
    use_log_write(user=user, client_id=client.pk if client else None, action=READ,
                  what="client_handle", object_id=client.pk if client else None,
                  basis=LOOKUP if client else NONE, allowed=client is not None)
    if client is None:
        raise Http404
    return client


def identity_code_lookup(user, code: str) -> Client | None:
    """Find any client by the whole identity code (a strong identifier), and log the lookup."""
    client = Client.objects.filter(identity_code=code).first()
    use_log_write(user=user, client_id=client.pk if client else None, action=READ,
                  what="identity_code_lookup", object_id=client.pk if client else None,
                  basis=LOOKUP, allowed=True)
    return client


def member_for(user, member_id, *, action: str = WRITE) -> TeamMember:
    return _fetch(user, TeamMember.objects.select_related("team__client", "person"), member_id,
                  what="team_member", action=action, client_of=lambda m: m.team.client_id)
