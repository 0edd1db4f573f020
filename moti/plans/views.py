from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from moti.access import helpers as access
from moti.access.decorators import professional_required
from moti.audit.models import Basis, Operation
from moti.core.forms import form_status, run_service, submit_once

from . import selectors, services
from .forms import (
    ActionEditForm,
    ActionForm,
    FromMeetingForm,
    GoalEditForm,
    GoalForm,
    PlanForm,
)


def _visibility(request, plan, basis=None):
    """What of the plan's team the user may see, on the basis decided for the fetched object."""
    return access.visibility_for(request.user, plan.team.client, plan.team,
                                 basis or plan.access_basis)


def _shows(request, plan, basis, *items) -> list:
    """Of the items a page draws (edit forms, their goal choices, a redrawn row), those the user
    may see; across registers drawing them is a disclosure, logged in one row per basis as the
    plan page logs its own. Called as the page is drawn: a save that redirects shows nothing."""
    (shown,), _withheld = _visibility(request, plan, basis).split_many(items)
    return shown


def _goals(request, plan, basis) -> list:
    """The plan's goals the user may see, to link an action to (logged when drawn: _shows)."""
    visibility = _visibility(request, plan, basis)
    return [goal for goal in plan.goals.all() if visibility.allows(goal)]


def _contents(request, plan):
    visibility = _visibility(request, plan)
    contents = selectors.plan_contents_get(plan=plan, visibility=visibility)
    return {**contents, "withheld": visibility.explain(contents["withheld"]),
            "uncovered": visibility.uncovered_organisations(),
            "writes": plan.access_basis != Basis.EMERGENCY}


@professional_required
@require_safe
def plan_detail(request, pk):
    plan = access.plan_for(request.user, pk)
    return render(request, "plans/plan_detail.html", _contents(request, plan))


@professional_required
@require_safe
def plan_print(request, pk):
    plan = access.plan_for(request.user, pk)
    with translation.override(plan.team.client.language if plan.team.client.language
                              in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE):
        # The printout is the client's: in the client's language, not the worker's.
        return render(request, "plans/plan_print.html", _contents(request, plan))


@professional_required
@require_safe
def plan_history(request, pk):
    plan = access.plan_for(request.user, pk)
    changes, withheld = selectors.plan_changes_list(plan=plan,
                                                    visibility=_visibility(request, plan))
    return render(request, "plans/plan_history.html", {
        "plan": plan, "team": plan.team, "changes": changes, "withheld": withheld})


@professional_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = access.plan_for(request.user, pk, operation=Operation.WRITE, views=True)
    form = PlanForm(request.POST or None, initial={
        "version": plan.version, "client_view": plan.client_view,
        "dissenting_view": plan.dissenting_view, "next_review": plan.next_review})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(form, lambda: services.plan_update(
                plan=plan, user=request.user, expected_version=data["version"],
                client_view=data["client_view"], dissenting_view=data["dissenting_view"],
                next_review=data["next_review"])):
            messages.success(request, _("The plan was saved."))
            return redirect("plan_detail", pk=plan.team_id)
    _shows(request, plan, plan.access_basis, plan)
    return render(request, "plans/plan_edit.html", {"plan": plan, "team": plan.team,
                                                    "form": form}, status=form_status(form))


@professional_required
@require_http_methods(["GET", "POST"])
def goal_add(request, pk):
    plan = access.plan_for(request.user, pk, operation=Operation.WRITE)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if submit_once(request, form, services.goal_add, plan=plan, author=request.person):
            messages.success(request, _("The goal was added."))
            return redirect("plan_detail", pk=plan.team_id)
    return render(request, "plans/goal_form.html", {"plan": plan, "team": plan.team,
                                                    "form": form})


@professional_required
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk):
    goal = access.goal_for(request.user, pk)
    form = GoalEditForm(request.POST or None, initial={
        "version": goal.version, "text": goal.text, "achieved": goal.achieved})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(form, lambda: services.goal_update(
                goal=goal, user=request.user, expected_version=data["version"],
                text=data["text"], achieved=data["achieved"])):
            messages.success(request, _("The goal was saved."))
            return redirect("plan_detail", pk=goal.plan.team_id)
    _shows(request, goal.plan, goal.access_basis, goal)
    return render(request, "plans/goal_form.html", {"plan": goal.plan, "team": goal.plan.team,
                                                    "form": form, "goal": goal},
                  status=form_status(form))


