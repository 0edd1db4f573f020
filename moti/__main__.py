"""The `moti` command: Django's management commands (`moti demo`, `moti verify-logs` …)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moti.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if args and not args[0].startswith("-"):
        # `moti verify-logs` reads better than Django's `verify_logs`; accept both.
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["moti", *args])


if __name__ == "__main__":
    main()
