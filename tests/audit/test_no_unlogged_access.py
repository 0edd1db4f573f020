import pytest
from django.db import DatabaseError
from django.urls import reverse

from moti.audit import chain
from moti.audit.models import UseLog
from tests.conftest import login


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


@pytest.mark.django_db
def test_every_page_view_writes_a_use_log_row(world):
    http = login(world.member)
    before = UseLog.objects.count()
    http.get(reverse("plan_detail", args=[world.team.pk]))
    row = UseLog.objects.order_by("-seq").first()
    assert UseLog.objects.count() == before + 1
    assert (row.what, row.client_id, row.allowed) == ("plan", world.client.pk, True)
