"""Directory search and team suggestions at county scale: 20,000 people, 5,000 services and
3,000 service points, generated deterministically; p50/p95 of the search and of the
suggestions, in process, against the database named by DATABASE_URL (SQLite by default, in a
file of its own).

    .venv/bin/python bench/bench_directory.py        # SQLite: var/bench-directory.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moti_bench_directory \
        .venv/bin/python bench/bench_directory.py    # PostgreSQL (database made)

Results go to var/bench/directory-<vendor>.json and are quoted in docs/performance.md.
"""

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moti.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-directory.sqlite3'}")
PEOPLE, SERVICES, POINTS = 20_000, 5_000, 3_000
RUNS = 200
WORDS = ("velka", "asumis", "mielenterveys", "päihde", "työ", "perhe", "skuld", "boende",
         "debt", "housing", "neuvonta", "kuntoutus", "tuki", "ohjaus", "sosiaali")


def _database() -> None:
    url = os.environ["DATABASE_URL"]
    if url.startswith("postgres"):
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    else:
        (ROOT / "var").mkdir(exist_ok=True)


def generate() -> None:
    from django.contrib.auth.models import User

    from moti.core.models import NeedDomain, Register
    from moti.directory import places, search
    from moti.directory.models import Channel, Organisation, Person, Service, ServicePoint
    from moti.directory.services import organisation_create

    if Service.objects.count() >= SERVICES:
        return
    rng = random.Random(2026)
    towns = list(places.CENTRES.items())
    domains = list(NeedDomain.values)
    channels = list(Channel.values)
    user = User.objects.create(username="bench-directory")
    orgs = [organisation_create(name=f"Bench organisation {i}", kind=kind, register=Register.OTHER)
            for i, kind in enumerate(["county", "municipality", "ngo", "kela", "employment"]
                                     * 8)]
    started = time.monotonic()
    services = Service.objects.bulk_create([Service(
        organisation=rng.choice(orgs), updated_by=user,
        name_fi=f"{rng.choice(WORDS[:6] + WORDS[10:])}palvelu {i}",
        name_sv=f"Tjänst {i} för {rng.choice(['boende', 'skuld', 'arbete', 'familj'])}",
        name_en=f"Service {i} for {rng.choice(['housing', 'debt', 'work', 'family'])}",
        description_fi=" ".join(rng.choice(WORDS) for _ in range(12)),
        need_domains=rng.sample(domains, rng.randint(1, 3)),
        channels=rng.sample(channels, rng.randint(1, 3)),
        languages=["fi"] + (["sv"] if rng.random() < 0.2 else []),
        municipalities=[rng.choice(towns)[0].title()] if rng.random() < 0.7 else [],
        decisions="Päättää tuesta." if rng.random() < 0.3 else "",
        waiting_days=rng.randint(1, 200), waiting_measured_on="2026-10-01",
    ) for i in range(SERVICES)], batch_size=1000)
    points = ServicePoint.objects.bulk_create([ServicePoint(
        organisation=rng.choice(orgs), updated_by=user, name_fi=f"Palvelupiste {i}",
        municipality=(town := rng.choice(towns))[0].title(),
        latitude=town[1][0] + rng.uniform(-0.1, 0.1),
        longitude=town[1][1] + rng.uniform(-0.1, 0.1)) for i in range(POINTS)], batch_size=1000)
    ServicePoint.services.through.objects.bulk_create([
        ServicePoint.services.through(servicepoint_id=p.pk, service_id=s.pk)
        for s in services for p in rng.sample(points, 1)], batch_size=5000)
    people = Person.objects.bulk_create([Person(
        first_name=f"Etu{i}", last_name=f"Suku{i % 997}", title="sosiaaliohjaaja",
        organisation=rng.choice(orgs), updated_by=user,
        expertise=rng.sample(domains, 2), municipalities=[rng.choice(towns)[0].title()],
    ) for i in range(PEOPLE)], batch_size=2000)
    Person.services.through.objects.bulk_create([
        Person.services.through(person_id=p.pk, service_id=rng.choice(services).pk)
        for p in people], batch_size=5000)
    for model in (Organisation, Service, ServicePoint, Person):
        search.index_all(model)
    from django.db import connection

    if connection.vendor == "postgresql":
        # As autovacuum would within a minute of a bulk load, and as `moti seed` does: on
        # the insert-time statistics the suggestions' people were planned as a hash of every
        # person (33 ms instead of 0.7).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"generated in {time.monotonic() - started:.0f} s", file=sys.stderr)


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _page(text: str, filters=None) -> list:
    """What the directory's search page reads: the ranked ids, then the first page's entries."""
    from moti.directory import search

    found = search.find(text, filters or search.Filters())
    return search.entries_of(found.ids[:20])


def measure() -> dict:
    from moti.directory import search
    from moti.directory.models import Person
    from moti.directory.suggestions import Need, suggest

    rng = random.Random(7)
    towns = ["Kuopio", "Varkaus", "Iisalmi", "Joroinen", "Nilsiä"]
    cases = {
        "search, one word": lambda: _page(rng.choice(WORDS)),
        "search, two words and a filter": lambda: _page(
            f"{rng.choice(WORDS)} {rng.choice(WORDS)[:4]}",
            search.Filters(municipality=rng.choice(towns))),
        "search, filters only": lambda: _page("", search.Filters(
            domain="housing", municipality=rng.choice(towns), kinds=("service",))),
        "suggestions, three domains": lambda: suggest(need=Need(
            domains=("housing", "income", "mental_health"), municipality=rng.choice(towns),
            language=rng.choice(["fi", "sv"]), cannot_travel=rng.random() < 0.5),
            people=Person.objects.all()),
    }
    results = {}
    for name, run in cases.items():
        for _ in range(10):
            run()  # warm
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            run()
            times.append((time.perf_counter() - started) * 1000)
        results[name] = {"p50_ms": round(statistics.median(times), 2),
                         "p95_ms": round(percentile(times, 95), 2)}
        print(f"{name}: p50 {results[name]['p50_ms']} ms, p95 {results[name]['p95_ms']} ms")
    return results


def main() -> None:
    _database()
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0)
    generate()
    results = {"database": connection.vendor, "people": PEOPLE, "services": SERVICES,
               "points": POINTS, "runs": RUNS, "cases": measure()}
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"directory-{connection.vendor}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
