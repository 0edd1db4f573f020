from django.core.management.base import BaseCommand

from moti.dpo.retention import retention_run


class Command(BaseCommand):
    help = "Pseudonymise or remove records past their retention time (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only report what is due.")

    def handle(self, *args, dry_run=False, **options):
        report = retention_run(dry_run=dry_run)
        verb = "would be" if dry_run else "were"
        self.stdout.write(f"{len(report.pseudonymised)} clients {verb} pseudonymised; "
                          f"{len(report.concerns_removed)} concerns without a team {verb} "
                          "removed.")
