import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from moti.plans.models import Plan
from moti.teams import services
from moti.teams.models import MeetingParticipant, Team, TeamMember
from tests.factories import ClientFactory, ConcernFactory, PersonFactory


@pytest.mark.django_db
def test_concern_create_takes_register_and_organisation_from_the_author(world):
    concern = services.concern_create(author=world.lead, client=world.client,
                                      need_domains=["health", "housing"], urgency="high",
                                      description="Huoli", client_agreed=True)
    assert concern.organisation == world.lead.organisation
    assert concern.register == "health"


@pytest.mark.django_db
def test_concern_needs_a_known_need_domain(world):
    for domains in ([], ["nonsense"]):
        with pytest.raises(ValidationError) as error:
            services.concern_create(author=world.member, client=world.client,
                                    need_domains=domains, urgency="low", description="x",
                                    client_agreed=True)
        assert "need_domains" in error.value.message_dict


@pytest.mark.django_db
def test_convene_makes_the_author_a_coordinator_and_opens_a_plan():
    concern = ConcernFactory()
    team = services.team_convene(author=concern.author,
                                 concern=concern, role="Kutsuja")
    member = team.members.get()
    assert member.person == concern.author and member.is_coordinator
    assert Plan.objects.get(team=team).register == concern.register


@pytest.mark.django_db
def test_convene_needs_the_clients_agreement_and_happens_once():
    concern = ConcernFactory(client_agreed=False)
    with pytest.raises(ValidationError):
        services.team_convene(author=concern.author,
                              concern=concern)
    concern.client_agreed = True
    services.team_convene(author=concern.author,
                          concern=concern)
    with pytest.raises(ValidationError):
        services.team_convene(author=concern.author,
                              concern=concern)
    assert Team.objects.count() == 1


@pytest.mark.django_db
def test_member_add_support_person_without_account(world):
    member = services.member_add(team=world.team, kind="support_person", name="Liisa Nieminen",
                                 relation="täti", contact="040 123 4567")
    assert member.person is None and member.display_name == "Liisa Nieminen"


@pytest.mark.django_db
def test_member_add_refuses_bad_combinations(world):
    with pytest.raises(ValidationError):
        services.member_add(team=world.team, kind="professional")  # no person
    with pytest.raises(ValidationError):
        services.member_add(team=world.team, kind="ngo", name="  ")
    with pytest.raises(ValidationError):
        services.member_add(team=world.team, kind="experience_expert", name="K", is_lead=True)
    with pytest.raises(ValidationError):
        services.member_add(team=world.team, kind="professional", person=world.member)


@pytest.mark.django_db
def test_coordinator_pair_is_two_at_most_and_lead_is_one(world):
    services.member_add(team=world.team, kind="professional", person=PersonFactory(),
                        is_coordinator=True)
    with pytest.raises(ValidationError):
        services.member_add(team=world.team, kind="professional", person=PersonFactory(),
                            is_coordinator=True)
    new_lead = services.member_add(team=world.team, kind="professional",
                                   person=PersonFactory(), is_lead=True)
    assert list(world.team.members.filter(is_lead=True)) == [new_lead]


@pytest.mark.django_db
def test_member_update_hands_over_the_lead(world):
    member = world.team.members.get(person=world.member)
    services.member_update(member=member, role="Vastuutyöntekijä", is_coordinator=True,
                           is_lead=True)
    assert world.team.members.get(is_lead=True) == member


@pytest.mark.django_db
def test_meeting_create_and_record_attendance(world):
    members = list(world.team.members.all())
    meeting = services.meeting_create(
        team=world.team, author=world.member,
        starts_at=timezone.now() + datetime.timedelta(days=2), duration_minutes=90,
        place="Nilsiän terveysasema", remote_link="", invited=members[:1])
    assert meeting.register == "social"
    services.meeting_record(meeting=meeting, user=world.member.user,
                            expected_version=meeting.version, client_story="Minä kerron.",
                            client_goals="Koti", minutes="Keskusteltiin", decisions="Päätettiin",
                            attended=members, client_attended=True)
    attended = MeetingParticipant.objects.filter(meeting=meeting, attended=True)
    assert attended.count() == len(members) + 1  # the client too
    assert attended.filter(is_client=True).exists()


@pytest.mark.django_db
def test_meeting_needs_place_or_link_and_own_members(world):
    other_member = TeamMember.objects.exclude(team=world.team).first()
    with pytest.raises(ValidationError):
        services.meeting_create(team=world.team, author=world.member,
                                starts_at=timezone.now(), duration_minutes=60, place="",
                                remote_link="", invited=[])
    with pytest.raises(ValidationError):
        services.meeting_create(team=world.team, author=world.member,
                                starts_at=timezone.now(), duration_minutes=60, place="X",
                                remote_link="", invited=[other_member])


@pytest.mark.django_db
def test_note_add_records_the_register(world):
    note = services.note_add(team=world.team, author=world.lead, text="Soitin asiakkaalle.")
    assert note.register == "health"


@pytest.mark.django_db
def test_team_close_with_reason_and_then_frozen(world):
    with pytest.raises(ValidationError):
        services.team_close(team=world.team, closer=world.member, reason="other", note="")
    services.team_close(team=world.team, closer=world.member, reason="moved_away")
    world.team.refresh_from_db()
    assert world.team.status == "closed" and world.team.closed_at
    with pytest.raises(ValidationError):
        services.note_add(team=world.team, author=world.member, text="x")


@pytest.mark.django_db
def test_client_factory_sanity():
    assert ClientFactory().identity_code


@pytest.mark.django_db
def test_meeting_record_refuses_attendees_from_another_team(world):
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(team=world.team)
    stranger = TeamMember.objects.exclude(team=world.team).first()
    with pytest.raises(ValidationError):
        services.meeting_record(meeting=meeting, user=world.member.user,
                                expected_version=meeting.version, client_story="",
                                client_goals="", minutes="", decisions="", attended=[stranger])
    assert not MeetingParticipant.objects.filter(member=stranger).exists()
