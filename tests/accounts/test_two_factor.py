"""Two-factor login: required roles reach only the set-up page until it is on; then a code from the
app (computed here as the phone does) logs in, and a recovery code works exactly once."""

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from leerscan.audit.models import Action, AuditEvent
from tests.accounts.conftest import logged_in_user_id, post_login
from tests.every_url import concrete_paths

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-Secret-42"
SETUP = "/accounts/two-factor/"
VERIFY = "/accounts/two-factor/code/"
OPEN = {SETUP, VERIFY, "/accounts/logout/", "/i18n/setlang/"}


def _with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def _code(device, later=0):
    """The six digits the authenticator app shows (``later`` steps of 30 s ahead)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + later * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.mark.parametrize("role", ["programme", "admin", "provider_a"])
def test_required_roles_reach_only_the_setup_page(client, world, role):
    user = _with_password(world.users[role])
    assert post_login(client, user.username, PASSWORD).status_code == 302
    for path in concrete_paths():
        if path in OPEN or not path.startswith(("/manage", "/research", "/admin", "/jobs", "/accounts")):
            continue
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(SETUP + "?next="), (path, response["Location"])
    assert client.get(SETUP).status_code == 200
    # Posting to a page is refused the same way.
    assert client.post("/manage/organizations/new/", {"name": "X"})["Location"].startswith(SETUP)


@pytest.mark.parametrize("role", ["consultant_a", "contact_a"])
def test_optional_for_consultants_and_contacts(client, world, role):
    user = _with_password(world.users[role])
    post_login(client, user.username, PASSWORD)
    assert client.get("/manage/").status_code == 200


def test_totp_then_recovery_code_once(client, world):
    user = _with_password(world.users["programme"])
    post_login(client, "programme", PASSWORD, next_url="/manage/programme/")
    page = client.get(SETUP, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<svg" in page  # the QR code
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong_code = "000000" if _code(device) != "000000" else "111111"
    wrong = client.post(SETUP, {"code": wrong_code}, HTTP_ACCEPT_LANGUAGE="en")
    assert "not right" in wrong.content.decode() and not TOTPDevice.objects.filter(confirmed=True).exists()
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None  # no 1 s wait in a test
    device.save()
    shown = client.post(SETUP, {"code": _code(device)}, HTTP_ACCEPT_LANGUAGE="en")
    codes = shown.context["codes"]
    assert len(codes) == 10 and all(code in shown.content.decode() for code in codes)
    assert client.get("/manage/programme/").status_code == 200  # verified in this session

    # A new login asks for the code before anything else.
    client.post("/accounts/logout/")
    landing = post_login(client, "programme", PASSWORD)["Location"]
    assert client.get(landing)["Location"].startswith(VERIFY)
    assert client.get("/manage/programme/")["Location"].startswith(VERIFY)
    device.refresh_from_db()
    assert client.post(VERIFY, {"code": _code(device, later=1)}).status_code == 302
    assert client.get("/manage/programme/").status_code == 200

    # A recovery code logs in once.
    client.post("/accounts/logout/")
    post_login(client, "programme", PASSWORD)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert client.get("/manage/programme/").status_code == 200
    client.post("/accounts/logout/")
    post_login(client, "programme", PASSWORD)
    again = client.post(VERIFY, {"code": codes[0]}, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 200 and "used already" in again.content.decode()
    assert client.get("/manage/programme/").status_code == 302
    assert logged_in_user_id(client) == str(user.pk)  # password given, second factor not
    actions = list(AuditEvent.objects.filter(actor=user).values_list("action", flat=True))
    assert Action.TWO_FACTOR_SET_UP in actions and actions.count(Action.RECOVERY_CODE_USED) == 1
    assert Action.TWO_FACTOR_FAILED in actions


def test_an_exempt_profile_is_not_asked(client, world):
    user = _with_password(world.users["programme"])
    user.profile.two_factor_exempt = True
    user.profile.save()
    post_login(client, "programme", PASSWORD)
    assert client.get("/manage/programme/").status_code == 200
