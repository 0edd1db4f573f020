"""Reads of the logs for the data protection officer and the client's log report."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet
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


def use_log_search(*, user_id: int | None = None, client_id: int | None = None,
                   since: datetime.date | None = None, until: datetime.date | None = None,
                   emergency_only: bool = False) -> QuerySet[UseLog]:
    rows = UseLog.objects.all()
    if user_id:
        rows = rows.filter(user_id=user_id)
    if client_id:
        rows = rows.filter(client_id=client_id)
    if emergency_only:
        rows = rows.filter(emergency=True)
    return _period(rows, since, until).order_by("-id")


def _organisation(rows: QuerySet[Any], organisation: str) -> QuerySet[Any]:
    """Rows of users who worked in this unit, or in any unit of this data controller."""
    if not organisation:
        return rows
    return rows.filter(Q(user_organisation=organisation) | Q(user_controller=organisation))


def log_report_get(*, client_id: int, since: datetime.date, until: datetime.date,
                   emergency_only: bool = False, organisation: str = "") -> dict[str, Any]:
    """Who processed or received the client's data, when, what, on what basis."""
    used = list(_organisation(use_log_search(
        client_id=client_id, since=since, until=until, emergency_only=emergency_only),
        organisation).filter(allowed=True))
    disclosed = [] if emergency_only else list(_organisation(
        _period(DisclosureLog.objects.filter(client_id=client_id), since, until),
        organisation).order_by("-id"))
    return {"used": used, "disclosed": disclosed, "since": since, "until": until,
            "emergency_only": emergency_only, "organisation": organisation}


def log_report_organisations(*, client_id: int) -> list[str]:
    """The units and data controllers whose people used or received the client's data: what
    the report can be narrowed to (two queries, on the indexed client column)."""
    names: set[str] = set()
    for model in (UseLog, DisclosureLog):
        for unit, controller in model.objects.filter(client_id=client_id).values_list(
                "user_organisation", "user_controller").distinct():
            names.update(name for name in (unit, controller) if name)
    return sorted(names)
