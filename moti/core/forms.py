"""Form plumbing shared by every app: HDS field markup, one-time submit keys, and running a
form's service so that its errors land on the form."""

import datetime
import uuid
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from .services import SPENT_KEY, EditConflict, create_once, submission_digest
from .urls import id_from

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)


class MotiFormRenderer(TemplatesSetting):
    """Renders every field with the HDS markup in core/field.html."""

    field_template_name = "core/field.html"


EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
# Free text with no limit of its own stops here: more than anyone types into one box.
TEXT_LIMIT = 10_000


def _date_in_range(value: datetime.date | datetime.datetime) -> None:
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(_("Give a date between %(first)s and %(last)s.")
                              % {"first": EARLIEST.year, "last": LATEST.year}, code="date_range")


class MotiForm(forms.Form):
    """Every Moti form: HDS classes on the inputs, dates in a sensible range, text limited."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            self.dress(field)

    @staticmethod
    def dress(field: forms.Field) -> forms.Field:
        """The HDS class, the date range and the text limit; a form that adds fields after
        __init__ (one per line of a text) dresses them with this too."""
        css = "hds-checkbox__input" if isinstance(field.widget, forms.CheckboxInput) \
            else "hds-text-input__input"
        if not isinstance(field.widget, forms.HiddenInput | forms.RadioSelect
                          | forms.CheckboxSelectMultiple):
            field.widget.attrs.setdefault("class", css)
        if isinstance(field, forms.DateField | forms.DateTimeField):
            field.validators.append(_date_in_range)
        if isinstance(field, forms.CharField) and not isinstance(field, forms.UUIDField) \
                and field.max_length is None:
            field.max_length = TEXT_LIMIT
            field.validators.append(MaxLengthValidator(TEXT_LIMIT))
            field.widget.attrs.setdefault("maxlength", str(TEXT_LIMIT))
        return field


class OnceForm(MotiForm):
    """A create form for `model`: its hidden key makes a double submit create one record.
    `helpers`: fields that help fill the form in (a search) and are not the service's."""

    model: type[Any]
    helpers: tuple[str, ...] = ()
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
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)  # keeps the error's code for the view to tell apart


def _is_id(value) -> bool:
    return id_from(value) is not None


class LocalDateTimeField(forms.DateTimeField):
    """A date and time in Finland, with a plain error for an hour the clocks skip or repeat
    (Django's own names the time zone)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "ambiguous_timezone":
                raise
            raise ValidationError(_(
                "This time does not exist or happens twice when the clocks are changed: "
                "choose another time."), code="ambiguous_timezone") from None


class VersionField(forms.IntegerField):
    """The version a versioned record's edit form started from (core.services.versioned_update)."""

    widget = forms.HiddenInput


class ModelChoiceField(forms.ModelChoiceField):
    """Refuses what cannot be a database id before asking the database (SQLite overflows)."""

    def to_python(self, value):
        if value not in self.empty_values and not _is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses what cannot be a database id before asking the database (SQLite overflows)."""

    def _check_values(self, value):
        for item in value:
            if not _is_id(item):
                raise ValidationError(self.error_messages["invalid_pk_value"],
                                      code="invalid_pk_value", params={"pk": item})
        return super()._check_values(value)


def _display_name(user: Any) -> str:
    if user is None:
        return _("Someone")
    return user.get_full_name() or user.username


def run_service(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Run a view's service call; its validation errors and edit conflicts land on the form.

    Returns the service's result, or None when the form now carries errors. The error itself
    stays on the form as `service_error` for a view that has more to say (a duplicate client).
    """
    try:
        return call()
    except EditConflict as conflict:
        form.add_error(None, _(
            "%(who)s saved this at %(when)s after you opened it. Your text is kept below: "
            "compare it with theirs, then save again."
        ) % {"who": _display_name(conflict.updated_by),
             "when": timezone.localtime(conflict.updated_at).strftime("%d.%m.%Y %H:%M")})
        # The next save is checked against the version that is now stored.
        data = cast(QueryDict, form.data).copy()
        data["version"] = str(conflict.current.version)
        form.data = data
        form.conflict = conflict.current  # type: ignore[attr-defined]
    except ValidationError as error:
        apply_service_errors(form, error)
        form.service_error = error  # type: ignore[attr-defined]
    return None


def submit_once(request: HttpRequest, form: OnceForm, service: Callable[..., M], /,
                **context: Any) -> M | None:
    """A create form's service, run once per form key: a double submit makes one record.

    The form's fields are the service's keyword arguments (the key aside); `context` adds what
    the view knows, such as the team or the author. Errors land on the form (`run_service`).
    """
    data = {name: value for name, value in form.cleaned_data.items()
            if name != "form_key" and name not in form.helpers}
    created = run_service(form, lambda: create_once(
        key=form.cleaned_data["form_key"], user=cast(User, request.user), model=form.model,
        create=lambda: service(**context, **data),
        digest=submission_digest(request.path, data)))
    if created is None and form.has_error(NON_FIELD_ERRORS, SPENT_KEY):
        # The form shown again carries a fresh key: sending it once more saves it anew.
        data = cast(QueryDict, form.data).copy()
        data[form.add_prefix("form_key")] = str(uuid.uuid4())
        form.data = data
    return created


def form_status(form: forms.Form, *, invalid: int = 200) -> int:
    """The status of a page that shows `form` again: 409 after an edit conflict, else `invalid`
    when it carries errors (422 where the form is part of another page), else 200."""
    if getattr(form, "conflict", None) is not None:
        return 409
    return invalid if form.errors else 200
