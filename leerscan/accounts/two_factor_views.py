"""The pages of two-factor login: set it up (scan a QR code, confirm a first code, note the recovery
codes), give the code after the password, and make new recovery codes."""

from __future__ import annotations

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device

from leerscan.accounts import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Set up the authenticator app: QR code and key, then a first code confirms it."""
    if user_has_device(request.user) and not request.user.is_verified():
        return redirect("two_factor_verify")
    if request.method == "POST" and request.POST.get("action") == "recovery":
        codes = two_factor.new_recovery_codes(request.user)
        return render(request, "registration/recovery_codes.html", {"codes": codes, "next": _next(request)})
    device = two_factor.pending_device(request.user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        codes = two_factor.confirm_device(request.user, device, form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            return render(
                request, "registration/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error("code", _("This code is not right. Check the time on your phone and try again."))
    context = {
        "form": form,
        "qr": segno.make(device.config_url, error="m").svg_inline(scale=4, title="QR"),
        "key": device.config_url.split("secret=")[1].split("&")[0],
        "is_on": user_has_device(request.user),
        "required": two_factor.is_required(request.user),
        "next": _next(request),
    }
    return render(request, "registration/two_factor_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """After the password: the code from the app, or a recovery code."""
    if request.user.is_verified() or not user_has_device(request.user):
        return redirect(_next(request))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        device = two_factor.check_code(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", _("This code is not right, or was used already."))
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next(request)})
