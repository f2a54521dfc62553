"""Two-factor login (django-otp): a code from an authenticator app (TOTP), or a one-time recovery code.

Platform administrators, the programme and service providers see many organizations: they must use
it (``LEERSCAN_TWO_FACTOR_ROLES``), and until they have set it up they reach only its set-up page
(:class:`TwoFactorMiddleware`).
Consultants and organization contacts may turn it on; once on, it is asked at every login. A user
whose profile is marked exempt (the demo's users, ``leerscan demo``) is not required to.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from leerscan.accounts.access import role_of
from leerscan.audit.models import Action
from leerscan.audit.services import record

RECOVERY_CODES = 10


def is_required(user) -> bool:
    """Must ``user`` use two-factor login (their role sees many organizations, and they are not exempt)?"""
    if role_of(user) not in settings.LEERSCAN_TWO_FACTOR_ROLES:
        return False
    profile = getattr(user, "profile", None)
    return not (profile is not None and profile.two_factor_exempt)


def gate(user) -> str | None:
    """Where a logged-in user must go first: ``"verify"`` (give the code), ``"setup"`` (required but not
    set up), or None (on with a code given, or not needed)."""
    if not user.is_authenticated or user.is_verified():
        return None
    if user_has_device(user):
        return "verify"
    return "setup" if is_required(user) else None


def pending_device(user) -> TOTPDevice:
    """The authenticator being set up (not confirmed yet), made once and shown until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def confirm_device(user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with a first code; returns fresh recovery codes, or None if wrong."""
    if not device.verify_token(code.strip()):
        record(Action.TWO_FACTOR_FAILED, actor=user, target="set-up")
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    record(Action.TWO_FACTOR_SET_UP, actor=user)
    return new_recovery_codes(user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with :data:`RECOVERY_CODES` new ones (each works once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def check_code(user, code: str):
    """The device that accepts ``code`` (an app's 6 digits, or a recovery code, which is then used up),
    or None. Every device throttles repeated wrong codes."""
    code = code.strip().replace(" ", "").lower()
    kind = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if isinstance(device, kind) and device.verify_token(code):
                if kind is StaticDevice:
                    record(Action.RECOVERY_CODE_USED, actor=user)
                return device
    record(Action.TWO_FACTOR_FAILED, actor=user, target="login")
    return None


class TwoFactorMiddleware:
    """A logged-in user who still owes the second factor reaches only its pages (set up or give the
    code), logging out and the language switch; every other address sends them there."""

    OPEN = ("two_factor_setup", "two_factor_verify", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths = None

    def __call__(self, request):
        if self._open_paths is None:
            self._open_paths = {reverse(name) for name in self.OPEN}
        user = getattr(request, "user", None)
        if user is not None and request.path not in self._open_paths:
            where = gate(user)
            if where is not None:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path(), reverse(f"two_factor_{where}"))
        return self.get_response(request)
