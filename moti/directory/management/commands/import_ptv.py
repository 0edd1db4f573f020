from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from moti.directory.ptv import PtvFormatError, PtvPageError, ptv_import


class Command(BaseCommand):
    help = ("Import organisations, services and service points from the national service "
            "catalogue (PTV): PATH is a PTV API list page (JSON) or a folder of them. Every "
            "file is checked before anything is written; re-importing updates in place.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A JSON file or a folder of JSON files.")

    def handle(self, *args, path: Path, **options):
        try:
            report = ptv_import(paths=[path], out=self.stderr)
        except PtvFormatError as error:
            raise CommandError(f"Nothing imported: {error}") from error
        except PtvPageError as error:
            self._write(error.report.lines())
            raise CommandError(f"Import stopped at {error}; that page was not saved, the pages "
                               "before it were (listed above).") from error
        self._write(report.lines())

    def _write(self, lines: list[str]) -> None:
        for line in lines:
            self.stdout.write(line)
