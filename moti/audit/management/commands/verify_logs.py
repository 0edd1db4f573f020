from django.core.management.base import BaseCommand, CommandError

from moti.audit import chain
from moti.audit.models import DisclosureLog, UseLog


class Command(BaseCommand):
    help = "Check the hash chains of the use log and the disclosure log from the first row."

    def handle(self, *args, **options):
        failed = False
        for model in (UseLog, DisclosureLog):
            name = model._meta.verbose_name
            problem = chain.verify(model)
            if problem:
                failed = True
                self.stderr.write(f"{name}: TAMPERED: {problem.message}")
            else:
                self.stdout.write(f"{name}: intact, {model.objects.count()} rows")
        if failed:
            raise CommandError("the audit logs have been tampered with")
