"""Simulated respondents against a real server on loopback (used by ``benchmarks/load.py`` and the
crash-safety and race tests).

Each simulated respondent opens the round's link, gives consent, answers every page (page-save
latency is the time of the POST that saves a page) and submits. Every page save the server
acknowledged (HTTP 302 to the next page) is recorded, so that after the run - or after killing
the server - the database can be compared with what respondents were told was saved.

The load is driven from several client processes, each running its respondents as asyncio tasks
(httpx), so that the client's own thread contention does not inflate the measured latencies. The
server can write an access log with its own time per request (gunicorn's ``%(D)s``), so that
client-side and server-side latencies can be reported side by side. Traffic only goes to 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import queue as queue_module
import random
import re
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpcore
import httpx

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
START_RE = re.compile(r'name="start" value="([^"]*)"')
CODE_RE = re.compile(r'data-testid="resume-code">([A-Z0-9]{5})-([A-Z0-9]{5})<')
ROOT = Path(__file__).resolve().parents[1]
PHASE_HEADER = "X-Bench-Phase"  # which part of a run a request belongs to, written to the access log
ACCESS_LOG_FORMAT = "%(m)s %(U)s %(s)s %(D)s %({x-bench-phase}i)s"
_MP = multiprocessing.get_context("spawn")  # clean client processes, also when started from a thread


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url: str, data_dir: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "LEERSCAN_DATA_DIR": data_dir,
            "LEERSCAN_BENCHMARK_ENDPOINTS": "1",
            "LEERSCAN_ALLOW_LOCAL_SECRET": "1",
            "LEERSCAN_RATE_VIEW": "1000000/m",
            "LEERSCAN_RATE_START": "1000000/m",
            "LEERSCAN_RATE_SAVE": "1000000/m",
            "DJANGO_SETTINGS_MODULE": "leerscan.settings",
        }
    )
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "leerscan", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return result.stdout


def prepare_round(env: dict, variant: str = "long") -> str:
    """Migrate the database and create an open round; return its public token."""
    manage(env, "migrate", "--noinput")
    code = (
        "from leerscan.surveys.models import Organization, ScanRound;"
        "o,_=Organization.objects.get_or_create(name='Loadtest');"
        f"r,_=ScanRound.objects.get_or_create(organization=o, wave=1, defaults=dict("
        f"instrument_version='1.0.0', status='open', variant='{variant}'));"
        "print(r.public_token)"
    )
    return manage(env, "shell", "-c", code).strip().splitlines()[-1]


class Server:
    """gunicorn serving leerscan on a loopback port (optionally writing an access log with timings)."""

    def __init__(
        self, env: dict, port: int, workers: int = 2, threads: int = 8, access_log: str | None = None
    ):
        self.env, self.port, self.workers, self.threads = env, port, workers, threads
        self.access_log = access_log
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        logging = (
            ["--access-logfile", self.access_log, "--access-logformat", ACCESS_LOG_FORMAT]
            if self.access_log
            else []
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "leerscan.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--timeout",
                "60",
                "--keep-alive",
                "75",
                "--log-level",
                "warning",
                *logging,
            ],
            env=self.env,
            cwd=ROOT,
            start_new_session=True,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                httpx.get(self.url + "/accounts/login/", timeout=2, headers={PHASE_HEADER: "start"})
                return self
            except httpx.HTTPError:
                time.sleep(0.2)
        self.kill()
        raise RuntimeError("the server did not start")

    def kill(self) -> None:
        """kill -9 the whole server (master and workers), as a crash would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def server_timings(access_log: str, phase: str) -> dict[str, list[float]]:
    """Server-side seconds per request of one phase, from the access log: page saves and floor writes."""
    saves, floor = [], []
    with open(access_log, encoding="utf-8") as log:
        for line in log:
            parts = line.split()
            if len(parts) != 5 or parts[4] != phase or parts[0] != "POST":
                continue
            method, path, status, micros, _phase = parts
            if "/page/" in path and status == "302":
                saves.append(int(micros) / 1e6)
            elif path == "/_bench/write/" and status == "200":
                floor.append(int(micros) / 1e6)
    return {"save": saves, "floor": floor}


