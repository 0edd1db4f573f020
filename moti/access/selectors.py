"""Reads around access for the data protection officer."""

from django.db.models import QuerySet

from .models import EmergencyAccess


def emergency_access_list_unreviewed(*, limit: int = 100) -> QuerySet[EmergencyAccess]:
    return EmergencyAccess.objects.filter(reviewed_at__isnull=True).select_related(
        "user__person__organisation", "client")[:limit]
