"""The processes of ``benchmarks/nodes.py``: web nodes, workers and HAProxy on loopback, started from
the files in ``deploy/`` as the systemd units start them, and killed with ``kill -9``."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
HAPROXY_CFG = ROOT / "deploy" / "haproxy" / "haproxy.cfg"
#: What the benchmark leaves out of the global section: it needs an installed system (syslog socket,
#: the haproxy user, a chroot) or would send HAProxy to the background.
SYSTEM_ONLY = re.compile(r"^\s*(log|chroot|user|group|daemon)\b")


def render_haproxy(text: str, port: int, servers: dict[str, int], stats_socket: str) -> str:
    """deploy/haproxy/haproxy.cfg for loopback: the frontend binds ``127.0.0.1:port`` in plain HTTP
    (no certificate, so no HTTPS redirect), the backend has one server line per local web node (with
    the options of the file's server lines), the stats socket is ``stats_socket`` and the log goes to
    standard output. Everything else is the file as it is deployed."""
    out, section = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if line and not line[0].isspace():
            section = stripped.split()[0] if stripped else ""
            out.append(line)
            if section == "global":
                out.append("    log stdout format raw local0")
            continue
        words = stripped.split()
        if section == "global" and SYSTEM_ONLY.match(line):
            continue
        if section == "global" and words[:2] == ["stats", "socket"]:
            out.append(f"    stats socket {stats_socket} mode 600 level admin")
            continue
        if section == "frontend" and words[:1] == ["bind"]:
            if not any(o.startswith("    bind 127.0.0.1:") for o in out):
                out.append(f"    bind 127.0.0.1:{port}")
            continue
        if section == "frontend" and words[:3] == ["http-request", "redirect", "scheme"]:
            continue
        if section == "backend" and words[:1] == ["server"]:
            options = " ".join(words[3:])
            if not any(o.startswith("    server ") for o in out):
                out += [f"    server {name} 127.0.0.1:{p} {options}".rstrip() for name, p in servers.items()]
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60, status: int = 200) -> float:
    """Seconds until ``url`` answers ``status``; RuntimeError after ``seconds``."""
    begin = time.monotonic()
    while time.monotonic() - begin < seconds:
        try:
            if httpx.get(url, timeout=2).status_code == status:
                return time.monotonic() - begin
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer {status} within {seconds} s")


class Process:
    """A process of its own session, so ``kill_9`` takes it with every child (a gunicorn master and
    its workers), as a crash of the machine would."""

    def __init__(self, name: str, command: list[str], env: dict, log_dir: str):
        self.name, self.command, self.env = name, command, env
        self.log_path = os.path.join(log_dir, f"{name}.log")
        self.process: subprocess.Popen | None = None

    def start(self) -> Process:
        log = open(self.log_path, "ab")  # noqa: SIM115 - kept open by the child
        self.process = subprocess.Popen(
            self.command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        return self

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill_9(self) -> None:
        if self.alive:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self, timeout: float = 20) -> None:
        if self.alive:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill_9()

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(Path(self.log_path).read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def leerscan(*args: str) -> list[str]:
    return [sys.executable, "-m", "leerscan", *args]


def web_node(name: str, port: int, env: dict, log_dir: str) -> Process:
    """``leerscan-web@.service``: gunicorn with deploy/gunicorn.conf.py, its own control socket, its
    access log in a file."""
    env = dict(env, LEERSCAN_ACCESS_LOG=os.path.join(log_dir, f"{name}-access.log"))
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(GUNICORN_CONF),
        "--bind",
        f"127.0.0.1:{port}",
        "--control-socket",
        os.path.join(log_dir, f"{name}.ctl"),
    ]
    return Process(name, command, env, log_dir)


def worker(name: str, env: dict, log_dir: str) -> Process:
    """``leerscan-worker@.service``: ``leerscan worker`` (a new random worker id at every start)."""
    return Process(name, leerscan("worker"), env, log_dir)


class HAProxy(Process):
    """HAProxy running deploy/haproxy/haproxy.cfg (see :func:`render_haproxy`) in the foreground."""

    def __init__(self, port: int, servers: dict[str, int], env: dict, log_dir: str):
        binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
        self.port, self.socket = port, os.path.join(log_dir, "haproxy.sock")
        self.config = os.path.join(log_dir, "haproxy.cfg")
        rendered = render_haproxy(HAPROXY_CFG.read_text(encoding="utf-8"), port, servers, self.socket)
        Path(self.config).write_text(rendered, encoding="utf-8")
        subprocess.run([binary, "-c", "-q", "-f", self.config], check=True)
        super().__init__("haproxy", [binary, "-db", "-f", self.config], env, log_dir)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def servers(self) -> dict[str, dict]:
        return {name: row for name, row in self.stats().items() if name not in ("frontend", "backend")}

    def stats(self) -> dict[str, dict]:
        """Per server of the backend: status, responses by class, retries, redispatches, errors; and the
        frontend's and the backend's totals ("frontend", "backend")."""
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(5)
            s.connect(self.socket)
            s.sendall(b"show stat\n")
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        rows = csv.DictReader(io.StringIO(data.decode().lstrip("# ")))
        servers = {}
        for row in rows:
            if row["pxname"] == "leerscan" and row["svname"] == "FRONTEND":
                servers["frontend"] = {
                    "requests": int(row["req_tot"] or 0),
                    "request_errors": int(row["ereq"] or 0),
                    "responses_5xx": int(row["hrsp_5xx"] or 0),
                }
            if row["pxname"] == "leerscan_web" and row["svname"] == "BACKEND":
                servers["backend"] = {
                    "client_aborts": int(row["cli_abrt"] or 0),
                    "server_aborts": int(row["srv_abrt"] or 0),
                    "response_errors": int(row["eresp"] or 0),
                    "connection_errors": int(row["econ"] or 0),
                    "retries": int(row["wretr"] or 0),
                    "redispatches": int(row["wredis"] or 0),
                }
            if row["pxname"] != "leerscan_web" or row["svname"] in ("FRONTEND", "BACKEND"):
                continue
            servers[row["svname"]] = {
                "status": row["status"],
                "responses": sum(
                    int(row[f"hrsp_{c}"] or 0) for c in ("1xx", "2xx", "3xx", "4xx", "5xx", "other")
                ),
                "served_2xx_3xx": int(row["hrsp_2xx"] or 0) + int(row["hrsp_3xx"] or 0),
                "responses_5xx": int(row["hrsp_5xx"] or 0),
                "connection_errors": int(row["econ"] or 0),
                "response_errors": int(row["eresp"] or 0),
                "retries": int(row["wretr"] or 0),
                "redispatches": int(row["wredis"] or 0),
            }
        return servers
