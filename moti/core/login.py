"""Signing in: Django's view, with a limit per address on top of django-axes' per-username one.

django-axes locks a username at an address after five failures. Password spraying tries one
or two passwords on many usernames from one address, which that never catches; so an address
whose failures over all usernames reach `MOTI_LOGIN_ADDRESS_FAILURE_LIMIT` within the cool-off
period is refused too. The limit is higher than axes' (offices share an address).
"""

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from (django-axes asks here: AXES_CLIENT_IP_CALLABLE).

    Behind `MOTI_TRUSTED_PROXIES` reverse proxies, REMOTE_ADDR is the proxy's, shared by
    everyone: the client's is the one the outermost trusted proxy added to X-Forwarded-For,
    counted from the right, since what a client sends itself sits to the left of it.
    """
    count = settings.MOTI_TRUSTED_PROXIES
    if count:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    address: str | None = request.META.get("REMOTE_ADDR")
    return address


def address_failures(request: HttpRequest) -> int:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(
        ip_address=get_client_ip_address(request), attempt_time__gte=since,
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return int(total or 0)


class LoginView(auth_views.LoginView):
    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if address_failures(request) >= settings.MOTI_LOGIN_ADDRESS_FAILURE_LIMIT:
            return render(request, "registration/locked_out.html", status=429)
        return super().post(request, *args, **kwargs)
