from django.core.management.base import BaseCommand, CommandError

from moti.audit.verify import verify_logs


class Command(BaseCommand):
    help = ("Check the use and disclosure logs: every row's MAC, every sealed batch against its "
            "signed checkpoint, that rows are sealed and witnessed in time, and the checkpoints "
            "against the witnesses outside the database.")

    def handle(self, *args, **options):
        result = verify_logs()
        for note in result.notes:
            self.stdout.write(note)
        for name, rows in result.rows.items():
            self.stdout.write(f"{name} log: {rows} rows, {result.pending[name]} not sealed yet")
        self.stdout.write(f"{result.checkpoints} checkpoints")
        if not result.intact:
            for problem in result.problems:
                self.stderr.write(f"PROBLEM: {problem}")
            raise CommandError(f"the audit logs do not verify ({len(result.problems)} problems): "
                               "they were tampered with, or their sealing or witnessing stopped")
        self.stdout.write(self.style.SUCCESS("the logs are intact"))
