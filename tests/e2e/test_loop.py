"""The whole MOTI loop in Finnish, as a professional walks it in a real browser.

Sign in → add a client (once with a bad identity code) → record a concern → convene the team →
add a professional and the client's support person (HTMX) → name the lead responsible worker →
schedule a meeting → write its record, the client's own story first → the shared plan: a goal in
the client's words, an action with one owner and a due date, the client's and dissenting views,
the next review → tick the action done (HTMX) → print view → history → "Oma työ" → close the
team. axe-core (WCAG 2.1 A/AA) runs on every page visited and after every HTMX swap.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from moti.clients.models import Client
from moti.teams.models import Team
from tests.factories import OrganisationFactory, PersonFactory, coming_workday

pytestmark = pytest.mark.e2e

PASSWORD = "pw-for-tests-123"  # tests.factories.UserFactory's
IDENTITY_CODE = "010594Y9032"  # artificial (individual number 900–999), 2023 century sign Y: 1994
BAD_IDENTITY_CODE = "010594Y9033"  # wrong check character


def swap_in_place(page, click, path: str):
    """Click, and check that HTMX answered it with a fragment and no page load happened."""
    page.evaluate("window.__e2eSamePage = true")  # a page load would forget it
    url = page.url
    with page.expect_response(lambda r: path in r.url and r.request.method == "POST") as answer:
        click()
    response = answer.value
    assert response.ok, response.status
    assert response.request.headers.get("hx-request") == "true"
    assert "<html" not in response.text()  # a partial, not a page
    return lambda: (page.url == url and page.evaluate("window.__e2eSamePage === true"))


def test_the_moti_loop_in_finnish(transactional_db, live_server, page, axe, page_errors):
    social = OrganisationFactory(name="Kuopion aikuissosiaalityö")
    health = OrganisationFactory(name="Nilsiän terveysasema", kind="health", register="health")
    me = PersonFactory(organisation=social, title="asiakaskoordinaattori",
                       user__username="aino.koskinen", user__first_name="Aino",
                       user__last_name="Koskinen")
    nurse = PersonFactory(organisation=health, title="terveydenhoitaja",
                          user__first_name="Mikko", user__last_name="Heikkinen")
    PersonFactory(organisation=health, title="lääkäri")  # someone else in the directory
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    main = page.locator("main")

    # --- Sign in on the Finnish login page --------------------------------------------------
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Motiin")
    axe("login page")
    page.get_by_label("Käyttäjätunnus").fill("aino.koskinen")
    page.get_by_label("Salasana").fill(PASSWORD)
    main.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Oma työ")
    axe("my work, empty")

    # --- Add a client: first a bad identity code, then a valid one -------------------------
    page.get_by_role("navigation", name="Päävalikko").get_by_role(
        "link", name="Lisää asiakas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lisää asiakas")
    axe("add a client")
    page.get_by_label("Etunimi").fill("Paju")
    page.get_by_label("Sukunimi").fill("Rautiainen")
    code = page.get_by_label("Henkilötunnus")
    code.fill(BAD_IDENTITY_CODE)
    main.get_by_role("button", name="Lisää asiakas").click()
    page.wait_for_load_state()
    expect(page.locator("#id_identity_code_error")).to_contain_text(
        "Henkilötunnus ei ole kelvollinen")
    expect(code).to_have_attribute("aria-invalid", "true")
    expect(code).to_have_accessible_description(re.compile("Henkilötunnus ei ole kelvollinen"))
    expect(page.get_by_role("alert")).to_contain_text("Tarkista lomakkeen tiedot")
    expect(page.get_by_label("Etunimi")).to_have_value("Paju")
    expect(page.get_by_label("Sukunimi")).to_have_value("Rautiainen")
    expect(code).to_have_value(BAD_IDENTITY_CODE)
    assert not Client.objects.exists()
    axe("add a client, with a field error")
    code.fill(IDENTITY_CODE)
    main.get_by_role("button", name="Lisää asiakas").click()

    # --- Record the concern -----------------------------------------------------------------
    expect(page).to_have_url(re.compile(r"/concerns/new/[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kirjaa huoli asiakkaasta Paju Rautiainen")
    client = Client.objects.get()
    assert client.identity_code == IDENTITY_CODE
    assert client.birth_date == datetime.date(1994, 5, 1)
    axe("record a concern")
    domains = page.get_by_role("group", name="Tarvealueet")
    domains.get_by_label("Asuminen", exact=True).check()
    domains.get_by_label("Toimeentulo, velat ja etuudet").check()
    page.get_by_label("Kiireellisyys").select_option(label="Muutaman päivän kuluessa")
    page.get_by_label("Huolen kuvaus").fill("Vuokrat ovat maksamatta ja asunto on menossa alta.")
    page.get_by_label("Asiakas suostui monialaiseen yhteistyöhön").check()
    page.get_by_role("button", name="Kirjaa huoli").click()
    expect(page).to_have_url(re.compile(r"/concerns/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text("Huoli kirjattiin.")
    expect(main).to_contain_text("Asuminen, Toimeentulo, velat ja etuudet")
    expect(main).to_contain_text("Muutaman päivän kuluessa")
    axe("the concern")

    # --- Convene the team -------------------------------------------------------------------
    page.get_by_label("Roolisi ja vastuusi tiimissä").fill("Kokoaa tiimin ja pitää langat käsissä")
    expect(page.get_by_label("Olen yksi tiimin koordinaattoreista")).to_be_checked()
    page.get_by_role("button", name="Kutsu tiimi koolle").click()
    expect(page).to_have_url(re.compile(r"/teams/\d+/$"))
    team_url = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Asiakkaan Paju Rautiainen MOTI-tiimi")
    members = page.locator("#members")
    expect(members.get_by_role("row", name=re.compile("Aino Koskinen"))).to_contain_text(
        "Koordinaattori")
    axe("the new team")

    # --- Add a professional from the directory: HTMX swaps the member list in place --------
    members.get_by_text("Lisää jäsen").click()  # the <summary>
    search = page.get_by_label("Etsi ammattilainen")
    expect(search).to_be_visible()
    axe("the team, add-member form open")
    search.fill("Heikkinen")  # the directory is searched (HTMX), never listed whole
    choices = page.locator("#person-choices")
    choices.get_by_label(re.compile("Mikko Heikkinen")).check()
    axe("the team, a professional found")
    page.get_by_label("Rooli ja vastuu tiimissä").fill("Terveydentilan seuranta")
    same_page = swap_in_place(
        page, lambda: page.get_by_role("button", name="Lisää tiimiin").click(), "/members/add/")
    expect(members.get_by_role("status")).to_have_text("Mikko Heikkinen lisättiin tiimiin.")
    expect(members.get_by_role("row", name=re.compile("Mikko Heikkinen"))).to_contain_text(
        "Terveydentilan seuranta")
    assert same_page(), "adding a member loaded a new page"
    axe("the team after adding a professional (HTMX)")

    # --- Add the client's support person, who has no account (HTMX again) -------------------
    members.get_by_text("Lisää jäsen").click()
    page.get_by_label("Asiakkaan läheinen tai tukihenkilö").check()
    page.get_by_label("Nimi", exact=True).fill("Tuula Rautiainen")
    page.get_by_label("Suhde asiakkaaseen tai organisaatio").fill("täti")
    page.get_by_label("Yhteystiedot").fill("040 123 4567")
    page.get_by_label("Rooli ja vastuu tiimissä").fill("Tukee asiakasta arjessa")
    same_page = swap_in_place(
        page, lambda: page.get_by_role("button", name="Lisää tiimiin").click(), "/members/add/")
    row = members.get_by_role("row", name=re.compile("Tuula Rautiainen"))
    expect(row).to_contain_text("Asiakkaan läheinen tai tukihenkilö")
    expect(row).to_contain_text("040 123 4567")
    assert same_page(), "adding a support person loaded a new page"
    axe("the team after adding a support person (HTMX)")

    # --- Make the nurse the lead responsible worker -----------------------------------------
    members.get_by_role("link", name="Muokkaa Mikko Heikkinen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mikko Heikkinen")
    axe("edit a member")
    page.get_by_label("Vastuutyöntekijä").check()
    page.get_by_role("button", name="Tallenna").click()
    expect(page).to_have_url(team_url)
    expect(page.get_by_role("status")).to_contain_text("Jäsenen rooli tallennettiin.")
    expect(members.get_by_role("row", name=re.compile("Mikko Heikkinen"))).to_contain_text(
        "Vastuutyöntekijä")
    axe("the team with a lead responsible worker")

    # --- Schedule a meeting -----------------------------------------------------------------
    page.get_by_role("link", name="Sovi tapaaminen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sovi MOTI-tapaaminen")
    axe("schedule a meeting")
    day = coming_workday(3).date()  # (a public holiday would be refused)
    when = page.get_by_label("Päivämäärä ja kellonaika")
    expect(when).to_have_attribute("type", "datetime-local")
    when.fill(f"{day:%Y-%m-%d}T10:00")
    page.get_by_label("Paikka", exact=True).fill("Nilsiän terveysasema")
    invited = page.get_by_role("group", name="Kutsutut jäsenet")
    for name in ("Aino Koskinen", "Mikko Heikkinen", "Tuula Rautiainen"):
        expect(invited.get_by_label(name)).to_be_checked()  # the whole team by default
    page.get_by_role("button", name="Sovi tapaaminen").click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text("Tapaaminen sovittiin")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"MOTI-tapaaminen {day.day}.{day.month}.{day.year} 10:00")
    axe("the meeting")

    # --- The meeting record: the client's own story first, then who attended -----------------
    record = main.locator("form.form")
    expect(record.locator("textarea").first).to_have_accessible_name("Asiakkaan oma kertomus")
    page.get_by_label("Asiakkaan oma kertomus").fill(
        "Minulla on ollut vaikeaa, kun rahat eivät riitä vuokraan.")
    page.get_by_label("Asiakkaan tavoitteet").fill("Haluan pitää kodin.")
    page.get_by_label("Muistio").fill("Käytiin läpi tilanne yhdessä.")
    page.get_by_label("Sovitut asiat").fill("Haetaan asumisneuvontaa.")
    attended = page.get_by_role("group", name="Paikalla")
    attended.get_by_label("Aino Koskinen").check()
    attended.get_by_label("Mikko Heikkinen").check()
    attended.get_by_label("Tuula Rautiainen").check()
    page.get_by_role("button", name="Tallenna kirjaukset").click()
    expect(page.get_by_role("status")).to_contain_text("Tapaamisen kirjaukset tallennettiin.")
    expect(main.get_by_role("row", name=re.compile("Mikko Heikkinen"))).to_contain_text("Kyllä")
    expect(page.get_by_label("Asiakkaan oma kertomus")).to_have_value(
        "Minulla on ollut vaikeaa, kun rahat eivät riitä vuokraan.")
    axe("the meeting with its record")

    # --- The shared plan --------------------------------------------------------------------
    page.get_by_role("link", name="Siirry yhteiseen asiakassuunnitelmaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Yhteinen asiakassuunnitelma: Paju Rautiainen")
    plan_url = page.url
    facts = main.locator(".facts")
    expect(facts).to_contain_text("Vastuutyöntekijä")
    expect(facts).to_contain_text("Mikko Heikkinen")
    expect(facts).to_contain_text("Aino Koskinen")
    axe("the shared plan, empty")

    page.get_by_role("link", name="Lisää tavoite").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lisää tavoite")
    axe("add a goal")
    page.get_by_label("Tavoite asiakkaan omin sanoin").fill("Haluan pitää oman kodin.")
    page.get_by_role("button", name="Tallenna").click()
    expect(page).to_have_url(plan_url)
    expect(page.get_by_role("status")).to_contain_text("Tavoite lisättiin.")
    expect(main.locator("ol.goals q")).to_have_text("Haluan pitää oman kodin.")

    page.get_by_role("link", name="Lisää toimenpide").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lisää toimenpide")
    axe("add an action")
    page.get_by_role("textbox", name="Toimenpide", exact=True).fill(
        "Varataan aika asumisneuvojalle.")
    page.get_by_label("Vastuuhenkilö").select_option(label="Mikko Heikkinen")
    due = timezone.localdate() + datetime.timedelta(days=10)
    page.get_by_label("Määräaika").fill(due.isoformat())
    page.get_by_label("Tavoite", exact=True).select_option(label="Haluan pitää oman kodin.")
    page.get_by_role("button", name="Tallenna").click()
    expect(page).to_have_url(plan_url)
    expect(page.get_by_role("status")).to_contain_text("Toimenpide lisättiin.")
    action_row = main.locator("table.actions tbody tr")
    expect(action_row).to_have_count(1)
    expect(action_row).to_contain_text("Varataan aika asumisneuvojalle.")
    expect(action_row).to_contain_text("Mikko Heikkinen")
    expect(action_row).to_contain_text(f"{due.day}.{due.month}.{due.year}")
    axe("the shared plan with a goal and an action")

    page.get_by_role("link", name="Muokkaa näkemyksiä ja tarkistuspäivää").click()
    axe("edit the plan's views")
    page.get_by_label("Asiakkaan näkemys").fill("Koti on minulle tärkein asia.")
    page.get_by_label("Eriävät näkemykset").fill("Työkokeilun ajankohdasta ollaan eri mieltä.")
    review = due + datetime.timedelta(days=30)
    page.get_by_label("Seuraava tarkistus").fill(review.isoformat())
    page.get_by_role("button", name="Tallenna").click()
    expect(page).to_have_url(plan_url)
    expect(page.get_by_role("status")).to_contain_text("Suunnitelma tallennettiin.")
    expect(main).to_contain_text("Koti on minulle tärkein asia.")
    expect(main).to_contain_text("Työkokeilun ajankohdasta ollaan eri mieltä.")
    expect(facts).to_contain_text(f"{review.day}.{review.month}.{review.year}")
    axe("the shared plan with views and review date")

    # --- Tick the action done: HTMX swaps the row -------------------------------------------
    done = action_row.get_by_role("button", name=re.compile("^Merkitse tehdyksi"))
    expect(done).to_have_attribute("aria-pressed", "false")
    same_page = swap_in_place(page, done.click, "/done/")
    ticked = action_row.get_by_role("button", name=re.compile("^Tehty ✓"))
    expect(ticked).to_have_attribute("aria-pressed", "true")
    expect(action_row).to_have_class(re.compile(r"\bdone\b"))
    assert same_page(), "ticking the action loaded a new page"
    axe("the shared plan after ticking the action (HTMX)")

    # --- The print view for the client ------------------------------------------------------
    page.get_by_role("link", name="Tulosta asiakkaalle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Minun suunnitelmani, Paju Rautiainen")
    printed = page.locator("main")
    expect(printed).to_contain_text("Haluan pitää oman kodin.")
    expect(printed).to_contain_text("Mikko Heikkinen: Varataan aika asumisneuvojalle.")
    expect(printed).to_contain_text("(tehty)")
    expect(printed).to_contain_text("Koti on minulle tärkein asia.")
    expect(printed).to_contain_text("Henkilö, joka vastaa koko tilanteestani: Mikko Heikkinen")
    axe("print view")

    # --- The history of changes -------------------------------------------------------------
    page.get_by_role("link", name="Takaisin suunnitelmaan").click()
    expect(page).to_have_url(plan_url)
    page.get_by_role("link", name="Muutoshistoria").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Muutoshistoria")
    history = main.get_by_role("row", name=re.compile("Koti on minulle tärkein asia"))
    expect(history).to_have_count(1)
    axe("history of changes")

    # --- "Oma työ" shows the client and the team --------------------------------------------
    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Oma työ").click()
    expect(page).to_have_url(f"{live_server.url}/")
    mine = main.get_by_role("region", name="Omat tiimit")
    expect(mine.get_by_role("link", name="Paju Rautiainen")).to_have_attribute(
        "href", re.compile(r"/teams/\d+/$"))
    expect(mine.get_by_role("link", name="Asiakas")).to_have_attribute(
        "href", re.compile(r"/clients/\d+/$"))
    expect(mine).to_contain_text("Koordinaattori")
    expect(main.get_by_role("region", name="Tulevat tapaamiset")).to_contain_text(
        "Nilsiän terveysasema")
    axe("my work with the team")

    # --- Close the team with a reason -------------------------------------------------------
    mine.get_by_role("link", name="Paju Rautiainen").click()
    expect(page).to_have_url(team_url)
    page.get_by_role("link", name="Sulje tiimi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sulje tiimi")
    axe("close the team")
    page.get_by_role("group", name="Sulkemisen syy").get_by_label(
        "Tavoitteet saavutettu").check()
    page.get_by_label("Kirjaus").fill("Vuokrarästit on maksettu ja asunto säilyi.")
    page.get_by_role("button", name="Sulje tiimi").click()
    expect(page).to_have_url(team_url)
    expect(page.get_by_role("status")).to_contain_text("Tiimi suljettiin.")
    expect(main.locator(".status-line")).to_contain_text("Suljettu")
    expect(main.locator(".status-line")).to_contain_text("Tavoitteet saavutettu")
    expect(page.get_by_role("link", name="Sulje tiimi")).to_have_count(0)
    expect(members.get_by_text("Lisää jäsen")).to_have_count(0)
    axe("the closed team")

    # --- What the walk stored ---------------------------------------------------------------
    team = Team.objects.get()
    assert team.client == client and team.status == Team.Status.CLOSED
    assert team.closure_reason == Team.ClosureReason.GOALS_REACHED
    assert team.concern.need_domains == ["housing", "income"]
    assert team.concern.urgency == "high" and team.concern.client_agreed
    assert team.members.get(is_lead=True).person == nurse
    assert team.members.get(is_coordinator=True).person == me
    support = team.members.get(kind="support_person")
    assert support.person is None and support.name == "Tuula Rautiainen"
    meeting = team.meetings.get()
    assert timezone.localtime(meeting.starts_at).replace(tzinfo=None) == datetime.datetime(
        day.year, day.month, day.day, 10, 0)
    assert meeting.client_story.startswith("Minulla on ollut vaikeaa")
    assert meeting.participants.filter(attended=True).count() == 3
    plan = team.plan
    action = plan.actions.get()
    assert action.owner.person == nurse and action.due_date == due and action.is_done
    assert action.goal == plan.goals.get()
    assert plan.client_view == "Koti on minulle tärkein asia." and plan.next_review == review
    # The identity code travelled in form bodies only, never in an address.
    assert not [url for url in requested if IDENTITY_CODE in url or BAD_IDENTITY_CODE in url]
    assert not page_errors, "the browser reported errors:\n" + "\n".join(page_errors)


def test_the_axe_check_catches_a_violation(live_server, page, axe, page_errors):
    """The helper is not silently empty, and the page's CSP stays enforced while axe runs."""
    page.goto("/accounts/login/")
    axe("login page")
    page.evaluate("""() => {
        const img = document.createElement('img');  // no alt text: WCAG 1.1.1
        img.src = '/static/moti/favicon.svg';
        document.querySelector('main').append(img);
        const script = document.createElement('script');  // inline: CSP must refuse it
        script.textContent = 'window.inlineRan = true';
        document.head.append(script);
    }""")
    with pytest.raises(AssertionError, match=r"- image-alt \[critical\]"):
        axe("login page with an image without alt text")
    assert page.evaluate("window.inlineRan === undefined")
    assert any("Content Security Policy" in error for error in page_errors)
