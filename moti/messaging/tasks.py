"""Background work of the outbox, run by `moti worker`."""

from django_tasks import task

from .services import deliver_due, outbox_purge


@task()
def deliver_outbox() -> int:
    """Deliver what is due (enqueued when messages are queued, and periodically for retries)."""
    return deliver_due()


@task()
def purge_outbox() -> int:
    return outbox_purge()
