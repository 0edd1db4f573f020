"""Service-path figures for development: counts and waiting times per month, never a client.

- transitions at risk: services that ended (or were planned to end) in the month with no next
  step and no word that none was needed;
- drop-outs: heavy services that ended in the month with nothing after them within 30 days
  (no next step recorded, no other service of the client started);
- referral waiting times: from sending to the service's start, per service and organisation;
- time from a concern to the team's first meeting held, by the month the concern was raised.

A count under SUPPRESS is shown as "fewer than 5", and a median of fewer than SUPPRESS cases
is not shown: small numbers could point at a person. A fixed number of queries whatever the
data: each figure is one aggregate, or one list of durations.

Counting takes a year of the county's episodes, referrals and concerns (about 0.8 s at county
scale), so the worker counts once a day (`count_figures`) and the page reads that count
(`counted`): one row. The page counts itself only when there is no count from today or
yesterday (a new installation, or no worker).
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from moti.teams.models import Concern, Meeting

from .models import CountedFigures, Intensity, Referral, ServiceEpisode
from .watch import NO_NEXT_STEP

SUPPRESS = 5
DROP_OUT_DAYS = 30


@dataclass(frozen=True)
class Figure:
    value: float | None  # None: suppressed
    cases: int

    @property
    def suppressed(self) -> bool:
        return self.value is None


def _count(n: int) -> Figure:
    return Figure(float(n) if n >= SUPPRESS else None, n)


def _median(days: list[int]) -> Figure:
    return Figure(float(statistics.median(days)) if len(days) >= SUPPRESS else None, len(days))


def months(today: datetime.date, n: int = 12) -> list[datetime.date]:
    """The first days of the last `n` months, the oldest first."""
    first = today.replace(day=1)
    found = []
    for _ in range(n):
        found.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return found[::-1]


def _by_month(rows) -> dict[datetime.date, int]:
    return {(m.date() if isinstance(m, datetime.datetime) else m): n for m, n in rows}


def figures(*, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    span = months(today)
    start = span[0]
    episodes = ServiceEpisode.objects.annotate(ends=Coalesce("ended_on", "planned_end_on"))
    at_risk = _by_month(episodes.filter(NO_NEXT_STEP, ends__gte=start, ends__lte=today)
                        .annotate(month=TruncMonth("ends")).values("month")
                        .annotate(n=Count("id")).values_list("month", "n"))
    followed = ServiceEpisode.objects.filter(
        client_id=OuterRef("client_id"), starts_on__gte=OuterRef("ended_on"),
        starts_on__lte=OuterRef("ended_on") + datetime.timedelta(days=DROP_OUT_DAYS)) \
        .exclude(pk=OuterRef("pk"))
    drop_outs = _by_month(
        ServiceEpisode.objects.filter(
            intensity=Intensity.HEAVY, ended_on__gte=start,
            ended_on__lte=today - datetime.timedelta(days=DROP_OUT_DAYS))
        .filter(Q(next_service__isnull=True, next_service_name="")).filter(~Exists(followed))
        .annotate(month=TruncMonth("ended_on")).values("month").annotate(n=Count("id"))
        .values_list("month", "n"))
    waits: dict[tuple[str, str], list[int]] = defaultdict(list)
    for service, service_name, organisation, sent, started in Referral.objects.filter(
            started_at__isnull=False, sent_at__date__gte=start).values_list(
            "service__name_fi", "service_name", "to_organisation__name", "sent_at",
            "started_at"):
        if started is not None:  # filtered so: narrows the type
            waits[(service or service_name, organisation)].append((started - sent).days)
    first_meeting = Meeting.objects.filter(team__concern=OuterRef("pk"),
                                           cancelled_at__isnull=True,
                                           starts_at__lte=timezone.now())
    to_meeting: dict[datetime.date, list[int]] = defaultdict(list)
    for raised, met in Concern.objects.filter(created_at__date__gte=start).annotate(
            met=Subquery(first_meeting.order_by().values("team").annotate(
                first=Min("starts_at")).values("first")[:1])).filter(
            met__isnull=False).values_list("created_at", "met"):
        to_meeting[timezone.localtime(raised).date().replace(day=1)].append(
            (met - raised).days)
    return {
        "months": span,
        "rows": [{"month": m, "at_risk": _count(at_risk.get(m, 0)),
                  "drop_outs": _count(drop_outs.get(m, 0)),
                  "to_meeting": _median(to_meeting.get(m, []))} for m in span],
        "waits": sorted(({"service": s, "organisation": o, "median": _median(d)}
                         for (s, o), d in waits.items()),
                        key=lambda w: (w["median"].suppressed, w["service"] or "")),
        "suppress": SUPPRESS, "drop_out_days": DROP_OUT_DAYS,
    }


def _kept(figure: Figure) -> list:
    # A suppressed count is kept only as "some" or "none", never as the small number itself.
    cases = figure.cases if figure.cases >= SUPPRESS or not figure.cases else 1
    return [figure.value, cases]


def _stored(found: dict) -> dict:
    """The figures as JSON."""
    return {
        "rows": [{"month": row["month"].isoformat(),
                  **{key: _kept(row[key]) for key in ("at_risk", "drop_outs", "to_meeting")}}
                 for row in found["rows"]],
        "waits": [{"service": w["service"], "organisation": w["organisation"],
                   "median": _kept(w["median"])} for w in found["waits"]],
    }


def _loaded(stored: dict) -> dict:
    """The figures from their JSON, as `figures` returns them."""
    rows = [{"month": datetime.date.fromisoformat(row["month"]),
             **{key: Figure(*row[key]) for key in ("at_risk", "drop_outs", "to_meeting")}}
            for row in stored["rows"]]
    return {"months": [row["month"] for row in rows], "rows": rows,
            "waits": [{**w, "median": Figure(*w["median"])} for w in stored["waits"]],
            "suppress": SUPPRESS, "drop_out_days": DROP_OUT_DAYS}


def _store(today: datetime.date, stored: dict) -> bool:
    """Keep the day's count (the first, if the worker and a page count at once) and remove
    every other day's; whether this one was kept."""
    try:
        with transaction.atomic():
            CountedFigures.objects.create(counted_on=today, counted_at=timezone.now(),
                                          figures=stored)
    except IntegrityError:
        return False
    CountedFigures.objects.exclude(counted_on=today).delete()
    return True


def count_figures(*, today: datetime.date | None = None) -> bool:
    """Count today's figures unless they are counted already; whether this counted them."""
    today = today or timezone.localdate()
    if CountedFigures.objects.filter(counted_on=today).exists():
        return False
    return _store(today, _stored(figures(today=today)))


def counted(*, today: datetime.date | None = None) -> tuple[dict, datetime.datetime]:
    """The figures counted today or yesterday, and when; counted now if there are none."""
    today = today or timezone.localdate()
    newest = CountedFigures.objects.filter(
        counted_on__gte=today - datetime.timedelta(days=1), counted_on__lte=today).first()
    if newest is not None:
        return _loaded(newest.figures), newest.counted_at
    stored = _stored(figures(today=today))
    _store(today, stored)
    return _loaded(stored), timezone.now()


def bars(rows: list[dict], key: str, height: int = 80) -> list[dict]:
    """Bar heights for a server-drawn chart of one figure (suppressed months drawn as none)."""
    top = max((r[key].value or 0 for r in rows), default=0) or 1
    found = []
    for n, row in enumerate(rows):
        tall = round((row[key].value or 0) / top * height)
        found.append({"month": row["month"], "figure": row[key], "x": n * 40,
                      "y": height + 10 - tall, "height": tall})
    return found
