"""The logs are append-only in the database, and verify-logs finds any tampering."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from moti.audit import chain, triggers
from moti.audit.models import DisclosureLog, UseLog
from moti.audit.services import disclosure_log_write, use_log_write
from tests.factories import UserFactory


def _write(n, user):
    for i in range(n):
        use_log_write(user=user, client_id=i, operation="read", what="client", object_id=i,
                      basis="team_member", allowed=True)


def _bypass_triggers(sql: str, params=()):
    """Tamper as an attacker with database access would: without the triggers."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        for statement in triggers.drop_sql(vendor):
            cursor.execute(statement)
        cursor.execute(sql, params)
        for statement in triggers.install_sql(vendor):
            cursor.execute(statement)


@pytest.fixture
def log(db):
    user = UserFactory()
    _write(5, user)
    disclosure_log_write(user=user, client_id=1, recipient="Kela", what="plan",
                         basis="consent", channel="export")
    return user


def test_intact_chain_verifies(log, capsys):
    call_command("verify_logs")
    out = capsys.readouterr().out
    assert "intact, 5 rows" in out and "intact, 1 rows" in out


@pytest.mark.parametrize("sql", [
    "UPDATE audit_uselog SET allowed = %s WHERE seq = 3",
    "DELETE FROM audit_uselog WHERE seq = 3",
])
def test_triggers_refuse_update_and_delete(log, sql):
    params = [False] if "UPDATE" in sql else []
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            DisclosureLog.objects.all().delete()
    assert UseLog.objects.count() == 5


def _verify_names(seq_fragment):
    with pytest.raises(CommandError):
        call_command("verify_logs")
    problem = chain.verify(UseLog)
    assert problem is not None and seq_fragment in problem.message
    return problem


def test_edit_is_detected(log):
    _bypass_triggers("UPDATE audit_uselog SET basis = 'emergency' WHERE seq = 3")
    assert _verify_names("row 3 was edited").seq == 3


def test_delete_is_detected(log):
    _bypass_triggers("DELETE FROM audit_uselog WHERE seq = 2")
    assert _verify_names("row 2 is missing").seq == 2


def test_reorder_is_detected(log):
    # Swap the contents of rows 2 and 3 by swapping their sequence numbers.
    _bypass_triggers("UPDATE audit_uselog SET seq = CASE seq WHEN 2 THEN 1002 WHEN 3 THEN 2 "
                     "ELSE seq END WHERE seq IN (2, 3)")
    _bypass_triggers("UPDATE audit_uselog SET seq = 3 WHERE seq = 1002")
    assert _verify_names("row 2").seq == 2


def test_truncated_tail_is_detected(log):
    _bypass_triggers("DELETE FROM audit_uselog WHERE seq >= 4")
    assert _verify_names("truncated").seq == 4


def test_rows_chain_to_each_other(log):
    rows = list(UseLog.objects.order_by("seq"))
    assert rows[0].prev_hash == chain.GENESIS
    assert all(b.prev_hash == a.row_hash for a, b in zip(rows, rows[1:], strict=False))
