"""The client's consent where the work starts, in a real browser.

A nurse of the county's health care convenes a team with the client's consent to share with
the county's social care; the social worker she adds then sees the goal the nurse wrote in the
health-care register. Without the consent, the social worker sees that something is not shown
and who can fix it, and the nurse's own page leads her to the consent form; once she records
it, the goal shows. axe-core checks each new page.
"""

import re

import pytest
from playwright.sync_api import expect

from moti.access.models import Consent
from tests.e2e.conftest import assert_accessible, new_context
from tests.factories import ClientFactory, ConcernFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.e2e

PASSWORD = "pw-for-tests-123"  # tests.factories.UserFactory's
GOAL = "Haluan saada unirytmin kuntoon."


@pytest.fixture
def county(transactional_db):
    root = OrganisationFactory(name="Pohjois-Savon hyvinvointialue", register="other")
    social = OrganisationFactory(name="Kuopion aikuissosiaalityö", register="social",
                                 parent=root)
    health = OrganisationFactory(name="Nilsiän terveysasema", register="health", parent=root)
    nurse = PersonFactory(organisation=health, title="sairaanhoitaja",
                          user__username="nurse", user__first_name="Mikko",
                          user__last_name="Heikkinen")
    social_worker = PersonFactory(organisation=social, title="sosiaalityöntekijä",
                                  user__username="social", user__first_name="Jussi",
                                  user__last_name="Tikkanen")
    return social, health, nurse, social_worker


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oma työ")


def convene(page, axe, concern, member, *, consent_to: str | None) -> str:
    """The nurse convenes from her concern; with the client's consent if `consent_to`."""
    page.goto(f"/concerns/{concern.pk}/")
    axe("the concern, with the consent at convening")
    page.get_by_label("Roolisi ja vastuusi tiimissä").fill("Terveydentilan seuranta")
    if consent_to:
        consent = page.get_by_role("group", name="Asiakkaan suostumus tietojen jakamiseen")
        consent.get_by_label("Asiakas suostuu tietojen jakamiseen tiimissä").check()
        consent.get_by_role("group", name=re.compile("Organisaatiot, joiden")).get_by_label(
            "Kuopion aikuissosiaalityö").check()
    page.get_by_role("button", name="Kutsu tiimi koolle").click()
    expect(page).to_have_url(re.compile(r"/teams/\d+/$"))
    team_url = page.url
    members = page.locator("#members")
    members.get_by_text("Lisää jäsen").click()
    page.get_by_label("Etsi ammattilainen").fill(member.last_name)
    page.locator("#person-choices").get_by_label(re.compile(member.last_name)).check()
    page.get_by_role("button", name="Lisää tiimiin").click()
    expect(members.get_by_role("status")).to_have_text("Jussi Tikkanen lisättiin tiimiin.")
    page.goto(team_url + "plan/goals/add/")
    page.get_by_label("Tavoite asiakkaan omin sanoin").fill(GOAL)
    page.get_by_role("button", name="Tallenna").click()
    expect(page.locator("main ol.goals q")).to_have_text(GOAL)
    return team_url


def test_the_nurse_convenes_with_consent_and_the_social_worker_sees_her_goal(
        county, browser, live_server, page, axe):
    _social, _health, nurse, social_worker = county
    concern = ConcernFactory(client=ClientFactory(first_name="Paju", last_name="Rautiainen"),
                             author=nurse)
    sign_in(page, "nurse")
    team_url = convene(page, axe, concern, social_worker, consent_to="Kuopion aikuissosiaalityö")
    consent = Consent.objects.get()
    assert (consent.register, consent.recorded_by_id) == ("health", nurse.pk)
    assert [str(o) for o in consent.organisations.all()] == ["Kuopion aikuissosiaalityö"]

    other = new_context(browser, live_server.url)
    social = other.new_page()
    sign_in(social, "social")
    social.goto(team_url + "plan/")
    expect(social.locator("main ol.goals q")).to_have_text(GOAL)
    expect(social.locator(".withheld")).to_have_count(0)
    other.close()


def test_without_consent_the_notice_leads_the_nurse_to_the_consent_form(
        county, browser, live_server, page, axe):
    _social, _health, nurse, social_worker = county
    concern = ConcernFactory(client=ClientFactory(first_name="Lumi", last_name="Korhonen"),
                             author=nurse)
    sign_in(page, "nurse")
    team_url = convene(page, axe, concern, social_worker, consent_to=None)
    assert not Consent.objects.exists()

    other = new_context(browser, live_server.url)
    social = other.new_page()
    sign_in(social, "social")
    social.goto(team_url + "plan/")
    notice = social.locator(".withheld")
    expect(notice).to_contain_text("2 kirjausta ei näy sinulle.")  # the goal, the plan's views
    expect(notice).to_contain_text("Pohjois-Savon hyvinvointialue (Terveydenhuolto)")
    expect(notice).to_contain_text("Tässä tiimissä sen voi kirjata: Mikko Heikkinen")
    expect(social.locator("main")).not_to_contain_text(GOAL)
    assert_accessible(social, "the plan with a withheld goal")

    # The nurse is told who does not see her records, and led to the form.
    page.goto(team_url + "plan/")
    uncovered = page.locator(".uncovered")
    expect(uncovered).to_contain_text("Kuopion aikuissosiaalityö")
    axe("the plan, telling its owner who does not see it")
    uncovered.get_by_role("link", name="Kirjaa asiakkaan suostumus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Asiakkaan suostumukset ja lakiperusteet")
    axe("the consent form")
    page.get_by_label("Kuopion aikuissosiaalityö").check()
    page.get_by_role("button", name="Kirjaa").click()
    expect(page.get_by_role("status")).to_contain_text("Suostumus kirjattiin.")

    social.reload()
    expect(social.locator("main ol.goals q")).to_have_text(GOAL)
    expect(social.locator(".withheld")).to_have_count(0)
    other.close()
