"""Writes to the use log and the disclosure log. A failed log write fails the request."""

from . import chain
from .models import DisclosureLog, UseLog


def _user(user):
    return user if user is not None and user.is_authenticated else None


def use_log_write(*, user, client_id, action, what, object_id, basis, allowed,
                  emergency: bool = False) -> UseLog:
    return chain.append(UseLog, [dict(
        user=_user(user), client_id=client_id, action=action, what=what, object_id=object_id,
        basis=basis, allowed=allowed, emergency=emergency,
    )])[0]


def use_log_write_many(*, user, client_ids, what, basis) -> None:
    chain.append(UseLog, [dict(
        user=_user(user), client_id=cid, action=UseLog.Action.READ, what=what, object_id=cid,
        basis=basis, allowed=True,
    ) for cid in client_ids])


def disclosure_log_write(*, user, client_id, recipient, what, basis, channel) -> DisclosureLog:
    return chain.append(DisclosureLog, [dict(
        user=_user(user), client_id=client_id, recipient=recipient, what=what, basis=basis,
        channel=channel,
    )])[0]
