"""Service episodes and the transition watch: a service that ends with nothing after it is
told to the lead and the coordinators once, shows first in their triage and on their
transitions page, and clears when a next step or the lead's reason is recorded."""

import datetime

import pytest
import time_machine
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from moti.access.visibility import seers
from moti.audit.models import UseLog, What
from moti.messaging.models import OutboxMessage
from moti.paths.models import Intensity, ServiceEpisode
from moti.paths.services import Step, episode_add
from moti.paths.watch import transitions_alert
from moti.teams.attention import attention_list
from tests.conftest import login
from tests.factories import (
    ClientFactory,
    ConsentFactory,
    MemberFactory,
    PersonFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db(databases="__all__")


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _episode(world, *, author=None, ends_in: int | None = 10, ended: int | None = None,
             **extra) -> ServiceEpisode:
    today = timezone.localdate()
    return episode_add(client=world.client, author=author or world.member, **{
        "service_name": "Päihdekuntoutus, laitos", "intensity": Intensity.HEAVY,
        "starts_on": today - datetime.timedelta(days=60),
        "planned_end_on": today + datetime.timedelta(days=ends_in) if ends_in is not None
        else None,
        "ended_on": today - datetime.timedelta(days=ended) if ended is not None else None,
        **extra})


def _alerts(person) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(recipient_ref=f"person:{person.pk}",
                                             topic__startswith="transition:"))


def test_a_transition_alert_fires_once_and_clears_with_a_next_step(world):
    episode = _episode(world, ends_in=20)  # beyond the 14 days watched: not yet
    today = timezone.localdate()
    assert transitions_alert(sees=seers) == 0
    with time_machine.travel(_at(today + datetime.timedelta(days=7))):
        assert transitions_alert(sees=seers) == 1  # now within 14 days
        assert transitions_alert(sees=seers) == 0  # the next run, or another worker: once
        assert [a.team_id for a in attention_list(person=world.lead)] == [world.team.pk]
    (lead,) = _alerts(world.lead)
    (coordinator,) = _alerts(world.member)
    for message in (lead, coordinator):
        # When, and a link: never the client or the service.
        assert world.client.last_name not in message.body
        assert "Päihdekuntoutus" not in message.body and "/transitions/" in message.body
    with time_machine.travel(_at(today + datetime.timedelta(days=25))):  # ended, still nothing
        assert transitions_alert(sees=seers) == 0
        assert len(_alerts(world.lead)) == 1
        member = world.team.members.get(person=world.member)
        episode.refresh_from_db()
        from moti.paths.services import episode_update
        episode_update(episode=episode, by=world.member, expected_version=episode.version,
                       step=Step(service_name=episode.service_label,
                                 intensity=episode.intensity, starts_on=episode.starts_on,
                                 planned_end_on=episode.planned_end_on,
                                 next_service_name="Avokuntoutus", next_owner=member.person,
                                 next_on=today + datetime.timedelta(days=30)))
        # Cleared: neither the triage nor the page shows it.
        assert attention_list(person=world.lead, reason="transition") == []
        page = login(world.lead).get(reverse("transitions"))
        assert "Päihdekuntoutus" not in page.content.decode()


def test_the_lead_may_say_no_next_step_is_needed_and_a_plain_member_may_not(world):
    episode = _episode(world, ended=3)
    plain = MemberFactory(team=world.team, person__organisation=world.member.organisation)
    url = reverse("episode_no_next_step", args=[world.team.pk, episode.pk])
    data = {"no_next-version": episode.version, "no_next-no_next_reason": "Tavoitteet saavutettu"}
    assert login(plain.person).post(url, data).status_code == 403
    assert login(world.member).post(url, data).status_code == 302  # a coordinator
    episode.refresh_from_db()
    assert episode.no_next_reason == "Tavoitteet saavutettu" and episode.no_next_by == world.member
    assert attention_list(person=world.member, reason="transition") == []
    assert transitions_alert(sees=seers) == 0  # cleared before it was ever told


def test_a_transition_is_first_in_the_triage_and_on_the_transitions_page(world):
    from tests.factories import ActionFactory
    other = TeamFactory()
    MemberFactory(team=other, person=world.member, is_coordinator=True)
    ActionFactory(plan=other.plan, owner=other.members.get(person=world.member),
                  due_date=timezone.localdate() - datetime.timedelta(days=2))  # overdue
    _episode(world, ended=1)
    found = attention_list(person=world.member)
    assert found[0].team_id == world.team.pk and found[0].reasons[0].kind == "transition"
    http = login(world.member)
    page = http.get(reverse("transitions"))
    body = page.content.decode()
    assert page.status_code == 200 and "Päihdekuntoutus" in body and "Asiakasvaara" in body
    assert UseLog.objects.filter(what=What.TRANSITIONS, client_id=world.client.pk).exists()
    # Somebody who runs no team of the client sees nothing of it.
    assert "Asiakasvaara" not in login(world.other_member).get(reverse("transitions")) \
        .content.decode()


