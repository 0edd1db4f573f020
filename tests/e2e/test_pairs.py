"""The coordinator pair, in a real browser: a coordinator in social care shares a client's team
with a partner coordinator who is away this week. The coordinator finds the pair on "our
caseload" (the partner away: "you stand in"), marks an absence of their own, is refused one
whose last day comes first (what was typed kept), and removes it again; then hands the team's
coordination over to a third professional found by a search: refused without a note,
nothing changed; done with one. The receiver then coordinates the team, the giver stays a
member, and the team's timeline shows the handover with its note. axe-core checks every page,
the refused forms included.

The expected words are drawn from the Finnish catalogue at run time (`finnish`), and form
fields are found by name or by their Finnish label, as the other walks do.
"""

import datetime
import re

import pytest
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from moti.core.models import Register
from moti.messaging.models import OutboxMessage
from moti.teams.models import Absence, Handover, TeamMember
from tests.factories import (
    ClientFactory,
    ConcernFactory,
    MemberFactory,
    OrganisationFactory,
    PersonFactory,
    TeamFactory,
)

pytestmark = pytest.mark.e2e

PASSWORD = "pw-for-tests-123"  # tests.factories.UserFactory's
NOTE = "Asunto haussa, velkaneuvonta sovittu 12.3. Soita sosiaaliohjaajalle ennen kotikäyntiä."


def finnish(text: str, plural: str | None = None, n: int = 1) -> str:
    """`text` as the Finnish pages show it: translated if the catalogue has it, else as is."""
    with translation.override("fi"):
        return ngettext(text, plural, n) if plural else gettext(text)


def day(value: datetime.date) -> str:
    """A date as the pages write it (j.n.Y)."""
    return dateformat.format(value, "j.n.Y")


