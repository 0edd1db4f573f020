"""One page at a time, inside Django: the median time of a signed-in GET through the test
client (every middleware, no HTTP server), its SQL queries with their times, and optionally a
profile. For finding where a page's time goes on a seeded database (`moti seed`); the pages'
figures against the floor come from bench_pages.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moti_bench_county \\
      .venv/bin/python bench/page_profile.py koordinaattori / /my/actions/ "/teams/{team}/plan/"
    ... --queries     each page's SQL, with the time of each query
    ... --profile     the 40 most expensive functions (cProfile, cumulative)
    ... --split       each page's mean split: Django building SQL, database round trips, the
                      rest (Python: rows into models, templates, middleware)

`{team}` and `{client}` stand for the user's biggest open team (most actions) and its client.
The second factor is not asked for (MOTI_REQUIRE_2FA=false): it is the same for every page.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for name, value in {"DJANGO_SETTINGS_MODULE": "moti.settings", "DEBUG": "false",
                    "SECRET_KEY": "page-profile-not-secret-" * 3, "ALLOWED_HOSTS": "testserver",
                    "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false",
                    "MOTI_REQUIRE_2FA": "false", "MOTI_BENCH": "true"}.items():
    os.environ.setdefault(name, value)
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("username")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--queries", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--split", action="store_true")
    args = parser.parse_args()

    import django
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from moti.teams.models import Team

    user = get_user_model().objects.get(username=args.username)
    browser = Client()
    browser.force_login(user)
    team = (Team.objects.filter(members__person__user=user, status=Team.Status.OPEN)
            .annotate(n=Count("plan__actions")).order_by("-n").first())
    for template in args.paths:
        path = template.format(team=team.pk if team else 0, client=team.client_id if team else 0)
        for _ in range(3):  # warm: templates, translations, connections
            answer = browser.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        seconds = []
        for _ in range(args.requests):
            started = time.perf_counter()
            browser.get(path)
            seconds.append(time.perf_counter() - started)
        print(f"{path}: {statistics.median(seconds) * 1000:.1f} ms, "
              f"{len(answer.content) / 1024:.0f} KB")
        if args.queries:
            captures = [CaptureQueriesContext(connections[alias]) for alias in connections]
            for capture in captures:
                capture.__enter__()
            browser.get(path)
            for capture in captures:
                capture.__exit__(None, None, None)
                for query in capture.captured_queries:
                    print(f"  {float(query['time']) * 1000:5.1f} ms  {capture.connection.alias:7} "
                          f"{query['sql'][:110]}")
        if args.split:
            _split(browser, path, args.requests)
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(10):
                browser.get(path)
            profile.disable()
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(40)
            print(out.getvalue())


def _split(browser, path: str, requests: int) -> None:
    """The page's mean time, and how much of it Django spent building SQL (the outermost
    compiler call of each query) and waiting for the database (each cursor execute). The
    timing wrappers add a little to both."""
    from django.db.backends.utils import CursorWrapper
    from django.db.models.sql import compiler

    spent = {"building SQL": 0.0, "database round trips": 0.0}
    depth = [0]

    def timed(function, key, outermost=False):
        def wrapper(*args, **kwargs):
            depth[0] += outermost
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                depth[0] -= outermost
                if not outermost or depth[0] == 0:
                    spent[key] += time.perf_counter() - started
        return wrapper

    compilers = [c for c in vars(compiler).values()
                 if isinstance(c, type) and issubclass(c, compiler.SQLCompiler)
                 and "as_sql" in vars(c)]
    originals = [(c, c.as_sql) for c in compilers] + [(CursorWrapper, CursorWrapper.execute)]
    for cls in compilers:
        cls.as_sql = timed(cls.as_sql, "building SQL", outermost=True)
    CursorWrapper.execute = timed(CursorWrapper.execute, "database round trips")
    try:
        started = time.perf_counter()
        for _ in range(requests):
            browser.get(path)
        whole = (time.perf_counter() - started) / requests
    finally:
        for cls, original in originals:
            setattr(cls, "execute" if cls is CursorWrapper else "as_sql", original)
    parts = {key: value / requests for key, value in spent.items()}
    rest = whole - sum(parts.values())
    print(f"  mean {whole * 1000:.1f} ms: " + ", ".join(
        f"{key} {value * 1000:.1f} ms" for key, value in parts.items())
        + f", the rest {rest * 1000:.1f} ms")


if __name__ == "__main__":
    main()
