"""Writes for the directory."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moti.core.models import Change
from moti.core.services import versioned_update

from . import search
from .models import Checked, Organisation, Person, Service, ServicePoint


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
    search.index(organisation)
    return organisation


def person_muted_set(*, person: Person, muted: list[str]) -> Person:
    """The kinds of message the person no longer wants by e-mail."""
    person.muted_messages = sorted(set(muted))
    person.save(update_fields=["muted_messages"])
    return person


# --- Directory entries: services, service points, people's roles, agreements --------------

def _many_text(objs: Iterable[Any]) -> str:
    return ", ".join(sorted(str(obj) for obj in objs))


@transaction.atomic
def entry_create(*, model: type[Checked], user: User, fields: dict[str, Any],
                 many: dict[str, Any] | None = None) -> Checked:
    """A new directory entry, checked by its maintainer as they write it."""
    entry = model(**fields, updated_by=user, checked_at=timezone.now(), checked_by=user)
    entry.full_clean()
    entry.save()
    for name, objs in (many or {}).items():
        getattr(entry, name).set(objs)
    _index(entry)
    return entry


@transaction.atomic
def entry_update(*, entry: Checked, expected_version: int, user: User, fields: dict[str, Any],
                 many: dict[str, Any] | None = None) -> Checked:
    """Save what the maintainer changed, unless someone saved since they started
    (`EditConflict`); every changed field, and every changed list of links, keeps its earlier
    value in the history. Saving an entry checks it."""
    before = {name: list(getattr(entry, name).all()) for name in (many or {})}
    # A list of choices saved in another order is no change (a form lists them in its own).
    fields = {name: value for name, value in fields.items()
              if not (isinstance(value, list) and isinstance(getattr(entry, name), list)
                      and sorted(map(str, value)) == sorted(map(str, getattr(entry, name))))}
    points_of = list(entry.services.all()) if isinstance(entry, ServicePoint) else []
    entry = versioned_update(instance=entry, expected_version=expected_version, user=user,
                             fields=fields)
    changes = []
    for name, objs in (many or {}).items():
        old, new = _many_text(before[name]), _many_text(objs)
        if old != new:
            getattr(entry, name).set(objs)
            changes.append(Change(kind=type(entry)._meta.label_lower, object_id=entry.pk,
                                  field=name, old_value=old, new_value=new, changed_by=user))
    Change.objects.bulk_create(changes)
    _checked(entry, user)
    _index(entry, also=points_of)
    return entry


def _index(entry: Checked, also: Iterable[Service] = ()) -> None:
    """The entry's search entry, and those that show something of it: a service's people
    (found by its name), a point's services (scored by its place), before and after."""
    search.index(entry)
    if isinstance(entry, Service):
        search.index(*entry.people.select_related("organisation").prefetch_related("services"))
    if isinstance(entry, ServicePoint):
        services = {s.pk: s for s in (*also, *entry.services.all())}
        search.index(*Service.objects.filter(pk__in=services).select_related("organisation")
                     .prefetch_related("points"))


@transaction.atomic
def entry_check(*, entry: Checked, user: User) -> Checked:
    """The maintainer confirms the entry is still right as it stands."""
    _checked(entry, user)
    Change.objects.create(kind=type(entry)._meta.label_lower, object_id=entry.pk,
                          field="checked_at", old_value="", new_value=_("checked"),
                          changed_by=user)
    return entry


def _checked(entry: Checked, user: User) -> None:
    entry.checked_at, entry.checked_by = timezone.now(), user
    type(entry)._default_manager.filter(pk=entry.pk).update(checked_at=entry.checked_at,
                                                   checked_by=user)
