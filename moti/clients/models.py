"""Clients of multidisciplinary work."""

import datetime
import string
from collections.abc import Iterable
from typing import Any, ClassVar, Protocol, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import hetu

from moti.core.models import DataKind, Register
from moti.directory.models import Person

PSEUDONYM = "–"  # what the retention run leaves of a name or a required text


class RegisterItem(models.Model):
    """A piece of client information, kept in one register and written by one professional.

    The controller and register are the author's organisation's at the time of writing (Act
    703/2023: each controller's records apart, and a county's social and health care records
    apart); `data_kind` says which consents can open it to others.
    Concerns, meetings, notes, plans, goals and actions are register items.
    """

    data_kind: ClassVar[DataKind]
    # The path from an item to its client's id, and what the retention run writes over the
    # free text it holds about the client (`dpo.retention`: every register item's, one loop;
    # a test checks that every text field of every register item is named here).
    client_path: ClassVar[str]
    client_texts: ClassVar[dict[str, str]]

    controller = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("data controller"))
    register = models.CharField(_("register"), max_length=10, choices=Register.choices)
    author = models.ForeignKey("directory.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


def register_item_models() -> list[type[RegisterItem]]:
    """Every kind of register item of every app."""
    return [model for model in apps.get_models() if issubclass(model, RegisterItem)]


def authored_by(author: Person) -> dict[str, Any]:
    """The fields that file an item where its author works: author, controller, register."""
    return {"author": author, "controller_id": author.organisation.controller_key,
            "register": author.organisation.register}


Item = TypeVar("Item", bound=RegisterItem)


class RegisterFilter(Protocol):
    """What one viewer may see of a client's register items (access.helpers.Visibility)."""

    @property
    def members(self) -> list[Any]:
        """The team's members (people and organisations), read once for the page."""

    def split(self, items: Iterable[Item]) -> tuple[list[Item], Any]:
        """The items shown, and what is withheld (counted, with its registers)."""

    def split_many(self, *groups: Iterable[Any]) -> tuple[list[list[Any]], Any]:
        """`split` of several groups at once, their disclosures logged together."""


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


def identity_code_make(*, born: datetime.date, individual: int, sign: str) -> str:
    """A valid identity code for a birth date, century sign and individual number.

    For synthetic clients (demo, tests): the check character is the one `stdnum.fi.hetu` accepts.
    """
    stem = f"{born:%d%m%y}{sign}{individual:03d}"
    return next(stem + check for check in string.digits + string.ascii_uppercase
                if hetu.is_valid(stem + check, allow_temporary=True))


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
    email = models.EmailField(_("e-mail"), blank=True)
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
        if not self.identity_code and not self.birth_date:
            # Without either, two clients of the same name could not be told apart.
            raise ValidationError({"birth_date": _(
                "Give the identity code, or the date of birth when the client has none.")})
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": _("The date of birth cannot be in the future.")})
        if self.birth_date and self.birth_date < datetime.date(1900, 1, 1):
            raise ValidationError({"birth_date": _("Check the year of birth.")})

    @property
    def shown_address(self) -> str:
        """The address as it may be shown: never for a client with turvakielto."""
        if self.turvakielto:
            return ""
        return " ".join(p for p in [self.street_address, self.postal_code, self.municipality] if p)

