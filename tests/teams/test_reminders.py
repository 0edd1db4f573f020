"""Reminders and the weekly digest on a clock the tests control: each once, from 7.00, to the
right people, saying how many and when (never a client or an action's text), unless muted."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from moti.messaging.models import OutboxMessage
from moti.teams import services
from moti.teams.reminders import KINDS, reminders_send
from tests.conftest import login
from tests.factories import ActionFactory, GoalFactory

pytestmark = pytest.mark.django_db


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _monday_after(days: int = 7) -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def _to(person, kind: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(recipient_ref=f"person:{person.pk}",
                                             topic__startswith=f"reminder:{kind}:"))


def test_an_owner_is_reminded_the_day_before_and_the_day_after_once(world):
    owner = world.team.members.get(person=world.lead)
    due = _monday_after() + datetime.timedelta(days=2)  # a Wednesday
    ActionFactory(plan=world.plan, owner=owner, due_date=due, text="Salainen asia")
    eve = due - datetime.timedelta(days=1)
    with time_machine.travel(_at(eve, 6)):
        reminders_send()
        assert _to(world.lead, "action_due") == []  # not before seven
    with time_machine.travel(_at(eve, 8)):
        reminders_send()
        reminders_send()  # another worker, or the next hour: nothing twice
    (message,) = _to(world.lead, "action_due")
    assert message.address == world.lead.email and "1" in message.body
    assert "Salainen asia" not in message.body and world.client.last_name not in message.body
    with time_machine.travel(_at(due + datetime.timedelta(days=1), 9)):
        reminders_send()
    assert len(_to(world.lead, "action_due")) == 2  # late since yesterday
    with time_machine.travel(_at(due + datetime.timedelta(days=3), 9)):
        reminders_send()
    assert len(_to(world.lead, "action_due")) == 2  # not every day after


def test_a_muted_kind_is_not_sent(world):
    owner = world.team.members.get(person=world.lead)
    ActionFactory(plan=world.plan, owner=owner,
                  due_date=timezone.localdate() + datetime.timedelta(days=1))
    http = login(world.lead)
    page = http.get(reverse("my_messages"))
    assert page.context["form"]["wanted"].value() == list(KINDS)  # everything by default
    assert http.post(reverse("my_messages"), {"wanted": [
        k for k in KINDS if k != "action_due"]}).status_code == 302
    world.lead.refresh_from_db()
    assert world.lead.muted_messages == ["action_due"]
    with time_machine.travel(_at(timezone.localdate(), 10)):
        reminders_send()
    assert _to(world.lead, "action_due") == []


def test_the_lead_and_coordinators_hear_of_a_review_a_week_ahead(world):
    review = timezone.localdate() + datetime.timedelta(days=10)
    world.plan.next_review = review
    world.plan.save()
    with time_machine.travel(_at(review - datetime.timedelta(days=7), 9)):
        reminders_send()
    assert len(_to(world.lead, "review_due")) == 1
    assert len(_to(world.member, "review_due")) == 1
    assert _to(world.other_member, "review_due") == []


def test_every_invitee_is_reminded_the_day_before_a_meeting(world):
    day = _monday_after() + datetime.timedelta(days=1)  # a Tuesday
    meeting = services.meeting_create(
        team=world.team, author=world.member, starts_at=_at(day, 10), duration_minutes=60,
        place="Kela", remote_link="", invited=list(world.team.members.all()),
        client_channel="sms", allow_clash=True)
    declined = meeting.participants.get(member__person=world.lead)
    services.meeting_answer(participant=declined, response="no")
    with time_machine.travel(_at(day - datetime.timedelta(days=1), 8)):
        reminders_send()
        reminders_send()
    reminded = OutboxMessage.objects.filter(topic=f"meeting:{meeting.pk}:reminder",
                                            key__endswith=":reminder")
    refs = {m.recipient_ref for m in reminded}
    client = meeting.participants.get(is_client=True)
    assert f"participant:{client.pk}" in refs  # by text message
    assert f"participant:{declined.pk}" not in refs  # said no
    assert reminded.count() == len(refs)


def test_coordinators_get_the_weekly_digest_on_mondays(world):
    monday = _monday_after()
    with time_machine.travel(_at(monday + datetime.timedelta(days=1), 9)):
        reminders_send()
    assert _to(world.member, "weekly_digest") == []
    with time_machine.travel(_at(monday, 9)):
        reminders_send()  # the team has no goals: it needs attention
    (digest,) = _to(world.member, "weekly_digest")
    assert world.client.last_name not in digest.body
    GoalFactory(plan=world.plan)
    assert _to(world.lead, "weekly_digest") == []  # leads are not sent the digest


@pytest.mark.django_db(databases="__all__")
def test_meeting_reminders_take_the_same_queries_for_3_meetings_and_for_12(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from moti.teams.reminders import _meetings_tomorrow

    day = _monday_after() + datetime.timedelta(days=1)

    def meetings(n: int, hour: int) -> None:
        for i in range(n):
            services.meeting_create(
                team=world.team, author=world.member, starts_at=_at(day, hour) +
                datetime.timedelta(minutes=i), duration_minutes=5, place="Kela",
                remote_link="", invited=list(world.team.members.all()), client_channel="sms",
                allow_clash=True)

    def queries() -> int:
        OutboxMessage.objects.filter(key__endswith=":reminder").delete()
        with CaptureQueriesContext(connection) as captured:
            _meetings_tomorrow(day - datetime.timedelta(days=1))
        return len(captured.captured_queries)

    meetings(3, 9)
    few = queries()
    meetings(9, 13)
    assert queries() == few
    assert OutboxMessage.objects.filter(key__endswith=":reminder").count() == 12 * 3


def test_a_reminder_never_replaces_a_change_notice_still_waiting(world):
    day = _monday_after() + datetime.timedelta(days=1)
    meeting = services.meeting_create(
        team=world.team, author=world.member, starts_at=_at(day, 10), duration_minutes=60,
        place="Kela", remote_link="", invited=list(world.team.members.all()),
        client_channel="sms", allow_clash=True)
    services.meeting_change(meeting=meeting, user=world.member.user,
                            expected_version=meeting.version, starts_at=_at(day, 12),
                            duration_minutes=60, place="Kela", remote_link="",
                            client_channel="sms", allow_clash=True)
    with time_machine.travel(_at(day - datetime.timedelta(days=1), 8)):
        reminders_send()
    changes = OutboxMessage.objects.filter(topic=f"meeting:{meeting.pk}", key__contains=":seq:1:")
    assert changes.exists() and set(changes.values_list("status", flat=True)) == {"queued"}


def test_someone_who_left_is_not_reminded(world):
    owner = world.team.members.get(person=world.lead)
    ActionFactory(plan=world.plan, owner=owner,
                  due_date=timezone.localdate() + datetime.timedelta(days=1))
    world.lead.user.is_active = False
    world.lead.user.save()
    with time_machine.travel(_at(timezone.localdate(), 10)):
        reminders_send()
    assert _to(world.lead, "action_due") == []
