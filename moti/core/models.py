"""Building blocks shared by every app: registers, need domains, idempotent submits, history."""

from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator
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


class Statute(models.TextChoices):
    """A legal basis for disclosure; logged as its code, so each reader sees it in their own
    language."""

    SOCIAL_WELFARE_41 = "shl_41", _(
        "Social Welfare Act 1301/2014, section 41 (multidisciplinary cooperation)")
    CLIENT_DATA = "client_data", _(
        "Act 703/2023 on client data in social and health care (disclosure without consent)")
    CHILD_WELFARE = "child_welfare", _("Child Welfare Act 417/2007 (child protection)")
    OTHER = "other", _("Other statute")


class IdList(models.Aggregate):
    """The ids a row's many-to-many relation joins, as "3,8,11" (read them with `ids_of`): one
    row per object where the join would give a row per related id. PostgreSQL's string_agg,
    SQLite's group_concat."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s::text, ',')"
    output_field = models.TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT",
                              template="%(function)s(%(expressions)s, ',')", **extra_context)


def ids_of(id_list: str | None) -> frozenset[int]:
    return frozenset(int(pk) for pk in id_list.split(",")) if id_list else frozenset()


class LimitedTextField(models.TextField):
    """Free text with a limit that validation enforces (a TextField only hints it to forms)."""

    def __init__(self, *args: Any, max_length: int, **kwargs: Any) -> None:
        kwargs.setdefault("validators", [MaxLengthValidator(max_length)])
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)


class DataKind(models.TextChoices):
    """Kinds of client information a consent or legal basis can cover."""

    CONCERN = "concern", _("Concerns")
    MEETING = "meeting", _("Meeting records")
    PLAN = "plan", _("Plan: goals, actions and views")
    NOTE = "note", _("Notes")
    EPISODE = "episode", _("Services received and their next steps")
    REFERRAL = "referral", _("Referrals")


class SubmissionKey(models.Model):
    """A create form's one-time key: the second submit of the same form finds the first result."""

    key = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    kind = models.CharField(max_length=50)
    object_id = models.BigIntegerField()
    # Where the form was sent and what it held: the same key with other content, or to another
    # page, is not a double submit.
    digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class PeriodicJob(models.Model):
    """A periodic task and the last period it was enqueued for (core/scheduler.py)."""

    task = models.CharField(max_length=200, unique=True)
    last_slot = models.BigIntegerField(default=-1)
    last_enqueued_at = models.DateTimeField(null=True)


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
