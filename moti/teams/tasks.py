"""Background work of the teams, run by `moti worker`."""

from django_tasks import task

from .reminders import reminders_send


@task()
def send_reminders() -> int:
    """Today's reminders and, on Mondays, the weekly digest (each queued once a day)."""
    return reminders_send()
