"""Views that belong to no app."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@login_required
@require_safe
def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor (MOTI_BENCH only): a signed-in page through the same middleware,
    session and database as every page, showing nothing; pages are measured as ratios to it."""
    return HttpResponse("<!DOCTYPE html><title>Moti</title><p>ok</p>")
