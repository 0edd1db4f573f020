"""Telling a meeting's invitees: by which channel each is reached, the message in their
language, the iCalendar invitation (RFC 5545) and the signed link that answers it.

What a message may say: the time, the place, the link to answer, and whom to call. Never the
client's name, the concern or anything of the record (e-mail and SMS cross networks Moti does
not control); the client's own letter is addressed to them, and says no more than that.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from moti.clients.models import Client
from moti.core.contact import contact_kind
from moti.core.urls import absolute_url
from moti.messaging.models import Channel
from moti.messaging.services import Letter, outbox_put

from .models import Meeting, MeetingParticipant, TeamMember

RSVP_SALT = "moti.meeting.rsvp"
LANGUAGES = {"fi", "sv", "en"}


class News:
    INVITATION = "invitation"
    UPDATE = "update"
    CANCELLATION = "cancellation"
    REMINDER = "reminder"  # the day before


def member_channel(member: TeamMember) -> tuple[str, str]:
    """(channel, address) by which a member is reached: a professional's directory e-mail; for
    members without an account, the contact written for them if it is an e-mail address or a
    phone number. Otherwise nobody is told through Moti (the page says so)."""
    if member.person is not None:
        return (Channel.EMAIL, member.person.email) if member.person.email else (Channel.NONE, "")
    contact = member.contact.strip()
    kind = contact_kind(contact)
    if kind == "email":
        return Channel.EMAIL, contact
    if kind == "phone":
        return Channel.SMS, contact
    return Channel.NONE, ""


def client_channels(client: Client) -> list[str]:
    """The channels by which the client can be reached with what Moti knows of them."""
    found: list[str] = []
    if client.email:
        found.append(Channel.EMAIL)
    if contact_kind(client.phone) == "phone":
        found.append(Channel.SMS)
    if client.street_address and client.postal_code and not client.turvakielto:
        # A protected address (turvakielto) never leaves the client's page: not to the
        # outbox, not to a print service.
        found.append(Channel.LETTER)
    return found


def client_address(client: Client, channel: str) -> str:
    if channel == Channel.EMAIL:
        return client.email
    if channel == Channel.SMS:
        return client.phone
    if channel == Channel.LETTER:
        return (f"{client.first_name} {client.last_name}\n{client.street_address}\n"
                f"{client.postal_code} {client.municipality}".strip())
    return ""


def language_of(participant: MeetingParticipant, client: Client) -> str:
    if participant.member is not None and participant.member.person is not None:
        return participant.member.person.language
    # The client, and a member without an account (a support person): the client's language.
    return client.language if client.language in LANGUAGES else "fi"


def _name(participant: MeetingParticipant, client: Client) -> str:
    if participant.is_client:
        return f"{client.first_name} {client.last_name}"
    assert participant.member is not None
    return participant.member.display_name


def rsvp_token(participant: MeetingParticipant) -> str:
    return signing.dumps(participant.pk, salt=RSVP_SALT)


def participant_from_token(token: str) -> MeetingParticipant | None:
    """The invitee a signed answer link was made for, or None for a link not made by Moti."""
    try:
        pk = signing.loads(token, salt=RSVP_SALT)
    except signing.BadSignature:
        return None
    return (MeetingParticipant.objects.select_related("meeting", "meeting__team")
            .filter(pk=pk).first() if isinstance(pk, int) else None)


def calendar(meeting: Meeting, *, news: str, attendee: str = "", address: str = "") -> str:
    """The iCalendar object of the meeting: METHOD REQUEST (a new invitation or an update, the
    SEQUENCE raised by each change) or CANCEL, always with the same UID."""
    cal = Calendar()
    cal.add("prodid", "-//Moti//MOTI meeting//FI")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if news == News.CANCELLATION else "REQUEST")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{settings.MOTI_MAIL_DOMAIN}")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    # In UTC: valid without a VTIMEZONE, and every calendar shows it in its own zone.
    event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
    event.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
    event.add("summary", _("MOTI meeting"))
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.remote_link:
        event.add("url", meeting.remote_link)
    event.add("status", "CANCELLED" if news == News.CANCELLATION else "CONFIRMED")
    organizer = vCalAddress(f"mailto:noreply@{settings.MOTI_MAIL_DOMAIN}")
    organizer.params["cn"] = vText("Moti")
    event.add("organizer", organizer)
    if address:
        person = vCalAddress(f"mailto:{address}")
        person.params["cn"] = vText(attendee)
        # Answers come through Moti's link (in the message), not as calendar replies to a
        # mailbox nobody reads.
        person.params["rsvp"] = vText("FALSE")
        event.add("attendee", person)
    cal.add_component(event)
    return str(cal.to_ical().decode())


def _coordinator(meeting: Meeting) -> TeamMember | None:
    return next((m for m in meeting.team.members.all() if m.is_coordinator), None)


def invitees_tell(meeting: Meeting, *, news: str,
                  participants: list[MeetingParticipant] | None = None,
                  reason: str = "") -> int:
    """Queue the news of the meeting for each invitee (all of them unless named), in the
    caller's transaction; one message per invitee and meeting version. The number queued."""
    return outbox_put(invitees_letters(meeting, news=news, participants=participants,
                                       reason=reason))