def new_stop_event():
    """An event that tells running client processes to stop after their current request."""
    return _MP.Event()


@dataclass
class LoadResult:
    save_latencies: list[float] = field(default_factory=list)
    floor_latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    acknowledged: dict[str, dict[str, float]] = field(default_factory=dict)  # resume code -> answers
    submitted: set[str] = field(default_factory=set)
    completed: int = 0
    seconds: float = 0.0
    live_saves: object = field(default_factory=lambda: _MP.Value("i", 0))  # shared with the clients

    def saves_so_far(self) -> int:
        """Page saves acknowledged so far (also while the client processes are running)."""
        return self.live_saves.value

    def merge(self, part: dict) -> None:
        self.save_latencies += part["save_latencies"]
        self.floor_latencies += part["floor_latencies"]
        self.errors += part["errors"]
        for code, answers in part["acknowledged"].items():
            self.acknowledged.setdefault(code, {}).update(answers)
        self.submitted |= set(part["submitted"])
        self.completed += part["completed"]


def _pages(html: str) -> tuple[list[tuple[str, list[str]]], str | None]:
    """Radio groups (name, values) and the age field of a questionnaire page."""
    groups: dict[str, list[str]] = {}
    for name, value in re.findall(r'type="radio" name="([a-z0-9_]+)" value="(-?\d+)"', html):
        groups.setdefault(name, []).append(value)
    age = "age" if 'name="age"' in html else None
    return list(groups.items()), age


class _Tally:
    """What one client process observed (sent back to the parent as a plain dict)."""

    def __init__(self, live):
        self.part = {
            "save_latencies": [],
            "floor_latencies": [],
            "errors": [],
            "acknowledged": {},
            "submitted": [],
            "completed": 0,
        }
        self.live = live

    def acknowledge(self, code: str, answers: dict[str, str], elapsed: float) -> None:
        self.part["save_latencies"].append(elapsed)
        self.part["acknowledged"].setdefault(code, {}).update({k: float(v) for k, v in answers.items()})
        with self.live.get_lock():
            self.live.value += 1


async def _respondent(client: httpx.AsyncClient, token: str, tally: _Tally, rng: random.Random, stop) -> None:
    """One respondent from consent to submit."""
    try:
        landing = await client.get(f"/s/{token}/")
        data = {"consent": "agree", "csrfmiddlewaretoken": CSRF_RE.search(landing.text).group(1)}
        start = START_RE.search(landing.text)
        if start:
            data["start"] = start.group(1)
        started = await client.post(f"/s/{token}/", data=data)
        if started.status_code != 302:
            raise RuntimeError(f"consent: HTTP {started.status_code}")
        url = started.headers["location"]
        code = None
        while "/review/" not in url:
            if stop is not None and stop.is_set():
                return
            page = await client.get(url)
            if page.status_code != 200:
                raise RuntimeError(f"GET {url}: HTTP {page.status_code}")
            match = CODE_RE.search(page.text)
            code = match.group(1) + match.group(2)
            groups, age = _pages(page.text)
            data = {"csrfmiddlewaretoken": CSRF_RE.search(page.text).group(1), "action": "next"}
            answers = {name: rng.choice(values) for name, values in groups}
            if age:
                answers[age] = str(rng.randint(18, 64))
            data.update(answers)
            begin = time.perf_counter()
            saved = await client.post(url, data=data)
            elapsed = time.perf_counter() - begin
            if saved.status_code != 302:
                raise RuntimeError(f"POST {url}: HTTP {saved.status_code}")
            tally.acknowledge(code, answers, elapsed)  # the respondent was told this page is saved
            url = saved.headers["location"]
        review = await client.get(url)
        csrf = CSRF_RE.search(review.text).group(1)
        done = await client.post(url, data={"action": "submit", "csrfmiddlewaretoken": csrf})
        if done.status_code != 302 or "/thanks/" not in done.headers.get("location", ""):
            raise RuntimeError(f"submit: HTTP {done.status_code}")
        tally.part["submitted"].append(code)
        tally.part["completed"] += 1
    except (httpx.HTTPError, RuntimeError, AttributeError) as exc:
        tally.part["errors"].append(f"{type(exc).__name__}: {exc}")


