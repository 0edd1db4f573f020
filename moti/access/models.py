"""Emergency access: "break the glass", time-limited and reviewed by the data protection officer."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moti.core.models import LimitedTextField


class EmergencyAccess(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    reason = LimitedTextField(_("reason"), max_length=2000)
    started_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    review_note = LimitedTextField(_("review note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "client", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.client_id} {self.started_at:%d.%m.%Y %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.expires_at > timezone.now()
