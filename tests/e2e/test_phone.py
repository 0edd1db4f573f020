"""Every page of the loop on a phone: 390 px wide without scrolling sideways, contacts as
tel: and mailto: links. (The client, the team, the plan, the meetings, the forms.)"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from moti.teams import invitations, services
from tests.e2e.conftest import new_context
from tests.factories import (
    ActionFactory,
    ConcernFactory,
    GoalFactory,
    MemberFactory,
    OrganisationFactory,
    PersonFactory,
    TeamFactory,
    coming_workday,
)

pytestmark = pytest.mark.e2e
PASSWORD = "pw-for-tests-123"


def test_every_page_of_the_loop_fits_a_phone(transactional_db, live_server, browser):
    social = OrganisationFactory(name="Kuopion kaupungin aikuissosiaalityön palvelut")
    me = PersonFactory(organisation=social, user__username="aino.koskinen",
                       title="asiakaskoordinaattori, aikuissosiaalityö ja päihdepalvelut")
    nurse = PersonFactory(organisation=social, title="terveydenhoitaja")
    team = TeamFactory(concern__author=me, concern__client__first_name="Paju",
                       concern__client__last_name="Rautiainen-Väisänen",
                       concern__client__email="paju.rautiainen@example.fi")
    me_member = MemberFactory(team=team, person=me, is_coordinator=True,
                              role="Koordinoi tiimin työtä ja kutsuu tapaamiset koolle")
    MemberFactory(team=team, person=nurse, is_lead=True, role="Vastuutyöntekijä")
    MemberFactory(team=team, kind="support_person", person=None, name="Sisko Rautiainen",
                  contact="+999 40 765 4321")
    goal = GoalFactory(plan=team.plan, text="Haluan pitää oman kotini ja maksaa vuokrani ajallaan.")
    action = ActionFactory(plan=team.plan, owner=me_member, goal=goal,
                           due_date=timezone.localdate() - datetime.timedelta(days=1),
                           text="Haetaan asumisneuvontaa ja sovitaan maksusuunnitelma.")
    meeting = services.meeting_create(
        team=team, author=me, starts_at=coming_workday(3), duration_minutes=60,
        place="Kuopion sosiaalitoimisto, Tulliportinkatu 37, Kuopio", remote_link="",
        invited=list(team.members.all()), client_channel="sms")
    client = meeting.participants.get(is_client=True)
    ConcernFactory(client=team.client, author=me)
    pages = {
        "my work": reverse("home"), "needs attention": reverse("needs_attention"),
        "my actions": reverse("my_actions"), "my teams": reverse("my_teams"),
        "client search": reverse("client_search"),
        "client": reverse("client_detail", args=[team.client_id]),
        "concern": reverse("concern_detail", args=[team.concern_id]),
        "team": reverse("team_detail", args=[team.pk]),
        "consents": reverse("team_consents", args=[team.pk]),
        "add a member": reverse("member_add", args=[team.pk]),
        "plan": reverse("plan_detail", args=[team.pk]),
        "plan edit": reverse("plan_edit", args=[team.pk]),
        "plan history": reverse("plan_history", args=[team.pk]),
        "add a goal": reverse("goal_add", args=[team.pk]),
        "add an action": reverse("action_add", args=[team.pk]),
        "edit an action": reverse("action_edit", args=[action.pk]),
        "schedule a meeting": reverse("meeting_new", args=[team.pk]),
        "meeting": reverse("meeting_detail", args=[meeting.pk]),
        "change the meeting": reverse("meeting_edit", args=[meeting.pk]),
        "cancel the meeting": reverse("meeting_cancel", args=[meeting.pk]),
        "into the plan": reverse("plan_from_meeting", args=[meeting.pk]),
        "close the team": reverse("team_close", args=[team.pk]),
        "answer the invitation": reverse("meeting_rsvp",
                                         args=[invitations.rsvp_token(client)]),
    }
    context = new_context(browser, live_server.url)
    context.close()
    context = browser.new_context(base_url=live_server.url, locale="fi-FI",
                                  viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto("/")
    page.get_by_label("Käyttäjätunnus").fill("aino.koskinen")
    page.get_by_label("Salasana").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url(f"{live_server.url}/")
    too_wide = {}
    for name, url in pages.items():
        response = page.goto(url)
        assert response.ok, (name, response.status)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[name] = width
    assert not too_wide, f"wider than a 390 px phone: {too_wide}"
    # Contacts can be tapped: the team's and the client's phone numbers and e-mail.
    page.goto(pages["team"])
    assert page.locator(f'a[href="tel:{nurse.phone.replace(" ", "")}"]').count()
    assert page.locator('a[href="tel:+999407654321"]').count()
    page.goto(pages["client"])
    assert page.locator('a[href="mailto:paju.rautiainen@example.fi"]').count()
    context.close()
