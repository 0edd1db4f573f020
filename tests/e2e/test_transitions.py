"""A transition alert, in a real browser: a heavy service of the client ends in five days with
nothing after it. The watch e-mails the lead responsible worker a link (never the client's
name); the lead signs in, finds the client first in "needs attention", follows the e-mail's
link to the transitions at risk, opens the service and records the next step: a service, the
member who arranges it, and the day. The transition is then no longer at risk, anywhere.
axe-core checks the transitions page, the episode form and the team's services page.

The new texts of the feature may or may not be translated into Finnish yet: the expected
words are drawn from the Finnish catalogue at run time, and form fields are found by name.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from moti.access.visibility import seers
from moti.core.models import Register
from moti.messaging.models import OutboxMessage
from moti.paths.models import Intensity, ServiceEpisode
from moti.paths.services import episode_add
from moti.paths.watch import transitions_alert
from tests.factories import (
    ClientFactory,
    ConcernFactory,
    ConsentFactory,
    MemberFactory,
    OrganisationFactory,
    PersonFactory,
    TeamFactory,
)

pytestmark = pytest.mark.e2e

PASSWORD = "pw-for-tests-123"  # tests.factories.UserFactory's
SERVICE = "Päihdekuntoutus, laitosjakso"
NEXT_SERVICE = "Päihdeavokuntoutus"


def finnish(text: str, plural: str | None = None, n: int = 1) -> str:
    """`text` as the Finnish pages show it: translated if the catalogue has it, else as is."""
    with translation.override("fi"):
        return ngettext(text, plural, n) if plural else gettext(text)


def test_a_transition_alert_leads_the_lead_worker_to_record_a_next_step(
        transactional_db, live_server, page, axe, page_errors):
    # --- One county: the lead works in health care, the coordinator in social care ----------
    county = OrganisationFactory(name="Pohjois-Savon hyvinvointialue", register=Register.OTHER)
    social = OrganisationFactory(name="Kuopion aikuissosiaalityö", register=Register.SOCIAL,
                                 parent=county)
    health = OrganisationFactory(name="Nilsiän terveysasema", register=Register.HEALTH,
                                 parent=county)
    coordinator = PersonFactory(organisation=social, title="asiakaskoordinaattori",
                                user__username="aino.koskinen", user__first_name="Aino",
                                user__last_name="Koskinen")
    lead = PersonFactory(organisation=health, title="sairaanhoitaja",
                         user__username="mikko.heikkinen", user__first_name="Mikko",
                         user__last_name="Heikkinen")
    # A surname no professional shares by chance: the message must not name the client.
    client = ClientFactory(first_name="Paju", last_name="Asiakasvaara")
    team = TeamFactory(concern=ConcernFactory(client=client, author=coordinator))
    MemberFactory(team=team, person=coordinator, is_coordinator=True, role="Koordinaattori")
    MemberFactory(team=team, person=lead, is_lead=True, role="Vastuutyöntekijä")
    # The client's consent to share between the team's two registers, services included.
    ConsentFactory(team=team, recorded_by=coordinator, organisations=[health])
    ConsentFactory(team=team, recorded_by=lead, organisations=[social])
    today = timezone.localdate()
    # Recorded by the coordinator in social care; it ends in five days with no next step.
    episode = episode_add(client=client, author=coordinator, service_name=SERVICE,
                          intensity=Intensity.HEAVY,
                          starts_on=today - datetime.timedelta(days=30),
                          planned_end_on=today + datetime.timedelta(days=5))
    assert not episode.has_next_step

    # --- The watch tells the lead (and the coordinator), once, with a link ------------------
    assert transitions_alert(sees=seers) == 1
    assert transitions_alert(sees=seers) == 0  # once
    (alert,) = OutboxMessage.objects.filter(recipient_ref=f"person:{lead.pk}",
                                            topic__startswith="transition:")
    assert OutboxMessage.objects.filter(recipient_ref=f"person:{coordinator.pk}",
                                        topic__startswith="transition:").count() == 1
    assert "/transitions/" in alert.body
    assert client.last_name not in alert.body and client.last_name not in alert.subject
    assert "Päihdekuntoutus" not in alert.body  # nor the service
    (link,) = re.findall(r"\S*/transitions/\S*", alert.body)
    transitions_path = urlsplit(link).path
    assert transitions_path == "/transitions/"

    main = page.locator("main")

    # --- The lead signs in and lands on "my work" -------------------------------------------
    page.goto("/")
    page.get_by_label("Käyttäjätunnus").fill("mikko.heikkinen")
    page.get_by_label("Salasana").fill(PASSWORD)
    main.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Oma työ")

    # The triage card (HTMX) shows the client's team first, for the transition.
    card = page.locator("#attention-card")
    first = card.locator("ul.attention > li").first
    expect(first).to_be_visible()
    expect(first.get_by_role("link", name="Paju Asiakasvaara")).to_have_attribute(
        "href", f"/teams/{team.pk}/")
    reason = first.locator("ul.reasons .hds-status-label").first
    expect(reason).to_have_text(finnish("%(n)s service ends with no next step",
                                        "%(n)s services end with no next step") % {"n": 1})
    expect(reason).to_have_class(re.compile(r"\bhds-status-label--error\b"))
    axe("my work, a transition at risk first in the triage")

    # --- The e-mail's link: the transitions at risk -----------------------------------------
    page.goto(transitions_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(finnish("Transitions at risk"))
    rows = main.locator("ul.transitions > li")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(SERVICE)
    expect(rows.first.get_by_role("link", name="Paju Asiakasvaara")).to_have_attribute(
        "href", f"/teams/{team.pk}/")
    axe("the transitions at risk")
    rows.first.locator(f'a[href="/teams/{team.pk}/services/{episode.pk}/"]').click()

    # --- The episode: record the next step ----------------------------------------------------
    expect(page).to_have_url(f"{live_server.url}/teams/{team.pk}/services/{episode.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(SERVICE)
    expect(main.get_by_role("note")).to_be_visible()  # "transition at risk"
    # The lead may also say why no next step is needed: that form is there, separately.
    expect(main.locator(
        f'form[action="/teams/{team.pk}/services/{episode.pk}/no-next-step/"]')).to_have_count(1)
    axe("the service episode, at risk")
    main.locator("[name=next_service_name]").fill(NEXT_SERVICE)
    owner = main.locator("select[name=next_owner]")
    expect(owner.locator("option")).to_have_count(3)  # "choose one" and the two members
    owner.select_option(value=str(lead.pk))
    due = today + datetime.timedelta(days=3)
    next_on = main.locator("[name=next_on]")
    expect(next_on).to_have_attribute("type", "date")
    next_on.fill(due.isoformat())
    main.locator("form:not([action$='/no-next-step/'])").get_by_role(
        "button", name=finnish("Save")).click()

    # --- The team's services: the transition is no longer at risk ---------------------------
    expect(page).to_have_url(f"{live_server.url}/teams/{team.pk}/services/")
    expect(page.get_by_role("status")).to_contain_text(finnish("The service was saved."))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        finnish("Services and transitions"))
    item = main.locator("ul.episodes > li")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(SERVICE)
    expect(item).to_contain_text(NEXT_SERVICE)
    expect(item).to_contain_text("Mikko Heikkinen")
    expect(item).to_contain_text(f"{due.day}.{due.month}.{due.year}")
    expect(item.locator(".hds-status-label")).to_have_count(0)  # no "transition at risk"
    expect(main).not_to_contain_text(finnish("Transition at risk"))
    axe("the team's services, the next step recorded")

    # The team's page leads here too.
    page.goto(f"/teams/{team.pk}/")
    main.get_by_role("link", name=finnish("Services and transitions")).click()
    expect(page).to_have_url(f"{live_server.url}/teams/{team.pk}/services/")

    # Nothing at risk now: neither the transitions page nor the triage shows it.
    page.goto(transitions_path)
    expect(main.locator("ul.transitions > li")).to_have_count(0)
    expect(main).to_contain_text(finnish("No transitions at risk now."))
    expect(main).not_to_contain_text(SERVICE)
    page.goto("/")
    card = page.locator("#attention-card")
    expect(card.locator("h2")).to_be_visible()
    page.wait_for_function("() => !document.querySelector("
                           "'.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')")
    expect(card.locator(".hds-status-label--error")).to_have_count(0)

    # The client's path in one place: the service and its start, from the team's page.
    page.goto(f"/teams/{team.pk}/")
    main.get_by_role("link", name=finnish("Timeline")).click()
    expect(main.locator("ol.timeline > li").first).to_be_visible()
    expect(main).to_contain_text(SERVICE)
    axe("the team's timeline")

    # The figures for development (a manager's page too: the lead is given that role).
    from moti.access.models import RoleKind
    from tests.factories import role_grant
    role_grant(lead, RoleKind.MANAGER)
    page.goto("/figures/")
    expect(page.get_by_role("heading", level=1)).to_have_text(finnish("Service-path figures"))
    expect(main.locator("svg[role=img]")).to_have_count(2)
    axe("the service-path figures")

    # --- What the walk stored -----------------------------------------------------------------
    episode = ServiceEpisode.objects.get(pk=episode.pk)
    assert episode.has_next_step and episode.next_label == NEXT_SERVICE
    assert episode.next_owner == lead and episode.next_on == due
    assert episode.no_next_reason == ""
    assert episode.service_label == SERVICE and episode.intensity == Intensity.HEAVY
    assert episode.planned_end_on == today + datetime.timedelta(days=5)
    assert transitions_alert(sees=seers) == 0
    assert OutboxMessage.objects.filter(topic__startswith="transition:").count() == 2
    assert not page_errors, "the browser reported errors:\n" + "\n".join(page_errors)
