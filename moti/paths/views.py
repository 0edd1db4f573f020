"""Pages of the client's path: the services a team's client receives, and transitions at
risk. Each reads through the access helper; episodes of other registers are shown only by
the team's consents or legal bases, the rest counted as withheld."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from moti.access import helpers as access
from moti.access.decorators import professional_required
from moti.audit.models import Basis, Operation, What
from moti.core.forms import form_status, run_service, submit_once

from . import selectors, services
from .forms import EpisodeEditForm, EpisodeForm, NoNextStepForm, episode_initial

PAGE = 25


def _visibility(request, team, basis):
    return access.visibility_for(request.user, team.client, team, basis)


@professional_required
@require_safe
def team_services(request, pk):
    """The services the team's client receives, as the team's records show them."""
    team = access.team_for(request.user, pk, what=What.EPISODE)
    visibility = _visibility(request, team, team.access_basis)
    page = Paginator(selectors.episodes_of(team=team), PAGE).get_page(request.GET.get("page"))
    shown, withheld = visibility.split(page.object_list)
    today = timezone.localdate()
    risky = set(selectors.episodes_at_risk_among([e.pk for e in shown], today))
    return render(request, "paths/team_services.html", {
        "team": team, "page": page, "episodes": shown, "at_risk": risky,
        "withheld": visibility.explain(withheld),
        "writes": team.is_open and team.access_basis != Basis.EMERGENCY})


@professional_required
@require_http_methods(["GET", "POST"])
def episode_new(request, pk):
    team = access.team_for(request.user, pk, operation=Operation.WRITE, what=What.EPISODE)
    form = EpisodeForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        if submit_once(request, form, services.episode_add, client=team.client,
                       author=request.person):
            messages.success(request, _("The service was recorded."))
            return redirect("team_services", pk=team.pk)
    return render(request, "paths/episode_form.html", {"team": team, "form": form},
                  status=form_status(form))


@professional_required
@require_http_methods(["GET", "POST"])
def episode_edit(request, pk, episode):
    operation = Operation.WRITE if request.method == "POST" else Operation.READ
    episode = access.episode_for(request.user, pk, episode, operation=operation)
    team = episode.team
    writes = team.is_open and episode.access_basis != Basis.EMERGENCY
    form = EpisodeEditForm(request.POST if writes and request.method == "POST" else None,
                           team=team, initial=episode_initial(episode, team))
    if request.method == "POST" and writes and form.is_valid():
        if run_service(form, lambda: services.episode_update(
                episode=episode, user=request.user,
                expected_version=form.cleaned_data["version"], step=form.step())):
            messages.success(request, _("The service was saved."))
            return redirect("team_services", pk=team.pk)
    _visibility(request, team, episode.access_basis).split([episode])  # the showing, logged
    manages = episode.access_basis in access.MANAGERS and writes
    return render(request, "paths/episode_form.html", {
        "team": team, "form": form, "episode": episode, "writes": writes,
        "at_risk": bool(selectors.episodes_at_risk_among([episode.pk], timezone.localdate())),
        "no_next_form": NoNextStepForm(initial={
            "version": episode.version, "no_next_reason": episode.no_next_reason})
        if manages else None}, status=form_status(form))


@professional_required
@require_POST
def episode_no_next_step(request, pk, episode):
    """The lead's (or a coordinator's) word that no next step is needed."""
    episode = access.episode_for(request.user, pk, episode, operation=Operation.WRITE,
                                 manage=True)
    team = episode.team
    form = NoNextStepForm(request.POST)
    if form.is_valid() and run_service(form, lambda: services.no_next_step_record(
            episode=episode, by=request.person, expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["no_next_reason"])):
        messages.success(request, _("Saved: no next step is needed.")
                         if form.cleaned_data["no_next_reason"].strip()
                         else _("Saved: the transition is watched again."))
        return redirect("team_services", pk=team.pk)
    _visibility(request, team, episode.access_basis).split([episode])
    return render(request, "paths/episode_form.html", {
        "team": team, "episode": episode, "writes": True, "no_next_form": form,
        "form": EpisodeEditForm(team=team, initial=episode_initial(episode, team)),
        "at_risk": True}, status=form_status(form, invalid=422))


@professional_required
@require_safe
def transitions(request):
    """The transitions at risk in the teams the person leads or coordinates, a page at a
    time: each through its team's records (another register's without consent is counted,
    not shown)."""
    today = timezone.localdate()
    page = Paginator(selectors.transitions_of(person=request.person, today=today), PAGE) \
        .get_page(request.GET.get("page"))
    episodes = list(page.object_list)
    teams = selectors.teams_for(person=request.person, client_ids={e.client_id for e in episodes})
    rows, withheld = access.episodes_shown(request.user, episodes, teams)
    access.log_listed(request.user, {e.client_id for e in episodes}, what=What.TRANSITIONS)
    return render(request, "paths/transitions.html", {
        "page": page, "rows": rows, "withheld": withheld, "today": today})
