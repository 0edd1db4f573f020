"""The one access helper: every read and write of a client's data is decided and logged here.

A professional reaches a client's data through a verified relationship:
- a member of one of the client's open teams,
- a coordinator or the lead worker of any of the client's teams (open or closed),
- the professional who raised a concern, for that concern only,
- or an active emergency access ("break the glass"), flagged for the data protection officer.
Everyone else gets a 404, so outsiders never learn that a client exists.

Within that, each item carries its register (social care, health care, other). A member from
another register sees it only under the client's active consent or a recorded legal basis
(`Visibility`); a disclosure ban leaves only legal bases. Every decision writes a use-log row;
every item shown across registers writes a disclosure-log row.

This module decides; the writes around access (emergency access and its review) are in
`services.py`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.core import signing
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone

from moti.audit.models import Basis, Channel, Disclosed, DisclosureBasis, Operation, What
from moti.audit.services import Actor, disclosure_log_write, use_log_write, use_log_write_many
from moti.clients.models import Client, Consent, RegisterItem
from moti.core.models import DataKind, Register
from moti.directory.models import Person
from moti.plans.models import Action, Goal, Plan
from moti.teams.models import Concern, Meeting, Team, TeamMember

from .models import EmergencyAccess

AnyUser = User | AnonymousUser
M = TypeVar("M", bound=Model)
I = TypeVar("I", bound=RegisterItem)  # noqa: E741


def person_of(user: AnyUser) -> Person | None:
    """The directory entry of a signed-in user; None for visitors and technical accounts."""
    if not user.is_authenticated:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def actor_of(user: AnyUser) -> Actor:
    """The user as the log records them: name, title and organisation at this moment."""
    person = person_of(user)
    if person is None:
        return Actor(user_id=user.pk, name=user.get_username() if user.is_authenticated else "")
    return Actor(user_id=user.pk, name=str(person), title=person.title,
                 organisation=str(person.organisation))


def client_basis(person: Person | None, client_id: int) -> Basis:
    """The strongest relationship `person` has with the client, or NONE."""
    if person is None:
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
    if EmergencyAccess.objects.filter(user=person.user_id, client_id=client_id,
                                      expires_at__gt=timezone.now()).exists():
        return Basis.EMERGENCY
    return Basis.NONE


def _fetch(user: AnyUser, queryset: QuerySet[M], pk: object, *, what: What,
           operation: Operation, client_of: Callable[[M], int],
           author_of: Callable[[M], int] | None = None, lookup: str = "pk") -> M:
    """The object for this user, decided and logged; a 404 otherwise.

    A missing object and a refused one run the same queries and answer the same way, so that
    neither the answer nor its timing tells an outsider that the object exists.
    """
    obj = queryset.filter(**{lookup: pk}).first() if str(pk).isdigit() else None
    person = person_of(user)
    client_id = client_of(obj) if obj is not None else None
    basis = client_basis(person, client_id or 0)
    if basis == Basis.NONE and obj is not None and author_of and person \
            and author_of(obj) == person.pk:
        basis = Basis.CONCERN_AUTHOR
    allowed = obj is not None and basis != Basis.NONE
    use_log_write(actor=actor_of(user), client_id=client_id, operation=operation, what=what,
                  object_id=obj.pk if obj is not None else (int(str(pk)) if str(pk).isdigit()
                                                            else None),
                  basis=basis, allowed=allowed, emergency=basis == Basis.EMERGENCY)
    if obj is None or not allowed:
        raise Http404
    obj.access_basis = basis  # type: ignore[attr-defined]
    return obj


def client_for(user: AnyUser, client_id: object, *, operation: Operation = Operation.READ,
               what: What = What.CLIENT) -> Client:
    return _fetch(user, Client.objects.all(), client_id, what=what, operation=operation,
                  client_of=lambda c: c.pk)


def concern_for(user: AnyUser, concern_id: object, *,
                operation: Operation = Operation.READ) -> Concern:
    return _fetch(
        user, Concern.objects.select_related("client", "author", "organisation"), concern_id,
        what=What.CONCERN, operation=operation, client_of=lambda c: c.client_id,
        author_of=lambda c: c.author_id,
    )


def consent_for(user: AnyUser, consent_id: object, *,
                operation: Operation = Operation.READ) -> Consent:
    return _fetch(user, Consent.objects.select_related("client"), consent_id,
                  what=What.CONSENT, operation=operation, client_of=lambda c: c.client_id)


def team_for(user: AnyUser, team_id: object, *, operation: Operation = Operation.READ,
             what: What = What.TEAM) -> Team:
    return _fetch(user, Team.objects.select_related("client", "concern"), team_id, what=what,
                  operation=operation, client_of=lambda t: t.client_id)


def member_for(user: AnyUser, member_id: object, *,
               operation: Operation = Operation.WRITE) -> TeamMember:
    return _fetch(user, TeamMember.objects.select_related("team__client", "person"), member_id,
                  what=What.TEAM_MEMBER, operation=operation,
                  client_of=lambda m: m.team.client_id)


def meeting_for(user: AnyUser, meeting_id: object, *,
                operation: Operation = Operation.READ) -> Meeting:
    return _fetch(user, Meeting.objects.select_related("team__client"), meeting_id,
                  what=What.MEETING, operation=operation, client_of=lambda m: m.team.client_id)


def plan_for(user: AnyUser, team_id: object, *, operation: Operation = Operation.READ) -> Plan:
    return _fetch(user, Plan.objects.select_related("team__client", "updated_by"), team_id,
                  lookup="team_id", what=What.PLAN, operation=operation,
                  client_of=lambda p: p.team.client_id)


def _visible_or_404(user: AnyUser, item: I, client: Client) -> I:
    """An item of another register that the user may not see cannot be edited either."""
    if not visibility_for(user, client, item.access_basis).allows(item):  # type: ignore[attr-defined]
        raise Http404
    return item


def goal_for(user: AnyUser, goal_id: object, *, operation: Operation = Operation.WRITE) -> Goal:
    goal = _fetch(user, Goal.objects.select_related("plan__team__client"), goal_id,
                  what=What.GOAL, operation=operation, client_of=lambda g: g.plan.team.client_id)
    return _visible_or_404(user, goal, goal.plan.team.client)


def action_for(user: AnyUser, action_id: object, *,
               operation: Operation = Operation.WRITE) -> Action:
    found = _fetch(user, Action.objects.select_related("plan__team__client", "owner__person"),
                   action_id, what=What.ACTION, operation=operation,
                   client_of=lambda a: a.plan.team.client_id)
    return _visible_or_404(user, found, found.plan.team.client)


def log_listed(user: AnyUser, client_ids: Iterable[int], *, what: What) -> None:
    """Log a list page's reads in one insert: each listed client was shown to the user."""
    person = person_of(user)
    use_log_write_many(actor=actor_of(user), client_ids=sorted(set(client_ids)), what=what,
                       basis=Basis.MEMBER if person else Basis.NONE)


