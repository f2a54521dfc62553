"""Where the time of one page save goes, in-process (no server, no other requests).

Walks one respondent through consent to the questionnaire's first page (Django's test client, CSRF
checks on, the form sent as a browser sends it), then times the page save, the page's GET and the
floor of ``load.py`` (the bare view writing one row) in turns, as CPU time of this process (other
processes on a shared machine do not count). Prints the statements each one sends to the database
(``CaptureQueriesContext``; on PostgreSQL also the connection's health check, which Django does not
capture) and, with ``--profile save|get|floor``, the functions that cost the most (cProfile).

On SQLite every request opens its own connection when the settings say so (``CONN_MAX_AGE``), as
in production; the test client sends ``request_finished`` after every request.

Run: ``.venv/bin/python benchmarks/save_profile.py [--database sqlite|postgresql] [--profile save]``.
Nothing is recorded; ``load.py`` measures the server under load.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
START_RE = re.compile(r'name="start" value="([^"]*)"')
RADIO_RE = re.compile(r'type="radio" name="([a-z0-9_]+)" value="(-?\d+)"')


def _setup(database: str) -> object:
    """Environment and Django for a throw-away database; returns the cluster to stop (or None)."""
    data_dir = tempfile.mkdtemp(prefix="leerscan-bench-save-")
    cluster = None
    if database == "postgresql":
        from benchmarks.load import PostgresCluster

        cluster = PostgresCluster()
        url = cluster.new_database()
    else:
        url = f"sqlite:///{data_dir}/save.sqlite3"
    from benchmarks.loadlib import server_env

    os.environ.update(server_env(url, data_dir))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return cluster


def _walk_to_first_page():
    """A client with a started response on page 1, and the form a browser would send there."""
    from django.test import Client

    from leerscan.surveys.models import Organization, ScanRound

    organization = Organization.objects.create(name="Profile")
    scan_round = ScanRound.objects.create(
        organization=organization, wave=1, instrument_version="1.0.0", status="open", variant="long"
    )
    client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
    landing = client.get(f"/s/{scan_round.public_token}/").content.decode()
    started = client.post(
        f"/s/{scan_round.public_token}/",
        {
            "consent": "agree",
            "csrfmiddlewaretoken": CSRF_RE.search(landing).group(1),
            "start": START_RE.search(landing).group(1),
        },
    )
    url = started["location"]
    html = client.get(url).content.decode()
    groups: dict[str, list[str]] = {}
    for name, value in RADIO_RE.findall(html):
        groups.setdefault(name, []).append(value)
    form = {"csrfmiddlewaretoken": CSRF_RE.search(html).group(1), "action": "next"}
    form.update({name: values[0] for name, values in groups.items()})
    if 'name="age"' in html:
        form["age"] = "30"
    return client, url, urlencode(form)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=7, help="timing rounds (the median is shown)")
    parser.add_argument("--per-round", type=int, default=50, help="requests of each kind per round")
    parser.add_argument("--profile", choices=["save", "get", "floor"], help="print a cProfile of this")
    parser.add_argument("--top", type=int, default=40, help="functions shown by --profile")
    args = parser.parse_args()
    cluster = _setup(args.database)
    try:
        _measure(args)
    finally:
        if cluster is not None:
            from django.db import connections

            connections.close_all()
            cluster.stop()


def _measure(args) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, url, form = _walk_to_first_page()

    def save():
        response = client.post(url, form, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 302, response.status_code

    def get():
        assert client.get(url).status_code == 200

    def floor():
        assert client.post("/_bench/write/").status_code == 200

    kinds = {"save": save, "get": get, "floor": floor}
    for request in kinds.values():  # warm-up: templates, instrument, translations
        for _ in range(20):
            request()
    print(f"{args.database}: page {url.split('/page/')[1].rstrip('/')} of the long questionnaire")
    for name, request in kinds.items():
        with CaptureQueriesContext(connection) as queries:
            request()
        print(f"{name}: {len(queries.captured_queries)} statements")
        for query in queries.captured_queries:
            print(f"    {query['sql'][:150]}")
    cpu = {name: [] for name in kinds}
    for _ in range(args.rounds):
        for name, request in kinds.items():
            begin = time.process_time()
            for _ in range(args.per_round):
                request()
            cpu[name].append((time.process_time() - begin) / args.per_round * 1000)
    floor_ms = statistics.median(cpu["floor"])
    for name, values in cpu.items():
        median = statistics.median(values)
        print(
            f"{name}: {median:.2f} ms CPU per request (median of {args.rounds} rounds, "
            f"best {min(values):.2f}), {median / floor_ms:.2f}x the floor"
        )
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(200):
            kinds[args.profile]()
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
