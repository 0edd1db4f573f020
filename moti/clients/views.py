from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from stdnum.fi import hetu

from moti.access import helpers as access
from moti.access import services as access_services
from moti.access.decorators import professional_required
from moti.access.forms import EmergencyForm
from moti.audit.models import Basis, Operation, What
from moti.core.forms import submit_once
from moti.teams import selectors as team_selectors

from . import selectors, services
from .forms import ClientForm, ClientSearchForm, ConsentForm, DisclosureBanForm


@professional_required
@require_http_methods(["GET", "POST"])
def client_search(request):
    # POST, so that an identity code typed into the search never lands in a URL or access log.
    form = ClientSearchForm(request.POST or None)
    results, found = None, None
    if request.method == "POST" and form.is_valid():
        query = form.cleaned_data["query"].strip()
        if hetu.is_valid(query.upper(), allow_temporary=True):
            found = access.identity_code_lookup(request.user, query.upper())
            results = []
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
    form = ClientForm(request.POST or None)
    existing_handle = None
    if request.method == "POST" and form.is_valid():
        client = submit_once(request, form, services.client_create, user=request.user)
        if client:
            return redirect("concern_new", handle=access.client_handle_make(request.user, client))
        duplicate = getattr(form, "service_error", None)
        if isinstance(duplicate, services.DuplicateClient):
            existing_handle = access.client_handle_make(request.user, duplicate.existing)
    return render(request, "clients/new.html", {"form": form, "existing_handle": existing_handle})


@professional_required
def client_detail(request, pk):
    client = access.client_for(request.user, pk)
    return render(request, "clients/detail.html", {
        "client": client, **team_selectors.client_record_get(client=client),
        "emergency": client.access_basis == Basis.EMERGENCY,
        "concern_new_url": reverse("concern_new",
                                   args=[access.client_handle_make(request.user, client)]),
    })


@professional_required
@require_http_methods(["GET", "POST"])
def consents(request, pk):
    write = request.method == "POST"
    client = access.client_for(request.user, pk,
                               operation=Operation.WRITE if write else Operation.READ,
                               what=What.CONSENT)
    form = ConsentForm(request.POST if write else None,
                       initial={"given_on": timezone.localdate()})
    if write and form.is_valid():
        if submit_once(request, form, services.consent_record, client=client, user=request.user):
            messages.success(request, _("The consent was recorded."))
            return redirect("consents", pk=client.pk)
    return render(request, "clients/consents.html", {
        "client": client, "form": form, "consents": selectors.consent_list(client=client),
        "ban_form": DisclosureBanForm(initial={"disclosure_ban": client.disclosure_ban}),
    })


@professional_required
@require_POST
def consent_revoke(request, pk):
    consent = access.consent_for(request.user, pk, operation=Operation.WRITE)
    services.consent_revoke(consent=consent, user=request.user)
    messages.success(request, _("The consent was revoked. It no longer opens any data."))
    return redirect("consents", pk=consent.client_id)


@professional_required
@require_POST
def disclosure_ban(request, pk):
    client = access.client_for(request.user, pk, operation=Operation.WRITE,
                               what=What.DISCLOSURE_BAN)
    form = DisclosureBanForm(request.POST)
    if form.is_valid():
        services.client_set_disclosure_ban(client=client, ban=form.cleaned_data["disclosure_ban"])
        messages.success(request, _("The disclosure ban was saved."))
    return redirect("consents", pk=client.pk)


@professional_required
@require_http_methods(["GET", "POST"])
def emergency_access(request, handle):
    client = access.client_from_handle(request.user, handle)
    form = EmergencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if submit_once(request, form, access_services.emergency_access_start,
                       user=request.user, client=client):
            messages.warning(request, _("Emergency access is on for %(hours)s hours. It is "
                                        "logged and reviewed.")
                             % {"hours": settings.MOTI_EMERGENCY_ACCESS_HOURS})
            return redirect("client_detail", pk=client.pk)
    return render(request, "clients/emergency.html", {"client": client, "form": form})
