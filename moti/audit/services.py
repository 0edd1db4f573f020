"""Writes to the use log and the disclosure log.

Each write is one INSERT through the log's own connection ("log" alias), committed at once and
never part of the request's transaction: a refusal stays logged when the request rolls back,
and no lock outlives the insert. A write that fails raises, and so fails the request.
"""

import datetime
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.utils import timezone

from .integrity import row_mac
from .models import (
    Basis,
    Channel,
    Disclosed,
    DisclosureBasis,
    DisclosureLog,
    LogRow,
    Operation,
    Purpose,
    UseLog,
    What,
    organisation_label,
)


@dataclass(frozen=True)
class Actor:
    """Who acted, as they were at that moment: the log keeps this, not a link to an account."""

    user_id: int | None = None
    name: str = ""
    title: str = ""
    organisation: str = ""
    controller: str = ""
    role: str = ""

    @property
    def organisation_label(self) -> str:
        return organisation_label(self.organisation, self.controller)


SYSTEM = Actor()  # Moti itself: the retention job, the sealing worker


R = TypeVar("R", bound=LogRow)


def nonce() -> str:
    """32 hex digits, unique per row: the moment in milliseconds, then 80 random bits. Random
    enough that no two rows share one; ordered by time, so that the unique index on them takes
    each new row at its end."""
    return f"{time.time_ns() // 1_000_000:012x}{secrets.token_hex(10)}"


def _stamp(row: R, actor: Actor, at: datetime.datetime) -> R:
    row.at = at
    row.user_id, row.user_name = actor.user_id, actor.name
    row.user_title, row.user_organisation = actor.title, actor.organisation
    row.user_controller = actor.controller
    row.user_role = actor.role
    row.nonce = nonce()  # no two rows share a MAC: a copied row stands out
    row.mac = row_mac(row)
    return row


PURPOSES = {Basis.EMERGENCY: Purpose.EMERGENCY, Basis.DPO: Purpose.DPO_REVIEW,
            Basis.RETENTION: Purpose.RETENTION}


def log_rows(rows: Iterable[tuple[Actor, datetime.datetime, R]]) -> list[R]:
    """Rows of history made elsewhere (the seeded county), stamped as the log stamps its own:
    who, when, MAC and nonce; for the caller to insert in bulk and seal as imported."""
    stamped = []
    for actor, at, row in rows:
        if isinstance(row, UseLog) and not row.purpose:
            row.purpose = PURPOSES.get(Basis(row.basis), Purpose.CARE)
        stamped.append(_stamp(row, actor, at))
    return stamped


def use_log_write(*, actor: Actor, client_id: int | None, operation: Operation, what: What,
                  object_id: int | None, basis: Basis, allowed: bool,
                  emergency: bool = False, purpose: Purpose | None = None,
                  description: dict[str, str] | None = None) -> UseLog:
    """One decision: the purpose follows from the basis unless the caller knows better (the
    DPO answering the client's own request)."""
    row = UseLog(client_id=client_id, operation=operation, what=what, object_id=object_id,
                 basis=basis, allowed=allowed, emergency=emergency,
                 purpose=purpose or PURPOSES.get(basis, Purpose.CARE),
                 description=description or {})
    _stamp(row, actor, timezone.now()).save()
    return row


def use_log_write_many(*, actor: Actor, client_ids: Iterable[int], what: What,
                       basis: Basis, operation: Operation = Operation.READ,
                       object_ids: Iterable[int] | None = None) -> None:
    """One row per client in one insert: each client shown on a list page, or changed by one
    action over many teams (`object_ids`: the object written, one per client id given)."""
    now = timezone.now()
    client_ids = list(client_ids)
    objects = list(object_ids) if object_ids is not None else client_ids
    _insert([_stamp(UseLog(client_id=cid, operation=operation, what=what, object_id=oid,
                           basis=basis, allowed=True), actor, now)
             for cid, oid in zip(client_ids, objects, strict=True)])


@dataclass(frozen=True)
class DisclosureRow:
    """What one disclosure-log row says besides who disclosed it and when."""

    client_id: int
    what: Iterable[Disclosed]
    basis: DisclosureBasis
    channel: Channel
    recipient: str = ""
    recipient_organisation: str = ""
    to_client: bool = False
    registers: Iterable[str] = ()
    basis_reference: str = ""

    def row(self) -> DisclosureLog:
        return DisclosureLog(
            client_id=self.client_id, recipient=self.recipient,
            recipient_organisation=self.recipient_organisation, to_client=self.to_client,
            what=",".join(sorted(self.what)), registers=",".join(sorted(self.registers)),
            basis=self.basis, basis_reference=self.basis_reference, channel=self.channel)


def disclosure_log_write(*, actor: Actor, client_id: int, what: Iterable[Disclosed],
                         basis: DisclosureBasis, channel: Channel, recipient: str = "",
                         recipient_organisation: str = "", to_client: bool = False,
                         registers: Iterable[str] = (),
                         basis_reference: str = "") -> DisclosureLog:
    row = DisclosureRow(client_id=client_id, what=what, basis=basis, channel=channel,
                        recipient=recipient, recipient_organisation=recipient_organisation,
                        to_client=to_client, registers=registers,
                        basis_reference=basis_reference).row()
    _stamp(row, actor, timezone.now()).save()
    return row


def disclosure_log_write_many(*, actor: Actor, rows: Iterable[DisclosureRow]) -> None:
    """The disclosures of one page (one per basis it showed items on), in one insert."""
    now = timezone.now()
    _insert([_stamp(row.row(), actor, now) for row in rows])


def _insert(rows: list[R]) -> None:
    """One INSERT for all the rows: a single row as `save` writes it, several by bulk_create
    (whose transaction around its one statement costs two more round trips on SQLite)."""
    if len(rows) == 1:
        rows[0].save()
    elif rows:
        type(rows[0])._default_manager.bulk_create(rows)
