"""The coordinator pair: absences route reminders and alerts to the partner, the pair's shared
caseload, and handing a coordinator's teams over with a note per team. (Pages in Finnish, the
default language.)"""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from moti.access.visibility import seers
from moti.audit.models import Operation, UseLog, What
from moti.messaging.models import OutboxMessage
from moti.paths.models import Intensity
from moti.paths.services import episode_add
from moti.paths.timeline import kinds_of, timeline_page
from moti.paths.watch import transitions_alert
from moti.teams import pairs
from moti.teams.models import Absence, Handover, TeamMember
from moti.teams.reminders import reminders_send
from tests.conftest import login
from tests.factories import ActionFactory, MemberFactory, PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _to(person, topic: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(recipient_ref=f"person:{person.pk}",
                                             topic__startswith=topic))


def _partner(world, **extra):
    """The world's coordinator's partner in the team: a second coordinator."""
    return MemberFactory(team=world.team, person__organisation=world.member.organisation,
                         is_coordinator=True, **extra).person


def _away(person, first: datetime.date, last: datetime.date) -> Absence:
    return Absence.objects.create(person=person, starts_on=first, ends_on=last)


# --- Absences route what is meant for someone away ------------------------------------------


def test_an_absent_owners_reminders_go_to_the_partner_and_say_for_whom(world):
    partner = _partner(world)
    today = timezone.localdate()
    ActionFactory(plan=world.plan, owner=world.team.members.get(person=world.member),
                  due_date=today + datetime.timedelta(days=1), text="Salainen asia")
    _away(world.member, today, today + datetime.timedelta(days=9))
    with time_machine.travel(_at(today)):
        reminders_send()
    assert _to(world.member, "reminder:action_due") == []  # away: not told
    (message,) = _to(partner, "reminder:action_due")
    until = (today + datetime.timedelta(days=9)).strftime("%-d.%-m.%Y")
    assert str(world.member) in message.body and until in message.body
    assert reverse("caseload") in message.body  # the actions are on the pair's caseload
    assert "Salainen asia" not in message.body and world.client.last_name not in message.body


def test_nobody_to_stand_in_keeps_the_message_with_the_absent(world):
    """Alone in the team, or the partner away too: what is meant for them is not lost."""
    today = timezone.localdate()
    ActionFactory(plan=world.plan, owner=world.team.members.get(person=world.member),
                  due_date=today + datetime.timedelta(days=1))
    _away(world.member, today, today)
    with time_machine.travel(_at(today)):
        reminders_send()
    assert len(_to(world.member, "reminder:action_due")) == 1
    partner = _partner(world)
    _away(partner, today - datetime.timedelta(days=1), today + datetime.timedelta(days=1))
    stand_ins = pairs.StandIns(today)
    assert stand_ins.of(world.member, world.team.pk) == [world.member]
    assert stand_ins.of(partner, world.team.pk) == [partner]
    # Back at work the next day: their own again.
    assert pairs.StandIns(today + datetime.timedelta(days=1)).of(
        world.member, world.team.pk) == [world.member]


def test_a_transition_alert_goes_to_the_present_partner_not_the_absent(world):
    partner = _partner(world)
    today = timezone.localdate()
    episode_add(client=world.client, author=world.member, service_name="Laitoskuntoutus",
                intensity=Intensity.HEAVY, starts_on=today - datetime.timedelta(days=30),
                planned_end_on=today + datetime.timedelta(days=5))
    _away(world.member, today - datetime.timedelta(days=2), today + datetime.timedelta(days=2))
    with time_machine.travel(_at(today)):
        assert transitions_alert(sees=seers) == 1
    assert _to(world.member, "transition:") == []
    assert len(_to(partner, "transition:")) == 1
    assert len(_to(world.lead, "transition:")) == 1  # the lead is not away


