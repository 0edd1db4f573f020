"""Writes of the client's path: service episodes and their next steps."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from moti.clients.models import Client, authored_by
from moti.core.services import versioned_update
from moti.directory.models import Person, Service
from moti.teams.models import Team

from .models import ServiceEpisode


def services_named(name: str) -> QuerySet[Service]:
    """The directory's services of exactly this name in any of its languages."""
    name = name.strip()
    return Service.objects.filter(Q(name_fi__iexact=name) | Q(name_sv__iexact=name)
                                  | Q(name_en__iexact=name)).select_related("organisation")


def service_named(name: str) -> Service | None:
    """The directory's service of this name, when exactly one has it: a typed name is linked
    to the directory once the directory knows it."""
    if not name.strip():
        return None
    found = list(services_named(name)[:2])
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
        """What a form may not leave half-said, all errors at once: a next step has one
        owner and a date (who arranges it, by when), and neither comes without the step; a
        reason for ending comes with the day it ended; the dates keep their order."""
        errors: dict[str, Any] = {}
        named = bool(self.next_service_name.strip())
        if named and self.next_owner is None:
            errors["next_owner"] = _("Name the member who arranges the next step.")
        if named and self.next_on is None:
            errors["next_on"] = _("Give the day the next step is due.")
        if not named and (self.next_owner is not None or self.next_on is not None):
            errors["next_service_name"] = _("Name the next step's service, or leave its "
                                            "owner and day empty.")
        if self.next_on is not None and self.next_on < self.starts_on:
            errors["next_on"] = _("The next step cannot be before the start.")
        try:
            ServiceEpisode(service_name=self.service_name or "-", starts_on=self.starts_on,
                           planned_end_on=self.planned_end_on, ended_on=self.ended_on,
                           end_reason=self.end_reason).clean()
        except ValidationError as error:
            errors.update({k: v for k, v in error.message_dict.items() if k not in errors})
        if errors:
            raise ValidationError(errors)


def service_lookup() -> Callable[[str], Service | None]:
    """`service_named` remembered for one run (an import of thousands of rows)."""
    return lru_cache(maxsize=None)(service_named)


def _require_open(team: Team | None) -> None:
    if team is not None and not team.is_open:
        raise ValidationError(_("This team is closed; its client's services are no longer "
                                "changed through it."))


def _own(episode: ServiceEpisode, person: Person) -> bool:
    filed = authored_by(person)
    return (episode.controller_id, episode.register) == (filed["controller_id"],
                                                         filed["register"])


def may_change_service(episode: ServiceEpisode, person: Person) -> bool:
    """The service, its dates and how it ended are its register's to change: a member of
    another register who may see it (by the client's consent) records the next step only."""
    return _own(episode, person)


NEXT_STEP = ("next_service", "next_service_name", "next_owner", "next_on")
SERVICE = ("service", "service_name", "organisation")


def episode_add(*, author: Person, client: Client | None = None, team: Team | None = None,
                **given: Any) -> ServiceEpisode:
    """Through a team (a member's form: the team must be open), or for a client (the demo,
    the tests). `given`: the fields of a Step (a create form's fields, as submit_once
    passes them)."""
    _require_open(team)
    client = team.client if team is not None else client
    assert client is not None
    step = Step(**given)
    step.check()
    episode = ServiceEpisode(client=client, updated_by=author.user, **authored_by(author),
                             **step.fields())
    episode.full_clean()
    episode.save()
    return episode


def episode_update(*, episode: ServiceEpisode, by: Person, expected_version: int,
                   step: Step, team: Team | None = None) -> ServiceEpisode:
    """Change an episode through an open team. A name left as it is keeps its link to the
    directory (two services may share a name); a member of another register changes the next
    step only (`may_change_service`)."""
    _require_open(team)
    assert by.user is not None
    step.check()
    fields = step.fields()
    if step.service_name.strip() == episode.service_label:
        fields.update({name: getattr(episode, name) for name in SERVICE})
    if step.next_service_name.strip() and step.next_service_name.strip() == episode.next_label:
        fields.update(next_service=episode.next_service,
                      next_service_name=episode.next_service_name)
    if not may_change_service(episode, by):
        fields = {name: fields[name] for name in NEXT_STEP}
    ends, had_step = episode.ends_on, episode.has_next_step
    saved = versioned_update(instance=episode, expected_version=expected_version, user=by.user,
                             fields=fields)
    if saved.ends_on != ends or (had_step and not saved.has_next_step):
        _watch_again(saved)
    return saved


def _watch_again(episode: ServiceEpisode) -> None:
    """A new end, a next step taken back, the lead's word withdrawn: the transition is a new
    one, told again if it is at risk."""
    ServiceEpisode.objects.filter(pk=episode.pk).update(alerted_at=None)
    episode.alerted_at = None


def no_next_step_record(*, episode: ServiceEpisode, by: Person, expected_version: int,
                        reason: str, team: Team | None = None) -> ServiceEpisode:
    """The lead's word that the client needs no next step: the transition is no longer at
    risk. An empty reason takes the word back."""
    _require_open(team)
    reason = reason.strip()
    assert by.user is not None
    if reason == episode.no_next_reason:
        return episode  # nothing new (the same form sent twice finds it saved)
    saved = versioned_update(instance=episode, expected_version=expected_version, user=by.user,
                             fields={"no_next_reason": reason, "no_next_by": by if reason else None,
                                     "no_next_at": timezone.now() if reason else None})
    if not reason:
        _watch_again(saved)
    return saved
