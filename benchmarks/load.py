"""200 concurrent simulated respondents on loopback, on SQLite and on PostgreSQL.

Reports throughput, p50/p95/p99 page-save latency, errors and lost answers, each database as a
ratio to a bare Django view that writes one row under the same concurrency (the floor). Target:
zero errors, zero lost answers, the page save's p95 within 2x of the floor's as the clients see it
and within 3x as the server counts it (medians of the runs).

Every database is measured in several runs (default 3), each on a fresh database and a fresh
server; every run is recorded and the median run ratio is judged. Latencies are measured by the
clients (several processes of asyncio tasks, so that the client's own thread contention does not
inflate them) and, next to them, by the server itself (gunicorn's access log, ``%(D)s``: the
time from reading a request to sending its response, without the wait for a free server thread).
Before each measurement a short warm-up (not counted) loads templates and the instrument. The
machine's load is recorded with every run: on a shared machine other work competes for the same
cores. The load average counts the benchmark's own processes too (its clients and server keep two
cores busy); ``other_work_share`` is the share of the machine's CPU time during the run that went
to processes this script did not start (on PostgreSQL including the database server's).

Run: ``.venv/bin/python benchmarks/load.py [--respondents 200] [--runs 3] [--postgres-url URL]``.
Without ``--postgres-url`` a throw-away PostgreSQL cluster is started when the server binaries
exist. Results go to ``benchmarks/results/load.json``.
"""

from __future__ import annotations

import argparse
import glob
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import record  # noqa: E402
from benchmarks.loadlib import (  # noqa: E402
    LoadResult,
    Server,
    free_port,
    lost_answers,
    percentile,
    prepare_round,
    run_floor,
    run_load,
    server_env,
    server_timings,
)

WORKERS, THREADS = 2, 8


def _quantiles(values: list[float]) -> dict:
    return {f"p{q}": percentile(values, q) for q in (50, 95, 99)}


def _machine_busy_s() -> float | None:
    """CPU seconds all processes of the machine have used since boot (Linux), or None."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            ticks = [int(x) for x in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait


def _own_cpu_s() -> float:
    """CPU seconds of this process and of every process it started and waited for (server, clients)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _machine_load(busy_before, own_before, began, load_before) -> dict:
    """How busy the machine was during a run, and how much of that was other work (a shared machine)."""
    wall = time.perf_counter() - began
    cores = os.cpu_count() or 1
    load = {"load_average_before": load_before, "load_average_after": os.getloadavg(), "wall_s": wall}
    busy_after = _machine_busy_s()
    if busy_before is not None and busy_after is not None:
        busy, own = busy_after - busy_before, _own_cpu_s() - own_before
        load["machine_busy_share"] = busy / (wall * cores)
        # PostgreSQL's server processes are not this script's children: on PostgreSQL they count here.
        load["other_work_share"] = max(0.0, busy - own) / (wall * cores)
    return load


def measure(database_url: str, data_dir: str, respondents: int, concurrency: int, clients: int) -> dict:
    """One run: a fresh server on a fresh database; warm-up, floor, then the respondents."""
    load_before, busy_before, own_before = os.getloadavg(), _machine_busy_s(), _own_cpu_s()
    began = time.perf_counter()
    env = server_env(database_url, data_dir)
    token = prepare_round(env)
    access_log = os.path.join(data_dir, f"access-{free_port()}.log")
    server = Server(env, free_port(), workers=WORKERS, threads=THREADS, access_log=access_log).start()
    try:
        warm = LoadResult()
        run_floor(server.url, 200, 20, warm, processes=clients, phase="warmup")
        run_load(server.url, token, 20, 20, seed=7, result=warm, processes=clients, phase="warmup")
        result = LoadResult()
        run_floor(server.url, respondents * 8, concurrency, result, processes=clients)
        run_load(server.url, token, respondents, concurrency, result=result, processes=clients)
    finally:
        server.stop()
    acknowledged = dict(warm.acknowledged)
    acknowledged.update(result.acknowledged)
    lost = lost_answers(env, acknowledged)
    served = {phase: server_timings(access_log, phase) for phase in ("floor", "load")}
    client_save, client_floor = _quantiles(result.save_latencies), _quantiles(result.floor_latencies)
    server_save, server_floor = _quantiles(served["load"]["save"]), _quantiles(served["floor"]["floor"])
    return {
        "respondents": respondents,
        "concurrency": concurrency,
        "client_processes": clients,
        "completed": result.completed,
        "page_saves": len(result.save_latencies),
        "throughput_saves_per_s": len(result.save_latencies) / result.seconds,
        "save_latency_s": client_save,
        "floor_latency_s": client_floor,
        "p95_ratio_to_floor": client_save["p95"] / client_floor["p95"],
        "server_save_latency_s": server_save,
        "server_floor_latency_s": server_floor,
        "server_p95_ratio_to_floor": server_save["p95"] / server_floor["p95"],
        "errors": len(result.errors) + len(warm.errors),
        "error_samples": (warm.errors + result.errors)[:5],
        "lost_answers": len(lost),
        **_machine_load(busy_before, own_before, began, load_before),
    }


CLIENT_TARGET, SERVER_TARGET = 2.0, 3.0