def test_a_review_reminder_of_an_absent_lead_goes_to_the_coordinators(world):
    partner = _partner(world)
    review = timezone.localdate() + datetime.timedelta(days=10)
    world.plan.next_review = review
    world.plan.save()
    day = review - datetime.timedelta(days=7)
    _away(world.lead, day, day)
    _away(world.member, day, day)
    with time_machine.travel(_at(day)):
        reminders_send()
    assert _to(world.lead, "reminder:review_due") == []
    assert _to(world.member, "reminder:review_due") == []
    (message,) = _to(partner, "reminder:review_due")
    assert "1" in message.body  # one review, not one per person stood in for


def test_absences_are_marked_checked_and_removed_by_their_own_person(world):
    http = login(world.member)
    today = timezone.localdate()
    page = http.get(reverse("my_absences"))
    assert page.status_code == 200
    key = page.context["form"]["form_key"].value()
    first, last = today + datetime.timedelta(days=3), today + datetime.timedelta(days=10)
    data = {"form_key": key, "starts_on": first.isoformat(), "ends_on": last.isoformat()}
    assert http.post(reverse("my_absences"), data).status_code == 302
    assert http.post(reverse("my_absences"), data).status_code == 302  # a double submit
    (absence,) = Absence.objects.filter(person=world.member)
    # Overlapping days, an ended absence, the last day first: refused, what was typed kept.
    for starts, ends, error in (
            (last, last + datetime.timedelta(days=2), "Olet jo merkinnyt poissaolon"),
            (today - datetime.timedelta(days=9), today - datetime.timedelta(days=2),
             "jo päättynyt"),
            (last, first, "sama tai myöhempi")):
        page = http.post(reverse("my_absences"), {
            "form_key": http.get(reverse("my_absences")).context["form"]["form_key"].value(),
            "starts_on": starts.isoformat(), "ends_on": ends.isoformat()})
        assert page.status_code == 200 and error in page.content.decode()
        assert page.context["form"]["starts_on"].value() == starts.isoformat()
    assert Absence.objects.filter(person=world.member).count() == 1
    # Who stands in: nobody else coordinates the team, so it stays with them (and says so).
    absences = http.get(reverse("my_absences")).content.decode()
    assert "ei ole sinä päivänä toista koordinaattoria" in absences
    partner = _partner(world)
    assert pairs.stand_ins_of(world.member, day=today) == {partner: 1}
    # Someone else's absence is not found; their own is removed.
    other = _away(partner, first, last)
    assert http.post(reverse("absence_remove", args=[other.pk])).status_code == 404
    assert http.post(reverse("absence_remove", args=[absence.pk])).status_code == 302
    assert list(Absence.objects.all()) == [other]


# --- The pair's shared caseload ---------------------------------------------------------------


def test_the_caseload_shows_the_teams_shared_with_each_partner(world):
    partner = _partner(world)
    today = timezone.localdate()
    _away(partner, today, today + datetime.timedelta(days=4))
    alone = TeamFactory()
    MemberFactory(team=alone, person=world.member, is_coordinator=True)
    # The partner's own team, which the coordinator is not in: not theirs to see.
    theirs = TeamFactory()
    MemberFactory(team=theirs, person=partner, is_coordinator=True)
    http = login(world.member)
    page = http.get(reverse("caseload"))
    html = page.content.decode()
    assert {row.team_id for row in page.context["rows"]} == {world.team.pk, alone.pk}
    # By its link and the client's whole name: a last name alone may be a professional's too.
    assert reverse("team_detail", args=[theirs.pk]) not in html
    assert str(theirs.client) not in html
    (shared, lone) = page.context["pairs"]
    assert (shared.partner, shared.shared, lone.partner, lone.shared) == (
        partner, 1, None, 1)
    assert "sinä sijaistat" in html
    kept = http.get(reverse("caseload"), {"partner": partner.pk}).context["rows"]
    assert [row.team_id for row in kept] == [world.team.pk]
    kept = http.get(reverse("caseload"), {"partner": "none"}).context["rows"]
    assert [row.team_id for row in kept] == [alone.pk]
    # Someone who is nobody's partner is no filter: every team shown.
    assert len(http.get(reverse("caseload"), {"partner": world.lead.pk}).context["rows"]) == 2
    # Each listed client's showing is logged.
    assert UseLog.objects.filter(user_id=world.member.user.pk, what=What.MY_WORK,
                                 client_id=world.client.pk).exists()


