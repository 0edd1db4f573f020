"""Reads for the plan pages."""

from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst

from moti.core.models import Change

from .models import Plan


def today():
    return timezone.localdate()


def plan_detail(plan: Plan, visibility) -> dict:
    """The plan as this viewer may see it: other registers' items only under consent."""
    kind = "plan"
    views, withheld = visibility.split([plan], kind)
    goals, withheld_goals = visibility.split(plan.goals.all(), kind)
    actions, withheld_actions = visibility.split(
        plan.actions.select_related("owner__person__organisation", "goal"), kind)
    members = list(plan.team.members.select_related("person__organisation"))
    return {
        "plan": plan, "team": plan.team, "client": plan.team.client, "goals": goals,
        "actions": actions, "members": members, "today": today(), "views_visible": bool(views),
        "withheld": withheld.add(withheld_goals).add(withheld_actions),
        "lead": next((m for m in members if m.is_lead), None),
        "coordinators": [m for m in members if m.is_coordinator],
    }


def plan_history(plan: Plan, visibility) -> tuple[list[Change], object]:
    """Recorded changes to what the viewer may see of the plan, newest first."""
    kind = "plan"
    shown_plan, withheld = visibility.split([plan], kind)
    fields = ("pk", "plan_id", "register")
    goals, withheld_goals = visibility.split(plan.goals.only(*fields), kind)
    actions, withheld_actions = visibility.split(plan.actions.only(*fields), kind)
    query = Q(kind="plans.goal", object_id__in=[g.pk for g in goals]) | Q(
        kind="plans.action", object_id__in=[a.pk for a in actions])
    if shown_plan:
        query |= Q(kind="plans.plan", object_id=plan.pk)
    changes = list(Change.objects.filter(query).select_related("changed_by")[:500])
    for change in changes:
        change.label = change_label(change)
    return changes, withheld.add(withheld_goals).add(withheld_actions)


def change_label(change: Change) -> str:
    """'Goal · goal in the client's own words': the record and field in the user's language."""
    model = apps.get_model(change.kind)
    field = model._meta.get_field(change.field)
    return f"{capfirst(model._meta.verbose_name)} · {field.verbose_name}"
