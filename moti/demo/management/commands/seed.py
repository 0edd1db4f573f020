import time

from django.core.management.base import BaseCommand, CommandError

from moti.demo.seed import RealData, Scale, seed


class Command(BaseCommand):
    help = ("Build a believable county on top of the demo region, deterministically, for "
            "benchmarks: --scale demo (the demo region only), county (25,000 clients, 10,000 "
            "professionals, their teams, meetings, actions and two million log rows) or a "
            "number of clients. Refuses a database with real data; runs once. The directory "
            "grows with the scale (county: 5,000 services, 3,000 service points); "
            "--directory-people N makes everyone in it N, adding people who do not sign in.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="demo")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--directory-people", type=int, default=0,
                            help="People in the directory in all, e.g. 20000 for the "
                                 "benchmark (default: the scale's professionals).")

    def handle(self, *args, scale="demo", **options):
        try:
            Scale.of(scale)
        except ValueError as error:
            raise CommandError(str(error)) from error
        started = time.monotonic()
        try:
            counts = seed(scale=scale, seed_value=options["seed"], out=self.stderr,
                          directory_people=options["directory_people"])
        except RealData as error:
            raise CommandError(f"This database holds real data ({error}): not seeding it.") \
                from error
        if not counts:
            self.stdout.write("Nothing to add: the demo region is loaded, and seeded already "
                              "if a scale was asked for.")
            return
        took = time.monotonic() - started
        self.stdout.write(f"Seeded in {took:.0f} s: " + ", ".join(
            f"{n} {what}" for what, n in counts.items()))

