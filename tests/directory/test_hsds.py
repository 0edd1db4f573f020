"""The directory in Open Referral HSDS 3.1 shape: the export, the command and the API."""

import datetime
import io
import json
import re
import uuid
from collections import defaultdict
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils import timezone

from moti import urls as project_urls
from moti.core.models import NeedDomain, Register
from moti.directory import hsds
from moti.directory.models import Agreement, Organisation, Person, Service, ServicePoint, Unit
from moti.directory.services import entry_create, organisation_create
from tests.factories import PersonFactory, UserFactory

# The API's URLs, whether or not moti/urls.py includes them yet (a second include is harmless).
urlpatterns = [*project_urls.urlpatterns, path("", include("moti.directory.api_urls"))]
pytestmark = pytest.mark.urls(__name__)

# --- HSDS 3.1, as read --------------------------------------------------------------------
# From openreferral/specification, branch 3.1-dev at abc731c (2024-10-10; the snapshot has no
# v3.1 tag, and its changelog heads "v3.1"): schema/organization.json, service.json,
# location.json, service_at_location.json, contact.json, phone.json, schedule.json,
# address.json, language.json, service_area.json, accessibility.json, attribute.json,
# taxonomy_term.json, taxonomy.json, organization_identifier.json, url.json;
# schema/compiled/organization.json (an organization's `services`); and the page of lists from
# schema/openapi.json (components/schemas/Page) with docs/hsds/api_reference.md (`contents`).
# Per object: (required properties, {property: type}). Every id is a string in UUID format.
# Properties whose objects Moti never writes (funding, program, metadata, cost_option …) are
# left out, so writing one fails as an unknown property.
UUID, STR, NUM, INT, BOOL = "uuid", "string", "number", "integer", "boolean"
URI, EMAIL, DATE, DATETIME = "uri", "email", "date", "date-time"


def many(kind: str) -> tuple[str, str]:
    return ("array", kind)


def one(kind: str) -> tuple[str, str]:
    return ("object", kind)


def enum(*values: str) -> frozenset[str]:
    return frozenset(values)


