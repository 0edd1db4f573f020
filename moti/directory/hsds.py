"""The directory in Open Referral HSDS 3.1 shape: organizations, services, locations and contacts.

Read from the HSDS 3.1 schemas (openreferral/specification, branch 3.1-dev: `schema/*.json`,
`schema/openapi.json`, `docs/hsds/*.md`). HSDS has one text per field, no translations: `name`
and `description` hold the Finnish text (Swedish, else English, when no Finnish was written);
`language` objects are the languages a service is given in, as the schema defines them.

Identifiers are UUIDs: an entry's PTV id when it has one, else `uuid5(NAMESPACE, "<kind>:<pk>")`
(a linked object's keys joined the same way), so an entry keeps its id from one export to the
next. An entry that a PTV import later links takes its PTV id from then on.

Extension. HSDS 3.1 lets a publication add properties of its own where HSDS has none that fits,
as long as they are documented (`docs/hsds/extending.md`, `conformance.md` rule 4); its schemas
accept them. A formal Profile would need a published profile URI, which Moti has not, so these
are such additional properties, each named with the prefix `x_moti_` to keep them apart from
present and future HSDS terms. Where HSDS has a term, it is used instead (conformance rule 2):
need domains and PTV service classes are taxonomy terms in `attributes`, municipalities served
are `service_areas`, the business ID and OID are `organization_identifiers`.

| Object | Property | Type | Meaning |
|---|---|---|---|
| organization | `x_moti_kind` | string | its kind (below) |
| organization | `x_moti_agreements` | array of objects | cooperation agreements it is party to |
| service | `x_moti_name_sv` | string | name in Swedish |
| service | `x_moti_name_en` | string | name in English |
| service | `x_moti_description_sv` | string | description in Swedish |
| service | `x_moti_description_en` | string | description in English |
| service | `x_moti_decisions` | string | what is decided here |
| service | `x_moti_waiting_days` | integer | typical waiting time in days |
| service | `x_moti_waiting_measured_on` | string (date) | when it was measured |
| service | `x_moti_channels` | array of strings | how the service is used (below) |
| location | `x_moti_name_sv` | string | name in Swedish |
| location | `x_moti_name_en` | string | name in English |
| location | `x_moti_description_sv` | string | description in Swedish |
| location | `x_moti_description_en` | string | description in English |
| address | `x_moti_municipality` | string | municipality (`city` is the post office) |
| address | `x_moti_municipality_code` | string | its Statistics Finland code, e.g. "297" |
| schedule | `x_moti_time_zone` | string | IANA zone of the times: "Europe/Helsinki" |
| contact | `x_moti_person_id` | string (UUID) | the person's own id, the same under each service |
| contact | `x_moti_responsibilities` | string | the person's responsibilities |
| contact | `x_moti_decisions` | string | what the person decides |
| contact | `x_moti_languages` | array of strings | languages the person works in (ISO 639) |
| contact | `x_moti_municipalities` | array of strings | municipalities the person serves |

`x_moti_kind` is one of county, municipality, kela, employment, police, ngo, parish, private,
other. `x_moti_channels` holds in_person, phone, video, home_visit, pop_up, e_service. Each
agreement in `x_moti_agreements` has `id` (UUID), `title`, `purpose`, `roles` (who does what),
`resources`, `cadence`, `next_meeting` (date), `organization_ids` (its parties) and
`contact_ids` (its named people, as their `x_moti_person_id`); empty ones are left out.

HSDS fields filled from Moti, where the mapping is not plain: `service.status` is always
"active"; `service.eligibility_description` is the target groups and who may use it;
`service.application_process` is how to refer or contact; `service.fees_description` the cost;
`service.assured_date` the day it was last checked; `service.wait_time` (deprecated in 3.x) is not
used. A person's expertise is need-domain `attributes` on their contact, their languages also
the `languages` of their phone. `address.state_province` (required) is empty: Moti does not
keep the region. Opening times carry the UTC offset in force on the day of the export, also in
`schedule.timezone`, since HSDS has offsets and Finland changes its twice a year.
"""