# --- Registers and consent -------------------------------------------------------------------

@dataclass
class Withheld:
    """Items a page leaves out, and why, so the page can say that something is withheld."""

    count: int = 0
    registers: set[str] = field(default_factory=set)
    banned: bool = False

    def __bool__(self) -> bool:
        return self.count > 0

    def add(self, other: "Withheld") -> "Withheld":
        return Withheld(self.count + other.count, self.registers | other.registers,
                        self.banned or other.banned)

    @property
    def register_labels(self) -> list[str]:
        labels = dict(Register.choices)
        return [str(labels[r]) for r in sorted(self.registers)]


@dataclass
class Visibility:
    """Which registers' data a viewer may see for one client, and on what basis."""

    user: AnyUser
    person: Person | None
    client: Client
    emergency: bool
    consents: list[Consent]

    def basis_for(self, register: str, kind: DataKind) -> Consent | str | None:
        person = self.person
        if self.emergency or (person and register == person.organisation.register):
            return "own"
        for consent in self.consents:
            if self.client.disclosure_ban and not consent.is_legal_basis:
                continue  # the client's disclosure ban leaves only legal bases
            if register in consent.registers and kind in consent.data_kinds and person and (
                    person.organisation_id in {o.pk for o in consent.organisations.all()}
                    or person.organisation.kind in consent.organisation_kinds):
                return consent
        return None

    def allows(self, item: RegisterItem) -> bool:
        return self.basis_for(item.register, item.data_kind) is not None

    def split(self, items: Iterable[I]) -> tuple[list[I], Withheld]:
        """The items the viewer may see; the rest counted as withheld. Logs the disclosures."""
        shown: list[I] = []
        withheld = Withheld(banned=self.client.disclosure_ban)
        used: dict[Consent, tuple[set[str], set[str]]] = {}
        for item in items:
            basis = self.basis_for(item.register, item.data_kind)
            if basis is None:
                withheld.count += 1
                withheld.registers.add(item.register)
                continue
            shown.append(item)
            if isinstance(basis, Consent):
                kinds, registers = used.setdefault(basis, (set(), set()))
                kinds.add(item.data_kind)
                registers.add(item.register)
        for consent, (kinds, registers) in used.items():
            actor = actor_of(self.user)
            disclosure_log_write(
                actor=actor, client_id=self.client.pk, recipient=actor.name,
                recipient_organisation=actor.organisation,
                what=[Disclosed(kind) for kind in kinds], registers=registers,
                basis=DisclosureBasis.LEGAL_BASIS if consent.is_legal_basis
                else DisclosureBasis.CONSENT,
                basis_reference=consent.legal_basis or f"{consent.given_on:%Y-%m-%d} #{consent.pk}",
                channel=Channel.MOTI,
            )
        return shown, withheld


