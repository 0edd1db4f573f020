"""The one access helper: every read and write of a client's data is decided and logged here.

A professional reaches a client's data through a verified relationship, one team at a time:
- a member of an open team reaches that team's records (not the client's other teams),
- a coordinator or the lead worker of a team reaches it also after it has closed,
- the professional who raised a concern reaches that concern,
- an active emergency access reaches the client's teams, read-only.
The client's basic details open to anyone with one of these relationships. Everyone else gets
a 404, so outsiders never learn that a client exists; someone who may see an object but not do
what they asked (a plain member closing the team, a write under emergency access) gets a 403.

Within a team, `Visibility` (visibility.py) decides which register items a viewer sees. Every
decision writes a use-log row, refusals included; every showing across registers writes a
disclosure-log row. Who may do what beyond that (look up identity codes, lead a team, record
consents) is in roles.py; the writes around access (emergency access) are in services.py.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from moti.audit.models import Basis, Operation, Purpose, UseLog, What
from moti.audit.services import (
    Actor,
    disclosure_log_write_many,
    use_log_write,
    use_log_write_many,
)
from moti.clients.models import Client
from moti.core.urls import id_from
from moti.directory.models import Person
from moti.paths.models import Referral, ServiceEpisode
from moti.paths.referrals import receives
from moti.plans.models import Action, Goal, Plan
from moti.teams.models import Concern, Meeting, Team, TeamMember

from .models import Capability, Consent, DisclosureBan, EmergencyAccess, RoleKind
from .roles import can, does_client_work, has_role, person_with_roles, role_names
from .visibility import Visibility, visibilities_make, visibility_make

AnyUser = User | AnonymousUser
M = TypeVar("M", bound=Model)

# Who may change a team's membership and roles, name its lead or close it.
MANAGERS = (Basis.LEAD, Basis.COORDINATOR)


def person_of(user: AnyUser) -> Person | None:
    """The directory entry of a signed-in user, with their organisation and its controller
    (read once per user object); None for visitors and technical accounts."""
    if not user.is_authenticated:
        return None
    if "_moti_person" not in user.__dict__:
        user.__dict__["_moti_person"] = person_with_roles(user)
    person: Person | None = user.__dict__["_moti_person"]
    return person


def actor_of(user: AnyUser) -> Actor:
    """The user as the log records them: name, title, organisation, its data controller and
    roles at this moment."""
    person = person_of(user)
    if person is None:
        return Actor(user_id=user.pk, name=user.get_username() if user.is_authenticated else "")
    organisation = person.organisation
    controller = organisation.controller or organisation
    return Actor(user_id=user.pk, name=str(person), title=person.title,
                 organisation=str(organisation), controller=str(controller),
                 role=role_names(person))


def _emergency(person: Person, client_id: int) -> bool:
    return EmergencyAccess.objects.filter(user=person.user_id, client_id=client_id,
                                          expires_at__gt=timezone.now()).exists()


def client_basis(person: Person | None, client_id: int) -> Basis:
    """The strongest relationship `person` has with any of the client's teams, or NONE."""
    if person is None or not does_client_work(person):
        return Basis.NONE
    flags = list(
        TeamMember.objects.relationships_of(person).filter(team__client_id=client_id)
        .values_list("is_coordinator", "is_lead")
    )
    if any(lead for _, lead in flags):
        return Basis.LEAD
    if any(coordinator for coordinator, _ in flags):
        return Basis.COORDINATOR
    if flags:
        return Basis.MEMBER
    if Concern.objects.filter(client_id=client_id, author=person).exists():
        return Basis.CONCERN_AUTHOR
    return Basis.EMERGENCY if _emergency(person, client_id) else Basis.NONE


def team_basis(person: Person | None, team_id: int, client_id: int) -> Basis:
    """`person`'s relationship with this one team: membership of another team of the same
    client opens nothing here."""
    if person is None or not does_client_work(person):
        return Basis.NONE
    # Once per request (the person is the request's): the decision's answer, asked again by
    # the page.
    known: dict[tuple[int, int], Basis] = person.__dict__.setdefault("_moti_team_basis", {})
    if (team_id, client_id) not in known:
        known[(team_id, client_id)] = _team_basis(person, team_id, client_id)
    return known[(team_id, client_id)]


