"""Simulated respondents against a real server on loopback (used by ``benchmarks/load.py`` and the
crash-safety test).

Each simulated respondent opens the round's link, gives consent, answers every page (page-save
latency is the time of the POST that saves a page) and submits. Every page save the server
acknowledged (HTTP 302 to the next page) is recorded, so that after the run - or after killing
the server - the database can be compared with what respondents were told was saved.
Traffic only goes to 127.0.0.1.
"""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CODE_RE = re.compile(r'data-testid="resume-code">([A-Z0-9]{5})-([A-Z0-9]{5})<')
ROOT = Path(__file__).resolve().parents[1]


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
            "LEERSCAN_RATE_START": "100000/m",
            "LEERSCAN_RATE_SAVE": "100000/m",
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
    """gunicorn serving leerscan on a loopback port."""

    def __init__(self, env: dict, port: int, workers: int = 2, threads: int = 8):
        self.env, self.port, self.workers, self.threads = env, port, workers, threads
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
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
            ],
            env=self.env,
            cwd=ROOT,
            start_new_session=True,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                httpx.get(self.url + "/accounts/login/", timeout=2)
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


@dataclass
class LoadResult:
    save_latencies: list[float] = field(default_factory=list)
    floor_latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    acknowledged: dict[str, dict[str, float]] = field(default_factory=dict)  # resume code -> answers
    submitted: set[str] = field(default_factory=set)
    completed: int = 0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _pages(html: str) -> tuple[list[tuple[str, list[str]]], str | None]:
    """Radio groups (name, values) and the age field of a questionnaire page."""
    groups: dict[str, list[str]] = {}
    for name, value in re.findall(r'type="radio" name="([a-z0-9_]+)" value="(-?\d+)"', html):
        groups.setdefault(name, []).append(value)
    age = "age" if 'name="age"' in html else None
    return list(groups.items()), age


def simulate_respondent(
    base: str, token: str, result: LoadResult, rng: random.Random, stop: threading.Event | None = None
) -> None:
    """One respondent from consent to submit. Records latencies, acknowledged answers and errors."""
    with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as client:
        try:
            landing = client.get(f"/s/{token}/")
            csrf = CSRF_RE.search(landing.text).group(1)
            started = client.post(f"/s/{token}/", data={"consent": "agree", "csrfmiddlewaretoken": csrf})
            if started.status_code != 302:
                raise RuntimeError(f"consent: HTTP {started.status_code}")
            url = started.headers["location"]
            code = None
            while "/review/" not in url:
                if stop is not None and stop.is_set():
                    return
                page = client.get(url)
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
                saved = client.post(url, data=data)
                elapsed = time.perf_counter() - begin
                if saved.status_code != 302:
                    raise RuntimeError(f"POST {url}: HTTP {saved.status_code}")
                with result.lock:  # acknowledged: the respondent was told this page is saved
                    result.save_latencies.append(elapsed)
                    result.acknowledged.setdefault(code, {}).update({k: float(v) for k, v in answers.items()})
                url = saved.headers["location"]
            review = client.get(url)
            csrf = CSRF_RE.search(review.text).group(1)
            done = client.post(url, data={"action": "submit", "csrfmiddlewaretoken": csrf})
            if done.status_code != 302 or "/thanks/" not in done.headers.get("location", ""):
                raise RuntimeError(f"submit: HTTP {done.status_code}")
            with result.lock:
                result.submitted.add(code)
                result.completed += 1
        except (httpx.HTTPError, RuntimeError, AttributeError) as exc:
            with result.lock:
                result.errors.append(f"{type(exc).__name__}: {exc}")


def run_load(
    base: str,
    token: str,
    respondents: int,
    concurrency: int,
    seed: int = 1,
    result: LoadResult | None = None,
    stop: threading.Event | None = None,
) -> LoadResult:
    result = result or LoadResult()
    begin = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for i in range(respondents):
            pool.submit(simulate_respondent, base, token, result, random.Random(seed * 100_003 + i), stop)
    result.seconds = time.perf_counter() - begin
    return result


def run_floor(base: str, requests: int, concurrency: int, result: LoadResult) -> None:
    """The bare write-one-row view under the same concurrency."""

    def worker(n):
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(n):
                begin = time.perf_counter()
                response = client.post("/_bench/write/")
                elapsed = time.perf_counter() - begin
                with result.lock:
                    if response.status_code == 200:
                        result.floor_latencies.append(elapsed)
                    else:
                        result.errors.append(f"floor: HTTP {response.status_code}")

    per_worker = max(1, requests // concurrency)
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for _ in range(concurrency):
            pool.submit(worker, per_worker)


def lost_answers(env: dict, acknowledged: dict[str, dict[str, float]]) -> list[str]:
    """Acknowledged answers that the database does not hold (with the same value)."""
    import json
    import tempfile

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