def invitees_letters(meeting: Meeting, *, news: str,
                     participants: list[MeetingParticipant] | None = None,
                     reason: str = "") -> list[Letter]:
    """The messages that tell each invitee the news, in their language and channel."""
    client = meeting.team.client
    if participants is None:
        participants = list(meeting.participants.select_related(
            "member__person__organisation"))
    coordinator = _coordinator(meeting)
    letters = []
    for participant in participants:
        if participant.is_client:
            # The channel chosen for the client, if Moti may still use it (a turvakielto
            # since, an address removed).
            channel = participant.channel
            address = client_address(client, channel) \
                if channel in client_channels(client) else ""
        else:
            # A member is reached by their contact as it is now (an e-mail added since the
            # invitation is used for the update).
            assert participant.member is not None
            channel, address = member_channel(participant.member)
        if not address or (news == News.REMINDER and channel == Channel.LETTER):
            continue  # nobody to send it to; a letter would come too late
        language = language_of(participant, client)
        name = _name(participant, client)
        when = timezone.localtime(meeting.starts_at)
        with translation.override(language):
            context = {
                "news": news, "meeting": meeting, "reason": reason, "client": client,
                "name": name, "is_client": participant.is_client,
                "professional": participant.member is not None
                and participant.member.person is not None,
                "rsvp_url": absolute_url(reverse("meeting_rsvp", args=[rsvp_token(participant)])),
                "meeting_url": absolute_url(reverse("meeting_detail", args=[meeting.pk])),
                "coordinator": coordinator.person if coordinator else None,
                "when": when,
                "ends": timezone.localtime(meeting.ends_at),
            }
            subject = {
                News.INVITATION: _("Invitation: MOTI meeting %(when)s"),
                News.UPDATE: _("Changed: MOTI meeting %(when)s"),
                News.CANCELLATION: _("Cancelled: MOTI meeting %(when)s"),
                News.REMINDER: _("Tomorrow: MOTI meeting %(when)s"),
            }[news] % {"when": when.strftime("%d.%m.%Y %H:%M")}
            text = "sms" if channel == Channel.SMS else "email"
            body = render_to_string(f"messaging/meeting_{text}.txt", context).strip()
            html = (render_to_string("messaging/meeting_letter.html", context)
                    if channel == Channel.LETTER else "")
            ics = (calendar(meeting, news=news, attendee=name, address=address)
                   if channel == Channel.EMAIL and news != News.REMINDER else "")
        letters.append(Letter(
            # One message per invitee, version of the meeting and channel: a change of channel
            # is news of its own (and replaces what the old channel had not yet sent).
            key=f"meeting:{meeting.pk}:participant:{participant.pk}:seq:{meeting.sequence}"
                f":{channel}" + (":reminder" if news == News.REMINDER else ""),
            channel=channel, recipient=name, address=address, language=language,
            subject=subject, body=body, html=html, calendar=ics,
            # A reminder is a topic of its own: it never replaces a change notice still
            # waiting to be sent (which carries the calendar's update).
            thread=f"team:{meeting.team_id}",
            topic=f"meeting:{meeting.pk}" + (":reminder" if news == News.REMINDER else ""),
            recipient_ref=f"participant:{participant.pk}"))
    return letters


def answer_window_open(meeting: Meeting, *, now: datetime.datetime | None = None) -> bool:
    """An invitation can be answered until the meeting has ended, unless it was cancelled."""
    return not meeting.is_cancelled and (now or timezone.now()) < meeting.ends_at
