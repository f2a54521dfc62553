"""A worker killed with ``kill -9`` in the middle of an import-like job: after a worker starts again,
the job is done exactly once, with every row once. Real processes on a SQLite file."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        LEERSCAN_DATA_DIR=str(tmp_path),
        LEERSCAN_WORKER_BEAT_SECONDS="1",
        LEERSCAN_WORKER_SILENT_SECONDS="3",
        LEERSCAN_TEST_JOB_MARK=str(tmp_path / "rows.log"),
        PYTHONPATH=str(ROOT),
    )
    return env


def run(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "tests.jobs.with_test_kinds", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def worker(env):
    command = [sys.executable, "-m", "tests.jobs.with_test_kinds", "worker", "--interval", "0.2"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_a_killed_worker_s_job_is_done_once_after_a_restart(tmp_path):
    env = environment(tmp_path)
    run(env, "migrate", "--noinput", "--verbosity", "0")
    job_id = run(
        env, "start", "test.write", json.dumps({"first": 500, "count": 6, "sleep": 0.4})
    ).stdout.strip()
    rows_log = tmp_path / "rows.log"

    first = worker(env)
    wait_for(lambda: rows_log.exists() and len(rows_log.read_text().splitlines()) >= 2)
    first.send_signal(signal.SIGKILL)  # mid-job: two of six rows written, not committed
    first.wait()

    second = worker(env)
    try:
        database = sqlite3.connect(tmp_path / "leerscan.sqlite3")
        job_row = "SELECT status, completions, attempts FROM jobs_job WHERE id = ?"
        wait_for(lambda: database.execute(job_row, (job_id.replace("-", ""),)).fetchone()[0] == "done")
        status, completions, attempts = database.execute(job_row, (job_id.replace("-", ""),)).fetchone()
        lots = [row[0] for row in database.execute("SELECT number FROM organizations_lot ORDER BY number")]
        beats_while_running = database.execute("SELECT count(*) FROM jobs_workerbeat").fetchone()[0]
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    assert (status, completions, attempts) == ("done", 1, 2)
    assert lots == list(range(500, 506))  # every row once: the killed run left none behind
    # The killed worker's last heartbeat stays (it only ages); the restarted worker, stopped cleanly,
    # removes its own, so readiness sees no worker at once.
    assert beats_while_running == 2
    assert database.execute("SELECT count(*) FROM jobs_workerbeat").fetchone()[0] == 1
