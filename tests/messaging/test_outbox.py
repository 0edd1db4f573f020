"""The outbox: one delivery per key, retries with backoff, a failure that stays visible, and a
worker killed mid-send (a real process, SIGKILL) whose message is still delivered once."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.utils import timezone

from moti.messaging.models import Channel, OutboxMessage
from moti.messaging.services import Letter, deliver_due, outbox_purge, outbox_put

ROOT = Path(django_settings.BASE_DIR)


def _letter(n: int, channel: str = Channel.SMS, **extra) -> Letter:
    fields = {"key": f"test:{n}", "channel": channel, "recipient": f"Vastaanottaja {n}",
              "address": "+999 40 000 0000" if channel == Channel.SMS else "a@example.fi",
              "language": "fi", "subject": f"Aihe {n}", "body": f"Viesti {n}",
              "thread": "team:1", "topic": "meeting:1", "recipient_ref": f"participant:{n}"}
    return Letter(**{**fields, **extra})


@pytest.fixture
def outbox_dir(settings, tmp_path):
    settings.MOTI_OUTBOX_DIR = str(tmp_path / "outbox")
    settings.MOTI_LETTER_DIR = str(tmp_path / "outbox" / "letters")
    settings.EMAIL_BACKEND = "moti.messaging.channels.EmlFileBackend"
    return tmp_path / "outbox"


@pytest.mark.django_db
def test_the_same_key_is_queued_once_and_a_message_without_channel_not_at_all():
    assert outbox_put([_letter(1), _letter(1), _letter(2, channel=Channel.NONE)]) == 1
    assert outbox_put([_letter(1)]) == 0  # the same news again (a double submit, a rerun)
    assert list(OutboxMessage.objects.values_list("key", flat=True)) == ["test:1"]


@pytest.mark.django_db
def test_delivery_writes_each_channel_once_by_its_key(outbox_dir):
    outbox_put([_letter(1), _letter(2, channel=Channel.EMAIL, calendar=""),
                _letter(3, channel=Channel.LETTER, address="Puijonkatu 1",
                        html="<p>Tervetuloa tapaamiseen</p>")])
    assert deliver_due() == 3
    assert deliver_due() == 0  # nothing is due twice
    files = sorted(p.relative_to(outbox_dir).as_posix() for p in outbox_dir.rglob("*")
                   if p.is_file())
    assert files == ["email/test_2.eml", "letters/test_3.pdf", "sms/test_1.txt"]
    assert (outbox_dir / "letters/test_3.pdf").read_bytes().startswith(b"%PDF")
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    # Delivered again (as a retry after a crash would): the same file, not a second message.
    message = OutboxMessage.objects.get(key="test:1")
    from moti.messaging.channels import send
    send(message)
    assert len(list((outbox_dir / "sms").iterdir())) == 1


@pytest.mark.django_db
def test_a_refused_message_is_retried_with_backoff_then_marked_failed(settings, outbox_dir):
    settings.MOTI_SMS_BACKEND = "tests.messaging.backends.RefusingSmsBackend"
    settings.MOTI_OUTBOX_MAX_ATTEMPTS = 3
    outbox_put([_letter(1)])
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert deliver_due() == 0
        message = OutboxMessage.objects.get()
        assert (message.status, message.attempts) == ("queued", 1)
        assert message.next_attempt_at == start + datetime.timedelta(minutes=1)
        assert "SMS provider unreachable" in message.last_error
        assert deliver_due() == 0 and OutboxMessage.objects.get().attempts == 1  # not yet due
        clock.shift(datetime.timedelta(minutes=1))
        deliver_due()
        message = OutboxMessage.objects.get()
        assert message.attempts == 2
        assert message.next_attempt_at == timezone.now() + datetime.timedelta(minutes=2)
        clock.shift(datetime.timedelta(minutes=2))
        deliver_due()
        message = OutboxMessage.objects.get()
        assert (message.status, message.attempts) == ("failed", 3)  # never silently dropped
        clock.shift(datetime.timedelta(days=1))
        assert deliver_due() == 0 and OutboxMessage.objects.get().attempts == 3


@pytest.mark.django_db
def test_a_claimed_message_is_not_sent_by_a_second_worker_until_its_lease_runs_out(outbox_dir):
    outbox_put([_letter(1)])
    now = timezone.now()
    # A worker claimed the row and died before sending or marking it.
    OutboxMessage.objects.update(status="sending", attempts=1, next_attempt_at=now
                                 + datetime.timedelta(seconds=300))
    assert deliver_due(now=now) == 0
    assert deliver_due(now=now + datetime.timedelta(seconds=301)) == 1
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == ("sent", 2)


@pytest.mark.django_db
def test_sent_messages_are_removed_after_their_retention(settings):
    settings.MOTI_OUTBOX_RETENTION_DAYS = 90
    outbox_put([_letter(1), _letter(2)])
    OutboxMessage.objects.filter(key="test:1").update(
        status="sent", created_at=timezone.now() - datetime.timedelta(days=91))
    assert outbox_purge() == 1
    assert list(OutboxMessage.objects.values_list("key", flat=True)) == ["test:2"]


def _manage(env, *args, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=ROOT, text=True,
                          capture_output=True, timeout=120, **kwargs)


def test_a_worker_killed_mid_send_leaves_each_message_delivered_exactly_once(tmp_path):
    """A real worker process takes the first message, hands it to the provider, and is killed
    (SIGKILL) before it can mark it sent. A new worker delivers everything once the dead one's
    lease runs out: three messages, three deliveries, the first one not twice."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_ALLOW")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path}/moti.sqlite3", MOTI_VAR_DIR=str(tmp_path),
               MOTI_OUTBOX_DIR=str(tmp_path / "outbox"), MOTI_OUTBOX_LEASE_SECONDS="2",
               MOTI_OUTBOX_RETRY_SECONDS="1", MOTI_LOG_SEAL_SECONDS="3600",
               MOTI_SMS_BACKEND="tests.messaging.backends.StallingSmsBackend",
               DJANGO_SETTINGS_MODULE="moti.settings")
    env.pop("LOG_DATABASE_URL", None)
    for args in (("migrate", "-v0"), ("migrate", "--database", "log", "-v0")):
        assert _manage(env, *args).returncode == 0
    queued = _manage(env, "shell", "-v0", "-c", (
        "from django.db import transaction\n"
        "from moti.messaging.services import Letter, outbox_put\n"
        "with transaction.atomic():\n"
        "    print(outbox_put([Letter(key=f'kill:{n}', channel='sms', recipient='R',"
        " address='+999 40 000 0000', language='fi', subject='S', body=f'Viesti {n}',"
        " thread='team:1', topic='meeting:1') for n in range(3)]))\n"))
    assert queued.stdout.strip() == "3", queued.stderr
    sms = tmp_path / "outbox" / "sms"
    worker = subprocess.Popen([sys.executable, "manage.py", "worker", "--interval", "0.2"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (sms.exists() and any(sms.glob("*.txt"))):
            assert worker.poll() is None and time.monotonic() < deadline, "nothing was sent"
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    assert len(list(sms.glob("*.txt"))) == 1  # handed over, never marked sent
    time.sleep(2.5)  # the dead worker's lease runs out
    env["MOTI_SMS_BACKEND"] = "moti.messaging.channels.FileSmsBackend"
    done = _manage(env, "worker", "--once")
    assert done.returncode == 0, done.stderr
    report = _manage(env, "shell", "-v0", "-c", (
        "from moti.messaging.models import OutboxMessage as M\n"
        "print(sorted(M.objects.values_list('key', 'status', 'attempts')))"))
    rows = eval(report.stdout.strip())  # noqa: S307 (our own print of a list of tuples)
    assert [status for _, status, _ in rows] == ["sent"] * 3, report.stdout
    assert sum(attempts for _, _, attempts in rows) == 4  # the killed one was tried twice
    assert sorted(p.name for p in sms.glob("*.txt")) == [f"kill_{n}.txt" for n in range(3)]
    assert not list(sms.glob(".*"))  # no half-written file left behind


@pytest.mark.django_db
def test_each_claim_gets_a_whole_lease_from_when_it_is_claimed(settings, outbox_dir):
    """A long batch must not hand out claims that are already expired (a second worker would
    then send the same message)."""
    from tests.messaging.backends import SlowSmsBackend

    settings.MOTI_SMS_BACKEND = "tests.messaging.backends.SlowSmsBackend"
    settings.MOTI_OUTBOX_LEASE_SECONDS = 300
    settings.MOTI_OUTBOX_BATCH_SECONDS = 3600
    outbox_put([_letter(n) for n in range(3)])
    SlowSmsBackend.leases = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        SlowSmsBackend.clock = clock
        assert deliver_due() == 3
    assert SlowSmsBackend.leases == [datetime.timedelta(seconds=300)] * 3


@pytest.mark.django_db
def test_only_the_current_claim_records_how_the_send_went(settings, outbox_dir):
    settings.MOTI_SMS_BACKEND = "tests.messaging.backends.OvertakenSmsBackend"
    outbox_put([_letter(1)])
    deliver_due()
    message = OutboxMessage.objects.get()
    # The late failure left the row to the worker that holds it now.
    assert (message.status, message.claim, message.last_error) == (
        "sending", "another-worker", "")


@pytest.mark.django_db
def test_a_message_whose_sender_keeps_dying_is_marked_not_delivered(settings, outbox_dir):
    settings.MOTI_OUTBOX_MAX_ATTEMPTS = 3
    outbox_put([_letter(1)])
    OutboxMessage.objects.update(status="sending", attempts=3,
                                 next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    assert deliver_due() == 0
    message = OutboxMessage.objects.get()
    assert message.status == "failed" and "3" in message.last_error
    assert not (outbox_dir / "sms").exists()


@pytest.mark.django_db
def test_newer_news_replaces_what_was_not_yet_sent(settings, outbox_dir):
    """The provider was down for the invitation; the meeting was then cancelled. Only the
    cancellation is delivered: never the invitation after it."""
    settings.MOTI_SMS_BACKEND = "tests.messaging.backends.RefusingSmsBackend"
    outbox_put([_letter(1, key="meeting:1:participant:1:seq:0", body="Kutsu")])
    deliver_due()
    settings.MOTI_SMS_BACKEND = "moti.messaging.channels.FileSmsBackend"
    outbox_put([_letter(1, key="meeting:1:participant:1:seq:1", body="PERUTTU")])
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        assert deliver_due() == 1
    assert dict(OutboxMessage.objects.values_list("key", "status")) == {
        "meeting:1:participant:1:seq:0": "superseded", "meeting:1:participant:1:seq:1": "sent"}
    assert [p.read_text().split("\n\n")[1].strip() for p in (outbox_dir / "sms").iterdir()] \
        == ["PERUTTU"]


@pytest.mark.django_db
def test_a_batch_yields_the_worker_and_queues_the_rest(settings, outbox_dir):
    """Delivery and log sealing share the worker's queue: a batch past its time hands the rest
    to a new task behind whatever waits (the sealing), instead of holding the worker."""
    from django_tasks_db.models import DBTaskResult

    settings.MOTI_OUTBOX_BATCH_SECONDS = 0
    outbox_put([_letter(n) for n in range(3)])
    queued = DBTaskResult.objects.filter(task_path__endswith="deliver_outbox").count()
    assert deliver_due() == 1
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_outbox").count() \
        == queued + 1
    assert deliver_due() == 1 and deliver_due() == 1
