"""A list page's use-log append on a seeded county (PostgreSQL): its time and the WAL it
writes, from just after a checkpoint, as a server between checkpoints sees it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moti_bench_county \\
      .venv/bin/python bench/log_append.py [--appends 200] [--rows 50]

Each append is what `access.log_listed` writes for a page of 50 clients (random clients of
the county): one INSERT of 50 rows and its commit, on the log's own connection. The WAL is
read from `pg_current_wal_lsn()` before and after. Appends the rows to the log for real: run
it on a bench database only. Results and what they showed: docs/performance.md ("the log's
unique key").
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for name, value in {"DJANGO_SETTINGS_MODULE": "moti.settings", "DEBUG": "false",
                    "SECRET_KEY": "log-append-not-secret-" * 3}.items():
    os.environ.setdefault(name, value)
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--appends", type=int, default=200)
    parser.add_argument("--rows", type=int, default=50)
    parser.add_argument("--user", default="koordinaattori")
    args = parser.parse_args()

    import django
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connections

    from moti.access.helpers import log_listed
    from moti.audit.models import What
    from moti.clients.models import Client

    log = connections["log"]
    if log.vendor != "postgresql":
        sys.exit("PostgreSQL only: the WAL is PostgreSQL's")
    user = get_user_model().objects.get(username=args.user)
    clients = list(Client.objects.values_list("pk", flat=True))
    pick = random.Random(1)
    log_listed(user, pick.sample(clients, args.rows), what=What.MY_WORK)  # connect, warm
    with log.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        cursor.execute("SELECT pg_current_wal_lsn()")
        start = cursor.fetchone()[0]
        seconds = []
        for _ in range(args.appends):
            shown = pick.sample(clients, args.rows)
            began = time.perf_counter()
            log_listed(user, shown, what=What.MY_WORK)
            seconds.append(time.perf_counter() - began)
        cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s)", [start])
        wal = float(cursor.fetchone()[0])
    print(f"{args.appends} appends of {args.rows} rows: {statistics.median(seconds) * 1000:.2f} ms "
          f"median, p90 {sorted(seconds)[int(len(seconds) * 0.9)] * 1000:.2f} ms, "
          f"{wal / args.appends / 1024:.0f} KB of WAL each")


if __name__ == "__main__":
    main()
