"""Writes that depend on who may do what: they check the actor's capabilities (roles.py), then
write through the domain services. Views call these, never the domain service underneath.

- clients: adding one (its duplicate check is an identity-code lookup), turvakielto;
- teams: convening with the client's consent, adding members and naming the lead, handing a
  coordinator's teams over to another;
- consents and legal bases for a team, and the client's disclosure bans, each recorded by a
  professional of the controller whose records they concern;
- emergency access and the data protection officer's review of it;
- roles, granted by a controller's access administrator.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moti.audit.models import Basis, Operation, What
from moti.audit.services import use_log_write, use_log_write_many
from moti.clients import services as client_services
from moti.clients.models import Client, authored_by
from moti.core.models import Change, DataKind, Register
from moti.directory.models import Organisation, Person, Service
from moti.paths.models import Referral
from moti.paths.referrals import referral_create
from moti.teams import pairs
from moti.teams import services as team_services
from moti.teams.models import Concern, Handover, Team, TeamMember

from .helpers import TooManyLookups, actor_of, lookups_recently
from .models import (
    CLIENT_WORK,
    Capability,
    Consent,
    DisclosureBan,
    EmergencyAccess,
    Role,
    RoleKind,
)
from .roles import (
    JOINING_AS_OUTSIDERS,
    OUTSIDE_ORGANISATIONS,
    can,
    does_client_work,
    has_role,
)
from .visibility import Source, visibility_make

# --- Clients ---------------------------------------------------------------------------------


def client_add(*, user: User, person: Person, **fields: Any) -> Client:
    """Add a client. The duplicate check tells whether a code exists, so it is a lookup:
    throttled and logged like one."""
    if not can(person, Capability.ADD_CLIENT):
        raise PermissionDenied
    if fields.get("turvakielto") and not can(person, Capability.SET_TURVAKIELTO):
        raise ValidationError({"turvakielto": _(
            "Your role does not set a non-disclosure for personal safety: ask a social worker.")})
    code = str(fields.get("identity_code") or "").strip().upper()
    if code:
        throttled = lookups_recently(user) >= settings.MOTI_LOOKUP_LIMIT
        existing = None if throttled else Client.objects.filter(identity_code=code).first()
        use_log_write(actor=actor_of(user), client_id=existing.pk if existing else None,
                      operation=Operation.READ, what=What.IDENTITY_CODE_LOOKUP,
                      object_id=existing.pk if existing else None, basis=Basis.LOOKUP,
                      allowed=not throttled)
        if throttled:
            raise TooManyLookups
    client = client_services.client_create(user=user, **fields)
    use_log_write(actor=actor_of(user), client_id=client.pk, operation=Operation.WRITE,
                  what=What.CLIENT, object_id=client.pk, basis=Basis.LOOKUP, allowed=True)
    return client


def turvakielto_set(*, client: Client, by: Person, on: bool) -> Client:
    if not can(by, Capability.SET_TURVAKIELTO):
        raise PermissionDenied
    return client_services.client_set_turvakielto(client=client, on=on)


# --- Teams -----------------------------------------------------------------------------------


def _check_member(person: Person | None, *, is_lead: bool,
                  kind: str = TeamMember.Kind.PROFESSIONAL) -> None:
    if person is not None and not does_client_work(person) and not (
            kind in JOINING_AS_OUTSIDERS and person.organisation.kind in OUTSIDE_ORGANISATIONS):
        raise ValidationError({"person": _("%(name)s does not work with clients in Moti and "
                                           "cannot join a team as a professional.")
                               % {"name": person}})
    if is_lead and (person is None or not can(person, Capability.BE_LEAD)
                    or person.organisation.register not in (Register.SOCIAL, Register.HEALTH)):
        raise ValidationError({"is_lead": _(
            "The lead responsible worker is a social or health care professional of the "
            "wellbeing services county.")})


def member_add(*, team: Team, kind: str, person: Person | None = None, is_lead: bool = False,
               **fields: Any) -> TeamMember:
    _check_member(person, is_lead=is_lead, kind=kind)
    return team_services.member_add(team=team, kind=kind, person=person, is_lead=is_lead,
                                    **fields)


def member_update(*, member: TeamMember, is_lead: bool, **fields: Any) -> TeamMember:
    if is_lead and not member.is_lead:
        _check_member(member.person, is_lead=True)
    return team_services.member_update(member=member, is_lead=is_lead, **fields)


@transaction.atomic
def handover(*, user: User, giver: Person, receiver: Person, notes: dict[int, str],
             with_lead: bool = False) -> Handover:
    """Hand the giver's teams in `notes` over to `receiver` (teams.pairs.handover), who must
    work with clients (and may be a lead, if the lead's role goes too); each team's client
    gets a use-log row of the change. The first handover, for the form's double-submit key."""
    _check_member(receiver, is_lead=False)
    if with_lead:
        leads = TeamMember.objects.filter(person=giver, team_id__in=list(notes), is_lead=True)
        if leads.exists():
            _check_member(receiver, is_lead=True)
    # The note is filed in the giver's register: the receiver must be able to read it, by the
    # team's consent or a legal basis when they work in another register.
    unread = {}
    filed = Handover(**authored_by(giver))
    for team in Team.objects.filter(pk__in=list(notes)).select_related("client"):
        visibility = visibility_make(actor=actor_of(user), person=giver, client=team.client,
                                     team=team, emergency=False, emergency_all=False)
        if visibility.basis_to(filed, receiver.organisation) is None:
            unread[team.pk] = _(
                "The team's consents do not open your notes to %(organisation)s, so "
                "%(name)s could not read this note: record the client's consent on the "
                "team's consents page first, or hand this team to someone else.") % {
                "organisation": receiver.organisation.name, "name": receiver}
    done = pairs.handover(giver=giver, receiver=receiver, notes=notes, with_lead=with_lead,
                          unread=unread)
    clients = dict(Team.objects.filter(pk__in=[h.team_id for h in done])
                   .values_list("pk", "client_id"))
    use_log_write_many(actor=actor_of(user), client_ids=[clients[h.team_id] for h in done],
                       what=What.HANDOVER, basis=Basis.COORDINATOR, operation=Operation.WRITE,
                       object_ids=[h.pk for h in done])
    return done[0]


@transaction.atomic
def team_convene(*, author: Person, concern: Concern, role: str = "",
                 author_is_coordinator: bool = True,
                 consent: dict[str, Any] | None = None) -> Team:
    """Convene a team and record, with it, the client's consent to the team's information
    sharing (as far as the convener may record it: for their own register)."""
    team = team_services.team_convene(author=author, concern=concern, role=role,
                                      author_is_coordinator=author_is_coordinator)
    if consent:
        consent_record(team=team, recorder=author, **consent)
    return team


# --- Consents, legal bases and disclosure bans -----------------------------------------------


@transaction.atomic
def consent_record(*, team: Team, recorder: Person, organisations: Iterable[Organisation],
                   data_kinds: list[str], given_how: str, given_on: datetime.date,
                   witness: str = "", statute: str = "", statute_text: str = "",
                   expires_on: datetime.date | None = None) -> Consent:
    """The client's consent (or a legal basis) to show the recorder's own controller's and
    register's records of this team to the members of `organisations`."""
    statute_basis = given_how == Consent.GivenHow.STATUTE
    needed = Capability.RECORD_LEGAL_BASIS if statute_basis else Capability.RECORD_CONSENT
    if not can(recorder, needed):
        raise PermissionDenied
    if not team.is_open:
        raise ValidationError(_("This team is closed; its consents can no longer change."))
    own = Source.of_person(recorder)
    recipients = [o for o in organisations if Source(o.controller_key, o.register) != own]
    errors: dict[str, str] = {}
    if not recipients:
        errors["organisations"] = _(
            "Choose the organisations that may see your organisation's records: your own sees "
            "them already, and nobody grants access to themselves.")
    unknown = set(data_kinds) - set(DataKind.values)
    if not data_kinds or unknown:
        errors["data_kinds"] = _("Choose at least one kind of data.")
    if given_how == Consent.GivenHow.VERBAL and not witness.strip():
        errors["witness"] = _("A verbal consent needs a witness.")
    if statute_basis and not statute:
        errors["statute"] = _("Choose the statute.")
    if statute == Consent.Statute.OTHER and not statute_text.strip():
        errors["statute_text"] = _("Write the statute, for example Social Welfare Act 41 §.")
    if given_on > timezone.localdate():
        errors["given_on"] = _("The date given cannot be in the future.")
    if expires_on and expires_on < given_on:
        errors["expires_on"] = _("The consent cannot end before it was given.")
    if errors:
        raise ValidationError(errors)
    consent = Consent(team=team, controller_id=own.controller_id, register=own.register,
                      data_kinds=list(data_kinds), given_how=given_how, witness=witness.strip(),
                      statute=statute if statute_basis else "",
                      statute_text=statute_text.strip() if statute_basis else "",
                      given_on=given_on, expires_on=expires_on, recorded_by=recorder)
    consent.full_clean()
    consent.save()
    consent.organisations.set(recipients)
    return consent


def consent_revoke(*, consent: Consent, by: Person) -> Consent:
    """Revoke at once: the next page load no longer shows what it opened. The client may
    withdraw a consent through anyone of the team; a legal basis is ended by its controller."""
    if consent.is_legal_basis and by.organisation.controller_key != consent.controller_id:
        raise PermissionDenied
    if consent.revoked_at is None:
        Consent.objects.filter(pk=consent.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by)
        consent.refresh_from_db()
    return consent


def disclosure_ban_set(*, client: Client, by: Person,
                       on: datetime.date | None = None) -> DisclosureBan:
    """The client forbids the recorder's controller to disclose their records."""
    if not can(by, Capability.SET_DISCLOSURE_BAN):
        raise PermissionDenied
    controller = by.organisation.controller_key
    existing = DisclosureBan.objects.filter(client=client, controller_id=controller,
                                            lifted_on__isnull=True).first()
    if existing:
        return existing
    return DisclosureBan.objects.create(client=client, controller_id=controller,
                                        set_on=on or timezone.localdate(), set_by=by)


def disclosure_ban_lift(*, ban: DisclosureBan, by: Person) -> DisclosureBan:
    """Lifted by a professional of the controller it binds; dated and named."""
    if not can(by, Capability.SET_DISCLOSURE_BAN) \
            or by.organisation.controller_key != ban.controller_id:
        raise PermissionDenied
    DisclosureBan.objects.filter(pk=ban.pk, lifted_on__isnull=True).update(
        lifted_on=timezone.localdate(), lifted_by=by)
    ban.refresh_from_db()
    return ban


# --- Emergency access ------------------------------------------------------------------------


def emergency_access_start(*, user: User, client: Client, reason: str) -> EmergencyAccess:
    """Break the glass: time-limited, read-only access with a reason, for the DPO's review."""
    person = getattr(user, "person", None)
    if not can(person, Capability.START_EMERGENCY_ACCESS):
        raise PermissionDenied
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Explain the emergency in a sentence or two.")})
    hours = settings.MOTI_EMERGENCY_ACCESS_HOURS
    grant = EmergencyAccess.objects.create(
        user=user, client=client, reason=reason.strip(),
        expires_at=timezone.now() + datetime.timedelta(hours=hours))
    use_log_write(actor=actor_of(user), client_id=client.pk, operation=Operation.WRITE,
                  what=What.EMERGENCY_ACCESS, object_id=grant.pk, basis=Basis.EMERGENCY,
                  allowed=True, emergency=True)
    return grant


def emergency_access_review(*, grant: EmergencyAccess, reviewer: User, verdict: str,
                            note: str) -> EmergencyAccess:
    """The data protection officer's review: who, when, the verdict; the first review stands."""
    if verdict not in EmergencyAccess.Verdict.values:
        raise ValidationError({"review_verdict": _("Choose a verdict.")})
    if not note.strip():
        raise ValidationError({"review_note": _("Write a review note.")})
    EmergencyAccess.objects.filter(pk=grant.pk, reviewed_at__isnull=True).update(
        reviewed_at=timezone.now(), reviewed_by=reviewer, review_verdict=verdict,
        review_note=note.strip())
    grant.refresh_from_db()
    return grant


# --- Roles -----------------------------------------------------------------------------------


def _administers(admin: Person, controller_id: int) -> User:
    """The administrator's account, if they administer this controller's access."""
    if admin.user is None or not has_role(admin, RoleKind.ACCESS_ADMIN) \
            or admin.organisation.controller_key != controller_id:
        raise PermissionDenied
    return admin.user


# Who grants access never holds what it opens: an access administrator is not also the data
# protection officer or a client worker (else they could grant themselves a way in).
APART = {RoleKind.ACCESS_ADMIN: {RoleKind.DPO, *CLIENT_WORK}}


def _kinds_apart(kinds: set[str]) -> None:
    for kind, others in APART.items():
        if kind in kinds and kinds & set(others):
            raise ValidationError({"roles": _(
                "An access administrator cannot also work with clients or be the data "
                "protection officer: give those roles to another person.")})


def person_roles_set(*, person: Person, roles: Iterable[Role], by: Person) -> Person:
    """The access administrator of the person's controller sets the person's roles, never
    their own; each change is kept in the history."""
    account = _administers(by, person.organisation.controller_key)
    if person.pk == by.pk:
        raise ValidationError({"roles": _(
            "Nobody changes their own access rights: ask another administrator.")})
    wanted = set(roles)
    if any(role.organisation_id != person.organisation.controller_key for role in wanted):
        raise ValidationError({"roles": _("Roles come from the person's own organisation.")})
    _kinds_apart({role.kind for role in wanted})
    held = set(Role.objects.filter(people=person))
    if held == wanted:
        return person
    with transaction.atomic():
        for role in wanted - held:
            role.people.add(person)
        for role in held - wanted:
            role.people.remove(person)
        Change.objects.create(kind="directory.person", object_id=person.pk, field="roles",
                              old_value=", ".join(sorted(r.name for r in held)),
                              new_value=", ".join(sorted(r.name for r in wanted)),
                              changed_by=account)
    return person


def role_save(*, by: Person, name: str, kind: str, capabilities: list[str],
              role: Role | None = None) -> Role:
    """Define a role of the administrator's controller, or change one (not one they hold);
    kept in the history. Capabilities are for roles that work with clients only."""
    controller = by.organisation.controller_key
    account = _administers(by, controller if role is None else role.organisation_id)
    if role is not None and role.people.filter(pk=by.pk).exists():
        raise ValidationError(_("Nobody changes a role they hold: ask another administrator."))
    chosen = sorted(set(capabilities))
    if set(chosen) - set(Capability.values):
        raise ValidationError({"capabilities": _("Choose from the list.")})
    if chosen and kind not in CLIENT_WORK:
        raise ValidationError({"capabilities": _(
            "Only roles that work with clients carry capabilities: a manager, the data "
            "protection officer, a directory maintainer or an access administrator has none.")})
    name = name.strip()
    same_name = Role.objects.filter(
        organisation_id=controller if role is None else role.organisation_id, name__iexact=name)
    if (same_name.exclude(pk=role.pk) if role is not None else same_name).exists():
        raise ValidationError({"name": _("A role of this name exists already.")})
    if role is not None:
        for holder in role.people.all():
            _kinds_apart({kind, *Role.objects.filter(people=holder).exclude(pk=role.pk)
                          .values_list("kind", flat=True)})
    with transaction.atomic():
        if role is None:
            role = Role(organisation_id=controller)
        before = (role.name, role.kind, ", ".join(sorted(role.capabilities or [])))
        role.name, role.kind, role.capabilities = name, kind, chosen
        role.full_clean()
        role.save()
        after = (role.name, role.kind, ", ".join(role.capabilities))
        Change.objects.bulk_create(
            Change(kind="access.role", object_id=role.pk, field=field, old_value=old,
                   new_value=new, changed_by=account)
            for field, old, new in zip(("name", "kind", "capabilities"), before, after,
                                       strict=True) if old != new)
    return role


# --- Referrals --------------------------------------------------------------------------------


def referral_send(*, user: User, team: Team, author: Person, service: Service,
                  request: str) -> Referral:
    """Send a referral to the organisation giving `service`. Across registers (another
    controller, or the other of a county's two) it needs the team's consent or legal basis
    that opens the author's records to that organisation for referrals; the sending is then
    a disclosure, logged as one."""
    visibility = visibility_make(actor=actor_of(user), person=author, client=team.client,
                                 team=team, emergency=False, emergency_all=False)
    filed = Referral(**authored_by(author))
    receiver = service.organisation
    basis = visibility.basis_to(filed, receiver)
    if basis is None:
        raise ValidationError({"service": _(
            "Sending a referral to %(organisation)s needs the client's consent, or a legal "
            "basis, that opens your organisation's records to it for referrals. Record it on "
            "the team's consents page.") % {"organisation": receiver.name}})
    with transaction.atomic():
        referral = referral_create(team=team, author=author, service=service, request=request)
    if isinstance(basis, Consent):
        visibility.disclose_to(referral, basis, receiver)
    return referral
