"""Meetings between meetings: invitations by e-mail (with iCalendar), SMS and printed letter,
answers through a signed link, changes and cancellations told to everyone, holidays and
clashes refused with the next free times."""

import datetime
import io
import re
import uuid

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from moti.messaging.models import Channel, OutboxMessage
from moti.messaging.services import deliver_due
from moti.teams import invitations, services
from moti.teams.models import MeetingParticipant, TeamMember
from tests.conftest import login
from tests.factories import MemberFactory, PersonFactory, coming_workday


def names(client, text: str) -> bool:
    """Whether the text names the client: their first or last name as a word ("Paju" is not
    named by a member called Pajunen)."""
    return any(re.search(rf"\b{re.escape(name)}\b", text)
               for name in (client.first_name, client.last_name))


@pytest.fixture
def outbox_dir(settings, tmp_path):
    settings.MOTI_OUTBOX_DIR = str(tmp_path / "outbox")
    settings.MOTI_LETTER_DIR = str(tmp_path / "outbox" / "letters")
    settings.EMAIL_BACKEND = "moti.messaging.channels.EmlFileBackend"
    return tmp_path / "outbox"


def _schedule(world, *, channel=Channel.SMS, when=None, place="Kuopion sosiaalitoimisto",
              **extra):
    return services.meeting_create(
        team=world.team, author=world.member, starts_at=when or coming_workday(3, 10),
        duration_minutes=60, place=place, remote_link="",
        invited=list(world.team.members.select_related("person")), client_channel=channel,
        **extra)


def _calendar(message: OutboxMessage):
    parsed = Calendar.from_ical(message.calendar)
    return parsed, next(iter(parsed.walk("VEVENT")))


@pytest.mark.django_db
def test_scheduling_invites_every_member_and_the_client_by_their_own_channel(world):
    support = MemberFactory(team=world.team, kind=TeamMember.Kind.SUPPORT_PERSON, person=None,
                            name="Sisko Rautiainen", contact="+999 40 765 4321")
    MemberFactory(team=world.team, kind=TeamMember.Kind.NGO, person=None,
                  name="Kohtaamon työntekijä", contact="kysy paikan päältä")
    meeting = _schedule(world)
    by_ref = {m.recipient_ref: m for m in OutboxMessage.objects.filter(
        topic=f"meeting:{meeting.pk}")}
    participants = {p.member_id: p for p in meeting.participants.all()}
    client = meeting.participants.get(is_client=True)
    assert by_ref[f"participant:{client.pk}"].channel == Channel.SMS
    assert by_ref[f"participant:{client.pk}"].address == world.client.phone
    for member in (world.team.members.get(person=world.member),
                   world.team.members.get(person=world.lead)):
        message = by_ref[f"participant:{participants[member.pk].pk}"]
        assert (message.channel, message.address) == (Channel.EMAIL, member.person.email)
    assert by_ref[f"participant:{participants[support.pk].pk}"].channel == Channel.SMS
    # Someone Moti cannot reach is invited all the same, and the page says to tell them.
    assert len(by_ref) == meeting.participants.count() - 1
    # No message names the client or says anything of the record.
    for message in by_ref.values():
        if message.recipient_ref != f"participant:{client.pk}":
            text = message.subject + message.body + message.calendar
            assert not names(world.client, text)


@pytest.mark.django_db
def test_a_meeting_recorded_afterwards_invites_nobody(world):
    past = timezone.now() - datetime.timedelta(days=2)
    meeting = _schedule(world, when=past)
    assert meeting.participants.filter(is_client=True).exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_the_invitation_update_and_cancellation_keep_the_uid_and_raise_the_sequence(world):
    meeting = _schedule(world)
    member = meeting.participants.filter(member__person=world.lead).get()
    ref = f"participant:{member.pk}"

    def latest():
        return OutboxMessage.objects.filter(recipient_ref=ref).order_by("-id").first()

    request, event = _calendar(latest())
    assert request["METHOD"] == "REQUEST" and event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == meeting.starts_at
    uid = str(event["UID"])
    later = coming_workday(4, 13)
    meeting = services.meeting_change(
        meeting=meeting, user=world.member.user, expected_version=meeting.version,
        starts_at=later, duration_minutes=90, place="Nilsiän terveysasema", remote_link="",
        client_channel=Channel.SMS)
    update, event = _calendar(latest())
    assert (update["METHOD"], str(event["UID"]), event["SEQUENCE"]) == ("REQUEST", uid, 1)
    assert event.decoded("DTSTART") == later
    assert event.decoded("DTEND") == later + datetime.timedelta(minutes=90)
    assert str(event["LOCATION"]) == "Nilsiän terveysasema"
    services.meeting_cancel(meeting=meeting, person=world.member,
                            expected_version=meeting.version, reason="Asiakas sairastui.")
    cancel, event = _calendar(latest())
    assert (cancel["METHOD"], str(event["UID"]), event["SEQUENCE"]) == ("CANCEL", uid, 2)
    assert str(event["STATUS"]) == "CANCELLED"
    # Everyone was told each time: three messages to each reachable invitee.
    client = meeting.participants.get(is_client=True)
    assert OutboxMessage.objects.filter(recipient_ref=f"participant:{client.pk}").count() == 3
    assert "Asiakas sairastui." not in OutboxMessage.objects.filter(
        recipient_ref=f"participant:{client.pk}").latest("id").body  # an SMS says no reason


