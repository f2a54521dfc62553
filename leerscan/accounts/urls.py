"""Logging in and out, password reset (Django's own pages), and two-factor login."""

from django.urls import include, path

from leerscan.accounts import two_factor_views
from leerscan.accounts.login import login_view

urlpatterns = [
    path("login/", login_view, name="login"),
    path("two-factor/", two_factor_views.setup, name="two_factor_setup"),
    path("two-factor/code/", two_factor_views.verify, name="two_factor_verify"),
    path("", include("django.contrib.auth.urls")),
]
