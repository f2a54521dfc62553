"""Login lockout: five failed logins lock the account whatever address they come from; an unknown
name answers like a wrong password; the cool-off or a new password unlocks it."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.forms import SetPasswordForm
from django.utils import timezone

from leerscan.audit.models import Action, AuditEvent
from tests.accounts.conftest import logged_in_user_id, post_login

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-Secret-42"


@pytest.fixture
def consultant(world):
    user = world.users["consultant_a"]
    user.set_password(PASSWORD)
    user.save()
    return user


def _lock(client, username):
    """Five wrong passwords from five addresses: four say "did not match", the fifth says locked."""
    for attempt in range(5):
        response = post_login(
            client, username, f"wrong-{attempt}", ip=f"10.0.{attempt}.1", forwarded=f"192.0.2.{attempt}"
        )
        if attempt < 4:
            assert response.status_code == 200
            assert "did not match" in response.content.decode()
        else:
            assert response.status_code == 429 and "locked" in response.content.decode()


def test_five_failures_lock_the_account_from_any_address(client, consultant, settings):
    settings.LEERSCAN_CLIENT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"  # behind a proxy, as deployed
    _lock(client, "consultant_a")
    refused = post_login(client, "consultant_a", PASSWORD, ip="10.9.9.9", forwarded="198.51.100.7")
    assert refused.status_code == 429
    assert "locked for 30 minutes" in refused.content.decode()
    assert logged_in_user_id(client) is None
    # Another address and proxy header again: still locked.
    again = post_login(client, "consultant_a", PASSWORD, ip="10.8.8.8", forwarded="203.0.113.9")
    assert again.status_code == 429 and logged_in_user_id(client) is None
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count(Action.LOGIN_FAILED) >= 5
    assert Action.LOCKED_OUT in actions
    assert Action.LOGIN not in actions


def test_the_lock_speaks_the_users_language(client, consultant):
    _lock(client, "consultant_a")
    client.cookies["django_language"] = "fr"
    response = post_login(client, "consultant_a", PASSWORD, ip="10.7.7.7")
    assert response.status_code == 429
    assert 'lang="fr"' in response.content.decode()
    assert "30\u00a0minutes" in response.content.decode() or "30 minutes" in response.content.decode()
    assert "verrouillé" in response.content.decode()


def _comparable(response, username):
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    return response.status_code, body.replace(username, "NAME")


def test_an_unknown_name_answers_like_a_wrong_password(client, consultant):
    wrong = post_login(client, "consultant_a", "not-it", ip="10.1.1.1")
    unknown = post_login(client, "nobody_here", "not-it", ip="10.1.1.2")
    assert _comparable(wrong, "consultant_a") == _comparable(unknown, "nobody_here")
    # Locked, too, the same way.
    AccessAttempt.objects.all().delete()
    _lock(client, "consultant_a")
    _lock(client, "nobody_here")
    locked_known = post_login(client, "consultant_a", PASSWORD, ip="10.1.1.3")
    locked_unknown = post_login(client, "nobody_here", PASSWORD, ip="10.1.1.4")
    assert _comparable(locked_known, "consultant_a") == _comparable(locked_unknown, "nobody_here")


def test_after_the_cool_off_login_works(client, consultant):
    _lock(client, "consultant_a")
    assert post_login(client, "consultant_a", PASSWORD).status_code == 429
    # 31 minutes later (the lock's clock moved back rather than waiting).
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    response = post_login(client, "consultant_a", PASSWORD)
    assert response.status_code == 302 and logged_in_user_id(client) == str(consultant.pk)
    assert AuditEvent.objects.filter(action=Action.LOGIN, actor=consultant).exists()


def test_the_cool_off_comes_from_settings(client, consultant, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=5)
    _lock(client, "consultant_a")
    assert "locked for 5 minutes" in post_login(client, "consultant_a", PASSWORD).content.decode()
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=6))
    assert post_login(client, "consultant_a", PASSWORD).status_code == 302


def test_a_password_reset_unlocks(client, consultant):
    _lock(client, "consultant_a")
    assert post_login(client, "consultant_a", PASSWORD).status_code == 429
    # The e-mail reset's last page and the administrator's password form both use this form.
    form = SetPasswordForm(consultant, {"new_password1": "Another-long-9", "new_password2": "Another-long-9"})
    assert form.is_valid(), form.errors
    form.save()
    response = post_login(client, "consultant_a", "Another-long-9")
    assert response.status_code == 302 and logged_in_user_id(client) == str(consultant.pk)
    assert AuditEvent.objects.filter(action=Action.UNLOCKED, target="consultant_a").exists()


def test_login_attempts_per_address_are_limited_on_top(client, consultant, settings):
    settings.LEERSCAN_RATE_LIMITS = {**settings.LEERSCAN_RATE_LIMITS, "login": "3/m"}
    for name in ("a", "b", "c"):
        assert post_login(client, name, "x", ip="10.5.5.5").status_code == 200
    refused = post_login(client, "consultant_a", PASSWORD, ip="10.5.5.5")
    assert refused.status_code == 429 and logged_in_user_id(client) is None
    # Another address is not affected.
    assert post_login(client, "consultant_a", PASSWORD, ip="10.5.5.6").status_code == 302