def test_another_registers_episode_is_withheld_without_the_clients_consent(world):
    # Recorded in health care (the lead's register); the team's consents do not cover
    # services received, so the coordinator in social care does not see it.
    for consent in world.consents:
        consent.data_kinds = [k for k in consent.data_kinds if k != "episode"]
        consent.save()
    episode = _episode(world, author=world.lead, ended=1)
    http = login(world.member)
    page = http.get(reverse("team_services", args=[world.team.pk]))
    assert "Päihdekuntoutus" not in page.content.decode() and page.context["withheld"].count == 1
    assert http.get(reverse("episode_edit", args=[world.team.pk, episode.pk])).status_code == 404
    transitions = http.get(reverse("transitions"))
    assert "Päihdekuntoutus" not in transitions.content.decode()
    assert transitions.context["withheld"] == 1 and transitions.context["rows"] == []
    # The lead sees their own.
    assert "Päihdekuntoutus" in login(world.lead).get(
        reverse("team_services", args=[world.team.pk])).content.decode()
    # With the client's consent covering services, it opens.
    world.consents[1].data_kinds = [*world.consents[1].data_kinds, "episode"]
    world.consents[1].save()
    assert "Päihdekuntoutus" in http.get(reverse("team_services", args=[world.team.pk])) \
        .content.decode()


def test_outsiders_get_404_and_an_episode_of_another_client_is_not_reached(world):
    episode = _episode(world)
    urls = [reverse("team_services", args=[world.team.pk]),
            reverse("episode_edit", args=[world.team.pk, episode.pk]),
            reverse("episode_new", args=[world.team.pk])]
    for person in (world.outsider, world.other_member):
        for url in urls:
            assert login(person).get(url).status_code == 404, (person, url)
    # Through the other member's own team, this client's episode is not there.
    other_team = world.other_member.memberships.get().team
    assert login(world.other_member).get(
        reverse("episode_edit", args=[other_team.pk, episode.pk])).status_code == 404


def test_recording_a_service_and_its_next_step_through_the_pages(world):
    http = login(world.member)
    url = reverse("episode_new", args=[world.team.pk])
    form = http.get(url)
    assert form.status_code == 200
    key = form.context["form"]["form_key"].value()
    today = timezone.localdate()
    data = {"form_key": key, "service_name": "Asumisneuvonta", "intensity": "light",
            "starts_on": today.isoformat(), "next_service_name": "Tuettu asuminen"}
    refused = http.post(url, data)
    # A next step needs who arranges it and by when; what was typed is kept.
    assert refused.status_code == 200 and ServiceEpisode.objects.count() == 0
    assert "Tuettu asuminen" in refused.content.decode()
    assert refused.context["form"].has_error("next_owner")
    data.update(next_owner=world.member.pk,
                next_on=(today + datetime.timedelta(days=10)).isoformat())
    assert http.post(url, data).status_code == 302
    assert http.post(url, data).status_code == 302  # a double click records it once
    (episode,) = ServiceEpisode.objects.all()
    assert episode.next_owner == world.member and episode.author == world.member
    assert episode.register == world.member.organisation.register
    # Edited by two people: the second, stale, save is refused with who saved.
    edit = reverse("episode_edit", args=[world.team.pk, episode.pk])
    base = {"version": episode.version, "service_name": "Asumisneuvonta", "intensity": "light",
            "starts_on": today.isoformat(), "ended_on": today.isoformat(),
            "end_reason": "completed"}
    assert http.post(edit, base).status_code == 302
    stale = login(world.lead).post(edit, {**base, "end_reason": "moved"})
    assert stale.status_code == 409  # the lead saw it before the coordinator's save


def test_a_stale_edit_is_refused_naming_who_saved(world):
    episode = _episode(world)
    edit = reverse("episode_edit", args=[world.team.pk, episode.pk])
    today = timezone.localdate()
    base = {"version": episode.version, "service_name": episode.service_label,
            "intensity": "heavy", "starts_on": episode.starts_on.isoformat(),
            "planned_end_on": episode.planned_end_on.isoformat()}
    assert login(world.member).post(edit, {**base, "ended_on": today.isoformat()}) \
        .status_code == 302
    stale = login(world.lead).post(edit, {**base, "end_reason": ""})
    assert stale.status_code == 409
    assert str(world.member.user.get_full_name() or world.member.user.username) in \
        stale.content.decode()


