"""Shared write mechanisms: one-time form submits and version-checked edits with history."""

import datetime
import hashlib
import json
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Change, SubmissionKey, Versioned

M = TypeVar("M", bound=models.Model)
SPENT_KEY = "spent_form_key"
V = TypeVar("V", bound=Versioned)


class EditConflict(Exception):
    """Someone saved the record after the editor opened it."""

    def __init__(self, current: Versioned):
        super().__init__("edit conflict")
        self.current = current
        self.updated_by = current.updated_by
        self.updated_at = current.updated_at


def submitted(*, key: object, user: User, model: type[M]) -> M | None:
    """What an earlier submit of this form key by this user made, if it was sent already: a
    form whose fields depend on what the first submit changed finds its result by this."""
    try:
        found = uuid.UUID(str(key))
    except ValueError:
        return None
    earlier = SubmissionKey.objects.filter(key=found, user=user,
                                           kind=model._meta.label_lower).first()
    return model._default_manager.filter(pk=earlier.object_id).first() if earlier else None


def create_once(*, key: uuid.UUID | None, user: User, model: type[M],
                create: Callable[[], M], digest: str = "") -> M:
    """Run `create` once per form key: a repeated submit returns what the first one made.

    A key is spent once used: the same key from another user or another form, or with other
    content (`digest`: the page it was sent to and its data), is refused, not taken for a
    double submit that would silently drop the new content.
    """
    if key is None:
        return create()
    kind = model._meta.label_lower
    earlier = SubmissionKey.objects.filter(key=key).first()
    if earlier is None:
        try:
            with transaction.atomic():
                obj = create()
                SubmissionKey.objects.create(key=key, user=user, kind=kind, object_id=obj.pk,
                                             digest=digest)
            return obj
        except IntegrityError:
            # Two submits raced: the other one committed the key first, so its record stands.
            earlier = SubmissionKey.objects.filter(key=key).first()
            if earlier is None:
                raise
    if earlier.user_id != user.pk or earlier.kind != kind or earlier.digest != digest:
        raise ValidationError(_("This form was sent already, with other content. What you "
                                "typed is kept below: send it again to save it as a new "
                                "entry."), code=SPENT_KEY)
    return model._default_manager.get(pk=earlier.object_id)


def submission_digest(target: str, data: dict[str, Any]) -> str:
    """What identifies one submit of a form: the page it went to and what it held."""
    def plain(value: Any) -> Any:
        if isinstance(value, models.Model):
            return value.pk
        if isinstance(value, models.QuerySet | list | tuple | set):
            return sorted(str(plain(v)) for v in value)
        return str(value)

    body = json.dumps({"target": target, **{k: plain(v) for k, v in data.items()}},
                      sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


# A register item named in another's history is stored by its id, not its text: the history
# is read by people who may not see that item (plans/selectors.plan_changes_list names it).
ITEM_REFERENCE = "#"


def _as_text(value: object) -> str:
    """A value as the history page shows it: Finnish date style, local time."""
    if isinstance(value, models.Model) and hasattr(value, "data_kind"):
        return f"{ITEM_REFERENCE}{value.pk}"
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else "–"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def versioned_update(*, instance: V, expected_version: int, user: User,
                     fields: dict[str, Any]) -> V:
    """Apply `fields` if nobody saved since `expected_version`; record each change's old text."""
    changed = {name: value for name, value in fields.items() if getattr(instance, name) != value}
    if not changed and instance.version == expected_version:
        return instance
    old = {name: _as_text(getattr(instance, name)) for name in changed}
    for name, value in changed.items():
        setattr(instance, name, value)
    model = type(instance)
    # Only what changes is validated: the rest was valid when saved, and checking each
    # unchanged foreign key and unique field again cost a query apiece.
    instance.full_clean(exclude=[f.name for f in model._meta.fields if f.name not in changed])
    with transaction.atomic():
        now = timezone.now()
        updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
            version=models.F("version") + 1, updated_by=user, updated_at=now, **changed
        )
        if not updated:
            current = model._default_manager.select_related("updated_by").get(pk=instance.pk)
            if current.updated_by_id == user.pk and all(
                    getattr(current, name) == value for name, value in fields.items()):
                # The same form sent twice (a double click): the first save made exactly this
                # change, so the second is no conflict with anyone.
                return current
            raise EditConflict(current)
        Change.objects.bulk_create(
            Change(
                kind=model._meta.label_lower,
                object_id=instance.pk,
                field=name,
                old_value=old[name],
                new_value=_as_text(getattr(instance, name)),
                changed_by=user,
            )
            for name in changed
        )
    # As the UPDATE left the row (it matched expected_version), without reading it back.
    instance.version, instance.updated_by, instance.updated_at = expected_version + 1, user, now
    return instance
