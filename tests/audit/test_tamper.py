"""The logs prove themselves against an attacker with full database access.

Each attack the outside review carried out is replayed here as such an attacker would: with
the append-only triggers dropped, directly in SQL. `verify-logs` must fail every time. What
the attacker does not have is outside the database: the signing key and the witness file.
"""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from moti.audit import integrity, sealing, triggers
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
from moti.audit.verify import _rows as verify_rows
from moti.audit.verify import verify_logs
from moti.audit.witness import FileWitness

NOW = datetime.timedelta(0)
LATER = datetime.timedelta(minutes=10)  # beyond the max seal lag (5 minutes by default)
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


# --- A row copied verbatim: its MAC is valid, but no two rows share one --------------------

USE_COLUMNS = [field.column for field in UseLog._meta.concrete_fields]


def _copy_sql(row_id: int, *, nonce: str = "") -> str:
    """The row again, under the next id (given: a table rebuilt by hand may not number), with
    its own nonce or the one given."""
    columns = [column for column in USE_COLUMNS if column != "id"]
    values = [f"'{nonce}'" if nonce and column == "nonce" else column for column in columns]
    return (f"INSERT INTO audit_uselog (id, {', '.join(columns)}) SELECT (SELECT max(id) FROM "
            f"audit_uselog) + 1, {', '.join(values)} FROM audit_uselog WHERE id = {row_id}")


def _without_unique_mac() -> list[str]:
    """SQL with which an operator takes the unique indexes off the use log's nonces and MACs
    (partial unique indexes, on either database: DROP INDEX)."""
    connection = connections[LOG]
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "audit_uselog")
    found = [f'DROP INDEX "{name}"' for name, constraint in constraints.items()
             if constraint["columns"] in (["mac"], ["nonce"]) and constraint["unique"]]
    assert len(found) == 2, constraints
    return found


def test_every_row_has_a_nonce_of_its_own_and_rows_from_before_still_verify(sealed):
    _write(1)
    _write(1)
    a, b = UseLog.objects.order_by("-id")[:2]
    assert len(a.nonce) == 32 and a.nonce != b.nonce and a.mac != b.mac
    old = UseLog(at=a.at, user_id=7, client_id=100, operation=Operation.READ, what=What.PLAN,
                 basis=Basis.MEMBER, allowed=True)  # as written before rows had a nonce
    old.mac = integrity.row_mac(old)
    old.save()
    assert old.nonce == "" and verify_logs().intact


def test_a_row_copied_verbatim_is_refused_by_the_database(sealed):
    """The review copied a row, MAC and all, into the log: it verified."""
    with pytest.raises(IntegrityError):
        _as_attacker(_copy_sql(sealed[3]))
    assert UseLog.objects.count() == 150


def test_a_row_from_before_nonces_copied_verbatim_is_refused_too(sealed):
    old = UseLog(at=timezone.now(), user_id=7, client_id=100, operation=Operation.READ,
                 what=What.PLAN, basis=Basis.MEMBER, allowed=True)  # no nonce, as before
    old.mac = integrity.row_mac(old)
    old.save()
    with pytest.raises(IntegrityError):
        _as_attacker(_copy_sql(old.pk))


def test_a_row_copied_under_another_nonce_is_let_in_and_its_mac_reported(sealed):
    """The unique key is the nonce: a copy given a nonce of its own passes the index, and
    then its MAC, made over the original's nonce, does not verify."""
    _as_attacker(_copy_sql(sealed[3], nonce="0" * 31 + "1"))
    assert UseLog.objects.count() == 151
    assert any("valid MAC" in p for p in _problems())


def test_nonces_are_unique_and_ordered_by_time(monkeypatch):
    """The unique index takes new rows at its end: each nonce begins with its millisecond."""
    from moti.audit import services
    moments = iter([1_790_000_000_000_000_000, 1_790_000_000_001_000_000])
    monkeypatch.setattr(services.time, "time_ns", lambda: next(moments))
    first, second = services.nonce(), services.nonce()
    assert len(first) == len(second) == 32 and first < second
    assert first[:12] == f"{1_790_000_000_000:012x}"
    monkeypatch.undo()
    assert len({services.nonce() for _ in range(1000)}) == 1000


