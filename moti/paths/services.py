"""Writes of the client's path: service episodes and their next steps."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from moti.clients.models import Client, authored_by
from moti.core.services import versioned_update
from moti.directory.models import Person, Service

from .models import ServiceEpisode


def service_named(name: str) -> Service | None:
    """The directory's service of this name in any of its languages, when exactly one has
    it: a typed name is linked to the directory once the directory knows it."""
    name = name.strip()
    if not name:
        return None
    found = list(Service.objects.filter(Q(name_fi__iexact=name) | Q(name_sv__iexact=name)
                                        | Q(name_en__iexact=name)).select_related(
        "organisation")[:2])
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class Step:
    """What a form says of an episode: the service by name, its dates and its next step."""

    service_name: str
    intensity: str
    starts_on: datetime.date
    planned_end_on: datetime.date | None = None
    ended_on: datetime.date | None = None
    end_reason: str = ""
    next_service_name: str = ""
    next_owner: Person | None = None
    next_on: datetime.date | None = None

    def fields(self, named: Callable[[str], Service | None] = service_named
               ) -> dict[str, Any]:
        """The model's fields: each name linked to the directory where it can be (`named`:
        an import passes a cached lookup, as its rows name a few services many times)."""
        service = named(self.service_name)
        next_service = named(self.next_service_name)
        return {
            "service": service, "service_name": "" if service else self.service_name.strip(),
            "organisation": service.organisation if service else None,
            "intensity": self.intensity, "starts_on": self.starts_on,
            "planned_end_on": self.planned_end_on, "ended_on": self.ended_on,
            "end_reason": self.end_reason if self.ended_on else "",
            "next_service": next_service,
            "next_service_name": "" if next_service else self.next_service_name.strip(),
            "next_owner": self.next_owner if self.next_service_name.strip() else None,
            "next_on": self.next_on if self.next_service_name.strip() else None,
        }

    def check(self) -> None:
        """A next step has one owner and a date (who arranges it, by when)."""
        errors = {}
        if self.next_service_name.strip():
            if self.next_owner is None:
                errors["next_owner"] = _("Name the member who arranges the next step.")
            if self.next_on is None:
                errors["next_on"] = _("Give the day the next step is due.")
        if errors:
            raise ValidationError(errors)


def service_lookup() -> Callable[[str], Service | None]:
    """`service_named` remembered for one run (an import of thousands of rows)."""
    return lru_cache(maxsize=None)(service_named)


def episode_add(*, client: Client, author: Person, **given: Any) -> ServiceEpisode:
    """`given`: the fields of a Step (a create form's fields, as submit_once passes them)."""
    step = Step(**given)
    step.check()
    episode = ServiceEpisode(client=client, updated_by=author.user, **authored_by(author),
                             **step.fields())
    episode.full_clean()
    episode.save()
    return episode


def episode_update(*, episode: ServiceEpisode, user: User, expected_version: int,
                   step: Step) -> ServiceEpisode:
    step.check()
    return versioned_update(instance=episode, expected_version=expected_version, user=user,
                            fields=step.fields())


def no_next_step_record(*, episode: ServiceEpisode, by: Person, expected_version: int,
                        reason: str) -> ServiceEpisode:
    """The lead's word that the client needs no next step: the transition is no longer at
    risk. An empty reason takes the word back."""
    reason = reason.strip()
    assert by.user is not None
    if reason == episode.no_next_reason:
        return episode  # nothing new (the same form sent twice finds it saved)
    return versioned_update(instance=episode, expected_version=expected_version, user=by.user,
                            fields={"no_next_reason": reason, "no_next_by": by if reason else None,
                                    "no_next_at": timezone.now() if reason else None})