def _team_basis(person: Person, team_id: int, client_id: int) -> Basis:
    member = TeamMember.objects.filter(team_id=team_id, person=person).values_list(
        "is_lead", "is_coordinator", "team__status").first()
    if member is not None:
        is_lead, is_coordinator, status = member
        if is_lead:
            return Basis.LEAD
        if is_coordinator:
            return Basis.COORDINATOR
        if status == Team.Status.OPEN:
            return Basis.MEMBER
    return Basis.EMERGENCY if _emergency(person, client_id) else Basis.NONE


def reaches_team(user: AnyUser, team: Team) -> bool:
    """Whether a link to the team would open for the user (no data is read: not logged)."""
    return team_basis(person_of(user), team.pk, team.client_id) != Basis.NONE


def client_read(user: AnyUser, client: Client, *, what: What) -> None:
    """Log what a page shows about a client reached by a handle (the teams a second concern
    should know of): the client's log report tells of it."""
    use_log_write(actor=actor_of(user), client_id=client.pk, operation=Operation.READ,
                  what=what, object_id=None, basis=Basis.LOOKUP, allowed=True)


@dataclass(frozen=True)
class Scope:
    """Whose data an object is: the client, the team (None for client-wide data), and the
    author of a concern (who keeps reaching what they raised)."""

    client_id: int
    team_id: int | None = None
    author_id: int | None = None
    # The organisation a referral was sent to: its professionals reach that referral.
    recipient_id: int | None = None


# --- Writes are logged once they are saved --------------------------------------------------
#
# A decision to let a user change something is logged at once as a read (they reached the
# object: the form shows it), and as a write only when the request saved it, so that a form
# opened or sent with errors never reads "changed your plan" in the client's log report.
# `professional_required` opens the scope around each request and says whether it saved.

_pending_writes: ContextVar[list[dict[str, Any]] | None] = ContextVar(
    "moti_pending_writes", default=None)


@contextmanager
def writes_logged_when_saved() -> Iterator[Callable[[bool], None]]:
    """Around one request: yields `done(saved)`; the writes decided inside are logged as writes
    only when `done(True)` is called (they were already logged as reads when decided)."""
    token = _pending_writes.set([])
    outcome: list[bool] = []
    try:
        yield outcome.append
    finally:
        pending = _pending_writes.get() or []
        _pending_writes.reset(token)
        if outcome and outcome[-1]:
            for row in pending:
                use_log_write(**row)


def _log_decision(**row: Any) -> None:
    """Log a decision; an allowed write inside a request waits for the request to save."""
    pending = _pending_writes.get()
    if pending is not None and row["allowed"] and row["operation"] == Operation.WRITE:
        use_log_write(**{**row, "operation": Operation.READ})
        pending.append(row)
    else:
        use_log_write(**row)


def _decide(user: AnyUser, obj: Model | None, scope: Scope | None, *, what: What,
            operation: Operation, manage: bool,
            shown: Callable[[Basis], bool] | None = None,
            may: Callable[[Person], bool] | None = None) -> Basis:
    """The user's basis for `obj`, logged as decided; raises 404 (no relationship, or an item
    of another register the user may not see: `shown`) or 403 (seen, but not theirs to
    change: emergency access, a team they do not run, a capability their role lacks: `may`).
    """
    person = person_of(user)
    client_id = scope.client_id if scope else 0
    if scope is not None and scope.team_id is not None:
        basis = team_basis(person, scope.team_id, client_id)
    else:
        basis = client_basis(person, client_id)
    if basis == Basis.NONE and scope and person and scope.author_id == person.pk \
            and does_client_work(person):
        basis = Basis.CONCERN_AUTHOR
    if basis == Basis.NONE and scope and person and scope.recipient_id is not None \
            and receives_referrals(person, scope.recipient_id):
        basis = Basis.REFERRAL_RECIPIENT
    refusal: type[Exception] | None = None
    if obj is None or basis == Basis.NONE:
        refusal = Http404
    elif shown is not None and not shown(basis):
        refusal = Http404  # withheld from this user: as if it did not exist
    elif operation == Operation.WRITE and basis == Basis.EMERGENCY:
        refusal = PermissionDenied  # emergency access is read-only: it leaves no rights behind
    elif manage and basis not in MANAGERS:
        refusal = PermissionDenied  # only the coordinators and the lead run the team
    elif may is not None and (person is None or not may(person)):
        refusal = PermissionDenied  # the role lacks the capability
    _log_decision(actor=actor_of(user), client_id=scope.client_id if scope else None,
                  operation=operation, what=what, object_id=obj.pk if obj else None,
                  basis=basis, allowed=refusal is None, emergency=basis == Basis.EMERGENCY,
                  description=_description(obj))
    if refusal is not None:
        raise refusal
    return basis


