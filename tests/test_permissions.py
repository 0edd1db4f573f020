"""Every view that shows client data: member sees it; another team's member, an outsider
and an anonymous visitor do not learn that it exists."""

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.factories import ActionFactory, GoalFactory, MeetingFactory


def _urls(world):
    team = world.team
    meeting = MeetingFactory(team=team)
    goal = GoalFactory(plan=team.plan)
    action = ActionFactory(plan=team.plan)
    member = team.members.first()
    return {
        "client_detail": reverse("client_detail", args=[world.client.pk]),
        "concern_detail": reverse("concern_detail", args=[team.concern_id]),
        "team_detail": reverse("team_detail", args=[team.pk]),
        "member_add": reverse("member_add", args=[team.pk]),
        "member_edit": reverse("member_edit", args=[member.pk]),
        "team_close": reverse("team_close", args=[team.pk]),
        "meeting_new": reverse("meeting_new", args=[team.pk]),
        "meeting_detail": reverse("meeting_detail", args=[meeting.pk]),
        "plan_detail": reverse("plan_detail", args=[team.pk]),
        "plan_edit": reverse("plan_edit", args=[team.pk]),
        "plan_print": reverse("plan_print", args=[team.pk]),
        "plan_history": reverse("plan_history", args=[team.pk]),
        "goal_add": reverse("goal_add", args=[team.pk]),
        "goal_edit": reverse("goal_edit", args=[goal.pk]),
        "action_add": reverse("action_add", args=[team.pk]),
        "action_edit": reverse("action_edit", args=[action.pk]),
    }


VIEWS = ["client_detail", "concern_detail", "team_detail", "member_add", "member_edit",
         "team_close", "meeting_new", "meeting_detail", "plan_detail", "plan_edit",
         "plan_print", "plan_history", "goal_add", "goal_edit", "action_add", "action_edit"]


@pytest.mark.parametrize("view", VIEWS)
def test_view_permissions(world, view):
    url = _urls(world)[view]
    assert login(world.member).get(url).status_code == 200
    assert login(world.lead).get(url).status_code == 200
    assert login(world.other_member).get(url).status_code == 404
    assert login(world.outsider).get(url).status_code == 404
    anonymous = login.__globals__["HttpClient"]().get(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]


@pytest.mark.parametrize("view", ["team_convene", "note_add", "action_done"])
def test_post_only_view_permissions(world, view):
    target = {"team_convene": world.lone_concern.pk, "note_add": world.team.pk,
              "action_done": ActionFactory(plan=world.plan).pk}[view]
    url = reverse(view, args=[target])
    for person in (world.other_member, world.outsider):
        assert login(person).post(url, {"done": "1", "text": "x"}).status_code == 404


def test_concern_author_sees_own_concern_only(world):
    http = login(world.author)
    assert http.get(reverse("concern_detail", args=[world.lone_concern.pk])).status_code == 200
    assert http.get(reverse("concern_detail", args=[world.team.concern_id])).status_code == 404
    assert http.get(reverse("client_detail", args=[world.client.pk])).status_code == 404


def test_user_without_directory_entry_is_refused(db):
    from django.contrib.auth import get_user_model
    from django.test import Client

    http = Client()
    http.force_login(get_user_model().objects.create_user("admin-only", password="x" * 12))
    assert http.get(reverse("home")).status_code == 403
