"""Pages about who may see what: a team's consents, a client's disclosure bans, and the access
administrator's people and roles."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from moti.audit.models import Basis, Operation, What
from moti.core.forms import form_status, run_service, submit_once
from moti.directory.models import Organisation

from . import helpers as access
from . import selectors, services
from .decorators import professional_required
from .forms import ConsentForm, PersonRolesForm, RoleForm
from .models import Capability, Consent, Role, RoleKind
from .roles import can, has_role
from .visibility import Source


def _recipients(team, person):
    """The team's member organisations a consent of `person` can open their records to: not
    their own (nobody grants access to themselves)."""
    own = Source.of_person(person)
    return Organisation.objects.filter(people__memberships__team=team).distinct().exclude(
        Q(controller_id=own.controller_id) | Q(controller__isnull=True, pk=own.controller_id),
        register=own.register)


@professional_required
@require_http_methods(["GET", "POST"])
def team_consents(request, pk):
    write = request.method == "POST"
    wants = Consent.GivenHow.STATUTE if request.POST.get("given_how") == Consent.GivenHow.STATUTE \
        else None
    team = access.team_for(request.user, pk, what=What.CONSENT,
                           operation=Operation.WRITE if write else Operation.READ,
                           capability=(Capability.RECORD_LEGAL_BASIS if wants
                                       else Capability.RECORD_CONSENT) if write else None)
    person = request.person
    recipients = list(_recipients(team, person))
    form = ConsentForm(request.POST if write else None,
                       organisations=recipients,
                       consent=can(person, Capability.RECORD_CONSENT),
                       legal_basis=can(person, Capability.RECORD_LEGAL_BASIS))
    if write and form.is_valid() and submit_once(request, form, services.consent_record,
                                                 team=team, recorder=person):
        messages.success(request, _("The consent was recorded."))
        return redirect("team_consents", pk=team.pk)
    visibility = access.visibility_for(request.user, team.client, team, team.access_basis)
    writes = team.is_open and team.access_basis != Basis.EMERGENCY
    consents = selectors.consent_list(team=team)
    for consent in consents:
        consent.revocable = writes and access.may_revoke(person, consent)
    return render(request, "access/team_consents.html", {
        "team": team, "form": form, "consents": consents, "writes": writes,
        "uncovered": visibility.uncovered_organisations(among=recipients),
        "may_record": writes and (can(person, Capability.RECORD_CONSENT)
                                  or can(person, Capability.RECORD_LEGAL_BASIS)),
    }, status=form_status(form, invalid=422) if write else 200)


@professional_required
@require_POST
def consent_revoke(request, pk):
    consent = access.consent_for(request.user, pk)
    services.consent_revoke(consent=consent, by=request.person)
    messages.success(request, _("The consent was revoked. It no longer opens any data."))
    return redirect("team_consents", pk=consent.team_id)


@professional_required
@require_POST
def disclosure_ban_set(request, pk):
    client = access.client_for(request.user, pk, operation=Operation.WRITE,
                               what=What.DISCLOSURE_BAN, capability=Capability.SET_DISCLOSURE_BAN)
    services.disclosure_ban_set(client=client, by=request.person)
    messages.success(request, _("The disclosure ban was recorded."))
    return redirect("client_detail", pk=client.pk)


@professional_required
@require_POST
def disclosure_ban_lift(request, pk):
    ban = access.disclosure_ban_for(request.user, pk)
    services.disclosure_ban_lift(ban=ban, by=request.person)
    messages.success(request, _("The disclosure ban was lifted."))
    return redirect("client_detail", pk=ban.client_id)


def _admin(request) -> int:
    """The controller whose access the signed-in administrator manages."""
    if not has_role(request.person, RoleKind.ACCESS_ADMIN):
        raise PermissionDenied
    return request.person.organisation.controller_key


@professional_required
@require_safe
def people(request):
    controller = _admin(request)
    text = request.GET.get("q", "")[:100]
    page = Paginator(selectors.controller_people(controller_id=controller, text=text),
                     50).get_page(request.GET.get("page"))
    return render(request, "access/people.html", {"page": page, "q": text,
                                                  "query": f"q={text}" if text else ""})


@professional_required
@require_http_methods(["GET", "POST"])
def person_roles(request, pk):
    controller = _admin(request)
    person = get_object_or_404(selectors.controller_people(controller_id=controller), pk=pk)
    roles = Role.objects.filter(organisation_id=controller)
    form = PersonRolesForm(request.POST or None, roles=roles,
                           initial={"roles": list(person.access_roles.all())})
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda: services.person_roles_set(person=person, by=request.person,
                                                    roles=form.cleaned_data["roles"])):
        messages.success(request, _("The roles were saved."))
        return redirect("access_people")
    return render(request, "access/person_roles.html",
                  {"person": person, "form": form, "own": person.pk == request.person.pk},
                  status=form_status(form))


@professional_required
@require_safe
def roles(request):
    controller = _admin(request)
    return render(request, "access/roles.html",
                  {"roles": selectors.controller_roles(controller_id=controller)})


@professional_required
@require_http_methods(["GET", "POST"])
def role_edit(request, pk=None):
    controller = _admin(request)
    role = get_object_or_404(Role, pk=pk, organisation_id=controller) if pk else None
    form = RoleForm(request.POST or None, initial={
        "name": role.name, "kind": role.kind, "capabilities": role.capabilities} if role else None)
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda: services.role_save(by=request.person, role=role, **form.cleaned_data)):
        messages.success(request, _("The role was saved."))
        return redirect("access_roles")
    holds = role is not None and role.people.filter(pk=request.person.pk).exists()
    return render(request, "access/role_edit.html", {"role": role, "form": form,
                                                     "holds": holds},
                  status=form_status(form))
