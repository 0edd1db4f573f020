"""Writes for the shared plan. Every edit is version-checked and keeps the earlier text."""

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moti.clients.models import RegisterItem, authored_by
from moti.core.services import versioned_update
from moti.directory.models import Person
from moti.teams.models import Meeting, TeamMember

from .models import Action, Goal, Plan


def _require_open(plan: Plan) -> None:
    if not plan.team.is_open:
        raise ValidationError(_("This team is closed; its plan can no longer be changed."))


def _check_action(plan: Plan, owner: TeamMember | None, due_date: datetime.date | None,
                  goal: Goal | None, *, due_date_changed: bool = True
                  ) -> tuple[TeamMember, datetime.date]:
    """The owner and due date, checked; refused with errors on the form's fields."""
    errors: dict[str, str] = {}
    if owner is None:
        errors["owner"] = _("Every action has exactly one responsible member.")
    elif owner.team_id != plan.team_id:
        errors["owner"] = _("The responsible member must belong to this team.")
    if due_date is None:
        errors["due_date"] = _("Give a due date.")
    elif due_date_changed and due_date < timezone.localdate():
        errors["due_date"] = _("The due date cannot be in the past.")
    if goal is not None and goal.plan_id != plan.pk:
        errors["goal"] = _("Choose a goal of this plan.")
    if errors:
        raise ValidationError(errors)
    assert owner is not None and due_date is not None  # refused above; narrows the types
    return owner, due_date


def plan_update(*, plan: Plan, user: User, expected_version: int, client_view: str,
                dissenting_view: str, next_review: datetime.date | None) -> Plan:
    _require_open(plan)
    if next_review and next_review < timezone.localdate() and next_review != plan.next_review:
        raise ValidationError({"next_review": _("The next review cannot be in the past.")})
    return versioned_update(instance=plan, expected_version=expected_version, user=user,
                            fields={"client_view": client_view,
                                    "dissenting_view": dissenting_view,
                                    "next_review": next_review})


@transaction.atomic
def _filed(author: Person, source: RegisterItem | None) -> dict[str, Any]:
    """Where a new item is filed: where its author works, or, for text taken from another
    record (a meeting's), in that record's register, so it reaches nobody the source would
    not have."""
    filed = authored_by(author)
    if source is not None:
        filed.update(controller_id=source.controller_id, register=source.register)
    return filed


def goal_add(*, plan: Plan, author: Person, text: str,
             source: RegisterItem | None = None) -> Goal:
    _require_open(plan)
    goal = Goal(plan=plan, text=text, updated_by=author.user, **_filed(author, source))
    goal.full_clean()
    goal.save()
    return goal


def goal_update(*, goal: Goal, user: User, expected_version: int, text: str,
                achieved: bool) -> Goal:
    _require_open(goal.plan)
    return versioned_update(instance=goal, expected_version=expected_version, user=user,
                            fields={"text": text, "achieved": achieved})


@transaction.atomic
def action_add(*, plan: Plan, author: Person, text: str, owner: TeamMember | None,
               due_date: datetime.date | None, goal: Goal | None = None,
               source: RegisterItem | None = None) -> Action:
    _require_open(plan)
    owner, due_date = _check_action(plan, owner, due_date, goal)
    action = Action(plan=plan, goal=goal, text=text, owner=owner, due_date=due_date,
                    updated_by=author.user, **_filed(author, source))
    action.full_clean()
    action.save()
    return action


def meeting_lines(text: str, *, limit: int = 30) -> list[str]:
    """The separate goals or agreements of a meeting's text: one per line, list marks off."""
    lines = (line.strip().lstrip("-•*").strip() for line in text.splitlines())
    return [line[:1000] for line in lines if line][:limit]


@transaction.atomic
def plan_take_from_meeting(*, plan: Plan, meeting: Meeting, expected_version: int,
                           author: Person, goals: list[str],
                           actions: list[tuple[str, TeamMember, datetime.date]]
                           ) -> tuple[list[Goal], list[Action]]:
    """Take the goals and agreements told at a meeting into the plan, as they were written:
    each goal once, each agreement an action with one owner. They are filed in the meeting
    record's register (whoever takes them). The form was drawn from one version of the
    record: if it has changed since, nothing is taken (a line's owner would go to another
    line). What the plan already holds word for word is left out, so sending the form twice
    adds nothing twice."""
    _require_open(plan)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled; it has no record."))
    if meeting.version != expected_version:
        raise ValidationError(_("The meeting's record was changed after you opened this "
                                "page: look at it again before taking it into the plan."))
    if not goals and not actions:
        raise ValidationError(_("Choose a goal, or an owner for an agreement."))
    held_goals = set(plan.goals.values_list("text", flat=True))
    held_actions = set(plan.actions.values_list("text", flat=True))
    added_goals = [goal_add(plan=plan, author=author, text=text, source=meeting)
                   for text in dict.fromkeys(goals) if text not in held_goals]
    added_actions = [action_add(plan=plan, author=author, text=text, owner=owner, due_date=due,
                                source=meeting)
                     for text, owner, due in {a[0]: a for a in actions}.values()
                     if text not in held_actions]
    return added_goals, added_actions


def action_update(*, action: Action, user: User, expected_version: int, text: str,
                  owner: TeamMember | None, due_date: datetime.date | None,
                  goal: Goal | None) -> Action:
    _require_open(action.plan)
    _check_action(action.plan, owner, due_date, goal,
                  due_date_changed=due_date != action.due_date)
    return versioned_update(instance=action, expected_version=expected_version, user=user,
                            fields={"text": text, "owner": owner, "due_date": due_date,
                                    "goal": goal})


def action_set_done(*, action: Action, user: User, done: bool) -> Action:
    """Tick an action done or undo it; ticking twice is harmless."""
    _require_open(action.plan)
    if done == action.is_done:
        return action
    # Undone, an action moved or cancelled at a closing is open again as any other.
    return versioned_update(instance=action, expected_version=action.version, user=user,
                            fields={"done_at": timezone.now() if done else None,
                                    "ending": Action.Ending.DONE, "handover": ""})
