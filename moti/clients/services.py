"""Writes for clients."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moti.directory.models import Organisation

from .models import Client, Consent


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
                  turvakielto: bool = False) -> Client:
    client = Client(
        first_name=first_name.strip(), last_name=last_name.strip(),
        identity_code=identity_code.strip().upper() or None, birth_date=birth_date,
        language=language, municipality=municipality, street_address=street_address,
        postal_code=postal_code, phone=phone, turvakielto=turvakielto, created_by=user,
    )
    client.full_clean(validate_unique=False)
    existing = Client.objects.filter(identity_code=client.identity_code).first() \
        if client.identity_code else None
    if existing:
        raise DuplicateClient(existing)
    client.save()
    return client


@transaction.atomic
def consent_record(*, client: Client, user: User, organisations: Iterable[Organisation],
                   organisation_kinds: list[str], registers: list[str], data_kinds: list[str],
                   purpose: str, given_how: str, witness: str = "", legal_basis: str = "",
                   given_on: datetime.date, expires_on: datetime.date | None = None) -> Consent:
    """Record a consent (or a legal basis) to show registers' data to other organisations."""
    errors: dict[str, str] = {}
    if not organisations and not organisation_kinds:
        errors["organisations"] = _("Name the organisations, or kinds of organisation, "
                                    "the consent covers.")
    if not registers:
        errors["registers"] = _("Choose at least one register.")
    if not data_kinds:
        errors["data_kinds"] = _("Choose at least one kind of data.")
    if given_how == Consent.GivenHow.VERBAL and not witness.strip():
        errors["witness"] = _("A verbal consent needs a witness.")
    if given_how == Consent.GivenHow.STATUTE and not legal_basis.strip():
        errors["legal_basis"] = _("Name the statute, for example Social Welfare Act 41 §.")
    if given_on and given_on > timezone.localdate():
        errors["given_on"] = _("The date given cannot be in the future.")
    if expires_on and given_on and expires_on < given_on:
        errors["expires_on"] = _("The consent cannot expire before it was given.")
    if errors:
        raise ValidationError(errors)
    consent = Consent(client=client, organisation_kinds=organisation_kinds, registers=registers,
                      data_kinds=data_kinds, purpose=purpose, given_how=given_how,
                      witness=witness, legal_basis=legal_basis, given_on=given_on,
                      expires_on=expires_on, recorded_by=user)
    consent.full_clean()
    consent.save()
    consent.organisations.set(organisations)
    return consent


def consent_revoke(*, consent: Consent, user: User) -> Consent:
    """Revoke at once: the next page load no longer shows what the consent opened."""
    if consent.revoked_at is None:
        Consent.objects.filter(pk=consent.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=user)
        consent.refresh_from_db()
    return consent


def client_set_disclosure_ban(*, client: Client, ban: bool) -> Client:
    client.disclosure_ban = ban
    client.save(update_fields=["disclosure_ban"])
    return client