def _queries(http, url) -> int:
    with CaptureQueriesContext(connections["default"]) as default, \
            CaptureQueriesContext(connections["log"]) as log:
        assert http.get(url).status_code == 200
    return len(default.captured_queries) + len(log.captured_queries)


def test_the_same_queries_for_a_few_transitions_and_for_many(world):
    def teams(n: int) -> None:
        for _ in range(n):
            team = TeamFactory(concern__client=ClientFactory())
            MemberFactory(team=team, person=world.member, is_coordinator=True)
            for days in (1, 5):
                episode_add(client=team.client, author=world.member, **{
                    "service_name": "Katkaisuhoito", "intensity": Intensity.HEAVY,
                    "starts_on": timezone.localdate() - datetime.timedelta(days=30),
                    "ended_on": timezone.localdate() - datetime.timedelta(days=days)})
    http = login(world.member)
    urls = [reverse("transitions"), reverse("team_services", args=[world.team.pk])]
    teams(2)
    for _ in range(3):
        _episode(world, ended=2)
    for url in urls:
        _queries(http, url)  # warm
    small = [_queries(http, url) for url in urls]
    teams(40)
    for _ in range(40):
        _episode(world, ended=2)
    large = [_queries(http, url) for url in urls]
    assert small == large


def test_the_clients_data_export_holds_their_services(world):
    """The client's right of access covers the services Moti holds about them."""
    import json

    from moti.access.models import RoleKind

    _episode(world, ended=2, end_reason="completed")
    dpo = PersonFactory(organisation=world.member.organisation.parent, roles=[RoleKind.DPO])
    data = json.loads(login(dpo).post(reverse("dpo:data_export", args=[world.client.pk]), {
        "export-format": "json", "export-confirm": "on"}).content)
    (service,) = data["services"]
    assert service["service"] == "Päihdekuntoutus, laitos" and service["end_reason"]
    assert service["records_of"].startswith("Pohjois-Savon hyvinvointialue")


def test_nobody_is_told_of_a_service_they_may_not_see(world):
    """Recorded in social care; the team's consent does not open services received to health
    care: the lead (health care) is not told, the coordinator (social care) is."""
    for consent in world.consents:
        consent.data_kinds = [k for k in consent.data_kinds if k != "episode"]
        consent.save()
    _episode(world, ended=1)
    assert transitions_alert(sees=seers) == 1
    assert _alerts(world.lead) == [] and len(_alerts(world.member)) == 1


def test_a_closed_teams_lead_reads_but_changes_nothing(world):
    from moti.teams.models import Team

    episode = _episode(world, ended=1)
    Team.objects.filter(pk=world.team.pk).update(status=Team.Status.CLOSED,
                                                 closure_reason="goals_reached",
                                                 closed_at=timezone.now())
    http = login(world.member)  # its coordinator, who keeps the closed team's records
    edit = reverse("episode_edit", args=[world.team.pk, episode.pk])
    page = http.get(edit)
    assert page.status_code == 200 and page.context["form"] is None
    assert http.post(edit, {"version": episode.version, "service_name": "x",
                            "intensity": "light", "starts_on": "2026-01-01"}).status_code == 403
    assert http.post(reverse("episode_no_next_step", args=[world.team.pk, episode.pk]), {
        "no_next-version": episode.version, "no_next-no_next_reason": "x"}).status_code == 403
    new = http.post(reverse("episode_new", args=[world.team.pk]), {
        "form_key": "4f0c8d4e-1d51-4c57-9d6e-2b1f3a8e9c10", "service_name": "Uusi",
        "intensity": "light", "starts_on": "2026-01-01"})
    assert new.status_code == 200 and ServiceEpisode.objects.count() == 1


def test_another_register_records_the_next_step_only(world):
    """The lead (health care) sees social care's record by the client's consent: she may add
    the next step, not rewrite the service, its dates or how it ended."""
    episode = _episode(world, ended=1)
    edit = reverse("episode_edit", args=[world.team.pk, episode.pk])
    today = timezone.localdate()
    response = login(world.lead).post(edit, {
        "version": episode.version, "service_name": "Muutettu nimi", "intensity": "light",
        "starts_on": "2020-01-01", "ended_on": today.isoformat(), "end_reason": "moved",
        "next_service_name": "Avokuntoutus", "next_owner": world.lead.pk,
        "next_on": (today + datetime.timedelta(days=5)).isoformat()})
    assert response.status_code == 302
    saved = ServiceEpisode.objects.get(pk=episode.pk)
    assert (saved.service_label, saved.intensity, saved.end_reason) == (
        "Päihdekuntoutus, laitos", Intensity.HEAVY, "")
    assert saved.next_label == "Avokuntoutus" and saved.next_owner == world.lead


