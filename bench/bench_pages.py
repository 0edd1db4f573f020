"""Benchmark: every main page of Moti against the stack's own floor, at demo and county scale.

Run:  make bench                      (SQLite and PostgreSQL, demo and county scale)
      .venv/bin/python bench/bench_pages.py --database sqlite --scale demo   (one target)
Options: --requests N (per page and user count), --users 1,8, --workers 2, --scale-out,
         --fresh (seed again instead of reusing var/bench/<database>-<scale>),
         --stale-triage (every team's kept triage counts stale, as just after midnight);
         MOTI_BENCH_DATABASE=name: the PostgreSQL databases' prefix (default moti_bench).

Moti runs under gunicorn (2 workers, DEBUG off, persistent connections) against a database
seeded by `moti seed --scale …` (kept in var/bench/ between runs; migrated on reuse). The
client signs in as a real user would, with the password and a TOTP code from an enrolled
device, and drives each page at 1 and then 8 concurrent users. Every page request alternates
with a request for the **floor**: a signed-in page that shows nothing, through the same
middleware, session, second factor and database (`/bench/floor/`, MOTI_BENCH only). Pages are
reported as ratios to the floor measured in the same run, so the machine's speed cancels out.

Per page: p50/p95/p99 at 1 and 8 users, the ratios, throughput, errors, SQL queries (the
`X-Moti-Queries` header, every database alias counted) and the response size; then mixed
throughput at 8 users against the floor's own. `--scale-out` (PostgreSQL) serves one signed-in
session from two app processes on two ports alternately, and measures a logged page with 1, 2
and 4 workers. Results print as Markdown and go to var/bench/results-<target>.json.
"""

import argparse
import datetime
import hashlib
import hmac
import http.client
import json
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PASSWORD = "moti-demo-2026"
DEVICES = 64  # TOTP devices enrolled per bench user: each signed-in browser uses its own,
# since a code is accepted once per device and time step
TARGETS = {"p50_1": 4.0, "p95_8": 6.0, "mixed": 0.30, "queries": 15, "kb": 100}


# --- The server and its database -------------------------------------------------------------

PREFIX = os.environ.get("MOTI_BENCH_DATABASE", "moti_bench")  # PostgreSQL: <prefix>_<scale>


def environment(database: str, scale: str) -> dict[str, str]:
    folder = VAR / f"{database}-{scale}"
    folder.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="moti.settings", MOTI_VAR_DIR=str(folder / "var"),
        DATABASE_URL=(f"postgres://postgres@127.0.0.1:5432/{PREFIX}_{scale}"
                      if database == "postgres" else f"sqlite:///{folder}/moti.sqlite3"),
        DEBUG="false", SECRET_KEY="bench-not-secret-" * 4, ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false", SECURE_HSTS_SECONDS="0",
        MOTI_BENCH="true", MOTI_REQUIRE_2FA="true", CONN_MAX_AGE="60",
        MOTI_LOG_SIGNING_KEY_FILE=str(folder / "var" / "log-signing-key.pem"),
        MOTI_LOOKUP_LIMIT="100000")
    return env


def manage(env: dict[str, str], *args: str, quiet: bool = True) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,
                          check=True, text=True, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL if quiet else None)
    return done.stdout


def prepare(database: str, scale: str, fresh: bool,
            stale_triage: bool = False) -> tuple[dict[str, str], dict]:
    """The seeded database (made once, migrated on reuse) and what the pages are about."""
    env = environment(database, scale)
    folder = VAR / f"{database}-{scale}"
    marker = folder / "seeded"
    if fresh or not marker.exists():
        marker.unlink(missing_ok=True)
        if database == "postgres":
            for command in ("dropdb", "createdb"):
                subprocess.run([command, "-h", "127.0.0.1", "-U", "postgres",
                                *(["--if-exists"] if command == "dropdb" else []),
                                f"{PREFIX}_{scale}"], check=True)
        else:
            for name in ("moti.sqlite3", "moti-log.sqlite3"):
                (folder / name).unlink(missing_ok=True)
        for stale in (folder / "var").glob("*"):
            stale.unlink()
        (folder / "var").mkdir(exist_ok=True)
        manage(env, "log_key", env["MOTI_LOG_SIGNING_KEY_FILE"],
               str(folder / "var" / "log-verify-key.pem"))
        manage(env, "migrate", "-v0")
        manage(env, "migrate", "--database", "log", "-v0")
        started = time.monotonic()
        print(manage(env, "seed", "--scale", scale, quiet=False).strip())
        (folder / "seed-seconds").write_text(f"{time.monotonic() - started:.0f}")
        marker.write_text(datetime.datetime.now().isoformat())
    else:
        manage(env, "migrate", "-v0")
        manage(env, "migrate", "--database", "log", "-v0")
    keep_triage(env, stale_triage)
    facts = json.loads(manage(env, "shell", "-v0", "-c", FACTS).strip().splitlines()[-1])
    return env, facts


