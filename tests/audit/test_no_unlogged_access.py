import pytest
from django.db import DatabaseError
from django.urls import reverse

from moti.audit.models import UseLog, What
from tests.conftest import login


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


# Every page × role × method writing exactly its rows is walked in test_authorization_matrix.


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
