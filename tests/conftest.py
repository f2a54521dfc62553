"""Test-wide set-up: database tests are marked so they can also run against PostgreSQL; the people,
lots and organizations most database tests start from."""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from leerscan.accounts.models import Profile, Role, ServiceProvider
from leerscan.organizations.models import Lot, Organization
from leerscan.surveys.models import ScanRound
from tests.mailbox import mailbox  # noqa: F401 - a real SMTP server for any test that asks


def pytest_collection_modifyitems(items):
    for item in items:
        if "django_db" in item.keywords or {"db", "transactional_db"} & set(
            getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.database)


#: Tests start workers in and out of process: none of them makes a nightly backup unless a test asks.
os.environ["LEERSCAN_BACKUP_NIGHTLY"] = "0"


@pytest.fixture(autouse=True)
def _no_nightly_backups(settings):
    settings.LEERSCAN_BACKUP_NIGHTLY = False


@pytest.fixture(autouse=True)
def _quiet_heartbeats(settings):
    """A job run from a command line beats in a thread; inside a test's transaction that thread would
    wait for the database lock, so in-process tests beat only at the start. Worker processes started
    by tests beat as in production."""
    settings.LEERSCAN_WORKER_BEAT_SECONDS = 3600


@pytest.fixture(autouse=True)
def _second_factor_tested_on_its_own(settings, request):
    """Feature tests log people in with ``force_login`` (no password, no second factor). Two-factor
    login is tested in tests/accounts, where it stays required for its roles."""
    if not str(request.node.path).startswith(str(Path(__file__).parent / "accounts")):
        settings.LEERSCAN_TWO_FACTOR_ROLES = []


def run_jobs():
    """Run every waiting background job, as ``leerscan worker --batch`` does.

    In a test the worker shares the test's connection, which is inside the test's transaction; the
    worker's "close connections that are not in autocommit" (right for a real worker) would end that
    transaction on PostgreSQL, so it is left out here. Worker processes in tests keep it."""
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", "--batch", verbosity=0)


def report_pdf(client, scan_round_pk, **options):
    """Ask for a report's PDF as a person does (the button starts a job), let a worker make it, and
    fetch the file from the job's page; returns the download response."""
    started = client.post(f"/manage/rounds/{scan_round_pk}/report.pdf", options)
    assert started.status_code == 302 and "/jobs/" in started["Location"], started
    run_jobs()
    return client.get(started["Location"].split("?")[0] + "file/")


@dataclass
class World:
    org_a: Organization
    org_b: Organization
    round_a: ScanRound
    round_b: ScanRound
    users: dict


def close_round(scan_round):
    """Close the round, as its contact does when the answers are in: figures exist only then."""
    ScanRound.objects.filter(pk=scan_round.pk).update(status=ScanRound.Status.CLOSED)
    scan_round.status = ScanRound.Status.CLOSED


def make_user(username, role=None, **profile):
    """A user with ``role`` (or a superuser); tests log in with ``force_login``, so no password."""
    user = User(username=username)
    user.set_unusable_password()  # hashing a password is slow
    user.save()
    if role == "superuser":
        user.is_superuser = user.is_staff = True
        user.save()
    elif role:
        Profile.objects.create(user=user, role=role, **profile)
    return user


@pytest.fixture
def world(db):
    lot1 = Lot.objects.create(number=1, name="Bouw")
    lot2 = Lot.objects.create(number=2, name="Metaal")
    fund1 = ServiceProvider.objects.create(name="Fonds 1", lot=lot1)
    fund2 = ServiceProvider.objects.create(name="Fonds 2", lot=lot2)
    org_a = Organization.objects.create(name="Bakkerij A", lot=lot1, language="nl")
    org_b = Organization.objects.create(name="Garage B", lot=lot2, language="fr")
    users = {
        "admin": make_user("admin", "superuser"),
        "programme": make_user("programme", Role.PROGRAMME),
        "provider_a": make_user("provider_a", Role.SERVICE_PROVIDER, service_provider=fund1),
        "provider_b": make_user("provider_b", Role.SERVICE_PROVIDER, service_provider=fund2),
        "consultant_a": make_user("consultant_a", Role.CONSULTANT, service_provider=fund1),
        "consultant_b": make_user("consultant_b", Role.CONSULTANT, service_provider=fund2),
        "contact_a": make_user("contact_a", Role.ORGANIZATION, organization=org_a),
        "contact_b": make_user("contact_b", Role.ORGANIZATION, organization=org_b),
        "no_role": make_user("no_role"),
    }
    org_a.consultants.add(users["consultant_a"])
    org_b.consultants.add(users["consultant_b"])
    round_a = ScanRound.objects.create(
        organization=org_a,
        wave=1,
        instrument_version="1.0.0",
        status=ScanRound.Status.OPEN,
        expected_respondents=10,
    )
    round_b = ScanRound.objects.create(
        organization=org_b, wave=1, instrument_version="1.0.0", status=ScanRound.Status.OPEN
    )
    return World(org_a, org_b, round_a, round_b, users)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
