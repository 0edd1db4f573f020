"""Referrals, closed loop: sent → received → accepted or declined → started → completed.

Each step moves the referral by a conditional UPDATE on the state it was read in, so two
people stepping at once (the receiver and a team member on its behalf) cannot both move it:
the second is told who moved it first. The service's start is also recorded as an episode of
the client (the transition watch then follows it). Whoever sent it is told of each step that
someone else records (`NEWS_KIND`, which they may mute).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from moti.clients.models import authored_by
from moti.core.urls import absolute_url
from moti.directory.models import Person, Service
from moti.messaging.models import Channel
from moti.messaging.services import Letter, outbox_put
from moti.teams.models import Team, TeamMember

from .models import (
    OPEN_STATES,
    STEPS,
    EndReason,
    Intensity,
    Referral,
    ReferralStep,
    ServiceEpisode,
)
from .services import services_named

NEWS_KIND = "referral_news"  # the kind a person may mute (teams.reminders.KINDS)


def receives(person: Person, organisation_id: int) -> bool:
    """Whether the person works in the receiving organisation itself: never its parent's or
    its units' people (a referral to a county is not every county worker's; the consent and
    the disclosure log name this one organisation)."""
    return person.organisation_id == organisation_id


def may_step(person: Person, referral: Referral, *, read_only: bool = False) -> bool:
    """Who records a referral's steps: the receiving organisation's people, whenever (their
    steps do not wait for the sending team, which may close once it has referred the client
    on); the sending team's members on the receiver's behalf while the team is open; nobody
    under a read-only access (emergency access)."""
    return not read_only and (receives(person, referral.to_organisation_id)
                              or referral.team.is_open)


@dataclass(frozen=True)
class Choices:
    """What a person may do with a referral now; the page offers exactly this."""

    may_step: bool  # whether the person records the referral's steps at all (`may_step`)
    steps: tuple[str, ...]  # the receiver's next steps (by it, or by the team on its behalf)
    may_withdraw: bool  # the sending team's own step, while the referral is open
    refer_again: bool  # declined or withdrawn: the open team may refer the client again
    on_behalf: bool  # the person is not of the receiving organisation


def choices(person: Person, referral: Referral, *, read_only: bool,
            recipient: bool) -> Choices:
    """The steps `may_step` allows, the withdrawal (never the receiver's), and whether to offer
    referring again (to the sending team's members, not under read-only access)."""
    stepping = may_step(person, referral, read_only=read_only)
    in_receiver = receives(person, referral.to_organisation_id)
    following = STEPS.get(Referral.State(referral.state), ())
    withdrawn = Referral.State.WITHDRAWN
    return Choices(
        may_step=stepping,
        steps=tuple(s for s in following if s != withdrawn) if stepping else (),
        may_withdraw=stepping and not in_receiver and withdrawn in following,
        refer_again=not recipient and not read_only and referral.team.is_open
        and referral.state in (Referral.State.DECLINED, withdrawn),
        on_behalf=not in_receiver)


def _sender_told(referral: Referral, step: ReferralStep) -> None:
    """Tell whoever sent the referral that it moved on, unless they moved it themselves: the
    day and the new state, a link to it; never the client or the service (the e-mail crosses
    networks Moti does not control)."""
    author = referral.author
    if step.by_id == author.pk or not author.wants(NEWS_KIND) or not TeamMember.objects.filter(
            team_id=referral.team_id, person=author).exists():
        return  # their own step, turned off, or no longer in the team (the link would 404)
    with translation.override(author.language):
        state = str(dict(Referral.State.choices)[step.state])
        line = _("A referral you sent on %(sent)s is now: %(state)s.") % {
            "sent": dateformat.format(timezone.localtime(referral.sent_at), "j.n.Y"),
            "state": state}
        if step.state == Referral.State.DECLINED:
            line += " " + _("See the reason, and refer the client on.")
        body = render_to_string("messaging/reminder_email.txt", {
            "name": str(author), "lines": [line],
            "url": absolute_url(reverse("referral_detail", args=[referral.pk])),
            "settings_url": absolute_url(reverse("my_messages"))}).strip()
        subject = _("Moti: a referral you sent moved on")
    outbox_put([Letter(key=f"referral:{referral.pk}:step:{step.pk}", channel=Channel.EMAIL,
                       recipient=str(author), address=author.email,
                       language=author.language, subject=subject, body=body,
                       thread=f"person:{author.pk}", topic=f"referral:{referral.pk}",
                       recipient_ref=f"person:{author.pk}")])


def referral_create(*, team: Team, author: Person, service: Service, request: str) -> Referral:
    """The referral and its first step (the crossing's basis is checked by the caller)."""
    if not team.is_open:
        raise ValidationError(_("This team is closed; it sends no referrals."))
    now = timezone.now()
    referral = Referral(client=team.client, team=team, to_organisation=service.organisation,
                        service=service, request=request.strip(), sent_at=now,
                        state_since=now, updated_by=author.user, **authored_by(author))
    referral.full_clean()
    referral.save()
    ReferralStep.objects.create(referral=referral, state=Referral.State.SENT, at=now,
                                by=author)
    return referral


@transaction.atomic
def referral_step(*, referral: Referral, by: Person, state: str, decline_reason: str = "",
                  note: str = "") -> Referral:
    """Move the referral one step; `by` of another organisation records it on the receiving
    organisation's behalf. Refuses a step the state machine does not allow."""
    labels = dict(Referral.State.choices)
    if not may_step(by, referral):
        raise ValidationError(_("This team is closed: the receiving organisation records the "
                                "referral's steps now."))
    if state not in STEPS.get(Referral.State(referral.state), ()):
        raise ValidationError(_("A referral that is “%(now)s” cannot become “%(then)s”.") % {
            "now": labels[referral.state], "then": labels.get(state, state)})
    if state == Referral.State.WITHDRAWN and receives(by, referral.to_organisation_id):
        raise ValidationError(_("The sending team withdraws a referral; the receiving "
                                "organisation declines it."))
    if state == Referral.State.WITHDRAWN and not note.strip():
        raise ValidationError({"note": _("Say why the referral is withdrawn: the receiving "
                                         "organisation sees it.")})
    if state == Referral.State.DECLINED and not decline_reason:
        raise ValidationError({"decline_reason": _("Say why the referral is declined.")})
    if decline_reason == Referral.DeclineReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Say in the note why it is declined.")})
    now = timezone.now()
    moved = Referral.objects.filter(pk=referral.pk, state=referral.state).update(
        state=state, state_since=now, version=F("version") + 1, updated_by=by.user,
        updated_at=now,
        decline_reason=decline_reason if state == Referral.State.DECLINED else "",
        **({"started_at": now} if state == Referral.State.STARTED else {}))
    if not moved:
        current = Referral.objects.get(pk=referral.pk)
        raise ValidationError(_("Someone moved this referral to “%(state)s” after you opened "
                                "it.") % {"state": labels[current.state]})
    step = ReferralStep.objects.create(
        referral=referral, state=state, at=now, by=by, note=note.strip(),
        on_behalf=state != Referral.State.WITHDRAWN
        and not receives(by, referral.to_organisation_id))
    if state == Referral.State.STARTED:
        # The service the client now receives, filed where the step was recorded.
        episode = ServiceEpisode.objects.create(
            client_id=referral.client_id, service_id=referral.service_id,
            service_name="" if referral.service_id else referral.service_name,
            organisation_id=referral.to_organisation_id, intensity=Intensity.LIGHT,
            starts_on=timezone.localdate(now), updated_by=by.user, **authored_by(by))
        Referral.objects.filter(pk=referral.pk).update(episode=episode)
    if state == Referral.State.COMPLETED and referral.episode_id:
        # The loop closes: the service it started has ended (the watch then asks what next).
        ServiceEpisode.objects.filter(pk=referral.episode_id, ended_on__isnull=True).update(
            ended_on=timezone.localdate(now), end_reason=EndReason.COMPLETED,
            version=F("version") + 1, updated_at=now, updated_by=by.user)
    referral.refresh_from_db()
    _sender_told(referral, step)
    return referral


def stuck_since(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=settings.MOTI_REFERRAL_STUCK_DAYS)


def stuck(now: datetime.datetime) -> Q:
    """Referrals left in one open state past the limit, as a filter."""
    return Q(state__in=OPEN_STATES, state_since__lt=stuck_since(now))


def service_matches(text: str, limit: int = 10) -> list[Service]:
    """The directory's services a typed name may mean: those of exactly this name in any
    language, else those whose name holds it; at most `limit`."""
    text = text.strip()
    if not text:
        return []
    exact = list(services_named(text)[:limit])
    if exact:
        return exact
    holding = Q(name_fi__icontains=text) | Q(name_sv__icontains=text) | Q(name_en__icontains=text)
    return list(Service.objects.select_related("organisation").filter(holding)
                .order_by("name_fi", "pk")[:limit])


def organisations_receiving(person: Person) -> list[int]:
    """The organisations whose referrals the person receives: their own."""
    return [person.organisation_id]
