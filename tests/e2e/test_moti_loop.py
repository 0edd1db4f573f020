"""The whole MOTI loop in Finnish, in a real browser, with axe-core on every page visited."""

import datetime
import re

import pytest
from django.utils import timezone

from moti.teams.models import Team
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, assert_accessible
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def browser_page(live_server, settings, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls here are safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.MOTI_REQUIRE_2FA = False
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # axe-core is injected as a script: the test's own, so the page's CSP is bypassed.
        context = browser.new_context(locale="fi-FI", bypass_csp=True,
                                      viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(10000)
        yield page
        # The last page the walk reached, to see where a failure happened.
        out = settings.BASE_DIR / "test-results"
        out.mkdir(exist_ok=True)
        page.screenshot(path=out / "e2e-last.png", full_page=True)
        browser.close()


def test_the_moti_loop_in_finnish(browser_page, live_server):
    page = browser_page
    social = OrganisationFactory(name="Kuopion aikuissosiaalityö")
    health = OrganisationFactory(name="Nilsiän terveysasema", kind="health", register="health")
    me = PersonFactory(organisation=social, title="asiakaskoordinaattori",
                       user__username="koordinaattori")
    nurse = PersonFactory(organisation=health, title="terveydenhoitaja")
    base = live_server.url

    def visit_check(where):
        page.wait_for_load_state("networkidle")
        assert_accessible(page, where)

    # Sign in, in Finnish.
    page.goto(f"{base}/")
    assert page.locator("html").get_attribute("lang") == "fi"
    visit_check("login")
    page.get_by_label("Käyttäjätunnus").fill("koordinaattori")
    page.get_by_label("Salasana").fill("pw-for-tests-123")
    page.locator("main").get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url(f"{base}/")
    visit_check("my work")

    # Add a client: first with an invalid identity code, then a valid 2023-style one.
    page.get_by_role("link", name="Lisää asiakas").first.click()
    visit_check("add client")
    page.get_by_label("Etunimi").fill("Paju")
    page.get_by_label("Sukunimi").fill("Rautiainen")
    page.get_by_label("Henkilötunnus").fill("010594Y9033")
    page.locator("main").get_by_role("button", name="Lisää asiakas").click()
    assert page.get_by_text("Henkilötunnus ei ole kelvollinen").first.is_visible()
    assert page.get_by_label("Etunimi").input_value() == "Paju"
    visit_check("add client, with errors")
    page.get_by_label("Henkilötunnus").fill("010594Y9032")
    page.locator("main").get_by_role("button", name="Lisää asiakas").click()

    # Record the concern.
    page.wait_for_url(re.compile(r".*/concerns/new/.+"))
    visit_check("record concern")
    page.get_by_label("Asuminen", exact=True).check()
    page.get_by_label("Toimeentulo, velat ja etuudet").check()
    page.get_by_label("Huolen kuvaus").fill("Vuokrat maksamatta, asunto menossa alta.")
    page.get_by_label("Asiakas suostui monialaiseen yhteistyöhön").check()
    page.get_by_role("button", name="Kirjaa huoli").click()
    page.wait_for_url(re.compile(r".*/concerns/\d+/$"))
    visit_check("concern")

    # Convene the team.
    page.get_by_role("button", name="Kutsu tiimi koolle").click()
    page.wait_for_url(re.compile(r".*/teams/\d+/$"))
    team_url = page.url
    visit_check("team")

    # Add a professional from the directory: HTMX swaps the member list in place.
    page.get_by_text("Lisää jäsen").click()
    page.get_by_label("Ammattilainen hakemistosta").select_option(str(nurse.pk))
    page.get_by_label("Rooli ja vastuu tiimissä").fill("Terveydentilan seuranta")
    page.get_by_role("button", name="Lisää tiimiin").click()
    page.locator("#members").get_by_text("Terveydentilan seuranta").wait_for()
    assert page.url == team_url
    visit_check("team after adding a member")

    # Add the client's support person, who has no account.
    page.get_by_text("Lisää jäsen").click()
    page.get_by_label("Asiakkaan läheinen tai tukihenkilö").check()
    page.get_by_label("Nimi", exact=True).fill("Tuula Rautiainen")
    page.get_by_label("Suhde asiakkaaseen tai organisaatio").fill("täti")
    page.get_by_label("Yhteystiedot").fill("040 123 4567")
    page.get_by_role("button", name="Lisää tiimiin").click()
    page.locator("#members").get_by_role("link", name="Muokkaa Tuula Rautiainen").wait_for()
    assert page.url == team_url

    # Name the nurse the lead responsible worker.
    page.get_by_role("link", name=f"Muokkaa {nurse}").click()
    visit_check("edit member")
    page.get_by_label("Vastuutyöntekijä").check()
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_url(team_url)
    team = Team.objects.get()
    assert team.members.get(is_lead=True).person == nurse
    assert team.members.get(is_coordinator=True).person == me  # the convener

    # Schedule a meeting, then write its record starting from the client's own story.
    page.get_by_role("link", name="Sovi tapaaminen").click()
    visit_check("schedule meeting")
    starts = timezone.localtime() + datetime.timedelta(days=3)
    page.get_by_label("Päivämäärä ja kellonaika").fill(starts.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Paikka", exact=True).fill("Nilsiän terveysasema")
    page.get_by_role("button", name="Sovi tapaaminen").click()
    page.wait_for_url(re.compile(r".*/meetings/\d+/$"))
    visit_check("meeting")
    page.get_by_label("Asiakkaan oma kertomus").fill("Minulla on ollut vaikeaa.")
    page.get_by_label("Asiakkaan tavoitteet").fill("Oma koti.")
    page.get_by_label("Muistio").fill("Käytiin läpi tilanne.")
    page.get_by_label("Päätökset").fill("Haetaan asumisneuvontaa.")
    page.get_by_label(str(nurse), exact=True).check()
    page.get_by_role("button", name="Tallenna kirjaukset").click()
    page.get_by_text("(osallistui)").first.wait_for()

    # The shared plan: a goal in the client's words, an action with one owner, the views.
    page.get_by_role("link", name="Siirry yhteiseen suunnitelmaan").click()
    visit_check("plan")
    page.get_by_role("link", name="Lisää tavoite").click()
    visit_check("add goal")
    page.get_by_label("Tavoite asiakkaan omin sanoin").fill("Haluan oman asunnon.")
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Haluan oman asunnon.").wait_for()
    page.get_by_role("link", name="Lisää toimenpide").click()
    visit_check("add action")
    page.get_by_label(re.compile(r"^Toimenpide")).fill("Varataan aika asumisneuvojalle.")
    page.get_by_label("Vastuuhenkilö").select_option(label=str(nurse))
    due = timezone.localdate() + datetime.timedelta(days=10)
    page.get_by_label("Määräaika").fill(due.isoformat())
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_role("cell", name="Varataan aika asumisneuvojalle.", exact=True).wait_for()
    page.get_by_role("link", name="Muokkaa näkemyksiä ja arviointipäivää").click()
    visit_check("edit plan")
    page.get_by_label("Asiakkaan näkemys").fill("Asunto on minulle tärkein.")
    page.get_by_label("Eriävät näkemykset").fill("Työkokeilun ajankohdasta eri mieltä.")
    page.get_by_label("Seuraava arviointi").fill((due + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Asunto on minulle tärkein.").wait_for()
    plan_url = page.url

    # Tick the action done: HTMX swaps the row.
    page.get_by_role("button", name=re.compile("Merkitse tehdyksi")).click()
    page.get_by_role("button", name=re.compile("Tehty")).wait_for()
    assert page.url == plan_url
    visit_check("plan after ticking an action")

    page.get_by_role("link", name="Tulosta asiakkaalle").click()
    page.get_by_text("Haluan oman asunnon.").wait_for()
    visit_check("print view")
    page.goto(plan_url)
    page.get_by_role("link", name="Muutoshistoria").click()
    page.get_by_text("Asunto on minulle tärkein.").first.wait_for()
    visit_check("history")

    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Oma työ").click()
    page.locator("main").get_by_text("Paju Rautiainen").first.wait_for()
    visit_check("my work with the team")

    # Close the team with a reason.
    page.goto(team_url)
    page.get_by_role("link", name="Sulje tiimi").click()
    visit_check("close team")
    page.get_by_label("Tavoitteet saavutettu").check()
    page.get_by_role("button", name="Sulje tiimi").click()
    page.wait_for_url(team_url)
    team.refresh_from_db()
    assert team.status == "closed" and team.closure_reason == "goals_reached"
    visit_check("closed team")
