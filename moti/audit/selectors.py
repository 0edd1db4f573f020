"""Reads of the logs for the data protection officer and the client's log report."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Subquery
from django.utils import timezone

from moti.core.dates import years_before

from .models import DisclosureLog, UseLog

REPORT_YEARS = 2


def log_report_since(*, today: datetime.date) -> datetime.date:
    """Where a client's log report starts by default: the law's two years back."""
    return years_before(today, REPORT_YEARS)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _period(rows: QuerySet[Any], since: datetime.date | None,
            until: datetime.date | None) -> QuerySet[Any]:
    """Whole local days, as a range on the indexed timestamp (not a date cast of it)."""
    if since:
        rows = rows.filter(at__gte=_day_start(since))
    if until:
        rows = rows.filter(at__lt=_day_start(until + datetime.timedelta(days=1)))
    return rows


NEWEST_FIRST = ("-at", "-id")  # on the indexes (at), (user_id, at), (client_id, at)
LOG_PAGE = 50  # rows on a page of the DPO's log review and of the client's log report


def use_log_search(*, user_ids: list[int] | None = None, client_id: int | None = None,
                   since: datetime.date | None = None, until: datetime.date | None = None,
                   emergency_only: bool = False) -> QuerySet[UseLog]:
    rows = UseLog.objects.all()
    if user_ids is not None:
        rows = rows.filter(user_id__in=user_ids)
    if client_id:
        rows = rows.filter(client_id=client_id)
    if emergency_only:
        rows = rows.filter(emergency=True)
    return _period(rows, since, until).order_by(*NEWEST_FIRST)


@dataclass
class LogPage:
    """Rows newest first, and the rows to go on from: `older` for ?before=, `newer` for
    ?after= (None where there is nothing more that way)."""

    rows: list[UseLog]
    newer: int | None
    older: int | None
    from_row: bool = False  # found from a row (a link to the newest rows is then offered)


def use_log_page(rows: QuerySet[UseLog], *, before: int | None = None,
                 after: int | None = None, size: int = LOG_PAGE) -> LogPage:
    """A page of the log found from a row it shows next to (seek pagination): no COUNT over
    millions of rows and the same cost on the thousandth page as on the first. The range on
    `at` lets the index start at the row; the id breaks ties between rows of one instant."""
    pivot_id = after or before
    if pivot_id:
        pivot = Subquery(UseLog.objects.filter(pk=pivot_id).values("at")[:1])
        if after:
            found = list(rows.filter(Q(at__gte=pivot), Q(at__gt=pivot) | Q(id__gt=after))
                         .order_by("at", "id")[:size + 1])
            newer = found[size - 1].id if len(found) > size else None
            found = found[:size][::-1]
            return LogPage(found, newer=newer, older=found[-1].id if found else None,
                           from_row=True)
        rows = rows.filter(Q(at__lte=pivot), Q(at__lt=pivot) | Q(id__lt=before))
    found = list(rows.order_by(*NEWEST_FIRST)[:size + 1])
    return LogPage(found[:size], newer=found[0].id if pivot_id and found else None,
                   older=found[size - 1].id if len(found) > size else None,
                   from_row=bool(pivot_id))


def _organisation(rows: QuerySet[Any], organisation: str) -> QuerySet[Any]:
    """Rows of users who worked in this unit, or in any unit of this data controller."""
    if not organisation:
        return rows
    return rows.filter(Q(user_organisation=organisation) | Q(user_controller=organisation))


def log_report_get(*, client_id: int, since: datetime.date, until: datetime.date,
                   emergency_only: bool = False, organisation: str = "", paged: bool = False,
                   before: int | None = None, after: int | None = None) -> dict[str, Any]:
    """Who processed or received the client's data, when, what, on what basis.

    `paged`: one page of uses from a row (as the log review pages; new rows, such as the
    DPO's own reading, do not shift it) and the disclosures of the same stretch of time, for
    the report on screen. Otherwise the whole period: the PDF and CSV the client gets.
    """
    used = _organisation(use_log_search(
        client_id=client_id, since=since, until=until, emergency_only=emergency_only),
        organisation).filter(allowed=True)
    disclosed = DisclosureLog.objects.none() if emergency_only else _organisation(
        _period(DisclosureLog.objects.filter(client_id=client_id), since, until),
        organisation).order_by(*NEWEST_FIRST)
    page = None
    if paged:
        page = use_log_page(used, before=before, after=after)
        if page.from_row and not page.rows:  # from a row that is not there: nothing
            disclosed = disclosed.none()
        if page.rows and page.older:  # older pages hold what came before this page's last
            disclosed = disclosed.filter(at__gte=page.rows[-1].at)
        if page.rows and page.newer:  # newer pages what came from the next newer row on
            first = page.rows[0]
            next_newer = used.filter(Q(at__gte=first.at), Q(at__gt=first.at) | Q(id__gt=first.id))
            disclosed = disclosed.filter(at__lt=Subquery(
                next_newer.order_by("at", "id").values("at")[:1]))
    return {"used": page.rows if page else list(used), "disclosed": list(disclosed),
            "since": since, "until": until, "emergency_only": emergency_only,
            "organisation": organisation, "page": page}


def log_report_organisations(*, client_id: int) -> list[str]:
    """The units and data controllers whose people used or received the client's data: what
    the report can be narrowed to (two queries, on the indexed client column)."""
    names: set[str] = set()
    for model in (UseLog, DisclosureLog):
        # order_by(): the logs' default order by id would join DISTINCT and make every row
        # distinct (twenty thousand of them for the busiest client, not twenty).
        for unit, controller in model.objects.filter(client_id=client_id).order_by() \
                .values_list("user_organisation", "user_controller").distinct():
            names.update(name for name in (unit, controller) if name)
    return sorted(names)