def test_a_row_copied_where_the_unique_index_was_dropped_is_reported(sealed):
    old = UseLog(at=timezone.now(), user_id=7, client_id=100, operation=Operation.READ,
                 what=What.PLAN, basis=Basis.MEMBER, allowed=True)  # from before nonces
    old.mac = integrity.row_mac(old)
    old.save()
    _as_attacker(*_without_unique_mac(), _copy_sql(sealed[3]))
    assert UseLog.objects.count() == 152
    problems = _problems()
    assert any("1 rows repeat another row's MAC" in p for p in problems), problems
    assert not any("valid MAC" in p for p in problems)  # the copy's MAC is valid
    seal_pending(grace=NOW)  # sealed with the rest by the worker: still found
    assert any("1 rows repeat another row's MAC" in p for p in _problems())
    # The row from before nonces, copied too: its MAC is what repeats.
    _as_attacker(_copy_sql(old.pk))
    assert any("2 rows repeat another row's MAC" in p for p in _problems())


# --- Rows and checkpoints out of time -------------------------------------------------------


def test_rows_left_unsealed_beyond_the_max_lag_are_reported(sealed, settings):
    """An operator who stops the sealing can change the newest rows unseen: that the rows
    stay unsealed is what shows."""
    _write(3)
    assert verify_logs().intact  # a few seconds pending is normal
    later = timezone.now() + LATER
    problems = verify_logs(now=later).problems
    assert any("3 rows are older than the max seal lag (300 s) and not sealed" in p
               for p in problems), problems
    settings.MOTI_LOG_MAX_SEAL_LAG_SECONDS = 3600
    assert verify_logs(now=later).intact


def test_a_checkpoint_sealing_long_written_rows_is_reported(sealed):
    """Rows sealed minutes after they were written could have been changed before."""
    _write(3)
    later = timezone.now() + LATER
    assert seal_pending(now=later, grace=NOW).seq == 3
    problems = verify_logs(now=later).problems
    assert any("checkpoint 3 sealed rows written 600 s before it" in p
               for p in problems), problems
    assert not any("checkpoint 2 sealed" in p for p in problems)


# --- Witnesses ------------------------------------------------------------------------------


def _witness_file(settings) -> Path:
    return Path(settings.MOTI_LOG_WITNESSES[0]["PATH"])


@pytest.mark.parametrize("loss", ["deleted", "cut short"])
def test_a_witness_file_deleted_or_cut_short_is_reported(sealed, settings, loss):
    path = _witness_file(settings)
    if loss == "deleted":
        path.unlink()
    else:
        path.write_text(path.read_text().splitlines()[0] + "\n")
    later = timezone.now() + LATER
    lacking = "checkpoint 2 between 1 and 2" if loss == "deleted" else "checkpoint 2 of"
    problems = verify_logs(now=later).problems
    assert any(f"lacks {lacking}" in p for p in problems), problems


def test_unreadable_witness_lines_are_reported_with_their_number(sealed, settings):
    with _witness_file(settings).open("ab") as out:
        out.write(b'not json\n{"seq": "3", "body": "", "signature": ""}\n\xff\xfe\n[[\n')
    problems = _problems()
    for number in (3, 4, 5, 6):
        assert any(f"line {number}: not" in p for p in problems), problems
    _write(1)
    assert seal_pending(grace=NOW).seq == 3  # the sealer reads past them too
    assert verify_logs().problems == problems


def test_the_sealer_does_not_witness_history_sealed_late(sealed, settings, caplog):
    """Rows rewritten, the checkpoints dropped and the witness file deleted: the worker's
    next seal, minutes later, must not hand a witness the rewritten history as if seen."""
    path = _witness_file(settings)
    path.unlink()
    _as_attacker("UPDATE audit_uselog SET emergency = FALSE", "DELETE FROM audit_checkpoint")
    later = timezone.now() + LATER
    assert seal_pending(now=later, grace=NOW).seq == 1
    assert not path.exists()
    assert "witness-backfill" in caplog.text
    problems = verify_logs(now=later + LATER).problems
    assert any("lacks checkpoint 1 of" in p for p in problems), problems
    assert any("checkpoint 1 sealed rows written" in p for p in problems), problems


def test_witness_backfill_fills_a_new_witness_deliberately_and_logs_it(sealed, settings,
                                                                       tmp_path, caplog):
    new = tmp_path / "new-witness.jsonl"
    settings.MOTI_LOG_WITNESSES = [*settings.MOTI_LOG_WITNESSES,
                                   {"BACKEND": "moti.audit.witness.FileWitness",
                                    "PATH": str(new)}]
    later = timezone.now() + LATER
    sealing.witnesses_sync(now=later)  # the checkpoints are old by now: not sent on its own
    assert not new.exists()
    assert any(f"file {new} lacks checkpoint 2 between 1 and 2" in p
               for p in verify_logs(now=later).problems)
    with pytest.raises(CommandError, match="no witness"):
        call_command("witness_backfill", "--witness", str(tmp_path / "other.jsonl"))
    out = io.StringIO()
    call_command("witness_backfill", "--witness", str(new), stdout=out)
    assert f"file {new}: sent checkpoints 1–2 (2)" in out.getvalue()
    assert f"an operator sent 2 checkpoints (1 to 2) to log witness file {new}" in caplog.text
    assert verify_logs(now=later).intact
    out = io.StringIO()
    call_command("witness_backfill", stdout=out)
    assert out.getvalue().count("holds every checkpoint already") == 2


