"""Clients of multidisciplinary work."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import hetu


def validate_identity_code(value: str) -> None:
    """Accept a Finnish personal identity code, 2023 century signs included."""
    try:
        hetu.validate(value, allow_temporary=True)
    except StdnumError as exc:
        raise ValidationError(
            _("This is not a valid personal identity code (for example 010190-123A)."),
            code="invalid_identity_code",
        ) from exc


CENTURIES = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}


def birth_date_from_identity_code(value: str) -> datetime.date:
    code = hetu.compact(value)
    century = CENTURIES[code[6]]
    return datetime.date(century + int(code[4:6]), int(code[2:4]), int(code[0:2]))


class Client(models.Model):
    class Language(models.TextChoices):
        FI = "fi", _("Finnish")
        SV = "sv", _("Swedish")
        EN = "en", _("English")
        OTHER = "other", _("Other")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    # Stored whole: the century sign is part of the identity and is never rebuilt.
    identity_code = models.CharField(
        _("personal identity code"), max_length=11, unique=True, null=True, blank=True,
        validators=[validate_identity_code],
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices,
                                default=Language.FI)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    turvakielto = models.BooleanField(
        _("non-disclosure for personal safety (turvakielto)"), default=False,
        help_text=_("The address is never shown or disclosed."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def clean(self):
        if self.identity_code:
            self.identity_code = self.identity_code.strip().upper()
            if not hetu.is_valid(self.identity_code, allow_temporary=True):
                return  # the field validator reports the invalid code
            derived = birth_date_from_identity_code(self.identity_code)
            if self.birth_date and self.birth_date != derived:
                raise ValidationError(
                    {"birth_date": _("The date of birth does not match the identity code.")}
                )
            self.birth_date = derived
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": _("The date of birth cannot be in the future.")})

    @property
    def shown_address(self) -> str:
        """The address as it may be shown: never for a client with turvakielto."""
        if self.turvakielto:
            return ""
        return " ".join(p for p in [self.street_address, self.postal_code, self.municipality] if p)
