"""The error pages speak the reader's language, and a 404 reads the same whether the page
does not exist or is not the reader's."""

import re

from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from moti.access.models import RoleKind
from tests.conftest import login
from tests.factories import PersonFactory


def _main(html: str) -> str:
    return re.search(r"<main.*?</main>", html, re.S).group(0)


def test_not_found_is_in_the_readers_language_and_tells_an_outsider_nothing(world):
    http = login(world.outsider)
    missing = http.get("/teams/999999999/")
    forbidden = http.get(reverse("team_detail", args=[world.team.pk]))
    assert missing.status_code == forbidden.status_code == 404
    html = forbidden.content.decode()
    assert '<html lang="fi">' in html and "Sivua ei löytynyt" in html
    assert _main(html) == _main(missing.content.decode())
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    assert "Sidan hittades inte" in http.get("/ei-ole/").content.decode()


def test_not_allowed_is_in_the_readers_language(db):
    manager = PersonFactory(roles=[RoleKind.MANAGER])  # no client work: no member search
    http = login(manager)
    page = http.get(reverse("member_search"), {"q": "abc"})
    assert page.status_code == 403 and "Ei sallittu" in page.content.decode()


def test_server_error_page_renders_on_its_own_in_the_readers_language(db):
    with translation.override("sv"):
        page = server_error(RequestFactory().get("/"))
    html = page.content.decode()
    assert page.status_code == 500 and '<html lang="sv">' in html
    assert "Något gick fel" in html
