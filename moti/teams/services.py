"""Writes for concerns, teams, members, meetings and notes."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from moti.clients.models import Client, authored_by
from moti.core.dates import years_after, years_before
from moti.core.models import NeedDomain
from moti.core.services import versioned_update
from moti.directory.models import Person
from moti.messaging.models import Channel
from moti.plans.models import Action, Plan

from . import invitations, notices, scheduling
from .models import Concern, Meeting, MeetingParticipant, Note, Team, TeamMember


def _require_open(team: Team) -> None:
    if not team.is_open:
        raise ValidationError(_("This team is closed; its record can no longer be changed."))


@transaction.atomic
def concern_create(*, author: Person, client: Client, need_domains: list[str], urgency: str,
                   description: str, client_agreed: bool, cannot_travel: bool = False,
                   no_digital: bool = False) -> Concern:
    unknown = set(need_domains) - set(NeedDomain.values)
    if unknown or not need_domains:
        raise ValidationError({"need_domains": _("Choose at least one need domain.")})
    concern = Concern(
        client=client, need_domains=list(need_domains), urgency=urgency,
        description=description, client_agreed=client_agreed, cannot_travel=cannot_travel,
        no_digital=no_digital, organisation=author.organisation, **authored_by(author),
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
    from_directory = kind in (TeamMember.Kind.PROFESSIONAL, TeamMember.Kind.NGO,
                              TeamMember.Kind.EXPERIENCE_EXPERT) and person is not None
    if kind == TeamMember.Kind.PROFESSIONAL and person is None:
        raise ValidationError({"person": _("Choose a professional from the directory.")})
    if from_directory:
        if team.members.filter(person=person).exists():
            raise ValidationError({"person": _("%(name)s is already a member of this team.")
                                   % {"name": person}})
        # Their name, organisation and contact are the directory's, kept current there.
        name = relation = contact = ""
    else:
        person = None
        if not name.strip():
            raise ValidationError({"name": _(
                "Write the member's name, or choose an NGO representative or an experience "
                "expert from the directory.")})
    if kind != TeamMember.Kind.PROFESSIONAL:
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
    notices.member_told(member, news=notices.LEAD if is_lead else
                        notices.COORDINATOR if is_coordinator else notices.ADDED)
    return member


@transaction.atomic
def member_update(*, member: TeamMember, role: str, is_coordinator: bool,
                  is_lead: bool) -> TeamMember:
    _require_open(member.team)
    if member.kind != TeamMember.Kind.PROFESSIONAL and (is_lead or is_coordinator):
        raise ValidationError(
            _("The lead worker and the coordinators are professionals from the directory.")
        )
    named = (notices.LEAD if is_lead and not member.is_lead else notices.COORDINATOR
             if is_coordinator and not member.is_coordinator else None)
    member.role, member.is_coordinator, member.is_lead = role, is_coordinator, is_lead
    _check_roles(member.team, member)
    _clear_other_lead(member.team, member)
    member.full_clean(validate_constraints=False)
    member.save()
    if named:
        notices.member_told(member, news=named)
    return member


def _place(place: str, remote_link: str) -> str:
    """The place as one line (it goes into messages, where a line break could forge another
    line); a meeting has a place, a remote link, or both."""
    place = " ".join(place.split())
    if not place and not remote_link.strip():
        raise ValidationError({"place": _("Give a place or a remote meeting link.")})
    return place


def _check_when(*, starts_at: datetime.datetime) -> None:
    today = timezone.localdate()
    day = timezone.localdate(starts_at)
    if not years_before(today, 10) <= day <= years_after(today, 2):
        # Scheduled ahead, or recorded afterwards (a team's history may be entered late); a
        # meeting decades off is a typo in the year.
        raise ValidationError({"starts_at": _(
            "Give a time within ten years before and two years after today.")})
    holiday = scheduling.holiday_name(day) if starts_at > timezone.now() else None
    if holiday:
        raise ValidationError({"starts_at": _(
            "%(day)s is a public holiday in Finland (%(name)s): choose another day.")
            % {"day": dateformat.format(day, "j.n.Y"), "name": holiday}})


def _check_clashes(*, invited: list[TeamMember], starts_at: datetime.datetime, duration: int,
                   place: str, meeting: Meeting | None = None) -> None:
    """Refuse a time when an invitee has another meeting in Moti then (travel time counted),
    naming the clashes and the next times free for everyone; `allow_clash` overrides."""
    if starts_at <= timezone.now():
        return  # a meeting recorded afterwards happened when it happened
    people = [m.person for m in invited if m.person is not None]
    exclude = meeting.pk if meeting else None
    found = scheduling.clashes(
        scheduling.busy_list(people=people, start=starts_at - datetime.timedelta(hours=2),
                             end=starts_at + datetime.timedelta(minutes=duration, hours=2),
                             exclude_meeting=exclude),
        starts_at=starts_at, duration=duration, place=place)
    if not found:
        return
    lines = [_("%(who)s has another meeting %(start)s–%(end)s%(travel)s.") % {
        "who": b.person, "start": timezone.localtime(b.starts_at).strftime("%d.%m. %H:%M"),
        "end": timezone.localtime(b.ends_at).strftime("%H:%M"),
        "travel": _(" elsewhere (travel time counted)") if b.place.strip().casefold()
        != place.strip().casefold() and b.place.strip() and place.strip() else ""}
        for b in found]
    free = scheduling.free_slots(people=people, after=starts_at, duration=duration,
                                 place=place, exclude_meeting=exclude)
    if free:
        lines.append(_("Free for everyone: %(times)s.") % {"times": ", ".join(
            timezone.localtime(t).strftime("%d.%m. %H:%M") for t in free)})
    lines.append(_("Choose another time, or tick “Schedule anyway”."))
    raise ValidationError({"starts_at": " ".join(lines)}, code="clash")


def _client_channel(team: Team, channel: str) -> str:
    if channel != Channel.NONE and channel not in invitations.client_channels(team.client):
        raise ValidationError({"client_channel": _(
            "Moti has no address for this channel: add the client's contact details on the "
            "client's page, or choose another way.")})
    return channel


@transaction.atomic
def meeting_create(*, team: Team, author: Person, starts_at: datetime.datetime,
                   duration_minutes: int, place: str, remote_link: str,
                   invited: list[TeamMember], client_channel: str = Channel.NONE,
                   allow_clash: bool = False) -> Meeting:
    """Schedule a meeting, invite the members named and the client, and queue the invitations
    (sent by the worker once this commits)."""
    _require_open(team)
    place = _place(place, remote_link)
    if any(m.team_id != team.pk for m in invited):
        raise ValidationError({"invited": _("Invite members of this team only.")})
    _check_when(starts_at=starts_at)
    channel = _client_channel(team, client_channel)
    if not allow_clash:
        _check_clashes(invited=invited, starts_at=starts_at, duration=duration_minutes,
                       place=place)
    meeting = Meeting(team=team, starts_at=starts_at, duration_minutes=duration_minutes,
                      place=place, remote_link=remote_link, updated_by=author.user,
                      **authored_by(author))
    meeting.full_clean()
    meeting.save()
    participants = MeetingParticipant.objects.bulk_create(
        [MeetingParticipant(meeting=meeting, is_client=True, channel=channel),
         *(MeetingParticipant(meeting=meeting, member=m,
                              channel=invitations.member_channel(m)[0]) for m in invited)])
    if starts_at > timezone.now():  # a meeting recorded afterwards invites nobody
        invitations.invitees_tell(meeting, news=invitations.News.INVITATION,
                                  participants=participants)
    return meeting


@transaction.atomic
def meeting_change(*, meeting: Meeting, user: User, expected_version: int,
                   starts_at: datetime.datetime, duration_minutes: int, place: str,
                   remote_link: str, client_channel: str, allow_clash: bool = False) -> Meeting:
    """Change a coming meeting's time or place; every invitee is told (a higher SEQUENCE of
    the same invitation), and their answers are asked again when the time or place changed."""
    team = meeting.team
    _require_open(team)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled; schedule a new one."))
    if meeting.ends_at <= timezone.now():
        raise ValidationError(_("This meeting has been held: its time can no longer change."))
    place = _place(place, remote_link)
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _(
            "A coming meeting moves to a coming time. To record a meeting held earlier, "
            "cancel this one and record that one.")})
    _check_when(starts_at=starts_at)
    channel = _client_channel(team, client_channel)
    moved = (starts_at, duration_minutes, place, remote_link) != (
        meeting.starts_at, meeting.duration_minutes, meeting.place, meeting.remote_link)
    if moved and not allow_clash:
        members = [p.member for p in meeting.participants.select_related("member__person")
                   if p.member is not None]
        _check_clashes(invited=members, starts_at=starts_at, duration=duration_minutes,
                       place=place, meeting=meeting)
    meeting = versioned_update(instance=meeting, expected_version=expected_version, user=user,
                               fields={"starts_at": starts_at, "place": place,
                                       "duration_minutes": duration_minutes,
                                       "remote_link": remote_link})
    client = meeting.participants.filter(is_client=True).first()
    told_before = client.channel if client else Channel.NONE
    if client and client.channel != channel:
        client.channel = channel
        client.save(update_fields=["channel"])
    if moved:
        Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1)
        meeting.sequence += 1
        meeting.participants.update(response="", responded_at=None)
        invitations.invitees_tell(meeting, news=invitations.News.UPDATE)
    elif client and channel != told_before:
        # The client is now told by another channel: the invitation goes there.
        invitations.invitees_tell(meeting, news=invitations.News.INVITATION,
                                  participants=[client])
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, person: Person, expected_version: int,
                   reason: str) -> Meeting:
    """Cancel a coming meeting; every invitee is told (METHOD:CANCEL of the same UID)."""
    _require_open(meeting.team)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting has already been cancelled."))
    if meeting.ends_at <= timezone.now():
        raise ValidationError(_("This meeting has been held; it cannot be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the meeting is cancelled: the invitees "
                                           "are told.")})
    assert person.user is not None  # who cancels signs in (access.decorators)
    meeting = versioned_update(instance=meeting, expected_version=expected_version,
                               user=person.user,
                               fields={"cancelled_at": timezone.now(), "cancelled_by": person,
                                       "cancel_reason": reason.strip()})
    Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1)
    meeting.sequence += 1
    invitations.invitees_tell(meeting, news=invitations.News.CANCELLATION,
                              reason=reason.strip())
    return meeting


def meeting_answer(*, participant: MeetingParticipant, response: str) -> MeetingParticipant:
    """An invitee's answer from their signed link (no sign-in: the link is the proof)."""
    if response not in MeetingParticipant.Response.values:
        raise ValidationError({"response": _("Choose one of the answers.")})
    if not invitations.answer_window_open(participant.meeting):
        raise ValidationError(_("This meeting can no longer be answered."))
    participant.response, participant.responded_at = response, timezone.now()
    participant.save(update_fields=["response", "responded_at"])
    return participant


