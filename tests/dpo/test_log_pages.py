"""The log review and the client's log report a page at a time: every row once, whichever way
the DPO walks, with rows of one instant (a list page logs its clients in one insert) split
across pages; and the report's files still whole."""

import csv
import io

import pytest
from django.urls import reverse

from moti.access.models import RoleKind
from moti.audit import selectors
from moti.audit.models import Basis, Channel, Disclosed, DisclosureBasis, UseLog, What
from moti.audit.services import Actor, disclosure_log_write, use_log_write_many
from tests.conftest import login
from tests.factories import PersonFactory


@pytest.fixture
def dpo(world):
    return PersonFactory(roles=[RoleKind.DPO], organisation=world.member.organisation,
                         title="tietosuojavastaava")


def _many_rows(client_id: int, batches: int = 5, per_batch: int = 53) -> None:
    """Batches of rows sharing one timestamp each, about the client."""
    for n in range(batches):
        use_log_write_many(actor=Actor(user_id=999, name=f"Testi {n}"),
                           client_ids=[client_id] * per_batch, what=What.MY_WORK,
                           basis=Basis.MEMBER)


def test_seek_pages_walk_every_row_once_both_ways(world, monkeypatch):
    _many_rows(world.client.pk)
    rows = selectors.use_log_search(client_id=world.client.pk)
    every = list(rows.values_list("id", flat=True))
    seen, page = [], selectors.use_log_page(rows, size=40)
    assert page.newer is None
    while True:
        seen += [r.id for r in page.rows]
        if not page.older:
            break
        page = selectors.use_log_page(rows, before=page.older, size=40)
    assert seen == every and len(every) == 5 * 53
    back = []
    while True:  # and newer again from the oldest page, to the newest
        back = [r.id for r in page.rows] + back
        if not page.newer:
            break
        page = selectors.use_log_page(rows, after=page.newer, size=40)
    assert back == every


def test_log_review_pages_by_row_without_counting(world, dpo):
    _many_rows(world.client.pk)
    http = login(dpo)
    first = http.get(reverse("dpo:log_review"), {"client": world.client.pk})
    page = first.context["page"]
    assert len(page.rows) == selectors.LOG_PAGE and page.older and page.newer is None
    html = first.content.decode()
    assert f"before={page.older}" in html and "after=" not in html
    second = http.get(reverse("dpo:log_review"), {"client": world.client.pk,
                                                  "before": page.older})
    assert second.context["page"].rows[0].id < page.rows[-1].id
    assert f"after={second.context['page'].newer}" in second.content.decode()
    # A cursor that is no row id starts from the newest; never an error.
    odd = http.get(reverse("dpo:log_review"), {"before": "1e9; DROP"})
    assert odd.status_code == 200 and odd.context["page"].newer is None


def test_log_report_pages_hold_every_line_once_and_the_files_all(world, dpo):
    client_id = world.client.pk
    _many_rows(client_id, batches=3, per_batch=90)  # 270 uses over 3 pages
    actor = Actor(user_id=998, name="Luovuttaja")
    for _ in range(3):
        disclosure_log_write(actor=actor, client_id=client_id, what=[Disclosed.PLAN],
                             basis=DisclosureBasis.CONSENT, channel=Channel.MOTI,
                             recipient="Vastaanottaja")
        _many_rows(client_id, batches=1, per_batch=40)
    http = login(dpo)
    url = reverse("dpo:log_report", args=[client_id])
    first = http.get(url)
    # The DPO's reading is logged as a use of the client's data (and shown in the report):
    # each page adds a row at the newest end, which must not shift the pages being walked.
    uses = UseLog.objects.filter(client_id=client_id, allowed=True).count()
    page, lines, pages = first.context["page"], list(first.context["lines"]), 1
    while page.older:
        assert len(page.rows) == selectors.LOG_PAGE
        shown = http.get(url, {"before": page.older})
        page = shown.context["page"]
        lines += shown.context["lines"]
        pages += 1
    assert pages == -(-uses // selectors.LOG_PAGE) > 2
    assert sum(1 for line in lines if "Luovuttaja" in line.who) == 3
    assert len(lines) == uses + 3
    assert [line.at for line in lines] == sorted((line.at for line in lines), reverse=True)
    whole = http.post(url, {"report-format": "csv", "report-confirm": "on",
                            "report-since": first.context["since"].isoformat(),
                            "report-until": first.context["until"].isoformat()})
    rows = list(csv.reader(io.StringIO(whole.content.decode("utf-8-sig")), delimiter=";"))
    # The file is the whole period, the pages' reading included.
    assert len(rows) == 1 + UseLog.objects.filter(client_id=client_id, allowed=True).count() + 3
