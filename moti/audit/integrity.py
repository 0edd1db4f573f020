"""What makes the logs tamper-evident: a MAC on every row, Merkle roots over sealed batches,
and Ed25519 signatures on the checkpoints.

- A row's **MAC** (HMAC-SHA256 with a key derived from SECRET_KEY, which the database never
  holds) is written with the row: a row forged in the database does not carry a valid one.
- A **leaf** is the row's canonical JSON, its id included; a checkpoint's **root** is the
  Merkle root (RFC 9162 hashing, by pymerkle) over the leaves of the rows it seals, in id order.
- A **checkpoint** is canonical JSON signed with an Ed25519 key from a file or the environment
  (`keys.py`); it names the previous checkpoint's hash, so checkpoints form a chain.
"""

import datetime
import hashlib
import hmac
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db.models import Model
from pymerkle import InclusionProof, InmemoryTree, verify_inclusion

from .models import LogRow

GENESIS = "0" * 64
_MAC_SALT = b"moti.audit.row-mac"


def _value(value: object) -> object:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    return value


def canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str).encode()


EMPTY: tuple[object, ...] = (None, "", {}, [])


def row_content(row: Model) -> dict[str, Any]:
    """The row's fields as the MAC and the leaf see them (the MAC itself left out).

    Empty values are left out too, so that a column added later (empty in the rows written
    before it) changes neither their MACs nor their leaves: the log's schema may grow.
    """
    content = {field.attname: _value(getattr(row, field.attname))
               for field in row._meta.concrete_fields if field.attname != "mac"}
    return {name: value for name, value in content.items() if value not in EMPTY}


def _mac_key(secret: str) -> bytes:
    return hmac.new(secret.encode(), _MAC_SALT, hashlib.sha256).digest()


def row_mac(row: LogRow, *, secret: str | None = None) -> str:
    """HMAC of the row's content without its id (the database gives the id on insert)."""
    content = row_content(row)
    content.pop("id", None)
    key = _mac_key(secret or settings.SECRET_KEY)
    return hmac.new(key, canonical(content), hashlib.sha256).hexdigest()


def mac_is_valid(row: LogRow) -> bool:
    """Checked against SECRET_KEY and its fallbacks, so that a key rotation keeps old rows."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(hmac.compare_digest(row_mac(row, secret=secret), row.mac) for secret in secrets)


def leaf(row: LogRow) -> bytes:
    return canonical({**row_content(row), "mac": row.mac})


def merkle_tree(rows: Iterable[LogRow]) -> InmemoryTree:
    tree = InmemoryTree(algorithm="sha256")
    for row in rows:
        tree.append_entry(leaf(row))
    return tree


def merkle_root(rows: Sequence[LogRow]) -> str:
    if not rows:
        return ""
    return merkle_tree(rows).get_root().hex()


def inclusion_proof(rows: Sequence[LogRow], index: int) -> dict[str, Any]:
    """A proof that `rows[index]` is among the sealed rows whose root the checkpoint signs."""
    proof = merkle_tree(rows).prove_inclusion(index + 1)
    return dict(proof.serialize())


def leaf_proof_holds(data: bytes, proof: dict[str, Any], root: str) -> bool:
    """Whether `proof` shows the leaf `data` under the Merkle root `root`."""
    try:
        verify_inclusion(InmemoryTree(algorithm="sha256").hash_buff(data),
                         bytes.fromhex(root), InclusionProof.deserialize(proof))
    except Exception:  # pymerkle raises InvalidProof, or ValueError on a malformed proof
        return False
    return True


def checkpoint_hash(body: str, signature: str) -> str:
    return hashlib.sha256(f"{body}\n{signature}".encode()).hexdigest()
