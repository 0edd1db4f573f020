import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from moti.access import helpers as access
from moti.access import services as access_services
from moti.access.decorators import professional_required
from moti.access.forms import ConveneConsentForm
from moti.access.models import Capability
from moti.access.roles import (
    OUTSIDE_ORGANISATIONS,
    can,
    client_workers,
    does_client_work,
    team_joiners,
)
from moti.audit.models import Basis, Operation, What
from moti.core.forms import form_status, run_service, submit_once
from moti.core.models import NeedDomain
from moti.core.services import submitted
from moti.core.urls import id_from
from moti.directory import services as directory_services
from moti.directory import suggestions
from moti.directory.models import Organisation
from moti.messaging.models import Channel
from moti.paths import selectors as path_selectors

from . import attention, invitations, pairs, reminders, selectors, services
from .forms import (
    AbsenceForm,
    AnswerForm,
    CloseForm,
    ConcernForm,
    ConveneForm,
    HandoverForm,
    MeetingCancelForm,
    MeetingEditForm,
    MeetingForm,
    MeetingRecordForm,
    MemberEditForm,
    MemberForm,
    MessagesForm,
    NoteForm,
    ReopenForm,
    SuggestionForm,
)
from .models import Handover, TeamMember


@professional_required
@require_safe
def home(request):
    work = selectors.my_work_get(person=request.person)
    access.actions_shown(request.user, work["actions"])
    access.log_listed(request.user, work["client_ids"], what=What.MY_WORK)
    return render(request, "teams/my_work.html", work)


MY_LIST_PAGE = 50
ATTENTION_SHOWN = 5  # on the card of "my work"


@professional_required
@require_http_methods(["GET", "POST"])
def my_messages(request):
    """Which reminders the person gets by e-mail (no client's data here)."""
    person = request.person
    form = MessagesForm(request.POST or None, initial={"wanted": [
        kind for kind in reminders.KINDS if kind not in (person.muted_messages or [])]})
    if request.method == "POST" and form.is_valid():
        directory_services.person_muted_set(person=person, muted=[
            kind for kind in reminders.KINDS if kind not in form.cleaned_data["wanted"]])
        messages.success(request, _("Saved."))
        return redirect("my_messages")
    return render(request, "teams/my_messages.html", {"form": form}, status=form_status(form))


@professional_required
@require_safe
def needs_attention(request):
    """The teams that need the person's attention, each with its reasons, a page at a time;
    `?reason=` keeps one kind."""
    reason = request.GET.get("reason", "")
    reason = reason if reason in attention.REASONS else ""
    found = attention.attention_list(person=request.person, reason=reason)
    if request.htmx and request.GET.get("part") == "card":
        # The card on "my work", loaded after the page: the rest of my work is not kept
        # waiting for the triage of a large caseload.
        shown = found[:ATTENTION_SHOWN]
        access.log_listed(request.user, {a.client_id for a in shown}, what=What.MY_WORK)
        return render(request, "teams/_attention_card.html",
                      {"attention": shown, "attention_total": len(found)})
    page = Paginator(found, MY_LIST_PAGE).get_page(request.GET.get("page"))
    access.log_listed(request.user, {a.client_id for a in page.object_list},
                      what=What.MY_WORK)
    return render(request, "teams/needs_attention.html", {
        "page": page, "rows": page.object_list, "reason": reason,
        "reasons": list(attention.REASONS.items())})


@professional_required
@require_safe
def my_actions(request):
    """All the person's open actions, a page at a time."""
    page = Paginator(selectors.my_actions(person=request.person), MY_LIST_PAGE).get_page(
        request.GET.get("page"))
    # The next steps of clients' services that the person arranges, each through a team of
    # theirs (another register's, without consent, counted and not shown): decided with the
    # actions, every team on the page read once.
    steps = path_selectors.next_steps_of(person=request.person, today=timezone.localdate())
    actions, steps_rows, steps_withheld = access.actions_shown(
        request.user, list(page.object_list), steps, path_selectors.teams_for(
            person=request.person, client_ids={e.client_id for e in steps}, run=False))
    access.log_listed(request.user, {a.plan.team.client_id for a in actions}
                      | {e.client_id for e in steps}, what=What.MY_WORK)
    return render(request, "teams/my_actions.html", {
        "page": page, "actions": actions, "steps": steps_rows,
        "steps_withheld": steps_withheld, "today": timezone.localdate()})


