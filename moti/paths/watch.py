"""The transition watch: services that end with nothing after them.

An episode is a transition at risk when it has ended, or will end within
MOTI_TRANSITION_DAYS, and has no next step (a service, its owner and its day) and no word
from the lead that none is needed.
One that ended longer ago than MOTI_TRANSITION_LOOKBACK_DAYS is history: the figures count
it as a drop-out, the watch no longer calls anyone about it.

The lead and the coordinators of the client's open teams are told once (the episode's
`alerted_at` is claimed by a conditional UPDATE, and the outbox keeps one message per key);
their triage shows it first until a next step or the lead's reason is recorded. Messages say
when and link to Moti: never the client's name or the service.
"""

import datetime
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from moti.core.urls import absolute_url
from moti.directory.models import Person
from moti.messaging.models import Channel
from moti.messaging.services import Letter, outbox_put
from moti.teams.models import Team, TeamMember
from moti.teams.pairs import StandIns

from .models import ServiceEpisode

ALERT_KIND = "transition_at_risk"  # the kind a person may mute (teams.reminders.KINDS)


# No next step (a service, its owner and its day: an imported one may lack the owner and the
# day, and stays at risk until a member takes it) and no word that none is needed.
NO_NEXT_STEP = (Q(next_service__isnull=True, next_service_name="") | Q(next_owner__isnull=True)
                | Q(next_on__isnull=True)) & Q(no_next_reason="")


TAKEN_WINDOW_DAYS = 30  # a service started this long before a next step's day takes it


def next_step_taken() -> Exists:
    """Whether an episode's next step has been taken: another service of the client started
    after this one, at most TAKEN_WINDOW_DAYS before the step's day (nothing else marks a
    next step done: the service it leads to is recorded as its own episode)."""
    return Exists(ServiceEpisode.objects.filter(
        client_id=OuterRef("client_id"), starts_on__gt=OuterRef("starts_on"),
        starts_on__gte=OuterRef("next_on") - datetime.timedelta(days=TAKEN_WINDOW_DAYS))
        .exclude(pk=OuterRef("pk")))


def at_risk(today: datetime.date) -> Q:
    """The episodes at risk on `today`, as a filter (usable in a subquery)."""
    soon = today + datetime.timedelta(days=settings.MOTI_TRANSITION_DAYS)
    since = today - datetime.timedelta(days=settings.MOTI_TRANSITION_LOOKBACK_DAYS)
    return (NO_NEXT_STEP
            & (Q(ended_on__gte=since, ended_on__lte=soon)
               | Q(ended_on__isnull=True, planned_end_on__gte=since, planned_end_on__lte=soon)))


def episodes_at_risk(today: datetime.date) -> QuerySet[ServiceEpisode]:
    return ServiceEpisode.objects.filter(at_risk(today))


def _runners(client_ids: set[int]) -> dict[int, list[tuple[Person, Team]]]:
    """Per client, the people who lead or coordinate one of its open teams, each with that
    team (one query)."""
    runners: dict[int, list[tuple[Person, Team]]] = {}
    for member in (TeamMember.objects.filter(team__client_id__in=client_ids,
                                             team__status=Team.Status.OPEN,
                                             person__isnull=False)
                   .filter(Q(is_lead=True) | Q(is_coordinator=True))
                   .select_related("person__user", "person__organisation", "team__client")):
        if member.person is not None:
            runners.setdefault(member.team.client_id, []).append((member.person, member.team))
    return runners


# Whether a person, through one of their teams, may see an episode (access.visibility
# decides; this layer does not import it). Given the teams to decide for.
Sees = Callable[[list[Team]], Callable[[ServiceEpisode, Person, Team], bool]]


def _letter(person: Person, episode: ServiceEpisode, today: datetime.date,
            told: datetime.datetime) -> Letter:
    with translation.override(person.language):
        ends = episode.ends_on
        assert ends is not None  # at risk: it has ended or has a planned end
        line = (_("A service of a client in a team you lead or coordinate ended on %(day)s "
                  "with no next step planned.") if ends <= today else
                _("A service of a client in a team you lead or coordinate ends on %(day)s "
                  "with no next step planned.")) % {"day": dateformat.format(ends, "j.n.Y")}
        body = render_to_string("messaging/reminder_email.txt", {
            "name": str(person),
            "lines": [line, _("Record the next step, or why none is needed.")],
            "url": absolute_url(reverse("transitions")),
            "settings_url": absolute_url(reverse("my_messages"))}).strip()
        subject = _("Moti: a service ends without a next step")
    # One message per person each time the episode is claimed: a transition watched again
    # (a new end, a next step taken back) is told again.
    return Letter(key=f"transition:episode:{episode.pk}:{told:%Y%m%dT%H%M%S%f}:person:{person.pk}",
                  channel=Channel.EMAIL, recipient=str(person), address=person.email,
                  language=person.language, subject=subject, body=body,
                  thread=f"person:{person.pk}", topic=f"transition:{episode.pk}",
                  recipient_ref=f"person:{person.pk}")


def _takes(person: Person, *, episode: ServiceEpisode, team: Team,
           may_see: Callable[[ServiceEpisode, Person, Team], bool]) -> bool:
    return person.wants(ALERT_KIND) and may_see(episode, person, team)


def transitions_alert(*, sees: Sees, now: datetime.datetime | None = None) -> int:
    """Tell the lead and the coordinators of each transition newly at risk who may see it
    (`sees`: the team's records as the pages show them); the number of episodes told about.
    An episode whose client has no open team waits: nobody runs a team to tell yet (it is
    told when one opens)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    waiting = list(episodes_at_risk(today).filter(
        alerted_at__isnull=True, client__teams__status=Team.Status.OPEN)
        .distinct().order_by("pk")[:1000])
    runners = _runners({e.client_id for e in waiting})
    may_see = sees([team for pairs in runners.values() for _person, team in pairs])
    # Someone away is stood in for by the team's other coordinator (teams.pairs).
    stand_ins = StandIns(today)
    stand_ins.know({team.pk for pairs in runners.values() for _person, team in pairs})
    told = 0
    for episode in waiting:
        with transaction.atomic():
            # The claim: of two workers (or two runs), one sets it and tells.
            if not ServiceEpisode.objects.filter(pk=episode.pk, alerted_at__isnull=True) \
                    .update(alerted_at=now):
                continue
            told_to: dict[int, Person] = {}
            for runner, team in runners.get(episode.client_id, []):
                # Who wants it and may see it through the team: a stand-in who may not is
                # none, and the runner keeps it (teams.pairs.StandIns).
                takes = partial(_takes, episode=episode, team=team, may_see=may_see)
                told_to.update((p.pk, p) for p in stand_ins.of(runner, team.pk, able=takes)
                               if takes(p))
            outbox_put([_letter(person, episode, today, now) for person in told_to.values()])
            told += 1
    return told