@pytest.mark.django_db
def test_a_change_made_on_an_older_version_is_refused_naming_who_changed(world):
    meeting = _schedule(world)
    opened = meeting.version
    http = login(world.member)
    url = reverse("meeting_edit", args=[meeting.pk])
    form = {"version": opened, "starts_at": coming_workday(5, 9).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 60, "place": "Kela", "client_channel": "sms"}
    assert http.post(url, form).status_code == 302
    stale = http.post(url, {**form, "place": "Työllisyyspalvelut"})
    assert stale.status_code == 409
    assert world.member.user.get_full_name() in stale.content.decode()
    meeting.refresh_from_db()
    assert meeting.place == "Kela" and meeting.sequence == 1


@pytest.mark.django_db
def test_the_answer_link_works_without_signing_in_and_shows_no_client(world):
    meeting = _schedule(world)
    client = meeting.participants.get(is_client=True)
    link = reverse("meeting_rsvp", args=[invitations.rsvp_token(client)])
    anonymous = HttpClient()
    page = anonymous.get(link)
    html = page.content.decode()
    assert page.status_code == 200 and "Kuopion sosiaalitoimisto" in html
    assert not names(world.client, html)
    assert anonymous.post(link, {"response": "yes"}).status_code == 302
    client.refresh_from_db()
    assert client.response == "yes" and client.responded_at
    shown = login(world.member).get(reverse("meeting_detail", args=[meeting.pk]))
    assert "Coming" in shown.content.decode() or "Tulossa" in shown.content.decode()
    # A link Moti did not sign, or one altered, opens nothing.
    assert anonymous.get(link.replace(link.split("/")[-2][:3], "MTA")).status_code == 404
    assert anonymous.get(reverse("meeting_rsvp", args=["1"])).status_code == 404
    # A cancelled meeting can no longer be answered.
    services.meeting_cancel(meeting=meeting, person=world.member,
                            expected_version=meeting.version, reason="Peruttu.")
    refused = anonymous.post(link, {"response": "no"})
    assert refused.status_code == 200
    client.refresh_from_db()
    assert client.response == "yes"


@pytest.mark.django_db
def test_answers_close_when_the_meeting_has_ended(world):
    meeting = _schedule(world)
    client = meeting.participants.get(is_client=True)
    with time_machine.travel(meeting.ends_at + datetime.timedelta(minutes=1)):
        with pytest.raises(ValidationError):
            services.meeting_answer(participant=client, response="yes")


@pytest.mark.django_db
def test_a_change_of_time_asks_the_answers_again(world):
    meeting = _schedule(world)
    services.meeting_answer(participant=meeting.participants.get(is_client=True),
                            response="yes")
    services.meeting_change(
        meeting=meeting, user=world.member.user, expected_version=meeting.version,
        starts_at=coming_workday(6, 12), duration_minutes=60, place=meeting.place,
        remote_link="", client_channel=Channel.SMS)
    assert set(meeting.participants.values_list("response", flat=True)) == {""}


@pytest.mark.django_db
def test_scheduling_on_a_finnish_public_holiday_is_refused(world):
    year = timezone.localdate().year + 1
    christmas = timezone.make_aware(datetime.datetime(year, 12, 25, 10))
    with pytest.raises(ValidationError) as refused:
        _schedule(world, when=christmas)
    assert "25.12." in str(refused.value) and "Joulupäivä" in str(refused.value)  # Finnish UI