def _description(obj: Model | None) -> dict[str, str]:
    """The team an object belongs to, by the day it was convened (for the client's report)."""
    team = obj if isinstance(obj, Team) else getattr(obj, "team", None)
    if team is None and isinstance(obj, Goal | Action):
        team = obj.plan.team
    return {"team": f"{team.created_at:%Y-%m-%d}"} if isinstance(team, Team) else {}


def _fetch(user: AnyUser, queryset: QuerySet[M], pk: object, *, what: What,
           operation: Operation, scope: Callable[[M], Scope], manage: bool = False,
           lookup: str = "pk", missing: Scope = Scope(0, team_id=0),
           shown: Callable[[AnyUser, M, Basis], bool] | None = None,
           may: Callable[[Person, M], bool] | None = None) -> M:
    """The object for this user, decided and logged; a 404 (or 403) otherwise.

    A missing object and a refused one run the same queries and answer the same way, so that
    neither the answer nor its timing tells an outsider that the object exists.
    """
    given = id_from(pk)
    obj = queryset.filter(**{lookup: given}).first() if given else None
    # `missing` stands in for an object that does not exist: the same kind of decision runs.
    basis = _decide(user, obj, scope(obj) if obj is not None else missing,
                    what=what, operation=operation, manage=manage,
                    shown=(lambda b: shown(user, obj, b)) if shown and obj is not None else None,
                    may=(lambda p: may(p, obj)) if may and obj is not None else None)
    assert obj is not None  # _decide raised otherwise
    obj.access_basis = basis  # type: ignore[attr-defined]
    return obj


Capabilities = Capability | tuple[Capability, ...] | None


def _capable(needed: Capabilities) -> Callable[[Person, Model], bool] | None:
    """A check that the user's role has the capability (any one of several)."""
    if needed is None:
        return None
    options = needed if isinstance(needed, tuple) else (needed,)
    return lambda person, _obj: any(can(person, c) for c in options)


def client_for(user: AnyUser, client_id: object, *, operation: Operation = Operation.READ,
               what: What = What.CLIENT, capability: Capabilities = None) -> Client:
    """`capability`: what the user's role must allow for this change (a disclosure ban)."""
    return _fetch(user, Client.objects.all(), client_id, what=what, operation=operation,
                  may=_capable(capability), scope=lambda c: Scope(c.pk), missing=Scope(0))


# The team of a concern that has none yet: no membership matches it, so only the concern's
# author (and emergency access, read-only) reaches it; the client's other teams do not.
NO_TEAM = 0


def concern_for(user: AnyUser, concern_id: object, *, operation: Operation = Operation.READ,
                what: What = What.CONCERN) -> Concern:
    """A concern belongs to the team convened from it; before that, to its author alone."""
    def scope(concern: Concern) -> Scope:
        team = Team.objects.filter(concern=concern).values_list("pk", flat=True).first()
        return Scope(concern.client_id, team_id=team or NO_TEAM, author_id=concern.author_id)

    return _fetch(user, Concern.objects.select_related("client", "author", "organisation"),
                  concern_id, what=what, operation=operation, scope=scope)


def team_for(user: AnyUser, team_id: object, *, operation: Operation = Operation.READ,
             what: What = What.TEAM, manage: bool = False,
             capability: Capabilities = None) -> Team:
    """`manage=True`: a change only the team's coordinators and lead may make."""
    return _fetch(user, Team.objects.select_related("client", "concern"), team_id, what=what,
                  operation=operation, manage=manage, may=_capable(capability),
                  scope=lambda t: Scope(t.client_id, team_id=t.pk))


