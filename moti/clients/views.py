from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from stdnum.fi import hetu

from moti.access import helpers as access
from moti.access import selectors as access_selectors
from moti.access import services as access_services
from moti.access.decorators import professional_required
from moti.access.forms import EmergencyForm
from moti.access.models import Capability
from moti.access.roles import can
from moti.audit.models import Basis, Operation, What
from moti.core.forms import submit_once
from moti.teams import selectors as team_selectors

from . import services
from .forms import ClientForm, ClientSearchForm, TurvakieltoForm


@professional_required
@require_http_methods(["GET", "POST"])
def client_search(request):
    # POST, so that an identity code typed into the search never lands in a URL or access log.
    form = ClientSearchForm(request.POST or None)
    results, found = None, None
    if request.method == "POST" and form.is_valid():
        query = form.cleaned_data["query"].strip()
        if hetu.is_valid(query.upper(), allow_temporary=True):
            results = []
            try:
                found = access.identity_code_lookup(request.user, query.upper())
            except PermissionDenied:
                form.add_error("query", _("Your role does not look up clients by identity "
                                          "code. Search by name among your own clients."))
            except access.TooManyLookups:
                form.add_error("query", access.TooManyLookups.message)
            if found:
                found.handle = access.client_handle_make(request.user, found)
        else:
            results = list(team_selectors.client_search(person=request.person, text=query))
            access.log_listed(request.user, [c.pk for c in results], what=What.CLIENT_SEARCH)
    return render(request, "clients/search.html",
                  {"form": form, "results": results, "found": found})


@professional_required
@require_http_methods(["GET", "POST"])
def client_new(request):
    if not can(request.person, Capability.ADD_CLIENT):
        raise PermissionDenied
    form = ClientForm(request.POST or None)
    existing_handle = None
    if request.method == "POST" and form.is_valid():
        try:
            client = submit_once(request, form, access_services.client_add, user=request.user,
                                 person=request.person)
        except access.TooManyLookups:
            client = None
            form.add_error("identity_code", access.TooManyLookups.message)
        if client:
            return redirect("concern_new", handle=access.client_handle_make(request.user, client))
        duplicate = getattr(form, "service_error", None)
        if isinstance(duplicate, services.DuplicateClient):
            existing_handle = access.client_handle_make(request.user, duplicate.existing)
    return render(request, "clients/new.html", {"form": form, "existing_handle": existing_handle})


@professional_required
@require_safe
def client_detail(request, pk):
    client = access.client_for(request.user, pk)
    return render(request, "clients/detail.html", {
        "client": client,
        **team_selectors.client_record_get(client=client, person=request.person,
                                           emergency=client.access_basis == Basis.EMERGENCY),
        "bans": access_selectors.disclosure_ban_list(client=client),
        "emergency": client.access_basis == Basis.EMERGENCY,
        "turvakielto_form": TurvakieltoForm(initial={"turvakielto": client.turvakielto}),
        # Emergency access is read-only: it offers no new concern (that would outlive it).
        "concern_new_url": None if client.access_basis == Basis.EMERGENCY else reverse(
            "concern_new", args=[access.client_handle_make(request.user, client)]),
    })


@professional_required
@require_POST
def turvakielto(request, pk):
    client = access.client_for(request.user, pk, operation=Operation.WRITE,
                               what=What.TURVAKIELTO, capability=Capability.SET_TURVAKIELTO)
    form = TurvakieltoForm(request.POST)
    if form.is_valid():
        access_services.turvakielto_set(client=client, by=request.person,
                                        on=form.cleaned_data["turvakielto"])
        messages.success(request, _("The non-disclosure for personal safety was saved."))
    return redirect("client_detail", pk=client.pk)


@professional_required
@require_http_methods(["GET", "POST"])
def emergency_access(request, handle):
    client = access.client_from_handle(request.user, handle,
                                       capability=Capability.START_EMERGENCY_ACCESS)
    form = EmergencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if submit_once(request, form, access_services.emergency_access_start,
                       user=request.user, client=client):
            messages.warning(request, _("Emergency access is on for %(hours)s hours. It is "
                                        "read-only, logged and reviewed.")
                             % {"hours": settings.MOTI_EMERGENCY_ACCESS_HOURS})
            return redirect("client_detail", pk=client.pk)
    return render(request, "clients/emergency.html", {"client": client, "form": form})
