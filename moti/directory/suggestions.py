"""Who to invite: for each need domain of a concern, the services that cover it where the
client lives, ranked by how well they fit the client, each with its reasons in words.

The convener decides; the ranking only orders what the directory knows. Three queries
whatever the directory's size: the candidates' tags (their service points' places among
them), the chosen services whole, and the first few people who give each of them.
"""

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from moti.core.models import NeedDomain

from . import places
from .models import (
    CHANNELS_WITHOUT_DIGITAL,
    CHANNELS_WITHOUT_TRAVEL,
    LANGUAGES,
    Channel,
    Person,
    SearchEntry,
    Service,
)
from .search import EVERYWHERE, tag

NEAR_KM, FAR_KM = 15, 60
SHORT_WAIT_DAYS, LONG_WAIT_DAYS = 14, 60
PEOPLE_SHOWN = 2  # per service: a health centre's every nurse would bury the other services
CANDIDATES = 5000  # scored from their values: a county's services for any need fit


@dataclass(frozen=True)
class Need:
    """What the suggestions are for: the concern's domains and how the client reaches
    services. `private`: a non-disclosure for personal safety, so no place is named."""

    domains: tuple[str, ...]
    municipality: str = ""
    language: str = "fi"
    cannot_travel: bool = False
    no_digital: bool = False
    private: bool = False


@dataclass
class Reason:
    text: str
    points: int = 0

    @property
    def tone(self) -> str:
        """In favour, against, or only worth knowing (a wait of a month, a point 40 km off)."""
        return "for" if self.points > 0 else "against" if self.points < 0 else "note"


@dataclass
class Suggestion:
    service: Service
    score: int = 0
    reasons: list[Reason] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    more_people: int = 0  # who else gives it, found on the service's page
    explain: bool = True

    def add(self, points: int, text: Callable[[], str]) -> None:
        """Count the points; write the reason only for a suggestion that will be shown."""
        self.score += points
        if self.explain:
            self.reasons.append(Reason(text(), points))


@dataclass
class DomainSuggestions:
    domain: str
    label: str
    suggestions: list[Suggestion]


def _from_tags(object_id: int, tags: str) -> SimpleNamespace:
    """A candidate service as its search entry's tags describe it: enough to score it."""
    values: dict[str, list[str]] = defaultdict(list)
    for item in tags.strip("|").split("|"):
        prefix, _colon, value = item.partition(":")
        values[prefix].append(value)
    return SimpleNamespace(
        pk=object_id, need_domains=values["d"], languages=values["l"], channels=values["c"],
        municipalities=[m for m in values["m"] if m != EVERYWHERE],
        waiting_days=int(values["w"][0]) if values["w"] else None, waiting_measured_on=None,
        points=[(float(lat), float(lon), where) for lat, lon, where in
                (point.split(";", 2) for point in values["p"])])


def _candidates(need: Need) -> QuerySet[SearchEntry, Any]:
    query = SearchEntry.objects.filter(kind=SearchEntry.Kind.SERVICE).filter(
        Q.create([("tags__holds", tag("d", d)) for d in need.domains], connector=Q.OR))
    if need.municipality:
        query = query.filter(Q(tags__holds=tag("m", need.municipality))
                             | Q(tags__holds=tag("m", EVERYWHERE)))
    return query.values_list("object_id", "tags")


def _language_name(code: str) -> str:
    return str(dict(LANGUAGES).get(code, code))


Point = tuple[float, float, str]  # latitude, longitude, where (street address, municipality)
# As plain strings: every candidate is checked against them.
NO_TRAVEL = frozenset(str(c) for c in CHANNELS_WITHOUT_TRAVEL)
NO_DIGITAL_SKILLS = frozenset(str(c) for c in CHANNELS_WITHOUT_DIGITAL)


