"""Writes for concerns, teams, members, meetings and notes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moti.clients.models import Client, authored_by
from moti.core.dates import years_after, years_before
from moti.core.models import NeedDomain
from moti.directory.models import Person
from moti.plans.models import Plan

from .models import Concern, Meeting, MeetingParticipant, Note, Team, TeamMember


def _require_open(team: Team) -> None:
    if not team.is_open:
        raise ValidationError(_("This team is closed; its record can no longer be changed."))


@transaction.atomic
def concern_create(*, author: Person, client: Client, need_domains: list[str], urgency: str,
                   description: str, client_agreed: bool) -> Concern:
    unknown = set(need_domains) - set(NeedDomain.values)
    if unknown or not need_domains:
        raise ValidationError({"need_domains": _("Choose at least one need domain.")})
    concern = Concern(
        client=client, need_domains=list(need_domains), urgency=urgency,
        description=description, client_agreed=client_agreed,
        organisation=author.organisation, **authored_by(author),
    )
    concern.full_clean()
    concern.save()
    return concern


@transaction.atomic
def team_convene(*, author: Person, concern: Concern, role: str = "",
                 author_is_coordinator: bool = True) -> Team:
    """Convene a MOTI team for a concern; the convener is its first member."""
    if not concern.client_agreed:
        raise ValidationError(
            _("A team is convened together with the client: record the client's agreement "
              "on the concern first.")
        )
    if Team.objects.filter(concern=concern).exists():
        raise ValidationError(_("A team has already been convened for this concern."))
    team = Team(client=concern.client, concern=concern, created_by=author.user)
    team.full_clean()
    team.save()
    TeamMember.objects.create(team=team, kind=TeamMember.Kind.PROFESSIONAL, person=author,
                              role=role, is_coordinator=author_is_coordinator)
    Plan.objects.create(team=team, updated_by=author.user, **authored_by(author))
    return team


def _check_roles(team: Team, member: TeamMember) -> None:
    coordinators = team.members.filter(is_coordinator=True).exclude(pk=member.pk).count()
    if member.is_coordinator and coordinators >= 2:
        raise ValidationError({"is_coordinator": _("A team has a coordinator pair: two at most.")})


def _clear_other_lead(team: Team, member: TeamMember) -> None:
    if member.is_lead:
        # One lead responsible worker: naming a new one hands the role over.
        team.members.filter(is_lead=True).exclude(pk=member.pk).update(is_lead=False)


@transaction.atomic
def member_add(*, team: Team, kind: str, person: Person | None = None, name: str = "",
               relation: str = "", contact: str = "", role: str = "",
               is_coordinator: bool = False, is_lead: bool = False) -> TeamMember:
    _require_open(team)
    if kind == TeamMember.Kind.PROFESSIONAL:
        if person is None:
            raise ValidationError({"person": _("Choose a professional from the directory.")})
        if team.members.filter(person=person).exists():
            raise ValidationError({"person": _("%(name)s is already a member of this team.")
                                   % {"name": person}})
        name = relation = contact = ""
    else:
        person = None
        if not name.strip():
            raise ValidationError({"name": _("Write the member's name.")})
        if is_lead or is_coordinator:
            raise ValidationError(
                _("The lead worker and the coordinators are professionals from the directory.")
            )
    member = TeamMember(team=team, kind=kind, person=person, name=name.strip(),
                        relation=relation, contact=contact, role=role,
                        is_coordinator=is_coordinator, is_lead=is_lead)
    member.full_clean(validate_constraints=False)
    _check_roles(team, member)
    _clear_other_lead(team, member)
    member.save()
    return member


@transaction.atomic
def member_update(*, member: TeamMember, role: str, is_coordinator: bool,
                  is_lead: bool) -> TeamMember:
    _require_open(member.team)
    if member.kind != TeamMember.Kind.PROFESSIONAL and (is_lead or is_coordinator):
        raise ValidationError(
            _("The lead worker and the coordinators are professionals from the directory.")
        )
    member.role, member.is_coordinator, member.is_lead = role, is_coordinator, is_lead
    _check_roles(member.team, member)
    _clear_other_lead(member.team, member)
    member.full_clean(validate_constraints=False)
    member.save()
    return member


@transaction.atomic
def meeting_create(*, team: Team, author: Person, starts_at: datetime.datetime,
                   duration_minutes: int, place: str, remote_link: str,
                   invited: list[TeamMember]) -> Meeting:
    _require_open(team)
    if not place.strip() and not remote_link.strip():
        raise ValidationError({"place": _("Give a place or a remote meeting link.")})
    if any(m.team_id != team.pk for m in invited):
        raise ValidationError({"invited": _("Invite members of this team only.")})
    today = timezone.localdate()
    if not years_before(today, 10) <= timezone.localdate(starts_at) <= years_after(today, 2):
        # Scheduled ahead, or recorded afterwards (a team's history may be entered late); a
        # meeting decades off is a typo in the year.
        raise ValidationError({"starts_at": _(
            "Give a time within ten years before and two years after today.")})
    meeting = Meeting(team=team, starts_at=starts_at, duration_minutes=duration_minutes,
                      place=place, remote_link=remote_link, **authored_by(author))
    meeting.full_clean()
    meeting.save()
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(meeting=meeting, member=m) for m in invited
    )
    return meeting


@transaction.atomic
def meeting_record(*, meeting: Meeting, client_story: str, client_goals: str, minutes: str,
                   decisions: str, attended: list[TeamMember]) -> Meeting:
    """Write the meeting record and who attended."""
    _require_open(meeting.team)
    if any(m.team_id != meeting.team_id for m in attended):
        raise ValidationError({"attended": _("Attendees are members of this team only.")})
    meeting.client_story, meeting.client_goals = client_story, client_goals
    meeting.minutes, meeting.decisions = minutes, decisions
    meeting.full_clean()
    meeting.save()
    attended_ids = {m.pk for m in attended}
    participants = list(meeting.participants.all())
    known = {p.member_id for p in participants}
    for p in participants:
        p.attended = p.member_id in attended_ids
    MeetingParticipant.objects.bulk_update(participants, ["attended"])
    # Someone who came without an invitation still attended.
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(meeting=meeting, member_id=mid, attended=True)
        for mid in attended_ids - known
    )
    return meeting


@transaction.atomic
def note_add(*, team: Team, author: Person, text: str) -> Note:
    _require_open(team)
    note = Note(team=team, text=text, **authored_by(author))
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def team_close(*, team: Team, reason: str, note: str = "") -> Team:
    _require_open(team)
    if reason not in Team.ClosureReason.values:
        raise ValidationError({"closure_reason": _("Choose why the team is closed.")})
    if reason == Team.ClosureReason.OTHER and not note.strip():
        raise ValidationError({"closure_note": _("Describe the reason.")})
    team.status = Team.Status.CLOSED
    team.closure_reason, team.closure_note, team.closed_at = reason, note, timezone.now()
    team.full_clean()
    team.save()
    return team
