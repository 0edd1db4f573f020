from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from moti.audit.keys import new_key_pem


class Command(BaseCommand):
    help = "Make the Ed25519 key pair that signs log checkpoints (MOTI_LOG_SIGNING_KEY_FILE)."

    def add_arguments(self, parser):
        parser.add_argument("private", help="where to write the private key (PEM, mode 600)")
        parser.add_argument("public", help="where to write the public key (PEM)")

    def handle(self, *args, private, public, **options):
        private_path, public_path = Path(private), Path(public)
        if private_path.exists():
            raise CommandError(f"{private_path} exists; a key is never overwritten")
        private_pem, public_pem = new_key_pem()
        private_path.touch(mode=0o600)
        private_path.write_bytes(private_pem)
        public_path.write_bytes(public_pem)
        self.stdout.write(f"private key: {private_path}\npublic key: {public_path}")
