from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from stdnum.fi import hetu

from moti.access import helpers as access
from moti.core.forms import apply_service_errors
from moti.core.services import create_once
from moti.core.views import professional_required

from . import selectors, services
from .forms import ClientForm, ClientSearchForm, ConsentForm, DisclosureBanForm, EmergencyForm
from .models import Client, Consent


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
            results = list(selectors.client_search(request.person, query))
            access.log_listed(request.user, [c.pk for c in results], what="client_search")
    return render(request, "clients/search.html",
                  {"form": form, "results": results, "found": found})


@professional_required
@require_http_methods(["GET", "POST"])
def client_new(request):
    form = ClientForm(request.POST or None)
    existing_handle = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "form_key"}
        try:
            client = create_once(key=form.cleaned_data["form_key"], user=request.user,
                                 model=Client,
                                 create=lambda: services.client_create(user=request.user, **data))
        except services.DuplicateClient as error:
            apply_service_errors(form, error)
            existing_handle = access.client_handle_make(request.user, error.existing)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            handle = access.client_handle_make(request.user, client)
            return redirect("concern_new", handle=handle)
    return render(request, "clients/new.html", {"form": form, "existing_handle": existing_handle})


@professional_required
def client_detail(request, pk):
    client = access.client_for(request.user, pk)
    return render(request, "clients/detail.html", {
        "client": client, **selectors.client_overview(client),
        "concern_new_url": reverse("concern_new",
                                   args=[access.client_handle_make(request.user, client)]),
    })


@professional_required
@require_http_methods(["GET", "POST"])
def consents(request, pk):
    write = request.method == "POST"
    client = access.client_for(request.user, pk, action=access.WRITE if write else access.READ,
                               what="consent")
    form = ConsentForm(request.POST if write else None,
                       initial={"given_on": timezone.localdate()})
    if write and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "form_key"}
        try:
            create_once(key=form.cleaned_data["form_key"], user=request.user, model=Consent,
                        create=lambda: services.consent_record(client=client, user=request.user,
                                                               **data))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("consents", pk=client.pk)
    return render(request, "clients/consents.html", {
        "client": client, "form": form, "consents": selectors.consents_of(client),
        "ban_form": DisclosureBanForm(initial={"disclosure_ban": client.disclosure_ban}),
    })


@professional_required
@require_POST
def consent_revoke(request, pk):
    consent = access.consent_for(request.user, pk, action=access.WRITE)
    services.consent_revoke(consent=consent, user=request.user)
    messages.success(request, _("The consent was revoked. It no longer opens any data."))
    return redirect("consents", pk=consent.client_id)


@professional_required
@require_POST
def disclosure_ban(request, pk):
    client = access.client_for(request.user, pk, action=access.WRITE, what="disclosure_ban")
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
        try:
            access.emergency_access_start(user=request.user, client=client,
                                          reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.warning(request, _("Emergency access is on for %(hours)s hours. It is "
                                        "logged and reviewed.")
                             % {"hours": settings.MOTI_EMERGENCY_ACCESS_HOURS})
            return redirect("client_detail", pk=client.pk)
    return render(request, "clients/emergency.html", {"client": client, "form": form})
