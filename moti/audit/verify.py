"""Checking the logs from outside: rows against checkpoints, checkpoints against the key and
the witnesses. Reads the rows once, in id order, a batch at a time.

Time matters too: rows should be sealed, and checkpoints witnessed, within the max seal lag
(`MOTI_LOG_MAX_SEAL_LAG_SECONDS`). Rows left unsealed longer, a checkpoint that sealed rows
older than that, and a witness lacking checkpoints older than that are problems: each is how
changing rows before their seal, or re-sealing changed rows, would look.
"""

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from django.db.models import Count
from django.utils import timezone

from . import integrity, keys
from .models import Checkpoint, LogRow
from .sealing import LOGS, max_seal_lag
from .witness import Unreadable, witnesses


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)  # tampering, or what would hide it
    notes: list[str] = field(default_factory=list)  # facts, and lags that are not tampering
    rows: dict[str, int] = field(default_factory=dict)
    pending: dict[str, int] = field(default_factory=dict)
    checkpoints: int = 0

    @property
    def intact(self) -> bool:
        return not self.problems


def sealed_at(body: dict[str, Any]) -> datetime.datetime:
    return datetime.datetime.fromisoformat(body["sealed_at"])


def checked_checkpoints(result: Verification) -> list[dict[str, Any]]:
    """The stored checkpoints, each checked against the key and the one before it."""
    verify_key = keys.verify_key()
    bodies: list[dict[str, Any]] = []
    prev = integrity.GENESIS
    for expected_seq, checkpoint in enumerate(Checkpoint.objects.order_by("seq"), start=1):
        if checkpoint.seq != expected_seq:
            result.problems.append(f"checkpoint {expected_seq} is missing from the database "
                                   f"(the next one stored is {checkpoint.seq})")
            break
        try:
            verify_key.verify(bytes.fromhex(checkpoint.signature), checkpoint.body.encode())
        except (InvalidSignature, ValueError):
            result.problems.append(f"checkpoint {checkpoint.seq} is not signed by the log key "
                                   "(rewritten in the database)")
            break
        body = json.loads(checkpoint.body)
        if body["prev"] != prev or body["seq"] != checkpoint.seq:
            result.problems.append(f"checkpoint {checkpoint.seq} does not follow checkpoint "
                                   f"{checkpoint.seq - 1}")
            break
        prev = integrity.checkpoint_hash(checkpoint.body, checkpoint.signature)
        bodies.append(body)
    result.checkpoints = len(bodies)
    return bodies


def _seconds(delta: datetime.timedelta) -> str:
    return f"{int(delta.total_seconds())} s"


def _span(seqs: list[int]) -> str:
    return f"{seqs[0]}" if len(seqs) == 1 else f"{len(seqs)} between {seqs[0]} and {seqs[-1]}"


def _witnessed(result: Verification, bodies: list[dict[str, Any]],
               now: datetime.datetime) -> None:
    """Every witnessed checkpoint is in the database as it was witnessed, and every witness
    holds every checkpoint older than the max seal lag: a witness file deleted or cut short,
    or a witness left behind, no longer vouches for the log."""
    stored = {c.seq: (c.body, c.signature) for c in Checkpoint.objects.all()}
    recent = {body["seq"] for body in bodies if sealed_at(body) > now - max_seal_lag()}
    for witness in witnesses():
        held: list[dict[str, Any]] = []
        try:
            for entry in witness.checkpoints():
                if isinstance(entry, Unreadable):
                    result.problems.append(f"witness {witness.name}, {entry.where}: "
                                           f"{entry.reason}")
                else:
                    held.append(entry)
        except (OSError, ValueError) as error:
            result.problems.append(f"witness {witness.name} could not be read: {error}")
            continue
        for copy in held:
            mine = stored.get(copy["seq"])
            if mine is None:
                result.problems.append(
                    f"checkpoint {copy['seq']} was witnessed by {witness.name} but is gone "
                    "from the database (the log was truncated or rolled back)")
            elif mine != (copy["body"], copy["signature"]):
                result.problems.append(f"checkpoint {copy['seq']} differs from the copy held "
                                       f"by {witness.name}")
        lacking = sorted(set(stored) - {copy["seq"] for copy in held})
        old = [seq for seq in lacking if seq not in recent]
        if old:
            result.problems.append(
                f"{witness.name} lacks checkpoint {_span(old)} of the database's "
                f"{len(stored)}, sealed more than {_seconds(max_seal_lag())} ago: its copy was "
                "deleted or cut short, or it was left behind (after checking, "
                "`moti witness-backfill` sends them)")
        elif lacking:
            result.notes.append(f"{witness.name} lacks the newest checkpoint {_span(lacking)} "
                                "(it catches up at the next seal)")


