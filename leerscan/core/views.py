"""Friendly error pages: never a stack trace to a user."""

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