SPEC: dict[str, tuple[set[str], dict]] = {
    "page": ({"total_items", "total_pages", "page_number", "size", "first_page", "last_page",
              "empty", "contents"},
             {"total_items": INT, "total_pages": INT, "page_number": INT, "size": INT,
              "first_page": BOOL, "last_page": BOOL, "empty": BOOL, "contents": "array"}),
    "organization": ({"id", "name", "description"}, {
        "id": UUID, "name": STR, "alternate_name": STR, "description": STR, "email": EMAIL,
        "website": URI, "additional_websites": many("url"), "year_incorporated": NUM,
        "legal_status": STR, "logo": STR, "uri": URI, "parent_organization_id": UUID,
        "contacts": many("contact"), "phones": many("phone"), "locations": many("location"),
        "organization_identifiers": many("organization_identifier"),
        "attributes": many("attribute"), "services": many("service")}),
    "service": ({"id", "name", "status"}, {
        "id": UUID, "organization_id": UUID, "program_id": UUID, "name": STR,
        "alternate_name": STR, "description": STR, "url": URI,
        "additional_urls": many("url"), "email": EMAIL,
        "status": enum("active", "inactive", "defunct", "temporarily closed"),
        "interpretation_services": STR, "application_process": STR, "fees_description": STR,
        "accreditations": STR, "eligibility_description": STR, "minimum_age": NUM,
        "maximum_age": NUM, "assured_date": DATE, "assurer_email": EMAIL, "alert": STR,
        "last_modified": DATETIME, "phones": many("phone"), "schedules": many("schedule"),
        "service_areas": many("service_area"),
        "service_at_locations": many("service_at_location"), "languages": many("language"),
        "organization": one("organization"), "contacts": many("contact"),
        "attributes": many("attribute")}),
    "location": ({"id", "location_type"}, {
        "id": UUID, "location_type": enum("physical", "postal", "virtual"), "url": URI,
        "organization_id": UUID, "name": STR, "alternate_name": STR, "description": STR,
        "transportation": STR, "latitude": NUM, "longitude": NUM,
        "external_identifier": STR, "external_identifier_type": STR,
        "languages": many("language"), "addresses": many("address"),
        "contacts": many("contact"), "accessibility": many("accessibility"),
        "phones": many("phone"), "schedules": many("schedule"),
        "attributes": many("attribute")}),
    "service_at_location": ({"id"}, {
        "id": UUID, "service_id": UUID, "location_id": UUID, "description": STR,
        "service_areas": many("service_area"), "contacts": many("contact"),
        "phones": many("phone"), "schedules": many("schedule"), "location": one("location"),
        "attributes": many("attribute")}),
    "contact": ({"id"}, {
        "id": UUID, "organization_id": UUID, "service_id": UUID, "service_at_location_id": UUID,
        "location_id": UUID, "name": STR, "title": STR, "department": STR, "email": EMAIL,
        "phones": many("phone"), "attributes": many("attribute")}),
    "phone": ({"id", "number"}, {
        "id": UUID, "location_id": UUID, "service_id": UUID, "organization_id": UUID,
        "contact_id": UUID, "service_at_location_id": UUID, "number": STR, "extension": NUM,
        "type": STR, "description": STR, "languages": many("language"),
        "attributes": many("attribute")}),
    "schedule": ({"id"}, {
        "id": UUID, "service_id": UUID, "location_id": UUID, "service_at_location_id": UUID,
        "valid_from": DATE, "valid_to": DATE, "dtstart": STR, "timezone": NUM, "until": STR,
        "count": NUM, "wkst": enum("MO", "TU", "WE", "TH", "FR", "SA", "SU"),
        "freq": enum("WEEKLY", "MONTHLY"), "interval": NUM, "byday": STR, "byweekno": STR,
        "bymonthday": STR, "byyearday": STR, "description": STR, "opens_at": STR,
        "closes_at": STR, "schedule_link": URI, "attending_type": STR, "notes": STR,
        "attributes": many("attribute")}),
    "address": ({"id", "address_1", "city", "state_province", "postal_code", "country",
                 "address_type"}, {
        "id": UUID, "location_id": UUID, "attention": STR, "address_1": STR, "address_2": STR,
        "city": STR, "region": STR, "state_province": STR, "postal_code": STR, "country": STR,
        "address_type": enum("physical", "postal", "virtual"),
        "attributes": many("attribute")}),
    "language": ({"id"}, {
        "id": UUID, "service_id": UUID, "location_id": UUID, "phone_id": UUID, "name": STR,
        "code": STR, "note": STR, "attributes": many("attribute")}),
    "service_area": ({"id"}, {
        "id": UUID, "service_id": UUID, "service_at_location_id": UUID, "name": STR,
        "description": STR, "extent": STR, "extent_type": STR, "uri": STR,
        "attributes": many("attribute")}),
    "accessibility": ({"id"}, {
        "id": UUID, "location_id": UUID, "description": STR, "details": STR, "url": URI,
        "attributes": many("attribute")}),
    "attribute": ({"id"}, {
        "id": UUID, "link_id": UUID, "taxonomy_term_id": UUID, "link_type": STR,
        "link_entity": STR, "value": STR, "taxonomy_term": one("taxonomy_term"),
        "label": STR}),
    "taxonomy_term": ({"id", "name", "description"}, {
        "id": UUID, "code": STR, "name": STR, "description": STR, "parent_id": UUID,
        "taxonomy": STR, "taxonomy_detail": one("taxonomy"), "language": STR,
        "taxonomy_id": UUID, "term_uri": URI}),
    "taxonomy": ({"id", "name", "description"}, {
        "id": UUID, "name": STR, "description": STR, "uri": URI, "version": STR}),
    "organization_identifier": ({"id", "identifier_type", "identifier"}, {
        "id": UUID, "organization_id": UUID, "identifier_scheme": STR, "identifier_type": STR,
        "identifier": STR, "attributes": many("attribute")}),
    "url": ({"id", "url"}, {"id": UUID, "label": STR, "url": URI, "organization_id": UUID,
                            "service_id": UUID}),
}
# Which object a reference names: each must be an object of that kind in the same document.
REFERENCES = {"organization_id": "organization", "parent_organization_id": "organization",
              "service_id": "service", "location_id": "location", "contact_id": "contact",
              "phone_id": "phone", "taxonomy_term_id": "taxonomy_term",
              "taxonomy_id": "taxonomy", "x_moti_person_id": "contact"}