import math
import re
import uuid
import zoneinfo
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Model, Prefetch, QuerySet
from django.utils import timezone, translation

from moti.core.models import NeedDomain

from .models import LANGUAGES, Agreement, Organisation, Person, Service, ServicePoint

HSDS_VERSION = "3.1"
# Fixed for good: every id not taken from PTV is derived from it. Two installations derive the
# same ids from the same keys, so data merged from two Moti regions needs PTV ids or a prefix.
NAMESPACE = uuid.UUID("1e6a78fa-436a-4e26-83a9-84728b605fa8")
PER_PAGE = 50
MAX_PER_PAGE = 200

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAYS_FI = ("ma", "ti", "ke", "to", "pe", "la", "su")
PTV_CLASSES_URI = "http://uri.suomi.fi/codelist/ptv/ptvserclass2"

Json = dict[str, Any]
_EMPTY: tuple[Any, ...] = (None, "", [], {})


def hsds_id(kind: str, *keys: object, ptv_id: uuid.UUID | None = None) -> str:
    """An object's HSDS id: its PTV id, else a UUID derived from its kind and keys."""
    if ptv_id:
        return str(ptv_id)
    return str(uuid.uuid5(NAMESPACE, ":".join([kind, *map(str, keys)])))


def _obj(fields: Json, *, keep: Iterable[str] = ("id",)) -> Json:
    """The fields that have a value, and the required ones (`keep`) even when empty."""
    # HSDS types its optional fields without null: an empty one is left out.
    kept = set(keep)
    return {key: value for key, value in fields.items() if key in kept or value not in _EMPTY}


def _text(entry: Service | ServicePoint, field: str) -> str:
    """Finnish, else Swedish, else English: never the reader's language."""
    for language in ("fi", "sv", "en"):
        if text := getattr(entry, f"{field}_{language}"):
            return text
    return ""


def _translations(entry: Service | ServicePoint) -> Json:
    return {f"x_moti_{field}_{language}": getattr(entry, f"{field}_{language}")
            for field in ("name", "description") for language in ("sv", "en")}


def _organisation_id(organisation: Organisation) -> str:
    return hsds_id("organization", organisation.pk, ptv_id=organisation.ptv_id)


