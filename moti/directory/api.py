"""The directory as an Open Referral HSDS 3.1 API: lists by page, one entry by its id."""

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from moti.core.otp import needs_second_factor, second_factor_redirect

from . import hsds

View = Callable[..., HttpResponse]


def signed_in_required(view: View) -> View:
    """Signed in with the second factor; no directory entry needed."""
    # The directory is no client's data: a technical account may read it too. Not
    # access.decorators.professional_required, which asks for one (and sits a layer above).

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if needs_second_factor(request):
            return second_factor_redirect(request)
        response = view(request, *args, **kwargs)
        # Professionals' contacts: kept out of every cache on the way.
        add_never_cache_headers(response)
        return response

    return wrapper


def _json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _paging(request: HttpRequest) -> tuple[int, int] | None:
    """`page` (from 1) and `per_page` (at most hsds.MAX_PER_PAGE), or None when not numbers."""
    try:
        page = int(request.GET.get("page", 1))
        per_page = int(request.GET.get("per_page", hsds.PER_PAGE))
    except ValueError:
        return None
    if page < 1 or per_page < 1:
        return None
    return page, min(per_page, hsds.MAX_PER_PAGE)


def _flag(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name, "").lower() in ("true", "1")


BAD_PAGING = {"error": "page and per_page are whole numbers from 1."}
NOT_FOUND = {"error": "No such entry in the directory."}


@signed_in_required
@require_safe
def root(request: HttpRequest) -> HttpResponse:
    return _json(hsds.api_root())


@signed_in_required
@require_safe
def services(request: HttpRequest) -> HttpResponse:
    """A page of services; `full=true` nests each fully."""
    paging = _paging(request)
    if paging is None:
        return _json(BAD_PAGING, status=400)
    page, per_page = paging
    return _json(hsds.services_page(page=page, per_page=per_page, full=_flag(request, "full")))


@signed_in_required
@require_safe
def service(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    found = hsds.service_get(service_id=service_id)
    return _json(found) if found else _json(NOT_FOUND, status=404)


@signed_in_required
@require_safe
def organizations(request: HttpRequest) -> HttpResponse:
    """A page of organizations; `full=true` nests each with its people, locations, services."""
    paging = _paging(request)
    if paging is None:
        return _json(BAD_PAGING, status=400)
    page, per_page = paging
    return _json(hsds.organizations_page(page=page, per_page=per_page,
                                         full=_flag(request, "full")))


@signed_in_required
@require_safe
def organization(request: HttpRequest, organization_id: uuid.UUID) -> HttpResponse:
    """One organization; `full_service=true` gives its services in full."""
    found = hsds.organization_get(organization_id=organization_id,
                                  full_service=_flag(request, "full_service"))
    return _json(found) if found else _json(NOT_FOUND, status=404)
