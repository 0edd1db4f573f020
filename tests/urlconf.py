"""The project's URL configuration as tests see it: every named URL, walked through every
included module and namespace, and the arguments that reach the base fixture's objects."""

import datetime
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

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


def url_args(world, *, handle_for, only: str | None = None) -> dict[str, list]:
    """Arguments for each URL that takes any, reaching the world's team and client; made on
    demand (`only`: just this URL's), so that one URL's objects do not change another's."""
    from moti.access.models import DisclosureBan
    from moti.directory.hsds import hsds_id
    from moti.directory.models import Service
    from moti.teams.models import Absence

    def ban():
        return DisclosureBan.objects.create(
            client=world.client, controller_id=world.member.organisation.controller_key,
            set_on=world.consent.given_on, set_by=world.member)

    def handle():
        return client_handle_make(handle_for, world.client)

    def invitation():
        from moti.teams.invitations import rsvp_token
        from moti.teams.models import MeetingParticipant

        return rsvp_token(MeetingParticipant.objects.create(
            meeting=MeetingFactory(team=world.team), is_client=True))

    def episode():
        """A service of the client that ended yesterday with nothing after it (at risk),
        recorded by the team's coordinator in social care."""
        from moti.paths.services import episode_add

        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        return episode_add(client=world.client, author=world.member,
                           service_name="Katkaisuhoito", intensity="heavy",
                           starts_on=yesterday - datetime.timedelta(days=10),
                           ended_on=yesterday)

    def referral():
        """A referral the team's coordinator sent to an organisation nobody of the world
        works in."""
        from moti.directory.models import Service
        from moti.paths.referrals import referral_create
        from tests.factories import OrganisationFactory

        service = Service.objects.create(organisation=OrganisationFactory(),
                                         name_fi="Tuettu asuminen")
        return referral_create(team=world.team, author=world.member, service=service,
                               request="Tuetun asumisen arvio.")

    client, team = world.client.pk, world.team.pk
    made = {
        "client_detail": lambda: [client], "turvakielto": lambda: [client],
        "disclosure_ban_set": lambda: [client], "disclosure_ban_lift": lambda: [ban().pk],
        "team_consents": lambda: [team], "consent_revoke": lambda: [world.consent.pk],
        "concern_new": lambda: [handle()], "emergency_access": lambda: [handle()],
        "concern_detail": lambda: [world.team.concern_id],
        "team_convene": lambda: [world.team.concern_id],
        "team_detail": lambda: [team], "member_add": lambda: [team],
        "member_edit": lambda: [world.team.members.first().pk], "note_add": lambda: [team],
        "team_close": lambda: [team], "team_reopen": lambda: [team], "meeting_new": lambda: [team],
        "meeting_detail": lambda: [MeetingFactory(team=world.team).pk],
        "meeting_edit": lambda: [MeetingFactory(team=world.team).pk],
        "meeting_cancel": lambda: [MeetingFactory(team=world.team).pk],
        "meeting_rsvp": lambda: [invitation()],
        "plan_from_meeting": lambda: [MeetingFactory(
            team=world.team, client_goals="Oma koti", decisions="Haetaan tukea").pk],
        "plan_detail": lambda: [team], "plan_edit": lambda: [team],
        "plan_print": lambda: [team], "plan_history": lambda: [team],
        "goal_add": lambda: [team], "goal_edit": lambda: [GoalFactory(plan=world.plan).pk],
        "action_add": lambda: [team],
        "action_edit": lambda: [ActionFactory(plan=world.plan).pk],
        "action_done": lambda: [ActionFactory(plan=world.plan).pk],
        "dpo:log_report": lambda: [client], "dpo:data_export": lambda: [client],
        "access_person": lambda: [world.member.pk],
        "team_suggestions": lambda: [team],
        "team_services": lambda: [team] if episode() else [], "episode_new": lambda: [team],
        "episode_edit": lambda: [team, episode().pk],
        "episode_no_next_step": lambda: [team, episode().pk],
        "transitions": lambda: [] if episode() else [],  # one to list
        "referral_new": lambda: [team], "referral_detail": lambda: [referral().pk],
        "team_timeline": lambda: [team],
        "absence_remove": lambda: [Absence.objects.create(
            person=world.member, starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + datetime.timedelta(days=7)).pk],
        "hsds_service": lambda: [hsds_id("service", Service.objects.create(
            organisation=world.member.organisation, name_fi="Asumisneuvonta").pk)],
        "hsds_organization": lambda: [hsds_id("organization", world.member.organisation_id)],
        "directory_new": lambda: ["agreement"],
        "directory_entry": lambda: ["organisation", world.member.organisation_id],
        "directory_edit": lambda: ["organisation", world.member.organisation_id],
        "directory_check": lambda: ["organisation", world.member.organisation_id],
        "access_role": lambda: [world.member.access_roles.first().pk],
    }
    return {name: make() for name, make in made.items() if only in (None, name)}