def keep_triage(env: dict[str, str], stale: bool) -> None:
    """The triage's kept counts as the worker keeps them (every minute): counted now, so the
    pages measure the steady state; or all stale, so the pages count every team themselves."""
    manage(env, "shell", "-v0", "-c", "from moti.teams.models import Triage; "
           "Triage.objects.update(counted_at=None)" if stale
           else "from moti.teams import triage; triage.recount()")


# Run inside Moti (manage.py shell): enrol the bench users' TOTP device, and find what the
# pages are about: the busiest coordinator's biggest open team, the busiest client's log.
FACTS = f"""
import json
from django.contrib.auth import get_user_model
from django.db.models import Count
from django_otp.plugins.otp_totp.models import TOTPDevice
from moti.audit.models import UseLog
from moti.teams.models import Meeting, Team
User = get_user_model()
import hashlib
for name in ("koordinaattori", "tietosuoja"):
    user = User.objects.get(username=name)
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=user, name=f"bench {{i}}", confirmed=True, tolerance=2,
                   key=hashlib.sha1(f"bench {{i}}".encode()).hexdigest())
        for i in range({DEVICES}))
coordinator = User.objects.get(username="koordinaattori").person
teams = list(Team.objects.filter(members__person=coordinator, members__is_coordinator=True,
                                 status="open").annotate(n=Count("plan__actions"))
             .order_by("-n").values_list("pk", "client_id")[:400])
busiest = (UseLog.objects.values("client_id").annotate(n=Count("id")).order_by("-n")
           .values_list("client_id", flat=True).first()) or teams[0][1]
meeting = Meeting.objects.filter(team_id=teams[0][0]).order_by("-starts_at").first()
client = teams[0][1]
from moti.clients.models import Client
from moti.teams.invitations import rsvp_token
from moti.teams.models import MeetingParticipant
invitee = MeetingParticipant.objects.filter(meeting=meeting).first() if meeting else None
print(json.dumps({{"teams": [t for t, _ in teams], "client": client,
                  "answer": rsvp_token(invitee) if invitee else None,
                  "meeting": meeting.pk if meeting else None, "busiest": busiest,
                  "search": Client.objects.get(pk=client).last_name[:4],
                  # a row deep in the log: paging there costs what the first page costs
                  "older_row": UseLog.objects.order_by("id").values_list("id", flat=True)[
                      UseLog.objects.count() // 10],
                  "coordinated": Team.objects.filter(members__person=coordinator,
                                                     members__is_coordinator=True).count()}}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, env: dict[str, str], workers: int):
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "moti.wsgi:application", "--workers",
             str(workers), "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
             "--timeout", "120"], env=env, cwd=ROOT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(20)


# --- A signed-in user -------------------------------------------------------------------------

def totp(key_hex: str, at: float | None = None) -> str:
    """RFC 6238, as an authenticator app computes it (SHA-1, 30 s, six digits)."""
    counter = int((at or time.time()) // 30)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


@dataclass
class Response:
    status: int
    body: bytes
    queries: int
    seconds: float
    location: str = ""


_devices: dict[str, int] = {}


def device_key(username: str) -> str:
    """The next of the user's enrolled devices (see FACTS)."""
    index = _devices.get(username, 0) % DEVICES
    _devices[username] = index + 1
    return hashlib.sha1(f"bench {index}".encode()).hexdigest()


