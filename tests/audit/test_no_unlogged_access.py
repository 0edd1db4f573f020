import pytest
from django.db import DatabaseError
from django.urls import reverse

from moti.audit.models import UseLog, What
from tests.conftest import login
from tests.test_authorization_matrix import CLIENT_DATA, RULES
from tests.urlconf import url_args


@pytest.mark.django_db
def test_a_request_that_cannot_write_its_log_row_fails(world, monkeypatch):
    def broken(self, *args, **kwargs):
        raise DatabaseError("log storage unavailable")

    monkeypatch.setattr(UseLog, "save", broken)
    http = login(world.member)
    http.raise_request_exception = False
    page = http.get(reverse("client_detail", args=[world.client.pk]))
    assert page.status_code == 500
    assert world.client.last_name.encode() not in page.content


# What each page that shows a client's data logs it read.
W = What
PAGE_READS = {
    "client_detail": W.CLIENT, "consents": W.CONSENT, "concern_detail": W.CONCERN,
    "team_detail": W.TEAM, "member_add": W.TEAM_MEMBER, "member_edit": W.TEAM_MEMBER,
    "team_close": W.TEAM, "meeting_new": W.MEETING, "meeting_detail": W.MEETING,
    "plan_detail": W.PLAN, "plan_edit": W.PLAN, "plan_print": W.PLAN, "plan_history": W.PLAN,
    "goal_add": W.PLAN, "goal_edit": W.GOAL, "action_add": W.PLAN, "action_edit": W.ACTION,
}


def test_the_walk_covers_every_page_with_client_data():
    pages = {name for name, (method, outcomes) in RULES.items()
             if method == "GET" and outcomes == CLIENT_DATA}
    assert pages == set(PAGE_READS)


@pytest.mark.django_db
def test_every_page_view_writes_a_use_log_row(world):
    """Each page, read by the member and refused to an outsider, writes exactly one row:
    what, whose, by whom, allowed or not. The refusal stays although its request fails."""
    args = url_args(world, handle_for=world.member.user)
    for name, what in PAGE_READS.items():
        url = reverse(name, args=args[name])
        for person, allowed in ((world.member, True), (world.outsider, False)):
            before = UseLog.objects.count()
            assert login(person).get(url).status_code == (200 if allowed else 404), name
            row = UseLog.objects.order_by("-id").first()
            assert UseLog.objects.count() == before + 1, name
            assert (row.what, row.client_id, row.allowed, row.user_id) == (
                what, world.client.pk, allowed, person.user.pk), name


@pytest.mark.django_db(transaction=True)
def test_a_refusal_is_logged_durably_although_the_request_rolls_back(world):
    """Committed for real (no test transaction around it): the 404's request transaction is
    rolled back, the refusal's row is not."""
    http = login(world.outsider)
    for url in (reverse("client_detail", args=[world.client.pk]),
                reverse("note_add", args=[world.team.pk])):  # a POST: its transaction fails
        response = http.post(url, {"text": "x"}) if "notes" in url else http.get(url)
        assert response.status_code == 404
    refused = UseLog.objects.filter(user_id=world.outsider.user.pk, allowed=False)
    assert {row.what for row in refused} == {What.CLIENT, What.NOTE}
