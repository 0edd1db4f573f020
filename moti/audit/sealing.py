"""Sealing: the worker covers the rows logged since the last checkpoint with a new one.

Rows are sealed a few seconds after they are written (`MOTI_LOG_SEAL_GRACE_SECONDS`): the
newest row old enough fixes the upper end of the batch, and every row up to it is sealed, so a
row whose id was taken just before it committed is never skipped. A checkpoint holds, for each
log, the id range it seals, the number of rows and their Merkle root; it names the previous
checkpoint's hash and is signed. After it is stored, every witness is brought up to date.

Rows should not wait for their seal longer than `MOTI_LOG_MAX_SEAL_LAG_SECONDS`: unsealed
rows can be changed unseen. verify-logs reports rows older than that still unsealed, and
checkpoints that sealed rows older than that; the sealer sends no witness such old history on
its own (`moti witness-backfill` does, when an operator decides to).
"""

import datetime
import json
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone

from . import integrity, keys
from .models import Checkpoint, DisclosureLog, LogRow, UseLog
from .router import LOG
from .witness import witnesses

logger = logging.getLogger(__name__)

LOGS: dict[str, type[LogRow]] = {"use": UseLog, "disclosure": DisclosureLog}
MAX_BATCH = 10_000


def max_seal_lag() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.MOTI_LOG_MAX_SEAL_LAG_SECONDS)


def checkpoint_body(checkpoint: Checkpoint) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(checkpoint.body)
    return body


def as_witnessed(checkpoint: Checkpoint) -> dict[str, Any]:
    return {"seq": checkpoint.seq, "body": checkpoint.body, "signature": checkpoint.signature}


def oldest_row_at(body: dict[str, Any]) -> datetime.datetime | None:
    """When the oldest row that a checkpoint seals was written."""
    written = [model._default_manager.filter(pk__gt=sealed["after"], pk__lte=sealed["to"])
               .aggregate(oldest=Min("at"))["oldest"]
               for name, model in LOGS.items() if (sealed := body["logs"][name])["count"]]
    return min((at for at in written if at is not None), default=None)


def _sealed_up_to(last: Checkpoint | None) -> dict[str, int]:
    if last is None:
        return dict.fromkeys(LOGS, 0)
    logs = checkpoint_body(last)["logs"]
    return {name: logs[name]["to"] for name in LOGS}


def _batch(model: type[LogRow], after: int, cutoff: datetime.datetime) -> tuple[list[LogRow], int]:
    """The rows to seal after id `after`, and the last id the batch covers."""
    newest = (model._default_manager.filter(pk__gt=after, at__lte=cutoff).order_by("-pk")
              .values_list("pk", flat=True).first())
    if newest is None:
        return [], after
    rows = list(model._default_manager.filter(pk__gt=after, pk__lte=newest)
                .order_by("id")[:MAX_BATCH])
    return rows, (rows[-1].id if len(rows) == MAX_BATCH else newest)


def seal_pending(*, now: datetime.datetime | None = None,
                 grace: datetime.timedelta | None = None,
                 imported: str = "") -> Checkpoint | None:
    """Seal what is pending in one checkpoint; None if nothing was (or another worker did).

    `imported`: the rows are history brought in at once (the seeded county), sealed long after
    they were written by design; the signed body says so and by whom, and verify-logs notes it
    instead of reporting the lateness.
    """
    now = now or timezone.now()
    if grace is None:
        grace = datetime.timedelta(seconds=settings.MOTI_LOG_SEAL_GRACE_SECONDS)
    signer = keys.signing_key()
    try:
        with transaction.atomic(using=LOG):
            last = Checkpoint.objects.order_by("-seq").first()
            done = _sealed_up_to(last)
            batches = {name: _batch(model, done[name], now - grace)
                       for name, model in LOGS.items()}
            if not any(rows for rows, _ in batches.values()):
                return None
            body = {
                "seq": (last.seq if last else 0) + 1,
                "sealed_at": now.astimezone(datetime.UTC).isoformat(),
                "prev": integrity.checkpoint_hash(last.body, last.signature) if last
                else integrity.GENESIS,
                "key": keys.key_id(signer.public_key()),
                "logs": {name: {"after": done[name], "to": upto, "count": len(rows),
                                "root": integrity.merkle_root(rows)}
                         for name, (rows, upto) in batches.items()},
                **({"imported": imported} if imported else {}),
            }
            text = integrity.canonical(body).decode()
            checkpoint = Checkpoint.objects.create(
                seq=int(str(body["seq"])), body=text, signature=signer.sign(text.encode()).hex())
    except IntegrityError:
        return None  # another worker sealed the same batch first
    witnesses_sync(now=now)
    return checkpoint


def witnesses_sync(*, now: datetime.datetime | None = None) -> None:
    """Send every witness the checkpoints it does not hold yet, oldest first.

    Not one that seals rows older than the max seal lag: a witness that lacks it was emptied,
    replaced or left behind, or the rows were rewritten and sealed afresh, and sending it would
    make the witness vouch for history it never saw. That witness waits for an operator's
    `moti witness-backfill`; verify-logs reports it behind meanwhile.
    """
    limit = (now or timezone.now()) - max_seal_lag()
    for witness in witnesses():
        try:
            held = witness.latest_seq()
            for checkpoint in Checkpoint.objects.filter(seq__gt=held).order_by("seq"):
                body = checkpoint_body(checkpoint)
                oldest = oldest_row_at(body)
                if oldest is not None and oldest < limit and not body.get("imported"):
                    logger.error(
                        "log witness %s holds checkpoints up to %s; checkpoint %s seals rows "
                        "from %s, older than the max seal lag, so it is not sent on its own: "
                        "check `moti verify-logs`, then `moti witness-backfill`",
                        witness.name, held, checkpoint.seq, oldest.isoformat())
                    break
                witness.record(as_witnessed(checkpoint))
        except (OSError, ValueError) as error:  # the next seal tries again
            logger.error("log witness %s unreachable: %s", witness.name, error)
