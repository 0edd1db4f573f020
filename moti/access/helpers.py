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
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from moti.audit.services import disclosure_log_write, use_log_write, use_log_write_many
from moti.clients.models import Client, Consent
from moti.core.models import Register
from moti.directory.models import Person
from moti.plans.models import Action, Goal, Plan
from moti.teams.models import Concern, Meeting, Team, TeamMember

from .models import EmergencyAccess

READ, WRITE = "read", "write"

COORDINATOR, LEAD, MEMBER, CONCERN_AUTHOR, EMERGENCY, LOOKUP, NONE = (
    "coordinator", "lead_worker", "team_member", "concern_author", "emergency",
    "identity_code_lookup", "none",
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
    if flags:
        return MEMBER
    if EmergencyAccess.objects.filter(user=person.user_id, client_id=client_id,
                                      expires_at__gt=timezone.now()).exists():
        return EMERGENCY
    return NONE


def _decide(user, *, client_id, what, object_id, action, concern_author=False) -> str:
    person = person_of(user)
    basis = client_basis(person, client_id) if client_id else NONE
    if basis == NONE and concern_author:
        basis = CONCERN_AUTHOR
    allowed = basis != NONE
    use_log_write(user=user, client_id=client_id, action=action, what=what,
                  object_id=object_id, basis=basis, allowed=allowed,
                  emergency=basis == EMERGENCY)
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


def consent_for(user, consent_id, *, action: str = READ) -> Consent:
    return _fetch(user, Consent.objects.select_related("client"), consent_id, what="consent",
                  action=action, client_of=lambda c: c.client_id)


def team_for(user, team_id, *, action: str = READ, what: str = "team") -> Team:
    return _fetch(user, Team.objects.select_related("client", "concern"), team_id, what=what,
                  action=action, client_of=lambda t: t.client_id)


def member_for(user, member_id, *, action: str = WRITE) -> TeamMember:
    return _fetch(user, TeamMember.objects.select_related("team__client", "person"), member_id,
                  what="team_member", action=action, client_of=lambda m: m.team.client_id)


def meeting_for(user, meeting_id, *, action: str = READ) -> Meeting:
    return _fetch(user, Meeting.objects.select_related("team__client"), meeting_id,
                  what="meeting", action=action, client_of=lambda m: m.team.client_id)


def plan_for(user, team_id, *, action: str = READ) -> Plan:
    return _fetch(user, Plan.objects.select_related("team__client", "updated_by"), team_id,
                  lookup="team_id", what="plan", action=action,
                  client_of=lambda p: p.team.client_id)


def _visible_or_404(user, obj, kind):
    """An item of another register that the user may not see cannot be edited either."""
    if not visibility_for(user, obj.plan.team.client, obj.access_basis).allows(obj.register,
                                                                                kind):
        raise Http404
    return obj


def goal_for(user, goal_id, *, action: str = WRITE) -> Goal:
    goal = _fetch(user, Goal.objects.select_related("plan__team__client"), goal_id,
                  what="goal", action=action, client_of=lambda g: g.plan.team.client_id)
    return _visible_or_404(user, goal, Consent.DataKind.PLAN)


def action_for(user, action_id, *, action: str = WRITE) -> Action:
    found = _fetch(user, Action.objects.select_related("plan__team__client", "owner__person"),
                   action_id, what="action", action=action,
                   client_of=lambda a: a.plan.team.client_id)
    return _visible_or_404(user, found, Consent.DataKind.PLAN)


def log_listed(user, client_ids: Iterable[int], *, what: str) -> None:
    """Log a list page's reads in one insert: each listed client was shown to the user."""
    person = person_of(user)
    use_log_write_many(user=user, client_ids=sorted(set(client_ids)), what=what,
                       basis=MEMBER if person else NONE)


# --- Registers and consent -------------------------------------------------------------------

@dataclass
class Withheld:
    """Items a page leaves out, and why, so the page can say that something is withheld."""

    count: int = 0
    registers: set = field(default_factory=set)
    banned: bool = False

    def __bool__(self):
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

    user: object
    client: Client
    own_register: str | None
    emergency: bool
    consents: list

    def basis_for(self, register: str, kind: str) -> Consent | str | None:
        if self.emergency or register == self.own_register:
            return "own"
        person = person_of(self.user)
        for consent in self.consents:
            if self.client.disclosure_ban and not consent.is_legal_basis:
                continue  # the client's disclosure ban leaves only legal bases
            if register in consent.registers and kind in consent.data_kinds and person and (
                    person.organisation_id in {o.pk for o in consent.organisations.all()}
                    or person.organisation.kind in consent.organisation_kinds):
                return consent
        return None

    def allows(self, register: str, kind: str) -> bool:
        return self.basis_for(register, kind) is not None

    def split(self, items, kind: str) -> tuple[list, Withheld]:
        """The items the viewer may see; the rest counted as withheld. Logs the disclosures."""
        shown, withheld, used = [], Withheld(banned=self.client.disclosure_ban), {}
        for item in items:
            basis = self.basis_for(item.register, kind)
            if basis is None:
                withheld.count += 1
                withheld.registers.add(item.register)
                continue
            shown.append(item)
            if isinstance(basis, Consent):
                used.setdefault(basis, set()).add(item.register)
        for consent, registers in used.items():
            person = person_of(self.user)
            disclosure_log_write(
                user=self.user, client_id=self.client.pk,
                recipient=f"{person} ({person.organisation})",
                what=f"{kind}: {', '.join(sorted(registers))}",
                basis=consent.legal_basis or _("consent of %(date)s (#%(id)s)") % {
                    "date": consent.given_on.strftime("%d.%m.%Y"), "id": consent.pk},
                channel="moti",
            )
        return shown, withheld


def visibility_for(user, client: Client, basis: str) -> Visibility:
    """What of this client's data the user may see; call only after a granted decision."""
    today = timezone.localdate()
    consents = [c for c in Consent.objects.filter(client=client, revoked_at__isnull=True)
                .prefetch_related("organisations") if c.is_active(today)]
    person = person_of(user)
    return Visibility(user=user, client=client,
                      own_register=person.organisation.register if person else None,
                      emergency=basis == EMERGENCY, consents=consents)


# --- Emergency access ------------------------------------------------------------------------

def emergency_access_start(*, user, client: Client, reason: str) -> EmergencyAccess:
    """Break the glass: time-limited access with a reason, flagged for the DPO's review."""
    from django.core.exceptions import ValidationError

    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Explain the emergency in a sentence or two.")})
    hours = settings.MOTI_EMERGENCY_ACCESS_HOURS
    grant = EmergencyAccess.objects.create(
        user=user, client=client, reason=reason.strip(),
        expires_at=timezone.now() + datetime.timedelta(hours=hours))
    use_log_write(user=user, client_id=client.pk, action=WRITE, what="emergency_access",
                  object_id=grant.pk, basis=EMERGENCY, allowed=True, emergency=True)
    return grant


# --- Reaching a client before any relationship exists -----------------------------------------

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