def test_a_coordinator_stands_in_marks_an_absence_and_hands_a_team_over(
        transactional_db, live_server, page, axe, page_errors):
    # --- A pair in social care shares a client's team; the partner is away this week -------
    social = OrganisationFactory(name="Kuopion aikuissosiaalityö", register=Register.SOCIAL)
    coordinator = PersonFactory(organisation=social, title="asiakaskoordinaattori",
                                user__username="aino.koskinen", user__first_name="Aino",
                                user__last_name="Koskinen")
    partner = PersonFactory(organisation=social, title="sosiaaliohjaaja",
                            user__username="riikka.heikkinen", user__first_name="Riikka",
                            user__last_name="Heikkinen")
    # Who takes over: a surname nobody else has, so that the search finds them alone.
    receiver = PersonFactory(organisation=social, title="sosiaalityöntekijä",
                             user__username="anna.seuraajanen", user__first_name="Anna",
                             user__last_name="Seuraajanen")
    client = ClientFactory(first_name="Paju", last_name="Asiakasvaara")
    team = TeamFactory(concern=ConcernFactory(client=client, author=coordinator))
    MemberFactory(team=team, person=coordinator, is_coordinator=True, role="Koordinaattori")
    MemberFactory(team=team, person=partner, is_coordinator=True, role="Koordinaattori")
    today = timezone.localdate()
    partner_back = today + datetime.timedelta(days=3)
    Absence.objects.create(person=partner, starts_on=today, ends_on=partner_back)

    main = page.locator("main")

    # --- The coordinator signs in and goes from "my work" to the pair's caseload ------------
    page.goto("/")
    page.get_by_label("Käyttäjätunnus").fill("aino.koskinen")
    page.get_by_label("Salasana").fill(PASSWORD)
    main.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Oma työ")
    main.get_by_role("link", name=finnish("Our caseload"), exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/my/caseload/")
    expect(page.get_by_role("heading", level=1)).to_have_text(finnish("Our caseload"))
    # One pair: the partner, one team together, nothing due, and away now: "you stand in".
    pairs = main.locator("section[aria-labelledby=h-pairs] tbody > tr")
    expect(pairs).to_have_count(1)
    row = pairs.first
    expect(row.get_by_role("rowheader")).to_contain_text("Riikka Heikkinen")
    expect(row.locator("td")).to_have_text(
        ["1", "0", finnish("Away until %(end)s: you stand in") % {"end": day(partner_back)}])
    # The team itself, below: the client's name leads to the team.
    expect(main.get_by_role("link", name="Paju Asiakasvaara")).to_have_attribute(
        "href", f"/teams/{team.pk}/")
    axe("our caseload, the partner away")

    # --- Absences: one in the future is marked and listed ------------------------------------
    main.get_by_role("link", name=finnish("My absences"), exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/my/absences/")
    expect(page.get_by_role("heading", level=1)).to_have_text(finnish("My absences"))
    # Today the partner is away too: were the coordinator away today, the team's messages
    # would stay with them (the one rule, StandIns), and the page says so.
    stand_ins = main.locator("section[aria-labelledby=h-stand-ins]")
    expect(stand_ins).to_contain_text(finnish(
        "%(n)s team has no other coordinator at work that day: its messages still come to "
        "you.",
        "%(n)s teams have no other coordinator at work that day: their messages still come to "
        "you.", 1)
        % {"n": 1})
    listed = main.locator("section[aria-labelledby=h-absences]")
    expect(listed).to_contain_text(finnish("No absence marked."))
    axe("my absences, none marked")

    first, last = today + datetime.timedelta(days=14), today + datetime.timedelta(days=18)
    starts_on, ends_on = main.locator("[name=starts_on]"), main.locator("[name=ends_on]")
    expect(starts_on).to_have_attribute("type", "date")
    expect(ends_on).to_have_attribute("type", "date")
    starts_on.fill(first.isoformat())
    ends_on.fill(last.isoformat())
    mark = main.get_by_role("button", name=finnish("Mark the absence"))
    mark.click()
    expect(page).to_have_url(f"{live_server.url}/my/absences/")  # redirected after the save
    expect(page.get_by_role("status")).to_contain_text(finnish(
        "Your absence was saved. While you are away, your reminders and alerts go to your "
        "partners."))
    expect(listed.locator("li")).to_have_count(1)
    expect(listed.locator("li")).to_contain_text(f"{day(first)}–{day(last)}")
    # On the absence's first day the partner is back: she stands in, and the page says so.
    expect(stand_ins.locator("h2")).to_contain_text(day(first))
    expect(stand_ins).to_contain_text(str(partner))
    # Stored as typed.
    assert [(a.starts_on, a.ends_on) for a in Absence.objects.filter(person=coordinator)] == [
        (first, last)]

    # --- The last day before the first: refused, what was typed kept -------------------------
    wrong_first, wrong_last = today + datetime.timedelta(days=30), today + datetime.timedelta(
        days=27)
    starts_on.fill(wrong_first.isoformat())
    ends_on.fill(wrong_last.isoformat())
    mark.click()
    summary = main.get_by_role("alert")
    expect(summary).to_contain_text(finnish("Please check the form"))
    expect(summary).to_contain_text(finnish("The last day is on or after the first day."))
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_ends_on")
    expect(starts_on).to_have_value(wrong_first.isoformat())
    expect(ends_on).to_have_value(wrong_last.isoformat())
    expect(listed.locator("li")).to_have_count(1)  # only the first one
    axe("my absences, an absence refused")
    assert Absence.objects.filter(person=coordinator).count() == 1

    # Removed again by its own person (a button named by its first day).
    main.get_by_role("button", name=finnish("Remove the absence from %(start)s")
                     % {"start": day(first)}).click()
    expect(page.get_by_role("status")).to_contain_text(finnish("The absence was removed."))
    expect(listed).to_contain_text(finnish("No absence marked."))
    assert not Absence.objects.filter(person=coordinator).exists()
    assert Absence.objects.filter(person=partner).count() == 1  # the partner's untouched

    # --- Handover: find who takes over --------------------------------------------------------
    page.goto("/my/caseload/")
    main.get_by_role("link", name=finnish("Hand my teams over"), exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/my/handover/")
    expect(page.get_by_role("heading", level=1)).to_have_text(finnish("Hand my teams over"))
    expect(main.locator("[name=receiver]")).to_have_count(0)  # nobody listed before a search
    # The team ticked and a note begun before the search: the search keeps them.
    tick = main.get_by_role("checkbox", name=finnish("Hand over %(client)s's team")
                            % {"client": "Paju Asiakasvaara"})
    expect(tick).to_have_attribute("name", f"team_{team.pk}")
    tick.check()
    note = main.locator(f"textarea[name=note_{team.pk}]")
    note.fill("Luonnos")
    search = main.locator("#id_q")
    search.fill("Seuraajanen")
    search.press("Enter")  # Enter in the search field searches: it never hands over
    expect(page).to_have_url(f"{live_server.url}/my/handover/")
    choices = main.locator("[name=receiver]")
    expect(choices).to_have_count(1)  # the search found the one, nobody else
    expect(main.get_by_role("alert")).to_have_count(0)  # nothing checked yet
    expect(tick).to_be_checked()
    expect(note).to_have_value("Luonnos")
    assert not Handover.objects.exists()
    chosen = main.get_by_role("radio", name=re.compile(r"^Anna Seuraajanen\b"))
    expect(chosen).to_have_attribute("value", str(receiver.pk))
    axe("the handover, after a search")
    chosen.check()
    note.fill("")
    hand_over = main.get_by_role("button", name=finnish("Hand the ticked teams over"))

    # --- Without a note: refused on its team, nothing changed, the choices kept ---------------
    hand_over.click()
    summary = main.get_by_role("alert")
    expect(summary).to_contain_text(finnish("Write what the one taking over needs to know."))
    expect(summary.get_by_role("link")).to_have_attribute("href", f"#id_note_{team.pk}")
    expect(main.get_by_role("radio", name=re.compile(r"^Anna Seuraajanen\b"))).to_be_checked()
    expect(tick).to_be_checked()
    axe("the handover, refused without a note")
    assert not Handover.objects.exists()
    assert team.members.get(person=coordinator).is_coordinator
    assert not team.members.filter(person=receiver).exists()

    # --- With the note: handed over ---------------------------------------------------------------
    note.fill(NOTE)
    hand_over.click()
    expect(page).to_have_url(f"{live_server.url}/my/handover/")  # redirected after the change
    expect(page.get_by_role("status")).to_contain_text(finnish(
        "%(n)s team was handed over to %(name)s.", "%(n)s teams were handed over to %(name)s.",
        1) % {"n": 1, "name": "Anna Seuraajanen"})
    # The coordinator coordinates nothing now: nothing left to hand over.
    expect(main).to_contain_text(finnish("You coordinate no open team."))
    axe("the handover, done")

    # What the handover stored: the receiver coordinates, the giver is a member still, the
    # partner is as before; the note is the team's, filed by the giver; the receiver told.
    mine = team.members.get(person=coordinator)
    theirs = team.members.get(person=receiver)
    assert (mine.is_coordinator, mine.is_lead) == (False, False)
    assert (theirs.is_coordinator, theirs.kind) == (True, TeamMember.Kind.PROFESSIONAL)
    assert team.members.get(person=partner).is_coordinator
    (done,) = Handover.objects.all()
    assert (done.team_id, done.giver, done.receiver, done.note) == (
        team.pk, coordinator, receiver, NOTE)
    (told,) = OutboxMessage.objects.filter(address=receiver.email)
    assert client.last_name not in told.subject + told.body  # no client named in an e-mail

    # The pair's caseload is empty for the giver now.
    page.goto("/my/caseload/")
    expect(main.locator("section[aria-labelledby=h-pairs] tbody > tr")).to_have_count(0)
    expect(main).to_contain_text(finnish("You coordinate no open team."))

    # --- The team's timeline: who handed over to whom, and the note -------------------------
    page.goto(f"/teams/{team.pk}/")
    main.get_by_role("link", name=finnish("Timeline"), exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/teams/{team.pk}/timeline/")
    line = main.locator("ol.timeline > li").filter(has_text=NOTE)
    expect(line).to_have_count(1)
    expect(line).to_contain_text(finnish(
        "%(giver)s handed the coordination over to %(receiver)s")
        % {"giver": "Aino Koskinen", "receiver": "Anna Seuraajanen"} + f": {NOTE}")
    axe("the team's timeline, the handover in it")

    # --- An address that is not there: the error page, in Finnish, accessible ---------------
    answer = page.goto(f"/teams/{team.pk}999999/")
    assert answer is not None and answer.status == 404
    expect(main.get_by_role("heading", level=1)).to_have_text(finnish("Page not found"))
    axe("page not found")
    # The browser logs the 404 itself as a console error: that one is expected.
    page_errors[:] = [e for e in page_errors if "status of 404" not in e]

    assert not page_errors, "the browser reported errors:\n" + "\n".join(page_errors)
