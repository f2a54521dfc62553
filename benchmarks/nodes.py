"""Several nodes on one machine: two web nodes, one worker and HAProxy on loopback against a throw-away
PostgreSQL cluster, each started from the files in ``deploy/`` (docs/deploy.md), then killed.

1. Migrations run once; two gunicorn nodes (deploy/gunicorn.conf.py), one ``leerscan worker`` and
   HAProxy (deploy/haproxy/haproxy.cfg) start.
2. 200 simulated respondents answer through HAProxy; one web node is killed with ``kill -9`` mid-run.
   Every answer acknowledged to a respondent must be in the database; HAProxy must take the dead
   node out and send the rest to the other one; the errors respondents saw are counted.
3. A batch PDF (``reports.zip`` over every organization) starts and the worker is killed with
   ``kill -9`` while it runs. ``/readyz`` must report the stopped worker (503, ``workers.ok`` false)
   within a minute; then the worker starts again and the job must end done, exactly once
   (``completions == 1``) with every report in the zip.
4. The same for an import job (atomic: its rows and its "done" commit together): no row twice.

Run: ``.venv/bin/python benchmarks/nodes.py`` (5-10 minutes; results in
``benchmarks/results/nodes.json``) or ``--short`` (40 respondents, 6 organizations, 1,000
questionnaires, heartbeats every second: 2-4 minutes; records nothing unless ``--out`` is given).
Needs PostgreSQL's server binaries (``apt-get install postgresql``) and HAProxy
(``apt-get install haproxy``). The exit status is 1 when a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import machine, record  # noqa: E402
from benchmarks.load import PostgresCluster  # noqa: E402
from benchmarks.loadlib import LoadResult, lost_answers, manage, run_load, server_env  # noqa: E402
from benchmarks.nodeslib import HAProxy, Process, free_port, wait_for, web_node, worker  # noqa: E402

PAGES_PER_RESPONDENT = 8  # the long questionnaire


def django(env: dict, call: str) -> dict:
    """Run ``benchmarks.nodes_data.<call>`` inside Django; its JSON answer."""
    out = manage(env, "shell", "-c", f"from benchmarks import nodes_data; nodes_data.{call}")
    return json.loads(out.strip().splitlines()[-1])


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


class Cluster:
    """Everything on loopback: PostgreSQL, the web nodes, the worker, HAProxy."""

    def __init__(self, args, tmp: str):
        self.tmp, self.args = tmp, args
        self.postgres = PostgresCluster()
        self.database_url = self.postgres.new_database()
        env = server_env(self.database_url, tmp)
        env.update(
            {
                "LEERSCAN_SECRET_KEY": "bench-nodes-" + os.urandom(32).hex(),
                "LEERSCAN_ALLOWED_HOSTS": "leerscan.example.org,localhost,127.0.0.1",
                "LEERSCAN_CLIENT_IP_HEADER": "X-Forwarded-For",
                "LEERSCAN_WORKER_BEAT_SECONDS": str(args.beat),
                "LEERSCAN_WORKER_SILENT_SECONDS": str(args.silent),
                "LEERSCAN_LOG_FORMAT": "json",
                "PYTHONPATH": os.pathsep.join(
                    filter(None, [str(Path(__file__).parents[1]), os.environ.get("PYTHONPATH")])
                ),
            }
        )
        env.pop("LEERSCAN_ALLOW_LOCAL_SECRET", None)
        self.env = env
        self.ports = {"web1": free_port(), "web2": free_port()}
        self.webs: dict[str, Process] = {}
        self.worker: Process | None = None
        self.haproxy: HAProxy | None = None

    def start(self) -> dict:
        times = {}
        begin = time.monotonic()
        manage(self.env, "migrate", "--noinput")  # leerscan-migrate.service: once, before the rest
        times["migrate_s"] = time.monotonic() - begin
        begin = time.monotonic()
        self.data = django(self.env, f"setup({self.args.organizations}, {self.args.import_rows})")
        times["data_s"] = time.monotonic() - begin
        begin = time.monotonic()
        for name, port in self.ports.items():
            self.webs[name] = web_node(name, port, self.env, self.tmp).start()
        self.worker = worker("worker", self.env, self.tmp).start()
        self.haproxy = HAProxy(free_port(), self.ports, self.env, self.tmp)
        self.haproxy.start()
        for port in self.ports.values():
            wait_for(f"http://127.0.0.1:{port}/healthz", 90)
        wait_for(self.haproxy.url + "/readyz", 90)  # a worker's heartbeat is in
        deadline = time.monotonic() + 30
        while not all(s["status"] == "UP" for s in self.haproxy.servers().values()):
            if time.monotonic() > deadline:
                raise RuntimeError(f"HAProxy does not see both nodes: {self.haproxy.stats()}")
            time.sleep(0.2)
        times["start_s"] = time.monotonic() - begin
        return times

    def stop(self) -> None:
        for process in [self.haproxy, self.worker, *self.webs.values()]:
            if process is not None:
                process.stop()
        self.postgres.stop()

    def readyz(self) -> tuple[int, dict]:
        response = httpx.get(self.haproxy.url + "/readyz", timeout=5)
        return response.status_code, response.json()

    def job(self, job_id: str) -> dict:
        """The job's row, read straight from PostgreSQL (a Django shell takes seconds to start)."""
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            row = connection.execute(
                "SELECT status, done, total, attempts, completions, worker_id FROM jobs_job WHERE id = %s",
                (job_id,),
            ).fetchone()
        return dict(
            zip(("status", "done", "total", "attempts", "completions", "worker_id"), row, strict=True)
        )

    def uncommitted_writers(self) -> int:
        """Sessions in a transaction that has written to the surveys' tables and not committed yet."""
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_xid IS NOT NULL"
                " AND pid <> pg_backend_pid() AND query LIKE '%\"surveys_%'"
            ).fetchone()[0]

    def wait_job(self, job_id: str, until, seconds: float, poll: float = 0.3) -> dict:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            state = self.job(job_id)
            if until(state):
                return state
            time.sleep(poll)
        raise RuntimeError(f"job {job_id} did not get there in {seconds} s: {self.job(job_id)}")


