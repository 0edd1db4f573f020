"""Reads for teams and the "my work" page."""

from django.db.models import QuerySet
from django.utils import timezone

from moti.access.helpers import relationship_filter
from moti.directory.models import Person
from moti.plans.models import Action

from .models import Meeting, MeetingParticipant, Team, TeamMember


def _members():
    return TeamMember.objects.select_related("person__organisation")


def teams_of(person: Person) -> QuerySet[Team]:
    """Teams whose record `person` may see."""
    ids = TeamMember.objects.filter(relationship_filter(person)).values("team_id")
    return Team.objects.filter(pk__in=ids).select_related("client")


def my_work(person: Person) -> dict:
    """Everything on the "my work" page, in a fixed number of queries."""
    today = timezone.localdate()
    my_memberships = TeamMember.objects.filter(person=person, team__status=Team.Status.OPEN)
    actions = list(
        Action.objects.filter(owner__person=person, done_at__isnull=True,
                              plan__team__status=Team.Status.OPEN)
        .select_related("plan__team__client").order_by("due_date", "id")
    )
    for action in actions:
        action.is_overdue = action.due_date < today
    meetings = list(
        Meeting.objects.filter(team__in=my_memberships.values("team_id"),
                               starts_at__gte=timezone.now())
        .select_related("team__client").order_by("starts_at")[:20]
    )
    led = list(
        TeamMember.objects.filter(person=person, team__status=Team.Status.OPEN)
        .exclude(is_coordinator=False, is_lead=False)
        .select_related("team__client", "team__plan").order_by("team__client__last_name")
    )
    teams = list(teams_of(person).filter(status=Team.Status.OPEN)
                 .order_by("client__last_name", "client__first_name"))
    client_ids = {t.client_id for t in teams} | {a.plan.team.client_id for a in actions} \
        | {m.team.client_id for m in meetings} | {m.team.client_id for m in led}
    return {"actions": actions, "meetings": meetings, "led": led, "teams": teams,
            "overdue_count": sum(a.is_overdue for a in actions), "client_ids": client_ids}


def team_detail(team: Team, visibility) -> dict:
    members = list(_members().filter(team=team))
    meetings = list(team.meetings.order_by("-starts_at"))
    notes, withheld = visibility.split(team.notes.select_related("author__organisation")[:50],
                                       "note")
    return {"members": members, "meetings": meetings, "notes": notes, "withheld": withheld,
            "lead": next((m for m in members if m.is_lead), None),
            "coordinators": [m for m in members if m.is_coordinator]}


def meeting_detail(meeting: Meeting) -> dict:
    participants = list(
        MeetingParticipant.objects.filter(meeting=meeting)
        .select_related("member__person__organisation").order_by("member_id")
    )
    return {"participants": participants,
            "members": list(_members().filter(team_id=meeting.team_id))}


def team_of_concern(concern) -> Team | None:
    return Team.objects.filter(concern=concern).first()
