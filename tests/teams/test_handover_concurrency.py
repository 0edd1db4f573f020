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


def _waiting() -> int:
    """How many statements of other connections wait for a lock now."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
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

    def hand_over(name: str, giver) -> None:
        try:
            with transaction.atomic():
                if name == "second":
                    second_started.set()
                pairs.handover(giver=giver, receiver=receiver,
                               notes={world.team.pk: f"Tilanne vakaa ({name})."})
                if name == "first":
                    # Held open until the second is inside its own handover and waiting.
                    first_done.set()
                    second_started.wait(WAIT)
                    deadline = time.monotonic() + WAIT
                    while _waiting() == 0 and time.monotonic() < deadline:
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
    assert outcome["first"] == "done"
    refused = outcome["second"]
    assert isinstance(refused, ValidationError), refused  # not an IntegrityError
    assert "koordinoi jo" in str(refused)
    assert Handover.objects.count() == 1
    assert TeamMember.objects.get(team=world.team, person=receiver).is_coordinator
