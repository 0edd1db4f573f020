"""Two-factor sign-in, login throttling, idle timeout, CSP, deploy checks, no identity codes in
URLs or logs."""

import logging
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from moti.access.models import RoleKind
from tests.conftest import login
from tests.urlconf import routes

HETU = re.compile(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]", re.IGNORECASE)


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.django_db
def test_two_factor_enrolment_then_verification(world, settings):
    settings.MOTI_REQUIRE_2FA = True
    http = login(world.member)
    first = http.get(reverse("home"))
    assert first.status_code == 302 and first["Location"].startswith(reverse("otp_setup"))
    setup = http.get(first["Location"])
    assert b"<svg" in setup.content
    device = TOTPDevice.objects.get(user=world.member.user)
    assert "no-store" in setup["Cache-Control"]  # the secret is on it
    wrong = http.post(first["Location"], {"token": "000000" if _code(device) != "000000"
                                          else "111111"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.get(pk=device.pk).confirmed
    # django-otp then refuses tries for a while, even the right code: the page says so.
    throttled = http.post(first["Location"], {"token": _code(device)})
    assert "Liian monta väärää koodia. Odota" in throttled.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    # A person would wait a second; the test resets the throttle.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0,
                                                   throttling_failure_timestamp=None)
    done = http.post(first["Location"], {"token": _code(device)})
    assert done.status_code == 302 and http.get(reverse("home")).status_code == 200
    # A new session must give a code; it cannot enrol a second device.
    again = login(world.member)
    prompt = again.get(reverse("home"))
    assert prompt["Location"].startswith(reverse("otp_verify"))
    assert "no-store" in again.get(prompt["Location"])["Cache-Control"]
    assert again.get(reverse("otp_setup"))["Location"].startswith(reverse("otp_verify"))
    device.refresh_from_db()
    device.last_t = -1  # allow the same time step again in this test
    device.save()
    again.post(reverse("otp_verify"), {"token": _code(device)})
    assert again.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_login_is_throttled_after_five_failures(world):
    http = HttpClient()
    username = world.member.user.username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        http.post(reverse("login"), {"username": username, "password": "wrong"})
    locked = http.post(reverse("login"), {"username": username, "password": "pw-for-tests-123"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in http.session


@pytest.mark.django_db
def test_login_with_the_right_password_works(world):
    http = HttpClient()
    page = http.post(reverse("login"), {"username": world.member.user.username,
                                        "password": "pw-for-tests-123"})
    assert page.status_code == 302 and http.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_the_idle_timeout_is_kept_while_in_use_writing_the_session_once_a_minute(
        world, monkeypatch):
    """Thirty minutes idle ends the session; use keeps it alive, with one session write a
    minute at most, not one a page (each would be a write lock on SQLite)."""
    from django.contrib.sessions.models import Session

    from moti.core import middleware

    assert settings.SESSION_COOKIE_AGE == 30 * 60 and not settings.SESSION_SAVE_EVERY_REQUEST
    clock = [1_800_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    http = login(world.member)
    http.get(reverse("home"))
    key = http.session.session_key

    def expiry():
        return Session.objects.get(session_key=key).expire_date

    first = expiry()
    clock[0] += 30
    http.get(reverse("home"))
    assert expiry() == first  # within the minute: not written
    clock[0] += 31
    http.get(reverse("home"))
    assert expiry() > first  # a minute on: touched, the idle timeout counts from now


@pytest.mark.django_db
def test_csp_header_forbids_inline_script(world):
    page = login(world.member).get(reverse("home"))
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**inherited, "DEBUG": "false", "SECRET_KEY": "x" * 20 + "-Moti-prod-like-key-" * 3,
           "ALLOWED_HOSTS": "moti.example.fi", "DATABASE_URL": f"sqlite:///{tmp_path}/db"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level",
                             "WARNING"], env=env, capture_output=True, text=True,
                            cwd=settings.BASE_DIR)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_keeps_its_database_connections(tmp_path):
    """A connection per request doubled the floor page's time: in production every alias
    keeps its connections, checked before reuse, unless CONN_MAX_AGE says otherwise."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "CONN_MAX_AGE")}
    env.update(DEBUG="false", SECRET_KEY="x" * 20 + "-Moti-prod-like-key-" * 3,
               ALLOWED_HOSTS="moti.example.fi", DATABASE_URL=f"sqlite:///{tmp_path}/db")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c",
         "from django.conf import settings; print(sorted((d['CONN_MAX_AGE'], "
         "d['CONN_HEALTH_CHECKS']) for d in settings.DATABASES.values()))"],
        env=env, capture_output=True, text=True, cwd=settings.BASE_DIR)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[(60, True), (60, True)]"


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "SECRET_KEY_FILE")}
    env["DEBUG"] = "false"
    result = subprocess.run([sys.executable, "manage.py", "check"], env=env,
                            capture_output=True, text=True, cwd=settings.BASE_DIR)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


# The only values URLs carry: database ids, signed user-bound handles, a kind of directory entry
# (letters only) and the directory's UUIDs (HSDS ids): never a code.
URL_PARAMETERS = {"pk": "IdConverter", "episode": "IdConverter", "handle": "StringConverter",
                  "kind": "KindConverter", "service_id": "UUIDConverter",
                  "organization_id": "UUIDConverter"}


def test_no_url_pattern_takes_an_identity_code():
    found = routes()
    assert {"plan_edit", "dpo:log_report", "concern_new"} <= {r.name for r in found}
    for route in found:
        assert not any(word in route.pattern for word in ("hetu", "identity", "code")), route
        for name, converter in route.parameters.items():
            assert URL_PARAMETERS.get(name) == converter, (
                f"{route.name} ({route.pattern}) takes {name!r}: URLs carry ids and handles "
                "only; an identity code must travel in a POST body")


@pytest.mark.django_db
def test_identity_code_never_reaches_a_url_or_a_log_line(world, caplog):
    caplog.set_level(logging.DEBUG)
    http = login(world.outsider)
    code = world.client.identity_code
    found = http.post(reverse("client_search"), {"query": code})
    http.post(reverse("client_new"), {"form_key": "6f1f8f5e-6d0e-4c59-8b55-2b0b5f0a0aff",
                                      "first_name": "A", "last_name": "B", "language": "fi",
                                      "identity_code": code})
    http.get(reverse("client_detail", args=[world.client.pk]))  # refused: logs a 404
    links = re.findall(r'href="([^"]+)"', found.content.decode())
    assert links and not any(HETU.search(link) for link in links)
    assert not any(HETU.search(record.getMessage()) for record in caplog.records)


@pytest.mark.django_db
def test_the_session_key_changes_when_the_second_factor_is_given(world, settings):
    """A cookie from before the second factor must not reach pages that need it."""
    from tests.factories import PersonFactory

    settings.MOTI_REQUIRE_2FA = True
    dpo = PersonFactory(roles=[RoleKind.DPO])
    http = HttpClient()
    http.post(reverse("login"), {"username": dpo.user.username, "password": "pw-for-tests-123"})
    before = http.cookies["sessionid"].value
    http.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=dpo.user)
    assert http.post(reverse("otp_setup"), {"token": _code(device)}).status_code == 302
    assert http.cookies["sessionid"].value != before
    assert http.get(reverse("dpo:home")).status_code == 200
    stale = HttpClient()
    stale.cookies["sessionid"] = before
    assert stale.get(reverse("dpo:home")).status_code == 302  # signed out, not in


@pytest.mark.django_db
def test_password_spraying_from_one_address_is_throttled(world, settings):
    settings.MOTI_LOGIN_ADDRESS_FAILURE_LIMIT = 12
    http = HttpClient()
    for n in range(12):  # one try each for many usernames: axes' per-username lock never fires
        http.post(reverse("login"), {"username": f"user-{n}", "password": "Kesä2026!"})
    right = http.post(reverse("login"), {"username": world.member.user.username,
                                         "password": "pw-for-tests-123"})
    assert right.status_code == 429 and "_auth_user_id" not in http.session


@pytest.mark.django_db
def test_behind_a_proxy_each_client_has_its_own_address_and_lockouts(world, settings):
    """Behind the county's reverse proxy everyone's REMOTE_ADDR is the proxy's: the address
    is the one the proxy added to X-Forwarded-For, so one sprayer does not lock out everyone,
    and a forged header to its left changes nothing."""
    settings.MOTI_TRUSTED_PROXIES = 1
    settings.MOTI_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    sprayer = HttpClient(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    for n in range(6):
        sprayer.post(reverse("login"), {"username": f"user-{n}", "password": "Kesä2026!"})
    forged = HttpClient(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9")
    assert forged.post(reverse("login"), {"username": "x", "password": "y"}).status_code == 429
    colleague = HttpClient(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")
    ok = colleague.post(reverse("login"), {"username": world.member.user.username,
                                           "password": "pw-for-tests-123"})
    assert ok.status_code == 302