def member_for(user: AnyUser, member_id: object, *, operation: Operation = Operation.WRITE,
               manage: bool = True) -> TeamMember:
    return _fetch(user, TeamMember.objects.select_related("team__client", "person"), member_id,
                  what=What.TEAM_MEMBER, operation=operation, manage=manage,
                  scope=lambda m: Scope(m.team.client_id, team_id=m.team_id))


def may_revoke(person: Person, consent: Consent) -> bool:
    """The client may withdraw a consent through anyone of the team; a legal basis is ended
    only by its own controller's professional who may record one."""
    return not consent.is_legal_basis or (
        can(person, Capability.RECORD_LEGAL_BASIS)
        and person.organisation.controller_key == consent.controller_id)


def consent_for(user: AnyUser, consent_id: object, *,
                operation: Operation = Operation.WRITE) -> Consent:
    return _fetch(user, Consent.objects.select_related("team__client"), consent_id,
                  what=What.CONSENT, operation=operation, may=may_revoke,
                  scope=lambda c: Scope(c.team.client_id, team_id=c.team_id))


def disclosure_ban_for(user: AnyUser, ban_id: object, *,
                       operation: Operation = Operation.WRITE) -> DisclosureBan:
    """Lifted only by a professional of the controller it binds, whose role allows it."""
    def may(person: Person, ban: DisclosureBan) -> bool:
        return can(person, Capability.SET_DISCLOSURE_BAN) \
            and person.organisation.controller_key == ban.controller_id

    return _fetch(user, DisclosureBan.objects.select_related("client"), ban_id,
                  what=What.DISCLOSURE_BAN, operation=operation, may=may,
                  scope=lambda b: Scope(b.client_id), missing=Scope(0))


def meeting_for(user: AnyUser, meeting_id: object, *,
                operation: Operation = Operation.READ) -> Meeting:
    """A meeting's record of another register can be read as a notice, not written."""
    return _fetch(user, Meeting.objects.select_related("team__client"), meeting_id,
                  what=What.MEETING, operation=operation,
                  shown=_item_shown if operation == Operation.WRITE else None,
                  scope=lambda m: Scope(m.team.client_id, team_id=m.team_id))


def plan_for(user: AnyUser, team_id: object, *, operation: Operation = Operation.READ,
             views: bool = False) -> Plan:
    """`views=True`: the plan's own text (the client's view, dissent, next review) is edited,
    which a user who may not see it cannot do."""
    return _fetch(user, Plan.objects.select_related("team__client", "updated_by"), team_id,
                  lookup="team_id", what=What.PLAN, operation=operation,
                  shown=_item_shown if views else None,
                  scope=lambda p: Scope(p.team.client_id, team_id=p.team_id))


def goal_for(user: AnyUser, goal_id: object, *, operation: Operation = Operation.WRITE) -> Goal:
    return _fetch(user, Goal.objects.select_related("plan__team__client"), goal_id,
                  what=What.GOAL, operation=operation, shown=_item_shown,
                  scope=lambda g: Scope(g.plan.team.client_id, team_id=g.plan.team_id))


def action_for(user: AnyUser, action_id: object, *,
               operation: Operation = Operation.WRITE) -> Action:
    return _fetch(user, Action.objects.select_related("plan__team__client", "owner__person"),
                  action_id, what=What.ACTION, operation=operation, shown=_item_shown,
                  scope=lambda a: Scope(a.plan.team.client_id, team_id=a.plan.team_id))


def episode_for(user: AnyUser, team_id: object, episode_id: object, *,
                operation: Operation = Operation.READ, manage: bool = False) -> ServiceEpisode:
    """A service episode of a team's client, reached through that team: one decision, on the
    team's relationship; seen (and changed) only where the team's records would show it (its
    register, or the client's consent or a legal basis). Another client's episode, or a team
    that is not the client's, is a 404. `manage=True`: the lead's or a coordinator's word.
    The episode carries its `team`."""
    team_pk = id_from(team_id)
    team = Team.objects.select_related("client").filter(pk=team_pk).first() if team_pk else None

    def shown(user: AnyUser, episode: ServiceEpisode, basis: Basis) -> bool:
        assert team is not None  # no episode is found without it
        return visibility_for(user, team.client, team, basis).allows(episode)

    # Without the team, an id no episode has: the same queries run, and the same 404.
    episode = _fetch(user, ServiceEpisode.objects.filter(
        client_id=team.client_id if team else 0).select_related(
        "service", "next_service", "organisation", "next_owner", "no_next_by"),
        episode_id, what=What.EPISODE, operation=operation, manage=manage, shown=shown,
        scope=lambda e: Scope(e.client_id, team_id=team.pk if team else 0))
    assert team is not None
    episode.client, episode.team = team.client, team  # type: ignore[attr-defined]
    return episode


