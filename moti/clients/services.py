"""Writes for clients."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Client


class DuplicateClient(ValidationError):
    """A client with this identity code exists already."""

    def __init__(self, existing: Client):
        super().__init__(
            {"identity_code": _("A client with this identity code already exists.")},
            code="duplicate",
        )
        self.existing = existing


@transaction.atomic
def client_create(*, user: User, first_name: str, last_name: str, identity_code: str = "",
                  birth_date: datetime.date | None = None, language: str = Client.Language.FI,
                  municipality: str = "",
                  street_address: str = "", postal_code: str = "", phone: str = "",
                  email: str = "", turvakielto: bool = False) -> Client:
    client = Client(
        first_name=first_name.strip(), last_name=last_name.strip(),
        identity_code=identity_code.strip().upper() or None, birth_date=birth_date,
        language=language, municipality=municipality, street_address=street_address,
        postal_code=postal_code, phone=phone, email=email, turvakielto=turvakielto, created_by=user,
    )
    client.full_clean(validate_unique=False)
    existing = Client.objects.filter(identity_code=client.identity_code).first() \
        if client.identity_code else None
    if existing:
        raise DuplicateClient(existing)
    client.save()
    return client


def client_set_turvakielto(*, client: Client, on: bool) -> Client:
    """Non-disclosure for personal safety: the address is no longer shown anywhere."""
    client.turvakielto = on
    client.save(update_fields=["turvakielto"])
    return client
