"""Evidence a client can keep: their log rows with inclusion proofs against signed checkpoints.

A row sealed by checkpoint n is proven to be among the rows whose Merkle root checkpoint n
signs; a row not yet sealed is marked pending, and is not proven. Anyone with Moti's public
key, obtained from the organisation and not from the file, can check the bundle (`moti
verify-evidence FILE --key PEM`) without Moti's database: a key inside the file would prove
only that whoever wrote the file had a key.
"""

import bisect
import datetime
import json
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from . import integrity, keys
from .models import Checkpoint, LogRow
from .sealing import LOGS, seal_pending

LOG_NAMES = {model: name for name, model in LOGS.items()}


class MalformedEvidence(ValueError):
    """The file is not an evidence bundle as Moti writes one."""


def _seal_pending_now() -> None:
    """Seal every row written so far, so that the bundle proves all it can; skipped where this
    process has no signing key (the worker then seals the rows within seconds)."""
    try:
        keys.signing_key()
    except ImproperlyConfigured:
        return
    now = timezone.now()
    while seal_pending(now=now, grace=datetime.timedelta(0)):
        pass


def evidence_bundle(rows: Sequence[LogRow]) -> dict[str, Any]:
    _seal_pending_now()
    checkpoints = list(Checkpoint.objects.order_by("seq"))
    bodies = [json.loads(c.body) for c in checkpoints]
    used: dict[int, Checkpoint] = {}
    trees: dict[tuple[str, int], list[LogRow]] = {}
    items = []
    for row in rows:
        name = LOG_NAMES[type(row)]
        ends = [body["logs"][name]["to"] for body in bodies]
        at = bisect.bisect_left(ends, row.id)
        item: dict[str, Any] = {"log": name, "leaf": integrity.leaf(row).decode()}
        if at == len(bodies):
            item["pending"] = True
        else:
            body, checkpoint = bodies[at], checkpoints[at]
            sealed = body["logs"][name]
            if (name, checkpoint.seq) not in trees:
                trees[name, checkpoint.seq] = list(type(row)._default_manager.filter(
                    pk__gt=sealed["after"], pk__lte=sealed["to"]).order_by("id"))
            batch = trees[name, checkpoint.seq]
            index = next(i for i, sealed_row in enumerate(batch) if sealed_row.id == row.id)
            item |= {"checkpoint": checkpoint.seq,
                     "proof": integrity.inclusion_proof(batch, index)}
            used[checkpoint.seq] = checkpoint
        items.append(item)
    public = keys.verify_key().public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
    return {"public_key": public.decode(),  # for reference only: verifiers bring their own
            "checkpoints": [{"seq": c.seq, "body": c.body, "signature": c.signature}
                            for c in sorted(used.values(), key=lambda c: c.seq)],
            "rows": items}


KINDS = {int: "a number", str: "text", list: "a list", dict: "an object"}


def _require(entry: Any, where: str, **fields: type) -> None:
    """MalformedEvidence unless `entry` is an object with these fields, of these types."""
    if not isinstance(entry, dict):
        raise MalformedEvidence(f"{where} is not an object")
    for name, kind in fields.items():
        value = entry.get(name)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise MalformedEvidence(f"{where}: {name!r} is missing or not {KINDS[kind]}")


def _check_shape(bundle: Any) -> None:
    _require(bundle, "the file", checkpoints=list, rows=list)
    for number, checkpoint in enumerate(bundle["checkpoints"], start=1):
        _require(checkpoint, f"checkpoint entry {number}", seq=int, body=str, signature=str)
    for number, item in enumerate(bundle["rows"], start=1):
        _require(item, f"row {number}", log=str, leaf=str)
        if item.get("pending") is not True:
            _require(item, f"row {number}", checkpoint=int, proof=dict)


def evidence_problems(bundle: Any, key: Ed25519PublicKey) -> list[str]:
    """What in a bundle is not proven with the trusted `key`; empty when every row is.

    A checkpoint counts only if `key` signed it and it names that key; a pending row is not
    proven. MalformedEvidence if the bundle is not one at all.
    """
    _check_shape(bundle)
    trusted = keys.key_id(key)
    problems: list[str] = []
    roots: dict[int, Any] = {}
    for checkpoint in bundle["checkpoints"]:
        seq = checkpoint["seq"]
        try:
            key.verify(bytes.fromhex(checkpoint["signature"]), checkpoint["body"].encode())
        except (InvalidSignature, ValueError):
            problems.append(f"checkpoint {seq} is not signed by the trusted key")
            continue
        body = json.loads(checkpoint["body"])  # signed with the trusted key: Moti wrote it
        if body.get("key") != trusted:
            problems.append(f"checkpoint {seq} names key {body.get('key')}, not the trusted "
                            f"key {trusted}")
        elif body.get("seq") != seq:
            problems.append(f"checkpoint entry {seq} holds checkpoint {body.get('seq')}")
        else:
            roots[seq] = body["logs"]
    for number, item in enumerate(bundle["rows"], start=1):
        if item.get("pending") is True:
            problems.append(f"row {number} is not proven: it was not sealed yet when the "
                            "evidence was made")
            continue
        sealed = roots.get(item["checkpoint"], {}).get(item["log"], {})
        if not integrity.leaf_proof_holds(item["leaf"].encode(), item["proof"],
                                          str(sealed.get("root", ""))):
            problems.append(f"row {number} is not proven by checkpoint {item['checkpoint']}")
    return problems
