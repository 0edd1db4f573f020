"""Closing a team leaves nothing open: each open action ends as decided, coming meetings are
cancelled with notice, the client may get a closing letter; a closed team can be reopened."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from moti.messaging.models import OutboxMessage
from moti.messaging.services import deliver_due
from moti.plans.models import Action
from moti.teams import services
from moti.teams.models import Team
from moti.teams.services import ActionEnding
from tests.conftest import login
from tests.factories import ActionFactory, coming_workday


@pytest.fixture
def busy_team(world):
    owner = world.team.members.get(person=world.lead)
    done_later = ActionFactory(plan=world.plan, owner=owner, text="Haetaan asumisneuvontaa")
    moved = ActionFactory(plan=world.plan, owner=owner, text="Velkaneuvonnan aika")
    meeting = services.meeting_create(
        team=world.team, author=world.member, starts_at=coming_workday(5, 10),
        duration_minutes=60, place="Kuopion sosiaalitoimisto", remote_link="",
        invited=list(world.team.members.all()), client_channel="sms")
    return done_later, moved, meeting


def test_every_open_action_must_be_decided_and_a_move_named(world, busy_team):
    done_later, moved, _meeting = busy_team
    with pytest.raises(ValidationError) as refused:
        services.team_close(team=world.team, closer=world.member, reason="goals_reached",
                            endings={done_later.pk: ActionEnding("done"),
                                     moved.pk: ActionEnding("moved")})
    assert set(refused.value.message_dict) == {f"handover_{moved.pk}"}
    with pytest.raises(ValidationError) as refused:
        services.team_close(team=world.team, closer=world.member, reason="goals_reached")
    assert set(refused.value.message_dict) == {f"action_{done_later.pk}", f"action_{moved.pk}"}
    world.team.refresh_from_db()
    assert world.team.is_open


def test_closing_ends_the_actions_cancels_the_meetings_and_writes_the_letter(
        world, busy_team, settings, tmp_path):
    settings.MOTI_LETTER_DIR = str(tmp_path / "letters")
    settings.MOTI_OUTBOX_DIR = str(tmp_path)
    done_later, moved, meeting = busy_team
    services.team_close(
        team=world.team, closer=world.member, reason="goals_reached", closing_letter=True,
        endings={done_later.pk: ActionEnding("done"),
                 moved.pk: ActionEnding("moved", "Kuopion velkaneuvonta, Liisa Laine")})
    team = Team.objects.get(pk=world.team.pk)
    assert (team.status, team.closed_by) == ("closed", world.member)
    assert not Action.objects.filter(plan=world.plan, done_at__isnull=True).exists()
    assert Action.objects.get(pk=moved.pk).handover == "Kuopion velkaneuvonta, Liisa Laine"
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    client_sms = OutboxMessage.objects.filter(topic=f"meeting:{meeting.pk}", channel="sms")
    assert client_sms.count() == 2  # the invitation, then the cancellation
    deliver_due()
    letter = next((tmp_path / "letters").glob("team_*_closing_*.pdf"))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(
        io.BytesIO(letter.read_bytes())).pages).split())
    assert "Kuopion velkaneuvonta, Liisa Laine" in text and "MOTI-tiimisi työ on päättynyt" in text
    # The owner's list no longer holds them as open work.
    page = login(world.lead).get(reverse("my_actions")).content.decode()
    assert "Velkaneuvonnan aika" not in page


def test_the_close_page_asks_about_each_action_and_keeps_what_was_chosen(world, busy_team):
    done_later, moved, meeting = busy_team
    http = login(world.member)
    url = reverse("team_close", args=[world.team.pk])
    page = http.get(url).content.decode()
    assert "Velkaneuvonnan aika" in page and "Kuopion sosiaalitoimisto" in page
    sent = http.post(url, {"closure_reason": "goals_reached",
                           f"action_{done_later.pk}": "done", f"action_{moved.pk}": "moved"})
    assert sent.status_code == 200
    form = sent.context["form"]
    assert form.errors[f"handover_{moved.pk}"]
    assert form[f"action_{done_later.pk}"].value() == "done"
    world.team.refresh_from_db()
    assert world.team.is_open


def test_a_closed_team_is_reopened_with_a_reason_kept_in_its_record(world):
    services.team_close(team=world.team, closer=world.member, reason="moved_away")
    http = login(world.member)
    url = reverse("team_reopen", args=[world.team.pk])
    assert http.post(url, {"reason": ""}).status_code == 200
    assert http.post(url, {"reason": "Asiakas muutti takaisin Kuopioon."}).status_code == 302
    team = Team.objects.get(pk=world.team.pk)
    assert team.is_open and team.reopened_by == world.member and not team.closure_reason
    note = team.notes.get()
    assert "Asiakas muutti takaisin Kuopioon." in note.text and note.author == world.member
    assert login(world.outsider).post(url, {"reason": "x"}).status_code == 404
    services.note_add(team=team, author=world.member, text="Jatketaan.")  # writable again
    assert timezone.now() - team.reopened_at < datetime.timedelta(minutes=1)


def test_two_closings_sent_at_once_close_once_and_post_one_letter(world, settings, tmp_path):
    """Both requests loaded the open team before either saved (as two browsers do)."""
    first, second = (Team.objects.get(pk=world.team.pk) for _ in range(2))
    services.team_close(team=first, closer=world.member, reason="goals_reached",
                        closing_letter=True)
    with pytest.raises(ValidationError):
        services.team_close(team=second, closer=world.lead, reason="moved_away",
                            closing_letter=True)
    team = Team.objects.get(pk=world.team.pk)
    assert (team.closed_by, team.closure_reason) == (world.member, "goals_reached")
    assert OutboxMessage.objects.filter(channel="letter").count() == 1
    again = [Team.objects.get(pk=world.team.pk) for _ in range(2)]
    services.team_reopen(team=again[0], person=world.member, reason="Palasi.")
    with pytest.raises(ValidationError):
        services.team_reopen(team=again[1], person=world.lead, reason="Palasi.")
    assert team.notes.count() == 1


def test_the_closing_letter_says_only_what_the_closer_wrote(world, busy_team):
    """An action's own text may be of a register the closer cannot see: the letter carries
    the handover the closer wrote, never the action's text."""
    done_later, moved, _meeting = busy_team
    services.team_close(
        team=world.team, closer=world.member, reason="goals_reached", closing_letter=True,
        endings={done_later.pk: ActionEnding("done"),
                 moved.pk: ActionEnding("moved", "Kuopion velkaneuvonta, Liisa Laine")})
    letter = OutboxMessage.objects.get(channel="letter")
    assert "Kuopion velkaneuvonta, Liisa Laine" in letter.html
    assert "Velkaneuvonnan aika" not in letter.html


def test_reopening_keeps_the_closure_its_note_and_who_closed(world):
    services.team_close(team=world.team, closer=world.lead, reason="other",
                        note="Asiakas pyysi lopettamaan.")
    services.team_reopen(team=Team.objects.get(pk=world.team.pk), person=world.member,
                         reason="Palasi.")
    text = world.team.notes.get().text
    assert "Asiakas pyysi lopettamaan." in text and str(world.lead) in text
