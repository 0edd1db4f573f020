from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from moti.access.selectors import USERS_MATCHED, user_ids_matching
from moti.core.forms import DateInput, MotiForm


class PeriodForm(MotiForm):
    """From a day to a day, both optional, the end not before the start."""

    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("To"), required=False, widget=DateInput)
    emergency_only = forms.BooleanField(label=_("Emergency access only"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end cannot be before the start."))
        return data


class LogFilterForm(PeriodForm):
    user = forms.CharField(label=_("User"), required=False, max_length=100,
                           help_text=_("A name or a user name, or a part of one."))
    client = forms.IntegerField(label=_("Client number"), required=False, min_value=1,
                                max_value=10**15,
                                help_text=_("The number in the client's address in Moti."))
    field_order = ["user", "client", "since", "until", "emergency_only"]

    def clean_user(self) -> list[int] | None:
        """The accounts the text stands for (searched, not listed: a county has 10,000)."""
        text = self.cleaned_data["user"].strip()
        if not text:
            return None
        ids = user_ids_matching(text=text)
        if not ids:
            raise forms.ValidationError(_("No user matches “%(text)s”."),
                                        params={"text": text})
        if len(ids) > USERS_MATCHED:
            raise forms.ValidationError(
                _("More than %(n)s users match “%(text)s”: write more of the name."),
                params={"n": USERS_MATCHED, "text": text})
        return ids


class ReportPeriodForm(PeriodForm):
    """What the client's log report covers, and the language it is written in."""

    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES,
                                 required=False,
                                 help_text=_("The client's own language unless they ask for "
                                             "another."))
    field_order = ["since", "until", "organisation", "emergency_only", "language"]

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("All")), *((o, o) for o in organisations)]


class HandOverForm(MotiForm):
    """Giving a report or an export to the client: a disclosure, recorded as one."""

    format = forms.ChoiceField(label=_("Format"), widget=forms.RadioSelect, initial="pdf")
    confirm = forms.BooleanField(
        label=_("I am giving this to the client (it is recorded in the disclosure log)"))


class ReportHandOverForm(HandOverForm, ReportPeriodForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [
            ("pdf", "PDF"), ("csv", "CSV"),
            ("evidence", _("JSON with proofs that the rows are sealed"))]
        for name in ("since", "until", "organisation", "emergency_only", "language"):
            self.fields[name].widget = forms.HiddenInput()


class ExportHandOverForm(HandOverForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [("pdf", "PDF"), ("json", "JSON")]


class ClientLookupForm(MotiForm):
    identity_code = forms.CharField(label=_("Personal identity code"), max_length=11)
