"""The directory's pages: search, "who decides", an entry with its history, and the
maintainers' edits. The directory is no client's data: every signed-in person may read it;
only directory maintainers change it."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from moti.access.decorators import professional_required
from moti.access.models import RoleKind
from moti.access.roles import has_role
from moti.core.forms import form_status, run_service
from moti.core.models import Change
from moti.core.urls import id_from

from . import search, selectors, services
from .forms import (
    AgreementForm,
    OrganisationForm,
    PersonForm,
    PointForm,
    SearchForm,
    ServiceForm,
    limit_choices,
)
from .models import STALE_AFTER, Agreement, Organisation, Person, SearchEntry, Service, ServicePoint

PAGE = 20
# kind in the address: (model, its maintainers' form, what its page reads with it)
KINDS = {
    "service": (Service, ServiceForm, ("organisation",)),
    "point": (ServicePoint, PointForm, ("organisation",)),
    "person": (Person, PersonForm, ("organisation", "unit")),
    "organisation": (Organisation, OrganisationForm, ("parent",)),
    "agreement": (Agreement, AgreementForm, ()),
}
MANY = ("services", "parties", "contacts")


def _field_label(model, name: str) -> str:
    """A changed field as its form calls it (`checked_at`: the check itself)."""
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _maintains(request) -> bool:
    return has_role(request.person, RoleKind.DIRECTORY_MAINTAINER)


def _kind(kind: str):
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


@professional_required
@require_safe
def directory_search(request):
    form = SearchForm(request.GET)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    filters = search.Filters(
        kinds=(data["kind"],) if data.get("kind") else (), domain=data.get("domain", ""),
        municipality=data.get("municipality", ""), language=data.get("language", ""),
        channel=data.get("channel", ""))
    found = page = None
    # An invalid search (too long, an unknown choice) shows its errors, never everything.
    if form.is_valid() and any(request.GET.get(name) for name in form.fields):
        found = search.find(data.get("q", ""), filters)
        page = Paginator(found.ids, PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "directory/search.html", {
        "form": form, "found": found, "page": page,
        "results": search.entries_of(list(page)) if page else [], "query": query.urlencode(),
        "maintains": _maintains(request)})


@professional_required
@require_safe
def who_decides(request):
    """Who decides what: services and people with their decision powers written down."""
    text = request.GET.get("q", "")[:200]
    found = search.find(text, search.Filters(
        kinds=(SearchEntry.Kind.SERVICE, SearchEntry.Kind.PERSON), decides=True))
    page = Paginator(found.ids, PAGE).get_page(request.GET.get("page"))
    results = search.entries_of(list(page))
    ids = {kind: [e.object_id for e in results if e.kind == kind]
           for kind in (SearchEntry.Kind.SERVICE, SearchEntry.Kind.PERSON)}
    objects = {("service", s.pk): s for s in Service.objects.filter(
        pk__in=ids["service"]).select_related("organisation")}
    objects |= {("person", p.pk): p for p in Person.objects.filter(
        pk__in=ids["person"]).select_related("organisation")}
    rows = [(e, objects[e.kind, e.object_id]) for e in results
            if (e.kind, e.object_id) in objects]
    return render(request, "directory/decisions.html",
                  {"q": text, "query": urlencode({"q": text}) if text else "", "page": page,
                   "rows": rows, "more": found.more})


@professional_required
@require_safe
def entry_detail(request, kind, pk):
    model, _form, related = _kind(kind)
    entry = get_object_or_404(model.objects.select_related(*related, "checked_by"), pk=pk)
    history = [(change, _field_label(model, change.field)) for change in Change.objects.filter(
        kind=model._meta.label_lower, object_id=entry.pk).select_related("changed_by")[:30]]
    return render(request, "directory/entry.html", {
        "kind": kind, "entry": entry, "history": history,
        "links": selectors.entry_links(kind=kind, entry=entry),
        "maintains": _maintains(request), "stale_after": STALE_AFTER.days})


@professional_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, kind, pk=None):
    """A maintainer's new entry or edit; a stale edit is refused naming who saved since."""
    if not _maintains(request):
        raise PermissionDenied
    model, form_class, _related = _kind(kind)
    entry = get_object_or_404(model, pk=pk) if pk is not None else None
    if kind in ("organisation", "person") and entry is None:
        # Organisations are made with their data controller (organisation_create), people
        # with their accounts (access administration) or by the catalogue's import.
        raise Http404
    # A service or a point belongs to the organisation it was added from (its page's link,
    # `?organisation=`): no picker lists every organisation of the county.
    owner = None
    if entry is None and "organisation" in form_class.base_fields:
        owner = get_object_or_404(Organisation, pk=id_from(request.GET.get("organisation")))
    initial = {**model_to_dict(entry), "version": entry.version} if entry else {}
    form = form_class(request.POST or None, initial=initial)
    form.fields.pop("organisation", None)
    if entry is None:
        # A new point's services and a new agreement's contacts are chosen among its
        # organisation's and its parties' once it is saved (the edit page that follows).
        for name in ("services", "contacts"):
            form.fields.pop(name, None)
    limit_choices(form, entry, None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data) | ({"organisation": owner} if owner else {})
        version = data.pop("version", None)
        many = {name: data.pop(name) for name in MANY if name in data}
        if entry is None:
            saved = run_service(form, lambda: services.entry_create(
                model=model, user=request.user, fields=data, many=many))
        else:
            saved = run_service(form, lambda: services.entry_update(
                entry=entry, expected_version=version or 0, user=request.user, fields=data,
                many=many))
        if saved:
            messages.success(request, _("The directory entry was saved."))
            if entry is None and kind in ("point", "agreement"):
                messages.info(request, _("Now choose its services or contact people."))
                return redirect("directory_edit", kind=kind, pk=saved.pk)
            return redirect("directory_entry", kind=kind, pk=saved.pk)
    return render(request, "directory/entry_edit.html",
                  {"kind": kind, "entry": entry, "form": form, "owner": owner},
                  status=form_status(form, invalid=422))


@professional_required
@require_POST
def entry_check(request, kind, pk):
    if not _maintains(request):
        raise PermissionDenied
    model, _form, _related = _kind(kind)
    entry = get_object_or_404(model, pk=pk)
    services.entry_check(entry=entry, user=request.user)
    messages.success(request, _("Marked as checked today."))
    return redirect("directory_entry", kind=kind, pk=pk)


@professional_required
@require_safe
def stale_entries(request):
    """Entries nobody has checked for twelve months, oldest first, for the maintainers."""
    if not _maintains(request):
        raise PermissionDenied
    old = Q(checked_at__isnull=True) | Q(checked_at__lt=timezone.now() - STALE_AFTER)
    groups = []
    for kind, (model, _form, related) in KINDS.items():
        rows = list(model.objects.filter(old).select_related(*related)
                    .order_by("checked_at", "pk")[:PAGE + 1])
        groups.append((kind, model._meta.verbose_name_plural, rows[:PAGE], len(rows) > PAGE))
    return render(request, "directory/stale.html",
                  {"groups": groups, "since": timezone.now() - timedelta(days=365)})
