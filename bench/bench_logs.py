"""Benchmark: the use log's cost per row, sealing and verifying, and logged pages under load.

Run:  .venv/bin/python bench/bench_logs.py                         (SQLite, temporary files)
      .venv/bin/python bench/bench_logs.py --database postgres     (a scratch PostgreSQL db)
Options: --rows N (part 1), --workers 1,2,4 --users 8 --requests 400 (part 2).

1. In one process: append rows one at a time (one INSERT each, as a page does), in a batch
   (as a list page does), seal them, verify them. The MAC is timed on its own: it is the
   chain's cost per logged request (the rest is the INSERT any log would need).
2. Under gunicorn with 1, 2 and 4 workers: 8 signed-in users read a client page (one use-log
   row per request) as fast as they can; requests per second and p50/p95.
Results go to docs/benchmarks.md by hand; machines differ.
"""

import argparse
import http.cookiejar
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432/moti_bench"


def environment(database: str, scratch: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DJANGO_SETTINGS_MODULE="moti.settings", MOTI_VAR_DIR=str(scratch / "var"),
               DATABASE_URL=PG if database == "postgres"
               else f"sqlite:///{scratch}/bench.sqlite3",
               MOTI_REQUIRE_2FA="false")
    return env


def prepare(env: dict[str, str], database: str) -> None:
    if database == "postgres":
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists",
                        "moti_bench"], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "moti_bench"],
                       check=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate"], ["migrate", "--database", "log"], ["demo"]):
        if "log" in command and not (ROOT / "moti" / "audit" / "router.py").exists():
            continue  # an older checkout of Moti, with the log in the main database
        subprocess.run([*manage, *command, "-v0"], env=env, check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)


def part_one(env: dict[str, str], rows: int) -> None:
    """Runs in a child process with the environment set (Django set up once there)."""
    code = f"""
import datetime, time, django
django.setup()
from moti.audit import integrity
from moti.audit.models import Basis, Operation, UseLog, What
from moti.audit.sealing import seal_pending
from moti.audit.services import Actor, use_log_write, use_log_write_many
from moti.audit.verify import verify_logs
actor = Actor(user_id=1, name="Riikka Heikkinen", title="asiakaskoordinaattori",
              organisation="Pohjois-Savon hyvinvointialue")
n = {rows}
def one(i):
    use_log_write(actor=actor, client_id=i, operation=Operation.READ, what=What.PLAN,
                  object_id=i, basis=Basis.MEMBER, allowed=True)
start = time.perf_counter()
for i in range(n):
    one(i)
single = time.perf_counter() - start
row = UseLog.objects.order_by("-id").first()
start = time.perf_counter()
for _ in range(n):
    integrity.row_mac(row)
mac = time.perf_counter() - start
start = time.perf_counter()
for chunk in range(0, n, 200):
    use_log_write_many(actor=actor, client_ids=range(chunk, chunk + 200), what=What.MY_WORK,
                       basis=Basis.MEMBER)
batch = time.perf_counter() - start
start = time.perf_counter()
sealed = 0
while checkpoint := seal_pending(grace=datetime.timedelta(0)):
    sealed += 1
seal = time.perf_counter() - start
start = time.perf_counter()
result = verify_logs()
verify = time.perf_counter() - start
total = UseLog.objects.count()
print(f"append, one INSERT per row : {{n / single:8.0f}} rows/s "
      f"({{1000 * single / n:.2f}} ms/row)")
print(f"  of which the MAC         : {{1e6 * mac / n:8.1f}} µs/row")
print(f"append, 200 rows per INSERT: {{n / batch:8.0f}} rows/s")
print(f"seal ({{sealed}} checkpoints)     : {{total / seal:8.0f}} rows/s")
print(f"verify-logs                : {{total / verify:8.0f}} rows/s  intact={{result.intact}}")
"""
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=ROOT)


class Session:
    def __init__(self, base: str):
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.jar = jar

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                                  NoRedirect)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""

    def sign_in(self, username: str, password: str) -> None:
        self.get("/accounts/login/")
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        data = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base + "/accounts/login/", data=data,
                                         headers={"Referer": self.base + "/accounts/login/"})
        try:
            self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            assert error.code == 302, error.code


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def part_two(env: dict[str, str], workers: int, users: int, requests: int) -> None:
    port = free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "moti.wsgi:application", "--workers",
         str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env={**env, "DEBUG": "false", "SECRET_KEY": "bench-" * 10, "SECURE_SSL_REDIRECT":
             "false", "SECURE_COOKIES": "false", "ALLOWED_HOSTS": "127.0.0.1",
             "CONN_MAX_AGE": "60"}, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        sessions = [Session(base) for _ in range(users)]
        for session in sessions:
            session.sign_in("koordinaattori", "moti-demo-2026")
        home = sessions[0].get("/")[1]
        clients = sorted(set(re.findall(r'href="/clients/(\d+)/"', home)))
        latencies: list[float] = []
        errors = []
        each = requests // users

        def run(n: int) -> None:
            for i in range(each):
                start = time.perf_counter()
                status, _ = sessions[n].get(f"/clients/{clients[(n + i) % len(clients)]}/")
                latencies.append(time.perf_counter() - start)
                if status != 200:
                    errors.append(status)

        threads = [threading.Thread(target=run, args=(n,)) for n in range(users)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        latencies.sort()
        p95 = latencies[int(len(latencies) * 0.95)]
        print(f"{workers} worker(s), {users} users: {len(latencies) / elapsed:6.1f} req/s, "
              f"p50 {1000 * statistics.median(latencies):6.1f} ms, p95 {1000 * p95:6.1f} ms, "
              f"errors {len(errors)}")
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--pages-only", action="store_true",
                        help="Only part 2 (for comparing with an older checkout of Moti).")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="moti-bench-"))
    try:
        env = environment(args.database, scratch)
        prepare(env, args.database)
        if not args.pages_only:
            print(f"== {args.database}: the log in one process ({args.rows} rows)")
            part_one(env, args.rows)
        print(f"== {args.database}: a logged page under gunicorn")
        for workers in (int(w) for w in args.workers.split(",")):
            part_two(env, workers, args.users, args.requests)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
