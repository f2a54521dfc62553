"""Logging in: the login page with its per-address limit, the lockout page, and the audit trail of
logins, failures, locks and unlocks.

The lock itself is django-axes (settings ``AXES_*``): after ``LEERSCAN_LOCKOUT_FAILURES`` (5) failed
logins for one user name, that name is locked for ``LEERSCAN_LOCKOUT_MINUTES`` (30), whatever
address the attempts come from. An unknown name is counted the same way, so its answers are the same.
A new password (by the e-mail reset or by an administrator) ends the lock at once.
"""

from __future__ import annotations

from axes.signals import user_locked_out
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model, user_logged_in, user_login_failed
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit

from leerscan.audit.models import Action
from leerscan.audit.services import record


def _login_rate(group, request) -> str:
    return settings.LEERSCAN_RATE_LIMITS["login"]


#: The login page; logins from one address are limited (``LEERSCAN_RATE_LOGIN``) on top of the lock.
login_view = ratelimit(key="ip", rate=_login_rate, method="POST", block=True)(
    LoginView.as_view(redirect_authenticated_user=False)
)


def lockout_minutes() -> int:
    return round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer: the login page again, saying the account is locked and for how
    long, in the person's language (the same for a known and an unknown name)."""
    context = {
        "form": AuthenticationForm(request),
        "locked": True,
        "minutes": lockout_minutes(),
        "next": request.POST.get("next", "") if request.method == "POST" else "",
    }
    return render(request, "registration/login.html", context, status=429)


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(Action.LOGIN, actor=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    locked = bool(request is not None and getattr(request, "axes_locked_out", False))
    record(Action.LOGIN_FAILED, target=username, username=username, while_locked=locked)


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    record(Action.LOCKED_OUT, target=str(username or "")[:150], username=str(username or ""))


@receiver(pre_save, sender=get_user_model())
def _unlock_on_new_password(sender, instance, raw=False, **kwargs):
    """A new password (reset by e-mail or set by an administrator) ends a lock on that account."""
    if raw or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if old is not None and old != instance.password and axes_reset(username=instance.get_username()):
        record(Action.UNLOCKED, target=instance.get_username(), username=instance.get_username())
