import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from moti.clients.models import Client
from moti.clients.services import DuplicateClient, client_create
from tests.conftest import login
from tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize("code, born", [
    ("010594Y9032", datetime.date(1994, 5, 1)),  # a 2023 century sign for the 1900s
    ("131052-308T", datetime.date(1952, 10, 13)),
    ("010105A9413", datetime.date(2005, 1, 1)),  # check characters worked out by hand
    ("010105B9413", datetime.date(2005, 1, 1)),
])
def test_identity_code_is_stored_whole(code, born):
    client = client_create(user=UserFactory(), first_name="Paju", last_name="Nieminen",
                           identity_code=code.lower())
    client.refresh_from_db()
    assert client.identity_code == code  # whole, with its century sign, upper case
    assert client.birth_date == born


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["010594Y9033", "320594-9032", "010594G9032", "abc"])
def test_invalid_identity_code_is_refused(code):
    with pytest.raises(ValidationError) as error:
        client_create(user=UserFactory(), first_name="A", last_name="B", identity_code=code)
    assert "identity_code" in error.value.message_dict
    assert not Client.objects.exists()


@pytest.mark.django_db
def test_future_birth_date_is_refused():
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        client_create(user=UserFactory(), first_name="A", last_name="B", birth_date=tomorrow)
    assert "birth_date" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("born", [None, datetime.date(1899, 12, 31)])
def test_a_client_needs_an_identity_code_or_a_plausible_birth_date(born):
    with pytest.raises(ValidationError) as error:
        client_create(user=UserFactory(), first_name="A", last_name="B", birth_date=born)
    assert "birth_date" in error.value.message_dict
    assert not Client.objects.exists()


@pytest.mark.django_db
def test_duplicate_identity_code_points_to_the_existing_client():
    first = client_create(user=UserFactory(), first_name="A", last_name="B",
                          identity_code="010594Y9032")
    with pytest.raises(DuplicateClient) as error:
        client_create(user=UserFactory(), first_name="C", last_name="D",
                      identity_code="010594Y9032")
    assert error.value.existing == first
    assert Client.objects.count() == 1


@pytest.mark.django_db
def test_turvakielto_hides_the_address(world):
    world.client.turvakielto = True
    world.client.save()
    assert world.client.shown_address == ""
    page = login(world.member).get(reverse("client_detail", args=[world.client.pk]))
    assert world.client.street_address not in page.content.decode()


@pytest.mark.django_db
def test_form_errors_keep_what_was_typed(world):
    http = login(world.member)
    page = http.post(reverse("client_new"), {
        "form_key": "6f1f8f5e-6d0e-4c59-8b55-2b0b5f0a0a01", "first_name": "<script>x</script>",
        "last_name": "Mäkinen", "identity_code": "010594Y9033", "language": "fi",
    })
    html = page.content.decode()
    assert page.status_code == 200
    assert "Mäkinen" in html and "010594Y9033" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x</script>" not in html
    assert "henkilötunnus" in html.lower()  # the error is in Finnish, the default language


@pytest.mark.django_db
def test_double_submit_creates_one_client(world):
    http = login(world.member)
    data = {"form_key": "6f1f8f5e-6d0e-4c59-8b55-2b0b5f0a0a02", "first_name": "Aino",
            "last_name": "Tuplalähetys", "identity_code": "", "birth_date": "1980-02-03",
            "language": "fi"}
    first = http.post(reverse("client_new"), data)
    second = http.post(reverse("client_new"), data)
    assert first.status_code == second.status_code == 302
    assert Client.objects.filter(last_name="Tuplalähetys").count() == 1


@pytest.mark.django_db
def test_duplicate_in_the_form_links_to_the_existing_client(world):
    http = login(world.outsider)
    page = http.post(reverse("client_new"), {
        "form_key": "6f1f8f5e-6d0e-4c59-8b55-2b0b5f0a0a03", "first_name": "X",
        "last_name": "Y", "identity_code": world.client.identity_code, "language": "fi"})
    assert b"/concerns/new/" in page.content
    assert Client.objects.filter(identity_code=world.client.identity_code).count() == 1


@pytest.mark.django_db
def test_search_by_identity_code_posts_and_finds_any_client(world):
    http = login(world.outsider)
    page = http.post(reverse("client_search"), {"query": world.client.identity_code})
    assert str(world.client) in page.content.decode()
    by_name = http.post(reverse("client_search"), {"query": world.client.last_name})
    assert str(world.client) not in by_name.content.decode()  # not their client
    mine = login(world.member).post(reverse("client_search"),
                                    {"query": world.client.last_name})
    assert str(world.client.first_name) in mine.content.decode()