class Walk:
    """Checks a document against SPEC and collects its ids, references and extension fields."""

    def __init__(self) -> None:
        self.objects: dict[str, dict[str, str]] = defaultdict(dict)  # kind → id → its JSON
        self.references: list[tuple[str, str, str]] = []  # (where, kind, id)
        self.extensions: set[tuple[str, str]] = set()
        self.agreements: list[dict] = []

    def page(self, document: dict, kind: str) -> "Walk":
        self.object(document, "page", "page", None)
        for index, item in enumerate(document["contents"]):
            self.object(item, kind, f"contents[{index}]", None)
        return self

    def object(self, obj: dict, kind: str, where: str, parent: tuple[str, str] | None) -> None:
        required, properties = SPEC[kind]
        assert isinstance(obj, dict), where
        assert not required - obj.keys(), f"{where}: {kind} lacks {required - obj.keys()}"
        if "id" in obj:
            # The same id always names the same object, wherever it is nested.
            seen = self.objects[kind].setdefault(obj["id"], json.dumps(obj, sort_keys=True))
            assert seen == json.dumps(obj, sort_keys=True), f"{where}: two {kind}s, one id"
        for key, value in obj.items():
            at = f"{where}.{key}"
            if key.startswith("x_moti_"):
                self.extensions.add((kind, key))
            else:
                assert key in properties, f"{at}: no such {kind} property in HSDS 3.1"
                if kind != "page":
                    self.value(value, properties[key], at, (kind, obj["id"]),
                               empty=key in required)
            if key in REFERENCES:
                target = REFERENCES[key]
                if parent and parent[0] == target and key != "parent_organization_id":
                    assert value == parent[1], f"{at}: not the enclosing {target}"
                self.references.append((at, target, value))
        if kind == "attribute":
            assert obj["link_id"] == parent[1] and obj["link_entity"] == parent[0], where
            assert obj["taxonomy_term_id"] == obj["taxonomy_term"]["id"], where
        if kind == "taxonomy_term":
            assert obj["taxonomy_id"] == obj["taxonomy_detail"]["id"], where
        if kind == "service_at_location":
            assert obj["location_id"] == obj["location"]["id"], where
        if kind == "service" and "organization" in obj:
            assert obj["organization_id"] == obj["organization"]["id"], where
        if kind == "organization":
            self.agreements += obj.get("x_moti_agreements", [])

    def value(self, value, kind, where: str, parent: tuple[str, str], empty: bool) -> None:
        """Optional properties are left out rather than empty; required ones may be empty."""
        if isinstance(kind, tuple):
            shape, inner = kind
            if shape == "object":
                self.object(value, inner, where, parent)
                return
            assert isinstance(value, list) and value, f"{where}: a non-empty array"
            for index, item in enumerate(value):
                self.object(item, inner, f"{where}[{index}]", parent)
        elif isinstance(kind, frozenset):
            assert value in kind, f"{where}: {value!r} not one of {sorted(kind)}"
        elif kind in (NUM, INT):
            assert isinstance(value, int | float) and not isinstance(value, bool), where
            assert kind == NUM or isinstance(value, int), where
        elif kind == BOOL:
            assert isinstance(value, bool), where
        else:
            assert isinstance(value, str) and (value or empty), f"{where}: a string with a value"
            if not value:
                return
            if kind == UUID:
                assert str(uuid.UUID(value)) == value, f"{where}: {value!r} is no UUID"
            elif kind == URI:
                assert urlparse(value).scheme, f"{where}: {value!r} is no URI"
            elif kind == EMAIL:
                assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value), where
            elif kind == DATE:
                datetime.date.fromisoformat(value)
            elif kind == DATETIME:
                assert value.endswith("Z") and "." in value, f"{where}: UTC with milliseconds"
                datetime.datetime.fromisoformat(value)

    def resolve(self, outside: set[str] = frozenset()) -> None:
        """Every reference names an object in the document, or one beyond it (`outside`)."""
        for where, kind, value in self.references:
            assert value in self.objects[kind] or value in outside, f"{where}: no {kind} {value}"
        for agreement in self.agreements:
            assert str(uuid.UUID(agreement["id"])) == agreement["id"]
            assert all(o in self.objects["organization"] for o in agreement["organization_ids"])
            assert all(c in self.objects["contact"] for c in agreement["contact_ids"])