@professional_required
@require_http_methods(["GET", "POST"])
def plan_from_meeting(request, pk):
    """The goals and agreements told at a meeting, taken into the plan as they were written
    (not typed again): each goal ticked, each agreement given its one owner."""
    meeting = access.meeting_for(request.user, pk, operation=Operation.WRITE)
    plan = meeting.team.plan
    form = FromMeetingForm(request.POST if request.method == "POST" else None, plan=plan,
                           goals=services.meeting_lines(meeting.client_goals),
                           agreements=services.meeting_lines(meeting.decisions),
                           initial={"version": meeting.version})
    if request.method == "POST" and form.is_valid():
        goals, actions = form.chosen()
        added = run_service(form, lambda: services.plan_take_from_meeting(
            plan=plan, meeting=meeting, expected_version=form.cleaned_data["version"],
            author=request.person, goals=goals, actions=actions))
        if added is not None:
            messages.success(request, _(
                "Added to the plan: %(goals)s goals and %(actions)s actions.") % {
                "goals": len(added[0]), "actions": len(added[1])})
            return redirect("plan_detail", pk=plan.team_id)
    _shows(request, plan, meeting.access_basis, meeting)  # the page draws the meeting's text
    return render(request, "plans/plan_from_meeting.html",
                  {"meeting": meeting, "team": meeting.team, "plan": plan, "form": form},
                  status=form_status(form))


@professional_required
@require_http_methods(["GET", "POST"])
def action_add(request, pk):
    plan = access.plan_for(request.user, pk, operation=Operation.WRITE)
    goals = _goals(request, plan, plan.access_basis)
    form = ActionForm(request.POST or None, plan=plan, goals=goals,
                      initial={"goal": request.GET.get("goal")})
    if request.method == "POST" and form.is_valid():
        if submit_once(request, form, services.action_add, plan=plan, author=request.person):
            messages.success(request, _("The action was added."))
            return redirect("plan_detail", pk=plan.team_id)
    _shows(request, plan, plan.access_basis, *goals)
    return render(request, "plans/action_form.html", {"plan": plan, "team": plan.team,
                                                      "form": form})


@professional_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    action = access.action_for(request.user, pk)
    plan = action.plan
    goals = _goals(request, plan, action.access_basis)
    form = ActionEditForm(request.POST or None, plan=plan, goals=goals,
                          kept_goal=action.goal if action.goal_id else None, initial={
        "version": action.version, "text": action.text, "owner": action.owner_id,
        "due_date": action.due_date, "goal": action.goal_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(form, lambda: services.action_update(
                action=action, user=request.user, expected_version=data["version"],
                text=data["text"], owner=data["owner"], due_date=data["due_date"],
                goal=data["goal"])):
            messages.success(request, _("The action was saved."))
            return redirect("plan_detail", pk=plan.team_id)
    _shows(request, plan, action.access_basis, action, *goals)
    return render(request, "plans/action_form.html",
                  {"plan": plan, "team": plan.team, "form": form, "action": action},
                  status=form_status(form))


@professional_required
@require_POST
def action_done(request, pk):
    action = access.action_for(request.user, pk)
    basis, status = action.access_basis, 200
    try:
        action = services.action_set_done(action=action, user=request.user,
                                          done=request.POST.get("done") == "1")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        status = 422  # nothing was saved: not a redirect (see access.decorators.saved)
    if request.htmx:
        goal = action.goal
        shown = _shows(request, action.plan, basis, action, *([goal] if goal else []))
        action.shown_goal = goal if goal in shown else None
        return render(request, "plans/_action_row.html",
                      {"action": action, "team": action.plan.team, "writes": True},
                      status=status)
    if status == 422:
        plan = action.plan
        plan.access_basis = basis
        return render(request, "plans/plan_detail.html", _contents(request, plan), status=422)
    return redirect("plan_detail", pk=action.plan.team_id)
