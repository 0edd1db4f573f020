"""The hash chain shared by the use log and the disclosure log."""

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from .models import ChainedLog, ChainHead

GENESIS = "0" * 64
L = TypeVar("L", bound=ChainedLog)


def _value(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    return value


def row_digest(row: ChainedLog) -> str:
    """SHA-256 over the row's fields in a fixed order, including the previous row's hash."""
    fields = {
        f.attname: _value(getattr(row, f.attname))
        for f in row._meta.concrete_fields if f.attname not in row.UNHASHED
    }
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def append(model: type[L], rows: list[dict[str, Any]]) -> list[L]:
    """Append rows to a log; the head row lock keeps concurrent writers in one chain."""
    if not rows:
        return []
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(
            log=model._meta.label_lower)
        now = timezone.now()
        entries = []
        for fields in rows:
            entry = model(seq=head.seq + 1, at=now, prev_hash=head.row_hash, **fields)
            entry.row_hash = row_digest(entry)
            head.seq, head.row_hash = entry.seq, entry.row_hash
            entries.append(entry)
        model._default_manager.bulk_create(entries)
        head.save(update_fields=["seq", "row_hash"])
    return entries


@dataclass
class Problem:
    seq: int | None
    message: str


def verify(model: type[ChainedLog], *, batch: int = 5000) -> Problem | None:
    """Walk the whole chain; name the first row that was edited, deleted or reordered."""
    expected_prev, expected_seq = GENESIS, 1
    rows = model._default_manager.order_by("seq").iterator(chunk_size=batch)
    for row in rows:
        if row.seq != expected_seq:
            return Problem(expected_seq, f"row {expected_seq} is missing (deleted or reordered);"
                                         f" the chain continues at row {row.seq}")
        if row.prev_hash != expected_prev:
            return Problem(row.seq, f"row {row.seq} does not follow row {row.seq - 1}"
                                    " (a row was deleted, inserted or reordered)")
        if row_digest(row) != row.row_hash:
            return Problem(row.seq, f"row {row.seq} was edited after it was written")
        expected_prev, expected_seq = row.row_hash, row.seq + 1
    head = ChainHead.objects.filter(log=model._meta.label_lower).first()
    last = expected_seq - 1
    if head and (head.seq != last or head.row_hash != expected_prev):
        return Problem(last + 1, f"the log ends at row {last} but {head.seq} rows were written"
                                 " (the tail was truncated)")
    return None
