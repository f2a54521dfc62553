"""200 concurrent simulated respondents on loopback, on SQLite and on PostgreSQL.

Reports throughput, p50/p95/p99 page-save latency, errors and lost answers, each database as a
ratio to a bare Django view that writes one row under the same concurrency (the floor). Target:
zero errors, zero lost answers, p95 within 3x of the floor.

Run: ``.venv/bin/python benchmarks/load.py [--respondents 200] [--postgres-url URL]``. Without
``--postgres-url`` a throw-away PostgreSQL cluster is started when the server binaries exist.
Results go to ``benchmarks/results/load.json``.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
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
)


def measure(database_url: str, data_dir: str, respondents: int, concurrency: int) -> dict:
    env = server_env(database_url, data_dir)
    token = prepare_round(env)
    server = Server(env, free_port()).start()
    try:
        result = LoadResult()
        run_floor(server.url, respondents * 8, concurrency, result)
        run_load(server.url, token, respondents, concurrency, result=result)
    finally:
        server.stop()
    lost = lost_answers(env, result.acknowledged)
    p = {q: percentile(result.save_latencies, q) for q in (50, 95, 99)}
    f = {q: percentile(result.floor_latencies, q) for q in (50, 95, 99)}
    return {
        "respondents": respondents,
        "concurrency": concurrency,
        "completed": result.completed,
        "page_saves": len(result.save_latencies),
        "throughput_saves_per_s": len(result.save_latencies) / result.seconds,
        "save_latency_s": {f"p{q}": v for q, v in p.items()},
        "floor_latency_s": {f"p{q}": v for q, v in f.items()},
        "p95_ratio_to_floor": p[95] / f[95],
        "errors": len(result.errors),
        "error_samples": result.errors[:5],
        "lost_answers": len(lost),
    }


def postgres_cluster() -> tuple[str, callable]:
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not bins:
        raise RuntimeError("PostgreSQL server binaries not found")
    pg = bins[-1]
    root = tempfile.mkdtemp(prefix="leerscan-bench-pg-")
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(root, "postgres")
    port = free_port()
    subprocess.run(
        [*as_user, f"{pg}/initdb", "-D", f"{root}/data", "-U", "postgres", "--auth=trust"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *as_user,
            f"{pg}/pg_ctl",
            "-D",
            f"{root}/data",
            "-l",
            f"{root}/log",
            "-w",
            "-o",
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=300",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [*as_user, f"{pg}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "leerscan"],
        check=True,
        capture_output=True,
    )

    def stop():
        subprocess.run(
            [*as_user, f"{pg}/pg_ctl", "-D", f"{root}/data", "-m", "immediate", "stop"], capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)

    return f"postgres://postgres@127.0.0.1:{port}/leerscan", stop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--postgres-url")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as data_dir:
        results["sqlite"] = measure(
            f"sqlite:///{data_dir}/load.sqlite3", data_dir, args.respondents, args.concurrency
        )
        stop = None
        url = args.postgres_url
        if url is None:
            try:
                url, stop = postgres_cluster()
            except (RuntimeError, subprocess.CalledProcessError) as exc:
                print(f"PostgreSQL skipped: {exc}")
        if url:
            try:
                results["postgresql"] = measure(url, data_dir, args.respondents, args.concurrency)
            finally:
                if stop:
                    stop()
    path = record(
        "load",
        {
            "results": results,
            "server": "gunicorn, 2 workers x 8 threads, loopback",
            "target": "0 errors, 0 lost answers, p95 within 3x of the floor",
        },
    )
    for db, r in results.items():
        ms = {k: v * 1000 for k, v in r["save_latency_s"].items()}
        floor = r["floor_latency_s"]["p95"] * 1000
        print(
            f"{db:>10}: {r['completed']}/{r['respondents']} completed, {r['page_saves']} saves, "
            f"{r['throughput_saves_per_s']:.0f} saves/s, p50 {ms['p50']:.0f} ms, p95 {ms['p95']:.0f} ms "
            f"(floor {floor:.0f} ms, ratio {r['p95_ratio_to_floor']:.2f}x), p99 {ms['p99']:.0f} ms, "
            f"errors {r['errors']}, lost {r['lost_answers']}"
        )
    print(f"recorded in {path}")


if __name__ == "__main__":
    main()
