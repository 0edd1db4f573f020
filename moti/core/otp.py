"""Two-factor sign-in with TOTP: enrol an authenticator app once, then give a code per session."""

import io

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import MotiForm


class TokenForm(MotiForm):
    token = forms.RegexField(
        label=_("Code from your authenticator app"), regex=r"^\d{6}$", max_length=6,
        error_messages={"invalid": _("The code is six digits.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def needs_second_factor(request: HttpRequest) -> bool:
    return bool(settings.MOTI_REQUIRE_2FA and not request.user.is_verified())  # type: ignore[union-attr]


def second_factor_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Send a signed-in user without a verified second factor to enrol or to give a code."""
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    target = "otp_verify" if has_device else "otp_setup"
    return redirect(f"{resolve_url(target)}?next={request.get_full_path()}")


def _next(request) -> str:
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return resolve_url("home")


def _qr_svg(url: str) -> str:
    out = io.BytesIO()
    qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(out)
    return out.getvalue().decode()


@never_cache  # the page shows the secret
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{resolve_url('otp_verify')}?next={_next(request)}")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Moti"})
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if wait := _wait_message(device):
            form.add_error("token", wait)
        elif device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session.cycle_key()  # the session before the second factor is spent
            return redirect(_next(request))
        else:
            form.add_error("token", _("The code did not match. Check the time on your phone "
                                      "and try the newest code."))
    return render(request, "registration/otp_setup.html", {
        "form": form, "qr": mark_safe(_qr_svg(device.config_url)),  # our own SVG, no input
        "secret": device.bin_key.hex(),
    })


def _wait_message(device: TOTPDevice) -> str | None:
    """After wrong codes django-otp refuses tries for a while, longer each time (even the
    right code): say so, and until when, rather than "the code did not match"."""
    allowed, info = device.verify_is_allowed()
    if allowed or not info or "locked_until" not in info:
        return None
    return _("Too many wrong codes. Wait until %(time)s and try the newest code.") % {
        "time": timezone.localtime(info["locked_until"]).strftime("%H.%M.%S")}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        waits = []
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if wait := _wait_message(device):
                waits.append(wait)
            elif device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                request.session.cycle_key()  # the session before the second factor is spent
                return redirect(_next(request))
        form.add_error("token", waits[0] if waits else _(
            "The code did not match. Try the newest code."))
    return render(request, "registration/otp_verify.html", {"form": form})
