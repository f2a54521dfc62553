"""The short version of ``benchmarks/nodes.py``: two web nodes, a worker and HAProxy from ``deploy/`` on
loopback against a throw-away PostgreSQL cluster; a web node and the worker are killed with ``kill -9``.
No acknowledged answer is lost, HAProxy takes the dead node out, each job is done exactly once, and
``/readyz`` reports the stopped worker within a minute.

It needs PostgreSQL's server binaries and HAProxy (``.ci/run`` installs both); elsewhere it is skipped
when they are missing, on CI it fails.
"""

import glob
import json
import os
import shutil

import pytest

from benchmarks import nodes

pytestmark = pytest.mark.slow


def _missing() -> list[str]:
    missing = []
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        missing.append("postgresql")
    if not (shutil.which("haproxy") or os.path.exists("/usr/sbin/haproxy")):
        missing.append("haproxy")
    return missing


def test_killed_web_node_and_worker_lose_nothing_and_do_every_job_once(tmp_path):
    if missing := _missing():
        if os.environ.get("CI") == "true":
            pytest.fail(f"not installed: {', '.join(missing)} (.ci/run installs them)")
        pytest.skip(f"not installed: {', '.join(missing)} (apt-get install {' '.join(missing)})")
    out = tmp_path / "nodes.json"
    status = nodes.main(["--short", "--out", str(out), "--keep-logs", str(tmp_path / "logs")])
    results = json.loads(out.read_text())
    node = results["node_kill"]
    assert node["answers_acknowledged"] > 0 and node["answers_lost"] == 0, node["lost_samples"]
    assert node["lb_marked_dead_node_down_after_s"] is not None
    assert node["served_by_dead_node_after_kill"] == 0 and node["page_saves_after_kill"] > 0
    batch = results["worker_kill_batch_pdf"]
    assert batch["state_after_kill"]["completions"] == 0  # killed mid-job
    assert batch["check"]["completions"] == 1 and batch["check"]["status"] == "done", batch
    assert batch["check"]["files_in_zip"] == batch["check"]["readable_pdfs"] == 6
    assert batch["readyz_reported_stopped_worker_after_s"] <= 60
    imported = results["worker_kill_import"]
    assert imported["uncommitted_write_transactions_at_kill"] > 0  # killed with its rows uncommitted
    assert imported["check"]["completions"] == 1 and imported["check"]["stored"] == imported["rows_in_file"]
    assert status == 0, results["checks"]