@transaction.atomic
def meeting_record(*, meeting: Meeting, user: User, expected_version: int, client_story: str,
                   client_goals: str, minutes: str, decisions: str, attended: list[TeamMember],
                   client_attended: bool | None = None) -> Meeting:
    """Write the meeting record and who attended, the client among them."""
    _require_open(meeting.team)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled; it has no record."))
    if any(m.team_id != meeting.team_id for m in attended):
        raise ValidationError({"attended": _("Attendees are members of this team only.")})
    meeting = versioned_update(instance=meeting, expected_version=expected_version, user=user,
                               fields={"client_story": client_story,
                                       "client_goals": client_goals, "minutes": minutes,
                                       "decisions": decisions})
    attended_ids = {m.pk for m in attended}
    participants = list(meeting.participants.all())
    known = {p.member_id for p in participants}
    for p in participants:
        p.attended = client_attended if p.is_client else p.member_id in attended_ids
    MeetingParticipant.objects.bulk_update(participants, ["attended"])
    # Someone who came without an invitation still attended.
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(meeting=meeting, member_id=mid, attended=True)
        for mid in attended_ids - known
    )
    if client_attended is not None and not any(p.is_client for p in participants):
        MeetingParticipant.objects.create(meeting=meeting, is_client=True,
                                          attended=client_attended)
    return meeting


