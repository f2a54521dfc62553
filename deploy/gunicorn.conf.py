"""gunicorn settings for leerscan, from the environment (scripts/start.sh and docs/deploy.md use it).

LEERSCAN_BIND (default 127.0.0.1:8000), LEERSCAN_WEB_WORKERS (processes, default 2),
LEERSCAN_WEB_THREADS (threads per process, default 4), LEERSCAN_WEB_TIMEOUT (seconds, default 60),
LEERSCAN_FORWARDED_ALLOW_IPS (the load balancer's address), LEERSCAN_ACCESS_LOG ("-", a file, or empty).
Heavy work runs in `leerscan worker`, so a request never needs a long timeout.
"""

import os

bind = os.environ.get("LEERSCAN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("LEERSCAN_WEB_WORKERS", "2"))
threads = int(os.environ.get("LEERSCAN_WEB_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("LEERSCAN_WEB_TIMEOUT", "60"))
graceful_timeout = 20
# Behind nginx or HAProxy on the same machine or network: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("LEERSCAN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# "-": standard output (the journal under systemd); a file name; empty: no access log (behind HAProxy,
# whose log is the access log).
accesslog = os.environ.get("LEERSCAN_ACCESS_LOG", "-") or None
# %(D)s: microseconds from reading the request to sending the response; last, the request id.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)s %({x-request-id}o)s'
# Secret links masked in the access log; JSON lines with LEERSCAN_LOG_FORMAT=json.
logger_class = "leerscan.core.gunicorn_logs.Logger"
wsgi_app = "leerscan.wsgi:application"
