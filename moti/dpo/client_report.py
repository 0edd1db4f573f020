"""The client's log report in plain words, in the client's language.

"Sosiaalityöntekijä Jussi Tikkanen, Kuopion aikuissosiaalityö (Pohjois-Savon
hyvinvointialue), katsoi suunnitelmaasi 12.11.2026 klo 13.05." Each log row becomes one such
sentence: who and where they worked at the time (as the row recorded it), what they did in
words a client uses, and when in local time. No internal numbers, codes or register names of
the system; refused attempts are not uses of the client's data and are left to the DPO's log
review. Call the functions here inside `translation.override(language)`.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moti.audit.models import DisclosureBasis, DisclosureLog, Operation, UseLog, What
from moti.core.models import Register

R, W = Operation.READ, Operation.WRITE
# What happened, per operation and kind of data: whole phrases, because Finnish inflects the
# object by the verb ("katsoi suunnitelmaasi", "teki kirjauksen").
HAPPENED: dict[tuple[str, str], Promise] = {
    (R, What.CLIENT): gettext_lazy("viewed your basic details"),
    (R, What.CLIENT_HANDLE): gettext_lazy("viewed your basic details"),
    (W, What.CLIENT): gettext_lazy("added you to Moti"),
    (R, What.CLIENT_SEARCH): gettext_lazy("found you in a search"),
    (R, What.IDENTITY_CODE_LOOKUP): gettext_lazy("looked you up by your identity code"),
    (R, What.MY_WORK): gettext_lazy("saw your name in their work list"),
    (R, What.CONSENT): gettext_lazy("viewed your consents"),
    (W, What.CONSENT): gettext_lazy("recorded or changed a consent of yours"),
    (R, What.DISCLOSURE_BAN): gettext_lazy("viewed your disclosure ban"),
    (W, What.DISCLOSURE_BAN): gettext_lazy("recorded or lifted your disclosure ban"),
    (W, What.TURVAKIELTO): gettext_lazy("changed your non-disclosure for personal safety"),
    (W, What.EMERGENCY_ACCESS): gettext_lazy("opened your information under emergency access"),
    (R, What.EMERGENCY_ACCESS): gettext_lazy(
        "saw that your information was opened under emergency access, to review it"),
    (R, What.EMERGENCY_REVIEW): gettext_lazy(
        "saw that your information was opened under emergency access, to review it"),
    (W, What.EMERGENCY_REVIEW): gettext_lazy("reviewed an emergency access to your information"),
    (R, What.CONCERN): gettext_lazy("viewed a concern about you"),
    (W, What.CONCERN): gettext_lazy("recorded a concern about you"),
    (R, What.TEAM): gettext_lazy("viewed your MOTI team"),
    (W, What.TEAM): gettext_lazy("changed your MOTI team"),
    (R, What.TEAM_MEMBER): gettext_lazy("viewed your team's members"),
    (W, What.TEAM_MEMBER): gettext_lazy("changed your team's members"),
    (R, What.MEETING): gettext_lazy("viewed a meeting record"),
    (W, What.MEETING): gettext_lazy("wrote in a meeting record"),
    (R, What.NOTE): gettext_lazy("viewed the records of your team"),
    (W, What.NOTE): gettext_lazy("made a record in your team"),
    (R, What.PLAN): gettext_lazy("viewed your plan"),
    (W, What.PLAN): gettext_lazy("changed your plan"),
    (R, What.GOAL): gettext_lazy("viewed a goal in your plan"),
    (W, What.GOAL): gettext_lazy("changed a goal in your plan"),
    (R, What.ACTION): gettext_lazy("viewed an agreed action in your plan"),
    (W, What.ACTION): gettext_lazy("changed an agreed action in your plan"),
    (R, What.LOG_REPORT): gettext_lazy("made a log report for you"),
    (R, What.LOG_REPORT_CSV): gettext_lazy("made a log report for you"),
    (R, What.LOG_REPORT_PDF): gettext_lazy("made a log report for you"),
    (R, What.DATA_EXPORT_JSON): gettext_lazy("gathered your information for you"),
    (R, What.DATA_EXPORT_PDF): gettext_lazy("gathered your information for you"),
    (W, What.RETENTION): gettext_lazy("removed information past its retention time"),
    (R, What.RETENTION): gettext_lazy("checked the retention time of your information"),
}
FALLBACK: dict[str, Promise] = {R: gettext_lazy("viewed your information"),
            W: gettext_lazy("changed your information")}
SHOWN: dict[str, Promise] = {
    DisclosureBasis.CONSENT: gettext_lazy(
        "was shown your information from another organisation's records, with your consent"),
    DisclosureBasis.LEGAL_BASIS: gettext_lazy(
        "was shown your information from another organisation's records, on a legal basis"),
    DisclosureBasis.EMERGENCY: gettext_lazy(
        "was shown your information from other records under emergency access"),
}


@dataclass(frozen=True)
class Line:
    """One event of the report, every part already in the report's language."""

    at: datetime.datetime  # local time
    when: str
    who: str
    organisation: str
    happened: str
    details: str
    emergency: bool

    @property
    def sentence(self) -> str:
        if not self.organisation:
            return _("%(who)s %(happened)s %(when)s.") % {
                "who": self.who, "happened": self.happened, "when": self.when}
        return _("%(who)s, %(organisation)s, %(happened)s %(when)s.") % {
            "who": self.who, "organisation": self.organisation, "happened": self.happened,
            "when": self.when}


