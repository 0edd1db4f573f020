"""The coordinator pair (seed 002: someone who knows the client's situation is always there).

- **Absences**: a professional marks the days they are away; meanwhile what Moti would tell
  them about a team (reminders of their actions and of reviews, transition alerts) goes to the
  team's other coordinator who is not away: one rule, `StandIns`, used by every sender.
- **Handover**: a coordinator hands their teams' coordination over to another professional,
  with a note per team for the one taking over; a note in the team's record, in its timeline.
The pair's shared caseload is read by `attention.caseload`.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from moti.clients.models import authored_by
from moti.directory.models import Person

from . import notices
from .models import Absence, Handover, Team, TeamMember

ABSENCE_MAX_DAYS = 366  # a longer absence is a handover, not an absence


class StandIns:
    """Who is told, on `day`, what Moti would tell a person about a team: the person; or,
    while they are away, the team's other coordinators who are not (the pair's partner); or,
    when nobody else coordinates the team, still the person (nothing meant for them is lost).

    One query for who is away; and only when someone is away, two for the coordinators of the
    teams asked about: which people coordinate them, then each of those people once (a
    coordinator of 300 teams is read once, not 300 times)."""

    def __init__(self, day: datetime.date):
        self.day = day
        self.away: dict[int, datetime.date] = {}
        for person_id, ends_on in Absence.objects.filter(
                starts_on__lte=day, ends_on__gte=day).values_list("person_id", "ends_on"):
            self.away[person_id] = max(ends_on, self.away.get(person_id, ends_on))
        self._coordinators: dict[int, list[int]] = {}
        self._people: dict[int, Person] = {}

    def know(self, team_ids: Iterable[int]) -> None:
        """Read the coordinators of these teams at once (before asking `of` about them)."""
        missing = set(team_ids) - self._coordinators.keys()
        if not self.away or not missing:
            return
        for team_id in missing:
            self._coordinators[team_id] = []
        for team_id, person_id in TeamMember.objects.filter(
                team_id__in=missing, is_coordinator=True,
                person__isnull=False).values_list("team_id", "person_id"):
            self._coordinators[team_id].append(person_id)
        unread = {pk for team_id in missing for pk in self._coordinators[team_id]} \
            - self._people.keys()
        if unread:
            self._people.update(Person.objects.select_related("user", "organisation")
                                .in_bulk(unread))

    def of(self, person: Person, team_id: int,
             able: Callable[[Person], bool] | None = None) -> list[Person]:
        """`able`: whether a partner can take this message (wants it, may see what it is
        about); a partner who cannot is no stand-in, and the message stays with the person."""
        if person.pk not in self.away:
            return [person]
        self.know([team_id])
        # (`in self._people`: a coordinator removed between know's two reads is none.)
        partners = [self._people[pk] for pk in self._coordinators[team_id]
                    if pk != person.pk and pk not in self.away and pk in self._people]
        partners = [p for p in partners if able is None or able(p)]
        return partners or [person]

    def away_until(self, person: Person) -> str:
        """The last day the person is away, as the messages write it."""
        return dateformat.format(self.away[person.pk], "j.n.Y")


# --- Absences ---------------------------------------------------------------------------------


def absences_of(person: Person, *, today: datetime.date | None = None) -> list[Absence]:
    """The person's absences that have not ended."""
    today = today or timezone.localdate()
    return list(Absence.objects.filter(person=person, ends_on__gte=today))


@transaction.atomic
def absence_add(*, person: Person, starts_on: datetime.date, ends_on: datetime.date) -> Absence:
    today = timezone.localdate()
    errors = {}
    if ends_on < starts_on:
        errors["ends_on"] = _("The last day is on or after the first day.")
    elif ends_on < today:
        errors["ends_on"] = _("This absence has already ended: mark the days still to come.")
    elif (ends_on - starts_on).days >= ABSENCE_MAX_DAYS:
        errors["ends_on"] = _("An absence is a year at most: for longer, hand your teams over "
                              "to another coordinator.")
    if errors:
        raise ValidationError(errors)
    # The person's row locked: two absences sent at once are checked one after the other.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    overlap = Absence.objects.filter(person=person, starts_on__lte=ends_on,
                                     ends_on__gte=starts_on).first()
    if overlap is not None:
        raise ValidationError({"starts_on": _(
            "You are already marked away %(start)s–%(end)s: remove that absence first, or "
            "choose other days.") % {"start": dateformat.format(overlap.starts_on, "j.n.Y"),
                                     "end": dateformat.format(overlap.ends_on, "j.n.Y")}})
    absence = Absence(person=person, starts_on=starts_on, ends_on=ends_on)
    absence.full_clean()
    absence.save()
    return absence


