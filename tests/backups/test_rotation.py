"""The nightly backup: it runs as a job, keeps the newest backup of each of the last 7 days, 4 weeks
and 12 months, and /readyz tells the last backup's age."""

from __future__ import annotations

import tarfile
from datetime import UTC, datetime, timedelta

import pytest

from leerscan.backups.archive import DATABASE_MEMBER, PREFIX, SUFFIX
from leerscan.backups.engines import engine
from leerscan.backups.retention import prune, to_keep
from leerscan.jobs.models import Job
from leerscan.jobs.services import start_job
from tests.conftest import run_jobs


def test_the_rotation_keeps_seven_days_four_weeks_and_twelve_months():
    first = datetime(2026, 1, 1, 1, 0, tzinfo=UTC)
    every_night = [first + timedelta(days=n) for n in range(341)]  # 1 January to 7 December 2026
    kept = sorted(stamp.date().isoformat() for stamp in to_keep(every_night, 7, 4, 12))
    assert kept == [
        "2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30",
        "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31",
        "2026-11-22", "2026-11-29",  # the newest of ISO weeks 47 and 48 (49 and 50 are in the days)
        "2026-11-30",
        "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06", "2026-12-07",
    ]  # fmt: skip


def test_pruning_deletes_the_rest_with_their_checksums_and_nothing_else(tmp_path):
    for day in range(1, 21):
        name = f"{PREFIX}202611{day:02d}T010000000000Z{SUFFIX}"
        (tmp_path / name).write_bytes(b"x")
        (tmp_path / f"{name}.sha256").write_text("x")
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / f"{PREFIX}copy{SUFFIX}").write_bytes(b"not a name leerscan writes")
    deleted = prune(tmp_path, daily=3, weekly=0, monthly=0)
    assert len(deleted) == 17
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(
        ["notes.txt", f"{PREFIX}copy{SUFFIX}"]
        + [f"{PREFIX}202611{d}T010000000000Z{SUFFIX}{end}" for d in (18, 19, 20) for end in ("", ".sha256")]
    )


@pytest.mark.django_db(transaction=True)  # a backup runs outside a transaction, as in a worker
def test_the_nightly_job_backs_up_and_readiness_tells_its_age(client, settings, tmp_path):
    settings.LEERSCAN_BACKUP_DIR = tmp_path
    backup = client.get("/readyz").json()["checks"]["backup"]
    assert backup == {"ok": True, "last_backup_hours_ago": None, "stale": True}

    settings.LEERSCAN_BACKUP_NIGHTLY = True
    job = start_job("backups.nightly")
    run_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    (made,) = tmp_path.glob(f"{PREFIX}*{SUFFIX}")
    with tarfile.open(made) as archive:
        assert sorted(archive.getnames()) == sorted(["manifest.json", DATABASE_MEMBER[engine()]])
    assert (tmp_path / f"{made.name}.sha256").read_text().split()[1] == made.name
    backup = client.get("/readyz").json()["checks"]["backup"]
    assert backup["last_backup_hours_ago"] == 0.0 and backup["stale"] is False