def receives_referrals(person: Person | None, organisation_id: int) -> bool:
    """Who receives an organisation's referrals: its own professionals who work with
    clients (not a manager, the DPO or an administrator of the same unit)."""
    return person is not None and receives(person, organisation_id) \
        and does_client_work(person)


def referrals_listed(user: AnyUser, referrals: Iterable[Referral]) -> list[Referral]:
    """The incoming referrals the user receives, logged on that basis (one insert)."""
    person = person_of(user)
    shown = [r for r in referrals if receives_referrals(person, r.to_organisation_id)]
    use_log_write_many(actor=actor_of(user), client_ids=sorted({r.client_id for r in shown}),
                       what=What.REFERRALS_INCOMING, basis=Basis.REFERRAL_RECIPIENT)
    return shown


def referral_for(user: AnyUser, referral_id: object, *,
                 operation: Operation = Operation.READ) -> Referral:
    """A referral: reached by the sending team (as its records show it: another register's
    only by the team's consent or legal basis), and by the professionals of the organisation
    it was sent to (that referral alone: `Basis.REFERRAL_RECIPIENT` opens nothing else)."""
    def shown(user: AnyUser, referral: Referral, basis: Basis) -> bool:
        return basis == Basis.REFERRAL_RECIPIENT or visibility_for(
            user, referral.client, referral.team, basis).allows(referral)

    return _fetch(user, Referral.objects.select_related(
        "client", "team__client", "service", "to_organisation"), referral_id,
        what=What.REFERRAL, operation=operation, shown=shown,
        scope=lambda r: Scope(r.client_id, team_id=r.team_id,
                              recipient_id=r.to_organisation_id))


def _item_shown(user: AnyUser, item: Plan | Meeting | Goal | Action, basis: Basis) -> bool:
    """An item of another register that the user may not see cannot be edited either (the
    page that then shows it logs the showing, through the same Visibility)."""
    team = item.plan.team if isinstance(item, Goal | Action) else item.team
    return visibility_for(user, team.client, team, basis).allows(item)


def log_listed(user: AnyUser, client_ids: Iterable[int], *, what: What) -> None:
    """Log a list page's reads in one insert: each listed client was shown to the user."""
    person = person_of(user)
    use_log_write_many(actor=actor_of(user), client_ids=sorted(set(client_ids)), what=what,
                       basis=Basis.MEMBER if person else Basis.NONE)


def visibility_for(user: AnyUser, client: Client, team: Team | None,
                   basis: Basis) -> Visibility:
    """What of this team's records the user may see; call only after a granted decision.

    Worked out once per request (on the request's user object), however many times the
    decision and the page ask: a page that changes consents or bans redirects after saving,
    so no request reads it again after its own change."""
    person = person_of(user)
    known: dict[tuple[int, int | None, Basis], Visibility] = user.__dict__.setdefault(
        "_moti_visibility", {})
    key = (client.pk, team.pk if team else None, basis)
    if key not in known:
        known[key] = visibility_make(
            actor=actor_of(user), person=person, client=client, team=team,
            emergency=basis == Basis.EMERGENCY,
            emergency_all=can(person, Capability.EMERGENCY_ALL_REGISTERS))
    return known[key]


