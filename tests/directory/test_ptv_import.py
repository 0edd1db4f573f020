"""`moti import-ptv`: PTV list pages checked whole before any write, imported page by page,
matched on PTV ids so that a second run changes nothing and changed data updates in place."""

import io
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connections
from pyproj import Transformer

from moti.__main__ import main
from moti.core.models import Change, Register
from moti.directory import ptv, search
from moti.directory.models import Organisation, Service, ServicePoint
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "ptv"
V1 = FIXTURES / "v1"
# Sorted by name the channels come first: the import must still write services first.
V1_FILES = sorted(V1.glob("*.json"))
Kind = Organisation.Kind


def org(n: int) -> str:
    return f"10000000-0000-4000-8000-{n:012d}"


def svc(n: int) -> str:
    return f"20000000-0000-4000-8000-{n:012d}"


def ch(n: int) -> str:
    return f"30000000-0000-4000-8000-{n:012d}"


def service(n: int) -> Service:
    return Service.objects.get(ptv_id=svc(n))


def point(n: int) -> ServicePoint:
    return ServicePoint.objects.get(ptv_id=ch(n))


def rows() -> dict[str, int]:
    """Rows of every directory table (links included), the history and the users."""
    models = [*apps.get_app_config("directory").get_models(include_auto_created=True), Change,
              get_user_model()]
    return {model._meta.label: model.objects.count() for model in models}


def versions() -> dict[str, int]:
    return {str(e.ptv_id): e.version
            for model in (Organisation, Service, ServicePoint) for e in model.objects.all()}


def test_an_import_creates_organisations_services_and_points_under_their_ptv_ids():
    assert V1_FILES[0].name.startswith("channels")
    report = ptv.ptv_import(paths=V1_FILES)
    assert report.created == {"organisation": 6, "service": 6, "service point": 4}
    assert not report.updated and not report.unchanged
    assert report.merged == 4  # the e-service, phone, web page and printable form
    kinds = {str(o.ptv_id): o.kind for o in Organisation.objects.all()}
    assert kinds == {org(1): Kind.COUNTY, org(2): Kind.MUNICIPALITY, org(3): Kind.KELA,
                     org(4): Kind.NGO, org(5): Kind.PRIVATE, org(6): Kind.POLICE}
    county = Organisation.objects.get(ptv_id=org(1))
    assert county.name == "Järvilaakson hyvinvointialue" and county.register == Register.OTHER
    assert county.controller_id == county.pk and county.business_id == "2345678-0"
    assert county.web == "https://www.jarvilaakso.example/"
    assert county.description == "Sosiaali- ja terveyspalvelut Järvilaakson kunnissa."
    assert service(5).organisation.name == "Kansaneläkelaitos"
    importer = get_user_model().objects.get(username="ptv-import")
    assert not importer.is_active and not importer.has_usable_password()
    assert service(1).updated_by == importer and service(1).checked_by == importer
    # Searchable as soon as imported.
    found = search.entries("asumisneuvonta", search.Filters(kinds=("service",)))
    assert [e.title for e in found] == ["Asumisneuvonta"]


def test_texts_are_taken_in_every_language_and_missing_ones_left_empty():
    ptv.ptv_import(paths=V1_FILES)
    adults = service(1)
    assert (adults.name_fi, adults.name_sv, adults.name_en) == (
        "Aikuissosiaalityö", "Socialt arbete för vuxna", "Social work for adults")
    # The description, else the summary, language by language.
    assert adults.description_fi == "Tukea elämäntilanteen selvittämiseen."
    assert adults.description_sv == "Rådgivning för vuxna."
    assert adults.description_en == ""
    housing = service(2)
    assert housing.name_fi == "Asumisneuvonta" and housing.name_sv == housing.name_en == ""
    assert service(3).description_en == "Low-threshold counselling."
    assert service(3).description_fi == ""
    assert point(3).name_en == "Drop-in centre" and point(3).name_sv == ""


