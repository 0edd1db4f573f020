"""Reminders and the weekly digest, sent by the worker (a periodic job), once each.

- an action's owner, the day before it is due and the day after it was due (one message a
  day, whatever the number of actions);
- the lead and the coordinators, a week before the plan's review;
- every invitee the day before a meeting (the client too, by text message or e-mail);
- each coordinator on Mondays, how many of their teams need attention.

While someone is away (`pairs.StandIns`), what is meant for them about a team goes to the
team's other coordinator, and says for whom.

Each message's key names its person, kind and day, so a job run twice, or by two workers,
queues it once. Messages say how many and when, with a link to Moti: never a client's name or
an action's text. Each person may turn any kind off (`Person.muted_messages`).
"""

import datetime
from collections import defaultdict
from typing import Any, TypeVar

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from moti.core.urls import absolute_url
from moti.directory.models import Person
from moti.messaging.models import Channel
from moti.messaging.services import Letter, outbox_put
from moti.paths.models import ServiceEpisode
from moti.paths.watch import next_step_taken
from moti.plans.models import Action

from . import invitations
from .attention import attention_list
from .models import Meeting, MeetingParticipant, Team, TeamMember
from .pairs import StandIns

KINDS = {
    "action_due": gettext_lazy("My actions: the day before they are due, and if they are late"),
    "next_step_due": gettext_lazy("The day before a next step of a client's service I arrange "
                                  "is due"),
    "review_due": gettext_lazy("A week before a plan review in teams I lead or coordinate"),
    "meeting_tomorrow": gettext_lazy("The day before a meeting I am invited to"),
    "weekly_digest": gettext_lazy("On Mondays: the teams I coordinate that need attention"),
    "transition_at_risk": gettext_lazy("When a service ends with no next step in a team I "
                                       "lead or coordinate"),
    "referral_news": gettext_lazy("When a referral I sent moves on (received, accepted, "
                                  "declined, started, completed, withdrawn)"),
    "team_membership": gettext_lazy("When I am added to a team or named its lead or "
                                    "coordinator"),
}
FROM_HOUR = 7  # reminders go out from this hour on (local time), once a day
T = TypeVar("T")


def _link(name: str) -> str:
    return absolute_url(reverse(name))


def _letter(person: Person, *, kind: str, day: datetime.date, lines: list[str],
            standing_in: bool = False) -> Letter:
    with translation.override(person.language):
        subject = {"action_due": _("Moti: your actions"),
                   "next_step_due": _("Moti: a next step to arrange"),
                   "review_due": _("Moti: a plan review is coming"),
                   "weekly_digest": _("Moti: your teams this week")}[kind]
        body = render_to_string("messaging/reminder_email.txt", {
            "name": str(person), "lines": [str(line) for line in lines],
            # Actions of someone away are on the pair's caseload, not on one's own list.
            "url": _link("caseload" if standing_in else "my_actions"
                         if kind in ("action_due", "next_step_due") else "needs_attention"),
            "settings_url": _link("my_messages")}).strip()
    return Letter(key=f"reminder:{kind}:person:{person.pk}:{day.isoformat()}",
                  channel=Channel.EMAIL, recipient=str(person), address=person.email,
                  language=person.language, subject=subject, body=body,
                  thread=f"person:{person.pk}", topic=f"reminder:{kind}:{day.isoformat()}",
                  recipient_ref=f"person:{person.pk}")


def _routed(stand_ins: StandIns, meant: list[tuple[Any, int, T]], *, kind: str,
            people: dict[int, Person]) -> dict[int, dict[int, list[T]]]:
    """Who is told of each thing meant for its owner about a team (`meant`: owner, team,
    thing): the owner, or while they are away a stand-in (`pairs.StandIns`); by recipient,
    then by owner. `people` collects everyone named."""
    routed: dict[int, dict[int, list[T]]] = defaultdict(lambda: defaultdict(list))
    for owner, team_id, thing in meant:
        assert owner is not None
        people[owner.pk] = owner
        for person in stand_ins.of(owner, team_id, able=lambda p: p.wants(kind)):
            people[person.pk] = person
            routed[person.pk][owner.pk].append(thing)
    return routed


