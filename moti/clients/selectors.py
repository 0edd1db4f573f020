"""Reads of clients, always narrowed to the user's relationships."""

from typing import Any

from django.db.models import Q, QuerySet

from moti.directory.models import Person
from moti.teams.models import Concern, Team, TeamMember

from .models import Client, Consent


def client_list(*, person: Person) -> QuerySet[Client]:
    """Clients whose data `person` may see through a team."""
    memberships = TeamMember.objects.relationships_of(person)
    return Client.objects.filter(pk__in=memberships.values("team__client_id"))


def client_search(*, person: Person, text: str) -> QuerySet[Client]:
    query = Q()
    for word in text.split():
        query &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return client_list(person=person).filter(query).order_by("last_name", "first_name")[:50]


def consent_list(*, client: Client) -> list[Consent]:
    return list(Consent.objects.filter(client=client)
                .select_related("recorded_by", "revoked_by").prefetch_related("organisations"))


def client_record_get(*, client: Client) -> dict[str, Any]:
    """The client's concerns and teams, for the client page."""
    return {
        "concerns": list(Concern.objects.filter(client=client)
                         .select_related("author", "organisation")),
        "teams": list(Team.objects.filter(client=client).select_related("concern")),
    }
