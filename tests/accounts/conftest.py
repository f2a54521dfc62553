"""Logins with real passwords (a fast hasher: the tests are about counting, not hashing)."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fast_passwords_fresh_limits(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # the per-address login limit counts in the cache
    yield
    cache.clear()


def post_login(client, username, password, ip="10.0.0.1", forwarded=None, next_url=""):
    headers = {"REMOTE_ADDR": ip, "HTTP_ACCEPT_LANGUAGE": "en"}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    data = {"username": username, "password": password, "next": next_url}
    return client.post("/accounts/login/", data, **headers)


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")
