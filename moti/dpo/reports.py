"""The client's log report and data export as files: CSV and PDF (WeasyPrint)."""

import csv
import io
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: never a formula (CSV injection)."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def log_report_csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)

    def row(*cells: object) -> None:
        writer.writerow([csv_cell(cell) for cell in cells])

    row(_("When"), _("Who"), _("Event"), _("What"), _("Basis"))
    for used in report["used"]:
        row(timezone.localtime(used.at).strftime("%d.%m.%Y %H:%M"), used.who,
            used.get_operation_display(), used.get_what_display(), used.get_basis_display())
    for disclosed in report["disclosed"]:
        row(timezone.localtime(disclosed.at).strftime("%d.%m.%Y %H:%M"),
            disclosed.recipient_label, _("received"), disclosed.what_label,
            disclosed.basis_label)
    return out.getvalue()


def html_to_pdf(template: str, context: dict[str, Any], request: HttpRequest | None = None
                ) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    pdf: bytes = HTML(string=html, base_url=request.build_absolute_uri("/") if request
                      else None).write_pdf()
    return pdf