def test_the_pairs_table_lists_the_partners_sharing_most_and_says_how_many_more(world):
    """A coordinator paired with many: the table stays the same size, says who is left out,
    lists them all on request, and a partner left out can still be chosen."""
    from moti.teams.selectors import PAIRS_SHOWN
    partners = []
    for i in range(PAIRS_SHOWN + 2):
        team = TeamFactory()
        MemberFactory(team=team, person=world.member, is_coordinator=True)
        partners.append(MemberFactory(team=team, is_coordinator=True).person)
        if i == 0:  # the first shares two teams: listed first
            second = TeamFactory()
            MemberFactory(team=second, person=world.member, is_coordinator=True)
            MemberFactory(team=second, person=partners[0], is_coordinator=True)
    http = login(world.member)
    page = http.get(reverse("caseload"))
    listed = [pair.partner for pair in page.context["pairs"] if pair.partner]
    assert len(listed) == PAIRS_SHOWN and listed[0] == partners[0]
    left_out = page.context["pairs_left_out"]
    assert (left_out.others, left_out.others_shared) == (2, 2)
    assert "Lisäksi 2 muuta paria, yhteisiä tiimejä 2." in page.content.decode()
    every = http.get(reverse("caseload"), {"pairs": "all"})
    assert len([pair for pair in every.context["pairs"] if pair.partner]) == PAIRS_SHOWN + 2
    assert "Lisäksi" not in every.content.decode()
    hidden = next(p for p in partners if p not in listed)
    chosen = http.get(reverse("caseload"), {"partner": hidden.pk})
    assert hidden in [pair.partner for pair in chosen.context["pairs"]]
    assert chosen.context["partner"].partner == hidden and len(chosen.context["rows"]) == 1
    # A partner "chosen" by digits that are not ids is no choice (it was a 500).
    for odd in ("²", "①", "٣", "9" * 30):
        page = http.get(reverse("caseload"), {"partner": odd, "pairs": "all"})
        assert page.status_code == 200 and page.context["partner"] is None
    # "Show every partner" keeps the partner chosen.
    assert f'href="?pairs=all&amp;partner={hidden.pk}"' in chosen.content.decode()


def test_every_partner_listed_stays_listed_when_paging_and_choosing(world, monkeypatch):
    """"Show every partner" is kept in the links to a partner's teams, back to every pair's
    teams, and to the next page of teams."""
    from moti.teams import views
    monkeypatch.setattr(views, "MY_LIST_PAGE", 1)
    for _ in range(2):
        team = TeamFactory()
        MemberFactory(team=team, person=world.member, is_coordinator=True)
        partner = MemberFactory(team=team, is_coordinator=True).person
    http = login(world.member)
    html = http.get(reverse("caseload"), {"pairs": "all"}).content.decode()
    assert f'href="?partner={partner.pk}&amp;pairs=all"' in html
    assert 'href="?pairs=all&amp;page=2"' in html
    # A list ordered by need, not by time: its pages are the next one, not the older one.
    assert "Seuraava" in html and "Vanhemmat" not in html
    html = http.get(reverse("caseload"), {"pairs": "all", "partner": partner.pk}).content.decode()
    assert f'href="{reverse("caseload")}?pairs=all"' in html
    # Without it, the links are as they were.
    html = http.get(reverse("caseload")).content.decode()
    assert "pairs=all" not in html and 'href="?page=2"' in html


# --- Handover ---------------------------------------------------------------------------------


