from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moti.core.forms import DateInput, ModelMultipleChoiceField, MotiForm, OnceForm
from moti.core.models import DataKind
from moti.directory.models import Organisation

from .models import Capability, Consent, EmergencyAccess, Role, RoleKind


class EmergencyForm(OnceForm):
    model = EmergencyAccess

    reason = forms.CharField(
        label=_("Reason for emergency access"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Access lasts a few hours, is read-only, is logged and is reviewed by the "
                    "data protection officer."))


class OrganisationsField(ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class ConsentFields(MotiForm):
    """What the client consents to: whose records may show to whom, how the consent was
    given. The recorder's own controller and register are the ones it opens."""

    organisations = OrganisationsField(
        label=_("Organisations whose team members may see your organisation's records"),
        queryset=Organisation.objects.none())
    data_kinds = forms.MultipleChoiceField(label=_("Kinds of data"), choices=DataKind.choices,
                                           widget=forms.CheckboxSelectMultiple,
                                           initial=list(DataKind.values))
    given_how = forms.ChoiceField(label=_("How given"), widget=forms.RadioSelect,
                                  choices=[c for c in Consent.GivenHow.choices
                                           if c[0] != Consent.GivenHow.STATUTE],
                                  initial=Consent.GivenHow.SIGNED)
    witness = forms.CharField(label=_("Witness"), max_length=200, required=False,
                              help_text=_("Needed for a verbal consent."))
    given_on = forms.DateField(label=_("Date given"), widget=DateInput,
                               initial=timezone.localdate)
    expires_on = forms.DateField(label=_("Valid until"), required=False, widget=DateInput,
                                 help_text=_("Leave empty: until the team closes."))

    def __init__(self, *args, organisations, **kwargs):
        """`organisations`: those the consent may open the records to, read once here."""
        super().__init__(*args, **kwargs)
        offered = list(organisations)
        self.fields["organisations"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in offered])
        self.fields["organisations"].initial = offered


class ConveneConsentForm(ConsentFields):
    """The consent part of convening; optional, with its own prefix."""

    consent_given = forms.BooleanField(
        label=_("The client consents to the team's information sharing"), required=False,
        help_text=_("Record what the client agreed to: without it, members see only their "
                    "own organisation's records."))
    field_order = ["consent_given"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # asked for only when the client consents
            field.required = False
        self.fields["organisations"].initial = []  # the client names them; none is assumed

    def clean(self):
        data = super().clean()
        if data.get("consent_given"):
            for name in ("organisations", "data_kinds", "given_how", "given_on"):
                if not data.get(name):
                    self.add_error(name, _("Needed when the client consents."))
        return data


class ConsentForm(OnceForm, ConsentFields):
    """A consent or a legal basis, as far as the recorder's role allows: only the kinds it
    may record are offered."""

    model = Consent

    given_how = forms.ChoiceField(label=_("Consent or legal basis"), widget=forms.RadioSelect,
                                  choices=Consent.GivenHow.choices,
                                  initial=Consent.GivenHow.SIGNED)

    def __init__(self, *args, consent=True, legal_basis=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_how"].choices = [
            (value, label) for value, label in Consent.GivenHow.choices
            if (legal_basis if value == Consent.GivenHow.STATUTE else consent)]
        if not legal_basis:
            del self.fields["statute"], self.fields["statute_text"]
        elif not consent:
            self.fields["given_how"].initial = Consent.GivenHow.STATUTE
    statute = forms.ChoiceField(label=_("Statute"), required=False,
                                choices=[("", "–"), *Consent.Statute.choices],
                                help_text=_("Only for a legal basis."))
    statute_text = forms.CharField(label=_("Statute, when other"), max_length=300,
                                   required=False)


class ReviewForm(MotiForm):
    review_verdict = forms.ChoiceField(label=_("Verdict"), choices=EmergencyAccess.Verdict.choices,
                                       widget=forms.RadioSelect)
    review_note = forms.CharField(label=_("Review note"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class RoleForm(MotiForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=RoleKind.choices)
    capabilities = forms.MultipleChoiceField(label=_("Capabilities"), required=False,
                                             choices=Capability.choices,
                                             widget=forms.CheckboxSelectMultiple)


class PersonRolesForm(MotiForm):
    roles = OrganisationsField(label=_("Roles"), queryset=Role.objects.none(), required=False)

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].queryset = roles