def walk(document: dict, kind: str = "organization", outside: set[str] = frozenset()) -> Walk:
    checked = Walk().page(document, kind)
    checked.resolve(outside)
    return checked


# --- A small directory -------------------------------------------------------------------

SERVICE_PTV = uuid.UUID("5b1e3c4a-2f0d-4d7e-9a51-0c2b9e8f7a61")
POINT_PTV = uuid.UUID("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a")
ORGANISATION_PTV = uuid.UUID("0f1e2d3c-4b5a-4697-8879-6a5b4c3d2e1f")
WEEKDAYS = [0, 1, 2, 3, 4]


@pytest.fixture
def maintainer(db):
    return UserFactory()


def _service(maintainer, organisation, name: str, **fields) -> Service:
    return entry_create(model=Service, user=maintainer, fields={
        "organisation": organisation, "name_fi": name, **fields})


def _point(maintainer, organisation, name: str, services, **fields) -> ServicePoint:
    return entry_create(model=ServicePoint, user=maintainer, fields={
        "organisation": organisation, "name_fi": name, **fields}, many={"services": services})


def _person(maintainer, organisation, first: str, last: str, services, **fields) -> Person:
    return entry_create(model=Person, user=maintainer, fields={
        "organisation": organisation, "first_name": first, "last_name": last,
        "title": "sosiaalityöntekijä", **fields}, many={"services": services})


@pytest.fixture
def directory(maintainer):
    county = organisation_create(name="Pohjois-Savon hyvinvointialue",
                                 kind=Organisation.Kind.COUNTY, register=Register.OTHER)
    Organisation.objects.filter(pk=county.pk).update(
        ptv_id=ORGANISATION_PTV, oid="1.2.246.10.12345678.10.1", web="https://pshyvinvointi.fi/",
        description="Sosiaali- ja terveyspalvelut Pohjois-Savossa.")
    social = organisation_create(name="Kuopion aikuissosiaalityö", kind=Organisation.Kind.COUNTY,
                                 register=Register.SOCIAL, parent=county)
    kela = organisation_create(name="Kela", kind=Organisation.Kind.KELA, register=Register.OTHER,
                               business_id="0246246-0")
    assistance = _service(
        maintainer, social, "Aikuissosiaalityö", name_sv="Socialt arbete för vuxna",
        name_en="Social work for adults", description_fi="Tukea arjen ongelmiin.",
        description_sv="Stöd i vardagen.", description_en="Support in everyday life.",
        decisions="Myöntää täydentävän ja ehkäisevän toimeentulotuen.", waiting_days=14,
        waiting_measured_on=datetime.date(2025, 1, 15), channels=["in_person", "phone"],
        languages=["fi", "sv", "fse"], need_domains=["income", "housing"],
        service_classes=["P4.1"], municipalities=["Kuopio", "Siilinjärvi"],
        phone="+358 17 123 4567", email="aikuissosiaalityo@example.fi",
        web="https://pshyvinvointi.fi/aikuissosiaalityo", eligibility="Yli 18-vuotiaat.",
        target_groups="Aikuiset", how_to_contact="Soita neuvontaan.", cost="Maksuton",
        ptv_id=SERVICE_PTV)
    housing = _service(maintainer, social, "Asumisneuvonta", name_sv="Boenderådgivning",
                       need_domains=["housing"])
    benefits = _service(maintainer, kela, "Perustoimeentulotuki",
                        decisions="Päättää perustoimeentulotuesta.")
    office = _point(
        maintainer, social, "Kuopion sosiaalitoimisto", [assistance, housing],
        name_sv="Kuopios socialbyrå", name_en="Kuopio social office",
        description_fi="Keskustan toimipiste.", description_sv="I centrum.",
        description_en="In the centre.",
        street_address="Suokatu 42", postal_code="70100", post_office="Kuopio",
        municipality="Kuopio", municipality_code="297", latitude=62.8924, longitude=27.6770,
        opening_hours=[{"days": WEEKDAYS, "from": "08:00", "to": "16:00"},
                       {"days": [5], "from": "10:00", "to": "13:00"}],
        accessibility="Esteetön sisäänkäynti.", phone="+358 17 765 4321",
        email="sosiaalitoimisto@example.fi", ptv_id=POINT_PTV)
    _point(maintainer, kela, "Kelan palvelupiste", [benefits], municipality="Kuopio")
    # The county's own point: its organization_id is the county's PTV id.
    _point(maintainer, county, "Hyvinvointialueen neuvonta", [assistance], municipality="Kuopio")
    unit = Unit.objects.create(organisation=social, name="Aikuisten palvelut",
                               municipality="Kuopio")
    worker = _person(
        maintainer, social, "Aino", "Virtanen", [assistance, housing], unit=unit,
        phone="+358 44 123 4567", email="aino.virtanen@example.fi", languages="fi,sv,fse",
        responsibilities="Aikuissosiaalityön palvelutarpeen arviointi.",
        decisions="Päättää täydentävästä toimeentulotuesta.", expertise=["income", "housing"],
        municipalities=["Kuopio"])
    _person(maintainer, kela, "Ville", "Korhonen", [], title="etuuskäsittelijä")
    agreement = entry_create(model=Agreement, user=maintainer, fields={
        "title": "Toimeentulotuen yhteistyö", "purpose": "Sujuva asiakkaan ohjaus.",
        "roles": "Kela päättää perustoimeentulotuesta, sosiaalityö täydentävästä.",
        "cadence": "Kahden kuukauden välein", "next_meeting": datetime.date(2025, 3, 3)},
        many={"parties": [social, kela], "contacts": [worker]})
    return {"county": county, "social": social, "kela": kela, "assistance": assistance,
            "housing": housing, "benefits": benefits, "office": office, "worker": worker,
            "agreement": agreement}