def test_service_classes_become_codes_need_domains_and_channels():
    ptv.ptv_import(paths=V1_FILES)
    adults, housing, mental = service(1), service(2), service(3)
    assert adults.service_classes == ["P4.13", "P4.10"]
    assert adults.need_domains == ["income", "daily_living"]
    assert housing.need_domains == ["housing", "income", "daily_living"]
    assert mental.need_domains == ["mental_health", "substance"]
    assert adults.languages == ["fi", "sv"] and mental.languages == ["fi", "en"]
    assert adults.municipalities == ["Helsinki", "Kuopio"] and housing.municipalities == []
    # A service location makes it in person; a phone channel adds its number and e-mail.
    assert mental.channels == ["in_person", "phone"]
    assert mental.phone == "+358 401234567"
    assert mental.email == "neuvonta@mielenterveysseura.example"
    # The e-service's address wins over the printable form's; a web page fills an empty one.
    assistance = service(5)
    assert assistance.channels == ["e_service"]
    assert assistance.web == "https://asiointi.kela.example/toimeentulotuki"
    assert adults.channels == ["in_person"]
    assert adults.web == "https://www.jarvilaakso.example/aikuissosiaalityo"


def test_class_mapping_and_organisation_kinds():
    assert ptv.need_domains(["P4.2", "P5.7", "P99", "P15.2"]) == [
        "mental_health", "substance", "daily_living"]
    assert ptv.need_domains(["P15.1", "P10.6"]) == ["income", "work"]
    assert ptv.class_code({"uri": "http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/P4.1"}) \
        == "P4.1"
    assert ptv.organisation_kind("State", ["Folkpensionsanstalten"]) == Kind.KELA
    assert ptv.organisation_kind("State", ["Maanmittauslaitos"]) == Kind.OTHER
    assert ptv.organisation_kind("Organization", ["Kallion seurakunta"]) == Kind.PARISH
    assert ptv.organisation_kind("RegionalOrganization", ["Liitto"]) == Kind.COUNTY
    assert ptv.organisation_kind("Something new", ["Uusi"]) == Kind.OTHER


def test_coordinates_are_converted_from_etrs_tm35fin_to_wgs84():
    ptv.ptv_import(paths=V1_FILES)
    helsinki, kuopio = point(1), point(2)
    # Known points: central Helsinki, and Kuopio's market square.
    assert (round(helsinki.latitude, 4), round(helsinki.longitude, 4)) == (60.1695, 24.9416)
    assert (round(kuopio.latitude, 4), round(kuopio.longitude, 4)) == (62.8924, 27.6782)
    # Cross-check the other way: back to the fixture's easting and northing.
    back = Transformer.from_crs(4326, 3067, always_xy=True)
    easting, northing = back.transform(kuopio.longitude, kuopio.latitude)
    assert easting == pytest.approx(534478.469, abs=0.5)
    assert northing == pytest.approx(6973782.475, abs=0.5)
    # No coordinates in PTV: none in Moti, and the point is kept.
    drop_in = point(3)
    assert drop_in.latitude is None and drop_in.longitude is None
    assert drop_in.street_address == "Rantatie 5"


def test_addresses_opening_hours_contacts_and_links_of_a_service_point():
    ptv.ptv_import(paths=V1_FILES)
    centre = point(1)
    assert (centre.street_address, centre.postal_code, centre.post_office) == (
        "Esimerkkikatu 3", "00170", "Helsinki")
    assert (centre.municipality, centre.municipality_code) == ("Helsinki", "091")
    assert centre.phone == "+358 447001234"
    assert centre.email == "sosiaaliasema@jarvilaakso.example"
    # Standard hours only: the exception (a Saturday) is not the week's hours.
    assert centre.opening_hours == [{"days": [0, 1, 2, 3, 4], "from": "08:00", "to": "16:00"}]
    assert point(2).opening_hours == [{"days": [0, 1, 2], "from": "09:00", "to": "15:00"},
                                      {"days": [3], "from": "12:00", "to": "18:00"}]
    assert point(2).street_address == "Torikatu 12 B"
    # Linked to services imported from files named after the channels' own.
    assert {str(s.ptv_id) for s in centre.services.all()} == {svc(1), svc(9)}
    assert centre.organisation.ptv_id is not None
    assert point(10).organisation.name == "Kotiapu Järvilaakso Oy"


def test_unknown_fields_are_ignored():
    page = ptv.read_page(V1 / "services-page1.json")
    assert "futureField" in page.items[0] and "anotherUnknown" in page.items[0]
    assert "accessibilitySentences" in ptv.read_page(V1 / "channels-page1.json").items[0]
    ptv.ptv_import(paths=V1_FILES)
    assert service(1).name_fi == "Aikuissosiaalityö"
    assert point(1).name_fi == "Keskustan sosiaaliasema"


