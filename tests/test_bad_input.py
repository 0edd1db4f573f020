"""Each bad input the outside review found breaking something: a clear error, nothing stored."""

import datetime
import uuid

import pytest
from django.urls import reverse

from moti.access.models import RoleKind
from moti.audit.models import UseLog, What
from moti.plans.models import Goal
from moti.teams.models import Meeting, Note
from tests.conftest import login
from tests.urlconf import routes, url_args

HUGE_ID = str(2**63)  # one past PostgreSQL's bigint


def test_a_meeting_in_year_one_is_refused_and_the_team_page_still_works(world):
    http = login(world.member)
    url = reverse("meeting_new", args=[world.team.pk])
    page = http.post(url, {"form_key": str(uuid.uuid4()), "starts_at": "0001-01-01T00:00",
                           "duration_minutes": "60", "place": "Kuopio"})
    assert page.status_code == 200 and "1900" in page.content.decode()
    assert not Meeting.objects.exists()
    assert http.get(reverse("team_detail", args=[world.team.pk])).status_code == 200


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_the_log_review_refuses_dates_out_of_range(world, value):
    from tests.factories import PersonFactory

    dpo = PersonFactory(roles=[RoleKind.DPO])
    page = login(dpo).get(reverse("dpo:log_review"), {"since": value, "until": value})
    assert page.status_code == 422 and page.context["form"].errors and page.context["page"] is None


def test_ids_past_bigint_are_a_404_on_every_url_that_takes_one(world):
    http = login(world.member)
    http.raise_request_exception = False
    with_ids = [route for route in routes() if "pk" in route.parameters]
    assert len(with_ids) > 20
    for route in with_ids:
        url = "/" + route.pattern.replace("<id:pk>", HUGE_ID)
        assert http.get(url).status_code == 404, url
        assert http.post(url).status_code == 404, url


def test_a_form_key_reused_by_another_user_or_form_is_refused_not_a_500(world):
    key = str(uuid.uuid4())
    note = {"form_key": key, "text": "Ensimmäinen"}
    assert login(world.member).post(reverse("note_add", args=[world.team.pk]),
                                    note).status_code == 302
    other = login(world.lead)
    other.raise_request_exception = False
    again = other.post(reverse("note_add", args=[world.team.pk]),
                       {"form_key": key, "text": "Toinen"})
    assert again.status_code == 422 and "lähetetty jo" in again.content.decode()
    goal = login(world.member).post(reverse("goal_add", args=[world.team.pk]),
                                    {"form_key": key, "text": "Tavoite"})
    assert goal.status_code == 200 and not Goal.objects.filter(text="Tavoite").exists()
    assert list(Note.objects.values_list("text", flat=True)) == ["Ensimmäinen"]


def test_a_form_key_resent_with_other_content_or_to_another_team_is_not_a_double_submit(world):
    """A double submit (same page, same content) makes one note; the same key with edited text,
    or sent to another team, is refused with the text kept and a fresh key: sent once more,
    it saves."""
    from tests.factories import MemberFactory, TeamFactory

    key = str(uuid.uuid4())
    http = login(world.member)
    url = reverse("note_add", args=[world.team.pk])
    assert http.post(url, {"form_key": key, "text": "Ensimmäinen"}).status_code == 302
    assert http.post(url, {"form_key": key, "text": "Ensimmäinen"}).status_code == 302
    assert Note.objects.count() == 1
    edited = http.post(url, {"form_key": key, "text": "Korjattu teksti"})
    page = edited.content.decode()
    assert edited.status_code == 422 and "lähetetty jo" in page and "Korjattu teksti" in page
    fresh = edited.context["note_form"]["form_key"].value()
    assert fresh != key
    other = TeamFactory(concern__client=world.client)
    MemberFactory(team=other, person=world.member)
    elsewhere = http.post(reverse("note_add", args=[other.pk]),
                          {"form_key": key, "text": "Ensimmäinen"})
    assert elsewhere.status_code == 422 and not other.notes.exists()
    assert http.post(url, {"form_key": fresh, "text": "Korjattu teksti"}).status_code == 302
    assert sorted(Note.objects.values_list("text", flat=True)) == [
        "Ensimmäinen", "Korjattu teksti"]


@pytest.mark.parametrize("value", ["pdf\x00", "x" * 51, "csv'; DROP TABLE x;--"])
def test_a_format_parameter_never_reaches_the_log(world, value):
    from tests.factories import PersonFactory

    dpo = PersonFactory(roles=[RoleKind.DPO])
    http = login(dpo)
    nul = "\x00" in value  # refused before any view (RefuseNulBytes)
    page = http.get(reverse("dpo:log_report", args=[world.client.pk]), {"format": value})
    assert page.status_code == (400 if nul else 200)
    posted = http.post(reverse("dpo:log_report", args=[world.client.pk]),
                       {"report-format": value, "report-confirm": "on"})
    assert posted.status_code == (400 if nul else 422)
    assert set(UseLog.objects.values_list("what", flat=True)) <= set(What.values)


