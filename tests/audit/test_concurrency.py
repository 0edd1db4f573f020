"""Writing the log takes no lock that a request holds on to.

The review found every logged page waiting for the slowest one: the chain's head row was
locked at the first logged read and held until the request's transaction committed. Here one
request holds its transaction open (as a slow PDF report would) after writing its log row, and
another request's log write must finish meanwhile.
"""

import threading

import pytest
from django.db import close_old_connections, connections, transaction

from moti.audit.models import Basis, Operation, UseLog, What
from moti.audit.services import SYSTEM, use_log_write

WAIT = 30  # seconds; only a lock would make anything wait this long


def _log(client_id: int) -> None:
    use_log_write(actor=SYSTEM, client_id=client_id, operation=Operation.READ,
                  what=What.CLIENT, object_id=client_id, basis=Basis.MEMBER, allowed=True)


@pytest.mark.django_db(transaction=True)
def test_a_log_write_does_not_wait_for_another_requests_transaction():
    slow_logged, release, fast_done = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def slow_request() -> None:
        try:
            with transaction.atomic():  # the request's own transaction, held open
                _log(1)
                slow_logged.set()
                release.wait(WAIT)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            close_old_connections()
            connections.close_all()

    def fast_request() -> None:
        try:
            slow_logged.wait(WAIT)
            _log(2)
            fast_done.set()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=slow_request), threading.Thread(target=fast_request)]
    for thread in threads:
        thread.start()
    finished_while_held = fast_done.wait(WAIT)
    release.set()
    for thread in threads:
        thread.join(WAIT)
    assert not errors, errors
    assert finished_while_held, "the second log write waited for the first request to end"
    assert set(UseLog.objects.values_list("client_id", flat=True)) == {1, 2}


@pytest.mark.django_db(transaction=True)
def test_the_log_role_on_postgresql_may_append_and_nothing_else():
    """The documented role for LOG_DATABASE_URL, made with `moti log-grants`, tried for real
    (and with the triggers out of the way: the role itself is what refuses)."""
    import psycopg

    from moti.audit import triggers
    from moti.audit.management.commands.log_grants import grants_sql

    connection = connections["log"]
    if connection.vendor != "postgresql":
        pytest.skip("roles are PostgreSQL's")
    role = "moti_log_test"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP ROLE IF EXISTS {role}")
        cursor.execute(f"CREATE ROLE {role} LOGIN")
        for statement in [*grants_sql(role), *triggers.drop_sql("postgresql")]:
            cursor.execute(statement)
    _log(1)
    params = connection.get_connection_params()
    try:
        with psycopg.connect(host=params.get("host"), port=params.get("port"),
                             dbname=params["dbname"], user=role, autocommit=True) as as_role:
            as_role.execute("INSERT INTO audit_uselog (at, user_name, user_title, "
                            "user_organisation, user_controller, user_role, nonce, mac, "
                            "operation, what, basis, allowed, emergency, purpose, description) "
                            "VALUES (now(), '', '', '', '', '', '', 'x', 'read', 'client', "
                            "'none', false, false, '', '{}')")
            assert as_role.execute("SELECT count(*) FROM audit_uselog").fetchone()[0] == 2
            for statement in ("UPDATE audit_uselog SET allowed = true",
                              "DELETE FROM audit_uselog", "TRUNCATE audit_uselog",
                              "DELETE FROM audit_checkpoint"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    as_role.execute(statement)
    finally:
        with connection.cursor() as cursor:
            for statement in triggers.install_sql("postgresql"):
                cursor.execute(statement)
            cursor.execute(f"DROP OWNED BY {role}")
            cursor.execute(f"DROP ROLE {role}")