def test_rejected_items_are_reported_with_their_reasons_and_the_rest_imported():
    report = ptv.ptv_import(paths=V1_FILES)
    rejected = {(r.kind, r.ptv_id): r.reason for r in report.rejected}
    assert rejected == {
        ("organisation", org(7)): "not published in PTV (status Draft)",
        ("organisation", org(8)): "business ID 3456789-2 is not valid",
        ("service", svc(4)): "not published in PTV (status Draft)",
        ("service", svc(7)): "no name in any language",
        ("service", svc(8)): f"its organisation {org(99)} is neither in the data nor in Moti",
        ("channel", ch(8)): "coordinates (500000, 5000000) are outside Finland",
        ("channel", ch(9)): "not published in PTV (status Deleted)",
        ("channel", ch(11)): f"its organisation {org(98)} is neither in the data nor in Moti",
    }
    assert not Organisation.objects.filter(ptv_id__in=[org(7), org(8)]).exists()
    assert not Service.objects.filter(ptv_id__in=[svc(4), svc(7), svc(8)]).exists()
    assert not ServicePoint.objects.filter(ptv_id__in=[ch(8), ch(9), ch(11)]).exists()
    # A rejected channel adds nothing to its service either: service 6 has only point 10.
    assert service(6).channels == ["in_person"]
    assert "  channel " + ch(8) + ": coordinates (500000, 5000000) are outside Finland" \
        in report.lines()


def test_a_second_import_of_the_same_data_changes_nothing():
    ptv.ptv_import(paths=V1_FILES)
    before_rows, before_versions = rows(), versions()
    checked = {s.pk: s.checked_at for s in Service.objects.all()}
    report = ptv.ptv_import(paths=V1_FILES)
    assert report.unchanged == {"organisation": 6, "service": 6, "service point": 4}
    assert not report.created and not report.updated
    assert rows() == before_rows  # no history rows, no new entries
    assert versions() == before_versions
    assert {s.pk: s.checked_at for s in Service.objects.all()} == checked


def test_changed_data_updates_in_place_and_keeps_the_history():
    ptv.ptv_import(paths=V1_FILES)
    adults = service(1)
    paths = [FIXTURES / "v2" / "services-page1.json" if p.name == "services-page1.json" else p
             for p in V1_FILES]
    report = ptv.ptv_import(paths=paths)
    assert report.updated == {"service": 1}
    assert report.unchanged == {"organisation": 6, "service": 5, "service point": 4}
    assert Service.objects.count() == 6
    changed = service(1)
    assert changed.pk == adults.pk and changed.version == 2
    assert changed.description_fi == "Tukea elämäntilanteen selvittämiseen ja asumiseen."
    assert changed.languages == ["fi", "sv", "en"]
    history = {c.field: (c.old_value, c.new_value) for c in Change.objects.filter(
        kind="directory.service", object_id=adults.pk)}
    assert history == {
        "description_fi": ("Tukea elämäntilanteen selvittämiseen.",
                           "Tukea elämäntilanteen selvittämiseen ja asumiseen."),
        "languages": ("fi, sv", "fi, sv, en")}
    assert service(2).version == 1


def test_an_import_without_channels_leaves_the_services_channel_fields_alone():
    ptv.ptv_import(paths=V1_FILES)
    report = ptv.ptv_import(paths=[V1 / "services-page2.json"])
    assert report.unchanged == {"service": 3}
    assert service(5).channels == ["e_service"]
    assert service(5).web == "https://asiointi.kela.example/toimeentulotuki"


def test_an_organisation_made_by_hand_under_the_same_name_is_linked_not_duplicated():
    kela = OrganisationFactory(name="Kansaneläkelaitos", kind=Kind.KELA, register=Register.OTHER)
    report = ptv.ptv_import(paths=V1_FILES)
    assert report.created["organisation"] == 5 and report.updated["organisation"] == 1
    kela.refresh_from_db()
    assert str(kela.ptv_id) == org(3) and kela.kind == Kind.KELA
    assert service(5).organisation == kela
    assert Change.objects.filter(kind="directory.organisation", object_id=kela.pk,
                                 field="ptv_id").exists()


