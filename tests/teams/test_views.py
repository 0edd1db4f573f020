import datetime
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from moti.access.models import RoleKind
from moti.teams.models import Concern, Meeting, Team, TeamMember
from tests.conftest import login
from tests.factories import PersonFactory


@pytest.mark.django_db
def test_record_concern_then_convene(world):
    from moti.access.helpers import client_handle_make

    http = login(world.outsider)
    url = reverse("concern_new", args=[client_handle_make(world.outsider.user, world.client)])
    data = {"form_key": str(uuid.uuid4()), "need_domains": ["housing", "income"],
            "urgency": "high", "description": "Vuokrat maksamatta.", "client_agreed": "on"}
    first = http.post(url, data)
    http.post(url, data)  # double submit
    concern = Concern.objects.get(author=world.outsider)
    assert first["Location"] == reverse("concern_detail", args=[concern.pk])
    key = str(uuid.uuid4())
    convene = {"form_key": key, "author_is_coordinator": "on"}
    http.post(reverse("team_convene", args=[concern.pk]), convene)
    http.post(reverse("team_convene", args=[concern.pk]), convene)
    team = Team.objects.get(concern=concern)
    assert http.get(reverse("client_detail", args=[world.client.pk])).status_code == 200
    assert team.members.get().is_coordinator


@pytest.mark.django_db
def test_concern_form_errors(world):
    from moti.access.helpers import client_handle_make

    http = login(world.member)
    url = reverse("concern_new", args=[client_handle_make(world.member.user, world.client)])
    page = http.post(url, {"form_key": str(uuid.uuid4()), "urgency": "high",
                           "description": "Kuvaus jää talteen"})
    assert page.status_code == 200 and "Kuvaus jää talteen" in page.content.decode()
    assert Concern.objects.filter(description__startswith="Kuvaus").count() == 0


@pytest.mark.django_db
def test_add_member_with_htmx_returns_the_member_list(world):
    person = PersonFactory()
    page = login(world.member).post(
        reverse("member_add", args=[world.team.pk]),
        {"form_key": str(uuid.uuid4()), "kind": "professional", "person": person.pk,
         "role": "Velkaneuvonta"}, headers={"HX-Request": "true"})
    assert page.status_code == 200
    assert str(person) in page.content.decode() and b"<html" not in page.content
    assert world.team.members.filter(person=person).exists()


@pytest.mark.django_db
def test_add_support_person_without_javascript(world):
    page = login(world.member).post(
        reverse("member_add", args=[world.team.pk]),
        {"form_key": str(uuid.uuid4()), "kind": "support_person", "name": "Liisa Nieminen",
         "relation": "täti", "contact": "040 1234567"})
    assert page.status_code == 302
    assert TeamMember.objects.get(name="Liisa Nieminen").kind == "support_person"


@pytest.mark.django_db
def test_add_member_error_keeps_input(world):
    page = login(world.member).post(
        reverse("member_add", args=[world.team.pk]),
        {"form_key": str(uuid.uuid4()), "kind": "ngo", "name": "", "relation": "Sininauha"})
    assert page.status_code == 422 and "Sininauha" in page.content.decode()


@pytest.mark.django_db
def test_schedule_meeting_and_write_the_record(world):
    http = login(world.member)
    start = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    members = list(world.team.members.values_list("pk", flat=True))
    data = {"form_key": str(uuid.uuid4()), "starts_at": start, "duration_minutes": 60,
            "place": "Kuopion sosiaalitoimisto", "remote_link": "", "invited": members}
    first = http.post(reverse("meeting_new", args=[world.team.pk]), data)
    http.post(reverse("meeting_new", args=[world.team.pk]), data)
    meeting = Meeting.objects.get()
    assert first["Location"] == reverse("meeting_detail", args=[meeting.pk])
    page = http.post(reverse("meeting_detail", args=[meeting.pk]), {
        "version": meeting.version, "client_story": "Minulla on ollut vaikeaa.",
        "client_goals": "Oma koti", "minutes": "m", "decisions": "d", "attended": members[:1]})
    assert page.status_code == 302
    meeting.refresh_from_db()
    assert meeting.client_story == "Minulla on ollut vaikeaa."


@pytest.mark.django_db
def test_close_team(world):
    http = login(world.member)
    page = http.post(reverse("team_close", args=[world.team.pk]),
                     {"closure_reason": "goals_reached"})
    assert page.status_code == 302
    world.team.refresh_from_db()
    assert world.team.status == "closed"


@pytest.mark.django_db
def test_my_work_highlights_overdue_actions(world):
    from tests.factories import ActionFactory

    mine = world.team.members.get(person=world.member)
    ActionFactory(plan=world.plan, owner=mine, text="Myöhässä oleva tehtävä",
                  due_date=timezone.localdate() - datetime.timedelta(days=2))
    html = login(world.member).get(reverse("home")).content.decode()
    assert "Myöhässä oleva tehtävä" in html and 'class="overdue"' in html


