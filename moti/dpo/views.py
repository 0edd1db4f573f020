"""The data protection officer's pages: log review, emergency access review, log reports.

Reading a client's log report is logged as the DPO's read. Giving the report or an export to
the client is a disclosure: an explicit POST with a confirmation, recorded in the disclosure
log; a link followed by a crawler discloses nothing.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from moti.access import helpers as access
from moti.access import selectors as access_selectors
from moti.access import services as access_services
from moti.access.decorators import dpo_required
from moti.access.forms import ReviewForm
from moti.audit import selectors
from moti.audit.evidence import evidence_bundle
from moti.audit.models import Channel, Disclosed, DisclosureBasis, What
from moti.audit.services import disclosure_log_write
from moti.core.forms import run_service
from moti.core.urls import id_from

from . import client_report, reports
from .export import client_export
from .forms import (
    ClientLookupForm,
    ExportHandOverForm,
    LogFilterForm,
    ReportHandOverForm,
    ReportPeriodForm,
)

REPORT_READS = {"csv": What.LOG_REPORT_CSV, "pdf": What.LOG_REPORT_PDF,
                "evidence": What.LOG_REPORT}
EXPORT_READS = {"json": What.DATA_EXPORT_JSON, "pdf": What.DATA_EXPORT_PDF}


def _attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _handed_over(request, client, what: Disclosed, channel: Channel) -> None:
    disclosure_log_write(actor=access.actor_of(request.user), client_id=client.pk,
                         what=[what], basis=DisclosureBasis.RIGHT_OF_ACCESS, channel=channel,
                         to_client=True)


def _home(request, form, *, review=None, status=200):
    pending = list(access_selectors.emergency_access_list_unreviewed())
    access.dpo_listed(request.user, [grant.client_id for grant in pending],
                      what=What.EMERGENCY_ACCESS)
    return render(request, "dpo/home.html", {
        "form": form, "pending": pending, "review_form": ReviewForm(), "review": review,
        "bursts": access_selectors.lookup_bursts(),
        "settings_lookup_limit": settings.MOTI_LOOKUP_LIMIT}, status=status)


@dpo_required
@require_http_methods(["GET", "POST"])
def home(request):
    form = ClientLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["identity_code"].strip().upper()
        try:
            client = access.identity_code_lookup(request.user, code)
        except access.TooManyLookups:
            form.add_error("identity_code", access.TooManyLookups.message)
        else:
            if client:
                return redirect("dpo:log_report", pk=client.pk)
            form.add_error("identity_code", _("No client with this identity code."))
    return _home(request, form, status=422 if form.errors else 200)


@dpo_required
@require_safe
def log_review(request):
    form = LogFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # A filter that did not parse shows its errors and no rows, never the whole log as
        # if it had been applied.
        return render(request, "dpo/log_review.html", {"form": form, "page": None},
                      status=422)
    data = form.cleaned_data if form.is_bound else {}
    if data.get("client"):
        access.dpo_log_read(request.user, data["client"])
    rows = selectors.use_log_search(
        user_ids=data.get("user"), client_id=data.get("client"), since=data.get("since"),
        until=data.get("until"), emergency_only=data.get("emergency_only", False))
    page = selectors.use_log_page(rows, before=id_from(request.GET.get("before")),
                                  after=id_from(request.GET.get("after")))
    return render(request, "dpo/log_review.html",
                  {"form": form, "page": page, "query": _without_cursor(request)})


def _without_cursor(request) -> str:
    """The filters of the address, for the links to newer and older rows."""
    query = request.GET.copy()
    for cursor in ("before", "after", "page"):
        query.pop(cursor, None)
    return query.urlencode()


@dpo_required
@require_POST
def emergency_review(request, pk):
    grant = access.emergency_access_for_dpo(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid() and run_service(form, lambda: access_services.emergency_access_review(
            grant=grant, reviewer=request.user, verdict=form.cleaned_data["review_verdict"],
            note=form.cleaned_data["review_note"])):
        messages.success(request, _("The emergency access was marked reviewed."))
        return redirect("dpo:home")
    # Shown again with the note kept: nothing was reviewed.
    return _home(request, ClientLookupForm(), review={"grant": grant.pk, "form": form},
                 status=422)


def _report_language(client, chosen: str) -> str:
    """The language the client's report is written in: as chosen, else the client's own."""
    languages = dict(settings.LANGUAGES)
    if chosen in languages:
        return chosen
    return client.language if client.language in languages else settings.LANGUAGE_CODE


@dpo_required
@require_http_methods(["GET", "POST"])
def log_report(request, pk):
    """The client's log report: on the page for the DPO, and as PDF or CSV for the client, in
    the client's language and plain words (client_report.py)."""
    handing_over = request.method == "POST"
    what = REPORT_READS.get(request.POST.get("report-format", ""), What.LOG_REPORT)
    client = access.client_for_dpo(request.user, pk, what=what)
    organisations = selectors.log_report_organisations(client_id=client.pk)
    period = (ReportHandOverForm(request.POST, prefix="report", organisations=organisations)
              if handing_over else ReportPeriodForm(request.GET or None,
                                                    organisations=organisations))
    data = period.cleaned_data if period.is_valid() else {}
    today = timezone.localdate()
    since = data.get("since") or selectors.log_report_since(today=today)
    until = data.get("until") or today
    report = selectors.log_report_get(
        client_id=client.pk, since=since, until=until,
        emergency_only=data.get("emergency_only", False),
        organisation=data.get("organisation", ""),
        # The files hold the whole period; the page (a refused hand-over too) one page of it.
        paged=not (handing_over and period.is_valid()),
        before=id_from(request.GET.get("before")), after=id_from(request.GET.get("after")))
    language = _report_language(client, data.get("language", ""))
    with translation.override(language):
        context = {"client": client, **report, "lines": client_report.report_lines(report),
                   "generated": timezone.now(), "language": language}
        filename = f"{slugify(_('log report'))}-{today:%Y-%m-%d}"
        if handing_over and period.is_valid():
            kind = data["format"]
            if kind == "csv":
                _handed_over(request, client, Disclosed.LOG_REPORT, Channel.CSV)
                return _attachment(reports.log_report_csv(context["lines"]),
                                   "text/csv; charset=utf-8", f"{filename}.csv")
            if kind == "evidence":
                _handed_over(request, client, Disclosed.LOG_REPORT, Channel.JSON)
                bundle = evidence_bundle([*report["used"], *report["disclosed"]])
                return _attachment(json.dumps(bundle, indent=2), "application/json",
                                   f"{filename}-evidence.json")
            _handed_over(request, client, Disclosed.LOG_REPORT, Channel.PDF)
            return _attachment(reports.html_to_pdf("dpo/log_report_pdf.html", context, request),
                               "application/pdf", f"{filename}.pdf")
        report_html = render_to_string("dpo/_client_report.html", context, request=request)
    initial = {"since": since, "until": until, "emergency_only": data.get("emergency_only"),
               "organisation": data.get("organisation", ""), "language": language}
    return render(request, "dpo/log_report.html", {
        **context, "query": _without_cursor(request),
        "period": period if not handing_over else ReportPeriodForm(
            initial=initial, organisations=organisations),
        "report_html": report_html,
        "hand_over": period if handing_over else ReportHandOverForm(
            prefix="report", initial=initial, organisations=organisations),
        "export": ExportHandOverForm(prefix="export")},
        status=422 if handing_over else 200)


@dpo_required
@require_POST
def data_export(request, pk):
    form = ExportHandOverForm(request.POST, prefix="export")
    what = EXPORT_READS.get(request.POST.get("export-format", ""), What.DATA_EXPORT_JSON)
    client = access.client_for_dpo(request.user, pk, what=what)
    if not form.is_valid():
        messages.error(request, _("Confirm that you are giving the export to the client."))
        return redirect("dpo:log_report", pk=client.pk)
    with translation.override(_report_language(client, "")):  # the client's, like the report
        data = client_export(client=client)
        filename = f"{slugify(_('my information in Moti'))}-{timezone.localdate():%Y-%m-%d}"
        if form.cleaned_data["format"] == "pdf":
            _handed_over(request, client, Disclosed.ALL_DATA, Channel.PDF)
            pdf = reports.html_to_pdf("dpo/export_pdf.html",
                                      {"data": data, "generated": timezone.now()}, request)
            return _attachment(pdf, "application/pdf", f"{filename}.pdf")
    _handed_over(request, client, Disclosed.ALL_DATA, Channel.JSON)
    return _attachment(json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
                       "application/json; charset=utf-8", f"{filename}.json")
