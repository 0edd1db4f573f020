"""Background work of the logs, run by `moti worker`."""

from django_tasks import task

from .sealing import seal_pending


@task()
def seal_logs() -> int | None:
    """Seal what was logged since the last checkpoint; the checkpoint's number, or None."""
    checkpoint = seal_pending()
    return checkpoint.seq if checkpoint else None
