"""The directory's forms: searching it, and its maintainers' edits."""

import re
from typing import cast

from django import forms
from django.db import models
from django.db.models import Q
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from moti.core.forms import (
    DateInput,
    ModelChoiceField,
    ModelMultipleChoiceField,
    MotiForm,
    VersionField,
)
from moti.core.models import NeedDomain

from .models import (
    LANGUAGES,
    Agreement,
    Channel,
    Organisation,
    Person,
    SearchEntry,
    Service,
    ServicePoint,
)

ANY = [("", _("Any"))]


class SearchForm(MotiForm):
    q = forms.CharField(label=_("Search the directory"), max_length=200, required=False,
                        help_text=_("A service, a name, a title, a decision, a place: in "
                                    "Finnish, Swedish or English."),
                        widget=forms.TextInput(attrs={"type": "search"}))
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=ANY + SearchEntry.Kind.choices)
    domain = forms.ChoiceField(label=_("Need domain"), required=False,
                               choices=ANY + NeedDomain.choices)
    municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=ANY + [
        (code, name) for code, name in LANGUAGES])
    channel = forms.ChoiceField(label=_("Channel"), required=False,
                                choices=ANY + Channel.choices)


class ListField(forms.CharField):
    """A list written one item after another, separated by commas."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [item.strip() for item in (value or "").split(",") if item.strip()]


DAYS = {"ma": 0, "ti": 1, "ke": 2, "to": 3, "pe": 4, "la": 5, "su": 6,
        "må": 0, "on": 2, "fr": 4, "lö": 5, "sö": 6,
        "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
DAY_NAMES = ("ma", "ti", "ke", "to", "pe", "la", "su")
_LINE = re.compile(r"^\s*(\w+)\s*(?:[-–]\s*(\w+))?\s+(\d{1,2})(?:[.:](\d{2}))?\s*[-–]\s*"
                   r"(\d{1,2})(?:[.:](\d{2}))?\s*$")


class OpeningHoursField(forms.CharField):
    """Opening hours, a line per period: "ma-pe 8.00-16.00", "la 10-14" (fi, sv or en days)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if not isinstance(value, list):
            return value
        lines = []
        for period in value:
            days = period["days"]
            span = DAY_NAMES[days[0]] + (f"-{DAY_NAMES[days[-1]]}" if len(days) > 1 else "")
            lines.append(f"{span} {period['from']}-{period['to']}")
        return "\n".join(lines)

    def to_python(self, value):
        periods = []
        for line in (value or "").splitlines():
            if not line.strip():
                continue
            match = _LINE.match(line.lower())
            first, last = (DAYS.get(match.group(1)), DAYS.get(match.group(2) or match.group(1))) \
                if match else (None, None)
            if first is None or last is None or last < first:
                raise forms.ValidationError(
                    _("Write each period on its own line as days and hours, e.g. "
                      "\"ma-pe 8.00-16.00\"; this line was not understood: %(line)s"),
                    params={"line": line.strip()}, code="hours")
            opens = f"{int(match.group(3)):02d}:{match.group(4) or '00'}"
            closes = f"{int(match.group(5)):02d}:{match.group(6) or '00'}"
            minutes = [int(match.group(n) or 0) for n in (4, 6)]
            if max(minutes) > 59 or not ("00:00" <= opens < closes <= "24:00"):
                raise forms.ValidationError(_("The hours of \"%(line)s\" are not possible."),
                                            params={"line": line.strip()}, code="hours")
            periods.append({"days": list(range(first, last + 1)), "from": opens, "to": closes})
        return periods


def _checkboxes(label, choices, required=False):
    return forms.MultipleChoiceField(label=label, choices=choices, required=required,
                                     widget=forms.CheckboxSelectMultiple)


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"  # a web address typed without one
    # Moti's choice fields refuse what cannot be an id before asking the database.
    if isinstance(field, models.ForeignKey):
        kwargs["form_class"] = ModelChoiceField
    if isinstance(field, models.ManyToManyField):
        kwargs["form_class"] = ModelMultipleChoiceField
    return field.formfield(**kwargs)


