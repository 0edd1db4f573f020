import json

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from moti.audit.evidence import MalformedEvidence, evidence_problems
from moti.audit.keys import key_id, load_public_key


class Command(BaseCommand):
    help = ("Check a client's log evidence file (from the log report) against Moti's public "
            "key, never against a key inside the file.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--key", metavar="PATH", default="",
                            help="Moti's log verify key (PEM), as the organisation publishes it; "
                                 "default MOTI_LOG_VERIFY_KEY_FILE")

    def handle(self, *args, path, key="", **options):
        key_path = key or settings.MOTI_LOG_VERIFY_KEY_FILE
        if not key_path:
            raise CommandError("give Moti's public log key with --key PATH (or set "
                               "MOTI_LOG_VERIFY_KEY_FILE): a key inside the file proves nothing")
        try:
            trusted = load_public_key(key_path)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        try:
            with open(path, "rb") as file:
                bundle = json.load(file)
        except (OSError, ValueError, RecursionError) as error:
            raise CommandError(f"{path}: not a readable JSON file ({error})") from None
        try:
            problems = evidence_problems(bundle, trusted)
        except MalformedEvidence as error:
            raise CommandError(f"{path} is not a Moti evidence file: {error}") from None
        if problems:
            raise CommandError("; ".join(problems))
        self.stdout.write(self.style.SUCCESS(
            f"{len(bundle['rows'])} rows proven by checkpoints signed with key {key_id(trusted)}"))
