"""The client's log report and data export as files: CSV and PDF (WeasyPrint)."""

import csv
import io
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .client_report import Line

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: never a formula (CSV injection)."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def log_report_csv(lines: list[Line]) -> bytes:
    """The client's report for a spreadsheet: local dates and times, plain words; UTF-8 with a
    byte order mark and semicolons, as Excel opens it in Finland."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")

    def row(*cells: object) -> None:
        writer.writerow([csv_cell(cell) for cell in cells])

    row(_("Date"), _("Time"), _("Who"), _("Organisation"), _("What happened"), _("Details"))
    for line in lines:
        row(date_format(line.at, "SHORT_DATE_FORMAT"), date_format(line.at, "TIME_FORMAT"),
            line.who, line.organisation, line.happened, line.details)
    return out.getvalue().encode("utf-8-sig")


def html_to_pdf(template: str, context: dict[str, Any], request: HttpRequest | None = None
                ) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    pdf: bytes = HTML(string=html, base_url=request.build_absolute_uri("/") if request
                      else None).write_pdf()
    return pdf
