"""Background work of the client's path, run by `moti worker`."""

from django_tasks import task

from .watch import transitions_alert


@task()
def watch_transitions() -> int:
    """Tell the lead and the coordinators of each transition newly at risk (once each)."""
    return transitions_alert()