def _items(document: dict) -> dict[str, dict]:
    """Every object with an id anywhere in the document, by its id."""
    found = {}

    def visit(value):
        if isinstance(value, dict):
            if isinstance(value.get("id"), str):
                found[value["id"]] = value
            for inner in value.values():
                visit(inner)
        elif isinstance(value, list):
            for inner in value:
                visit(inner)

    visit(document)
    return found


def _by_name(items, name: str) -> dict:
    return next(item for item in items if item.get("name") == name)


# --- The export --------------------------------------------------------------------------

def test_every_exported_object_is_hsds_and_every_reference_resolves(directory):
    checked = walk(hsds.directory_export())
    # Every kind of object Moti writes was met (so the table above was checked for each).
    assert set(checked.objects) == set(SPEC) - {"page", "url"}
    # The whole directory: each organisation, point and person, services with none too.
    assert len(checked.objects["organization"]) == Organisation.objects.count() == 3
    assert len(checked.objects["service"]) == Service.objects.count()
    assert len(checked.objects["location"]) == ServicePoint.objects.count()
    people = {contact["x_moti_person_id"] for contact in map(json.loads,
              checked.objects["contact"].values()) if "x_moti_person_id" in contact}
    assert len(people) == Person.objects.count() == 2


def test_ptv_ids_are_used_and_the_others_derived_from_the_fixed_namespace(directory):
    document = hsds.directory_export()
    items = _items(document)
    assert str(ORGANISATION_PTV) in items and str(SERVICE_PTV) in items
    assert items[str(POINT_PTV)]["location_type"] == "physical"
    # Fixed for good: changing it would give every entry a new id in the next export.
    assert hsds.NAMESPACE == uuid.UUID("1e6a78fa-436a-4e26-83a9-84728b605fa8")
    housing = directory["housing"]
    assert str(uuid.uuid5(hsds.NAMESPACE, f"service:{housing.pk}")) in items
    social = directory["social"]
    assert items[str(uuid.uuid5(hsds.NAMESPACE, f"organization:{social.pk}"))]["name"] == \
        "Kuopion aikuissosiaalityö"


def test_ids_stay_the_same_from_one_export_to_the_next(directory, maintainer):
    first = hsds.directory_export()
    assert hsds.directory_export() == first
    # New entries and an edit elsewhere do not move anybody's id.
    _service(maintainer, directory["kela"], "Kansaneläke")
    _person(maintainer, directory["social"], "Aaro", "Aaltonen", [directory["housing"]])
    Service.objects.filter(pk=directory["housing"].pk).update(name_fi="Asumisen tuki")
    second_ids = set(_items(hsds.directory_export()))
    assert set(_items(first)) < second_ids