def visibility_for(user: AnyUser, client: Client, basis: Basis) -> Visibility:
    """What of this client's data the user may see; call only after a granted decision."""
    today = timezone.localdate()
    consents = [c for c in Consent.objects.filter(client=client, revoked_at__isnull=True)
                .prefetch_related("organisations") if c.is_active(today)]
    return Visibility(user=user, person=person_of(user), client=client,
                      emergency=basis == Basis.EMERGENCY, consents=consents)


# --- Reaching a client before any relationship exists -----------------------------------------

_TOKEN_SALT = "moti.access.client-handle"
TOKEN_MAX_AGE = 4 * 3600


def client_handle_make(user: AnyUser, client: Client) -> str:
    """A signed, user-bound, expiring handle to a client: no identity code travels in the URL."""
    return signing.dumps({"c": client.pk, "u": user.pk}, salt=_TOKEN_SALT, compress=True)


def client_from_handle(user: AnyUser, handle: str) -> Client:
    """The client behind a handle made for this user; a stranger's or stale handle is a 404."""
    try:
        data = signing.loads(handle, salt=_TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        data = None
    client = Client.objects.filter(pk=data["c"]).first() if data and data["u"] == user.pk else None
    use_log_write(actor=actor_of(user), client_id=client.pk if client else None,
                  operation=Operation.READ, what=What.CLIENT_HANDLE,
                  object_id=client.pk if client else None,
                  basis=Basis.LOOKUP if client else Basis.NONE, allowed=client is not None)
    if client is None:
        raise Http404
    return client


def _is_dpo(user: AnyUser) -> bool:
    person = person_of(user)
    return person is not None and person.role == Person.Role.DPO


def identity_code_lookup(user: AnyUser, code: str) -> Client | None:
    """Find any client by the whole identity code (a strong identifier), and log the lookup."""
    client = Client.objects.filter(identity_code=code).first()
    use_log_write(actor=actor_of(user), client_id=client.pk if client else None,
                  operation=Operation.READ, what=What.IDENTITY_CODE_LOOKUP,
                  object_id=client.pk if client else None,
                  basis=Basis.DPO if _is_dpo(user) else Basis.LOOKUP, allowed=True)
    return client


def client_for_dpo(user: AnyUser, client_id: object, *, what: What) -> Client:
    """The data protection officer reaches any client, for log reports and exports only."""
    client = Client.objects.filter(pk=str(client_id)).first() if str(client_id).isdigit() \
        else None
    allowed = client is not None and _is_dpo(user)
    use_log_write(actor=actor_of(user), client_id=client.pk if client else None,
                  operation=Operation.READ, what=what, object_id=client.pk if client else None,
                  basis=Basis.DPO if allowed else Basis.NONE, allowed=allowed)
    if client is None or not allowed:
        raise Http404
    return client