def _shown_through_teams(user: AnyUser, pairs: list[tuple[Any, Team]]) -> set[tuple[str, int]]:
    """Of items across the user's teams, each with the team it is read through, those their
    teams show the user (as model label and pk: a page may list actions and episodes); one
    visibility per team, read together, and every showing across registers logged in one
    insert, so that the page's queries do not grow with its teams."""
    by_team: dict[int, list[Any]] = {}
    teams: dict[int, Team] = {}
    for item, team in pairs:
        teams[team.pk] = team
        by_team.setdefault(team.pk, []).append(item)
    visibilities = visibilities_make(actor=actor_of(user), person=person_of(user),
                                     teams=teams.values())
    shown: set[tuple[str, int]] = set()
    crossed = []
    for team_id, group in by_team.items():
        (allowed,), _withheld, rows = visibilities[team_id].split_unlogged(group)
        shown.update((item._meta.label_lower, item.pk) for item in allowed)
        crossed += rows
    disclosure_log_write_many(actor=actor_of(user), rows=crossed)
    return shown


def _through_teams(actions: Sequence[Action], episodes: Sequence[ServiceEpisode],
                   teams: dict[int, Team]) -> list[tuple[Any, Team]]:
    """Actions through their plans' teams; episodes through the teams `teams` holds for their
    clients (the others are not reached)."""
    return [*((action, action.plan.team) for action in actions),
            *((e, teams[e.client_id]) for e in episodes if e.client_id in teams)]


def actions_shown(user: AnyUser, actions: list[Action],
                  episodes: Sequence[ServiceEpisode] = (), teams: dict[int, Team] | None = None
                  ) -> tuple[list[Action], list[dict[str, Any]], int]:
    """A member's own actions across their teams, each marked `withheld` when it was recorded
    by an organisation that may not show it to the member (the text is then not shown); and
    `episodes_shown` of `episodes` (the next steps they arrange), in the same decision."""
    teams = teams or {}
    shown = _shown_through_teams(user, _through_teams(actions, episodes, teams))
    for action in actions:
        action.withheld = (action._meta.label_lower, action.pk) not in shown  # type: ignore[attr-defined]
    return actions, *_episode_rows(episodes, teams, shown)


def episodes_shown(user: AnyUser, episodes: list[ServiceEpisode], teams: dict[int, Team]
                   ) -> tuple[list[dict[str, Any]], int]:
    """Of a list of episodes (of the clients whose teams `teams` holds), those each one's
    team shows the user, as rows with their team, and how many were withheld."""
    return _episode_rows(episodes, teams,
                         _shown_through_teams(user, _through_teams([], episodes, teams)))


def _episode_rows(episodes: Sequence[ServiceEpisode], teams: dict[int, Team],
                  shown: set[tuple[str, int]]) -> tuple[list[dict[str, Any]], int]:
    rows = [{"episode": e, "team": teams[e.client_id]} for e in episodes
            if (e._meta.label_lower, e.pk) in shown]
    return rows, len(episodes) - len(rows)


# --- Reaching a client before any relationship exists -----------------------------------------

_TOKEN_SALT = "moti.access.client-handle"
TOKEN_MAX_AGE = 4 * 3600


class TooManyLookups(Exception):
    """The user has looked up more identity codes than the limit allows; try again later."""

    message = gettext_lazy("You have looked up many identity codes in a short time. Wait a "
                           "while, or ask the data protection officer.")


def client_handle_make(user: AnyUser, client: Client) -> str:
    """A signed, user-bound, expiring handle to a client: no identity code travels in the URL."""
    return signing.dumps({"c": client.pk, "u": user.pk}, salt=_TOKEN_SALT, compress=True)


