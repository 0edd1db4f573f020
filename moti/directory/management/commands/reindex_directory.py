"""`moti reindex-directory`: rebuild the directory's search entries from the entries."""

from django.core.management.base import BaseCommand
from django.db import transaction

from moti.directory import search
from moti.directory.models import Agreement, Organisation, Person, Service, ServicePoint


class Command(BaseCommand):
    help = ("Rebuild the directory's search entries (words and filters) from the directory, "
            "e.g. after a bulk load that bypassed the directory's services.")

    def handle(self, *args, **options):
        for model in (Organisation, Service, ServicePoint, Person, Agreement):
            # One kind at a time in a transaction: searches see the old entries or the new.
            with transaction.atomic():
                count = search.index_all(model)
            self.stdout.write(f"{model._meta.verbose_name_plural}: {count}")
