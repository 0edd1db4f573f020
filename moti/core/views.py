"""View helpers shared by every app."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from moti.access.helpers import person_of

from .otp import needs_second_factor, second_factor_redirect


def professional_required(view):
    """Signed in, and in the directory: client work needs to know who and where you are."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if needs_second_factor(request):
            return second_factor_redirect(request)
        request.person = person_of(request.user)
        if request.person is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
