"""`moti seed`: a county on top of the demo region, refused on real data, sealed as imported."""

import pytest
from django.core.management import CommandError, call_command

from moti.audit.models import UseLog
from moti.audit.verify import verify_logs
from moti.clients.models import Client
from moti.demo.seed import Scale
from moti.teams.models import Team, TeamMember
from tests.factories import ClientFactory

pytestmark = pytest.mark.xdist_group("seed")


@pytest.mark.django_db
def test_a_small_county_is_seeded_once_sealed_and_spread_like_a_county(settings, tmp_path):
    settings.MOTI_LOG_WITNESSES = [{"BACKEND": "moti.audit.witness.FileWitness",
                                    "PATH": str(tmp_path / "witness.jsonl")}]
    call_command("seed", "--scale", "300")
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
    result = verify_logs()
    assert result.intact, result.problems
    assert any("imported at once" in note for note in result.notes)
    before = Client.objects.count()
    call_command("seed", "--scale", "300")  # once only
    assert Client.objects.count() == before


@pytest.mark.django_db
def test_seeding_is_refused_on_real_data():
    ClientFactory(identity_code="010594-0123")  # not artificial (individual 012)
    with pytest.raises(CommandError, match="real data"):
        call_command("seed", "--scale", "10")
    assert not Client.objects.filter(created_by__username="moti-seed").exists()


def test_scales():
    assert Scale.of("county").clients == 25_000 and Scale.of("county").professionals == 10_000
    assert Scale.of("demo").clients == 0
    with pytest.raises(ValueError):
        Scale.of("0")
