"""Convening from suggestions, in a real browser: the coordinator opens the team's suggestions
from the directory, reads why each service fits, adds a suggested professional with one
click, then looks the service up in the directory and in "who decides what". axe-core checks
every page."""

import datetime

import pytest
from playwright.sync_api import expect

from moti.access.models import RoleKind
from moti.directory import search, services
from moti.directory.models import Service, ServicePoint
from tests.e2e.conftest import assert_accessible, new_context
from tests.factories import MemberFactory, OrganisationFactory, PersonFactory, TeamFactory

pytestmark = pytest.mark.e2e
PASSWORD = "pw-for-tests-123"


def test_convene_from_suggestions(transactional_db, live_server, page, axe, browser):
    social = OrganisationFactory(name="Varkauden aikuissosiaalityö")
    me = PersonFactory(organisation=social, user__username="aino.koskinen",
                       user__first_name="Aino", user__last_name="Koskinen",
                       title="asiakaskoordinaattori")
    adviser = PersonFactory(organisation=social, user__first_name="Ville",
                            user__last_name="Velkanen", title="talousneuvoja")
    debt = services.entry_create(model=Service, user=me.user, fields=dict(
        organisation=social, name_fi="Talous- ja velkaneuvonta", name_sv="Skuldrådgivning",
        need_domains=["income"], languages=["fi", "sv"], channels=["phone", "home_visit"],
        decisions="Tekee velkaselvityksen ja neuvoo velkajärjestelyssä.", waiting_days=120,
        waiting_measured_on=datetime.date(2026, 10, 1)))
    services.entry_create(model=ServicePoint, user=me.user, fields=dict(
        organisation=social, name_fi="Varkauden palvelupiste", municipality="Varkaus",
        street_address="Relanderinkatu 3", latitude=62.3160, longitude=27.8740),
        many={"services": [debt]})
    adviser.services.set([debt])
    search.index(adviser)
    team = TeamFactory(concern__author=me, concern__need_domains=["income"],
                       concern__cannot_travel=True, concern__client__municipality="Varkaus",
                       concern__client__first_name="Paju", concern__client__last_name="Aro")
    MemberFactory(team=team, person=me, is_coordinator=True)
    main = page.locator("main")

    page.goto("/")
    page.get_by_label("Käyttäjätunnus").fill("aino.koskinen")
    page.get_by_label("Salasana").fill(PASSWORD)
    main.get_by_role("button", name="Kirjaudu sisään").click()
    page.goto(f"/teams/{team.pk}/")
    main.get_by_role("link", name="Ehdotuksia hakemistosta").click()
    expect(main.get_by_role("heading", name="Talous- ja velkaneuvonta")).to_be_visible()
    expect(main).to_contain_text("Ei tarvitse matkustaa")
    expect(main).to_contain_text("Lähin palvelupiste 0 km")
    axe("the team's suggestions")
    main.get_by_role("button", name="Lisää Ville Velkanen tiimiin").click()
    expect(page.get_by_role("status").first).to_contain_text("Ville Velkanen")
    expect(main.get_by_role("button", name="Lisää Ville Velkanen tiimiin")).to_have_count(0)
    axe("the suggestions after an add")
    assert team.members.filter(person=adviser).exists()

    page.get_by_role("navigation", name="Päävalikko").get_by_role(
        "link", name="Kuka tekee mitä").click()
    page.get_by_label("Hae hakemistosta").fill("skuldråd")
    main.get_by_role("button", name="Hae").click()
    axe("the directory's search results")
    main.get_by_role("link", name="Talous- ja velkaneuvonta").first.click()
    expect(main).to_contain_text("Tekee velkaselvityksen")
    axe("a service's entry")
    page.goto("/directory/decisions/?q=velkaselvity")
    expect(main).to_contain_text("Tekee velkaselvityksen")
    axe("who decides what")

    # The directory's maintainer corrects the waiting time; the entry keeps the change.
    maintainer = PersonFactory(organisation=social, user__username="ylla.pitaja", roles=[
        RoleKind.DIRECTORY_MAINTAINER])
    other = new_context(browser, live_server.url)
    tab = other.new_page()
    tab.goto("/")
    tab.get_by_label("Käyttäjätunnus").fill(maintainer.user.username)
    tab.get_by_label("Salasana").fill(PASSWORD)
    tab.locator("main").get_by_role("button", name="Kirjaudu sisään").click()
    tab.goto(f"/directory/service/{debt.pk}/edit/")
    assert_accessible(tab, "a maintainer's edit of a service")
    tab.get_by_label("Tyypillinen odotusaika päivinä").fill("90")
    tab.locator("main").get_by_role("button", name="Tallenna").click()
    expect(tab.locator("main")).to_contain_text("Noin 90 päivää")
    tab.locator("main").get_by_text("Muutoshistoria").click()
    expect(tab.locator("main")).to_contain_text("120")
    assert_accessible(tab, "a service's entry with its history open")
    tab.goto("/directory/to-check/")
    assert_accessible(tab, "the entries to check")
    other.close()
