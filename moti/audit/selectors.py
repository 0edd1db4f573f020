"""Reads of the logs for the data protection officer and the client's log report."""

import datetime
from typing import Any

from django.db.models import QuerySet
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


def log_report_get(*, client_id: int, since: datetime.date, until: datetime.date,
                   emergency_only: bool = False) -> dict[str, Any]:
    """Who processed or received the client's data, when, what, on what basis."""
    used = list(use_log_search(client_id=client_id, since=since, until=until,
                               emergency_only=emergency_only).filter(allowed=True))
    disclosed = [] if emergency_only else list(
        _period(DisclosureLog.objects.filter(client_id=client_id), since, until)
        .order_by("-id"))
    return {"used": used, "disclosed": disclosed, "since": since, "until": until,
            "emergency_only": emergency_only}