class User:
    """One browser: its own cookies, one connection at a time (gunicorn closes after each)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None) -> Response:
        body = urllib.parse.urlencode(data or {}, doseq=True).encode() if data else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        content = answer.read()
        seconds = time.perf_counter() - started
        connection.close()
        for header, value in answer.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Response(answer.status, content, int(answer.getheader("X-Moti-Queries") or 0),
                        seconds, answer.getheader("Location") or "")

    def sign_in(self, username: str) -> None:
        self.request("GET", "/accounts/login/")
        answer = self.request("POST", "/accounts/login/", {
            "username": username, "password": PASSWORD,
            "csrfmiddlewaretoken": self.cookies["csrftoken"]})
        assert answer.status == 302, (username, answer.status)
        verify = self.request("GET", "/accounts/2fa/verify/")
        assert verify.status == 200, verify.status
        for _ in range(3):  # a device whose code of this time step is spent: the next one
            done = self.request("POST", "/accounts/2fa/verify/", {
                "token": totp(device_key(username)),
                "csrfmiddlewaretoken": self.cookies["csrftoken"]})
            if done.status == 302:
                break
        assert done.status == 302, ("2FA", done.status, done.body[-2000:])
        assert self.request("GET", "/bench/floor/").status == 200


# --- Pages -------------------------------------------------------------------------------------

@dataclass
class Page:
    name: str
    who: str  # "koordinaattori" or "tietosuoja"
    call: object  # (User, int) -> Response
    writes: bool = False  # leaves the triage's kept counts of the teams it wrote stale


def _plan_edit(user: User, n: int, teams: list[int]) -> Response:
    team = teams[n % len(teams)]
    form = user.request("GET", f"/teams/{team}/plan/edit/")
    version = re.search(rb'name="version" value="(\d+)"', form.body)
    return user.request("POST", f"/teams/{team}/plan/edit/", {
        "version": version.group(1).decode() if version else "1",
        "client_view": f"Asiakkaan näkemys, tallennettu {n}.", "dissenting_view": "",
        "next_review": "", "csrfmiddlewaretoken": user.cookies.get("csrftoken", "")})


def pages(facts: dict) -> list[Page]:
    teams, team = facts["teams"], facts["teams"][0]
    found = [
        Page("my work", "koordinaattori", lambda u, n: u.request("GET", "/")),
        Page("my actions", "koordinaattori", lambda u, n: u.request("GET", "/my/actions/")),
        Page("my teams", "koordinaattori", lambda u, n: u.request("GET", "/my/teams/")),
        Page("needs attention", "koordinaattori",
             lambda u, n: u.request("GET", "/my/attention/")),
        Page("client", "koordinaattori",
             lambda u, n: u.request("GET", f"/clients/{facts['client']}/")),
        Page("team", "koordinaattori", lambda u, n: u.request("GET", f"/teams/{team}/")),
        Page("plan", "koordinaattori", lambda u, n: u.request("GET", f"/teams/{team}/plan/")),
        Page("plan edit (POST)", "koordinaattori", lambda u, n: _plan_edit(u, n, teams),
             writes=True),
        Page("client search", "koordinaattori", lambda u, n: u.request(
            "POST", "/clients/", {"query": facts["search"],
                                  "csrfmiddlewaretoken": u.cookies.get("csrftoken", "")})),
        Page("member search", "koordinaattori", lambda u, n: u.request(
            "GET", f"/members/search/?q={urllib.parse.quote(facts['search'][:3])}")),
        Page("services and transitions", "koordinaattori",
             lambda u, n: u.request("GET", f"/teams/{team}/services/")),
        Page("transitions at risk", "koordinaattori",
             lambda u, n: u.request("GET", "/transitions/")),
        Page("timeline", "koordinaattori",
             lambda u, n: u.request("GET", f"/teams/{team}/timeline/")),
        Page("incoming referrals", "koordinaattori",
             lambda u, n: u.request("GET", "/referrals/incoming/")),
        Page("figures", "koordinaattori", lambda u, n: u.request("GET", "/figures/")),
        Page("our caseload", "koordinaattori", lambda u, n: u.request("GET", "/my/caseload/")),
        Page("my absences", "koordinaattori", lambda u, n: u.request("GET", "/my/absences/")),
        Page("hand my teams over", "koordinaattori", lambda u, n: u.request(
            "GET", f"/my/handover/?q={urllib.parse.quote(facts['search'][:3])}")),
        Page("team suggestions", "koordinaattori",
             lambda u, n: u.request("GET", f"/teams/{team}/suggestions/")),
        Page("directory search", "koordinaattori", lambda u, n: u.request(
            "GET", f"/directory/?q={('tuki', 'neuvonta', 'asumis', 'velka')[n % 4]}")),
        Page("who decides", "koordinaattori",
             lambda u, n: u.request("GET", "/directory/decisions/?q=tuki")),
        Page("DPO log review", "tietosuoja", lambda u, n: u.request("GET", "/dpo/logs/")),
        Page("DPO log review, older", "tietosuoja", lambda u, n: u.request(
            "GET", f"/dpo/logs/?before={facts['older_row']}")),
        Page("DPO log review, emergency", "tietosuoja", lambda u, n: u.request(
            "GET", "/dpo/logs/?emergency_only=on")),
        Page("DPO log report", "tietosuoja", lambda u, n: u.request(
            "GET", f"/dpo/clients/{facts['busiest']}/log-report/")),
    ]
    if facts.get("meeting"):
        found.insert(5, Page("meeting", "koordinaattori",
                             lambda u, n: u.request("GET", f"/meetings/{facts['meeting']}/")))
    if facts.get("answer"):
        found.append(Page("invitation answer", "koordinaattori", lambda u, n: u.request(
            "GET", f"/invitations/{facts['answer']}/")))
    return found


# --- Measuring ----------------------------------------------------------------------------------

@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    errors: int = 0
    queries: list[int] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    elapsed: float = 0.0

    def add(self, response: Response) -> None:
        self.seconds.append(response.seconds)
        self.queries.append(response.queries)
        self.sizes.append(len(response.body))
        # 302 after a POST is a save; 409 is a conflict shown to the user, not an error.
        if response.status not in (200, 302, 409):
            self.errors += 1

    def pct(self, q: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000 if ordered else 0

    def extend(self, other: "Sample") -> None:
        self.seconds += other.seconds
        self.errors += other.errors
        self.queries += other.queries
        self.sizes += other.sizes
        self.elapsed += other.elapsed

    @property
    def rps(self) -> float:
        return len(self.seconds) / self.elapsed if self.elapsed else 0.0


def run(users: list[User], count: int, page_call, interleave: bool) -> tuple[Sample, Sample]:
    """`count` page requests spread over the users (threads), each followed by a floor request
    when interleaving; returns the page's sample and the floor's."""
    page, floor = Sample(), Sample()
    lock = threading.Lock()
    each = max(1, count // len(users))

    def work(index: int, user: User) -> None:
        for i in range(each):
            answer = page_call(user, index * each + i)
            with lock:
                page.add(answer)
            if interleave:
                answer = user.request("GET", "/bench/floor/")
                with lock:
                    floor.add(answer)

    threads = [threading.Thread(target=work, args=(n, u)) for n, u in enumerate(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    page.elapsed = floor.elapsed = time.perf_counter() - started
    return page, floor


def alternate(users: list[User], count: int, page_call, rounds: int = 4
              ) -> tuple[Sample, Sample]:
    """Concurrent users: bursts of the page and bursts of the floor, in turn. Interleaving
    request by request would put floor requests in the queue behind the page's, and measure
    the page's own slowness into the floor."""
    page, floor = Sample(), Sample()
    for _ in range(rounds):
        page.extend(run(users, count // rounds, page_call, False)[0])
        floor.extend(run(users, count // rounds,
                         lambda u, n: u.request("GET", "/bench/floor/"), False)[0])
    return page, floor


def bench_target(database: str, scale: str, args: argparse.Namespace) -> dict:
    env, facts = prepare(database, scale, args.fresh, args.stale_triage)
    server = Server(env, args.workers)
    try:
        people = {who: [User(server.port) for _ in range(max(args.users))]
                  for who in ("koordinaattori", "tietosuoja")}
        for who, group in people.items():
            for user in group:
                user.sign_in(who)
        result: dict = {"database": database, "scale": scale, "facts": facts, "pages": {}}
        for page in pages(facts):
            if args.pages and not any(word in page.name for word in args.pages):
                continue
            row: dict = {}
            for count in args.users:
                users = people[page.who][:count]
                run(users, min(8, args.requests), page.call, True)  # warm up
                sample, floor = (alternate(users, args.requests * 4, page.call) if count > 1
                                 else run(users, args.requests, page.call, True))
                row[count] = {"p50": sample.pct(0.5), "p95": sample.pct(0.95),
                              "p99": sample.pct(0.99), "rps": sample.rps,
                              "errors": sample.errors,
                              "floor_p50": floor.pct(0.5), "floor_p95": floor.pct(0.95),
                              "queries": max(sample.queries), "kb": max(sample.sizes) / 1024}
            result["pages"][page.name] = row
            print_row(page.name, row, args.users)
            if page.writes:  # the worker's next round, before the next page is measured
                keep_triage(env, args.stale_triage)
        # Mixed: every page in turn at 8 users, against the floor alone at 8 users.
        count = max(args.users)
        calls = pages(facts)
        by_who = {p.name: p for p in calls}
        mixed_users = people["koordinaattori"][:count]
        coordinator_pages = [p for p in by_who.values() if p.who == "koordinaattori"]
        mixed, _ = run(mixed_users, args.requests * 4,
                       lambda u, n: coordinator_pages[n % len(coordinator_pages)].call(u, n),
                       False)
        floor_only, _ = run(mixed_users, args.requests * 4,
                            lambda u, n: u.request("GET", "/bench/floor/"), False)
        result["mixed"] = {"rps": mixed.rps, "floor_rps": floor_only.rps,
                           "errors": mixed.errors, "ratio": mixed.rps / floor_only.rps}
        print(f"mixed at {count} users: {mixed.rps:.1f} req/s, floor {floor_only.rps:.1f} "
              f"req/s: {100 * mixed.rps / floor_only.rps:.0f} % of the floor, "
              f"{mixed.errors} errors")
        if args.scale_out and database == "postgres":
            result["scale_out"] = scale_out(env, facts)
        (VAR / f"results-{database}-{scale}.json").write_text(json.dumps(result, indent=1))
        return result
    finally:
        server.stop()


def print_row(name: str, row: dict, users: list[int]) -> None:
    one, many = row[min(users)], row[max(users)]
    p50_ratio = one["p50"] / one["floor_p50"] if one["floor_p50"] else 0
    p95_ratio = many["p95"] / many["floor_p95"] if many["floor_p95"] else 0
    misses = [label for label, miss in (
        (f"p50 {p50_ratio:.1f}×", p50_ratio > TARGETS["p50_1"]),
        (f"p95 {p95_ratio:.1f}×", p95_ratio > TARGETS["p95_8"]),
        (f"{one['queries']} queries", one["queries"] > TARGETS["queries"]),
        (f"{one['kb']:.0f} KB", one["kb"] > TARGETS["kb"]),
        ("errors", one["errors"] + many["errors"] > 0)) if miss]
    print(f"| {name} | {one['p50']:.1f} ms ({p50_ratio:.1f}×) | {many['p95']:.1f} ms "
          f"({p95_ratio:.1f}×) | {one['p99']:.1f} / {many['p99']:.1f} ms | "
          f"{many['rps']:.1f} | {one['errors'] + many['errors']} | {one['queries']} | "
          f"{one['kb']:.1f} | {'; '.join(misses) or 'within target'} |", flush=True)


def scale_out(env: dict[str, str], facts: dict) -> dict:
    """Two app processes on two ports, one session between them: no state in a process. Then
    a logged page at 8 users with 1, 2 and 4 workers: the log does not serialise them."""
    first, second = Server(env, 1), Server(env, 1)
    errors = 0
    try:
        user = User(first.port)
        user.sign_in("koordinaattori")
        paths = ["/", f"/clients/{facts['client']}/", f"/teams/{facts['teams'][0]}/",
                 f"/teams/{facts['teams'][0]}/plan/"]
        for n in range(200):
            user.port = (first, second)[n % 2].port
            if user.request("GET", paths[n % len(paths)]).status != 200:
                errors += 1
    finally:
        first.stop()
        second.stop()
    throughput = {}
    for workers in (1, 2, 4):
        server = Server(env, workers)
        try:
            users = [User(server.port) for _ in range(8)]
            for user in users:
                user.sign_in("koordinaattori")
            sample, _ = run(users, 400, lambda u, n: u.request(
                "GET", f"/clients/{facts['client']}/"), False)
            throughput[workers] = {"rps": sample.rps, "p95": sample.pct(0.95),
                                   "errors": sample.errors}
        finally:
            server.stop()
    print(f"scale-out: one session over two processes, 200 requests, {errors} errors; "
          "a logged page at 8 users: " + ", ".join(
              f"{w} worker(s) {t['rps']:.0f} req/s" for w, t in throughput.items()))
    return {"alternating_errors": errors, "workers": throughput}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite,postgres")
    parser.add_argument("--scale", default="demo,county")
    parser.add_argument("--users", default="1,8")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scale-out", action="store_true")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--stale-triage", action="store_true")
    parser.add_argument("--pages", default="",
                        help="only the pages whose names hold one of these words (comma-"
                             "separated); the mixed run still takes every page")
    args = parser.parse_args()
    args.pages = [word for word in args.pages.split(",") if word]
    args.users = [int(u) for u in args.users.split(",")]
    for database in args.database.split(","):
        for scale in args.scale.split(","):
            print(f"\n## {database}, {scale} scale ({datetime.date.today()}, "
                  f"gunicorn {args.workers} workers)\n")
            print("| page | p50, 1 user (× floor) | p95, 8 users (× floor) | p99 1 / 8 | "
                  "req/s, 8 users | errors | queries | KB | targets |")
            print("|---|---|---|---|---|---|---|---|---|")
            bench_target(database, scale, args)


if __name__ == "__main__":
    main()