def summarize(runs: list[dict]) -> dict:
    """The medians of the runs' ratios are judged; errors and lost answers count in every run."""
    ratios = [r["p95_ratio_to_floor"] for r in runs]
    server_ratios = [r["server_p95_ratio_to_floor"] for r in runs]
    median = statistics.median(ratios)
    server_median = statistics.median(server_ratios)
    clean = all(r["errors"] == 0 and r["lost_answers"] == 0 for r in runs)
    return {
        "runs": len(runs),
        "p95_ratio_to_floor_per_run": ratios,
        "median_p95_ratio_to_floor": median,
        "server_p95_ratio_to_floor_per_run": server_ratios,
        "median_server_p95_ratio_to_floor": server_median,
        "median_save_p95_s": statistics.median(r["save_latency_s"]["p95"] for r in runs),
        "median_floor_p95_s": statistics.median(r["floor_latency_s"]["p95"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "lost_answers": sum(r["lost_answers"] for r in runs),
        "other_work_share_per_run": [r.get("other_work_share") for r in runs],
        "target_met": clean and median <= CLIENT_TARGET and server_median <= SERVER_TARGET,
    }


class PostgresCluster:
    """A throw-away PostgreSQL cluster on loopback; one fresh database per run."""

    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not bins:
            raise RuntimeError("PostgreSQL server binaries not found")
        self.pg = bins[-1]
        self.root = tempfile.mkdtemp(prefix="leerscan-bench-pg-")
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.root, "postgres")
        self.port = free_port()
        self._run("initdb", "-D", f"{self.root}/data", "-U", "postgres", "--auth=trust")
        self._run(
            "pg_ctl",
            "-D",
            f"{self.root}/data",
            "-l",
            f"{self.root}/log",
            "-w",
            "-o",
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=300",
            "start",
        )
        self.databases = 0

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_user, f"{self.pg}/{tool}", *args], check=True, capture_output=True)

    def new_database(self) -> str:
        self.databases += 1
        name = f"leerscan{self.databases}"
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, f"{self.pg}/pg_ctl", "-D", f"{self.root}/data", "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def _print_run(db: str, i: int, r: dict) -> None:
    ms = {k: v * 1000 for k, v in r["save_latency_s"].items()}
    server = r["server_save_latency_s"]["p95"] * 1000
    print(
        f"{db:>10} run {i}: {r['completed']}/{r['respondents']} completed, {r['page_saves']} saves, "
        f"{r['throughput_saves_per_s']:.0f} saves/s, p50 {ms['p50']:.0f} ms, p95 {ms['p95']:.0f} ms "
        f"(floor {r['floor_latency_s']['p95'] * 1000:.0f} ms, ratio {r['p95_ratio_to_floor']:.2f}x; "
        f"server p95 {server:.0f} ms vs {r['server_floor_latency_s']['p95'] * 1000:.0f} ms, "
        f"{r['server_p95_ratio_to_floor']:.2f}x), p99 {ms['p99']:.0f} ms, "
        f"errors {r['errors']}, lost {r['lost_answers']}; load average "
        f"{r['load_average_before'][0]:.1f} before, {r['load_average_after'][0]:.1f} after, "
        f"machine busy {r.get('machine_busy_share', float('nan')):.0%}, "
        f"other work {r.get('other_work_share', float('nan')):.0%}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3, help="runs per database (the median is judged)")
    parser.add_argument("--clients", type=int, default=4, help="client processes driving the load")
    parser.add_argument("--postgres-url", help="use this database for every run instead of a cluster")
    parser.add_argument(
        "--only", choices=["sqlite", "postgresql"], help="measure one database and record nothing (trials)"
    )
    args = parser.parse_args()
    measured = {}
    with tempfile.TemporaryDirectory() as data_dir:
        if args.only != "postgresql":
            measured["sqlite"] = []
            for i in range(1, args.runs + 1):
                url = f"sqlite:///{data_dir}/load{i}.sqlite3"
                run = measure(url, data_dir, args.respondents, args.concurrency, args.clients)
                measured["sqlite"].append(run)
                _print_run("sqlite", i, run)
        if args.only != "sqlite":
            cluster = None
            if args.postgres_url is None:
                try:
                    cluster = PostgresCluster()
                except (RuntimeError, subprocess.CalledProcessError) as exc:
                    print(f"PostgreSQL skipped: {exc}")
            if cluster is not None or args.postgres_url:
                measured["postgresql"] = []
                try:
                    for i in range(1, args.runs + 1):
                        url = args.postgres_url or cluster.new_database()
                        run = measure(url, data_dir, args.respondents, args.concurrency, args.clients)
                        measured["postgresql"].append(run)
                        _print_run("postgresql", i, run)
                finally:
                    if cluster is not None:
                        cluster.stop()
    results = {db: {"summary": summarize(runs), "runs": runs} for db, runs in measured.items()}
    path = None
    if args.only is None:
        path = record(
            "load",
            {
                "results": results,
                "server": f"gunicorn, {WORKERS} workers x {THREADS} threads, loopback",
                "clients": f"{args.clients} processes of asyncio tasks (httpx), one client per respondent",
                "target": f"0 errors, 0 lost answers, median p95 ratio within {CLIENT_TARGET:g}x of the "
                f"floor client-side and within {SERVER_TARGET:g}x server-side",
            },
        )
    for db, r in results.items():
        s = r["summary"]
        runs = ", ".join(f"{x:.2f}x" for x in s["p95_ratio_to_floor_per_run"])
        server = ", ".join(f"{x:.2f}x" for x in s["server_p95_ratio_to_floor_per_run"])
        print(
            f"{db:>10}: p95 ratio per run {runs}, median {s['median_p95_ratio_to_floor']:.2f}x "
            f"(server-side {server}, median {s['median_server_p95_ratio_to_floor']:.2f}x); "
            f"errors {s['errors']}, lost {s['lost_answers']}; target met: {s['target_met']}"
        )
    print(f"recorded in {path}" if path else "not recorded (--only)")


if __name__ == "__main__":
    main()
