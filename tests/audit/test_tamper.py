"""The logs prove themselves against an attacker with full database access.

Each attack the outside review carried out is replayed here as such an attacker would: with
the append-only triggers dropped, directly in SQL. `verify-logs` must fail every time. What
the attacker does not have is outside the database: the signing key and the witness file.
"""

import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connections, transaction

from moti.audit import integrity, triggers
from moti.audit.models import (
    Basis,
    Channel,
    Checkpoint,
    Disclosed,
    DisclosureBasis,
    Operation,
    UseLog,
    What,
)
from moti.audit.router import LOG
from moti.audit.sealing import seal_pending
from moti.audit.services import Actor, disclosure_log_write, use_log_write
from moti.audit.verify import verify_logs
from moti.audit.witness import FileWitness

NOW = datetime.timedelta(0)
ACTOR = Actor(user_id=7, name="Riikka Heikkinen", title="asiakaskoordinaattori",
              organisation="Pohjois-Savon hyvinvointialue")


def _write(n: int, *, emergency_every: int = 0) -> None:
    for i in range(n):
        emergency = bool(emergency_every and i % emergency_every == 0)
        use_log_write(actor=ACTOR, client_id=100 + i % 7, operation=Operation.READ,
                      what=What.PLAN, object_id=i,
                      basis=Basis.EMERGENCY if emergency else Basis.MEMBER, allowed=True,
                      emergency=emergency)


def _as_attacker(*statements: str) -> None:
    """SQL run with the triggers out of the way, as someone who owns the database would."""
    connection = connections[LOG]
    with transaction.atomic(using=LOG), connection.cursor() as cursor:
        for statement in triggers.drop_sql(connection.vendor):
            cursor.execute(statement)
        for statement in statements:
            cursor.execute(statement)
        for statement in triggers.install_sql(connection.vendor):
            cursor.execute(statement)


def _problems() -> list[str]:
    with pytest.raises(CommandError):
        call_command("verify_logs")
    return verify_logs().problems


@pytest.fixture
def sealed(db) -> list[int]:
    """150 use-log rows and a disclosure, sealed in two checkpoints and witnessed; the rows'
    ids (sequences are not reset between tests on PostgreSQL)."""
    _write(50, emergency_every=10)
    disclosure_log_write(actor=ACTOR, client_id=100, what=[Disclosed.PLAN],
                         registers=["health"], basis=DisclosureBasis.CONSENT,
                         basis_reference="2026-11-12 #5", channel=Channel.MOTI,
                         recipient=ACTOR.name, recipient_organisation=ACTOR.organisation)
    assert seal_pending(grace=NOW).seq == 1
    _write(100, emergency_every=10)
    assert seal_pending(grace=NOW).seq == 2
    return list(UseLog.objects.order_by("id").values_list("id", flat=True))


def test_intact_logs_verify_and_pending_rows_are_counted(sealed, capsys):
    _write(3)
    call_command("verify_logs")
    out = capsys.readouterr().out
    assert "use log: 153 rows, 3 not sealed yet" in out
    assert "disclosure log: 1 rows, 0 not sealed yet" in out
    assert "2 checkpoints" in out and "the logs are intact" in out


def test_checkpoints_are_witnessed_outside_the_database(sealed, settings):
    held = list(FileWitness(**settings.MOTI_LOG_WITNESSES[0]).checkpoints())
    stored = [(c.seq, c.body, c.signature) for c in Checkpoint.objects.all()]
    assert [(c["seq"], c["body"], c["signature"]) for c in held] == stored
    body = json.loads(stored[1][1])
    assert body["logs"]["use"] == {"after": sealed[49], "to": sealed[149], "count": 100,
                                   "root": body["logs"]["use"]["root"]}
    assert body["prev"] == integrity.checkpoint_hash(stored[0][1], stored[0][2])


@pytest.mark.parametrize("sql", ["UPDATE audit_uselog SET allowed = FALSE WHERE id = {id}",
                                 "DELETE FROM audit_uselog WHERE id = {id}",
                                 "DELETE FROM audit_checkpoint"])
