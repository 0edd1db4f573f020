"""Retention: remove or pseudonymise expired records, and log what was done."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from moti.access.models import Consent
from moti.audit.models import Basis, Operation, What
from moti.audit.services import SYSTEM, use_log_write
from moti.clients.models import PSEUDONYM, Client, register_item_models
from moti.core.dates import years_before
from moti.paths.models import ReferralStep
from moti.teams.models import Concern, Team


@dataclass
class RetentionReport:
    pseudonymised: list[int] = field(default_factory=list)
    concerns_removed: list[int] = field(default_factory=list)


def _years_ago(today: datetime.date, years: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(years_before(today, years),
                                                         datetime.time.min))


def expired_clients(*, today: datetime.date) -> QuerySet[Client]:
    """Clients whose every team closed before the cut-off, with no newer concern or team."""
    cutoff = _years_ago(today, settings.MOTI_RETENTION["closed_client_years"])
    open_or_recent = Team.objects.filter(client=OuterRef("pk")).filter(
        Q(status=Team.Status.OPEN) | Q(closed_at__gte=cutoff))
    recent_concern = Concern.objects.filter(client=OuterRef("pk"), created_at__gte=cutoff)
    return (Client.objects.annotate(last_closed=Max("teams__closed_at"))
            .filter(last_closed__lt=cutoff)
            .exclude(Exists(open_or_recent)).exclude(Exists(recent_concern))
            .exclude(first_name=PSEUDONYM))


def expired_concerns(*, today: datetime.date) -> QuerySet[Concern]:
    cutoff = _years_ago(today, settings.MOTI_RETENTION["unconvened_concern_years"])
    return Concern.objects.filter(created_at__lt=cutoff, team__isnull=True)


@transaction.atomic
def retention_run(*, today: datetime.date | None = None, dry_run: bool = False
                  ) -> RetentionReport:
    """Pseudonymise expired clients (structure kept for figures), remove stale concerns."""
    today = today or timezone.localdate()
    report = RetentionReport(
        pseudonymised=list(expired_clients(today=today).values_list("pk", flat=True)),
        concerns_removed=list(expired_concerns(today=today).values_list("pk", flat=True)),
    )
    if dry_run:
        return report
    ids = report.pseudonymised
    Client.objects.filter(pk__in=ids).update(
        first_name=PSEUDONYM, last_name=PSEUDONYM, identity_code=None, street_address="",
        postal_code="", phone="")
    # Every register item's free text, as each model declares it: a new kind of item is
    # covered by declaring its texts (tests/dpo check that every text field is declared).
    for model in register_item_models():
        model._default_manager.filter(**{f"{model.client_path}__in": ids}).update(
            **model.client_texts)
    ReferralStep.objects.filter(referral__client_id__in=ids).update(note="")
    Consent.objects.filter(team__client_id__in=ids).update(witness="", statute_text="")
    removed = Concern.objects.filter(pk__in=report.concerns_removed)
    removed_clients = dict(removed.values_list("pk", "client_id"))
    removed.delete()
    for client_id in ids:
        use_log_write(actor=SYSTEM, client_id=client_id, operation=Operation.WRITE,
                      what=What.RETENTION, object_id=client_id, basis=Basis.RETENTION,
                      allowed=True)
    for concern_id, client_id in removed_clients.items():
        use_log_write(actor=SYSTEM, client_id=client_id, operation=Operation.WRITE,
                      what=What.RETENTION, object_id=concern_id, basis=Basis.RETENTION,
                      allowed=True)
    return report