def test_an_unchanged_name_keeps_its_link_to_the_directory(world):
    """Two services share a name: saving the episode with its name as shown keeps the one it
    was linked to."""
    from moti.directory.models import Service

    first = Service.objects.create(organisation=world.member.organisation,
                                   name_fi="Työllisyyspalvelut")
    episode = _episode(world, ended=1)
    ServiceEpisode.objects.filter(pk=episode.pk).update(service=first, service_name="",
                                                        organisation=first.organisation)
    Service.objects.create(organisation=world.lead.organisation, name_fi="Työllisyyspalvelut")
    episode.refresh_from_db()
    today = timezone.localdate()
    assert login(world.member).post(reverse("episode_edit", args=[world.team.pk, episode.pk]), {
        "version": episode.version, "service_name": "Työllisyyspalvelut", "intensity": "heavy",
        "starts_on": episode.starts_on.isoformat(), "ended_on": episode.ended_on.isoformat(),
        "next_service_name": "Vertaistuki", "next_owner": world.member.pk,
        "next_on": today.isoformat()}).status_code == 302
    episode.refresh_from_db()
    assert episode.service == first and episode.organisation == first.organisation


def test_a_half_said_next_step_is_refused_and_an_imported_one_keeps_the_watch(world):
    from moti.paths.services import Step

    today = timezone.localdate()
    with pytest.raises(Exception) as refused:
        Step(service_name="A", intensity="light", starts_on=today,
             next_on=today, end_reason="completed").check()
    assert {"next_service_name", "ended_on"} <= set(refused.value.message_dict)
    # A next step without its owner (as an import brings it) leaves the transition at risk.
    episode = _episode(world, ended=1)
    ServiceEpisode.objects.filter(pk=episode.pk).update(next_service_name="Avokuntoutus")
    assert attention_list(person=world.member, reason="transition")


def test_a_transition_watched_again_is_told_again(world):
    """The lead's word withdrawn, or a new end: a new transition, told once more."""
    episode = _episode(world, ended=1)
    assert transitions_alert(sees=seers) == 1
    no_next = reverse("episode_no_next_step", args=[world.team.pk, episode.pk])
    http = login(world.member)
    assert http.post(no_next, {"no_next-version": episode.version,
                               "no_next-no_next_reason": "Ei tarvetta"}).status_code == 302
    assert transitions_alert(sees=seers) == 0
    episode.refresh_from_db()
    assert http.post(no_next, {"no_next-version": episode.version,
                               "no_next-no_next_reason": ""}).status_code == 302
    assert transitions_alert(sees=seers) == 1
    assert transitions_alert(sees=seers) == 0
    assert len(_alerts(world.member)) == 2


def test_the_owner_of_a_next_step_stays_offered_through_another_team(world):
    """Recorded through one team, edited through another of the client's teams: its owner,
    who is not in that team, is offered and kept."""
    from moti.paths.forms import EpisodeEditForm

    other = TeamFactory(concern__client=world.client)
    MemberFactory(team=other, person=world.member, is_coordinator=True)
    episode = _episode(world, next_service_name="Avokuntoutus", next_owner=world.lead,
                       next_on=timezone.localdate())
    episode.team = other  # reached through the other team
    form = EpisodeEditForm(episode=episode, by=world.member)
    assert world.lead in form.fields["next_owner"].queryset
    assert form["next_owner"].value() == world.lead.pk


@pytest.mark.django_db(databases="__all__")
def test_the_transitions_page_costs_the_same_whatever_the_teams_crossing_registers(world):
    """Each team on the list whose records cross registers is a disclosure: all of them are
    written in one insert, so the page's queries do not grow with its teams (at county scale
    they did: one insert per team)."""
    from tests.test_query_counts import _every_query

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    http = login(world.member)

    def crossing_team():
        team = TeamFactory()
        MemberFactory(team=team, person=world.member, is_coordinator=True)
        MemberFactory(team=team, person=world.lead)
        ConsentFactory(team=team, recorded_by=world.lead,
                       organisations=[world.member.organisation])
        episode_add(client=team.client, author=world.lead, service_name="Katkaisuhoito",
                    intensity=Intensity.HEAVY, starts_on=yesterday - datetime.timedelta(days=9),
                    ended_on=yesterday)

    def count() -> int:
        with _every_query() as queries:
            assert http.get(reverse("transitions")).status_code == 200
        return queries()

    for _ in range(2):
        crossing_team()
    count()  # warm up: the log's first writes
    two = count()
    for _ in range(4):
        crossing_team()
    assert count() == two
