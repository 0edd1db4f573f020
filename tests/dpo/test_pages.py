import datetime
import json

import pytest
from django.core.management.base import CommandError
from django.urls import reverse

from moti.access.models import EmergencyAccess, RoleKind
from moti.access.services import emergency_access_start
from moti.audit.models import DisclosureLog
from tests.conftest import login
from tests.factories import PersonFactory


@pytest.fixture
def dpo(world):
    return PersonFactory(roles=[RoleKind.DPO], organisation=world.member.organisation,
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
    csv = http.post(url, {"report-format": "csv", "report-confirm": "on"})
    assert csv["Content-Type"].startswith("text/csv")
    assert world.member.user.get_full_name() in csv.content.decode()
    assert world.client.identity_code not in csv.content.decode()
    pdf = http.post(url, {"report-format": "pdf", "report-confirm": "on"})
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
    rows = page.context["page"].rows
    assert rows and all(r.emergency for r in rows)
    by_user = login(dpo).get(reverse("dpo:log_review"), {"user": world.member.user.username})
    assert {r.user_id for r in by_user.context["page"].rows} == {world.member.user.pk}
    by_name = login(dpo).get(reverse("dpo:log_review"), {
        "user": f"{world.member.last_name[:4]} {world.member.first_name}".lower()})
    assert world.member.user.pk in {r.user_id for r in by_name.context["page"].rows}


def test_the_log_reviews_user_filter_searches_accounts_and_never_lists_them(world, dpo):
    """A county has ten thousand accounts: the filter is a search, never a list of them, and
    a word that stands for more accounts than a filter may is an error that keeps the text."""
    from moti.access.selectors import USERS_MATCHED

    for n in range(USERS_MATCHED + 1):
        PersonFactory(user__first_name="Samanniminen", user__last_name=f"Käyttäjä{n:02d}")
    http = login(dpo)
    page = http.get(reverse("dpo:log_review")).content.decode()
    assert "Samanniminen" not in page and '<select name="user"' not in page
    vague = http.get(reverse("dpo:log_review"), {"user": "samanniminen"})
    assert vague.status_code == 422 and vague.context["page"] is None
    assert 'value="samanniminen"' in vague.content.decode()
    exact = http.get(reverse("dpo:log_review"), {"user": "samanniminen käyttäjä07"})
    assert exact.status_code == 200


def test_emergency_review(world, dpo):
    grant = emergency_access_start(user=world.outsider.user, client=world.client,
                                   reason="Kiireellinen tilanne päivystyksessä.")
    http = login(dpo)
    assert "Kiireellinen tilanne" in http.get(reverse("dpo:home")).content.decode()
    url = reverse("dpo:emergency_review", args=[grant.pk])
    http.post(url, {"review_note": "Perusteltu."})  # no verdict: nothing recorded
    grant.refresh_from_db()
    assert grant.reviewed_at is None
    http.post(url, {"review_note": "Perusteltu.", "review_verdict": "justified"})
    grant.refresh_from_db()
    assert (grant.reviewed_by, grant.review_verdict, grant.review_note) == (
        dpo.user, EmergencyAccess.Verdict.JUSTIFIED, "Perusteltu.")
    assert not EmergencyAccess.objects.filter(reviewed_at__isnull=True).exists()


def test_dpo_finds_a_client_by_identity_code_without_it_in_the_url(world, dpo):
    page = login(dpo).post(reverse("dpo:home"), {"identity_code": world.client.identity_code})
    assert page["Location"] == reverse("dpo:log_report", args=[world.client.pk])


def test_export_json_and_pdf_hide_a_protected_address(world, dpo):
    world.client.turvakielto = True
    world.client.save()
    http = login(dpo)
    url = reverse("dpo:data_export", args=[world.client.pk])
    data = json.loads(http.post(url, {"export-format": "json", "export-confirm": "on"}).content)
    assert data["client"]["last_name"] == world.client.last_name
    assert world.client.street_address not in json.dumps(data)
    assert data["teams"][0]["members"]
    pdf = http.post(url, {"export-format": "pdf", "export-confirm": "on"})
    assert pdf.content.startswith(b"%PDF")


def test_following_a_link_discloses_nothing(world, dpo):
    """A crawler (or a careless click) following the report's links must not disclose."""
    http = login(dpo)
    url = reverse("dpo:log_report", args=[world.client.pk])
    for query in ({"format": "csv"}, {"format": "pdf"}, {"report-format": "pdf"}):
        assert http.get(url, query)["Content-Type"].startswith("text/html")
    assert http.get(reverse("dpo:data_export", args=[world.client.pk])).status_code == 405
    unconfirmed = http.post(url, {"report-format": "csv"})
    assert unconfirmed.status_code == 422
    assert not DisclosureLog.objects.exists()


def test_disclosures_are_stored_as_codes_and_read_in_the_readers_language(world, dpo):
    from django.utils import translation

    http = login(dpo)
    http.cookies["django_language"] = "sv"
    http.post(reverse("dpo:log_report", args=[world.client.pk]),
              {"report-format": "csv", "report-confirm": "on"})
    row = DisclosureLog.objects.get()
    assert (row.what, row.basis, row.channel, row.to_client) == (
        "log_report", "right_of_access", "csv", True)
    with translation.override("fi"):
        assert (row.recipient_label, row.what_label) == ("asiakas", "lokiraportti")
    with translation.override("sv"):
        assert (row.recipient_label, row.what_label) == ("klienten", "loggrapport")


def test_a_formula_in_the_data_reaches_the_csv_as_text(world, dpo):
    from moti.audit.models import Basis, Operation, What
    from moti.audit.services import Actor, use_log_write

    use_log_write(actor=Actor(user_id=1, name='=HYPERLINK("http://x.example","klikkaa")'),
                  client_id=world.client.pk, operation=Operation.READ, what=What.PLAN,
                  object_id=1, basis=Basis.MEMBER, allowed=True)
    csv = login(dpo).post(reverse("dpo:log_report", args=[world.client.pk]),
                          {"report-format": "csv", "report-confirm": "on"}).content.decode()
    assert "'=HYPERLINK" in csv and ",=HYPERLINK" not in csv and '"=HYPERLINK' not in csv


def test_the_emergency_review_link_shows_emergency_access_only(world, dpo):
    emergency_access_start(user=world.outsider.user, client=world.client,
                           reason="Kiireellinen tilanne päivystyksessä.")
    login(world.outsider).get(reverse("client_detail", args=[world.client.pk]))
    login(world.member).get(reverse("client_detail", args=[world.client.pk]))
    page = login(dpo).get(reverse("dpo:log_report", args=[world.client.pk]),
                          {"emergency_only": "on"})
    assert page.context["used"] and all(row.emergency for row in page.context["used"])


def test_the_dpos_identity_code_lookup_is_logged(world, dpo):
    from moti.audit.models import Basis, UseLog, What

    login(dpo).post(reverse("dpo:home"), {"identity_code": world.client.identity_code})
    row = UseLog.objects.get(what=What.IDENTITY_CODE_LOOKUP)
    assert (row.client_id, row.basis, row.user_id) == (world.client.pk, Basis.DPO,
                                                        dpo.user.pk)


def test_the_evidence_proves_the_clients_rows_from_outside(world, dpo, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from django.core.management import call_command

    from moti.audit import keys
    from moti.audit.sealing import seal_pending

    http = login(world.member)
    for _ in range(3):
        http.get(reverse("plan_detail", args=[world.team.pk]))
    seal_pending(grace=datetime.timedelta(0))
    http.get(reverse("team_detail", args=[world.team.pk]))  # not sealed yet
    evidence = login(dpo).post(reverse("dpo:log_report", args=[world.client.pk]),
                               {"report-format": "evidence", "report-confirm": "on"})
    bundle = json.loads(evidence.content)
    # The DPO's download seals what was pending: every row is proven.
    assert bundle["checkpoints"] and not any(r.get("pending") for r in bundle["rows"])
    path = tmp_path / "evidence.json"
    path.write_text(json.dumps(bundle))
    key = tmp_path / "log-verify-key.pem"  # the trusted key, from outside the file
    key.write_bytes(keys.signing_key().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    call_command("verify_evidence", str(path), "--key", str(key))
    sealed = next(r for r in bundle["rows"] if not r.get("pending"))
    sealed["leaf"] = sealed["leaf"].replace('"allowed":true', '"allowed":false')
    path.write_text(json.dumps(bundle))
    with pytest.raises(CommandError, match="not proven"):
        call_command("verify_evidence", str(path), "--key", str(key))


def test_a_log_filter_that_does_not_parse_shows_its_error_and_no_rows(world, dpo):
    login(world.member).get(reverse("client_detail", args=[world.client.pk]))
    http = login(dpo)
    for query in ({"since": "2026-13-45"}, {"client": "abc"}, {"user": "nobody-by-this-name"},
                  {"since": "2026-11-20", "until": "2026-11-01"}):
        page = http.get(reverse("dpo:log_review"), query)
        assert page.status_code == 422, query
        assert page.context["page"] is None and "Tarkista lomakkeen tiedot" in \
            page.content.decode(), query
