"""Checking the logs from outside: rows against checkpoints, checkpoints against the key and
the witnesses. Reads the rows once, in id order, a batch at a time."""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature

from . import integrity, keys
from .models import Checkpoint, LogRow
from .sealing import LOGS
from .witness import witnesses


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)  # tampering found
    notes: list[str] = field(default_factory=list)  # facts, and lags that are not tampering
    rows: dict[str, int] = field(default_factory=dict)
    pending: dict[str, int] = field(default_factory=dict)
    checkpoints: int = 0

    @property
    def intact(self) -> bool:
        return not self.problems


def _checkpoints(result: Verification) -> list[dict[str, Any]]:
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


def _witnessed(result: Verification) -> None:
    """Every witnessed checkpoint is in the database as it was witnessed."""
    stored = {c.seq: (c.body, c.signature) for c in Checkpoint.objects.all()}
    for witness in witnesses():
        try:
            held = list(witness.checkpoints())
        except OSError as error:
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
        newest = max((c["seq"] for c in held), default=0)
        if stored and max(stored) > newest:
            result.notes.append(f"{witness.name} holds checkpoints up to {newest} of "
                                f"{max(stored)} (it catches up at the next seal)")


def _rows(model: type[LogRow]) -> Iterator[LogRow]:
    return model._default_manager.order_by("id").iterator(chunk_size=5000)


def _log(result: Verification, name: str, model: type[LogRow],
         bodies: list[dict[str, Any]]) -> None:
    """Each checkpoint's rows, counted and hashed; every row's MAC; what is left is pending."""
    label = model._meta.verbose_name
    rows = _rows(model)
    row = next(rows, None)
    total = forged = 0
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
    pending = 0
    while row is not None:
        forged += not integrity.mac_is_valid(row)
        pending += 1
        row = next(rows, None)
    if forged:
        result.problems.append(f"{label}: {forged} rows do not carry a valid MAC (written "
                               "outside Moti, or edited)")
    result.rows[name] = total + pending
    result.pending[name] = pending


def verify_logs() -> Verification:
    result = Verification()
    bodies = _checkpoints(result)
    _witnessed(result)
    for name, model in LOGS.items():
        _log(result, name, model, bodies)
    return result