def test_the_texts_are_finnish_and_the_other_languages_are_in_the_extension(directory):
    services = _items(hsds.directory_export())
    assistance = services[str(SERVICE_PTV)]
    assert (assistance["name"], assistance["description"]) == (
        "Aikuissosiaalityö", "Tukea arjen ongelmiin.")
    assert assistance["x_moti_name_sv"] == "Socialt arbete för vuxna"
    assert assistance["x_moti_name_en"] == "Social work for adults"
    assert assistance["x_moti_description_sv"] == "Stöd i vardagen."
    assert assistance["x_moti_description_en"] == "Support in everyday life."
    # Language objects are the languages the service is given in; sign language as ISO 639-3.
    assert [(lang["code"], lang["name"]) for lang in assistance["languages"]][:2] == [
        ("fi", "suomi"), ("sv", "ruotsi")]
    assert assistance["languages"][2]["code"] == "fse"


def test_roles_decisions_and_waiting_are_in_the_extension(directory):
    items = _items(hsds.directory_export())
    assistance = items[str(SERVICE_PTV)]
    assert assistance["x_moti_decisions"] == "Myöntää täydentävän ja ehkäisevän toimeentulotuen."
    assert (assistance["x_moti_waiting_days"], assistance["x_moti_waiting_measured_on"]) == (
        14, "2025-01-15")
    assert assistance["x_moti_channels"] == ["in_person", "phone"]
    assert "wait_time" not in assistance  # deprecated in HSDS 3.x
    worker = directory["worker"]
    contact = next(c for c in assistance["contacts"])
    assert contact["x_moti_person_id"] == hsds.hsds_id("contact", worker.pk) != contact["id"]
    assert (contact["name"], contact["department"]) == ("Aino Virtanen", "Aikuisten palvelut")
    assert contact["x_moti_responsibilities"] == "Aikuissosiaalityön palvelutarpeen arviointi."
    assert contact["x_moti_decisions"] == "Päättää täydentävästä toimeentulotuesta."
    assert contact["x_moti_languages"] == ["fi", "sv", "fse"]
    assert contact["x_moti_municipalities"] == ["Kuopio"]
    assert [lang["code"] for lang in contact["phones"][0]["languages"]] == ["fi", "sv", "fse"]
    # Need domains and expertise are taxonomy terms (HSDS has the term), not extension fields.
    with_labels = {code: str(label) for code, label in NeedDomain.choices}
    assert {a["taxonomy_term"]["code"] for a in contact["attributes"]} == {"income", "housing"}
    terms = {a["taxonomy_term"]["code"]: a["taxonomy_term"] for a in assistance["attributes"]}
    assert set(terms) == {"income", "housing", "P4.1"}
    assert terms["housing"]["taxonomy_detail"] == terms["income"]["taxonomy_detail"]
    assert terms["P4.1"]["term_uri"].endswith("/ptvserclass2/code/P4.1")
    assert terms["housing"]["name"] in ("Asuminen", with_labels["housing"])
    assert [area["name"] for area in assistance["service_areas"]] == ["Kuopio", "Siilinjärvi"]
    assert assistance["eligibility_description"] == "Aikuiset\n\nYli 18-vuotiaat."


def test_a_location_has_its_address_coordinates_and_weekly_schedules(directory):
    items = _items(hsds.directory_export())
    office = items[str(POINT_PTV)]
    assert (office["latitude"], office["longitude"]) == (62.8924, 27.6770)
    assert office["addresses"] == [{
        "id": hsds.hsds_id("address", directory["office"].pk), "location_id": str(POINT_PTV),
        "address_1": "Suokatu 42", "city": "Kuopio", "state_province": "",
        "postal_code": "70100", "country": "FI", "address_type": "physical",
        "x_moti_municipality": "Kuopio", "x_moti_municipality_code": "297"}]
    offset = timezone.localtime().strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}"
    weekdays, saturday = office["schedules"]
    assert (weekdays["freq"], weekdays["byday"], weekdays["opens_at"], weekdays["closes_at"]) == (
        "WEEKLY", "MO,TU,WE,TH,FR", f"08:00{offset}", f"16:00{offset}")
    assert weekdays["description"] == "ma–pe 08:00–16:00"
    assert saturday["byday"] == "SA" and weekdays["x_moti_time_zone"] == settings.TIME_ZONE
    assert weekdays["timezone"] == int(offset[:3])
    assert office["contacts"][0]["email"] == "sosiaalitoimisto@example.fi"
    assert office["accessibility"][0]["description"] == "Esteetön sisäänkäynti."


