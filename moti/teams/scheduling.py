"""When a meeting can be: Finnish public holidays, the invitees' other meetings in Moti (with
time to travel between places), and the next times that suit everyone."""

import datetime
from dataclasses import dataclass

import holidays
from django.conf import settings
from django.utils import timezone, translation

from moti.directory.models import Person

from .models import MeetingParticipant

# The holidays package names Finnish holidays in these languages.
HOLIDAY_LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}
LONGEST = datetime.timedelta(minutes=600)  # a meeting's longest duration (Meeting's constraint)


def holiday_name(day: datetime.date) -> str | None:
    """The name of the Finnish public holiday on `day`, in the active language, or None."""
    language = HOLIDAY_LANGUAGES.get(translation.get_language() or "fi", "fi")
    name: str | None = holidays.country_holidays("FI", years=day.year,
                                                 language=language).get(day)
    return name


@dataclass(frozen=True)
class Busy:
    person: Person
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str


def _margin(place: str, other: str) -> datetime.timedelta:
    """Time to travel between two places: none when either is remote only or both the same."""
    if place.strip() and other.strip() and place.strip().casefold() != other.strip().casefold():
        return datetime.timedelta(minutes=settings.MOTI_TRAVEL_MARGIN_MINUTES)
    return datetime.timedelta(0)


def busy_list(*, people: list[Person], start: datetime.datetime, end: datetime.datetime,
              exclude_meeting: int | None = None) -> list[Busy]:
    """The people's meetings in Moti between `start` and `end` (not cancelled), one query."""
    if not people:
        return []
    by_id = {p.pk: p for p in people}
    rows = MeetingParticipant.objects.filter(
        member__person_id__in=list(by_id), meeting__cancelled_at__isnull=True,
        meeting__starts_at__lt=end, meeting__starts_at__gt=start - LONGEST)
    if exclude_meeting is not None:
        rows = rows.exclude(meeting_id=exclude_meeting)
    found = rows.values_list("member__person_id", "meeting__starts_at",
                             "meeting__duration_minutes", "meeting__place")
    return [Busy(by_id[person], starts,
                 starts + datetime.timedelta(minutes=minutes), place)
            for person, starts, minutes, place in found
            if starts + datetime.timedelta(minutes=minutes) > start]


def clashes(busy: list[Busy], *, starts_at: datetime.datetime, duration: int,
            place: str) -> list[Busy]:
    """The other meetings that overlap this one, counting travel time when places differ."""
    ends_at = starts_at + datetime.timedelta(minutes=duration)
    return [b for b in busy
            if b.starts_at - _margin(place, b.place) < ends_at
            and starts_at < b.ends_at + _margin(place, b.place)]


def free_slots(*, people: list[Person], after: datetime.datetime, duration: int, place: str,
               count: int = 3, exclude_meeting: int | None = None,
               days: int = 14) -> list[datetime.datetime]:
    """The next `count` starts within working hours on working days (no weekend, no public
    holiday) when none of `people` has another meeting, travel time counted."""
    step = datetime.timedelta(minutes=30)
    local = timezone.localtime(after)
    first = local.replace(minute=0 if local.minute < 30 else 30, second=0, microsecond=0) + step
    # From a travel time before the first candidate: a meeting elsewhere that ends just
    # before it still rules it out.
    travel = datetime.timedelta(minutes=settings.MOTI_TRAVEL_MARGIN_MINUTES)
    busy = busy_list(people=people, start=first - travel,
                     end=first + datetime.timedelta(days=days), exclude_meeting=exclude_meeting)
    opens, closes = settings.MOTI_WORKING_HOURS
    found: list[datetime.datetime] = []
    slot = first
    while len(found) < count and slot < first + datetime.timedelta(days=days):
        ends = slot + datetime.timedelta(minutes=duration)
        if (slot.weekday() < 5 and holiday_name(slot.date()) is None
                and slot.hour >= opens and (ends.hour, ends.minute) <= (closes, 0)
                and ends.date() == slot.date()
                and not clashes(busy, starts_at=slot, duration=duration, place=place)):
            found.append(slot)
        slot = timezone.localtime(slot + step)
    return found
