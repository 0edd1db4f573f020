"""The goals and agreements told at a meeting go into the plan as written, not typed again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from moti.plans.services import meeting_lines
from tests.conftest import login
from tests.factories import MeetingFactory


def test_the_lines_of_a_record_are_its_goals_or_agreements():
    assert meeting_lines("- Oma koti\n\n• Työkokeilu syksyllä \n  *  Velat kuntoon") == [
        "Oma koti", "Työkokeilu syksyllä", "Velat kuntoon"]


@pytest.mark.django_db
def test_ticked_goals_and_owned_agreements_become_the_plans_goals_and_actions(world):
    meeting = MeetingFactory(team=world.team, client_goals="Oma koti\nTyökokeilu",
                             decisions="Haetaan asumisneuvontaa\nSovitaan velkaneuvonta")
    owner = world.team.members.get(person=world.lead)
    due = timezone.localdate() + datetime.timedelta(days=14)
    http = login(world.member)
    url = reverse("plan_from_meeting", args=[meeting.pk])
    page = http.get(url)
    assert page.status_code == 200 and "Haetaan asumisneuvontaa" in page.content.decode()
    form = {"version": meeting.version, "goal_0": "on", "owner_0": owner.pk,
            "due_0": due.isoformat(), "owner_1": ""}
    for _ in range(2):  # sent twice: added once
        assert http.post(url, form).status_code == 302
    plan = world.team.plan
    assert list(plan.goals.values_list("text", flat=True)) == ["Oma koti"]
    assert list(plan.actions.values_list("text", "owner", "due_date")) == [
        ("Haetaan asumisneuvontaa", owner.pk, due)]
    goal = plan.goals.get()
    assert goal.author == world.member
    # Filed in the meeting record's register: it reaches nobody the record would not.
    assert (goal.register, goal.controller_id) == (meeting.register, meeting.controller_id)


@pytest.mark.django_db
def test_a_record_changed_since_the_page_was_drawn_is_not_taken(world):
    """The lines are numbered as drawn: if the record changed meanwhile, an owner chosen for
    one agreement would go to another."""
    from moti.teams.services import meeting_record

    meeting = MeetingFactory(team=world.team, decisions="Haetaan asumisneuvontaa")
    drawn = meeting.version
    meeting_record(meeting=meeting, user=world.lead.user, expected_version=drawn,
                   client_story="", client_goals="", minutes="",
                   decisions="Lopetetaan asumisneuvonta\nHaetaan asumisneuvontaa", attended=[])
    owner = world.team.members.get(person=world.lead)
    page = login(world.member).post(reverse("plan_from_meeting", args=[meeting.pk]), {
        "version": drawn, "owner_0": owner.pk,
        "due_0": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()})
    assert page.status_code == 200 and page.context["form"].non_field_errors()
    assert not world.team.plan.actions.exists()


@pytest.mark.django_db
def test_an_owner_without_a_due_date_keeps_what_was_chosen(world):
    meeting = MeetingFactory(team=world.team, client_goals="Oma koti",
                             decisions="Haetaan asumisneuvontaa")
    owner = world.team.members.get(person=world.lead)
    url = reverse("plan_from_meeting", args=[meeting.pk])
    page = login(world.member).post(url, {"version": meeting.version, "goal_0": "on",
                                          "owner_0": owner.pk})
    assert page.status_code == 200 and page.context["form"].errors["due_0"]
    assert page.context["form"]["owner_0"].value() == str(owner.pk)
    assert not world.team.plan.goals.exists() and not world.team.plan.actions.exists()
    nothing = login(world.member).post(url, {"version": meeting.version})
    assert nothing.status_code == 200 and nothing.context["form"].non_field_errors()


@pytest.mark.django_db
def test_someone_outside_the_team_cannot_take_a_meeting_into_a_plan(world):
    meeting = MeetingFactory(team=world.team, client_goals="Oma koti")
    response = login(world.outsider).post(reverse("plan_from_meeting", args=[meeting.pk]),
                                          {"goal_0": "on"})
    assert response.status_code == 404 and not world.team.plan.goals.exists()
