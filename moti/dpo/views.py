"""The data protection officer's pages: log review, emergency access review, log reports."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from moti.access import selectors as access_selectors
from moti.access import services as access_services
from moti.access.decorators import dpo_required
from moti.access.models import EmergencyAccess
from moti.audit import selectors
from moti.audit.models import Basis, Operation, What
from moti.audit.services import disclosure_log_write, use_log_write
from moti.clients.models import Client
from moti.core.forms import run_service

from . import reports
from .export import client_export
from .forms import ClientLookupForm, LogFilterForm, ReviewForm


def _dpo_reads(request, client: Client, what: What) -> None:
    use_log_write(user=request.user, client_id=client.pk, operation=Operation.READ, what=what,
                  object_id=client.pk, basis=Basis.DPO, allowed=True)


@dpo_required
@require_http_methods(["GET", "POST"])
def home(request):
    form = ClientLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = Client.objects.filter(
            identity_code=form.cleaned_data["identity_code"].strip().upper()).first()
        if client:
            return redirect("dpo:log_report", pk=client.pk)
        form.add_error("identity_code", _("No client with this identity code."))
    return render(request, "dpo/home.html", {
        "form": form, "pending": access_selectors.emergency_access_list_unreviewed()})


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
    return render(request, "dpo/log_review.html",
                  {"form": form, "page": page, "query": query.urlencode()})


@dpo_required
@require_POST
def emergency_review(request, pk):
    grant = get_object_or_404(EmergencyAccess, pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid() and run_service(form, lambda: access_services.emergency_access_review(
            grant=grant, reviewer=request.user, note=form.cleaned_data["review_note"])):
        messages.success(request, _("The emergency access was marked reviewed."))
    else:
        messages.error(request, _("Write a review note."))
    return redirect("dpo:home")


REPORT_FORMATS = {"csv": What.LOG_REPORT_CSV, "pdf": What.LOG_REPORT_PDF}


@dpo_required
def log_report(request, pk):
    client = get_object_or_404(Client, pk=pk)
    today = timezone.localdate()
    form = LogFilterForm(request.GET or None)
    since = (form.is_valid() and form.cleaned_data["since"]) or selectors.log_report_since(
        today=today)
    until = (form.is_valid() and form.cleaned_data["until"]) or today
    report = selectors.log_report_get(client_id=client.pk, since=since, until=until)
    context = {"client": client, **report, "generated": timezone.now()}
    kind = request.GET.get("format")
    _dpo_reads(request, client, REPORT_FORMATS.get(kind, What.LOG_REPORT))
    if kind in REPORT_FORMATS:
        disclosure_log_write(
            user=request.user, client_id=client.pk, recipient=_("the client"),
            what=_("log report"), basis=_("right of access (Act 703/2023)"), channel=kind)
    if kind == "csv":
        response = HttpResponse(reports.log_report_csv(report), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="log-report-{client.pk}.csv"'
        return response
    if kind == "pdf":
        pdf = reports.html_to_pdf("dpo/log_report_pdf.html", context, request)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="log-report-{client.pk}.pdf"'
        return response
    return render(request, "dpo/log_report.html", context)


@dpo_required
def data_export(request, pk):
    client = get_object_or_404(Client, pk=pk)
    kind = "pdf" if request.GET.get("format") == "pdf" else "json"
    _dpo_reads(request, client, What.DATA_EXPORT_PDF if kind == "pdf" else What.DATA_EXPORT_JSON)
    disclosure_log_write(
        user=request.user, client_id=client.pk, recipient=_("the client"),
        what=_("all data held in Moti"), basis=_("right of access (GDPR art. 15)"),
        channel=kind)
    data = client_export(client)
    if kind == "pdf":
        pdf = reports.html_to_pdf("dpo/export_pdf.html",
                                  {"data": data, "generated": timezone.now()}, request)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="moti-data-{client.pk}.pdf"'
        return response
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2,
                                       cls=DjangoJSONEncoder),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="moti-data-{client.pk}.json"'
    return response
