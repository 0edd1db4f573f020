"""Background work of the teams, run by `moti worker`."""

from django_tasks import task

from . import triage
from .reminders import reminders_send


@task()
def send_reminders() -> int:
    """Today's reminders and, on Mondays, the weekly digest (each queued once a day)."""
    return reminders_send()


@task()
def recount_triage() -> int:
    """Count again the teams whose kept triage counts went stale (a write, the clock)."""
    return triage.recount()