@pytest.mark.django_db
def test_a_clash_with_travel_time_is_refused_with_free_times_unless_overridden(world):
    at_ten = coming_workday(3, 10)
    _schedule(world, when=at_ten, place="Kuopion sosiaalitoimisto")  # 10.00–11.00
    # 11.15 elsewhere: within the 30 minutes it takes to travel.
    with pytest.raises(ValidationError) as refused:
        _schedule(world, when=at_ten + datetime.timedelta(minutes=75), place="Kela, Kuopio")
    text = " ".join(refused.value.message_dict["starts_at"])
    assert str(world.lead) in text and "10:00" in text
    # The times it offers are free for everyone, travel counted: 11.30 at the earliest.
    from moti.teams.scheduling import free_slots
    slots = free_slots(people=[world.member, world.lead], after=at_ten, duration=60,
                       place="Kela, Kuopio")
    assert timezone.localtime(slots[0]).strftime("%H:%M") == "11:30"
    assert timezone.localtime(slots[0]).strftime("%d.%m. %H:%M") in text
    assert all(s.weekday() < 5 and 8 <= timezone.localtime(s).hour < 16 for s in slots)
    # The same place needs no travel time: 11.00 right after is fine.
    _schedule(world, when=at_ten + datetime.timedelta(minutes=60),
              place="Kuopion sosiaalitoimisto")
    # And a clash can be accepted knowingly.
    _schedule(world, when=at_ten, place="Kela, Kuopio", allow_clash=True)
    assert world.team.meetings.count() == 3


@pytest.mark.django_db
def test_the_client_channel_needs_an_address(world):
    world.client.phone = ""
    world.client.save()
    with pytest.raises(ValidationError) as refused:
        _schedule(world, channel=Channel.SMS)
    assert "client_channel" in refused.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("language,expected", [
    ("fi", ["Tervetuloa", "Puijonkatu 1", "Kuopion sosiaalitoimisto"]),
    ("sv", ["Välkommen", "Puijonkatu 1", "Kuopion sosiaalitoimisto"]),
])
def test_the_clients_letter_is_printed_in_their_language(world, outbox_dir, language,
                                                         expected):
    world.client.language = language
    world.client.save()
    meeting = _schedule(world, channel=Channel.LETTER)
    assert deliver_due() > 0
    letter = OutboxMessage.objects.get(topic=f"meeting:{meeting.pk}", channel="letter")
    pdf = outbox_dir / "letters" / f"{letter.key.replace(':', '_')}.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    text = " ".join(text.split())
    for word in expected + [world.client.first_name, world.member.phone]:
        assert word in text, (language, word, text)


@pytest.mark.django_db
def test_e_mail_carries_the_calendar_and_the_answer_link(world, outbox_dir):
    meeting = _schedule(world)
    deliver_due()
    member = meeting.participants.get(member__person=world.lead)
    eml = (outbox_dir / "email" / f"meeting_{meeting.pk}_participant_{member.pk}_seq_0_email.eml")
    import email
    parsed = email.message_from_bytes(eml.read_bytes())
    assert parsed["To"] == world.lead.email
    parts = {p.get_content_type(): p for p in parsed.walk()}
    assert parts["text/calendar"].get_param("method") == "REQUEST"
    body = parts["text/plain"].get_payload(decode=True).decode()
    # The link's token carries the second it was signed in: read it back rather than sign again.
    link = re.search(r"/invitations/([^/\s]+)/", body)
    assert link and invitations.participant_from_token(link.group(1)) == member


@pytest.mark.django_db
def test_a_failed_message_shows_on_the_meeting_and_team_pages(world, settings, outbox_dir):
    settings.MOTI_SMS_BACKEND = "tests.messaging.backends.RefusingSmsBackend"
    settings.MOTI_OUTBOX_MAX_ATTEMPTS = 1
    meeting = _schedule(world)
    deliver_due()
    http = login(world.member)
    team_page = http.get(reverse("team_detail", args=[world.team.pk])).content.decode()
    meeting_page = http.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "hds-notification--error" in team_page
    assert "hds-status-label--error" in meeting_page


