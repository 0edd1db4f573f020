from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from moti.core import otp
from moti.core.login import LoginView
from moti.core.views import floor, healthz

urlpatterns = [
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/2fa/setup/", otp.otp_setup, name="otp_setup"),
    path("accounts/2fa/verify/", otp.otp_verify, name="otp_verify"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
    path("", include("moti.teams.urls")),
    path("", include("moti.clients.urls")),
    path("", include("moti.plans.urls")),
    path("", include("moti.paths.urls")),
    path("", include("moti.dpo.urls")),
    path("", include("moti.access.urls")),
    path("", include("moti.directory.urls")),
    path("", include("moti.directory.api_urls")),
]

if settings.MOTI_BENCH:  # never in production: see bench/bench_pages.py
    urlpatterns.append(path("bench/floor/", floor, name="bench_floor"))
