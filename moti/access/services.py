"""Writes around access: emergency access ("break the glass") and the DPO's review of it."""

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from moti.audit.models import Basis, Operation, What
from moti.audit.services import use_log_write
from moti.clients.models import Client

from .helpers import actor_of
from .models import EmergencyAccess


def emergency_access_start(*, user: User, client: Client, reason: str) -> EmergencyAccess:
    """Break the glass: time-limited access with a reason, flagged for the DPO's review."""
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Explain the emergency in a sentence or two.")})
    hours = settings.MOTI_EMERGENCY_ACCESS_HOURS
    grant = EmergencyAccess.objects.create(
        user=user, client=client, reason=reason.strip(),
        expires_at=timezone.now() + datetime.timedelta(hours=hours))
    use_log_write(actor=actor_of(user), client_id=client.pk, operation=Operation.WRITE,
                  what=What.EMERGENCY_ACCESS, object_id=grant.pk, basis=Basis.EMERGENCY,
                  allowed=True, emergency=True)
    return grant


def emergency_access_review(*, grant: EmergencyAccess, reviewer: User,
                            note: str) -> EmergencyAccess:
    """The data protection officer marks a grant reviewed; the first review stands."""
    if not note.strip():
        raise ValidationError({"review_note": _("Write a review note.")})
    EmergencyAccess.objects.filter(pk=grant.pk, reviewed_at__isnull=True).update(
        reviewed_at=timezone.now(), reviewed_by=reviewer, review_note=note.strip())
    grant.refresh_from_db()
    return grant
