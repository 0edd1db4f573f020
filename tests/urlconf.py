"""The project's URL configuration as tests see it: every named URL, walked through every
included module and namespace, and the arguments that reach the base fixture's objects."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from moti.access.helpers import client_handle_make
from tests.factories import ActionFactory, GoalFactory, MeetingFactory


@dataclass(frozen=True)
class Route:
    name: str  # qualified: "dpo:log_report"; "" for a pattern without a name
    pattern: str  # the whole route: "dpo/clients/<int:pk>/log-report/"
    parameters: dict[str, str]  # name → converter: {"pk": "IntConverter"}


def routes(resolver=None, namespace: str = "", prefix: str = "") -> list[Route]:
    """Every URL pattern of the project, named or not, with its full route."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += routes(entry, inner, route)
        elif isinstance(entry, URLPattern):
            found.append(Route(namespace + entry.name if entry.name else "", route, {
                name: type(converter).__name__
                for name, converter in entry.pattern.converters.items()}))
    return found


def url_args(world, *, handle_for) -> dict[str, list]:
    """Arguments for each URL that takes any, reaching the world's team and client."""
    return {
        "client_detail": [world.client.pk], "consents": [world.client.pk],
        "disclosure_ban": [world.client.pk], "consent_revoke": [world.consent.pk],
        "concern_new": [client_handle_make(handle_for, world.client)],
        "emergency_access": [client_handle_make(handle_for, world.client)],
        "concern_detail": [world.team.concern_id], "team_convene": [world.team.concern_id],
        "team_detail": [world.team.pk], "member_add": [world.team.pk],
        "member_edit": [world.team.members.first().pk], "note_add": [world.team.pk],
        "team_close": [world.team.pk], "meeting_new": [world.team.pk],
        "meeting_detail": [MeetingFactory(team=world.team).pk],
        "plan_detail": [world.team.pk], "plan_edit": [world.team.pk],
        "plan_print": [world.team.pk], "plan_history": [world.team.pk],
        "goal_add": [world.team.pk], "goal_edit": [GoalFactory(plan=world.plan).pk],
        "action_add": [world.team.pk], "action_edit": [ActionFactory(plan=world.plan).pk],
        "action_done": [ActionFactory(plan=world.plan).pk],
        "dpo:log_report": [world.client.pk], "dpo:data_export": [world.client.pk],
    }
