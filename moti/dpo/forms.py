from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from moti.core.forms import DateInput, ModelChoiceField, MotiForm


class UserChoice(ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class LogFilterForm(MotiForm):
    user = UserChoice(label=_("User"), required=False,
                      queryset=get_user_model().objects.order_by("last_name", "first_name"))
    client = forms.IntegerField(label=_("Client number"), required=False, min_value=1,
                                help_text=_("The number in the client's address in Moti."))
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("To"), required=False, widget=DateInput)
    emergency_only = forms.BooleanField(label=_("Emergency access only"), required=False)


class ClientLookupForm(MotiForm):
    identity_code = forms.CharField(label=_("Personal identity code"), max_length=11)


class ReviewForm(MotiForm):
    review_note = forms.CharField(label=_("Review note"), widget=forms.Textarea(attrs={"rows": 2}))
