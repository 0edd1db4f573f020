"""Reads for the plan pages."""

from typing import Any

from django.apps import apps
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from moti.clients.models import RegisterFilter
from moti.core.models import Change
from moti.core.services import ITEM_REFERENCE
from moti.core.urls import id_from

from .models import Action, Goal, Plan


def plan_contents_get(*, plan: Plan, visibility: RegisterFilter) -> dict[str, Any]:
    """The plan as this viewer may see it: other registers' items only under consent."""
    (views, goals, actions), withheld = visibility.split_many(
        [plan], plan.goals.all(),
        plan.actions.select_related("owner__person__organisation", "goal"))
    visible_goals = {goal.pk for goal in goals}
    for action in actions:
        # A goal the viewer may not see is not named in the action's row either.
        action.shown_goal = action.goal if action.goal_id in visible_goals else None
    members = visibility.members
    return {
        "plan": plan, "team": plan.team, "client": plan.team.client, "goals": goals,
        "actions": actions, "members": members, "views_visible": bool(views),
        "withheld": withheld, "lead": next((m for m in members if m.is_lead), None),
        "coordinators": [m for m in members if m.is_coordinator],
    }


def plan_changes_list(*, plan: Plan, visibility: RegisterFilter) -> tuple[list[Change], Any]:
    """Recorded changes to what the viewer may see of the plan, newest first."""
    fields = ("pk", "plan_id", "controller", "register", "text")
    (shown_plan, goals, actions), withheld = visibility.split_many(
        [plan], plan.goals.only(*fields), plan.actions.only(*fields))
    # Which goal or action changed: named by its text as it reads now.
    names = {(Goal._meta.label_lower, g.pk): g.text for g in goals}
    names.update({(Action._meta.label_lower, a.pk): a.text for a in actions})
    query = Q(kind=Goal._meta.label_lower, object_id__in=[g.pk for g in goals]) | Q(
        kind=Action._meta.label_lower, object_id__in=[a.pk for a in actions])
    if shown_plan:
        query |= Q(kind=Plan._meta.label_lower, object_id=plan.pk)
    changes = list(Change.objects.filter(query).select_related("changed_by")[:500])
    goal_texts = {g.pk: g.text for g in goals}
    for change in changes:
        change.label = _change_label(change)  # type: ignore[attr-defined]
        change.item = names.get((change.kind, change.object_id), "")  # type: ignore[attr-defined]
        if change.kind == Action._meta.label_lower and change.field == "goal":
            change.old_value = _goal_named(change.old_value, goal_texts)
            change.new_value = _goal_named(change.new_value, goal_texts)
    return changes, withheld


def _goal_named(value: str, shown: dict[int, str]) -> str:
    """An action's goal as this viewer may see it: its text, or that it is not shown. Stored
    as '#id' (older rows hold the text, shown only if it is a goal the viewer sees)."""
    if not value:
        return ""
    referred = id_from(value[1:]) if value.startswith(ITEM_REFERENCE) else None
    if referred is not None:
        text = shown.get(referred)
    else:
        text = value if value in shown.values() else None
    return text if text is not None else str(_("a goal not shown to you"))


def _change_label(change: Change) -> str:
    """'Goal · goal in the client's own words': the record and field in the user's language."""
    model = apps.get_model(change.kind)
    field = model._meta.get_field(change.field)
    return f"{capfirst(model._meta.verbose_name)} · {field.verbose_name}"
