"""The data protection officer's pages: log review, emergency access review, log reports."""

import json
from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from moti.access.models import EmergencyAccess
from moti.clients.export import client_export
from moti.clients.models import Client
from moti.core.views import professional_required
from moti.directory.models import Person

from . import reports, selectors, services
from .forms import ClientLookupForm, LogFilterForm, ReviewForm


def dpo_required(view):
    """Only the data protection officer; to everyone else these pages do not exist."""

    @professional_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.person.role != Person.Role.DPO:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _dpo_reads(request, client: Client, what: str) -> None:
    services.use_log_write(user=request.user, client_id=client.pk, action="read", what=what,
                           object_id=client.pk, basis="data_protection_officer", allowed=True)


@dpo_required
@require_http_methods(["GET", "POST"])
def dpo_home(request):
    form = ClientLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = Client.objects.filter(
            identity_code=form.cleaned_data["identity_code"].strip().upper()).first()
        if client:
            return redirect("log_report", pk=client.pk)
        form.add_error("identity_code", _("No client with this identity code."))
    pending = EmergencyAccess.objects.filter(reviewed_at__isnull=True).select_related(
        "user__person__organisation", "client")[:100]
    return render(request, "audit/dpo_home.html", {"form": form, "pending": pending})


@dpo_required
def log_review(request):
    form = LogFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.use_log_search(
        user_id=getattr(data.get("user"), "pk", None), client_id=data.get("client"),
        since=data.get("since"), until=data.get("until"),
        emergency_only=data.get("emergency_only", False))
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/log_review.html",
                  {"form": form, "page": page, "query": query.urlencode()})


@dpo_required
@require_POST
def emergency_review(request, pk):
    grant = get_object_or_404(EmergencyAccess, pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        EmergencyAccess.objects.filter(pk=grant.pk, reviewed_at__isnull=True).update(
            reviewed_at=timezone.now(), reviewed_by=request.user,
            review_note=form.cleaned_data["review_note"])
        messages.success(request, _("The emergency access was marked reviewed."))
    else:
        messages.error(request, _("Write a review note."))
    return redirect("dpo_home")


@dpo_required
def log_report(request, pk):
    client = get_object_or_404(Client, pk=pk)
    today = timezone.localdate()
    form = LogFilterForm(request.GET or None)
    since = (form.is_valid() and form.cleaned_data["since"]) or selectors.report_since(today)
    until = (form.is_valid() and form.cleaned_data["until"]) or today
    report = selectors.client_log_report(client.pk, since=since, until=until)
    context = {"client": client, **report, "generated": timezone.now()}
    kind = request.GET.get("format")
    _dpo_reads(request, client, f"log_report{'_' + kind if kind else ''}")
    if kind in ("csv", "pdf"):
        services.disclosure_log_write(
            user=request.user, client_id=client.pk, recipient=_("the client"),
            what=_("log report"), basis=_("right of access (Act 703/2023)"), channel=kind)
    if kind == "csv":
        response = HttpResponse(reports.log_report_csv(report), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="log-report-{client.pk}.csv"'
        return response
    if kind == "pdf":
        pdf = reports.html_to_pdf("audit/log_report_pdf.html", context, request)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="log-report-{client.pk}.pdf"'
        return response
    return render(request, "audit/log_report.html", context)


@dpo_required
def data_export(request, pk):
    client = get_object_or_404(Client, pk=pk)
    kind = request.GET.get("format", "json")
    _dpo_reads(request, client, f"data_export_{kind}")
    services.disclosure_log_write(
        user=request.user, client_id=client.pk, recipient=_("the client"),
        what=_("all data held in Moti"), basis=_("right of access (GDPR art. 15)"),
        channel=kind)
    data = client_export(client)
    if kind == "pdf":
        pdf = reports.html_to_pdf("audit/export_pdf.html",
                                  {"data": data, "generated": timezone.now()}, request)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="moti-data-{client.pk}.pdf"'
        return response
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2,
                                       cls=DjangoJSONEncoder),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="moti-data-{client.pk}.json"'
    return response