def node_kill(cluster: Cluster, respondents: int) -> dict:
    """Respondents through HAProxy; web1 killed with kill -9 once a quarter of the pages are saved."""
    result = LoadResult()
    load = threading.Thread(
        target=run_load,
        args=(cluster.haproxy.url, cluster.data["token"], respondents, respondents),
        kwargs={"result": result},
    )
    kill_after = respondents * PAGES_PER_RESPONDENT // 4
    begin = time.monotonic()
    load.start()
    while result.saves_so_far() < kill_after and load.is_alive():
        time.sleep(0.02)
    before = cluster.haproxy.stats()
    saves_at_kill = result.saves_so_far()
    cluster.webs["web1"].kill_9()
    killed = time.monotonic()
    down_after = None
    while load.is_alive() or down_after is None:
        if down_after is None and cluster.haproxy.stats()["web1"]["status"].startswith("DOWN"):
            down_after = time.monotonic() - killed
        if time.monotonic() - killed > 120:
            break
        time.sleep(0.05)
    load.join()
    seconds = time.monotonic() - begin
    after = cluster.haproxy.stats()
    lost = lost_answers(cluster.env, result.acknowledged)
    # The node comes back: HAProxy takes it in again after `rise` good checks.
    cluster.webs["web1"].start()
    restarted = time.monotonic()
    back_after = None
    while time.monotonic() - restarted < 90:
        if cluster.haproxy.stats()["web1"]["status"] == "UP":
            back_after = time.monotonic() - restarted
            break
        time.sleep(0.1)
    acknowledged = sum(len(answers) for answers in result.acknowledged.values())
    return {
        "respondents": respondents,
        "completed": result.completed,
        "page_saves_acknowledged": len(result.save_latencies),
        "page_saves_at_kill": saves_at_kill,
        "page_saves_after_kill": len(result.save_latencies) - saves_at_kill,
        "answers_acknowledged": acknowledged,
        "answers_lost": len(lost),
        "lost_samples": lost[:5],
        "client_errors": len(result.errors),
        "client_error_samples": result.errors[:5],
        "seconds": round(seconds, 1),
        "lb_marked_dead_node_down_after_s": None if down_after is None else round(down_after, 2),
        "lb_took_restarted_node_back_after_s": None if back_after is None else round(back_after, 2),
        "lb_per_server_before_kill": before,
        "lb_per_server_at_end": after,
        "served_by_dead_node_after_kill": after["web1"]["served_2xx_3xx"] - before["web1"]["served_2xx_3xx"],
        "served_by_live_node_after_kill": after["web2"]["served_2xx_3xx"] - before["web2"]["served_2xx_3xx"],
    }