def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Queue today's reminders (from FROM_HOUR on); the number newly queued."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < FROM_HOUR:
        return 0
    today = local.date()
    letters: list[Letter] = []

    # While someone is away, what is meant for them about a team goes to its other
    # coordinator (the pair's partner): one rule for every reminder, `pairs.StandIns`.
    stand_ins = StandIns(today)

    # Owners of actions due tomorrow, or due yesterday and still open.
    actions = list(Action.objects.filter(
        done_at__isnull=True, plan__team__status=Team.Status.OPEN,
        owner__person__isnull=False,
        due_date__in=[today + datetime.timedelta(days=1), today - datetime.timedelta(days=1)])
        .select_related("owner__person__user", "plan"))
    stand_ins.know({action.plan.team_id for action in actions})
    people: dict[int, Person] = {}
    due = _routed(stand_ins, [(a.owner.person, a.plan.team_id, a) for a in actions],
                  kind="action_due", people=people)
    for pk, by_owner in due.items():
        person = people[pk]
        if not person.wants("action_due"):
            continue
        with translation.override(person.language):
            lines = []
            for owner_pk, owned in sorted(by_owner.items(), key=lambda item: item[0] != pk):
                tomorrow = sum(a.due_date > today for a in owned)
                late = len(owned) - tomorrow
                said = ([ngettext("%(n)s action due tomorrow", "%(n)s actions due tomorrow",
                                  tomorrow) % {"n": tomorrow}] if tomorrow else []) + (
                    [ngettext("%(n)s action late since yesterday",
                              "%(n)s actions late since yesterday", late) % {"n": late}]
                    if late else [])
                if owner_pk != pk:
                    owner = people[owner_pk]
                    said = [_("For %(name)s, away until %(day)s: %(what)s") % {
                        "name": owner, "day": stand_ins.away_until(owner),
                        "what": ", ".join(said)}]
                lines += said
        letters.append(_letter(person, kind="action_due", day=today, lines=lines,
                               standing_in=set(by_owner) != {pk}))

    # Whoever arranges a next step of a client's service, the day before it is due (the
    # services of clients in whose open teams they are).
    steps = list(ServiceEpisode.objects.filter(
        next_owner__isnull=False, next_on=today + datetime.timedelta(days=1),
        client_id__in=Team.objects.filter(status=Team.Status.OPEN).values("client_id"))
        .exclude(next_step_taken()).select_related("next_owner__user"))
    through = {(m.person_id, m.team.client_id): m.team_id for m in TeamMember.objects.filter(
        person_id__in={e.next_owner_id for e in steps}, team__status=Team.Status.OPEN,
        team__client_id__in={e.client_id for e in steps}).select_related("team")}
    stand_ins.know(set(through.values()))
    # The teams of the steps (one no longer in the client's team is not reminded: the
    # transitions page shows the step), each said for whom, with its team's services page.
    arranging = _routed(stand_ins, [(e.next_owner, through[e.next_owner_id, e.client_id],
                                     through[e.next_owner_id, e.client_id]) for e in steps
                                    if (e.next_owner_id, e.client_id) in through],
                        kind="next_step_due", people=people)
    for pk, steps_by_owner in arranging.items():
        person = people[pk]
        if not person.wants("next_step_due"):
            continue
        with translation.override(person.language):
            lines = []
            for owner_pk, teams in sorted(steps_by_owner.items(), key=lambda item: item[0] != pk):
                what = ngettext("%(n)s next step to arrange by tomorrow",
                                "%(n)s next steps to arrange by tomorrow", len(teams)) % {
                    "n": len(teams)}
                if owner_pk == pk:
                    lines.append(what)
                    continue
                owner = people[owner_pk]
                lines.append(_("For %(name)s, away until %(day)s: %(what)s") % {
                    "name": owner, "day": stand_ins.away_until(owner), "what": what})
                # Not on the stand-in's own lists: each team's services page says which.
                lines += [absolute_url(reverse("team_services", args=[team_id]))
                          for team_id in sorted(set(teams))]
        letters.append(_letter(person, kind="next_step_due", day=today, lines=lines))

    # The lead and the coordinators, a week before the plan's review.
    review_day = today + datetime.timedelta(days=7)
    runners: dict[int, tuple[Person, set[int]]] = {}
    members = list((TeamMember.objects.filter(
        team__status=Team.Status.OPEN, team__plan__next_review=review_day,
        person__isnull=False).filter(is_lead=True) | TeamMember.objects.filter(
        team__status=Team.Status.OPEN, team__plan__next_review=review_day,
        person__isnull=False, is_coordinator=True)).select_related("person__user"))
    stand_ins.know({member.team_id for member in members})
    for member in members:
        assert member.person is not None
        for person in stand_ins.of(member.person, member.team_id,
                                   able=lambda p: p.wants("review_due")):
            runners.setdefault(person.pk, (person, set()))[1].add(member.team_id)
    for person, reviewed in runners.values():
        if person.wants("review_due"):
            with translation.override(person.language):
                line = ngettext("%(n)s plan review on %(day)s",
                                "%(n)s plan reviews on %(day)s", len(reviewed)) % {
                    "n": len(reviewed), "day": dateformat.format(review_day, "j.n.Y")}
            letters.append(_letter(person, kind="review_due", day=today, lines=[line]))

    # The weekly digest, on Mondays: the partners' own digests count the teams shared with
    # someone away; those nobody else coordinates stay in theirs.
    if today.weekday() == 0:
        coordinators = Person.objects.filter(
            memberships__is_coordinator=True,
            memberships__team__status=Team.Status.OPEN).distinct().select_related("user")
        for person in coordinators:
            if not person.wants("weekly_digest"):
                continue
            found = attention_list(person=person, now=now)
            if person.pk in stand_ins.away:
                stand_ins.know({a.team_id for a in found})
                found = [a for a in found if stand_ins.of(person, a.team_id) == [person]]
            count = len(found)
            if count:
                with translation.override(person.language):
                    line = ngettext("%(n)s of your teams needs attention",
                                    "%(n)s of your teams need attention", count) % {"n": count}
                letters.append(_letter(person, kind="weekly_digest", day=today, lines=[line]))

    queued = outbox_put(letters)
    return queued + _meetings_tomorrow(today)


def _meetings_tomorrow(today: datetime.date) -> int:
    """Every invitee of tomorrow's meetings, by the channel of their invitation."""
    start = timezone.make_aware(datetime.datetime.combine(
        today + datetime.timedelta(days=1), datetime.time.min))
    # Three queries for any number of meetings: the meetings, their invitees, their teams'
    # members (whose coordinator the message names).
    meetings = (Meeting.objects.filter(starts_at__gte=start,
                                       starts_at__lt=start + datetime.timedelta(days=1),
                                       cancelled_at__isnull=True,
                                       team__status=Team.Status.OPEN)
                .select_related("team__client")
                .prefetch_related(
                    Prefetch("participants", queryset=MeetingParticipant.objects
                             .select_related("member__person__organisation")),
                    Prefetch("team__members", queryset=TeamMember.objects
                             .select_related("person__organisation"))))
    letters = []
    for meeting in meetings:
        participants = [p for p in meeting.participants.all() if p.response != "no" and not (
            p.member is not None and p.member.person is not None
            and "meeting_tomorrow" in (p.member.person.muted_messages or []))]
        letters += invitations.invitees_letters(meeting, news=invitations.News.REMINDER,
                                                participants=participants)
    return outbox_put(letters)
