"""Who may open a page at all; what they may see on it is decided in `helpers.py`."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from moti.core.otp import needs_second_factor, second_factor_redirect
from moti.directory.models import Person

from .helpers import person_of

View = Callable[..., HttpResponse]


def professional_required(view: View) -> View:
    """Signed in with the second factor, and in the directory: client work needs to know who
    and where you are. Sets `request.person`."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if needs_second_factor(request):
            return second_factor_redirect(request)
        request.person = person_of(request.user)  # type: ignore[attr-defined]
        if request.person is None:  # type: ignore[attr-defined]
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def dpo_required(view: View) -> View:
    """Only the data protection officer; to everyone else these pages do not exist."""

    @professional_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.person.role != Person.Role.DPO:  # type: ignore[attr-defined]
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