def wait_ready_reports_worker_stopped(cluster: Cluster, killed: float, limit: float = 90) -> float | None:
    while time.monotonic() - killed < limit:
        try:
            status, body = cluster.readyz()
        except (httpx.HTTPError, ValueError):
            status, body = 0, {}
        if status == 503 and body.get("checks", {}).get("workers", {}).get("ok") is False:
            return time.monotonic() - killed
        time.sleep(0.25)
    return None


def worker_kill(
    cluster: Cluster, kind: str, start_call: str, killed_when, measure_ready: bool, poll: float = 0.1
) -> dict:
    """Start a job, kill -9 the worker while it runs, (wait for /readyz to say so,) start a new worker,
    wait for the job to end."""
    job_id = django(cluster.env, start_call)["job"]
    began = time.monotonic()
    running = cluster.wait_job(job_id, killed_when, 300, poll=poll)
    writers = cluster.uncommitted_writers()
    cluster.worker.kill_9()
    killed = time.monotonic()
    at_kill = cluster.job(job_id)
    out = {
        "kind": kind,
        "seconds_run_before_kill": round(killed - began, 2),
        "state_seen_before_kill": {k: running[k] for k in ("status", "done", "total")},
        "state_after_kill": {k: at_kill[k] for k in ("status", "done", "total", "completions")},
        "uncommitted_write_transactions_at_kill": writers,
    }
    if measure_ready:
        ready = wait_ready_reports_worker_stopped(cluster, killed)
        out["readyz_reported_stopped_worker_after_s"] = None if ready is None else round(ready, 2)
        out["readyz_within_a_minute"] = ready is not None and ready <= 60
    cluster.worker = worker("worker", cluster.env, cluster.tmp).start()
    restarted = time.monotonic()
    cluster.wait_job(job_id, lambda s: s["status"] in ("done", "failed"), 300)
    out["seconds_from_restart_to_done"] = round(time.monotonic() - restarted, 1)
    out["job_id"] = job_id
    return out