@pytest.mark.django_db
def test_the_schedule_form_offers_the_clients_channels_and_keeps_input_on_error(world):
    http = login(world.member)
    url = reverse("meeting_new", args=[world.team.pk])
    page = http.get(url)
    choices = [value for value, _ in page.context["form"].fields["client_channel"].choices]
    assert choices == ["sms", "letter", "none"]  # no e-mail address known for this client
    christmas = f"{timezone.localdate().year + 1}-12-25T10:00"
    refused = http.post(url, {"form_key": str(uuid.uuid4()), "starts_at": christmas,
                              "duration_minutes": 60, "place": "Kela",
                              "client_channel": "letter"})
    assert refused.status_code == 200 and refused.context["form"].errors["starts_at"]
    assert refused.context["form"]["client_channel"].value() == "letter"
    assert not world.team.meetings.exists()


@pytest.mark.django_db
def test_meeting_pages_cannot_be_changed_by_someone_outside_the_team(world):
    meeting = _schedule(world)
    outsider = login(world.outsider)
    for name in ("meeting_edit", "meeting_cancel"):
        assert outsider.post(reverse(name, args=[meeting.pk]),
                             {"version": meeting.version, "reason": "x"}).status_code == 404
    assert not meeting.participants.filter(response__gt="").exists()
    assert MeetingParticipant.objects.filter(meeting=meeting).count() >= 3


@pytest.mark.django_db
def test_a_professional_is_told_when_added_or_named_lead_and_not_twice(world):
    newcomer = PersonFactory(organisation=world.member.organisation)
    member = services.member_add(team=world.team, kind=TeamMember.Kind.PROFESSIONAL,
                                 person=newcomer)
    def told():
        return list(OutboxMessage.objects.filter(recipient_ref=f"member:{member.pk}")
                    .order_by("id"))

    assert [m.address for m in told()] == [newcomer.email]
    assert world.client.last_name not in told()[0].body + told()[0].subject
    for _ in range(2):  # the same form sent twice: named once
        services.member_update(member=member, role="", is_coordinator=False, is_lead=True)
    assert len(told()) == 2
    assert told()[1].key.startswith(f"member:{member.pk}:lead:")


# --- Findings of the review of the first version ---------------------------------------------

@pytest.mark.django_db
def test_a_change_of_the_clients_channel_alone_sends_the_invitation_there(world):
    world.client.email = "paju@example.fi"
    world.client.save()
    meeting = _schedule(world, channel=Channel.SMS)
    client = meeting.participants.get(is_client=True)
    services.meeting_change(
        meeting=meeting, user=world.member.user, expected_version=meeting.version,
        starts_at=meeting.starts_at, duration_minutes=60, place=meeting.place, remote_link="",
        client_channel=Channel.EMAIL)
    told = OutboxMessage.objects.filter(recipient_ref=f"participant:{client.pk}").order_by("id")
    assert [(m.channel, m.status) for m in told] == [("sms", "superseded"), ("email", "queued")]


@pytest.mark.django_db
def test_a_protected_address_never_goes_to_a_letter(world):
    meeting = _schedule(world, channel=Channel.LETTER)
    world.client.turvakielto = True
    world.client.save()
    assert Channel.LETTER not in invitations.client_channels(world.client)
    with pytest.raises(ValidationError):
        _schedule(world, channel=Channel.LETTER, when=coming_workday(8, 9))
    OutboxMessage.objects.all().delete()
    services.meeting_cancel(meeting=meeting, person=world.member,
                            expected_version=meeting.version, reason="Peruttu.")
    assert not OutboxMessage.objects.filter(channel="letter").exists()


@pytest.mark.django_db
def test_a_coming_meeting_cannot_be_moved_into_the_past(world):
    meeting = _schedule(world)
    with pytest.raises(ValidationError) as refused:
        services.meeting_change(
            meeting=meeting, user=world.member.user, expected_version=meeting.version,
            starts_at=timezone.now() - datetime.timedelta(days=1), duration_minutes=60,
            place="Kela", remote_link="", client_channel=Channel.SMS)
    assert "starts_at" in refused.value.message_dict


@pytest.mark.django_db
def test_a_cancelled_meeting_takes_no_record_and_names_who_cancelled(world):
    meeting = _schedule(world)
    meeting = services.meeting_cancel(meeting=meeting, person=world.lead,
                                      expected_version=meeting.version, reason="Peruttu.")
    with pytest.raises(ValidationError):
        services.meeting_record(meeting=meeting, user=world.member.user,
                                expected_version=meeting.version, client_story="x",
                                client_goals="", minutes="", decisions="", attended=[])
    page = login(world.member).get(reverse("meeting_detail", args=[meeting.pk]))
    assert str(world.lead) in page.content.decode()