def _handover_page(http, q: str = ""):
    return http.get(reverse("handover"), {"q": q} if q else {})


def test_a_coordinator_hands_teams_over_with_a_note_each(world):
    second = TeamFactory()
    MemberFactory(team=second, person=world.member, is_coordinator=True, is_lead=True)
    receiver = PersonFactory(organisation=world.member.organisation, last_name="Seuraajanen")
    http = login(world.member)
    page = _handover_page(http, "Seuraajanen")
    assert [p for p, _label in page.context["form"].fields["receiver"].widget.choices] == [
        receiver.pk]
    key = page.context["form"]["form_key"].value()
    data = {"form_key": key, "receiver": receiver.pk, "with_lead": "on",
            f"team_{world.team.pk}": "on", f"note_{world.team.pk}": "Asunto haussa.",
            f"team_{second.pk}": "on", f"note_{second.pk}": ""}
    # A team without its note: nothing moves, every note typed kept, the error on its team.
    refused = http.post(reverse("handover"), data)
    assert refused.status_code == 200
    assert refused.context["form"].errors[f"note_{second.pk}"]
    assert "Asunto haussa." in refused.content.decode()
    assert not Handover.objects.exists()
    assert world.team.members.get(person=world.member).is_coordinator
    data[f"note_{second.pk}"] = "Velkaneuvonta sovittu."
    done = http.post(reverse("handover"), data)
    assert done.status_code == 302, done.context["form"].errors
    assert http.post(reverse("handover"), data).status_code == 302  # a double submit: once
    assert Handover.objects.count() == 2
    for team, lead in ((world.team, False), (second, True)):
        mine = team.members.get(person=world.member)
        theirs = team.members.get(person=receiver)
        assert (mine.is_coordinator, mine.is_lead) == (False, False)  # still a member
        assert (theirs.is_coordinator, theirs.is_lead) == (True, lead)
    # Logged as a change of each client's team, and the receiver told.
    rows = UseLog.objects.filter(what=What.HANDOVER, operation=Operation.WRITE)
    assert {r.client_id for r in rows} == {world.client.pk, second.client_id}
    (told,) = OutboxMessage.objects.filter(address=receiver.email)  # one message, two teams
    for team in (world.team, second):
        assert reverse("team_timeline", args=[team.pk]) in told.body
    assert world.client.last_name not in told.body and str(world.member) in told.body
    # In the team's history: who handed over to whom, and the note.
    events, _more = timeline_page(team=world.team, kinds=kinds_of(["team"]), before=None,
                                  size=20)
    (event,) = [e for e in events if e.kind == "handover"]
    assert (event.person, event.extra, event.title) == (
        world.member, str(receiver), "Asunto haussa.")
    timeline = login(receiver).get(reverse("team_timeline", args=[world.team.pk]))
    assert "siirsi koordinoinnin" in timeline.content.decode()


def test_a_handover_refuses_what_it_cannot_do_and_changes_nothing(world):
    partner = _partner(world)
    notes = {world.team.pk: "Tilanne vakaa."}
    with pytest.raises(ValidationError, match="koordinoi jo"):
        pairs.handover(giver=world.member, receiver=partner, notes=notes)
    with pytest.raises(ValidationError, match="joku muu"):
        pairs.handover(giver=world.member, receiver=world.member, notes=notes)
    # A team the giver does not coordinate (a forged form): refused, nothing changed.
    other = TeamFactory()
    with pytest.raises(ValidationError, match="Et enää koordinoi"):
        pairs.handover(giver=world.member, receiver=world.outsider,
                       notes={**notes, other.pk: "Otetaan haltuun."})
    assert not other.members.filter(person=world.outsider).exists()
    assert not world.team.members.filter(person=world.outsider).exists()
    # Someone who does not work with clients cannot take over (the form says so).
    from moti.access.models import RoleKind
    manager = PersonFactory(organisation=world.member.organisation, roles=[RoleKind.MANAGER])
    http = login(world.member)
    page = http.post(reverse("handover"), {
        "form_key": _handover_page(http).context["form"]["form_key"].value(),
        "receiver": manager.pk, f"team_{world.team.pk}": "on",
        f"note_{world.team.pk}": "Tilanne vakaa."})
    assert page.status_code == 200 and page.context["form"].errors
    assert not Handover.objects.exists()
    assert TeamMember.objects.filter(team=world.team, is_coordinator=True).count() == 2