def test_triggers_refuse_update_and_delete(sealed, sql):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(using=LOG), connections[LOG].cursor() as cursor:
            cursor.execute(sql.format(id=sealed[2]))
    assert UseLog.objects.count() == 150 and Checkpoint.objects.count() == 2


def test_postgresql_refuses_truncate_too(sealed):
    if connections[LOG].vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's; SQLite has only DELETE")
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(using=LOG), connections[LOG].cursor() as cursor:
            cursor.execute("TRUNCATE audit_uselog")


def test_deleting_the_last_rows_and_moving_the_head_back_is_detected(sealed):
    """The review deleted the last 100 rows and moved the chain's head back to match."""
    _as_attacker(f"DELETE FROM audit_uselog WHERE id > {sealed[49]}",
                 "DELETE FROM audit_checkpoint WHERE seq = 2")
    problems = _problems()
    assert any("checkpoint 2 was witnessed" in p and "gone from the database" in p
               for p in problems), problems


def test_deleting_sealed_rows_is_detected_by_the_root(sealed):
    _as_attacker(f"DELETE FROM audit_uselog WHERE id BETWEEN {sealed[59]} AND {sealed[69]}")
    problems = _problems()
    assert any(f"rows {sealed[50]}–{sealed[149]} do not match checkpoint 2" in p
               for p in problems), problems


def test_truncating_both_logs_and_the_checkpoints_is_detected(sealed):
    _as_attacker("DELETE FROM audit_uselog", "DELETE FROM audit_disclosurelog",
                 "DELETE FROM audit_checkpoint")
    problems = _problems()
    assert sum("gone from the database" in p for p in problems) == 2, problems


def test_a_forged_row_with_a_recomputed_hash_is_detected(sealed):
    """The review appended a row computed the way Moti computes one; without the key the MAC
    cannot be made, sealed or not."""
    forged = UseLog(at=UseLog.objects.latest("id").at, user_id=7, user_name=ACTOR.name,
                    client_id=100, operation=Operation.READ, what=What.PLAN, object_id=1,
                    basis=Basis.MEMBER, allowed=True)
    forged.mac = integrity.row_mac(forged, secret="what the attacker guesses")
    forged.save()
    assert any("1 rows do not carry a valid MAC" in p for p in _problems())
    seal_pending(grace=NOW)  # the worker seals it with the rest: it is still found
    assert any("1 rows do not carry a valid MAC" in p for p in _problems())


def test_erasing_emergency_flags_and_sealing_again_is_detected(sealed):
    """The review cleared every emergency flag and re-chained. Here the attacker also drops
    the checkpoints so that Moti's own worker seals the edited rows afresh."""
    assert UseLog.objects.filter(emergency=True).count() == 15
    _as_attacker("UPDATE audit_uselog SET emergency = FALSE, basis = 'team_member'",
                 "DELETE FROM audit_checkpoint")
    seal_pending(grace=NOW)
    problems = _problems()
    assert any("checkpoint 1 differs from the copy held" in p for p in problems), problems
    assert any("15 rows do not carry a valid MAC" in p for p in problems), problems


def test_a_rewritten_checkpoint_without_the_key_is_detected(sealed):
    checkpoint = Checkpoint.objects.get(seq=2)
    body = json.loads(checkpoint.body)
    body["logs"]["use"]["count"] = 90
    text = integrity.canonical(body).decode()
    _as_attacker(f"UPDATE audit_checkpoint SET body = '{text}' WHERE seq = 2")
    assert any("checkpoint 2 is not signed by the log key" in p for p in _problems())


def test_sealing_leaves_the_newest_rows_for_the_next_round(db):
    _write(5)
    assert seal_pending(grace=datetime.timedelta(minutes=5)) is None  # all too new
    assert seal_pending(grace=NOW).seq == 1
    assert seal_pending(grace=NOW) is None  # nothing left


def test_an_unreachable_witness_is_reported_not_hidden(sealed, settings, tmp_path):
    settings.MOTI_LOG_WITNESSES = [{"BACKEND": "moti.audit.witness.FileWitness",
                                    "PATH": str(tmp_path)}]  # a folder: cannot be read
    assert any("could not be read" in p for p in verify_logs().problems)
