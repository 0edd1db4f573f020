"""Between meetings, in a real browser: the coordinator schedules a meeting, the invitees'
messages land in the file backends (an e-mail with its calendar, an SMS, the client's printed
letter), one invitee answers through the signed link without signing in, and the coordinator
sees who has answered and who has not; then moves the meeting and cancels it, and everyone is
told. axe-core checks every page, the answer page too."""

import email
import re

import pytest
from playwright.sync_api import expect

from moti.messaging.services import deliver_due
from moti.teams.models import TeamMember
from tests.e2e.conftest import new_context
from tests.factories import (
    MemberFactory,
    OrganisationFactory,
    PersonFactory,
    TeamFactory,
    coming_workday,
)

pytestmark = pytest.mark.e2e
PASSWORD = "pw-for-tests-123"


def test_invite_answer_move_and_cancel(transactional_db, live_server, page, axe, settings,
                                       tmp_path, browser):
    outbox = tmp_path / "outbox"
    settings.MOTI_OUTBOX_DIR, settings.MOTI_LETTER_DIR = str(outbox), str(outbox / "letters")
    settings.EMAIL_BACKEND = "moti.messaging.channels.EmlFileBackend"
    settings.MOTI_BASE_URL = live_server.url
    social = OrganisationFactory(name="Kuopion aikuissosiaalityö")
    me = PersonFactory(organisation=social, user__username="aino.koskinen",
                       user__first_name="Aino", user__last_name="Koskinen",
                       title="asiakaskoordinaattori")
    nurse = PersonFactory(organisation=social, user__first_name="Mikko",
                          user__last_name="Heikkinen", title="terveydenhoitaja")
    team = TeamFactory(concern__author=me, concern__client__first_name="Paju",
                       concern__client__last_name="Rautiainen")
    MemberFactory(team=team, person=me, is_coordinator=True)
    MemberFactory(team=team, person=nurse, is_lead=True)
    MemberFactory(team=team, kind=TeamMember.Kind.SUPPORT_PERSON, person=None,
                  name="Sisko Rautiainen", contact="+999 40 765 4321")
    main = page.locator("main")

    page.goto("/")
    page.get_by_label("Käyttäjätunnus").fill("aino.koskinen")
    page.get_by_label("Salasana").fill(PASSWORD)
    main.get_by_role("button", name="Kirjaudu sisään").click()
    # My work loads its triage card after the page: the new team's members have no roles.
    card = page.locator("#attention-card")
    expect(card.get_by_role("link", name="Paju Rautiainen")).to_be_visible()
    expect(card).to_contain_text("uutta jäsentä ilman roolia")
    axe("my work, with its triage card")
    page.goto(f"/teams/{team.pk}/meetings/new/")
    day = coming_workday(3).date()
    page.get_by_label("Päivämäärä ja kellonaika").fill(f"{day:%Y-%m-%d}T10:00")
    page.get_by_label("Paikka", exact=True).fill("Kuopion sosiaalitoimisto")
    channel = page.get_by_role("group", name="Miten asiakas kutsutaan")
    channel.get_by_label("Tulostettu kirje").check()
    axe("schedule a meeting, the client's channel chosen")
    page.get_by_role("button", name="Sovi tapaaminen").click()
    expect(page.get_by_role("status")).to_contain_text("kutsut ovat matkalla")
    invitees = main.get_by_role("table", name="Kutsutut")
    expect(invitees.get_by_role("row")).to_have_count(5)  # the header, the client, three
    expect(invitees).to_contain_text("Jonossa")
    axe("the meeting, invitations queued")

    # The worker delivers (in-process here; tests/messaging kills a real one).
    assert deliver_due() == 4
    page.reload()
    expect(invitees).not_to_contain_text("Jonossa")
    expect(invitees.get_by_role("row", name=re.compile("Asiakas"))).to_contain_text(
        "Tulostettu kirje: Lähetetty")
    assert len(list((outbox / "letters").glob("*.pdf"))) == 1
    assert len(list((outbox / "sms").glob("*.txt"))) == 1
    mails = sorted((outbox / "email").glob("*.eml"))
    assert len(mails) == 2
    nurse_mail = next(m for m in map(lambda p: email.message_from_bytes(p.read_bytes()), mails)
                      if m["To"] == nurse.email)
    body = next(p for p in nurse_mail.walk() if p.get_content_type() == "text/plain")
    text = body.get_payload(decode=True).decode()
    assert "Rautiainen" not in text.replace("Sisko", "")  # the client is never named
    link = re.search(r"(http://\S+/invitations/\S+/)", text).group(1)

    # The nurse answers from the link, in a browser that has never signed in.
    other = new_context(browser, live_server.url)
    answer = other.new_page()
    answer.goto(link)
    expect(answer.get_by_role("heading", level=1)).to_have_text("MOTI-tapaaminen")
    expect(answer.locator("main")).to_contain_text("Kuopion sosiaalitoimisto")
    expect(answer.locator("main")).not_to_contain_text("Paju")
    from tests.e2e.conftest import assert_accessible
    assert_accessible(answer, "the answer page")
    answer.get_by_label("Tulossa").check()
    answer.get_by_role("button", name="Lähetä vastaus").click()
    expect(answer.get_by_role("status")).to_contain_text("Vastauksesi: Tulossa")
    other.close()

    # The coordinator sees who answered, and who has not.
    page.reload()
    expect(invitees.get_by_role("row", name=re.compile("Mikko Heikkinen"))).to_contain_text(
        "Tulossa")
    expect(invitees.get_by_role("row", name=re.compile("Sisko Rautiainen"))).to_contain_text(
        "Ei vastannut")

    # The coordinator's triage shows the team with the invitations still unanswered.
    meeting_url = page.url
    page.goto("/my/attention/?reason=unanswered")
    expect(main.get_by_role("link", name="Paju Rautiainen")).to_be_visible()
    expect(main).to_contain_text("3 kutsua vastaamatta")  # the client, Sisko, Aino herself
    axe("needs attention, unanswered invitations")
    page.goto(meeting_url)

    # Move it: everyone is told, and asked again.
    page.get_by_role("link", name="Muuta aikaa tai paikkaa").click()
    page.get_by_label("Paikka", exact=True).fill("Nilsiän terveysasema")
    axe("change the meeting")
    page.get_by_role("button", name="Tallenna ja kerro kutsutuille").click()
    expect(page.get_by_role("status")).to_contain_text("jokaiselle kutsutulle kerrotaan")
    expect(invitees.get_by_role("row", name=re.compile("Mikko Heikkinen"))).to_contain_text(
        "Ei vastannut")
    assert deliver_due() == 4  # the change, to the four reachable
    # Cancel it, with the reason.
    page.get_by_role("link", name="Peru tapaaminen").click()
    page.get_by_label("Peruutuksen syy").fill("Asiakas sairastui.")
    axe("cancel the meeting")
    page.get_by_role("button", name="Peru tapaaminen ja kerro kutsutuille").click()
    expect(main).to_contain_text("Peruttu")
    expect(page.get_by_role("link", name="Muuta aikaa tai paikkaa")).to_have_count(0)
    axe("the cancelled meeting")
    assert deliver_due() == 4  # the cancellation
    assert len(list((outbox / "email").glob("*.eml"))) == 6
