"""Writes to the use log and the disclosure log. A failed log write fails the request."""

from collections.abc import Iterable
from typing import Any

from . import chain
from .models import Basis, DisclosureLog, Operation, UseLog, What


def _user(user: Any) -> Any:
    return user if user is not None and user.is_authenticated else None


def use_log_write(*, user: Any, client_id: int | None, operation: Operation, what: What,
                  object_id: int | None, basis: Basis, allowed: bool,
                  emergency: bool = False) -> UseLog:
    return chain.append(UseLog, [dict(
        user=_user(user), client_id=client_id, operation=operation, what=what,
        object_id=object_id, basis=basis, allowed=allowed, emergency=emergency,
    )])[0]


def use_log_write_many(*, user: Any, client_ids: Iterable[int], what: What,
                       basis: Basis) -> None:
    """One read row per client shown on a list page, in one insert."""
    chain.append(UseLog, [dict(
        user=_user(user), client_id=cid, operation=Operation.READ, what=what, object_id=cid,
        basis=basis, allowed=True,
    ) for cid in client_ids])


def disclosure_log_write(*, user: Any, client_id: int, recipient: str, what: str, basis: str,
                         channel: str) -> DisclosureLog:
    return chain.append(DisclosureLog, [dict(
        user=_user(user), client_id=client_id, recipient=recipient, what=what, basis=basis,
        channel=channel,
    )])[0]
