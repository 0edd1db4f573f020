import pytest
from django.core.management import call_command
from django.db import DatabaseError, connections, transaction

from moti.audit.models import Basis, Operation, UseLog, What
from moti.audit.router import LOG
from moti.audit.services import SYSTEM, use_log_write


def _write(client_id: int) -> UseLog:
    return use_log_write(actor=SYSTEM, client_id=client_id, operation=Operation.READ,
                         what=What.CLIENT, object_id=client_id, basis=Basis.NONE, allowed=False)


@pytest.mark.django_db(transaction=True)
def test_transactional_tests_can_flush_and_triggers_come_back():
    """Flushing between transactional tests steps around the triggers, which stay in force."""
    row = _write(1)
    with pytest.raises(DatabaseError), transaction.atomic(using=LOG), \
            connections[LOG].cursor() as cursor:
        cursor.execute("DELETE FROM audit_uselog WHERE id = %s", [row.pk])


@pytest.mark.django_db(transaction=True)
def test_triggers_survive_a_flush():
    _write(2)
    call_command("flush", database=LOG, interactive=False, verbosity=0)
    assert not UseLog.objects.exists()  # the flush emptied the log...
    row = _write(3)
    for statement in ("UPDATE audit_uselog SET allowed = %s WHERE id = %s",
                      "DELETE FROM audit_uselog WHERE allowed = %s AND id = %s"):
        # ...and the append-only triggers refuse changes again afterwards.
        with pytest.raises(DatabaseError), transaction.atomic(using=LOG), \
                connections[LOG].cursor() as cursor:
            cursor.execute(statement, [False, row.pk])