def absence_remove(*, person: Person, absence_id: int) -> bool:
    """Remove one of the person's own absences; False when they have none of that id (another
    person's is not theirs to remove)."""
    deleted, _ = Absence.objects.filter(pk=absence_id, person=person).delete()
    return bool(deleted)


def stand_in_day(absences: list[Absence], today: datetime.date) -> datetime.date:
    """The day whose stand-ins the person is shown: the first day of their next absence (a
    partner away then is no stand-in), or today when none is marked or one is under way."""
    return max(absences[0].starts_on, today) if absences else today


def stand_ins_of(person: Person, *, day: datetime.date) -> dict[Person, int]:
    """While `person` is away on `day`: who gets their messages, with how many of their teams
    (those nobody else coordinates under the person themselves). Four queries."""
    teams = list(TeamMember.objects.filter(person=person, team__status=Team.Status.OPEN)
                 .values_list("team_id", flat=True))
    stand_ins = StandIns(day)
    stand_ins.away.setdefault(person.pk, day)  # as if away that day, to see who would stand in
    stand_ins.know(teams)
    found: dict[Person, int] = defaultdict(int)
    for team_id in teams:
        for stand_in in stand_ins.of(person, team_id):
            found[stand_in] += 1
    return dict(sorted(found.items(), key=lambda item: (item[0] == person, -item[1])))


# --- Handover ---------------------------------------------------------------------------------


@transaction.atomic
def handover(*, giver: Person, receiver: Person, notes: dict[int, str],
             with_lead: bool = False, unread: dict[int, str] | None = None
             ) -> list[Handover]:
    """Move the coordination of the giver's teams in `notes` (team id: the note for the one
    taking over) to `receiver`: they join the team if not a member, and become its coordinator
    (and its lead, `with_lead`, where the giver was the lead); the giver stays a member. Every
    team is checked first and all of them change, or none: an error per team, by its id
    (`unread`: the teams whose note the receiver could not read, with the reason, as the
    access layer found them)."""
    if receiver.pk == giver.pk:
        raise ValidationError({"receiver": _("Choose someone else to take over.")})
    if not notes:
        raise ValidationError(_("Choose the teams to hand over."))
    # The teams locked, in one order: a second handover of the same teams sent at once (by
    # the giver, or by the pair's other coordinator to the same receiver) waits, then finds
    # them handed over and changes nothing (tests/teams/test_handover_concurrency.py). The
    # memberships' FOR UPDATE below joins the teams and would lock them too, in no set order.
    list(Team.objects.select_for_update().filter(pk__in=sorted(notes)).order_by("pk")
         .values_list("pk", flat=True))
    mine = {m.team_id: m for m in TeamMember.objects.select_for_update().filter(
        person=giver, team_id__in=list(notes)).select_related("team")}
    theirs = {m.team_id: m for m in TeamMember.objects.select_for_update().filter(
        person=receiver, team_id__in=list(notes))}
    errors: dict[str, str] = {}
    for team_id, note in notes.items():
        member, joined = mine.get(team_id), theirs.get(team_id)
        if member is None or not member.is_coordinator or not member.team.is_open:
            errors[f"note_{team_id}"] = _("You no longer coordinate this team.")
        elif joined is not None and joined.is_coordinator:
            errors[f"note_{team_id}"] = _("%(name)s already coordinates this team: name "
                                          "another pair for it on the team's page.") % {
                "name": receiver}
        elif not note.strip():
            errors[f"note_{team_id}"] = _("Write what the one taking over needs to know.")
        elif unread and team_id in unread:
            errors[f"note_{team_id}"] = unread[team_id]
    if errors:
        raise ValidationError(errors)
    done = []
    for team_id, note in sorted(notes.items()):  # in team order, as the triage rows lock
        member, joined = mine[team_id], theirs.get(team_id)
        lead = with_lead and member.is_lead
        member.is_coordinator = False
        member.is_lead = member.is_lead and not lead
        member.save(update_fields=["is_coordinator", "is_lead"])
        if joined is None:
            joined = TeamMember.objects.create(team_id=team_id, person=receiver,
                                               kind=TeamMember.Kind.PROFESSIONAL,
                                               role=member.role, is_coordinator=True,
                                               is_lead=lead)
        else:
            joined.is_coordinator, joined.is_lead = True, joined.is_lead or lead
            joined.save(update_fields=["is_coordinator", "is_lead"])
        done.append(Handover(team_id=team_id, giver=giver, receiver=receiver, with_lead=lead,
                             note=note.strip(), **authored_by(giver)))
    done = Handover.objects.bulk_create(done)
    notices.handover_told(receiver, giver=giver, handovers=done)
    return done
