"""Reads of the logs for the data protection officer and the client's log report."""

import datetime
from typing import Any

from django.db.models import QuerySet

from moti.core.dates import years_before

from .models import DisclosureLog, UseLog

REPORT_YEARS = 2


def log_report_since(*, today: datetime.date) -> datetime.date:
    """Where a client's log report starts by default: the law's two years back."""
    return years_before(today, REPORT_YEARS)


def use_log_search(*, user_id: int | None = None, client_id: int | None = None,
                   since: datetime.date | None = None, until: datetime.date | None = None,
                   emergency_only: bool = False) -> QuerySet[UseLog]:
    rows = UseLog.objects.select_related("user__person__organisation")
    if user_id:
        rows = rows.filter(user_id=user_id)
    if client_id:
        rows = rows.filter(client_id=client_id)
    if since:
        rows = rows.filter(at__date__gte=since)
    if until:
        rows = rows.filter(at__date__lte=until)
    if emergency_only:
        rows = rows.filter(emergency=True)
    return rows.order_by("-seq")


def log_report_get(*, client_id: int, since: datetime.date,
                   until: datetime.date) -> dict[str, Any]:
    """Who processed or received the client's data, when, what, on what basis."""
    used = list(use_log_search(client_id=client_id, since=since, until=until)
                .filter(allowed=True))
    disclosed = list(DisclosureLog.objects.filter(client_id=client_id, at__date__gte=since,
                                                  at__date__lte=until)
                     .select_related("user__person__organisation").order_by("-seq"))
    return {"used": used, "disclosed": disclosed, "since": since, "until": until}