def client_from_handle(user: AnyUser, handle: str, *, capability: Capability | None = None,
                       writes: What | None = None) -> Client:
    """The client behind a handle made for this user; a stranger's or stale handle is a 404,
    a role without `capability` (emergency access) a 403. Both refusals are logged. `writes`:
    what the page records about the client (a concern), logged as a write once saved."""
    try:
        data = signing.loads(handle, salt=_TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        data = None
    client = Client.objects.filter(pk=data["c"]).first() if data and data["u"] == user.pk \
        else None
    capable = capability is None or can(person_of(user), capability)
    allowed = client is not None and capable
    use_log_write(actor=actor_of(user), client_id=client.pk if client else None,
                  operation=Operation.READ, what=What.CLIENT_HANDLE,
                  object_id=client.pk if client else None,
                  basis=Basis.LOOKUP if client else Basis.NONE, allowed=allowed)
    if client is None:
        raise Http404
    if not capable:
        raise PermissionDenied
    if writes is not None:
        pending = _pending_writes.get()
        if pending is not None:
            pending.append({"actor": actor_of(user), "client_id": client.pk,
                            "operation": Operation.WRITE, "what": writes, "object_id": None,
                            "basis": Basis.LOOKUP, "allowed": True})
    return client


def lookups_recently(user: AnyUser) -> int:
    """Identity-code lookups (and duplicate checks) by the user within the throttle window."""
    since = timezone.now() - settings.MOTI_LOOKUP_WINDOW
    return UseLog.objects.filter(user_id=user.pk, what=What.IDENTITY_CODE_LOOKUP,
                                 at__gte=since).count()


def identity_code_lookup(user: AnyUser, code: str) -> Client | None:
    """Find any client by the whole identity code (a strong identifier), and log the lookup.

    Only a role with the capability may, at most MOTI_LOOKUP_LIMIT times within the window;
    the data protection officer looks up for the client's own requests, within the same
    limit. A refused or throttled lookup is logged too. Raises PermissionDenied or
    TooManyLookups.
    """
    person = person_of(user)
    dpo = has_role(person, RoleKind.DPO)
    allowed = dpo or can(person, Capability.LOOK_UP_CLIENT)
    throttled = allowed and lookups_recently(user) >= settings.MOTI_LOOKUP_LIMIT
    client = Client.objects.filter(identity_code=code).first() if allowed and not throttled \
        else None
    use_log_write(actor=actor_of(user), client_id=client.pk if client else None,
                  operation=Operation.READ, what=What.IDENTITY_CODE_LOOKUP,
                  object_id=client.pk if client else None,
                  basis=Basis.DPO if dpo else Basis.LOOKUP, allowed=allowed and not throttled,
                  purpose=Purpose.CLIENT_REQUEST if dpo else None)
    if not allowed:
        raise PermissionDenied
    if throttled:
        raise TooManyLookups
    return client


def emergency_access_for_dpo(user: AnyUser, grant_id: object) -> EmergencyAccess:
    """A grant for the data protection officer to review; a read of the client's data."""
    grant_pk = id_from(grant_id)
    grant = EmergencyAccess.objects.filter(pk=grant_pk).first() if grant_pk else None
    allowed = grant is not None and has_role(person_of(user), RoleKind.DPO)
    _log_decision(actor=actor_of(user), client_id=grant.client_id if grant else None,
                  operation=Operation.WRITE, what=What.EMERGENCY_REVIEW,
                  object_id=grant.pk if grant else None,
                  basis=Basis.DPO if allowed else Basis.NONE, allowed=allowed)
    if grant is None or not allowed:
        raise Http404
    return grant


def dpo_listed(user: AnyUser, client_ids: Iterable[int], *, what: What) -> None:
    """The DPO's own list pages (emergency access to review) log each client shown."""
    use_log_write_many(actor=actor_of(user), client_ids=sorted(set(client_ids)), what=what,
                       basis=Basis.DPO)


def dpo_log_read(user: AnyUser, client_id: int) -> None:
    """The DPO reading the use log narrowed to one client reads who used the client's data."""
    use_log_write(actor=actor_of(user), client_id=client_id, operation=Operation.READ,
                  what=What.LOG_REPORT, object_id=client_id, basis=Basis.DPO, allowed=True,
                  purpose=Purpose.DPO_REVIEW)


def client_for_dpo(user: AnyUser, client_id: object, *, what: What) -> Client:
    """The data protection officer reaches any client, for log reports and exports only."""
    client_pk = id_from(client_id)
    client = Client.objects.filter(pk=client_pk).first() if client_pk else None
    allowed = client is not None and has_role(person_of(user), RoleKind.DPO)
    use_log_write(actor=actor_of(user), client_id=client.pk if client else None,
                  operation=Operation.READ, what=what, object_id=client.pk if client else None,
                  basis=Basis.DPO if allowed else Basis.NONE, allowed=allowed,
                  purpose=Purpose.CLIENT_REQUEST if allowed else None)
    if client is None or not allowed:
        raise Http404
    return client
