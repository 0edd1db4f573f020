"""The next step's owner: reminded the day before it is due (a stand-in while away), and the
next steps they arrange listed on "My actions", each through a team of theirs."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from moti.access.models import Consent
from moti.directory.models import Service
from moti.messaging.models import OutboxMessage
from moti.paths.models import Intensity
from moti.paths.services import episode_add
from moti.teams.models import Absence
from moti.teams.reminders import reminders_send
from tests.conftest import login
from tests.factories import ActionFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _step(world, *, author, owner, due: datetime.date, service_name: str = "Laitoskuntoutus",
          next_service_name: str = "Avokuntoutus"):
    today = timezone.localdate()
    return episode_add(client=world.client, author=author, service_name=service_name,
                       intensity=Intensity.HEAVY, starts_on=today - datetime.timedelta(days=30),
                       planned_end_on=due, next_service_name=next_service_name,
                       next_owner=owner, next_on=due)


def _told(person) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(recipient_ref=f"person:{person.pk}",
                                             topic__startswith="reminder:next_step_due:"))


def test_the_owner_is_reminded_the_day_before_once_and_a_stand_in_while_away(world):
    due = timezone.localdate() + datetime.timedelta(days=4)
    _step(world, author=world.member, owner=world.lead, due=due)
    eve = due - datetime.timedelta(days=1)
    with time_machine.travel(_at(eve - datetime.timedelta(days=1))):
        reminders_send()
    assert _told(world.lead) == []  # not two days before
    with time_machine.travel(_at(eve)):
        reminders_send()
        reminders_send()  # the next hour, or another worker: once
    (message,) = _told(world.lead)
    assert reverse("my_actions") in message.body
    assert world.client.last_name not in message.body and "Avokuntoutus" not in message.body
    # Away the day before a second one: the team's coordinator is told, for them.
    second = due + datetime.timedelta(days=7)
    _step(world, author=world.member, owner=world.lead, due=second)
    Absence.objects.create(person=world.lead, starts_on=second - datetime.timedelta(days=2),
                           ends_on=second)
    with time_machine.travel(_at(second - datetime.timedelta(days=1))):
        reminders_send()
    assert len(_told(world.lead)) == 1
    (stood_in,) = _told(world.member)  # says for whom, and which team's services
    assert str(world.lead) in stood_in.body
    assert reverse("team_services", args=[world.team.pk]) in stood_in.body


def test_a_next_step_taken_is_neither_reminded_nor_listed(world):
    """The service it leads to, recorded as the client's next episode, takes the step."""
    due = timezone.localdate() + datetime.timedelta(days=2)
    _step(world, author=world.member, owner=world.lead, due=due)
    episode_add(client=world.client, author=world.member, service_name="Avokuntoutus",
                intensity=Intensity.LIGHT, starts_on=timezone.localdate())
    with time_machine.travel(_at(due - datetime.timedelta(days=1))):
        reminders_send()
    assert _told(world.lead) == []
    assert login(world.lead).get(reverse("my_actions")).context["steps"] == []


def test_my_actions_lists_the_next_steps_i_arrange_through_my_team(world):
    due = timezone.localdate() + datetime.timedelta(days=3)
    mine = _step(world, author=world.member, owner=world.lead, due=due)
    page = login(world.lead).get(reverse("my_actions"))
    (row,) = page.context["steps"]
    assert (row["episode"], row["team"]) == (mine, world.team)
    assert "Avokuntoutus" in page.content.decode()
    # Each row is drawn from what the list query read: more steps, no more queries.
    http = login(world.lead)
    http.get(reverse("my_actions"))  # a first view's once-only queries out of the way
    with CaptureQueriesContext(connection) as one:
        http.get(reverse("my_actions"))
    for days in (5, 6):  # these linked to the directory's services by their names
        name = Service.objects.create(organisation=world.lead.organisation,
                                      name_fi=f"Avokuntoutus {days}").name_fi
        _step(world, author=world.member, owner=world.lead,
              due=due + datetime.timedelta(days=days), service_name=name,
              next_service_name=name)
    with CaptureQueriesContext(connection) as three:
        assert len(http.get(reverse("my_actions")).context["steps"]) == 3
    assert len(three.captured_queries) == len(one.captured_queries)
    # Recorded in social care: without the client's consent, health care's lead is told how
    # many, not what.
    Consent.objects.filter(team=world.team).update(revoked_at=timezone.now())
    page = login(world.lead).get(reverse("my_actions"))
    assert page.context["steps"] == [] and page.context["steps_withheld"] == 3
    assert "Avokuntoutus" not in page.content.decode()
    # Someone who is not in the client's team does not get it listed.
    outsider = MemberFactory().person
    page = login(outsider).get(reverse("my_actions"))
    assert page.context["steps"] == []
    # No actions: said once ("you have none"), not also counted as "0 open actions".
    assert "0 avointa toimenpidettä" not in page.content.decode()


def test_my_actions_decides_the_actions_and_the_next_steps_together(world):
    """One visibility decision for the page: each team's consents read once, whether it is
    reached through an action or a next step."""
    _step(world, author=world.member, owner=world.lead,
          due=timezone.localdate() + datetime.timedelta(days=3))
    ActionFactory(plan=world.team.plan, owner=world.team.members.get(person=world.lead))
    http = login(world.lead)
    http.get(reverse("my_actions"))  # a first view's once-only queries out of the way
    with CaptureQueriesContext(connection) as page:
        response = http.get(reverse("my_actions"))
    assert len(response.context["actions"]) == 1 and len(response.context["steps"]) == 1
    assert not response.context["actions"][0].withheld
    assert sum('FROM "access_consent"' in q["sql"] for q in page.captured_queries) == 1