def zip_phase(cluster: Cluster, organizations: int) -> dict:
    admin = cluster.data["admin"]
    kill_at = max(1, organizations // 4)
    out = worker_kill(
        cluster,
        "reports.zip",
        f"start_zip({admin})",
        lambda s: (s["status"] == "running" and s["done"] >= kill_at) or s["status"] in ("done", "failed"),
        measure_ready=True,
    )
    out["check"] = django(cluster.env, f"check_zip({out['job_id']!r})")
    check = out["check"]
    out["exactly_once"] = (
        check["status"] == "done"
        and check["completions"] == 1
        and check["files_in_zip"] == check["readable_pdfs"] == organizations
        and out["state_after_kill"]["completions"] == 0
    )
    return out


def import_phase(cluster: Cluster, rows: int) -> dict:
    if not django(cluster.env, "import_available()")["available"]:
        return {"skipped": "no import job kind (leerscan.surveys.import_jobs) in this version"}
    admin, target = cluster.data["admin"], cluster.data["import_round"]

    # An atomic job's progress commits with it, so "running" is all its row shows; the database shows
    # its transaction once it has written rows it has not committed: kill then.
    def writing(state):  # (a job that ended already: kill all the same, and the checks say so)
        return state["status"] in ("done", "failed") or (
            state["status"] == "running" and cluster.uncommitted_writers() > 0
        )

    out = worker_kill(
        cluster,
        "surveys.import",
        f"start_import({admin}, {target}, {rows})",
        writing,
        measure_ready=False,
        poll=0.02,
    )
    out["rows_in_file"] = rows
    out["check"] = django(cluster.env, f"check_import({out['job_id']!r}, {target})")
    check = out["check"]
    out["exactly_once"] = (
        check["status"] == "done"
        and check["completions"] == 1
        and check["stored"] == rows
        and check["duplicate_respondents"] == 0
        and check["pending_files_left"] == 0
        and out["state_after_kill"]["status"] == "running"
        and out["uncommitted_write_transactions_at_kill"] > 0
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="the CI version: smaller, about 2 minutes")
    parser.add_argument("--respondents", type=int)
    parser.add_argument("--organizations", type=int, help="organizations in the batch PDF")
    parser.add_argument("--import-rows", type=int)
    parser.add_argument("--beat", type=float, help="LEERSCAN_WORKER_BEAT_SECONDS (default 10; --short 1)")
    parser.add_argument("--silent", type=float, help="LEERSCAN_WORKER_SILENT_SECONDS (default 30; --short 4)")
    parser.add_argument(
        "--out", help="write the results here (default: benchmarks/results/nodes.json, nothing with --short)"
    )
    parser.add_argument("--keep-logs", metavar="DIR", help="copy every process's log here at the end")
    args = parser.parse_args(argv)
    short = args.short
    args.respondents = args.respondents or (40 if short else 200)
    args.organizations = args.organizations or (6 if short else 20)
    args.import_rows = args.import_rows or (1000 if short else 1500)
    args.beat = args.beat or (1.0 if short else 10.0)
    args.silent = args.silent or (4.0 if short else 30.0)
    results: dict = {
        "mode": "short" if short else "full",
        "settings": {
            "web_nodes": 2,
            "web_node": "gunicorn, deploy/gunicorn.conf.py (2 processes x 4 threads)",
            "workers": 1,
            "load_balancer": "HAProxy, deploy/haproxy/haproxy.cfg",
            "worker_beat_seconds": args.beat,
            "worker_silent_seconds": args.silent,
            "respondents": args.respondents,
            "organizations_in_batch_pdf": args.organizations,
            "import_rows": args.import_rows,
        },
        "load_average_before": load_average(),
    }
    with tempfile.TemporaryDirectory(prefix="leerscan-nodes-") as tmp:
        cluster = Cluster(args, tmp)
        try:
            results["start"] = cluster.start()
            print(f"started: {results['start']}", flush=True)
            results["node_kill"] = node_kill(cluster, args.respondents)
            print(f"node kill: {_brief(results['node_kill'])}", flush=True)
            results["worker_kill_batch_pdf"] = zip_phase(cluster, args.organizations)
            print(f"worker kill, batch PDF: {_brief(results['worker_kill_batch_pdf'])}", flush=True)
            results["worker_kill_import"] = import_phase(cluster, args.import_rows)
            print(f"worker kill, import: {_brief(results['worker_kill_import'])}", flush=True)
        except Exception:
            for process in [cluster.haproxy, cluster.worker, *cluster.webs.values()]:
                if process is not None:
                    print(f"--- {process.name} log:\n{process.log_tail()}", file=sys.stderr)
            raise
        finally:
            cluster.stop()
            if args.keep_logs:
                shutil.copytree(
                    tmp, args.keep_logs, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.sock")
                )
    results["load_average_after"] = load_average()
    results["checks"] = checks(results)
    results["ok"] = all(results["checks"].values())
    path = args.out or (None if short else str(Path(__file__).parent / "results" / "nodes.json"))
    if path:
        if Path(path).resolve().parent == (Path(__file__).parent / "results").resolve():
            record(Path(path).stem, results)
        else:
            Path(path).write_text(json.dumps({"machine": machine(), **results}, indent=2) + "\n")
        print(f"recorded in {path}")
    print(f"checks: {results['checks']}")
    return 0 if results["ok"] else 1


def checks(results: dict) -> dict[str, bool]:
    node = results["node_kill"]
    zipped = results["worker_kill_batch_pdf"]
    imported = results["worker_kill_import"]
    return {
        "no_acknowledged_answer_lost": node["answers_lost"] == 0 and node["answers_acknowledged"] > 0,
        "lb_routed_around_dead_node": node["lb_marked_dead_node_down_after_s"] is not None
        and node["served_by_dead_node_after_kill"] == 0
        and node["page_saves_after_kill"] > 0,
        "batch_pdf_exactly_once": zipped["exactly_once"],
        "readyz_reported_stopped_worker_within_a_minute": zipped["readyz_within_a_minute"],
        "import_exactly_once": imported.get("exactly_once", "skipped" in imported),
    }


def _brief(part: dict) -> str:
    keep = (
        "completed",
        "answers_acknowledged",
        "answers_lost",
        "client_errors",
        "lb_marked_dead_node_down_after_s",
        "served_by_dead_node_after_kill",
        "readyz_reported_stopped_worker_after_s",
        "exactly_once",
        "seconds_from_restart_to_done",
        "skipped",
    )
    return ", ".join(f"{k}={part[k]}" for k in keep if k in part)


if __name__ == "__main__":
    sys.exit(main())