@professional_required
@require_safe
def my_teams(request):
    """All the person's open teams, a page at a time."""
    page = Paginator(selectors.my_teams(person=request.person), MY_LIST_PAGE).get_page(
        request.GET.get("page"))
    access.log_listed(request.user, {m.team.client_id for m in page.object_list},
                      what=What.MY_WORK)
    return render(request, "teams/my_teams.html", {"page": page})


@professional_required
@require_http_methods(["GET", "POST"])
def concern_new(request, handle):
    client = access.client_from_handle(request.user, handle, writes=What.CONCERN)
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        concern = submit_once(request, form, services.concern_create,
                              author=request.person, client=client)
        if concern:
            messages.success(request, _("The concern was recorded."))
            return redirect("concern_detail", pk=concern.pk)
    earlier = selectors.concern_earlier_get(client=client)
    if earlier["open_teams"]:  # one shared plan, not two: the client's teams are named
        access.client_read(request.user, client, what=What.TEAM)
    return render(request, "teams/concern_new.html", {"client": client, "form": form, **earlier})


@professional_required
@require_safe
def concern_detail(request, pk):
    concern = access.concern_for(request.user, pk)
    team = selectors.concern_team_get(concern=concern)
    visibility = access.visibility_for(request.user, concern.client, team,
                                       concern.access_basis)
    shown, withheld = visibility.split([concern])
    return render(request, "teams/concern_detail.html", {
        "concern": concern, "shown": bool(shown), "withheld": visibility.explain(withheld),
        "team": team, "team_reachable": team is not None and access.reaches_team(
            request.user, team),
        "writes": concern.access_basis != Basis.EMERGENCY, "form": ConveneForm(),
        "consent_form": ConveneConsentForm(prefix="consent",
                                           organisations=_organisations(request)),
        "may_record_consent": can(request.person, Capability.RECORD_CONSENT),
    })


def _organisations(request):
    """Organisations whose members may see the convener's records, by the client's consent."""
    person = request.person
    return Organisation.objects.filter(pk__in=client_workers().values("organisation")).exclude(
        controller_id=person.organisation.controller_key, register=person.organisation.register)


@professional_required
@require_POST
def team_convene(request, pk):
    concern = access.concern_for(request.user, pk, operation=Operation.WRITE, what=What.TEAM)
    form = ConveneForm(request.POST)
    consent_form = ConveneConsentForm(request.POST, prefix="consent",
                                      organisations=_organisations(request))
    if form.is_valid() and consent_form.is_valid():
        consent = consent_form.cleaned_data if consent_form.cleaned_data["consent_given"] \
            else None
        team = submit_once(request, form, access_services.team_convene,
                           author=request.person, concern=concern,
                           consent=consent and {k: v for k, v in consent.items()
                                                if k != "consent_given"})
        if team:
            messages.success(request, _("The MOTI team was convened. Add its members next."))
            return redirect("team_detail", pk=team.pk)
        for name, errors in form.errors.items():  # consent errors belong to the consent form
            if name in consent_form.fields:
                consent_form.add_error(name, errors)
    return render(request, "teams/concern_detail.html",
                  {"concern": concern, "shown": True, "team": None, "form": form,
                   "consent_form": consent_form,
                   "may_record_consent": can(request.person, Capability.RECORD_CONSENT)},
                  status=form_status(form, invalid=422) if form.errors
                  else form_status(consent_form, invalid=422))


def _team_page(request, team, **forms):
    visibility = access.visibility_for(request.user, team.client, team, team.access_basis)
    record = selectors.team_record_get(team=team, visibility=visibility)
    return {"team": team, **record, "withheld": visibility.explain(record["withheld"]),
            "uncovered": visibility.uncovered_organisations(),
            "manages": team.access_basis in access.MANAGERS,
            "writes": team.access_basis != Basis.EMERGENCY,
            "member_form": MemberForm(people=team_joiners()), "note_form": NoteForm(),
            **forms}


