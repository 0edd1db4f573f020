"""Pages of the client's path: the services a team's client receives, and transitions at
risk. Each reads through the access helper; episodes of other registers are shown only by
the team's consents or legal bases, the rest counted as withheld."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from moti.access import helpers as access
from moti.access import services as access_services
from moti.access.decorators import professional_required
from moti.access.models import RoleKind
from moti.access.roles import has_role
from moti.audit.models import Basis, Operation, What
from moti.core.forms import form_status, run_service, submit_once

from . import figures, selectors, services, timeline
from .forms import (
    EpisodeEditForm,
    EpisodeForm,
    NoNextStepForm,
    ReferralForm,
    StepForm,
)
from .models import Referral
from .referrals import choices as referral_choices
from .referrals import organisations_receiving, referral_step

PAGE = 25


def _visibility(request, team, basis):
    return access.visibility_for(request.user, team.client, team, basis)


@professional_required
@require_safe
def team_services(request, pk):
    """The services the team's client receives, as the team's records show them."""
    team = access.team_for(request.user, pk, what=What.EPISODE)
    visibility = _visibility(request, team, team.access_basis)
    page = Paginator(selectors.episodes_of(team=team, today=timezone.localdate()), PAGE) \
        .get_page(request.GET.get("page"))
    referrals = selectors.referrals_of(team=team)[:PAGE]
    (shown, referrals), withheld = visibility.split_many(page.object_list, referrals)
    return render(request, "paths/team_services.html", {
        "team": team, "page": page, "episodes": shown,
        "referrals": referrals, "withheld": visibility.explain(withheld),
        "writes": team.is_open and team.access_basis != Basis.EMERGENCY})


@professional_required
@require_http_methods(["GET", "POST"])
def episode_new(request, pk):
    team = access.team_for(request.user, pk, operation=Operation.WRITE, what=What.EPISODE)
    form = EpisodeForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        if submit_once(request, form, services.episode_add, team=team, author=request.person):
            messages.success(request, _("The service was recorded."))
            return redirect("team_services", pk=team.pk)
    return render(request, "paths/episode_form.html", {"team": team, "form": form,
                                                       "writes": True},
                  status=form_status(form))


def _episode_page(request, episode, *, form=None, no_next_form=None, status=200):
    """A service's page: its form for those who may change it (the service's own fields only
    for its own register), its summary for those who may only read it."""
    team = episode.team
    writes = team.is_open and episode.access_basis != Basis.EMERGENCY
    _visibility(request, team, episode.access_basis).split([episode])  # the showing, logged
    if writes and form is None:
        form = EpisodeEditForm(episode=episode, by=request.person)
    manages = writes and episode.access_basis in access.MANAGERS
    if manages and no_next_form is None:
        no_next_form = NoNextStepForm(initial={"version": episode.version,
                                               "no_next_reason": episode.no_next_reason})
    return render(request, "paths/episode_form.html", {
        "team": team, "form": form if writes else None, "episode": episode,
        "title": episode.service_label, "writes": writes,
        "at_risk": bool(selectors.episodes_at_risk_among([episode.pk], timezone.localdate())),
        "no_next_form": no_next_form if manages else None}, status=status)


@professional_required
@require_http_methods(["GET", "POST"])
def episode_edit(request, pk, episode):
    operation = Operation.WRITE if request.method == "POST" else Operation.READ
    episode = access.episode_for(request.user, pk, episode, operation=operation)
    if request.method == "GET":
        return _episode_page(request, episode)
    if not episode.team.is_open:
        raise PermissionDenied  # a closed team's records are read, not changed
    form = EpisodeEditForm(request.POST, episode=episode, by=request.person)
    if form.is_valid() and run_service(form, lambda: services.episode_update(
            episode=episode, by=request.person, team=episode.team,
            expected_version=form.cleaned_data["version"], step=form.step())):
        messages.success(request, _("The service was saved."))
        return redirect("team_services", pk=episode.team.pk)
    episode.refresh_from_db()  # the page shows what is saved (a refused save changed it)
    return _episode_page(request, episode, form=form, status=form_status(form))


@professional_required
@require_POST
def episode_no_next_step(request, pk, episode):
    """The lead's (or a coordinator's) word that no next step is needed."""
    episode = access.episode_for(request.user, pk, episode, operation=Operation.WRITE,
                                 manage=True)
    if not episode.team.is_open:
        raise PermissionDenied
    form = NoNextStepForm(request.POST)
    if form.is_valid() and run_service(form, lambda: services.no_next_step_record(
            episode=episode, by=request.person, team=episode.team,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["no_next_reason"])):
        messages.success(request, _("Saved: no next step is needed.")
                         if form.cleaned_data["no_next_reason"].strip()
                         else _("Saved: the transition is watched again."))
        return redirect("team_services", pk=episode.team.pk)
    episode.refresh_from_db()
    return _episode_page(request, episode, no_next_form=form,
                         status=form_status(form, invalid=422))


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


@professional_required
@require_http_methods(["GET", "POST"])
def referral_new(request, pk):
    team = access.team_for(request.user, pk, operation=Operation.WRITE, what=What.REFERRAL)
    # "Refer again" after a decline brings the service's name to search.
    form = ReferralForm(request.POST or None,
                        initial={"service_query": request.GET.get("service_query", "")[:200]})
    if request.method == "POST" and form.is_valid():
        referral = submit_once(request, form, access_services.referral_send, user=request.user,
                               team=team, author=request.person)
        if referral:
            messages.success(request, _("The referral was sent to %(organisation)s.")
                             % {"organisation": referral.to_organisation.name})
            return redirect("referral_detail", pk=referral.pk)
    return render(request, "paths/referral_new.html", {"team": team, "form": form},
                  status=form_status(form))


# The step buttons: what the receiver does.
STEP_ACTIONS = {Referral.State.RECEIVED: gettext_lazy("Mark as received"),
                Referral.State.ACCEPTED: gettext_lazy("Accept"),
                Referral.State.DECLINED: gettext_lazy("Decline"),
                Referral.State.STARTED: gettext_lazy("Mark the service started"),
                Referral.State.COMPLETED: gettext_lazy("Mark completed"),
                Referral.State.WITHDRAWN: gettext_lazy("Withdraw the referral")}


@professional_required
@require_http_methods(["GET", "POST"])
def referral_detail(request, pk):
    """A referral, its steps and waiting time; the next steps for the receiver, or for the
    sending team on its behalf while the team is open (the receiver's steps do not wait for
    the team: it may close once it has referred the client on)."""
    operation = Operation.WRITE if request.method == "POST" else Operation.READ
    referral = access.referral_for(request.user, pk, operation=operation)
    recipient = referral.access_basis == Basis.REFERRAL_RECIPIENT
    # What the person may do, decided once: the POST is refused by it, the page offers it.
    can = referral_choices(request.person, referral,
                           read_only=referral.access_basis == Basis.EMERGENCY,
                           recipient=recipient)
    form = StepForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can.may_step:
            raise PermissionDenied  # a closed team records nothing on the receiver's behalf
        if form.is_valid():
            data = form.cleaned_data
            if run_service(form, lambda: referral_step(
                    referral=referral, by=request.person, state=data["state"],
                    decline_reason=data["decline_reason"], note=data["note"])):
                messages.success(request, _("Saved: %(state)s.") % {
                    "state": dict(Referral.State.choices)[data["state"]]})
                return redirect("referral_detail", pk=referral.pk)
    if not recipient:
        access.visibility_for(request.user, referral.client, referral.team,
                              referral.access_basis).split([referral])  # the showing, logged
    return render(request, "paths/referral_detail.html", {
        "referral": referral, "team": referral.team, "recipient": recipient,
        "on_behalf": can.on_behalf, "form": form,
        "steps": referral.steps.select_related("by__organisation"),
        "next_states": [(state, STEP_ACTIONS[state]) for state in can.steps],
        "may_withdraw": can.may_withdraw,
        "withdraw_label": STEP_ACTIONS[Referral.State.WITHDRAWN],
        "refer_again": can.refer_again,
        "refer_again_query": urlencode({"service_query": referral.service_label}),
        "decline_reasons": Referral.DeclineReason.choices}, status=form_status(form, invalid=422))


@professional_required
@require_safe
def referrals_incoming(request):
    """The referrals sent to the person's organisation, the open ones first: for those of
    it who work with clients (listed and logged by the access helper); `?state=` keeps one
    state, or the open ones."""
    state = request.GET.get("state", "")
    state = state if state == "open" or state in Referral.State.values else ""
    page = Paginator(selectors.referrals_to(organisations=organisations_receiving(
        request.person), state=state), PAGE).get_page(request.GET.get("page"))
    return render(request, "paths/referrals_incoming.html", {
        "page": page, "referrals": access.referrals_listed(request.user, page.object_list),
        "state": state, "states": Referral.State.choices})


TIMELINE_PAGE = 50


@professional_required
@require_safe
def team_timeline(request, pk):
    """The client's path as the team sees it, newest first, a page at a time (`before` the
    last shown); `show=` keeps some kinds of event."""
    team = access.team_for(request.user, pk, what=What.TIMELINE)
    groups = request.GET.getlist("show")
    before = timeline.Cursor.parse(request.GET.get("before", ""))
    events, more = timeline.timeline_page(team=team, kinds=timeline.kinds_of(groups),
                                          before=before, size=TIMELINE_PAGE)
    visibility = _visibility(request, team, team.access_basis)
    items, withheld = visibility.split([e for e in events if e.is_register_item])
    shown = {(e.kind, e.obj) for e in items}
    events = [e for e in events if not e.is_register_item or (e.kind, e.obj) in shown]
    chosen = sorted({g for g in groups if g in timeline.GROUPS})
    query = urlencode([("show", g) for g in chosen]
                      + ([("before", more.text)] if more else []))
    return render(request, "paths/timeline.html", {
        "team": team, "events": events, "withheld": visibility.explain(withheld),
        "groups": [(key, label) for key, (label, _kinds) in timeline.GROUPS.items()],
        "chosen": chosen, "next_query": query if more else "", "first": before is None,
        "newest_query": urlencode([("show", g) for g in chosen]),
        "states": Referral.State.choices})


@professional_required
@require_safe
def path_figures(request):
    """Service-path figures for coordinators and managers: counts and medians, no client."""
    if not has_role(request.person, RoleKind.COORDINATOR, RoleKind.MANAGER):
        raise PermissionDenied
    found, counted_at = figures.counted()
    return render(request, "paths/figures.html", {
        **found, "counted_at": counted_at,
        "charts": [(label, figures.bars(found["rows"], key)) for key, label in (
            ("at_risk", _("Transitions at risk")), ("drop_outs", _("Drop-outs")))]})
