import json

from django.core.management.base import BaseCommand, CommandError

from moti.audit.evidence import evidence_problems


class Command(BaseCommand):
    help = "Check a client's log evidence file (from the log report) with its public key alone."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        with open(path, encoding="utf-8") as file:
            bundle = json.load(file)
        problems = evidence_problems(bundle)
        if problems:
            raise CommandError("; ".join(problems))
        sealed = sum(not row.get("pending") for row in bundle["rows"])
        self.stdout.write(self.style.SUCCESS(
            f"{sealed} rows proven by signed checkpoints, "
            f"{len(bundle['rows']) - sealed} not sealed yet"))
