"""Channel backends that misbehave, for the outbox's tests (named in settings by path)."""

import os
import time

from moti.messaging.channels import FileSmsBackend


class RefusingSmsBackend:
    """A provider that is down."""

    def send(self, *, phone: str, text: str, key: str) -> None:
        raise ConnectionError("SMS provider unreachable")


class StallingSmsBackend(FileSmsBackend):
    """A provider that takes the message and then never answers: the worker is killed while
    it waits, after the message was handed over and before the row was marked sent."""

    def send(self, *, phone: str, text: str, key: str) -> None:
        super().send(phone=phone, text=text, key=key)
        time.sleep(float(os.environ.get("STALL_SECONDS", "60")))


class SlowSmsBackend(FileSmsBackend):
    """Each send takes 200 s of the (travelling) clock, and notes the lease its row had."""

    clock = None  # a time_machine traveller, set by the test
    leases: list = []

    def send(self, *, phone: str, text: str, key: str) -> None:
        from django.utils import timezone

        from moti.messaging.models import OutboxMessage

        row = OutboxMessage.objects.get(key=key)
        SlowSmsBackend.leases.append(row.next_attempt_at - timezone.now())
        super().send(phone=phone, text=text, key=key)
        SlowSmsBackend.clock.shift(200)


class OvertakenSmsBackend:
    """While this send hangs, its lease runs out and another worker claims the row; then this
    send fails. The late failure must not undo what the other worker does with the row."""

    def send(self, *, phone: str, text: str, key: str) -> None:
        from moti.messaging.models import OutboxMessage

        OutboxMessage.objects.filter(key=key).update(claim="another-worker")
        raise TimeoutError("the provider did not answer")