def test_witness_backfill_refuses_a_rewritten_chain(sealed):
    _as_attacker("DELETE FROM audit_checkpoint WHERE seq = 1")
    with pytest.raises(CommandError, match="do not verify, nothing was sent"):
        call_command("witness_backfill")


# --- SQLite: INSERT OR REPLACE deletes without the delete trigger ---------------------------


@pytest.mark.parametrize("collides_on", ["id", "nonce", "mac", "seq"])
def test_sqlite_refuses_insert_or_replace_over_a_stored_row(sealed, collides_on):
    if connections[LOG].vendor != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite's")
    model, changed = {
        "id": (UseLog, {"allowed": "NOT allowed"}),  # the same id, the row edited
        # The same nonce under another MAC (the unique key since rows have nonces).
        "nonce": (UseLog, {"id": "id + 100000", "mac": "'forged'", "allowed": "NOT allowed"}),
        "mac": (UseLog, {"id": "id + 100000", "allowed": "NOT allowed"}),  # the same MAC
        "seq": (Checkpoint, {"id": "id + 100000", "body": "'{}'"}),  # the same sequence number
    }[collides_on]
    table = model._meta.db_table
    target = sealed[3] if model is UseLog else Checkpoint.objects.get(seq=1).pk
    if collides_on == "mac":  # a row from before nonces: its MAC is its key
        old = UseLog(at=timezone.now(), user_id=7, client_id=100, operation=Operation.READ,
                     what=What.PLAN, basis=Basis.MEMBER, allowed=True)
        old.mac = integrity.row_mac(old)
        old.save()
        target = old.pk
    columns = [field.column for field in model._meta.concrete_fields]
    values = ", ".join(changed.get(column, column) for column in columns)
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(using=LOG), connections[LOG].cursor() as cursor:
            cursor.execute(f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) "
                           f"SELECT {values} FROM {table} WHERE id = {target}")
    assert UseLog.objects.get(pk=target if model is UseLog else sealed[3]).allowed
    assert UseLog.objects.count() == 150 + (collides_on == "mac")
    assert Checkpoint.objects.get(seq=1).body != "{}" and Checkpoint.objects.count() == 2


@pytest.mark.parametrize("table", triggers.LOG_TABLES)
def test_sqlite_insert_guard_checks_every_unique_key_by_its_index(db, table):
    """The guard against INSERT OR REPLACE names the table's unique keys as its unique indexes
    have them: a key added without it fails here, and so does a check that would scan the log
    (a partial index answers only a condition that repeats its own)."""
    connection = connections[LOG]
    if connection.vendor != "sqlite":
        pytest.skip("the guard is SQLite's")
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
        guard = cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s",
                               [f"{table}_no_replace"]).fetchone()[0]
    unique = {tuple(c["columns"]) for c in constraints.values()
              if c["unique"] or c["primary_key"]}
    keys = triggers.UNIQUE_KEYS[table]
    assert unique == {(key.split()[0],) for key in keys}
    assert all(key in guard for key in keys)
    where = " OR ".join(f"({key})" for key in keys).replace("NEW.", ":")
    plan = connection.connection.execute(
        f"EXPLAIN QUERY PLAN SELECT 1 FROM {table} WHERE {where}",
        {"id": 1, "nonce": "n", "mac": "m", "seq": 1}).fetchall()
    assert not any(step[-1].startswith(f"SCAN {table}") for step in plan), plan


@pytest.mark.django_db(databases="__all__")
def test_verification_streams_the_log_through_a_server_side_cursor():
    """verify-logs reads millions of rows in one snapshot: on PostgreSQL through a server-side
    cursor (a client-side one held 4.5 GB for 2.25 M rows); the pages' alias goes without."""
    if connections[LOG].vendor != "postgresql":
        pytest.skip("server-side cursors are PostgreSQL's")
    assert not connections[LOG].settings_dict["DISABLE_SERVER_SIDE_CURSORS"]
    assert connections["default"].settings_dict["DISABLE_SERVER_SIDE_CURSORS"]
    with CaptureQueriesContext(connections[LOG]) as queries:
        list(verify_rows(UseLog))
    assert any(q["sql"].startswith("DECLARE") for q in queries.captured_queries)