async def _floor_worker(client: httpx.AsyncClient, requests: int, tally: _Tally) -> None:
    for _ in range(requests):
        try:
            begin = time.perf_counter()
            response = await client.post("/_bench/write/")
            elapsed = time.perf_counter() - begin
        except httpx.HTTPError as exc:
            tally.part["errors"].append(f"floor: {type(exc).__name__}: {exc}")
            continue
        if response.status_code == 200:
            tally.part["floor_latencies"].append(elapsed)
        else:
            tally.part["errors"].append(f"floor: HTTP {response.status_code}")


class _OneWriteStream(httpcore.AsyncNetworkStream):
    """Sends a request's head and body in one write.

    httpcore writes the head and then the body, and yields to the event loop in between; with dozens
    of simulated browsers in one busy client process the body followed the head only after the
    other tasks had run (35 ms at the median, 385 ms at p95 in a run on a loaded machine). The
    server counts a request's time from its head (gunicorn's ``%(D)s``), so that wait showed up as
    server time of every POST with a form, and not of the floor's empty POST. A browser sends a
    small form with its head.
    """

    def __init__(self, stream: httpcore.AsyncNetworkStream):
        self._stream = stream
        self._held = b""

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        data = self._held + buffer
        head_end = data.find(b"\r\n\r\n")
        if head_end >= 0:
            length = re.search(rb"(?im)^content-length:\s*(\d+)", data[:head_end])
            if length and len(data) - head_end - 4 < int(length.group(1)):
                self._held = data  # the body is still to come
                return
        self._held = b""
        await self._stream.write(data, timeout)

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._stream.read(max_bytes, timeout)

    async def aclose(self) -> None:
        await self._stream.aclose()

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _OneWriteBackend(httpcore.AsyncNetworkBackend):
    def __init__(self):
        self._backend = httpcore.AnyIOBackend()

    async def connect_tcp(self, *args, **kwargs) -> httpcore.AsyncNetworkStream:
        return _OneWriteStream(await self._backend.connect_tcp(*args, **kwargs))

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


def _one_write_transport(limits: httpx.Limits, tls: ssl.SSLContext) -> httpx.AsyncHTTPTransport:
    """httpx's transport over connections that send a request's head and body in one write (plain
    HTTP on loopback only). ``tls`` is unused but given, so that httpx does not build a TLS context
    (a second of CPU for 50 clients) for every client."""
    transport = httpx.AsyncHTTPTransport(limits=limits, verify=tls)
    transport._pool = httpcore.AsyncConnectionPool(
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_OneWriteBackend(),
    )
    return transport


async def _client_main(job: dict, live, stop) -> dict:
    tally = _Tally(live)
    # Every simulated browser has its own client: its own cookies and one keep-alive connection
    # (one shared pool for many tasks costs the client more CPU per request than the floor costs
    # the server), which sends each request in one write. Loopback is plain HTTP; one TLS context
    # is shared instead of one per client.
    tls = ssl.create_default_context()
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)

    def client():
        return httpx.AsyncClient(
            base_url=job["base"],
            timeout=60,
            follow_redirects=False,
            headers={PHASE_HEADER: job["phase"]},
            transport=_one_write_transport(limits, tls),
        )

    async def floor_worker():
        async with client() as c:
            await _floor_worker(c, job["requests"], tally)

    gate = asyncio.Semaphore(job["concurrency"])

    async def respondent(seed):
        async with gate, client() as c:
            await _respondent(c, job["token"], tally, random.Random(seed), stop)

    if job["kind"] == "floor":
        await asyncio.gather(*(floor_worker() for _ in range(job["concurrency"])))
    else:
        await asyncio.gather(*(respondent(seed) for seed in job["seeds"]))
    return tally.part