@pytest.mark.parametrize(("name", "message"), [
    ("broken.json", "broken.json: not JSON"),
    ("not-a-page.json", "not-a-page.json: not a PTV list page"),
    ("no-id.json", r"no-id.json: itemList\[1\]: has no id"),
    ("wrong-types.json", r"itemList\[0\].serviceNames: expected list, found str"),
])
def test_a_malformed_file_refuses_the_whole_import_before_any_write(name, message):
    before = rows()
    # Last in the list: every good page before it would be written if reading and writing
    # were interleaved.
    with pytest.raises(ptv.PtvFormatError, match=message):
        ptv.ptv_import(paths=[*V1_FILES, FIXTURES / "malformed" / name])
    assert rows() == before
    assert not get_user_model().objects.filter(username="ptv-import").exists()


def test_pages_are_committed_one_by_one(monkeypatch):
    write = ptv._write_service

    def failing(item, plan):
        if item["id"] == svc(6):
            raise RuntimeError("the disk is full")
        return write(item, plan)

    monkeypatch.setattr(ptv, "_write_service", failing)
    with pytest.raises(ptv.PtvPageError, match=r"services-page2.json \(page 2\): the disk") \
            as failure:
        ptv.ptv_import(paths=V1_FILES)
    # The organisations and the first page of services stay …
    assert Organisation.objects.count() == 6
    assert {str(s.ptv_id) for s in Service.objects.all()} == {svc(1), svc(2), svc(3)}
    # … the second page left nothing, not even service 5 written before the failure …
    assert not Service.objects.filter(ptv_id=svc(5)).exists()
    # … and nothing after it was tried.
    assert not ServicePoint.objects.exists()
    assert failure.value.report.created == {"organisation": 6, "service": 3}
    # Once the fault is gone, the import completes from where the data says.
    monkeypatch.setattr(ptv, "_write_service", write)
    report = ptv.ptv_import(paths=V1_FILES)
    assert report.created == {"service": 3, "service point": 4}
    assert report.unchanged == {"organisation": 6, "service": 3}


def test_the_command_prints_progress_and_the_report():
    out, err = io.StringIO(), io.StringIO()
    call_command("import_ptv", str(V1), stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    assert lines[:4] == ["organisations: 6 created, 0 updated, 0 unchanged",
                         "services: 6 created, 0 updated, 0 unchanged",
                         "service points: 4 created, 0 updated, 0 unchanged",
                         "channels taken into their services: 4"]
    assert "rejected: 8" in lines
    assert f"  service {svc(7)}: no name in any language" in lines
    assert "services               [##############################] 9/9\n" in err.getvalue()
    out = io.StringIO()
    call_command("import_ptv", str(V1 / "services-page1.json"), stdout=out, stderr=err)
    assert out.getvalue().startswith("organisations: 0 created, 0 updated, 0 unchanged\n"
                                     "services: 0 created, 0 updated, 3 unchanged\n")


def test_the_command_refuses_a_folder_with_a_malformed_file():
    before = rows()
    with pytest.raises(CommandError, match="Nothing imported: broken.json: not JSON"):
        call_command("import_ptv", str(FIXTURES / "malformed"), stdout=io.StringIO(),
                     stderr=io.StringIO())
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("import_ptv", str(FIXTURES / "nowhere"), stdout=io.StringIO())
    assert rows() == before


def test_moti_import_ptv_exits_non_zero_on_a_malformed_file(monkeypatch, capsys):
    # Django closes the connections after a command; the test's transaction needs its own.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    monkeypatch.setattr(sys, "argv", ["moti", "import-ptv", str(V1)])
    main()
    assert "services: 6 created" in capsys.readouterr().out
    monkeypatch.setattr(sys, "argv", ["moti", "import-ptv", str(FIXTURES / "malformed")])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 1
    assert "Nothing imported: broken.json: not JSON" in capsys.readouterr().err


def test_a_byte_order_mark_is_read_and_an_over_nested_or_huge_file_refused(tmp_path,
                                                                          monkeypatch):
    with_bom = tmp_path / "bom.json"
    with_bom.write_bytes(b"\xef\xbb\xbf" + V1_FILES[0].read_bytes())
    assert ptv.read_page(with_bom).items
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ptv.PtvFormatError, match="nested too deep"):
        ptv.read_page(nested)
    monkeypatch.setattr(ptv, "MAX_FILE_BYTES", 100)
    with pytest.raises(ptv.PtvFormatError, match="larger than"):
        ptv.read_page(V1_FILES[0])
