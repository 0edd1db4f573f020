"""How a message leaves Moti, one backend per channel, chosen in settings.

Every backend is idempotent by the outbox key: delivering the same row twice (a worker killed
after the provider took the message but before the row was marked sent) leaves one message.
The file backends name their files by the key; SMTP sends a Message-ID made from the key, by
which the receiving side drops the duplicate; an SMS provider is given the key as its client
reference.
"""

import os
from email.mime.text import MIMEText
from email.utils import make_msgid
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.module_loading import import_string
from icalendar import Calendar

from .models import Channel, OutboxMessage


def _write_once(path: Path, data: bytes) -> None:
    """Write a whole file or none (a reader never sees half a message); the same name twice
    replaces the first, so a retried delivery leaves one file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def _file_name(key: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in key)


class EmlFileBackend(BaseEmailBackend):
    """Django e-mail backend for development: each message a `.eml` file named by its outbox
    key in `MOTI_OUTBOX_DIR/email/`, readable by any mail program."""

    def send_messages(self, email_messages):
        folder = Path(settings.MOTI_OUTBOX_DIR) / "email"
        for message in email_messages:
            key = message.extra_headers.get("X-Moti-Outbox", make_msgid())
            _write_once(folder / f"{_file_name(key)}.eml", message.message().as_bytes())
        return len(email_messages)


class SmsBackend(Protocol):
    """A text-message provider: send `text` to `phone`; `key` is the provider's client
    reference, by which it refuses a second message with the same key."""

    def send(self, *, phone: str, text: str, key: str) -> None: ...


class FileSmsBackend:
    """Development SMS: each message a text file in `MOTI_OUTBOX_DIR/sms/`."""

    def send(self, *, phone: str, text: str, key: str) -> None:
        _write_once(Path(settings.MOTI_OUTBOX_DIR) / "sms" / f"{_file_name(key)}.txt",
                    f"To: {phone}\n\n{text}\n".encode())


class LetterQueue(Protocol):
    """Where printed letters go: a print service's queue."""

    def queue(self, *, pdf: bytes, key: str) -> None: ...


class FolderLetterQueue:
    """Letters as PDF files in `MOTI_LETTER_DIR`, for the print service to collect."""

    def queue(self, *, pdf: bytes, key: str) -> None:
        _write_once(Path(settings.MOTI_LETTER_DIR) / f"{_file_name(key)}.pdf", pdf)


def letter_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy: imported when a letter is printed

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def send(message: OutboxMessage) -> None:
    """Hand one message to its channel; raises when the channel refuses it."""
    if message.channel == Channel.EMAIL:
        email = EmailMessage(subject=message.subject, body=message.body,
                             to=[message.address],
                             headers={"X-Moti-Outbox": message.key,
                                      "Message-ID": f"<{_file_name(message.key)}@"
                                                    f"{settings.MOTI_MAIL_DOMAIN}>"})
        if message.calendar:
            part = MIMEText(message.calendar, "calendar", "utf-8")
            # The calendar's own METHOD (parsed: a place may hold any text).
            part.set_param("method", str(Calendar.from_ical(message.calendar)["METHOD"]))
            part.add_header("Content-Disposition", "attachment", filename="invite.ics")
            email.attach(part)
        get_connection(fail_silently=False).send_messages([email])
    elif message.channel == Channel.SMS:
        import_string(settings.MOTI_SMS_BACKEND)().send(
            phone=message.address, text=message.body, key=message.key)
    elif message.channel == Channel.LETTER:
        import_string(settings.MOTI_LETTER_QUEUE)().queue(pdf=letter_pdf(message.html),
                                                          key=message.key)
    else:
        raise ValueError(f"no channel {message.channel!r}")