def test_a_partner_who_cannot_take_the_message_leaves_it_with_the_absent(world):
    """A stand-in who turned the kind off (or may not see the service) is no stand-in: the
    message is not lost, it stays with the one away."""
    partner = _partner(world)
    partner.muted_messages = ["transition_at_risk", "action_due"]
    partner.save()
    today = timezone.localdate()
    episode_add(client=world.client, author=world.member, service_name="Laitoskuntoutus",
                intensity=Intensity.HEAVY, starts_on=today - datetime.timedelta(days=30),
                planned_end_on=today + datetime.timedelta(days=5))
    ActionFactory(plan=world.plan, owner=world.team.members.get(person=world.member),
                  due_date=today + datetime.timedelta(days=1))
    _away(world.member, today, today + datetime.timedelta(days=2))
    with time_machine.travel(_at(today)):
        assert transitions_alert(sees=seers) == 1
        reminders_send()
    assert len(_to(world.member, "transition:")) == 1
    assert len(_to(world.member, "reminder:action_due")) == 1
    assert _to(partner, "transition:") == [] and _to(partner, "reminder:") == []


def test_a_forged_team_on_the_form_names_no_client(world):
    """A team the person does not coordinate, ticked by a forged POST, is not drawn back."""
    plain = TeamFactory(concern__client__last_name="Salanimi")
    MemberFactory(team=plain, person=world.member)  # a plain member there
    http = login(world.member)
    page = http.post(reverse("handover"), {
        "form_key": _handover_page(http).context["form"]["form_key"].value(),
        f"team_{plain.pk}": "on", f"note_{plain.pk}": "Otetaan haltuun."})
    assert page.status_code == 200 and "Salanimi" not in page.content.decode()
    assert not Handover.objects.exists()


def test_a_receiver_who_could_not_read_the_note_is_refused(world):
    """The note is filed in the giver's register (social care): a receiver in health care
    reads it by the team's consent; without one the handover is refused on that team."""
    from moti.access.models import Consent

    receiver = PersonFactory(organisation=world.lead.organisation)
    notes = {world.team.pk: "Tilanne vakaa."}
    Consent.objects.filter(team=world.team).update(revoked_at=timezone.now())
    from django.contrib.auth.models import User

    from moti.access.services import handover
    with pytest.raises(ValidationError, match="suostumukset"):
        handover(user=User.objects.get(pk=world.member.user_id), giver=world.member,
                 receiver=receiver, notes=notes)
    assert not Handover.objects.exists()
    Consent.objects.filter(team=world.team).update(revoked_at=None)
    handover(user=world.member.user, giver=world.member, receiver=receiver, notes=notes)
    assert world.team.members.get(person=receiver).is_coordinator


def test_the_search_keeps_what_was_filled_in(world):
    receiver = PersonFactory(organisation=world.member.organisation, last_name="Jatkajanen")
    http = login(world.member)
    page = http.post(reverse("handover"), {
        "form_key": _handover_page(http).context["form"]["form_key"].value(), "find": "1",
        "q": "Jatkajanen", f"team_{world.team.pk}": "on", f"note_{world.team.pk}": "Kesken."})
    assert page.status_code == 200 and not page.context["form"].is_bound
    html = page.content.decode()
    assert "Kesken." in html and f'value="{receiver.pk}"' in html
    assert not Handover.objects.exists()
