from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from moti.paths.imports import MAX_FILE_BYTES, MAX_ROWS, ImportRefused, episodes_import, importer


class Command(BaseCommand):
    help = ("Import service episodes from a source system's CSV extract (columns: "
            "docs/paths.md), filed in the register where the professional --by works. The "
            f"whole file is checked first (UTF-8, at most {MAX_FILE_BYTES // 2**20} MB and "
            f"{MAX_ROWS} rows); a malformed file is refused with nothing written. Clients are "
            "matched on their identity code, never created; re-importing updates in place.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The CSV file (';' or ',' separated).")
        parser.add_argument("--by", required=True, metavar="USERNAME",
                            help="The professional importing: rows go to their register.")

    def handle(self, *args, path: Path, by: str, **options):
        try:
            report = episodes_import(path=path, by=importer(by), out=self.stderr)
        except ImportRefused as error:
            raise CommandError(f"Nothing imported: {error}") from error
        for line in report.lines():
            self.stdout.write(line)
