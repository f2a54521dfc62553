"""Production settings pass Django's deployment check with no warning, and a placeholder or weak
secret key is refused outside debug mode."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _leerscan(tmp_path, *args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("LEERSCAN_", "DATABASE_URL", "DJANGO_")
        )  # e2e tests set DJANGO_ALLOW_ASYNC_UNSAFE
    }
    environment.update({"LEERSCAN_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT), **env})
    return subprocess.run(
        [sys.executable, "-m", "leerscan", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = _leerscan(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        LEERSCAN_HTTPS="1",
        LEERSCAN_SECRET_KEY=secrets.token_urlsafe(50),
        LEERSCAN_ALLOWED_HOSTS="leerscan.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("key", ["CHANGE-ME", "django-insecure-" + "x1y2z3" * 10, "short-key-123"])
def test_a_placeholder_secret_key_is_refused(tmp_path, key):
    result = _leerscan(tmp_path, "check", LEERSCAN_SECRET_KEY=key)
    assert result.returncode != 0
    assert "LEERSCAN_SECRET_KEY is a placeholder or too weak" in result.stderr
    # In debug mode (development only) it is allowed.
    assert _leerscan(tmp_path, "check", LEERSCAN_SECRET_KEY=key, LEERSCAN_DEBUG="1").returncode == 0