def test_organisations_carry_their_identifiers_and_agreements(directory):
    organizations = walk(hsds.directory_export()).objects["organization"]
    kela = json.loads(organizations[hsds.hsds_id("organization", directory["kela"].pk)])
    assert kela["organization_identifiers"][0] | {"id": None} == {
        "id": None, "organization_id": kela["id"], "identifier_scheme": "FI-PRO",
        "identifier_type": "Y-tunnus", "identifier": "0246246-0"}
    assert kela["x_moti_kind"] == "kela"
    agreement, = kela["x_moti_agreements"]
    assert agreement["roles"].startswith("Kela päättää")
    assert agreement["contact_ids"] == [hsds.hsds_id("contact", directory["worker"].pk)]
    county = json.loads(organizations[str(ORGANISATION_PTV)])
    assert county["uri"] == "urn:oid:1.2.246.10.12345678.10.1"
    social = json.loads(organizations[hsds.hsds_id("organization", directory["social"].pk)])
    assert social["parent_organization_id"] == str(ORGANISATION_PTV)


def test_every_extension_field_is_documented_and_every_documented_one_written(directory):
    documented = set(re.findall(r"^\| (\w+) \| `(x_moti_\w+)` \|", hsds.__doc__, re.MULTILINE))
    assert len(documented) > 20
    assert walk(hsds.directory_export()).extensions == documented


# --- The command -------------------------------------------------------------------------

def test_the_command_writes_the_whole_directory_to_a_file_or_stdout(directory, tmp_path):
    target = tmp_path / "hakemisto.json"
    call_command("export_directory", "--output", str(target))
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written == hsds.directory_export()
    assert "Aikuissosiaalityö" in target.read_text(encoding="utf-8")  # not \u-escaped
    out = io.StringIO()
    call_command("export_directory", stdout=out)
    assert json.loads(out.getvalue()) == written
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


# --- The API -----------------------------------------------------------------------------

@pytest.fixture
def http(directory):
    client = HttpClient()
    client.force_login(PersonFactory(organisation=directory["social"]).user)
    return client


def test_the_service_list_is_an_hsds_page(http, directory):
    first = http.get(reverse("hsds_services"), {"page": 1, "per_page": 2}).json()
    # Parent organizations and people's own contacts are in the export, not on this page.
    beyond = set(_items(hsds.directory_export()))
    walk(first, "service", outside=beyond)
    assert {k: first[k] for k in SPEC["page"][1] if k != "contents"} == {
        "total_items": 3, "total_pages": 2, "page_number": 1, "size": 2, "first_page": True,
        "last_page": False, "empty": False}
    # A list item has its own fields and its organization; the arrays come with the service.
    assert "contacts" not in first["contents"][0] and "organization" in first["contents"][0]
    second = http.get(reverse("hsds_services"), {"page": 2, "per_page": 2}).json()
    assert (second["size"], second["first_page"], second["last_page"]) == (1, False, True)
    names = [s["name"] for s in first["contents"] + second["contents"]]
    assert sorted(names) == ["Aikuissosiaalityö", "Asumisneuvonta", "Perustoimeentulotuki"]
    past = http.get(reverse("hsds_services"), {"page": 3, "per_page": 2}).json()
    assert (past["contents"], past["empty"], past["size"]) == ([], True, 0)
    full = http.get(reverse("hsds_services"), {"full": "true"}).json()
    walk(full, "service", outside=beyond)
    assert "service_at_locations" in _by_name(full["contents"], "Aikuissosiaalityö")
    for bad in ({"page": "x"}, {"page": 0}, {"per_page": -1}):
        assert http.get(reverse("hsds_services"), bad).status_code == 400