def _member_form(request, data=None):
    """The member form with the directory searched for what the user asked: words (`q`), a
    need domain and a municipality served."""
    asked = request.POST if data is not None else request.GET
    terms = {name: (asked.get(name) or "")[:100] for name in ("q", "domain", "municipality")}
    if terms["domain"] not in NeedDomain.values:
        terms["domain"] = ""
    found = selectors.people_search(people=team_joiners(), text=terms["q"],
                                    domain=terms["domain"], municipality=terms["municipality"])
    initial = {**terms, "kind": asked.get("kind") or TeamMember.Kind.PROFESSIONAL}
    return MemberForm(data, people=team_joiners(), found=found, initial=initial)


@professional_required
@require_safe
def member_search(request):
    """The member form's directory search (HTMX): matching professionals to choose from. The
    directory is no client's data; its people are for everyone who works with clients."""
    if not does_client_work(request.person):
        raise PermissionDenied
    return render(request, "teams/_person_choices.html",
                  {"member_form": _member_form(request)})


@professional_required
@require_safe
def team_detail(request, pk):
    team = access.team_for(request.user, pk)
    return render(request, "teams/team_detail.html", _team_page(request, team))


@professional_required
@require_http_methods(["GET", "POST"])
def member_add(request, pk):
    team = access.team_for(request.user, pk, operation=Operation.WRITE, what=What.TEAM_MEMBER,
                           manage=True)
    form = _member_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        member = submit_once(request, form, access_services.member_add, team=team)
        if member:
            if request.htmx:
                return render(request, "teams/_members.html",
                              {**_team_page(request, team), "added": member})
            messages.success(request, _("%(name)s was added to the team.") % {"name": member})
            if request.POST.get("back") == "suggestions":
                # Back to the needs the convener chose, if they chose.
                domains = [d for d in request.POST.getlist("domains") if d in NeedDomain.values]
                query = f"?{urlencode({'domains': domains}, doseq=True)}" if domains else ""
                return redirect(reverse("team_suggestions", args=[team.pk]) + query)
            return redirect("team_detail", pk=team.pk)
    if request.htmx:
        # The member section again, its form open with the errors (htmx swaps a 422 too:
        # base.html's htmx-config).
        return render(request, "teams/_members.html", _team_page(request, team, member_form=form),
                      status=422)
    return render(request, "teams/member_add.html", {"team": team, "member_form": form},
                  status=form_status(form, invalid=422))


@professional_required
@require_safe
def team_suggestions(request, pk):
    """Who to invite, from the directory: for each need domain of the concern, the services
    that fit the client best, their reasons, and their people to add with one click."""
    team = access.team_for(request.user, pk, operation=Operation.WRITE, what=What.TEAM_MEMBER,
                           manage=True)
    concern, client = team.concern, team.client
    # The concern is a register item like any: what it says (its needs, how the client gets
    # about) guides the suggestions only for a viewer who may read it; anyone may choose the
    # needs to look for.
    shown, _withheld = access.visibility_for(request.user, client, team,
                                             team.access_basis).split([concern])
    # Chosen needs only when the needs were asked about (another parameter keeps the
    # concern's), each once however often it was asked.
    form = SuggestionForm(request.GET if "domains" in request.GET else None, initial={
        "domains": concern.need_domains if shown else []})
    chosen = list(dict.fromkeys(form.cleaned_data["domains"] if form.is_valid()
                                else form["domains"].initial))
    need = suggestions.Need(
        # Under turvakielto not even the municipality narrows the search: the services
        # suggested would tell where the client lives.
        domains=tuple(chosen), municipality="" if client.turvakielto else client.municipality,
        language=client.language,
        cannot_travel=bool(shown) and concern.cannot_travel,
        no_digital=bool(shown) and concern.no_digital, private=client.turvakielto)
    members = team.members.exclude(person=None).values("person_id")
    domains = suggestions.suggest(need=need, people=team_joiners(),
                                  exclude=members) if chosen else []
    # Each add button is a create form of its own, the same person under two services too.
    adds = {id(s): [(p, uuid.uuid4()) for p in s.people] for d in domains for s in d.suggestions}
    return render(request, "teams/suggestions.html", {
        "team": team, "need": need, "kinds": TeamMember.Kind,
        "domains": [(d, [(s, adds[id(s)]) for s in d.suggestions]) for d in domains],
        "form": form, "concern_shown": bool(shown), "outside": OUTSIDE_ORGANISATIONS,
        "writes": team.is_open})