@pytest.mark.parametrize("name, field, limit", [
    ("goal_add", "text", 1000), ("note_add", "text", 5000), ("action_add", "text", 1000)])
def test_free_text_has_a_limit(world, name, field, limit):
    http = login(world.member)
    data = {"form_key": str(uuid.uuid4()), field: "ä" * (limit + 1),
            "owner": world.team.members.first().pk,
            "due_date": (datetime.date.today() + datetime.timedelta(days=3)).isoformat()}
    response = http.post(reverse(name, args=[world.team.pk]), data)
    assert response.status_code in (200, 422)
    assert str(limit) in response.content.decode()
    megabyte = http.post(reverse(name, args=[world.team.pk]), {**data, field: "x" * 2**20})
    assert megabyte.status_code in (200, 422)
    assert not Goal.objects.exists() and not Note.objects.exists()


def test_every_url_with_client_data_is_never_cached(world):
    http = login(world.member)
    args = url_args(world, handle_for=world.member.user)
    for name in ("client_detail", "team_detail", "plan_detail", "plan_print", "meeting_detail"):
        response = http.get(reverse(name, args=args[name]))
        assert "no-store" in response["Cache-Control"], name


def test_a_meeting_time_that_does_not_exist_or_is_years_off_is_a_field_error(world):
    """03.30 on the night clocks go forward does not exist in Helsinki; 1990 is a typo."""
    from django.utils import timezone

    url = reverse("meeting_new", args=[world.team.pk])
    far = timezone.localdate().year + 5
    for when in ("2027-03-28T03:30", "1990-01-01T10:00", f"{far}-01-01T10:00"):
        # (03.30 on 28.3.2027 does not exist; 1990 and five years ahead are typos)
        page = login(world.member).post(url, {"form_key": str(uuid.uuid4()), "starts_at": when,
                                              "duration_minutes": 60, "place": "Kela"})
        assert page.status_code == 200, when
        assert page.context["form"].errors["starts_at"], when
        assert page.context["form"]["starts_at"].value() == when  # what they typed stays
    assert not world.team.meetings.exists()


@pytest.mark.parametrize("value", ["\u00b2", "\u0663", "-5", "0", "9" * 40, "1 OR 1=1", ""])
def test_a_row_to_page_from_that_is_no_row_id_starts_from_the_newest(world, value):
    """Digits of other scripts count as digits to str.isdigit() but not to int(): never a
    500; a page from a row that is not there offers the way back to the newest rows."""
    from tests.factories import PersonFactory

    dpo = login(PersonFactory(roles=[RoleKind.DPO]))
    for url in (reverse("dpo:log_review"), reverse("dpo:log_report", args=[world.client.pk])):
        for cursor in ("before", "after"):
            page = dpo.get(url, {cursor: value})
            assert page.status_code == 200, (url, cursor, value)
    missing = dpo.get(reverse("dpo:log_review"), {"before": "1"})
    assert missing.context["page"].from_row and ">Uusimmat<" in missing.content.decode()
    http = login(world.member)
    added = http.post(reverse("member_add", args=[world.team.pk]), {
        "form_key": str(uuid.uuid4()), "kind": "professional", "person": "\u00b2"})
    assert added.status_code == 422


def test_a_refused_hand_over_of_the_log_report_shows_one_page_not_the_whole_period(world):
    from moti.audit.models import Basis, What
    from moti.audit.selectors import LOG_PAGE
    from moti.audit.services import Actor, use_log_write_many
    from tests.factories import PersonFactory

    use_log_write_many(actor=Actor(user_id=1, name="Testi"), client_ids=[world.client.pk] * 120,
                       what=What.MY_WORK, basis=Basis.MEMBER)
    dpo = login(PersonFactory(roles=[RoleKind.DPO]))
    page = dpo.post(reverse("dpo:log_report", args=[world.client.pk]),
                    {"report-format": "pdf"})  # not confirmed
    assert page.status_code == 422 and len(page.context["lines"]) <= LOG_PAGE


@pytest.mark.parametrize("where", ["query", "form", "name"])
def test_a_nul_byte_anywhere_in_the_input_is_a_400_in_the_readers_language(world, where):
    """No text column can hold a NUL byte (psycopg refuses it before PostgreSQL sees it), and a
    view reading a parameter without a form let one through to a 500: the member search's
    municipality. Every request's query string and form fields are checked before any view."""
    http = login(world.member)
    http.raise_request_exception = False
    search = reverse("member_search")
    if where == "query":
        page = http.get(search, {"municipality": "kuopio\x00"})
    elif where == "name":
        page = http.get(search, {"q\x00": "x"})
    else:
        page = http.post(reverse("member_add", args=[world.team.pk]), {
            "form_key": str(uuid.uuid4()), "municipality": "kuopio\x00", "q": "x"})
    assert page.status_code == 400
    assert "Pyyntö" in page.content.decode() or "pyyntö" in page.content.decode()
