"""Reads for the plan pages."""

from django.db.models import Q
from django.utils import timezone

from moti.core.models import Change

from .models import Plan


def today():
    return timezone.localdate()


def plan_detail(plan: Plan) -> dict:
    goals = list(plan.goals.all())
    actions = list(plan.actions.select_related("owner__person__organisation", "goal"))
    members = list(plan.team.members.select_related("person__organisation"))
    return {
        "plan": plan, "team": plan.team, "client": plan.team.client, "goals": goals,
        "actions": actions, "members": members, "today": today(),
        "lead": next((m for m in members if m.is_lead), None),
        "coordinators": [m for m in members if m.is_coordinator],
    }


def plan_history(plan: Plan):
    """Every recorded change to the plan, its goals and its actions, newest first."""
    return Change.objects.filter(
        Q(kind="plans.plan", object_id=plan.pk)
        | Q(kind="plans.goal", object_id__in=plan.goals.values("pk"))
        | Q(kind="plans.action", object_id__in=plan.actions.values("pk"))
    ).select_related("changed_by")[:500]
