from django.core.management.base import BaseCommand

from moti.audit.sealing import seal_pending


class Command(BaseCommand):
    help = "Seal the log rows pending now in a signed checkpoint (the worker does it every few " \
           "seconds; this is for operators and tests)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true",
                            help="Seal even the rows written in the last seconds.")

    def handle(self, *args, all=False, **options):
        import datetime

        sealed = 0
        while checkpoint := seal_pending(grace=datetime.timedelta(0) if all else None):
            sealed += 1
            self.stdout.write(f"checkpoint {checkpoint.seq} stored and witnessed")
        if not sealed:
            self.stdout.write("nothing to seal")
