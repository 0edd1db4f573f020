"""Queue messages in the outbox and deliver them: retries with backoff, one delivery per key."""

import datetime
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import channels
from .models import Channel, OutboxMessage


@dataclass(frozen=True)
class Letter:
    """One message as it is queued: who, by which channel, and what it says."""

    key: str
    channel: str
    recipient: str
    address: str
    language: str
    subject: str
    body: str
    thread: str
    topic: str
    recipient_ref: str = ""
    html: str = ""
    calendar: str = ""


def outbox_put(letters: list[Letter]) -> int:
    """Queue messages, in the caller's transaction; a key already queued is left as it is (the
    same news is told once). Sends nothing: the worker does, after the caller commits. The
    number of messages newly queued."""
    letters = list({letter.key: letter for letter in letters
                    if letter.channel != Channel.NONE}.values())
    if not letters:
        return 0
    now = timezone.now()
    known = set(OutboxMessage.objects.filter(key__in=[m.key for m in letters])
                .values_list("key", flat=True))
    new = [OutboxMessage(next_attempt_at=now, **letter.__dict__)
           for letter in letters if letter.key not in known]
    # Newer news replaces what a recipient has not yet been sent about the same thing: an
    # invitation still waiting for a provider is never delivered after its cancellation.
    stale = Q()
    for message in new:
        if message.recipient_ref:
            stale |= Q(topic=message.topic, recipient_ref=message.recipient_ref)
    if stale:
        OutboxMessage.objects.filter(stale, status__in=[
            OutboxMessage.Status.QUEUED, OutboxMessage.Status.FAILED]).update(
            status=OutboxMessage.Status.SUPERSEDED)
    OutboxMessage.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        from .tasks import deliver_outbox

        transaction.on_commit(deliver_outbox.enqueue)
    return len(new)


def _backoff(attempts: int) -> datetime.timedelta:
    """1, 2, 4 … minutes after each failure, at most six hours."""
    return datetime.timedelta(minutes=min(2 ** (attempts - 1), 360))


def deliver_due(*, now: datetime.datetime | None = None, limit: int = 200) -> int:
    """Deliver the messages that are due; the number sent.

    Each row is claimed by a conditional UPDATE that commits before anything is sent, so two
    workers never send the same row at once. The claim is a lease that starts when the row is
    claimed (`next_attempt_at` moved past the send's longest time) and carries a token: a row
    whose worker died mid-send becomes due again and is retried, the channel's idempotency by
    key makes that retry deliver nothing twice, and only the holder of the current claim may
    record how the send went. A row whose sender died MOTI_OUTBOX_MAX_ATTEMPTS times is marked
    not delivered instead of being tried for ever. A batch yields the worker after
    MOTI_OUTBOX_BATCH_SECONDS (sealing the logs runs in the same queue) and queues the rest.
    """
    def clock() -> datetime.datetime:
        return now if now is not None else timezone.now()

    lease = datetime.timedelta(seconds=settings.MOTI_OUTBOX_LEASE_SECONDS)
    most = settings.MOTI_OUTBOX_MAX_ATTEMPTS
    started = time.monotonic()

    def due() -> Q:
        return Q(status__in=[OutboxMessage.Status.QUEUED, OutboxMessage.Status.SENDING],
                 next_attempt_at__lte=clock())

    OutboxMessage.objects.filter(due(), attempts__gte=most).update(
        status=OutboxMessage.Status.FAILED,
        last_error=_("The sender stopped while sending it, %(n)s times.") % {"n": most})
    sent = tried = 0
    for pk in list(OutboxMessage.objects.filter(due()).order_by("next_attempt_at", "id")
                   .values_list("pk", flat=True)[:limit]):
        if tried and time.monotonic() - started > settings.MOTI_OUTBOX_BATCH_SECONDS:
            from .tasks import deliver_outbox

            deliver_outbox.enqueue()  # the rest after what waits in the queue
            break
        token = uuid.uuid4().hex
        if not OutboxMessage.objects.filter(due(), pk=pk, attempts__lt=most).update(
                status=OutboxMessage.Status.SENDING, attempts=F("attempts") + 1, claim=token,
                next_attempt_at=clock() + lease):
            continue  # another worker has it, or it was replaced meanwhile
        tried += 1
        mine = OutboxMessage.objects.filter(pk=pk, claim=token)
        message = mine.get()
        try:
            channels.send(message)
        except Exception as error:  # any refusal: SMTP, a provider, a letter that cannot print
            failed = message.attempts >= most
            mine.update(
                status=OutboxMessage.Status.FAILED if failed else OutboxMessage.Status.QUEUED,
                next_attempt_at=clock() + _backoff(message.attempts),
                last_error=f"{type(error).__name__}: {error}"[:1000])
            continue
        sent += mine.update(status=OutboxMessage.Status.SENT, sent_at=timezone.now(),
                            last_error="")
    return sent


def outbox_purge(*, now: datetime.datetime | None = None) -> int:
    """Remove messages past their retention (MOTI_OUTBOX_RETENTION_DAYS): what they said is in
    the records they were about; the outbox keeps no copy longer than delivery needs."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.MOTI_OUTBOX_RETENTION_DAYS)
    removed, _ = OutboxMessage.objects.filter(
        status__in=[OutboxMessage.Status.SENT, OutboxMessage.Status.FAILED],
        created_at__lt=cutoff).delete()
    return removed