@transaction.atomic
def note_add(*, team: Team, author: Person, text: str) -> Note:
    _require_open(team)
    note = Note(team=team, text=text, **authored_by(author))
    note.full_clean()
    note.save()
    return note


@dataclass(frozen=True)
class ActionEnding:
    """What happens to an open action when its team closes."""

    ending: str  # Action.Ending
    handover: str = ""


def team_closing_get(*, team: Team) -> dict[str, Any]:
    """What closing the team leaves to decide: its open actions, its coming meetings."""
    now = timezone.now()
    return {"open_actions": list(Action.objects.filter(plan__team=team, done_at__isnull=True)
                                 .select_related("owner__person")),
            "coming_meetings": list(team.meetings.filter(starts_at__gt=now,
                                                         cancelled_at__isnull=True))}


@transaction.atomic
def team_close(*, team: Team, closer: Person, reason: str, note: str = "",
               endings: dict[int, ActionEnding] | None = None,
               closing_letter: bool = False) -> Team:
    """Close the team. Every open action ends as the closer decided (done, moved to another
    service with a named contact, or cancelled): none is left open in its owner's list. Coming
    meetings are cancelled and every invitee told; the client may get a closing letter."""
    _require_open(team)
    if reason not in Team.ClosureReason.values:
        raise ValidationError({"closure_reason": _("Choose why the team is closed.")})
    if reason == Team.ClosureReason.OTHER and not note.strip():
        raise ValidationError({"closure_note": _("Describe the reason.")})
    endings = endings or {}
    closing = team_closing_get(team=team)
    errors: dict[str, str] = {}
    for action in closing["open_actions"]:
        decided = endings.get(action.pk)
        if decided is None or decided.ending not in Action.Ending.values:
            errors[f"action_{action.pk}"] = _("Say what happens to this action.")
        elif decided.ending == Action.Ending.MOVED and not decided.handover.strip():
            errors[f"handover_{action.pk}"] = _(
                "Name the service and the contact person who carry it on.")
    if errors:
        raise ValidationError(errors)
    if closing_letter and Channel.LETTER not in invitations.client_channels(team.client):
        raise ValidationError({"closing_letter": _(
            "Moti has no postal address it may use for the client (none is recorded, or the "
            "address is protected): tell the client another way.")})
    now = timezone.now()
    user = closer.user
    assert user is not None  # who closes a team signs in (access.decorators)
    for action in closing["open_actions"]:
        # Each ending is an edit of the action, kept in the plan's history like any other.
        decided = endings[action.pk]
        versioned_update(instance=action, expected_version=action.version, user=user,
                         fields={"done_at": now, "ending": decided.ending,
                                 "handover": decided.handover.strip()[:300]})
    for meeting in closing["coming_meetings"]:
        meeting_cancel(meeting=meeting, person=closer, expected_version=meeting.version,
                       reason=_("The team's work has ended."))
    # Compare and set: of two closings sent at once, one closes the team; the other finds it
    # closed and rolls back whole (its endings, cancellations and letter with it).
    closed = {"status": Team.Status.CLOSED, "closed_by": closer, "closure_reason": reason,
              "closure_note": note, "closed_at": now}
    if not Team.objects.filter(pk=team.pk, status=Team.Status.OPEN).update(**closed):
        raise ValidationError(_("This team was closed meanwhile; its record can no longer "
                                "be changed."))
    for name, value in closed.items():
        setattr(team, name, value)
    if closing_letter:
        notices.client_closing_letter(team, moved=[a for a in closing["open_actions"]
                                                   if a.ending == Action.Ending.MOVED])
    return team