def _rank(service, points: list[Point], need: Need, home: tuple[float, float] | None,
          explain: bool) -> Suggestion:
    """The service's fit, and (`explain`) its reasons; `service` is a Service or a row of
    its values, for the first pass over every candidate."""
    s = Suggestion(service, explain=explain)
    covered = [d for d in need.domains if d in service.need_domains]
    s.add(3 * len(covered), lambda: _("Covers %(domains)s.") % {
        "domains": "; ".join(str(NeedDomain(d).label).lower() for d in covered)})
    if need.municipality and not need.private and any(
            m.lower() == need.municipality.lower() for m in service.municipalities):
        s.add(1, lambda: _("Serves %(municipality)s.") % {"municipality": need.municipality})
    if need.language in ("fi", "sv", "en") and service.languages:
        language = need.language
        if language in service.languages:
            s.add(2 if language != "fi" else 0, lambda: _("Served in %(language)s.")
                  % {"language": _language_name(language)})
        else:
            s.add(-2, lambda: _("Not served in %(language)s.")
                  % {"language": _language_name(language)})
    if need.cannot_travel:
        reach = [c for c in service.channels if c in NO_TRAVEL]
        if reach:
            s.add(2, lambda: _("No travel needed: %(channels)s.") % {
                "channels": ", ".join(str(Channel(c).label).lower() for c in reach)})
        else:
            s.add(-2, lambda: _("Only in person: the client cannot travel."))
    if need.no_digital and service.channels and NO_DIGITAL_SKILLS.isdisjoint(service.channels):
        s.add(-2, lambda: _("Only digital: the client does not use digital services."))
    if home and points and not need.private:
        km, point = min((places.distance_km(home, (p[0], p[1])), p) for p in points)
        where = point[2]
        if km <= FAR_KM:
            s.add(2 if km <= NEAR_KM else 0,
                  lambda: _("Nearest service point %(km)d km away (%(where)s).")
                  % {"km": round(km), "where": where})
        else:
            s.add(-1 if not need.cannot_travel else -3,
                  lambda: _("Far: the nearest service point is %(km)d km away (%(where)s).")
                  % {"km": round(km), "where": where})
    days = service.waiting_days
    if days is not None:
        s.add(1 if days <= SHORT_WAIT_DAYS else -1 if days > LONG_WAIT_DAYS else 0,
              lambda: ngettext("Waiting time about %(days)d day (measured %(measured)s).",
                               "Waiting time about %(days)d days (measured %(measured)s).",
                               days) % {"days": days, "measured": date_format(
                                   service.waiting_measured_on, "SHORT_DATE_FORMAT")
                                   if service.waiting_measured_on else ""})
    return s


def suggest(*, need: Need, people: QuerySet[Person],
            exclude: Collection[int] | QuerySet[Any, Any] = (),
            limit: int = 3) -> list[DomainSuggestions]:
    """For each domain, the `limit` services that fit best, with the people of `people`
    (those who may join) who give them, leaving out those in `exclude` (already members).

    Every candidate is scored from its search entry's tags; only the chosen few are read
    whole and given their reasons in words."""
    rows = [_from_tags(*found) for found in _candidates(need)[:CANDIDATES]]
    home = places.home_point(need.municipality)
    ranked = sorted((_rank(row, row.points, need, home, explain=False) for row in rows),
                    key=lambda s: (-s.score, s.service.waiting_days or 0, s.service.pk))
    picked = {domain: [s.service.pk for s in ranked if domain in s.service.need_domains][:limit]
              for domain in need.domains}
    whole = Service.objects.select_related("organisation").in_bulk(
        {pk for pks in picked.values() for pk in pks})
    points = {row.pk: row.points for row in rows}
    shown = {pk: _rank(service, points[pk], need, home, explain=True)
             for pk, service in whole.items()}
    if shown:
        # The first few people of each chosen service who may join, by name, and how many more
        # there are: one query, a window over the services' people, so that only those shown
        # are read whole (a county's service has dozens; each whole person cost 0.1 ms).
        for person in people.filter(services__in=list(shown)).exclude(pk__in=exclude) \
                .annotate(service_id=F("services"),
                          place=Window(RowNumber(), partition_by=F("services"),
                                       order_by=("first_name", "last_name", "pk")),
                          giving=Window(Count("pk"), partition_by=F("services"))) \
                .filter(place__lte=PEOPLE_SHOWN).select_related("organisation") \
                .order_by("service_id", "place"):
            suggestion = shown[person.service_id]
            suggestion.people.append(person)
            suggestion.more_people = max(0, person.giving - PEOPLE_SHOWN)
    labels = dict(NeedDomain.choices)
    return [DomainSuggestions(domain, str(labels.get(domain, domain)),
                              [shown[pk] for pk in picked[domain]])
            for domain in need.domains]
