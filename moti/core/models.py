"""Building blocks shared by every app: registers, need domains, idempotent submits, history."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Register(models.TextChoices):
    """The client-data register a record belongs to (Act 703/2023: social and health apart)."""

    SOCIAL = "social", _("Social care")
    HEALTH = "health", _("Health care")
    OTHER = "other", _("Other (employment services, Kela, NGO)")


class NeedDomain(models.TextChoices):
    """Need domains of domain.md §4."""

    HEALTH = "health", _("Health and functioning")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    SUBSTANCE = "substance", _("Substance use and addictions")
    HOUSING = "housing", _("Housing")
    INCOME = "income", _("Income, debt and benefits")
    WORK = "work", _("Work, study and work ability")
    DAILY_LIVING = "daily_living", _("Daily living")
    FAMILY = "family", _("Family, parenting and close relationships")
    LONELINESS = "loneliness", _("Social relationships and loneliness")
    SAFETY = "safety", _("Safety and violence")
    LEGAL = "legal", _("Legal matters and guardianship")
    ACCESS = "access", _("Access (digital skills, transport, language and interpretation)")


class DataKind(models.TextChoices):
    """Kinds of client information a consent or legal basis can cover."""

    CONCERN = "concern", _("Concerns")
    MEETING = "meeting", _("Meeting records")
    PLAN = "plan", _("Plan: goals, actions and views")
    NOTE = "note", _("Notes")


class SubmissionKey(models.Model):
    """A create form's one-time key: the second submit of the same form finds the first result."""

    key = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    kind = models.CharField(max_length=50)
    object_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)


class Change(models.Model):
    """One field's earlier and new text: the history of every versioned record."""

    kind = models.CharField(max_length=50)
    object_id = models.BigIntegerField()
    field = models.CharField(max_length=50)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "object_id", "changed_at"])]
        ordering = ["-changed_at", "-id"]


class Versioned(models.Model):
    """A record edited by several people: saves carry the version they started from."""

    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class RegisterItem(models.Model):
    """A piece of client information, kept in one register and written by one professional.

    The register is the author's organisation's at the time of writing (Act 703/2023: social
    and health care records apart); `data_kind` says which consents can open it to others.
    """

    data_kind: ClassVar[DataKind]

    register = models.CharField(_("register"), max_length=10, choices=Register.choices)
    author = models.ForeignKey("directory.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
