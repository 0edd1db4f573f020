"""Two handovers of one team to the same new member at once (the giver and the pair's other
coordinator): the second waits for the first, then is refused with a reason; never a database
error. Needs PostgreSQL: SQLite lets one writer in at a time, so there is no race to lose."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from moti.teams import pairs
from moti.teams.models import Handover, TeamMember
from tests.factories import MemberFactory, PersonFactory

WAIT = 30  # seconds; only a lock held on would make anything wait this long


def _blocked(pid: int) -> bool:
    """Whether that database session waits for a lock another one holds."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT cardinality(pg_blocking_pids(%s)) > 0", [pid])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_two_handovers_of_a_team_at_once_change_it_once_and_refuse_the_second(world):
    if connection.vendor != "postgresql":
        pytest.skip("a race between writers needs PostgreSQL")
    partner = MemberFactory(team=world.team, person__organisation=world.member.organisation,
                            is_coordinator=True).person
    receiver = PersonFactory(organisation=world.member.organisation)
    first_done, second_started = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}
    second_pid: list[int] = []

    def hand_over(name: str, giver) -> None:
        try:
            with transaction.atomic():
                if name == "second":
                    with connections["default"].cursor() as cursor:
                        cursor.execute("SELECT pg_backend_pid()")
                        second_pid.append(cursor.fetchone()[0])
                    second_started.set()
                pairs.handover(giver=giver, receiver=receiver,
                               notes={world.team.pk: f"Tilanne vakaa ({name})."})
                if name == "first":
                    # Held open until the second is inside its own handover and waits
                    # for this one: only then is there a race to lose.
                    first_done.set()
                    assert second_started.wait(WAIT)
                    deadline = time.monotonic() + WAIT
                    while not _blocked(second_pid[0]):
                        assert time.monotonic() < deadline, "the second never waited"
                        time.sleep(0.05)
            outcome[name] = "done"
        except BaseException as error:  # reported below, not lost in the thread
            outcome[name] = error
        finally:
            connections.close_all()

    first = threading.Thread(target=hand_over, args=("first", world.member))
    first.start()
    assert first_done.wait(WAIT)
    second = threading.Thread(target=hand_over, args=("second", partner))
    second.start()
    for thread in (first, second):
        thread.join(WAIT)
    assert set(outcome) == {"first", "second"}, "a handover did not finish"
    assert outcome["first"] == "done"
    refused = outcome["second"]
    assert isinstance(refused, ValidationError), refused  # not an IntegrityError
    assert "koordinoi jo" in str(refused)
    assert Handover.objects.count() == 1
    assert TeamMember.objects.get(team=world.team, person=receiver).is_coordinator
