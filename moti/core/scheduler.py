"""Periodic jobs for the worker: each job runs once per period, however many workers there are.

`MOTI_PERIODIC_TASKS` maps a task's dotted path to its period in seconds. A job's row holds the
last period it was enqueued for; the worker that moves it forward with a conditional UPDATE
enqueues the task, the others see zero rows updated and do nothing.
"""

import datetime

from django.conf import settings
from django.utils.module_loading import import_string

from .models import PeriodicJob


def periodic_enqueue_due(*, now: datetime.datetime) -> list[str]:
    """Enqueue every periodic task whose period has come round; the paths enqueued."""
    enqueued = []
    for path, seconds in settings.MOTI_PERIODIC_TASKS.items():
        slot = int(now.timestamp() // seconds)
        PeriodicJob.objects.get_or_create(task=path)
        if PeriodicJob.objects.filter(task=path, last_slot__lt=slot).update(
                last_slot=slot, last_enqueued_at=now):
            import_string(path).enqueue()
            enqueued.append(path)
    return enqueued
