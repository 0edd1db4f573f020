import logging

from django.core.management.base import BaseCommand, CommandError

from moti.audit.models import Checkpoint
from moti.audit.sealing import as_witnessed
from moti.audit.verify import Verification, checked_checkpoints
from moti.audit.witness import Witness, witnesses

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = ("Send a witness every checkpoint it lacks, however old: for a new witness, or one "
            "restored after a loss (the sealer does not, on its own). Only checkpoints whose "
            "chain verifies are sent, and only to a witness whose copies match the database; "
            "run `moti verify-logs` first.")

    def add_arguments(self, parser):
        parser.add_argument("--witness", default="",
                            help="only this witness (its file path or URL); default: all")

    def handle(self, *args, witness="", **options):
        chosen = [w for w in witnesses()
                  if not witness or witness in (w.name, w.name.split(" ", 1)[-1])]
        if not chosen:
            raise CommandError(f"no witness {witness!r} in MOTI_LOG_WITNESSES")
        result = Verification()
        checked_checkpoints(result)
        if result.problems:
            raise CommandError("the checkpoints do not verify, nothing was sent: "
                               + "; ".join(result.problems))
        stored = list(Checkpoint.objects.order_by("seq"))
        for target in chosen:
            try:
                self._backfill(target, stored)
            except (OSError, ValueError) as error:
                raise CommandError(f"{target.name}: {error}") from None

    def _backfill(self, target: Witness, stored: list[Checkpoint]) -> None:
        held = {entry["seq"]: (entry["body"], entry["signature"])
                for entry in target.checkpoints() if isinstance(entry, dict)}
        differing = [c.seq for c in stored
                     if c.seq in held and held[c.seq] != (c.body, c.signature)]
        if differing:
            raise CommandError(f"{target.name} holds other copies of checkpoints {differing}: "
                               "nothing was sent to it (see `moti verify-logs`)")
        sent: list[int] = []
        try:
            for checkpoint in stored:
                if checkpoint.seq not in held:
                    target.record(as_witnessed(checkpoint))
                    sent.append(checkpoint.seq)
        finally:
            if sent:
                logger.warning("witness backfill: an operator sent %s checkpoints (%s to %s) "
                               "to log witness %s", len(sent), sent[0], sent[-1], target.name)
        self.stdout.write(f"{target.name}: sent checkpoints {sent[0]}–{sent[-1]} ({len(sent)})"
                          if sent else f"{target.name}: holds every checkpoint already")
