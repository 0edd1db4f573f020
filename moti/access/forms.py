from django import forms
from django.utils.translation import gettext_lazy as _

from moti.core.forms import OnceForm

from .models import EmergencyAccess


class EmergencyForm(OnceForm):
    model = EmergencyAccess

    reason = forms.CharField(
        label=_("Reason for emergency access"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Access lasts a few hours, is logged and is reviewed by the data "
                    "protection officer."))
