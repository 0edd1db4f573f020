"""What the pages show of the outbox: each recipient's latest message about a topic."""

from .models import OutboxMessage


def outbox_latest_by_recipient(*, topic: str) -> dict[str, OutboxMessage]:
    """recipient_ref → the latest message about `topic` (one query)."""
    latest: dict[str, OutboxMessage] = {}
    for message in (OutboxMessage.objects.filter(topic=topic).order_by("id")
                    .only("recipient_ref", "channel", "status", "attempts", "last_error",
                          "sent_at", "created_at", "key")):
        latest[message.recipient_ref] = message
    return latest


def outbox_failed_count(*, thread: str) -> int:
    return OutboxMessage.objects.filter(thread=thread,
                                        status=OutboxMessage.Status.FAILED).count()
