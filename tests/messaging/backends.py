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
