from django.core.management.base import BaseCommand

from moti.demo.loader import demo_load


class Command(BaseCommand):
    help = "Load the demo region (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        logins = demo_load(stdout=self.stdout)
        passwords = sorted({password for _, password, _ in logins})
        width = max(len(username) for username, _, _ in logins)
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(
            f"Demo logins (password: {', '.join(passwords)})"))
        for username, _password, who in logins:
            self.stdout.write(f"  {username:<{width}}  {who}")
        self.stdout.write("  Every other professional signs in as first.last with the same "
                          "password.")
