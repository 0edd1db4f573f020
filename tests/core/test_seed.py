"""`moti seed`: a county on top of the demo region, refused on real data, sealed as imported."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from moti.audit.models import UseLog
from moti.audit.verify import verify_logs
from moti.clients.models import Client
from moti.demo.directory import AGREEMENTS, MUNICIPALITY_CODES, POINTS, SERVICES
from moti.demo.seed import Scale
from moti.directory import search
from moti.directory.models import Agreement, Person, SearchEntry, Service, ServicePoint
from moti.teams.models import Team, TeamMember
from tests.factories import ClientFactory

pytestmark = pytest.mark.xdist_group("seed")


@pytest.mark.django_db
def test_a_small_county_is_seeded_once_sealed_and_spread_like_a_county(settings, tmp_path):
    settings.MOTI_LOG_WITNESSES = [{"BACKEND": "moti.audit.witness.FileWitness",
                                    "PATH": str(tmp_path / "witness.jsonl")}]
    call_command("seed", "--scale", "300", "--directory-people", "250")
    seeded = Client.objects.filter(created_by__username="moti-seed")
    assert seeded.count() == 300
    assert Team.objects.filter(client__in=seeded).count() == 300
    teams = Team.objects.filter(client__in=seeded)
    for team in teams[:20]:
        members = list(team.members.select_related("person__organisation"))
        leads = [m for m in members if m.is_lead]
        assert len(leads) == 1 and leads[0].person.organisation.register in ("social", "health")
        assert 1 <= sum(m.is_coordinator for m in members) <= 2
    # Most coordinators carry a few teams; the heavy few (the demo's coordinator among them)
    # many more.
    from django.db.models import Count
    load = sorted(TeamMember.objects.filter(team__in=teams, is_coordinator=True)
                  .values("person").annotate(n=Count("id")).values_list("n", flat=True))
    assert load[-1] >= 4 * load[len(load) // 2]
    assert UseLog.objects.filter(client_id__in=list(seeded.values_list("pk", flat=True))
                                 ).count() > 300 * 40
    # Every client has services; some open teams' end with nothing after them.
    from moti.paths.models import ServiceEpisode
    from moti.paths.watch import episodes_at_risk
    assert ServiceEpisode.objects.filter(client__in=seeded).values("client").distinct() \
        .count() == 300
    at_risk = episodes_at_risk(timezone.localdate()).filter(client__in=seeded)
    assert 0 < at_risk.count() < 60
    assert at_risk.filter(client__teams__status=Team.Status.OPEN).exists()
    result = verify_logs()
    assert result.intact, result.problems
    assert any("imported at once" in note for note in result.notes)
    _directory_spread_over_the_county_and_searched()
    before = Client.objects.count()
    call_command("seed", "--scale", "300")  # once only
    assert Client.objects.count() == before


def _directory_spread_over_the_county_and_searched():
    """The directory across the county, searched (checked on the seed above: seeding takes
    half a minute)."""
    # A fifth as many services as clients, 3/25 as many points, on top of the demo region's.
    assert Service.objects.count() == len(SERVICES) + 60
    assert ServicePoint.objects.count() == len(POINTS) + 36
    assert Agreement.objects.count() == len(AGREEMENTS)
    assert Person.objects.count() == 250  # the professionals, and people without an account
    assert Person.objects.filter(user=None).count() > 50
    assert not Person.objects.filter(responsibilities="").exclude(
        title="käyttöoikeuksien pääkäyttäjä").exists()
    assert Person.objects.filter(user__username__startswith="seed",
                                 services__isnull=False).exists()

    services = Service.objects.order_by("-pk")[:60]
    towns = {town for s in services for town in s.municipalities}
    assert len(towns) >= 12 and towns <= set(MUNICIPALITY_CODES)
    languages = {lang for s in services for lang in s.languages}
    assert {"fi", "sv"} <= languages
    assert len({c for s in services for c in s.channels}) >= 4
    assert len({d for s in services for d in s.need_domains}) >= 8
    assert any(s.stale for s in Service.objects.all())
    for point in ServicePoint.objects.all():
        assert 62.0 < point.latitude < 64.0 and 26.0 < point.longitude < 29.0, point
        assert point.municipality_code == MUNICIPALITY_CODES[point.municipality]
    assert ServicePoint.services.through.objects.filter(
        service__in=list(services.values_list("pk", flat=True))).exists()

    # Every entry is in the search table, and a seeded service is found in its town.
    K = SearchEntry.Kind
    for model, kind in ((Service, K.SERVICE), (ServicePoint, K.POINT), (Person, K.PERSON)):
        assert SearchEntry.objects.filter(kind=kind).count() == model.objects.count()
    service = services[0]
    town = service.municipalities[0]
    found = search.entries(service.name_fi.split()[0],
                           search.Filters(municipality=town, kinds=(K.SERVICE,)))
    assert service.pk in {entry.object_id for entry in found}


@pytest.mark.django_db
def test_seeding_is_refused_on_real_data():
    ClientFactory(identity_code="010594-0123")  # not artificial (individual 012)
    with pytest.raises(CommandError, match="real data"):
        call_command("seed", "--scale", "10")
    assert not Client.objects.filter(created_by__username="moti-seed").exists()


def test_scales():
    assert Scale.of("county").clients == 25_000 and Scale.of("county").professionals == 10_000
    assert Scale.of("demo").clients == 0
    county = Scale.of("county", directory_people=20_000)
    assert (county.services, county.points, county.directory_people) == (5_000, 3_000, 20_000)
    assert (Scale.of("300").services, Scale.of("300").points) == (60, 36)
    with pytest.raises(ValueError):
        Scale.of("0")