@professional_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = access.member_for(request.user, pk)
    team = member.team
    initial = {"role": member.role, "is_coordinator": member.is_coordinator,
               "is_lead": member.is_lead}
    form = MemberEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if run_service(form, lambda: access_services.member_update(member=member,
                                                                   **form.cleaned_data)):
            messages.success(request, _("The member's role was saved."))
            return redirect("team_detail", pk=team.pk)
    return render(request, "teams/member_edit.html",
                  {"team": team, "member": member, "form": form})


@professional_required
@require_POST
def note_add(request, pk):
    team = access.team_for(request.user, pk, operation=Operation.WRITE, what=What.NOTE)
    form = NoteForm(request.POST)
    if form.is_valid() and submit_once(request, form, services.note_add,
                                       team=team, author=request.person):
        messages.success(request, _("The note was saved."))
        return redirect("team_detail", pk=team.pk)
    return render(request, "teams/team_detail.html", _team_page(request, team, note_form=form),
                  status=form_status(form, invalid=422))


@professional_required
@require_http_methods(["GET", "POST"])
def team_close(request, pk):
    team = access.team_for(request.user, pk, operation=Operation.WRITE, manage=True)
    closing = services.team_closing_get(team=team)
    visibility = access.visibility_for(request.user, team.client, team, team.access_basis)
    reachable = Channel.LETTER in invitations.client_channels(team.client)
    form = CloseForm(request.POST or None, actions=closing["open_actions"],
                     shown={a.pk for a in visibility.split(closing["open_actions"])[0]},
                     initial={"closing_letter": reachable})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(form, lambda: services.team_close(
                team=team, closer=request.person, reason=data["closure_reason"],
                note=data["closure_note"], endings=form.endings(),
                closing_letter=data["closing_letter"])):
            messages.success(request, _("The team was closed."))
            return redirect("team_detail", pk=team.pk)
    return render(request, "teams/team_close.html", {"team": team, "form": form, **closing},
                  status=form_status(form))


@professional_required
@require_http_methods(["GET", "POST"])
def team_reopen(request, pk):
    team = access.team_for(request.user, pk, operation=Operation.WRITE, manage=True)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(form, lambda: services.team_reopen(
                team=team, person=request.person, reason=form.cleaned_data["reason"])):
            messages.success(request, _("The team was reopened."))
            return redirect("team_detail", pk=team.pk)
    return render(request, "teams/team_reopen.html", {"team": team, "form": form},
                  status=form_status(form))


@professional_required
@require_http_methods(["GET", "POST"])
def meeting_new(request, pk):
    team = access.team_for(request.user, pk, operation=Operation.WRITE, what=What.MEETING)
    form = MeetingForm(request.POST or None, team=team,
                       initial={"invited": list(team.members.all())})
    if request.method == "POST" and form.is_valid():
        meeting = submit_once(request, form, services.meeting_create,
                              team=team, author=request.person)
        if meeting:
            messages.success(request, _(
                "The meeting was scheduled and the invitations are on their way.")
                if meeting.starts_at > timezone.now() else _("The meeting was recorded."))
            return redirect("meeting_detail", pk=meeting.pk)
    return render(request, "teams/meeting_new.html", {"team": team, "form": form},
                  status=form_status(form))


def _meeting_client_channel(meeting) -> str:
    client = next((p for p in meeting.participants.all() if p.is_client), None)
    return client.channel if client else Channel.NONE


