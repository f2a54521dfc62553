"""``leerscan worker``: run background jobs (PDFs, analyses, imports, exports, e-mails) until stopped.

Run one or more next to the web server; on PostgreSQL they may run on several machines. Ctrl+C (or
SIGTERM) lets the running job finish first; a second Ctrl+C stops at once, and the job is handed to
another worker (or to this one when it starts again).
"""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from leerscan.jobs.heartbeat import Heartbeat


def new_worker_id() -> str:
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(8)}"


class Command(BaseCommand):
    help = "Run background jobs until stopped (--batch: run what is waiting, then stop)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run the jobs that are waiting, then stop")
        parser.add_argument("--interval", type=float, default=0.5, help="Seconds to wait when idle")
        parser.add_argument("--worker-id", default="", help="A name no other worker has (default: random)")

    def handle(self, *args, batch: bool, interval: float, worker_id: str, verbosity: int, **options):
        worker_id = worker_id or new_worker_id()
        logger = logging.getLogger("leerscan.jobs")
        if verbosity > 0 and not logger.hasHandlers():
            logger.addHandler(logging.StreamHandler(self.stderr))
            logger.setLevel(logging.INFO)
        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        with Heartbeat(worker_id, thread=not batch):
            if verbosity > 0 and not batch:
                self.stderr.write(f"leerscan worker {worker_id} is waiting for jobs")
            handles_signals = threading.current_thread() is threading.main_thread()  # not in a test's thread
            if handles_signals:
                worker.configure_signals()
            try:
                worker.run()
            finally:
                if handles_signals:
                    worker.reset_signals()