def when_label(at: datetime.datetime) -> str:
    local = timezone.localtime(at)
    return _("%(date)s at %(time)s") % {"date": date_format(local, "SHORT_DATE_FORMAT"),
                                        "time": date_format(local, "TIME_FORMAT")}


def _who(row: UseLog | DisclosureLog) -> str:
    if row.user_id is None and not row.user_name:
        return _("Moti (automatic)")
    title = capfirst(row.user_title.strip())
    return f"{title} {row.user_name}".strip() if title else row.user_name


def _team(description: dict[str, Any]) -> str:
    try:
        convened = datetime.date.fromisoformat(description.get("team", ""))
    except ValueError:
        return ""
    return _("the MOTI team convened on %(date)s") % {
        "date": date_format(convened, "SHORT_DATE_FORMAT")}


def _used(row: UseLog) -> Line:
    happened = HAPPENED.get((row.operation, row.what)) or FALLBACK[row.operation]
    details = [_team(row.description)]
    if row.emergency:
        details.append(_("emergency access"))
    return Line(at=timezone.localtime(row.at), when=when_label(row.at), who=_who(row),
                organisation=row.organisation, happened=str(happened),
                details="; ".join(d for d in details if d), emergency=row.emergency)


def _disclosed(row: DisclosureLog) -> Line:
    registers = dict(Register.choices)
    if row.to_client:
        happened = _("gave you %(what)s") % {"what": row.what_label}
        details = ""
    else:
        happened = str(SHOWN.get(row.basis, SHOWN[DisclosureBasis.CONSENT]))
        parts = [row.what_label, ", ".join(str(registers.get(code, code)) for code in
                                           row.registers.split(",") if code)]
        if row.basis == DisclosureBasis.CONSENT and row.basis_reference:
            parts.append(_("consent given on %(date)s") % {"date": row.reference_label})
        elif row.basis_reference:
            parts.append(row.reference_label)
        details = "; ".join(p for p in parts if p)
    return Line(at=timezone.localtime(row.at), when=when_label(row.at), who=_who(row),
                organisation=row.organisation, happened=happened, details=details,
                emergency=row.basis == DisclosureBasis.EMERGENCY)


def report_lines(report: dict[str, Any]) -> list[Line]:
    """The report's uses and disclosures as one list, newest first."""
    lines = [_used(row) for row in report["used"]]
    lines += [_disclosed(row) for row in report["disclosed"]]
    return sorted(lines, key=lambda line: line.at, reverse=True)
