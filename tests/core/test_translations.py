"""Finnish and Swedish are complete; the language choice is remembered."""

import contextlib
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tests.conftest import login

LOCALE = Path(settings.BASE_DIR) / "moti" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_string_is_translated(language):
    missing = [e.msgid for e in _catalogue(language)
               if not e.translated() or "fuzzy" in e.flags]
    assert not missing, f"{len(missing)} untranslated in {language}: {missing[:10]}"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_placeholders_survive_translation(language):
    for entry in _catalogue(language).translated_entries():
        expected = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        texts = [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        for text in texts:
            assert set(PLACEHOLDER.findall(text)) <= expected, (entry.msgid, text)


@pytest.mark.django_db
def test_finnish_by_default_swedish_chosen_and_remembered(world):
    with translation.override("sv"):
        my_work_sv = translation.gettext("My work")
    assert my_work_sv != "My work"
    http = login(world.member)
    assert 'lang="fi"' in http.get(reverse("home")).content.decode()
    http.post(reverse("set_language"), {"language": "sv", "next": "/"})
    page = http.get(reverse("home")).content.decode()
    assert 'lang="sv"' in page and my_work_sv in page
    assert http.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"


def test_the_catalogues_hold_every_string_of_the_code(tmp_path, settings):
    """The checks above read the catalogues; a string added to the code without running
    makemessages would slip past them. Extract afresh (into a copy) and compare."""
    source = Path(settings.BASE_DIR) / "moti"
    copy = tmp_path / "moti"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns(
        "locale", "static", "__pycache__", "migrations"))
    (copy / "locale").mkdir()
    settings.LOCALE_PATHS = [copy / "locale"]
    with contextlib.chdir(copy):
        call_command("makemessages", locale=["fi"], verbosity=0, no_obsolete=True)
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale/fi/LC_MESSAGES/django.po"))}
    for language in ("fi", "sv"):
        known = {e.msgid for e in _catalogue(language) if not e.obsolete}
        missing = sorted(extracted - known)
        assert not missing, (f"run `make translations`: {len(missing)} strings are not in "
                             f"the {language} catalogue: {missing[:10]}")