def test_one_service_fully_nested_by_its_id(http, directory):
    response = http.get(reverse("hsds_service", args=[SERVICE_PTV]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    service = response.json()
    assert service == _items(hsds.directory_export())[str(SERVICE_PTV)] | {
        "organization": service["organization"]}
    checked = Walk()
    checked.object(service, "service", "service", None)
    office = next(at["location"] for at in service["service_at_locations"]
                  if at["location_id"] == str(POINT_PTV))
    assert len(office["schedules"]) == 2
    derived = hsds.hsds_id("service", directory["housing"].pk)
    assert http.get(reverse("hsds_service", args=[derived])).json()["name"] == "Asumisneuvonta"
    assert http.get(reverse("hsds_service", args=[uuid.uuid4()])).status_code == 404


def test_organizations_by_page_and_one_by_its_id(http, directory):
    page = http.get(reverse("hsds_organizations"), {"per_page": 10}).json()
    walk(page)
    assert page["total_items"] == 3 and "locations" not in page["contents"][0]
    social_id = hsds.hsds_id("organization", directory["social"].pk)
    one = http.get(reverse("hsds_organization", args=[social_id])).json()
    assert {s["name"] for s in one["services"]} == {"Aikuissosiaalityö", "Asumisneuvonta"}
    assert "contacts" not in one["services"][0]  # the simple service, unless full_service
    nested = http.get(reverse("hsds_organization", args=[social_id]),
                      {"full_service": "true"}).json()
    assert "contacts" in _by_name(nested["services"], "Aikuissosiaalityö")
    assert http.get(reverse("hsds_root")).json() == {"version": "3.1"}


def test_anonymous_visitors_are_refused(directory):
    anonymous = HttpClient()
    for url in (reverse("hsds_root"), reverse("hsds_services"),
                reverse("hsds_service", args=[SERVICE_PTV]), reverse("hsds_organizations"),
                reverse("hsds_organization", args=[ORGANISATION_PTV])):
        response = anonymous.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
        assert b"Aikuissosiaality" not in response.content


def test_the_second_factor_is_required_but_no_directory_entry(directory, settings):
    settings.MOTI_REQUIRE_2FA = True
    technical = HttpClient()
    technical.force_login(UserFactory())  # a technical account: not in the directory
    refused = technical.get(reverse("hsds_services"))
    assert refused.status_code == 302 and "/2fa/" in refused["Location"]
    settings.MOTI_REQUIRE_2FA = False
    assert technical.get(reverse("hsds_services")).status_code == 200
    assert technical.post(reverse("hsds_services")).status_code == 405


def _grow(maintainer, organisation, start: int, count: int) -> None:
    """`count` more services, each with a point, a person and a phone."""
    for n in range(start, start + count):
        service = _service(maintainer, organisation, f"Palvelu {n:03d}", phone="+358 17 000",
                           need_domains=["health"], languages=["fi"])
        _point(maintainer, organisation, f"Toimipiste {n:03d}", [service],
               street_address=f"Katu {n}", postal_code="70100", municipality="Kuopio",
               opening_hours=[{"days": WEEKDAYS, "from": "08:00", "to": "16:00"}])
        _person(maintainer, organisation, "Testi", f"Henkilö {n:03d}", [service],
                phone="+358 44 000", expertise=["health"])


def _queries(action) -> int:
    with CaptureQueriesContext(connections["default"]) as default, \
            CaptureQueriesContext(connections["log"]) as log:
        action()
    return len(default) + len(log)


def test_the_queries_are_as_few_for_30_services_as_for_3(http, directory, maintainer):
    social = directory["social"]
    _grow(maintainer, social, 0, 3)
    social_id = hsds.hsds_id("organization", social.pk)
    http.get(reverse("hsds_root"))  # the session's first request after sign-in writes it

    def measure() -> list[int]:
        return [
            _queries(hsds.directory_export),
            _queries(lambda: http.get(reverse("hsds_services"),
                                      {"full": "true", "per_page": 100})),
            _queries(lambda: http.get(reverse("hsds_services"), {"per_page": 100})),
            _queries(lambda: http.get(reverse("hsds_organizations"),
                                      {"full": "true", "per_page": 100})),
            _queries(lambda: http.get(reverse("hsds_organization", args=[social_id]),
                                      {"full_service": "true"})),
            _queries(lambda: http.get(reverse("hsds_service", args=[SERVICE_PTV]))),
        ]

    few = measure()
    _grow(maintainer, social, 3, 27)
    assert Service.objects.count() == 33
    assert measure() == few
    assert max(few) <= 13, few  # an organization by its id: sign-in 2, finding it 2, 9