def _day(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


def _ranges(days: list[int]) -> str:
    """Consecutive days as ranges: [0, 1, 2, 4] → "ma–ke, pe"."""
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(WEEKDAYS_FI[run[0]] if len(run) == 1
                     else f"{WEEKDAYS_FI[run[0]]}–{WEEKDAYS_FI[run[-1]]}" for run in runs)


def _is_time(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch("([01][0-9]|2[0-3]):[0-5][0-9]", value) \
        is not None


class _Builder:
    """Builds HSDS objects from entries fetched with the querysets below (never a query)."""

    def __init__(self) -> None:
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        minutes = int((timezone.localtime(timezone=zone).utcoffset()
                       or timedelta(0)).total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        self.offset = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        self.offset_hours: float = minutes // 60 if minutes % 60 == 0 else minutes / 60
        with translation.override("fi"):
            self.language_names = {code: str(label) for code, label in LANGUAGES}
            self.need_domains = {code: str(label) for code, label in NeedDomain.choices}
        self.need_taxonomy = {
            "id": hsds_id("taxonomy", "need_domain"),
            "name": "Moti: tuen tarpeen osa-alueet",
            "description": "Osa-alueet, joihin Moti luokittelee palvelut ja ammattilaisten "
                           "osaamisen asiakkaan tuen tarpeen mukaan.",
        }
        self.ptv_taxonomy = {
            "id": hsds_id("taxonomy", "ptv_service_class"),
            "name": "PTV-palveluluokitus",
            "description": "Suomi.fi-palvelutietovarannon palveluluokat.",
            "uri": PTV_CLASSES_URI,
        }

    # --- Organizations --------------------------------------------------------------------

    def organization(self, organisation: Organisation, *, full: bool = False,
                     full_service: bool = False) -> Json:
        organization_id = _organisation_id(organisation)
        data = _obj({
            "id": organization_id,
            "name": organisation.name,
            "description": organisation.description,
            "website": organisation.web,
            # A persistent identifier, as the field asks: the SOTE register's OID as a URN.
            "uri": f"urn:oid:{organisation.oid}" if organisation.oid else None,
            "parent_organization_id": (_organisation_id(organisation.parent)
                                       if organisation.parent else None),
            "x_moti_kind": organisation.kind,
        }, keep=("id", "name", "description"))
        if not full:
            return data
        return data | _obj({
            "organization_identifiers": self.identifiers(organisation, organization_id),
            "contacts": [self.contact(person) for person in organisation.people.all()],
            "locations": [self.location(point) for point in organisation.points.all()],
            "services": [self.service(service, full=full_service, organization=False)
                         for service in organisation.services.all()],
            "x_moti_agreements": [self.agreement(agreement)
                                  for agreement in organisation.agreements.all()],
        })

    def identifiers(self, organisation: Organisation, organization_id: str) -> list[Json]:
        found = []
        if organisation.business_id:
            found.append({"identifier_scheme": "FI-PRO", "identifier_type": "Y-tunnus",
                          "identifier": organisation.business_id, "key": "business_id"})
        if organisation.oid:
            found.append({"identifier_type": "SOTE-organisaatiorekisterin OID",
                          "identifier": organisation.oid, "key": "oid"})
        if organisation.ptv_id:
            found.append({"identifier_type": "Suomi.fi-palvelutietovaranto (PTV)",
                          "identifier": str(organisation.ptv_id), "key": "ptv"})
        return [{"id": hsds_id("organization_identifier", organisation.pk, item.pop("key")),
                 "organization_id": organization_id, **item} for item in found]

    def agreement(self, agreement: Agreement) -> Json:
        return _obj({
            "id": hsds_id("agreement", agreement.pk),
            "title": agreement.title,
            "purpose": agreement.purpose,
            "roles": agreement.roles,
            "resources": agreement.resources,
            "cadence": agreement.cadence,
            "next_meeting": _day(agreement.next_meeting),
            "organization_ids": [_organisation_id(party) for party in agreement.parties.all()],
            "contact_ids": [hsds_id("contact", person.pk) for person in agreement.contacts.all()],
        })

    # --- Services -------------------------------------------------------------------------

    def service(self, service: Service, *, full: bool, organization: bool = True) -> Json:
        service_id = hsds_id("service", service.pk, ptv_id=service.ptv_id)
        data = _obj({
            "id": service_id,
            "organization_id": _organisation_id(service.organisation),
            "name": _text(service, "name"),
            "description": _text(service, "description"),
            "url": service.web,
            "email": service.email,
            "status": "active",
            "application_process": service.how_to_contact,
            "fees_description": service.cost,
            "eligibility_description": "\n\n".join(
                text for text in (service.target_groups, service.eligibility) if text),
            "assured_date": _day(service.checked_at),
            "last_modified": service.updated_at.astimezone(UTC).isoformat(
                timespec="milliseconds").replace("+00:00", "Z"),
            **_translations(service),
            "x_moti_decisions": service.decisions,
            "x_moti_waiting_days": service.waiting_days,
            "x_moti_waiting_measured_on": _day(service.waiting_measured_on),
            "x_moti_channels": list(service.channels or []),
        }, keep=("id", "name", "status"))
        if organization:
            data["organization"] = self.organization(service.organisation)
        if not full:
            return data
        return data | _obj({
            "phones": self.phones(service.phone, owner=("service", service.pk),
                                  service_id=service_id),
            "languages": self.languages(service.languages, owner=("service", service.pk),
                                        service_id=service_id),
            "service_areas": [{"id": hsds_id("service_area", service.pk, name),
                               "service_id": service_id, "name": name}
                              for name in service.municipalities or []],
            "service_at_locations": [self.service_at_location(service, service_id, point)
                                     for point in service.points.all()],
            "contacts": [self.contact(person, service=service, service_id=service_id)
                         for person in service.people.all()],
            "attributes": [
                *self.need_domain_attributes(service.need_domains, link_id=service_id,
                                             link_entity="service"),
                *self.service_class_attributes(service.service_classes, link_id=service_id),
            ],
        })

    def service_at_location(self, service: Service, service_id: str,
                            point: ServicePoint) -> Json:
        location = self.location(point)
        return {"id": hsds_id("service_at_location", service.pk, point.pk),
                "service_id": service_id, "location_id": location["id"], "location": location}

    # --- Locations ------------------------------------------------------------------------

    def location(self, point: ServicePoint) -> Json:
        location_id = hsds_id("location", point.pk, ptv_id=point.ptv_id)
        owner = ("location", point.pk)
        return _obj({
            "id": location_id,
            "location_type": "physical",
            "organization_id": _organisation_id(point.organisation),
            "name": _text(point, "name"),
            "description": _text(point, "description"),
            "latitude": point.latitude,
            "longitude": point.longitude,
            "external_identifier": str(point.ptv_id) if point.ptv_id else None,
            "external_identifier_type": "PTV" if point.ptv_id else None,
            **_translations(point),
            "addresses": [self.address(point, location_id)] if point.street_address else [],
            # HSDS keeps e-mail addresses on contacts, not on locations.
            "contacts": ([{"id": hsds_id("contact", *owner), "location_id": location_id,
                           "email": point.email}] if point.email else []),
            "accessibility": ([{"id": hsds_id("accessibility", point.pk),
                                "location_id": location_id, "description": point.accessibility}]
                              if point.accessibility else []),
            "phones": self.phones(point.phone, owner=owner, location_id=location_id),
            "schedules": self.schedules(point, location_id),
        }, keep=("id", "location_type"))

    def address(self, point: ServicePoint, location_id: str) -> Json:
        return _obj({
            "id": hsds_id("address", point.pk),
            "location_id": location_id,
            "address_1": point.street_address,
            "city": point.post_office or point.municipality,
            "state_province": "",
            "postal_code": point.postal_code,
            "country": "FI",
            "address_type": "physical",
            "x_moti_municipality": point.municipality,
            "x_moti_municipality_code": point.municipality_code,
        }, keep=("id", "address_1", "city", "state_province", "postal_code", "country",
                 "address_type"))

    def schedules(self, point: ServicePoint, location_id: str) -> list[Json]:
        """One weekly schedule per opening-hours row: {"days": [0..6], "from", "to"}."""
        found = []
        for index, hours in enumerate(point.opening_hours or []):
            if not isinstance(hours, dict):
                continue
            days = sorted({day for day in hours.get("days") or []
                           if isinstance(day, int) and 0 <= day <= 6})
            opens, closes = hours.get("from"), hours.get("to")
            if not (days and _is_time(opens) and _is_time(closes)):
                continue  # a row without days or times says nothing a schedule could carry
            found.append({
                "id": hsds_id("schedule", point.pk, index),
                "location_id": location_id,
                "timezone": self.offset_hours,
                "wkst": "MO",
                "freq": "WEEKLY",
                "byday": ",".join(WEEKDAYS[day] for day in days),
                "description": f"{_ranges(days)} {opens}–{closes}",
                "opens_at": f"{opens}{self.offset}",
                "closes_at": f"{closes}{self.offset}",
                "x_moti_time_zone": settings.TIME_ZONE,
            })
        return found

    # --- People, phones, languages ----------------------------------------------------------

    def contact(self, person: Person, *, service: Service | None = None,
                service_id: str | None = None) -> Json:
        person_id = hsds_id("contact", person.pk)
        # As the contact schema asks: under each service a person is a contact of its own, with
        # an id of its own; `x_moti_person_id` ties them together.
        contact_id = hsds_id("contact", person.pk, "service", service.pk) if service else person_id
        languages = list(person.language_list)
        return _obj({
            "id": contact_id,
            "organization_id": _organisation_id(person.organisation),
            "service_id": service_id,
            "name": f"{person.first_name} {person.last_name}".strip(),
            "title": person.title,
            "department": person.unit.name if person.unit else None,
            "email": person.email,
            "phones": self.phones(person.phone, owner=("contact", contact_id),
                                  contact_id=contact_id, languages=person.language_list),
            "attributes": self.need_domain_attributes(person.expertise, link_id=contact_id,
                                                      link_entity="contact"),
            "x_moti_person_id": person_id,
            "x_moti_responsibilities": person.responsibilities,
            "x_moti_decisions": person.decisions,
            "x_moti_languages": languages,
            "x_moti_municipalities": list(person.municipalities or []),
        })

    def phones(self, number: str, *, owner: tuple[object, ...], languages: Iterable[str] = (),
               **owner_ids: str) -> list[Json]:
        if not number:
            return []
        phone_id = hsds_id("phone", *owner)
        return [_obj({"id": phone_id, **owner_ids, "number": number,
                      "languages": self.languages(languages, owner=("phone", phone_id),
                                                  phone_id=phone_id)},
                     keep=("id", "number"))]

    def languages(self, codes: Iterable[str], *, owner: tuple[object, ...],
                  **owner_ids: str) -> list[Json]:
        return [{"id": hsds_id("language", *owner, code), **owner_ids,
                 "name": self.language_names.get(code, code), "code": code}
                for code in codes or []]

    # --- Classifications ------------------------------------------------------------------

    def need_domain_attributes(self, codes: Iterable[str], *, link_id: str,
                               link_entity: str) -> list[Json]:
        return [self.attribute(link_id, link_entity, self.need_taxonomy, code,
                               name=self.need_domains.get(code, code),
                               description=self.need_domains.get(code, code))
                for code in codes or []]

    def service_class_attributes(self, codes: Iterable[str], *, link_id: str) -> list[Json]:
        # Moti keeps the codes only; the names are in the code list the URI points to.
        return [self.attribute(link_id, "service", self.ptv_taxonomy, code, name=code,
                               description=f"PTV-palveluluokka {code}",
                               term_uri=f"{PTV_CLASSES_URI}/code/{code}")
                for code in codes or []]

    def attribute(self, link_id: str, link_entity: str, taxonomy: Json, code: str, *,
                  name: str, description: str, term_uri: str | None = None) -> Json:
        term_id = hsds_id("taxonomy_term", taxonomy["id"], code)
        return {
            "id": hsds_id("attribute", link_id, term_id),
            "link_id": link_id,
            "link_entity": link_entity,
            "taxonomy_term_id": term_id,
            "taxonomy_term": _obj({
                "id": term_id, "code": code, "name": name, "description": description,
                "taxonomy": taxonomy["name"], "taxonomy_id": taxonomy["id"],
                "taxonomy_detail": taxonomy, "language": "fi", "term_uri": term_uri,
            }, keep=("id", "name", "description")),
        }


# --- Querysets: a fixed handful of queries, whatever the size -------------------------------

def _points() -> QuerySet[ServicePoint]:
    return ServicePoint.objects.select_related("organisation").order_by(
        "municipality", "name_fi", "pk")


def _people() -> QuerySet[Person]:
    return Person.objects.select_related("organisation", "unit").order_by(
        "last_name", "first_name", "pk")


def _services(*, full: bool) -> QuerySet[Service]:
    services = Service.objects.select_related("organisation__parent").order_by(
        "name_fi", "name_sv", "name_en", "pk")
    if full:
        services = services.prefetch_related(Prefetch("points", queryset=_points()),
                                             Prefetch("people", queryset=_people()))
    return services


def _organisations(*, full: bool, full_service: bool = False) -> QuerySet[Organisation]:
    organisations = Organisation.objects.select_related("parent").order_by("name")
    if full:
        agreements = Agreement.objects.order_by("title", "pk").prefetch_related(
            Prefetch("parties", queryset=Organisation.objects.order_by("name")),
            Prefetch("contacts", queryset=Person.objects.order_by("last_name", "first_name",
                                                                  "pk")))
        organisations = organisations.prefetch_related(
            Prefetch("points", queryset=_points()), Prefetch("people", queryset=_people()),
            Prefetch("services", queryset=_services(full=full_service)),
            Prefetch("agreements", queryset=agreements))
    return organisations


def _page(query: QuerySet[Any], *, page: int, per_page: int,
          build: Callable[[Any], Json]) -> Json:
    """An HSDS API `Page` (openapi.json, components/schemas/Page) with its `contents`."""
    total = query.count()
    start = (page - 1) * per_page
    contents = [build(item) for item in query[start:start + per_page]] if start < total else []
    total_pages = math.ceil(total / per_page)
    return {"total_items": total, "total_pages": total_pages, "page_number": page,
            "size": len(contents), "first_page": page == 1, "last_page": page >= total_pages,
            "empty": not contents, "contents": contents}


def _pk_of(model: type[Model], kind: str, wanted: uuid.UUID) -> int | None:
    """The primary key of the entry with this HSDS id, or None."""
    manager = model._default_manager
    found = manager.filter(ptv_id=wanted).values_list("pk", flat=True).first()
    if found is not None:
        return found
    # A derived id cannot be reversed: derive each entry's (one query of keys) and compare.
    wanted_text = str(wanted)
    for pk in manager.filter(ptv_id__isnull=True).values_list("pk", flat=True).iterator():
        if hsds_id(kind, pk) == wanted_text:
            return pk
    return None


# --- What the API and the export call -------------------------------------------------------

def api_root() -> Json:
    """The API's `/` answer: the HSDS version (no profile: the extension is informal)."""
    return {"version": HSDS_VERSION}


def directory_export() -> Json:
    """The whole directory as one HSDS page of organizations, each nested with its services."""
    builder = _Builder()
    organisations = list(_organisations(full=True, full_service=True))
    return {"total_items": len(organisations), "total_pages": 1 if organisations else 0,
            "page_number": 1, "size": len(organisations), "first_page": True,
            "last_page": True, "empty": not organisations,
            "contents": [builder.organization(organisation, full=True, full_service=True)
                         for organisation in organisations]}


def services_page(*, page: int, per_page: int, full: bool = False) -> Json:
    """A page of services: their own fields and organization, or (`full`) fully nested."""
    builder = _Builder()
    return _page(_services(full=full), page=page, per_page=per_page,
                 build=lambda service: builder.service(service, full=full))


def service_get(*, service_id: uuid.UUID) -> Json | None:
    """One service fully nested, or None."""
    pk = _pk_of(Service, "service", service_id)
    service = _services(full=True).filter(pk=pk).first() if pk is not None else None
    return _Builder().service(service, full=True) if service else None


def organizations_page(*, page: int, per_page: int, full: bool = False) -> Json:
    """A page of organizations: their own fields, or (`full`) nested with their entries."""
    builder = _Builder()
    return _page(_organisations(full=full), page=page, per_page=per_page,
                 build=lambda organisation: builder.organization(organisation, full=full))


def organization_get(*, organization_id: uuid.UUID, full_service: bool = False) -> Json | None:
    """One organization fully nested (its services in full with `full_service`), or None."""
    pk = _pk_of(Organisation, "organization", organization_id)
    organisation = (_organisations(full=True, full_service=full_service).filter(pk=pk).first()
                    if pk is not None else None)
    if organisation is None:
        return None
    return _Builder().organization(organisation, full=True, full_service=full_service)
