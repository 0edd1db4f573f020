from django import forms
from django.utils.translation import gettext_lazy as _

from moti.core.forms import (
    DateInput,
    ModelMultipleChoiceField,
    MotiForm,
    OnceForm,
)
from moti.core.models import DataKind, Register
from moti.directory.models import Organisation

from .models import Client, Consent


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
    turvakielto = forms.BooleanField(
        label=_("Non-disclosure for personal safety (turvakielto)"), required=False,
        help_text=_("The address is then never shown or disclosed."),
    )


class ConsentForm(OnceForm):
    model = Consent

    organisations = ModelMultipleChoiceField(
        label=_("Organisations"), queryset=Organisation.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)
    organisation_kinds = forms.MultipleChoiceField(
        label=_("Or every organisation of these kinds"), choices=Organisation.Kind.choices,
        required=False, widget=forms.CheckboxSelectMultiple)
    registers = forms.MultipleChoiceField(label=_("Registers whose data may be shown"),
                                          choices=Register.choices,
                                          widget=forms.CheckboxSelectMultiple)
    data_kinds = forms.MultipleChoiceField(label=_("Kinds of data"),
                                           choices=DataKind.choices,
                                           widget=forms.CheckboxSelectMultiple)
    purpose = forms.CharField(label=_("Purpose"), max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    given_how = forms.ChoiceField(label=_("How given"), choices=Consent.GivenHow.choices,
                                  widget=forms.RadioSelect)
    witness = forms.CharField(label=_("Witness"), max_length=200, required=False,
                              help_text=_("Needed for a verbal consent."))
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False,
                                  help_text=_("Only when the disclosure rests on a statute."))
    given_on = forms.DateField(label=_("Date given"), widget=DateInput)
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput)


class DisclosureBanForm(MotiForm):
    disclosure_ban = forms.BooleanField(label=_("The client forbids disclosure (luovutuskielto)"),
                                        required=False)