def _entry_form(model, fields: list[str], **overrides) -> type[MotiForm]:
    declared = dict(fields_for_model(model, fields=fields, formfield_callback=_formfield))
    declared.update(overrides)
    for field in declared.values():
        if isinstance(field, forms.DateField):
            field.widget = DateInput()
    declared["version"] = VersionField(required=False)
    return type(f"{model.__name__}Form", (MotiForm,), declared)


TRANSLATED = ["name_fi", "name_sv", "name_en", "description_fi", "description_sv",
              "description_en"]

ServiceForm = _entry_form(
    Service, ["organisation", *TRANSLATED, "service_classes", "need_domains", "target_groups",
              "eligibility", "how_to_contact", "decisions", "waiting_days",
              "waiting_measured_on", "languages", "channels", "cost", "municipalities", "phone",
              "email", "web"],
    service_classes=ListField(label=_("Service classes"), required=False,
                              help_text=_("National service class codes, e.g. P4.1, P15.1.")),
    need_domains=_checkboxes(_("Need domains"), NeedDomain.choices),
    languages=_checkboxes(_("Languages"), LANGUAGES),
    channels=_checkboxes(_("Channels"), Channel.choices),
    municipalities=ListField(label=_("Municipalities served"), required=False,
                             help_text=_("Separated by commas; empty: wherever the "
                                         "organisation works.")),
)
PointForm = _entry_form(
    ServicePoint, ["organisation", *TRANSLATED, "street_address", "postal_code", "post_office",
                   "municipality", "municipality_code", "latitude", "longitude",
                   "opening_hours", "accessibility", "phone", "email", "services"],
    opening_hours=OpeningHoursField(label=_("Opening hours"), required=False,
                                    help_text=_("A line per period, e.g. \"ma-pe 8.00-16.00\".")),
    services=ModelMultipleChoiceField(label=_("Services given here"), required=False,
                                            queryset=Service.objects.none(),
                                            widget=forms.CheckboxSelectMultiple),
)
# A person's name, organisation and contact come with their account (access administration):
# invitations go to that address, so the directory's maintainers write the person's role only.
PersonForm = _entry_form(
    Person, ["title", "languages", "responsibilities", "decisions", "expertise",
             "municipalities", "services"],
    expertise=_checkboxes(_("Expertise (need domains)"), NeedDomain.choices),
    municipalities=ListField(label=_("Municipalities served"), required=False),
    services=ModelMultipleChoiceField(label=_("Services they give"), required=False,
                                            queryset=Service.objects.none(),
                                            widget=forms.CheckboxSelectMultiple),
)
# An organisation's kind and register decide who sees which records and who may join a team as
# what: they are set when it is made, never by the directory's maintainers.
OrganisationForm = _entry_form(Organisation, ["name", "business_id", "oid", "description",
                                              "web"])
AgreementForm = _entry_form(
    Agreement, ["title", "parties", "purpose", "roles", "resources", "cadence",
                "next_meeting", "contacts"],
    parties=ModelMultipleChoiceField(label=_("Parties"), queryset=Organisation.objects.all(),
                                           widget=forms.CheckboxSelectMultiple),
    contacts=ModelMultipleChoiceField(
        label=_("Contact people"), required=False, queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People of the parties who answer for the agreement.")),
)


def limit_choices(form: forms.Form, entry, organisation_id: int | None = None) -> None:
    """Links offered by their organisation, never the whole county: a person's services are
    their organisation's, a point's its organisation's, an agreement's contacts the parties'
    people with a role written in the directory (and those already named)."""
    if "services" in form.fields:
        org = organisation_id or getattr(entry, "organisation_id", None)
        services = cast(ModelMultipleChoiceField, form.fields["services"])
        services.queryset = Service.objects.filter(organisation_id=org) if org \
            else Service.objects.none()
    if "contacts" in form.fields:
        named = entry.contacts.values("pk") if entry and entry.pk else Person.objects.none()
        parties = entry.parties.values("pk") if entry and entry.pk else []
        contacts = cast(ModelMultipleChoiceField, form.fields["contacts"])
        contacts.queryset = Person.objects.filter(
            Q(pk__in=named) | Q(organisation__in=parties) & ~Q(responsibilities="")
        ).select_related("organisation")
