"""Background work that decides who may see what, run by `moti worker`."""

from django_tasks import task

from moti.paths.watch import transitions_alert

from .visibility import seers


@task()
def watch_transitions() -> int:
    """Tell the lead and the coordinators of each transition newly at risk who may see it
    (once each)."""
    return transitions_alert(sees=seers)
