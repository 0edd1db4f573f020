"""Writes for the directory."""

from django.db import transaction

from .models import Organisation, Person


@transaction.atomic
def organisation_create(*, name: str, kind: str, register: str,
                        parent: Organisation | None = None, business_id: str = "") -> Organisation:
    """An organisation, under its data controller: the root of `parent`'s chain, or itself."""
    organisation = Organisation(name=name, kind=kind, register=register, parent=parent,
                                business_id=business_id)
    organisation.full_clean(exclude=["controller"])
    organisation.save()
    organisation.controller_id = parent.controller_key if parent else organisation.pk
    organisation.save(update_fields=["controller"])
    return organisation


def person_muted_set(*, person: Person, muted: list[str]) -> Person:
    """The kinds of message the person no longer wants by e-mail."""
    person.muted_messages = sorted(set(muted))
    person.save(update_fields=["muted_messages"])
    return person