@professional_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = access.meeting_for(request.user, pk, operation=Operation.WRITE)
    form = MeetingEditForm(request.POST or None, team=meeting.team, initial={
        "version": meeting.version, "starts_at": meeting.starts_at,
        "duration_minutes": meeting.duration_minutes, "place": meeting.place,
        "remote_link": meeting.remote_link,
        "client_channel": _meeting_client_channel(meeting)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        told = meeting.sequence
        changed = run_service(form, lambda: services.meeting_change(
            meeting=meeting, user=request.user, expected_version=data["version"],
            **{k: v for k, v in data.items() if k != "version"}))
        if changed:
            messages.success(request, _("The meeting was changed; every invitee is told.")
                             if changed.sequence != told else _("Saved."))
            return redirect("meeting_detail", pk=meeting.pk)
    return render(request, "teams/meeting_edit.html",
                  {"meeting": meeting, "team": meeting.team, "form": form},
                  status=form_status(form))


@professional_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk):
    meeting = access.meeting_for(request.user, pk, operation=Operation.WRITE)
    form = MeetingCancelForm(request.POST or None, initial={"version": meeting.version})
    if request.method == "POST" and form.is_valid():
        if run_service(form, lambda: services.meeting_cancel(
                meeting=meeting, person=request.person,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"])):
            messages.success(request, _("The meeting was cancelled; every invitee is told."))
            return redirect("meeting_detail", pk=meeting.pk)
    return render(request, "teams/meeting_cancel.html",
                  {"meeting": meeting, "team": meeting.team, "form": form},
                  status=form_status(form))


@never_cache
@require_http_methods(["GET", "POST"])
def meeting_rsvp(request, handle):
    """An invitee answers from the link in their message, signed in or not: the signed link
    is the proof. It shows, in the invitee's language, the time and place they were sent
    (until the meeting is over or cancelled), never the client or the record; a link Moti did
    not make is a 404. Not cached, not indexed."""
    participant = invitations.participant_from_token(handle)
    if participant is None:
        raise Http404
    language = invitations.language_of(participant, participant.meeting.team.client)
    with translation.override(language):
        request.LANGUAGE_CODE = language
        form = AnswerForm(request.POST or None, initial={"response": participant.response})
        if request.method == "POST" and form.is_valid():
            if run_service(form, lambda: services.meeting_answer(
                    participant=participant, response=form.cleaned_data["response"])):
                return redirect("meeting_rsvp", handle=handle)
        response = render(request, "teams/meeting_rsvp.html", {
            "participant": participant, "meeting": participant.meeting, "form": form,
            "open": invitations.answer_window_open(participant.meeting)},
            status=form_status(form))
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@professional_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request, pk):
    write = request.method == "POST"
    meeting = access.meeting_for(request.user, pk,
                                 operation=Operation.WRITE if write else Operation.READ)
    visibility = access.visibility_for(request.user, meeting.team.client, meeting.team,
                                       meeting.access_basis)
    detail = selectors.meeting_attendance_get(meeting=meeting)
    attended = [p.member for p in detail["participants"] if p.attended and p.member]
    client_came = next((p.attended for p in detail["participants"] if p.is_client), None)
    form = MeetingRecordForm(request.POST or None, team=meeting.team, initial={
        "version": meeting.version, "client_story": meeting.client_story,
        "client_goals": meeting.client_goals, "minutes": meeting.minutes,
        "decisions": meeting.decisions, "attended": attended,
        "client_attended": {True: "yes", False: "no"}.get(client_came, ""),
    })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(form, lambda: services.meeting_record(
                meeting=meeting, user=request.user, expected_version=data["version"],
                **{k: v for k, v in data.items() if k != "version"})):
            messages.success(request, _("The meeting record was saved."))
            return redirect("meeting_detail", pk=meeting.pk)
    # What the page draws, logged as drawn (a save that redirects shows nothing; a write
    # reaches here only for a record the user may see).
    shown, withheld = visibility.split([meeting])
    writes = meeting.access_basis != Basis.EMERGENCY
    return render(request, "teams/meeting_detail.html",
                  {"meeting": meeting, "team": meeting.team, "form": form, "shown": bool(shown),
                   "withheld": visibility.explain(withheld), "writes": writes,
                   "reschedulable": writes and bool(shown) and meeting.team.is_open
                   and not meeting.is_cancelled and meeting.ends_at > timezone.now(),
                   **detail}, status=form_status(form))


# --- The coordinator pair ---------------------------------------------------------------------

HANDOVER_PAGE = 20  # teams a handover form holds: each has its note


@professional_required
@require_safe
def caseload(request):
    """The pair's shared caseload: the teams the person coordinates, by partner, with what
    needs attention; `?partner=<id>` keeps one pair's teams, `?partner=none` those without."""
    rows = attention.caseload(person=request.person)
    today = timezone.localdate()
    every = request.GET.get("pairs") == "all"
    pairs_found = selectors.pairs_of(rows, today=today, chosen=request.GET.get("partner", ""),
                                     every=every)
    rows, partner, chosen = selectors.of_pair(rows, pairs_found.shown,
                                              request.GET.get("partner", ""))
    page = Paginator(rows, MY_LIST_PAGE).get_page(request.GET.get("page"))
    access.log_listed(request.user, {row.client_id for row in page.object_list},
                      what=What.MY_WORK)
    return render(request, "teams/caseload.html", {
        "page": page, "rows": page.object_list, "pairs": pairs_found.shown,
        "pairs_left_out": pairs_found, "chosen": chosen, "every": every,
        # Every partner listed stays listed while paging and choosing a pair.
        "page_query": urlencode([(key, value) for key, value in (
            ("partner", chosen), ("pairs", "all" if every else "")) if value]),
        "partner": partner, "today": today,
        "away": pairs.absences_of(request.person, today=today)})


@professional_required
@require_http_methods(["GET", "POST"])
def my_absences(request):
    """The person's coming absences, a form to add one, and who stands in for them."""
    form = AbsenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and submit_once(
            request, form, pairs.absence_add, person=request.person):
        messages.success(request, _("Your absence was saved. While you are away, your "
                                    "reminders and alerts go to your partners."))
        return redirect("my_absences")
    today = timezone.localdate()
    absences = pairs.absences_of(request.person, today=today)
    day = pairs.stand_in_day(absences, today)
    return render(request, "teams/my_absences.html", {
        "form": form, "absences": absences, "stand_in_day": day,
        "stand_ins": pairs.stand_ins_of(request.person, day=day)}, status=form_status(form))


@professional_required
@require_POST
def absence_remove(request, pk):
    """Remove one's own absence (another's is not found)."""
    if not pairs.absence_remove(person=request.person, absence_id=pk):
        raise Http404
    messages.success(request, _("The absence was removed."))
    return redirect("my_absences")


@professional_required
@require_http_methods(["GET", "POST"])
def handover(request):
    """Hand the coordination of one's teams over to another professional, a note per team;
    the teams a page at a time."""
    page = Paginator(selectors.coordinated(person=request.person), HANDOVER_PAGE).get_page(
        request.GET.get("page"))
    rows = selectors.team_rows(page.object_list)
    posted = request.POST if request.method == "POST" else None
    if posted is not None:
        if submitted(key=posted.get("form_key"), user=request.user, model=Handover):
            return redirect("handover")  # a double submit: the first one handed them over
        # Ticked teams the page no longer holds (its pages moved meanwhile), if the person
        # still coordinates them.
        named = {id_from(name.removeprefix("team_")) for name in posted
                 if name.startswith("team_")} - {row.team_id for row in rows} - {None}
        rows += selectors.coordinated_teams(person=request.person, ids=named)
    words = ((posted or request.GET).get("q") or "")[:100]
    found = selectors.people_search(people=client_workers(), text=words)
    if posted is not None and "find" in posted:
        # The search redraws the form as it was filled in, checking nothing yet.
        form = HandoverForm(teams=rows, people=client_workers(), found=found,
                            initial={**posted.dict(), "q": words})
    else:
        form = HandoverForm(posted, teams=rows, people=client_workers(), found=found,
                            initial={"q": words})
    if posted is not None and "find" not in posted and form.is_valid():
        first = submit_once(request, form, access_services.handover, user=request.user,
                            giver=request.person)
        if first:
            count = len(form.cleaned_data["notes"])
            messages.success(request, ngettext(
                "%(n)s team was handed over to %(name)s.",
                "%(n)s teams were handed over to %(name)s.", count) % {
                "n": count, "name": first.receiver})
            return redirect("handover")
    access.log_listed(request.user, {row.client_id for row in rows}, what=What.MY_WORK)
    return render(request, "teams/handover.html", {"form": form, "page": page, "rows": rows},
                  status=form_status(form))
