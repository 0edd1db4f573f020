import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from moti.plans.models import Action, Goal
from tests.conftest import login
from tests.factories import ActionFactory


@pytest.mark.django_db
def test_later_save_is_refused_naming_who_and_keeps_the_text(world):
    url = reverse("plan_edit", args=[world.team.pk])
    a, b = login(world.member), login(world.lead)
    assert a.get(url).status_code == b.get(url).status_code == 200
    saved = a.post(url, {"version": 1, "client_view": "Ensimmäinen", "dissenting_view": ""})
    assert saved.status_code == 302
    refused = b.post(url, {"version": 1, "client_view": "Toisen teksti", "dissenting_view": ""})
    html = refused.content.decode()
    assert refused.status_code == 409
    assert world.member.user.get_full_name() in html
    assert "Toisen teksti" in html  # the later person's text is kept in the form
    assert "Ensimmäinen" in html  # and what is saved now is shown beside it
    assert 'name="version" value="2"' in html
    world.plan.refresh_from_db()
    assert world.plan.client_view == "Ensimmäinen"
    # Having seen the other text, the second person may save on top of it.
    again = b.post(url, {"version": 2, "client_view": "Yhdistetty", "dissenting_view": ""})
    assert again.status_code == 302


@pytest.mark.django_db
def test_action_form_errors_are_field_level_and_keep_input(world):
    url = reverse("action_add", args=[world.team.pk])
    page = login(world.member).post(url, {
        "form_key": str(uuid.uuid4()), "text": "Varataan aika <b>velkaneuvojalle</b>",
        "owner": "", "due_date": "2001-01-01"})
    html = page.content.decode()
    assert page.status_code == 200 and not Action.objects.exists()
    assert "&lt;b&gt;velkaneuvojalle&lt;/b&gt;" in html
    assert 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_double_submit_of_goal_and_action_creates_one(world):
    http = login(world.member)
    goal = {"form_key": str(uuid.uuid4()), "text": "Haluan oman kodin."}
    http.post(reverse("goal_add", args=[world.team.pk]), goal)
    http.post(reverse("goal_add", args=[world.team.pk]), goal)
    assert Goal.objects.count() == 1
    action = {"form_key": str(uuid.uuid4()), "text": "Haetaan asuntoa",
              "owner": world.team.members.first().pk,
              "due_date": (timezone.localdate() + datetime.timedelta(days=9)).isoformat()}
    assert http.post(reverse("action_add", args=[world.team.pk]), action).status_code == 302
    assert http.post(reverse("action_add", args=[world.team.pk]), action).status_code == 302
    assert Action.objects.count() == 1


@pytest.mark.django_db
def test_tick_action_done_with_htmx_returns_the_row(world):
    action = ActionFactory(plan=world.plan)
    page = login(world.member).post(reverse("action_done", args=[action.pk]), {"done": "1"},
                                    headers={"HX-Request": "true"})
    assert page.status_code == 200
    assert page.content.decode().lstrip().startswith(f'<tr id="action-{action.pk}"')
    action.refresh_from_db()
    assert action.is_done


@pytest.mark.django_db
def test_tick_action_done_without_javascript_redirects(world):
    action = ActionFactory(plan=world.plan)
    page = login(world.member).post(reverse("action_done", args=[action.pk]), {"done": "1"})
    assert page.status_code == 302


@pytest.mark.django_db
def test_print_view_is_plain_and_has_a_print_stylesheet(world):
    page = login(world.member).get(reverse("plan_print", args=[world.team.pk]))
    assert b"plan-print.css" in page.content and b"site-header" not in page.content


@pytest.mark.django_db
def test_history_page_shows_earlier_text(world):
    http = login(world.member)
    http.post(reverse("plan_edit", args=[world.team.pk]),
              {"version": 1, "client_view": "Vanha", "dissenting_view": ""})
    http.post(reverse("plan_edit", args=[world.team.pk]),
              {"version": 2, "client_view": "Uusi", "dissenting_view": ""})
    html = http.get(reverse("plan_history", args=[world.team.pk])).content.decode()
    assert "Vanha" in html and "Uusi" in html


@pytest.mark.django_db
def test_history_speaks_the_users_language_and_local_dates(world):
    http = login(world.member)
    http.post(reverse("plan_edit", args=[world.team.pk]),
              {"version": 1, "client_view": "", "dissenting_view": "",
               "next_review": "2031-01-02"})
    html = http.get(reverse("plan_history", args=[world.team.pk])).content.decode()
    assert "Suunnitelma · " in html and "plans.plan" not in html and "next_review" not in html
    assert "02.01.2031" in html
