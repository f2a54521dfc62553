"""Friendly error pages (never a stack trace to a user) and the client address the rate limits use."""

import ipaddress

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


def rate_limited(request, exception=None):
    return render(
        request,
        "error.html",
        {
            "title": _("Too many requests"),
            "message": _("You are going a little too fast. Wait a minute and try again."),
        },
        status=429,
    )


def client_ip(request) -> str:
    """The client's address for rate limits (django-ratelimit's ``RATELIMIT_IP_META_KEY``).

    Read from ``LEERSCAN_CLIENT_IP_HEADER`` when set (behind a reverse proxy). Of a list such as
    ``X-Forwarded-For: a, b`` the last address counts: the one the nearest proxy saw, which a client
    cannot forge. A missing or malformed header falls back to the connection's address.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    value = request.META.get(settings.LEERSCAN_CLIENT_IP_META_KEY, "") or remote
    candidate = value.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
