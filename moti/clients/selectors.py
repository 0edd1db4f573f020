"""Reads of clients, always narrowed to the user's relationships."""

from django.db.models import Q, QuerySet

from moti.access.helpers import relationship_filter
from moti.directory.models import Person
from moti.teams.models import Concern, Team, TeamMember

from .models import Client, Consent


def clients_of(person: Person) -> QuerySet[Client]:
    """Clients whose data `person` may see through a team."""
    memberships = TeamMember.objects.filter(relationship_filter(person))
    return Client.objects.filter(pk__in=memberships.values("team__client_id"))


def client_search(person: Person, text: str) -> QuerySet[Client]:
    query = Q()
    for word in text.split():
        query &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return clients_of(person).filter(query).order_by("last_name", "first_name")[:50]


def consents_of(client: Client) -> list[Consent]:
    return list(Consent.objects.filter(client=client)
                .select_related("recorded_by", "revoked_by").prefetch_related("organisations"))


def client_overview(client: Client) -> dict:
    return {
        "concerns": list(Concern.objects.filter(client=client)
                         .select_related("raised_by", "organisation")),
        "teams": list(Team.objects.filter(client=client).select_related("concern")),
    }
