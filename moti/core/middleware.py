"""Middleware of Moti's own."""

import time
from collections.abc import Callable
from contextlib import ExitStack

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse

TOUCH_SECONDS = 60


class SessionIdleTimeout:
    """Keep a signed-in session alive while it is used, writing it at most once a minute.

    The idle timeout (SESSION_COOKIE_AGE) counts from the session's last save. Saving on every
    request would make every page view a write, and on SQLite a contended lock; touching the
    session once a minute ends an idle session at most a minute early.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - int(session.get("_touched", 0)) >= TOUCH_SECONDS:
                session["_touched"] = now  # modified: saved with a fresh expiry
        return response


class RefuseNulBytes:
    """A NUL byte in the query string or a form field, name or value, is a 400 before any view
    runs. No text column can hold one (psycopg refuses it on PostgreSQL), nobody types one,
    and a view that read a parameter without a form let it through to a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for given in (request.GET, request.POST):
            for name, values in given.lists():
                if any("\x00" in text for text in (name, *values)):
                    raise SuspiciousOperation("A NUL byte in the request's input.")
        return self.get_response(request)


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


class QueryCountHeader:
    """Benchmarks only (MOTI_BENCH): each response says how many SQL queries it took, on
    every database alias, in `X-Moti-Queries`. Transaction control is not counted: on
    PostgreSQL BEGIN and COMMIT never pass through Django, on SQLite they do, and the two
    databases should count the same page alike."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.db import connections

        count = [0]

        def counted(execute, sql, params, many, context):
            if not sql.lstrip()[:9].upper().startswith(TRANSACTION_CONTROL):
                count[0] += 1
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(counted))
            response = self.get_response(request)
        response["X-Moti-Queries"] = str(count[0])
        return response