@transaction.atomic
def team_reopen(*, team: Team, person: Person, reason: str) -> Team:
    """Open a closed team again, with the reason; the closure it undoes stays in the record
    as a note."""
    if team.is_open:
        raise ValidationError(_("This team is open."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the team is reopened.")})
    closed = _("Closed %(when)s by %(who)s (%(why)s%(note)s). Reopened: %(reason)s") % {
        "when": timezone.localtime(team.closed_at).strftime("%d.%m.%Y"),
        "who": team.closed_by or "–", "why": team.get_closure_reason_display(),
        "note": f": {team.closure_note}" if team.closure_note else "",
        "reason": reason.strip()}
    opened = {"status": Team.Status.OPEN, "closure_reason": "", "closure_note": "",
              "closed_at": None, "closed_by": None, "reopened_at": timezone.now(),
              "reopened_by": person, "reopen_reason": reason.strip()[:500]}
    # Compare and set, as closing: two reopenings sent at once write one note.
    if not Team.objects.filter(pk=team.pk, status=Team.Status.CLOSED).update(**opened):
        raise ValidationError(_("This team was reopened meanwhile."))
    for name, value in opened.items():
        setattr(team, name, value)
    note = Note(team=team, text=closed[:5000], **authored_by(person))
    note.full_clean()
    note.save()
    return team
