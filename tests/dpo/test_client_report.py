"""The client's log report: plain words in the client's language, local times, the user's
organisation as it was, no internal numbers or codes; narrowed by dates and organisation."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from moti.access.models import RoleKind
from moti.audit.models import Basis, Operation, UseLog, What
from moti.audit.services import Actor, use_log_write
from tests.conftest import login
from tests.factories import OrganisationFactory, PersonFactory

CODES = re.compile(r"\b(team_member|lead_worker|data_protection_officer|read|write|"
                   r"client_handle|identity_code_lookup|social|health)\b")


@pytest.fixture
def dpo(world):
    return PersonFactory(roles=[RoleKind.DPO], organisation=world.member.organisation,
                         title="tietosuojavastaava")


def _report(dpo, client, **query):
    page = login(dpo).get(reverse("dpo:log_report", args=[client.pk]), query)
    assert page.status_code == 200
    return page, page.context["report_html"]


def test_the_report_speaks_plainly_in_the_clients_language(world, dpo):
    world.member.title = "sosiaalityöntekijä"
    world.member.save()
    login(world.member).get(reverse("plan_detail", args=[world.team.pk]))
    at = timezone.localtime(UseLog.objects.get(what=What.PLAN).at)
    county = world.member.organisation.parent.name
    _page, html = _report(dpo, world.client)
    name = f"Sosiaalityöntekijä {world.member}"
    when = f"{at:%-d.%-m.%Y} klo {at.hour}.{at:%M}"
    assert f"{name}, {world.member.organisation} ({county}), katsoi suunnitelmaasi {when}." \
        in html
    assert 'lang="fi"' in html and not CODES.search(html)
    assert str(world.client.pk) not in re.sub(r"\d+\.\d+\.\d{4}|\d+\.\d\d", "", html)
    world.client.language = "sv"
    world.client.save()
    _page, html = _report(dpo, world.client)
    assert f"tittade på din plan {at:%-d.%-m.%Y} kl. {at:%H.%M}." in html and 'lang="sv"' in html
    _page, html = _report(dpo, world.client, language="en")
    assert "viewed your plan" in html


def test_the_report_keeps_the_organisation_of_the_time(world, dpo):
    login(world.member).get(reverse("plan_detail", args=[world.team.pk]))
    old = str(world.member.organisation)
    world.member.organisation = OrganisationFactory(name="Uusi yksikkö")
    world.member.save()
    _page, html = _report(dpo, world.client)
    assert old in html and "Uusi yksikkö" not in html


def test_the_report_is_narrowed_by_organisation_and_dates(world, dpo):
    login(world.member).get(reverse("plan_detail", args=[world.team.pk]))
    login(world.lead).get(reverse("team_detail", args=[world.team.pk]))
    page, html = _report(dpo, world.client, organisation=str(world.lead.organisation))
    assert "viewed" not in html and "katsoi MOTI-tiimisi" in html
    assert "katsoi suunnitelmaasi" not in html
    county = world.member.organisation.parent.name  # the controller covers both units
    _page, html = _report(dpo, world.client, organisation=county)
    assert "katsoi suunnitelmaasi" in html and "katsoi MOTI-tiimisi" in html
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    _page, html = _report(dpo, world.client, since=tomorrow.isoformat(),
                          until=(tomorrow + datetime.timedelta(days=3)).isoformat())
    assert "katsoi" not in html
    backwards = login(dpo).get(reverse("dpo:log_report", args=[world.client.pk]),
                               {"since": tomorrow.isoformat(),
                                "until": timezone.localdate().isoformat()})
    assert backwards.context["period"].errors["until"]


def test_the_csv_is_local_plain_and_opens_in_a_finnish_spreadsheet(world, dpo):
    use_log_write(actor=Actor(user_id=world.member.user.pk, name="Jussi Tikkanen",
                              title="sosiaalityöntekijä", organisation="Kuopion aikuissosiaalityö",
                              controller="Pohjois-Savon hyvinvointialue"),
                  client_id=world.client.pk, operation=Operation.READ, what=What.PLAN,
                  object_id=1, basis=Basis.MEMBER, allowed=True,
                  description={"team": "2026-11-12"})
    row = UseLog.objects.get()
    csv = login(dpo).post(reverse("dpo:log_report", args=[world.client.pk]),
                          {"report-format": "csv", "report-confirm": "on"})
    assert csv["Content-Disposition"].endswith(f'lokiraportti-{timezone.localdate():%Y-%m-%d}.csv"')
    text = csv.content.decode("utf-8-sig")
    assert csv.content.startswith(b"\xef\xbb\xbf")
    local = timezone.localtime(row.at)
    assert (f"{local:%-d.%-m.%Y};{local.hour}.{local:%M};Sosiaalityöntekijä Jussi Tikkanen;"
            "Kuopion aikuissosiaalityö (Pohjois-Savon hyvinvointialue);katsoi suunnitelmaasi;"
            "12.11.2026 koottu MOTI-tiimi") in text
    assert "team_member" not in text and "read" not in text
