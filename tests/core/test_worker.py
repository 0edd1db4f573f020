"""`moti worker`: the task queue and the periodic jobs, one run of each per period."""

import datetime

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from moti.audit.models import Checkpoint
from moti.core.models import PeriodicJob
from moti.core.scheduler import periodic_enqueue_due
from tests.audit.test_tamper import _write

T0 = datetime.datetime(2026, 11, 23, 12, 0, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_a_periodic_job_is_enqueued_once_per_period_by_any_number_of_workers(settings):
    settings.MOTI_PERIODIC_TASKS = {"moti.audit.tasks.seal_logs": 5}
    assert periodic_enqueue_due(now=T0) == ["moti.audit.tasks.seal_logs"]
    assert periodic_enqueue_due(now=T0 + datetime.timedelta(seconds=1)) == []  # another worker
    assert periodic_enqueue_due(now=T0 + datetime.timedelta(seconds=5)) == [
        "moti.audit.tasks.seal_logs"]
    assert DBTaskResult.objects.count() == 2
    assert PeriodicJob.objects.get().last_slot == int((T0.timestamp() + 5) // 5)


@pytest.mark.django_db(transaction=True)
def test_the_worker_seals_the_logs_in_the_background(settings):
    settings.MOTI_LOG_SEAL_GRACE_SECONDS = 0
    _write(4)
    call_command("worker", once=True)
    checkpoint = Checkpoint.objects.get()
    assert '"count":4' in checkpoint.body
    assert DBTaskResult.objects.get(task_path="moti.audit.tasks.seal_logs").status == "SUCCESSFUL"


@pytest.mark.django_db
def test_the_worker_survives_a_database_error_and_carries_on(monkeypatch):
    """The database went away for a moment: the worker reconnects and goes on, instead of
    leaving the logs unsealed until someone restarts it."""
    import io
    import signal

    from django.db import OperationalError

    from moti.core.management.commands import worker

    calls = []

    def flaky(*, now):
        calls.append(now)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        if len(calls) == 3:
            signal.raise_signal(signal.SIGTERM)  # the worker's own handler: stop after this
        return []

    monkeypatch.setattr(worker, "periodic_enqueue_due", flaky)
    monkeypatch.setattr(worker.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(worker.connections, "close_all", lambda: None)  # keep the test's
    errors = io.StringIO()
    previous = signal.getsignal(signal.SIGTERM)
    try:
        call_command("worker", stderr=errors, stdout=io.StringIO())
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert len(calls) == 3
    assert "OperationalError" in errors.getvalue() and "retrying" in errors.getvalue()
