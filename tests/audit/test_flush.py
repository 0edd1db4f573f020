import pytest
from django.db import DatabaseError, connection, transaction

from moti.audit.services import use_log_write


@pytest.mark.django_db(transaction=True)
def test_transactional_tests_can_flush_and_triggers_come_back():
    """Flushing between transactional tests steps around the triggers, which stay in force."""
    row = use_log_write(user=None, client_id=1, operation="read", what="client", object_id=1,
                        basis="none", allowed=False)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_uselog WHERE id = %s", [row.pk])


@pytest.mark.django_db(transaction=True)
def test_triggers_survive_a_flush():
    row = use_log_write(user=None, client_id=2, operation="read", what="client", object_id=2,
                        basis="none", allowed=False)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_uselog SET allowed = %s WHERE id = %s", [True, row.pk])
