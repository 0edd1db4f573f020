"""The outbox: every message Moti sends (e-mail, SMS, printed letter) is first a row here.

A row is written in the same transaction as the change it tells about, so a message is never
lost nor sent for a change that rolled back; its unique key is the unit of delivery: the same
news to the same person is queued once, however often the code that queues it runs.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")
    LETTER = "letter", _("Printed letter")
    NONE = "none", _("Not through Moti")


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not delivered")
        SUPERSEDED = "superseded", _("Replaced by newer news")

    key = models.CharField(max_length=200, unique=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    recipient = models.CharField(max_length=200)  # the name the message is addressed to
    address = models.TextField()  # e-mail address, phone number or postal address
    language = models.CharField(max_length=5)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    html = models.TextField(blank=True)  # a letter's page, rendered to PDF when delivered
    calendar = models.TextField(blank=True)  # an iCalendar attachment (RFC 5545)
    # What the message is about, for the pages that show delivery: "team:12", "meeting:40",
    # "participant:301". Plain references: the outbox knows no domain model.
    thread = models.CharField(max_length=50, db_index=True)
    topic = models.CharField(max_length=50, db_index=True)
    recipient_ref = models.CharField(max_length=50, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    # When the row is next due: the next retry, or, while being sent, the end of the sender's
    # lease (a worker killed mid-send leaves its row due again when the lease runs out).
    next_attempt_at = models.DateTimeField()
    claim = models.CharField(max_length=32, blank=True)  # the current sender's token
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return self.key
