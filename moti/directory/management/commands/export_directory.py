import json
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand

from moti.directory import hsds


class Command(BaseCommand):
    help = ("Write the whole directory as one Open Referral HSDS 3.1 JSON document: an API page "
            "(HSDS defines no other way to put many records in one file) whose contents are "
            "every organization fully nested, with its services in full. To stdout, or --output.")

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="the file to write (replaced whole)")

    def handle(self, *args, output=None, **options):
        text = json.dumps(hsds.directory_export(), ensure_ascii=False, indent=2) + "\n"
        if not output:
            self.stdout.write(text, ending="")
            return
        target = Path(output)
        # Written beside it and renamed: a reader never meets a half-written file.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
