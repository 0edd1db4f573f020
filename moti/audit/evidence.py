"""Evidence a client can keep: their log rows with inclusion proofs against signed checkpoints.

A row sealed by checkpoint n is proven to be among the rows whose Merkle root checkpoint n
signs; a row not yet sealed is marked pending. Anyone with the public key can check the bundle
(`moti verify-evidence FILE`), without Moti's database.
"""

import bisect
import json
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization

from . import integrity, keys
from .models import Checkpoint, LogRow
from .sealing import LOGS

LOG_NAMES = {model: name for name, model in LOGS.items()}


def evidence_bundle(rows: Sequence[LogRow]) -> dict[str, Any]:
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
    return {"public_key": public.decode(),
            "checkpoints": [{"seq": c.seq, "body": c.body, "signature": c.signature}
                            for c in sorted(used.values(), key=lambda c: c.seq)],
            "rows": items}


def evidence_problems(bundle: dict[str, Any]) -> list[str]:
    """What in a bundle does not hold; empty when every sealed row is proven."""
    key = serialization.load_pem_public_key(bundle["public_key"].encode())
    problems, roots = [], {}
    for checkpoint in bundle["checkpoints"]:
        try:
            key.verify(bytes.fromhex(checkpoint["signature"]),  # type: ignore[union-attr,call-arg]
                       checkpoint["body"].encode())
        except (InvalidSignature, ValueError):
            problems.append(f"checkpoint {checkpoint['seq']} is not signed by this key")
            continue
        roots[checkpoint["seq"]] = json.loads(checkpoint["body"])["logs"]
    for number, item in enumerate(bundle["rows"], start=1):
        if item.get("pending"):
            continue
        logs = roots.get(item["checkpoint"])
        if logs is None or not integrity.leaf_proof_holds(
                item["leaf"].encode(), item["proof"], logs[item["log"]]["root"]):
            problems.append(f"row {number} is not proven by checkpoint {item['checkpoint']}")
    return problems
