"""The client's log report and data export as files: CSV and PDF (WeasyPrint)."""

import csv
import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from moti.audit.models import Operation


def person_label(user) -> str:
    if user is None:
        return _("not signed in")
    person = getattr(user, "person", None)
    name = user.get_full_name() or user.username
    return f"{name}, {person.title}, {person.organisation}" if person else name


def log_report_csv(report: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("When"), _("Who"), _("Event"), _("What"), _("Basis")])
    for row in report["used"]:
        writer.writerow([row.at.isoformat(timespec="seconds"), person_label(row.user),
                         _("processed") if row.operation == Operation.READ else _("changed"),
                         row.what, row.basis])
    for row in report["disclosed"]:
        writer.writerow([row.at.isoformat(timespec="seconds"), row.recipient, _("received"),
                         row.what, row.basis])
    return out.getvalue()


def html_to_pdf(template: str, context: dict, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=request.build_absolute_uri("/") if request else None) \
        .write_pdf()
