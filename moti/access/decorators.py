"""Who may open a page at all; what they may see on it is decided in `helpers.py`."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from moti.audit.models import Basis, Operation, What
from moti.audit.services import use_log_write
from moti.core.otp import needs_second_factor, second_factor_redirect

from .helpers import actor_of, person_of, writes_logged_when_saved
from .models import RoleKind
from .roles import has_role

View = Callable[..., HttpResponse]


def saved(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether a request changed something, by the convention every view keeps: a change that
    succeeded redirects (post/redirect/get) or, asked by HTMX, answers with the updated part;
    a form with errors is shown again with 4xx, or 200 without HTMX."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    if 300 <= response.status_code < 400:
        return True
    return bool(getattr(request, "htmx", False)) and 200 <= response.status_code < 300


def professional_required(view: View) -> View:
    """Signed in with the second factor, and in the directory: client work needs to know who
    and where you are. Sets `request.person`.

    No transaction around the view: each service owns its own (`transaction.atomic` where it
    writes more than one row), so a write lock on SQLite lasts as long as the write, not as
    long as a PDF takes to render. The log is written through its own connection and stays.
    No page with client data is kept in a cache (Cache-Control: no-store).
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if needs_second_factor(request):
            return second_factor_redirect(request)
        request.person = person_of(request.user)  # type: ignore[attr-defined]
        if request.person is None:  # type: ignore[attr-defined]
            raise PermissionDenied
        with writes_logged_when_saved() as done:
            response = view(request, *args, **kwargs)
            done(saved(request, response))
        add_never_cache_headers(response)
        return response

    return wrapper


def dpo_required(view: View) -> View:
    """Only the data protection officer; to everyone else these pages do not exist."""

    @professional_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_role(request.person, RoleKind.DPO):  # type: ignore[attr-defined]
            use_log_write(actor=actor_of(request.user), client_id=None,
                          operation=Operation.READ, what=What.LOG_REPORT, object_id=None,
                          basis=Basis.NONE, allowed=False)  # probing the DPO's pages shows
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
