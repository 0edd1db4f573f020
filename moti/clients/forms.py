from django import forms
from django.utils.translation import gettext_lazy as _

from moti.core.forms import DateInput, MotiForm, OnceForm

from .models import Client


class ClientSearchForm(MotiForm):
    query = forms.CharField(
        label=_("Name or personal identity code"), max_length=100,
        help_text=_("A name finds your own clients; a whole identity code finds any client."),
    )


class ClientForm(OnceForm):
    model = Client

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    identity_code = forms.CharField(
        label=_("Personal identity code"), max_length=11, required=False,
        help_text=_("For example 010190-123A. Leave empty if the client has none."),
    )
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput,
                                 help_text=_("Needed only when there is no identity code."))
    language = forms.ChoiceField(label=_("Language"), choices=Client.Language.choices)
    municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)
    street_address = forms.CharField(label=_("Street address"), max_length=200, required=False)
    postal_code = forms.RegexField(label=_("Postal code"), regex=r"^\d{5}$", required=False,
                                   error_messages={"invalid": _("Five digits, for example 70100.")})
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    turvakielto = forms.BooleanField(
        label=_("Non-disclosure for personal safety (turvakielto)"), required=False,
        help_text=_("The address is then never shown or disclosed."),
    )


class TurvakieltoForm(MotiForm):
    turvakielto = forms.BooleanField(
        label=_("Non-disclosure for personal safety (turvakielto)"), required=False,
        help_text=_("The address is then never shown or disclosed."))
