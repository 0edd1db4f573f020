import json

import pytest
from django.urls import reverse

from moti.access.models import EmergencyAccess
from moti.access.services import emergency_access_start
from moti.audit.models import DisclosureLog
from moti.directory.models import Person
from tests.conftest import login
from tests.factories import PersonFactory


@pytest.fixture
def dpo(world):
    return PersonFactory(role=Person.Role.DPO, organisation=world.member.organisation,
                         title="tietosuojavastaava")


DPO_URLS = ["dpo:home", "dpo:log_review"]


@pytest.mark.parametrize("name", DPO_URLS)
def test_dpo_pages_are_only_for_the_dpo(world, dpo, name):
    url = reverse(name)
    assert login(dpo).get(url).status_code == 200
    assert login(world.member).get(url).status_code == 404
    assert login(world.outsider).get(url).status_code == 404


def test_dpo_sees_no_client_data_pages(world, dpo):
    assert login(dpo).get(reverse("team_detail", args=[world.team.pk])).status_code == 404


def test_log_report_page_csv_and_pdf(world, dpo):
    login(world.member).get(reverse("plan_detail", args=[world.team.pk]))
    http = login(dpo)
    url = reverse("dpo:log_report", args=[world.client.pk])
    page = http.get(url)
    assert page.status_code == 200
    assert world.member.user.get_full_name() in page.content.decode()
    csv = http.get(url, {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert world.member.user.get_full_name() in csv.content.decode()
    assert world.client.identity_code not in csv.content.decode()
    pdf = http.get(url, {"format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    assert DisclosureLog.objects.filter(client_id=world.client.pk, channel="pdf").exists()
    assert login(world.member).get(url).status_code == 404


def test_log_report_defaults_to_two_years(world, dpo):
    page = login(dpo).get(reverse("dpo:log_report", args=[world.client.pk]))
    assert (page.context["until"] - page.context["since"]).days in (730, 731)


def test_log_review_filters_emergency_access(world, dpo):
    emergency_access_start(user=world.outsider.user, client=world.client,
                           reason="Kiireellinen tilanne päivystyksessä.")
    login(world.outsider).get(reverse("client_detail", args=[world.client.pk]))
    login(world.member).get(reverse("client_detail", args=[world.client.pk]))
    page = login(dpo).get(reverse("dpo:log_review"), {"emergency_only": "on"})
    rows = list(page.context["page"].object_list)
    assert rows and all(r.emergency for r in rows)
    by_user = login(dpo).get(reverse("dpo:log_review"), {"user": world.member.user.pk})
    assert {r.user_id for r in by_user.context["page"].object_list} == {world.member.user.pk}


def test_emergency_review(world, dpo):
    grant = emergency_access_start(user=world.outsider.user, client=world.client,
                                   reason="Kiireellinen tilanne päivystyksessä.")
    http = login(dpo)
    assert "Kiireellinen tilanne" in http.get(reverse("dpo:home")).content.decode()
    http.post(reverse("dpo:emergency_review", args=[grant.pk]), {"review_note": "Perusteltu."})
    grant.refresh_from_db()
    assert grant.reviewed_by == dpo.user and grant.review_note == "Perusteltu."
    assert not EmergencyAccess.objects.filter(reviewed_at__isnull=True).exists()


def test_dpo_finds_a_client_by_identity_code_without_it_in_the_url(world, dpo):
    page = login(dpo).post(reverse("dpo:home"), {"identity_code": world.client.identity_code})
    assert page["Location"] == reverse("dpo:log_report", args=[world.client.pk])


def test_export_json_and_pdf_hide_a_protected_address(world, dpo):
    world.client.turvakielto = True
    world.client.save()
    http = login(dpo)
    data = json.loads(http.get(reverse("dpo:data_export", args=[world.client.pk])).content)
    assert data["client"]["last_name"] == world.client.last_name
    assert world.client.street_address not in json.dumps(data)
    assert data["teams"][0]["members"]
    pdf = http.get(reverse("dpo:data_export", args=[world.client.pk]), {"format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
