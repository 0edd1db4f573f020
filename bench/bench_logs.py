"""Benchmark: appending to the hash-chained use log, and verifying the whole chain.

Run:  .venv/bin/python bench/bench_logs.py [rows]      (SQLite in a temporary file)
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/moti_bench \
          .venv/bin/python bench/bench_logs.py
Results go to docs/benchmarks.md by hand; machines differ.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moti.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from moti.audit import chain  # noqa: E402
from moti.audit.models import UseLog  # noqa: E402
from moti.audit.services import use_log_write  # noqa: E402


def main(rows: int) -> None:
    call_command("migrate", verbosity=0)
    start_count = UseLog.objects.count()
    started = time.perf_counter()
    for i in range(rows):  # one row per request, as pages write them
        use_log_write(user=None, client_id=i, operation="read", what="client", object_id=i,
                      basis="team_member", allowed=True)
    single = time.perf_counter() - started
    started = time.perf_counter()
    chain.append(UseLog, [dict(user=None, client_id=i, operation="read", what="my_work",
                               object_id=i, basis="team_member", allowed=True)
                          for i in range(rows)])
    bulk = time.perf_counter() - started
    total = UseLog.objects.count()
    started = time.perf_counter()
    problem = chain.verify(UseLog)
    verify = time.perf_counter() - started
    print(f"database: {connection.vendor}; rows before: {start_count}; rows now: {total}")
    print(f"append one at a time: {rows} rows in {single:.2f} s = {rows / single:,.0f} rows/s")
    print(f"append in one batch:  {rows} rows in {bulk:.2f} s = {rows / bulk:,.0f} rows/s")
    print(f"verify-logs: {total} rows in {verify:.2f} s = {total / verify:,.0f} rows/s; "
          f"{'intact' if problem is None else problem.message}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
