"""What the team tells a professional about their own place in it: added to a team, named its
lead responsible worker or a coordinator. By e-mail through the outbox, with a link to the team
in Moti and nothing of the client (the e-mail crosses networks Moti does not control)."""

from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from moti.core.urls import absolute_url
from moti.directory.models import Person
from moti.messaging.models import Channel
from moti.messaging.services import Letter, outbox_put

from . import invitations
from .models import Team, TeamMember

ADDED, LEAD, COORDINATOR = "added", "lead", "coordinator"


def member_told(member: TeamMember, *, news: str) -> int:
    """Queue the news for the member, if they are a professional with an e-mail address."""
    person = member.person
    if person is None or not person.email or "team_membership" in (person.muted_messages
                                                                   or []):
        return 0
    language = person.language
    with translation.override(language):
        subject = {ADDED: _("You were added to a MOTI team"),
                   LEAD: _("You were named the lead responsible worker of a MOTI team"),
                   COORDINATOR: _("You were named a coordinator of a MOTI team")}[news]
        body = render_to_string("messaging/member_email.txt", {
            "news": news, "name": str(person), "subject": subject,
            "team_url": absolute_url(reverse("team_detail", args=[member.team_id]))}).strip()
    return outbox_put([Letter(
        key=f"member:{member.pk}:{news}:{timezone.now().isoformat()}", channel=Channel.EMAIL,
        recipient=str(person), address=person.email, language=language, subject=subject,
        body=body, thread=f"team:{member.team_id}", topic=f"member:{member.pk}",
        recipient_ref=f"member:{member.pk}")])


def handover_told(receiver: Person, *, giver: Person, handovers: list[Any]) -> int:
    """One message for a handover of any number of teams: who handed them over, and a link
    to each team (whose timeline holds the note); nothing of the clients."""
    if not handovers or not receiver.email or "team_membership" in (
            receiver.muted_messages or []):
        return 0
    with translation.override(receiver.language):
        subject = _("MOTI teams were handed over to you")
        body = render_to_string("messaging/handover_email.txt", {
            "name": str(receiver), "giver": str(giver),
            "urls": [absolute_url(reverse("team_timeline", args=[h.team_id]))
                     for h in handovers]}).strip()
    first = handovers[0]
    return outbox_put([Letter(
        key=f"handover:{first.pk}", channel=Channel.EMAIL, recipient=str(receiver),
        address=receiver.email, language=receiver.language, subject=subject, body=body,
        thread=f"person:{receiver.pk}", topic=f"handover:{first.pk}",
        recipient_ref=f"person:{receiver.pk}")])


def client_closing_letter(team: Team, *, moved: list[Any]) -> int:
    """A printed letter to the client, in their language and in plain words: the team's work
    has ended, what carries on elsewhere and with whom, and whom to call."""
    client = team.client
    language = client.language if client.language in ("fi", "sv", "en") else "fi"
    coordinator = next((m.person for m in team.members.select_related("person__organisation")
                        if m.is_coordinator and m.person is not None), None)
    name = f"{client.first_name} {client.last_name}"
    with translation.override(language):
        subject = _("Your MOTI team's work has ended")
        html = render_to_string("messaging/closing_letter.html", {
            "name": name, "client": client, "moved": moved, "coordinator": coordinator,
            "subject": subject})
    return outbox_put([Letter(
        key=f"team:{team.pk}:closing:{timezone.now().isoformat()}", channel=Channel.LETTER,
        recipient=name, address=invitations.client_address(client, Channel.LETTER),
        language=language, subject=subject, body=subject, html=html,
        thread=f"team:{team.pk}", topic=f"team:{team.pk}", recipient_ref="client")])