@pytest.mark.django_db
def test_the_same_edit_sent_twice_is_saved_once_without_a_conflict(world):
    meeting = _schedule(world)
    http = login(world.member)
    form = {"version": meeting.version,
            "starts_at": coming_workday(5, 9).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 60, "place": "Kela", "client_channel": "sms"}
    url = reverse("meeting_edit", args=[meeting.pk])
    assert [http.post(url, form).status_code for _ in range(2)] == [302, 302]
    meeting.refresh_from_db()
    assert meeting.sequence == 1  # told once


@pytest.mark.django_db
def test_the_free_time_offered_after_a_clash_is_accepted(world):
    """9.00–10.10 elsewhere, then 10.00 here: the first free time offered is not refused."""
    nine = coming_workday(3, 9)
    services.meeting_create(team=world.team, author=world.member, starts_at=nine,
                            duration_minutes=70, place="Kela, Kuopio", remote_link="",
                            invited=list(world.team.members.all()))
    with pytest.raises(ValidationError) as refused:
        _schedule(world, when=nine + datetime.timedelta(hours=1))
    from moti.teams.scheduling import free_slots
    first = free_slots(people=[world.member, world.lead], after=nine + datetime.timedelta(
        hours=1), duration=60, place="Kuopion sosiaalitoimisto")[0]
    assert timezone.localtime(first).strftime("%d.%m. %H:%M") in str(refused.value)
    assert timezone.localtime(first).strftime("%H:%M") == "11:00"  # 10.10 + 30 min travel
    _schedule(world, when=first)


@pytest.mark.django_db
def test_a_place_is_one_line_and_cannot_change_the_calendar_method(world, outbox_dir):
    import email
    meeting = _schedule(world, place="Kela METHOD:CANCEL\r\nMoti: PERUTTU")
    assert meeting.place == "Kela METHOD:CANCEL Moti: PERUTTU"
    deliver_due()
    eml = next((outbox_dir / "email").iterdir())
    parts = {p.get_content_type(): p for p in email.message_from_bytes(eml.read_bytes()).walk()}
    assert parts["text/calendar"].get_param("method") == "REQUEST"


@pytest.mark.django_db
def test_the_answer_page_speaks_the_invitees_language_and_is_not_kept(world):
    world.client.language = "sv"
    world.client.save()
    meeting = _schedule(world)
    client = meeting.participants.get(is_client=True)
    link = reverse("meeting_rsvp", args=[invitations.rsvp_token(client)])
    page = HttpClient().get(link)
    html = page.content.decode()
    assert 'lang="sv"' in html and "Kommer" in html
    assert "no-store" in page["Cache-Control"] and "noindex" in page["X-Robots-Tag"]
    services.meeting_cancel(meeting=meeting, person=world.member,
                            expected_version=meeting.version, reason="Inställt.")
    assert "Kuopion sosiaalitoimisto" not in HttpClient().get(link).content.decode()


@pytest.mark.django_db
def test_an_hour_the_clocks_skip_gets_a_plain_error(world):
    page = login(world.member).post(reverse("meeting_new", args=[world.team.pk]), {
        "form_key": str(uuid.uuid4()), "starts_at": "2027-03-28T03:30",
        "duration_minutes": 60, "place": "Kela"})
    error = " ".join(page.context["form"].errors["starts_at"])
    assert "Europe/Helsinki" not in error


@pytest.mark.django_db
def test_saving_a_meeting_unchanged_tells_nobody_and_says_so(world):
    meeting = _schedule(world)
    queued = OutboxMessage.objects.count()
    page = login(world.member).post(reverse("meeting_edit", args=[meeting.pk]), {
        "version": meeting.version,
        "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 60, "place": meeting.place, "client_channel": "sms"}, follow=True)
    assert [str(m) for m in page.context["messages"]] == ["Tallennettu."]
    assert OutboxMessage.objects.count() == queued


@pytest.mark.django_db
def test_a_member_who_may_not_see_the_record_is_not_offered_to_change_it(world):
    world.revoke_consents()
    meeting = _schedule(world)  # the coordinator's, in social care's register
    page = login(world.lead).get(reverse("meeting_detail", args=[meeting.pk]))
    assert page.status_code == 200
    assert reverse("meeting_edit", args=[meeting.pk]) not in page.content.decode()
    mine = login(world.member).get(reverse("meeting_detail", args=[meeting.pk]))
    assert reverse("meeting_edit", args=[meeting.pk]) in mine.content.decode()
