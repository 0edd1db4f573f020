"""Writes to the use log."""

from moti.audit.models import UseLog


def use_log_write(*, user, client_id, action, what, object_id, basis, allowed) -> UseLog:
    return UseLog.objects.create(
        user=user if user.is_authenticated else None, client_id=client_id, action=action,
        what=what, object_id=object_id, basis=basis, allowed=allowed,
    )


def use_log_write_many(*, user, client_ids, what, basis) -> None:
    UseLog.objects.bulk_create(
        UseLog(user=user, client_id=cid, action=UseLog.Action.READ, what=what, object_id=cid,
               basis=basis, allowed=True)
        for cid in client_ids
    )
