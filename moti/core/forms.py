"""Form plumbing shared by every app: HDS field markup and one-time submit keys."""

import uuid

from django import forms
from django.forms.renderers import TemplatesSetting


class MotiFormRenderer(TemplatesSetting):
    """Renders every field with the HDS markup in core/field.html."""

    field_template_name = "core/field.html"


class MotiForm(forms.Form):
    """Every Moti form: HDS classes on the inputs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "hds-checkbox__input" if isinstance(field.widget, forms.CheckboxInput) \
                else "hds-text-input__input"
            if not isinstance(field.widget, forms.HiddenInput | forms.RadioSelect
                              | forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", css)


class OnceForm(MotiForm):
    """A create form: its hidden key makes a double submit create one record."""

    form_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def apply_service_errors(form: forms.Form, error) -> None:
    """Put a service's ValidationError on the form's fields, or on the form as a whole."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