def _client_process(job: dict, results, live, stop) -> None:
    try:
        part = asyncio.run(_client_main(job, live, stop))
    except Exception as exc:  # noqa: BLE001 - reported to the parent rather than lost
        part = {
            "save_latencies": [],
            "floor_latencies": [],
            "errors": [f"client process: {type(exc).__name__}: {exc}"],
            "acknowledged": {},
            "submitted": [],
            "completed": 0,
        }
    results.put(part)


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _run_clients(jobs: list[dict], result: LoadResult, stop=None) -> None:
    """Run one client process per job and merge what they observed into ``result``."""
    results = _MP.Queue()
    processes = [
        _MP.Process(target=_client_process, args=(job, results, result.live_saves, stop), daemon=True)
        for job in jobs
    ]
    for process in processes:
        process.start()
    received = 0
    while received < len(processes):
        try:
            result.merge(results.get(timeout=1))
            received += 1
        except queue_module.Empty:
            if not any(p.is_alive() for p in processes) and results.empty():
                result.errors.append(f"{len(processes) - received} client process(es) died without a report")
                break
    for process in processes:
        process.join(timeout=30)


def run_load(
    base: str,
    token: str,
    respondents: int,
    concurrency: int,
    seed: int = 1,
    result: LoadResult | None = None,
    stop=None,
    processes: int = 4,
    phase: str = "load",
) -> LoadResult:
    """``respondents`` respondents, ``concurrency`` at a time, spread over ``processes`` client
    processes. ``stop`` (see :func:`new_stop_event`) ends the run early."""
    result = result or LoadResult()
    processes = max(1, min(processes, concurrency, respondents))
    seeds = [seed * 100_003 + i for i in range(respondents)]
    jobs = [
        {
            "kind": "load",
            "base": base,
            "token": token,
            "phase": phase,
            "concurrency": share,
            "seeds": seeds[i::processes],
        }
        for i, share in enumerate(_split(concurrency, processes))
    ]
    begin = time.perf_counter()
    _run_clients(jobs, result, stop)
    result.seconds = time.perf_counter() - begin
    return result


def run_floor(
    base: str, requests: int, concurrency: int, result: LoadResult, processes: int = 4, phase: str = "floor"
) -> None:
    """The bare write-one-row view under the same concurrency, from the same kind of clients."""
    processes = max(1, min(processes, concurrency))
    per_worker = max(1, requests // concurrency)
    jobs = [
        {"kind": "floor", "base": base, "phase": phase, "concurrency": share, "requests": per_worker}
        for share in _split(concurrency, processes)
    ]
    _run_clients(jobs, result)


def lost_answers(env: dict, acknowledged: dict[str, dict[str, float]]) -> list[str]:
    """Acknowledged answers that the database does not hold (with the same value)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(acknowledged, f)
        path = f.name
    code = (
        "import json; from leerscan.surveys.models import Answer;"
        f"ack=json.load(open({path!r}));"
        "rows={(a.response.resume_code, a.question_id): a.number for a in "
        "Answer.objects.select_related('response').filter(response__resume_code__in=list(ack))};"
        "lost=[f'{c}/{q}' for c, answers in ack.items() for q, v in answers.items() "
        "if rows.get((c, q)) != v];"
        "print(json.dumps(lost))"
    )
    out = manage(env, "shell", "-c", code)
    os.unlink(path)
    return json.loads(out.strip().splitlines()[-1])


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]