def _rows(model: type[LogRow]) -> Iterator[LogRow]:
    return model._default_manager.order_by("id").iterator(chunk_size=5000)


def _copies(result: Verification, label: str, model: type[LogRow]) -> None:
    """Rows copied verbatim, MAC and all, where the unique indexes were dropped: each row's
    nonce is its own, and a copy under another nonce fails its MAC, so a repeated nonce is a
    copy; rows from before nonces repeat their MACs. Each read by its own (unique) index."""
    rows = model._default_manager.order_by()
    among = {"nonce": rows.exclude(nonce=""), "mac": rows.filter(nonce="")}
    repeated = [(key, value, n) for key, found in among.items()
                for value, n in found.values(key).annotate(n=Count("id")).filter(n__gt=1)
                .values_list(key, "n")]
    if repeated:
        key, value, _ = repeated[0]
        ids = list(model._default_manager.filter(**{key: value}).order_by("pk")
                   .values_list("pk", flat=True)[:5])
        result.problems.append(
            f"{label}: {sum(n - 1 for _, _, n in repeated)} rows repeat another row's MAC "
            f"(copied rows; e.g. rows {', '.join(map(str, ids))})")


def _log(result: Verification, name: str, model: type[LogRow],
         bodies: list[dict[str, Any]], now: datetime.datetime) -> None:
    """Each checkpoint's rows, counted and hashed, and sealed in time; every row's MAC; what
    is left is pending, and must be recent."""
    label = str(model._meta.verbose_name)
    lag = max_seal_lag()
    rows = _rows(model)
    row = next(rows, None)
    total = forged = 0
    imported: dict[str, int] = {}
    for body in bodies:
        sealed = body["logs"][name]
        batch: list[LogRow] = []
        while row is not None and row.id <= sealed["to"]:
            if row.id <= sealed["after"]:
                result.problems.append(f"{label}: row {row.id} is in no checkpoint although "
                                       f"checkpoint {body['seq']} seals the rows after it")
            else:
                batch.append(row)
            row = next(rows, None)
        for item in batch:
            forged += not integrity.mac_is_valid(item)
        total += len(batch)
        if len(batch) != sealed["count"] or integrity.merkle_root(batch) != sealed["root"]:
            result.problems.append(
                f"{label}: the rows {sealed['after'] + 1}–{sealed['to']} do not match "
                f"checkpoint {body['seq']} ({len(batch)} rows found, {sealed['count']} sealed): "
                "rows were edited, deleted or added after sealing")
        oldest = min((item.at for item in batch), default=None)
        if body.get("imported"):
            imported[str(body["imported"])] = imported.get(str(body["imported"]), 0) + 1
        elif oldest is not None and sealed_at(body) - oldest > lag:
            result.problems.append(
                f"{label}: checkpoint {body['seq']} sealed rows written "
                f"{_seconds(sealed_at(body) - oldest)} before it, more than the max seal lag "
                f"({_seconds(lag)}): sealed late, after the rows could have been changed (or "
                "the worker was down)")
    for why, count in imported.items():
        result.notes.append(f"{label}: {count} checkpoint(s) seal history imported at once "
                            f"({why}), not rows sealed as they came")
    pending = stale = 0
    while row is not None:
        forged += not integrity.mac_is_valid(row)
        pending += 1
        stale += row.at < now - lag
        row = next(rows, None)
    if forged:
        result.problems.append(f"{label}: {forged} rows do not carry a valid MAC (written "
                               "outside Moti, or edited)")
    if stale:
        result.problems.append(f"{label}: {stale} rows are older than the max seal lag "
                               f"({_seconds(lag)}) and not sealed: the sealing stopped, and "
                               "they can be changed unseen")
    _copies(result, label, model)
    result.rows[name] = total + pending
    result.pending[name] = pending


def verify_logs(*, now: datetime.datetime | None = None) -> Verification:
    now = now or timezone.now()
    result = Verification()
    bodies = checked_checkpoints(result)
    _witnessed(result, bodies, now)
    for name, model in LOGS.items():
        _log(result, name, model, bodies, now)
    return result