@pytest.mark.django_db
def test_add_member_error_with_htmx_swaps_the_section_with_the_form_open(world):
    page = login(world.member).post(
        reverse("member_add", args=[world.team.pk]),
        {"form_key": str(uuid.uuid4()), "kind": "professional", "role": "Kirjoitettu rooli"},
        headers={"HX-Request": "true"})
    html = page.content.decode()
    assert page.status_code == 422 and b"<html" not in page.content  # base.html: htmx swaps 422
    assert '<details class="add-member" open>' in html and "Kirjoitettu rooli" in html
    assert 'id="h-members"' in html  # the member table stays


@pytest.mark.django_db
def test_the_member_picker_searches_the_directory_instead_of_listing_it(world):
    """A county has ten thousand professionals: the team page lists none of them; a search
    offers twenty at most, by name, title or organisation, with and without JavaScript."""
    for n in range(30):
        PersonFactory(first_name="Hakuaino", last_name=f"Nimi{n:02d}", title="sairaanhoitaja")
    target = PersonFactory(first_name="Jaana", last_name="Löydettävä", title="psykologi")
    PersonFactory(first_name="Ei", last_name="Asiakastyötä", roles=[RoleKind.MANAGER])
    http = login(world.member)
    team_page = http.get(reverse("team_detail", args=[world.team.pk])).content.decode()
    assert "Hakuaino" not in team_page and "Löydettävä" not in team_page
    found = http.get(reverse("member_search"), {"q": "löydettävä psykologi"},
                     headers={"HX-Request": "true"}).content.decode()
    assert "Jaana Löydettävä" in found and 'type="radio"' in found
    many = http.get(reverse("member_search"), {"q": "hakuaino"}).content.decode()
    assert many.count('type="radio"') == 20
    assert "Asiakastyötä" not in http.get(reverse("member_search"), {"q": "asiakastyötä"}
                                          ).content.decode()
    # Without JavaScript: the search is a GET of the add-member page with the words only (a
    # form of its own: the POST form's token never goes into an address), then the POST.
    page = http.get(reverse("team_detail", args=[world.team.pk])).content.decode()
    assert '<form id="member-search" method="get"' in page
    assert re.search(r'<input type="search" name="q"[^>]*form="member-search"', page)
    assert re.search(r'<button type="submit" form="member-search"', page)
    html = http.get(reverse("member_add", args=[world.team.pk]), {"q": "Löydettävä"}
                    ).content.decode()
    form = html[html.index('id="member-form"'):html.index('id="member-search"')]
    assert "Jaana Löydettävä" in form and 'type="radio"' in form
    # An account no longer in use is neither found nor added.
    gone = PersonFactory(first_name="Jaana", last_name="Lähtenyt", title="psykologi")
    gone.user.is_active = False
    gone.user.save()
    assert "Lähtenyt" not in http.get(reverse("member_search"), {"q": "lähtenyt"}
                                      ).content.decode()
    refused = http.post(reverse("member_add", args=[world.team.pk]), {
        "form_key": str(uuid.uuid4()), "kind": "professional", "person": gone.pk})
    assert refused.status_code == 422 and not world.team.members.filter(person=gone).exists()
    added = http.post(reverse("member_add", args=[world.team.pk]), {
        "form_key": str(uuid.uuid4()), "kind": "professional", "q": "Löydettävä",
        "person": target.pk})
    assert added.status_code == 302 and world.team.members.filter(person=target).exists()
    assert http.get(reverse("member_search"), {"q": "x"}).status_code == 200
    dpo = PersonFactory(organisation=world.member.organisation, roles=[RoleKind.DPO])
    assert login(dpo).get(reverse("member_search"), {"q": "x"}).status_code == 403


@pytest.mark.django_db
def test_my_work_shows_the_first_of_each_list_and_pages_the_rest(world):
    """A coordinator has hundreds of open actions: my work shows ten with the totals (the
    overdue among all, not among the ten shown) and links the full list, paged by fifty."""
    from moti.teams.selectors import MY_WORK_SHOWN
    from moti.teams.views import MY_LIST_PAGE
    from tests.factories import ActionFactory

    mine = world.team.members.get(person=world.member)
    today = timezone.localdate()
    for n in range(MY_LIST_PAGE + 5):
        ActionFactory(plan=world.plan, owner=mine, text=f"Tehtävä {n}",
                      due_date=today + datetime.timedelta(days=n - 3))  # three overdue
    http = login(world.member)
    home = http.get(reverse("home"))
    assert len(home.context["actions"]) == MY_WORK_SHOWN
    assert home.context["actions_total"] == MY_LIST_PAGE + 5
    assert home.context["overdue_count"] == 3
    assert reverse("my_actions") in home.content.decode()
    first = http.get(reverse("my_actions")).context["page"]
    assert len(first.object_list) == MY_LIST_PAGE and first.paginator.count == MY_LIST_PAGE + 5
    last = http.get(reverse("my_actions"), {"page": 2}).context["page"]
    assert [a.text for a in last.object_list] == [f"Tehtävä {n}" for n in range(
        MY_LIST_PAGE, MY_LIST_PAGE + 5)]
