import pytest
from django.db import DatabaseError
from django.urls import reverse

from moti.audit import chain
from moti.audit.models import UseLog
from tests.conftest import login
from tests.test_authorization_matrix import CLIENT_DATA, RULES
from tests.urlconf import url_args


@pytest.mark.django_db
def test_a_request_that_cannot_write_its_log_row_fails(world, monkeypatch):
    def broken(model, rows):
        raise DatabaseError("log storage unavailable")

    monkeypatch.setattr(chain, "append", broken)
    http = login(world.member)
    http.raise_request_exception = False
    page = http.get(reverse("client_detail", args=[world.client.pk]))
    assert page.status_code == 500
    assert world.client.last_name.encode() not in page.content


# What each page that shows a client's data logs it read.
PAGE_READS = {
    "client_detail": "client", "consents": "consent", "concern_detail": "concern",
    "team_detail": "team", "member_add": "team_member", "member_edit": "team_member",
    "team_close": "team", "meeting_new": "meeting", "meeting_detail": "meeting",
    "plan_detail": "plan", "plan_edit": "plan", "plan_print": "plan", "plan_history": "plan",
    "goal_add": "plan", "goal_edit": "goal", "action_add": "plan", "action_edit": "action",
}


def test_the_walk_covers_every_page_with_client_data():
    pages = {name for name, (method, outcomes) in RULES.items()
             if method == "GET" and outcomes == CLIENT_DATA}
    assert pages == set(PAGE_READS)


@pytest.mark.django_db
def test_every_page_view_writes_a_use_log_row(world):
    """Each page read by the member writes exactly one row: what, whose, allowed."""
    args = url_args(world, handle_for=world.member.user)
    http = login(world.member)
    for name, what in PAGE_READS.items():
        url = reverse(name, args=args[name])
        before = UseLog.objects.count()
        assert http.get(url).status_code == 200, name
        row = UseLog.objects.order_by("-seq").first()
        assert UseLog.objects.count() == before + 1, name
        assert (row.what, row.client_id, row.allowed, row.user) == (
            what, world.client.pk, True, world.member.user), name
