"""Django settings for leerscan, read from environment variables with safe local defaults.

| variable | default | meaning |
| --- | --- | --- |
| ``DATABASE_URL`` | SQLite file in the data directory | e.g. ``postgres://user:pw@host/db`` |
| ``LEERSCAN_DATA_DIR`` | ``var/`` in a source checkout, else ``~/.leerscan`` | database, secret key |
| ``LEERSCAN_SECRET_KEY`` | generated once and kept in the data directory (local use only) | |
| ``LEERSCAN_SECRET_KEY_FALLBACKS`` | none | earlier secret keys after a rotation, comma separated |
| ``LEERSCAN_DEBUG`` | ``0`` | ``1`` shows Django's debug pages (never in production) |
| ``LEERSCAN_ALLOWED_HOSTS`` | ``localhost,127.0.0.1,[::1]`` | comma separated |
| ``LEERSCAN_LOG_FORMAT`` | plain text | ``json``: one JSON object per line, with the request id |
| ``LEERSCAN_LOG_LEVEL`` | ``WARNING`` | e.g. ``INFO`` |
| ``LEERSCAN_BACKUP_DIR`` | ``backups/`` in the data directory | where backups go |
| ``LEERSCAN_BACKUP_NIGHTLY`` | ``1`` | ``0`` turns the nightly backup job off |
| ``LEERSCAN_BACKUP_KEEP`` | ``7,4,12`` | newest backup of the last N days, weeks, months |
| ``LEERSCAN_BACKUP_STALE_HOURS`` | ``26`` | /readyz marks the last backup stale after this |
| ``LEERSCAN_BASE_URL`` | ``http://localhost:8000`` | where respondents reach leerscan (links in mails) |
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_CHECKOUT = (PACKAGE_DIR.parent / "pyproject.toml").exists()


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(
    os.environ.get("LEERSCAN_DATA_DIR")
    or (PACKAGE_DIR.parent / "var" if SOURCE_CHECKOUT else Path.home() / ".leerscan")
)
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = _env_bool("LEERSCAN_DEBUG", False)


#: Placeholders a deployment might leave in place (deploy/leerscan.env.example says CHANGE-ME).
_PLACEHOLDER_KEYS = {"change-me", "changeme", "secret", "insecure"}


def _weak(key: str) -> bool:
    """Django's own test for a weak key (check --deploy, security.W009), and the placeholders."""
    return (
        key.strip().lower() in _PLACEHOLDER_KEYS
        or key.startswith("django-insecure")
        or len(key) < 50
        or len(set(key)) < 5
    )


def _secret_key() -> str:
    key = os.environ.get("LEERSCAN_SECRET_KEY")
    if key:
        if _weak(key) and not DEBUG:
            raise ImproperlyConfigured(
                "LEERSCAN_SECRET_KEY is a placeholder or too weak (at least 50 varied characters): "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
            )
        return key
    if (
        os.environ.get("DATABASE_URL", "").startswith("postgres")
        and not DEBUG
        and not os.environ.get("LEERSCAN_ALLOW_LOCAL_SECRET")
    ):
        raise ImproperlyConfigured("Set LEERSCAN_SECRET_KEY for a shared (PostgreSQL) deployment.")
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
# Rotating the key: put the old one here (comma separated) for a while, so sessions stay valid and
# respondents imported before are still recognised (Django's SECRET_KEY_FALLBACKS).
SECRET_KEY_FALLBACKS = [
    key.strip() for key in os.environ.get("LEERSCAN_SECRET_KEY_FALLBACKS", "").split(",") if key.strip()
]
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("LEERSCAN_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "leerscan.core",
    "leerscan.jobs",
    "leerscan.backups",
    "leerscan.audit",
    "leerscan.organizations",
    "leerscan.accounts",
    "leerscan.surveys",
    "leerscan.research",
    "leerscan.reports",
    "leerscan.maturity",
    "leerscan.trajectories",
    "leerscan.competences",
    "leerscan.partnerships",
    "leerscan.demo",
    "django_ratelimit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
]

# Background jobs (docs/decisions.md, "Background jobs"): django-tasks with its database backend, so
# the queue lives in leerscan's own database and needs no other server; `leerscan worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
#: Seconds between a worker's heartbeats, and the silence after which it counts as stopped (its job
#: goes to another worker and /readyz reports it).
LEERSCAN_WORKER_BEAT_SECONDS = float(os.environ.get("LEERSCAN_WORKER_BEAT_SECONDS", "10"))
LEERSCAN_WORKER_SILENT_SECONDS = float(os.environ.get("LEERSCAN_WORKER_SILENT_SECONDS", "30"))

# Backups (docs/deploy.md, "Backups"): `leerscan backup`, `leerscan restore`, and a nightly job that
# keeps the newest backup of each of the last 7 days, 4 weeks and 12 months.
LEERSCAN_BACKUP_DIR = Path(os.environ.get("LEERSCAN_BACKUP_DIR") or DATA_DIR / "backups")
LEERSCAN_BACKUP_NIGHTLY = _env_bool("LEERSCAN_BACKUP_NIGHTLY", True)
LEERSCAN_BACKUP_KEEP = tuple(int(n) for n in os.environ.get("LEERSCAN_BACKUP_KEEP", "7,4,12").split(","))
LEERSCAN_BACKUP_STALE_HOURS = float(os.environ.get("LEERSCAN_BACKUP_STALE_HOURS", "26"))

# E-mail, sent only by the worker (leerscan.jobs.mail): an SMTP server from the environment.
EMAIL_HOST = os.environ.get("LEERSCAN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("LEERSCAN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("LEERSCAN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("LEERSCAN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("LEERSCAN_EMAIL_STARTTLS", "") == "1"
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("LEERSCAN_EMAIL_FROM", "leerscan <noreply@localhost>")
LEERSCAN_EMAIL_DOMAIN = os.environ.get("LEERSCAN_EMAIL_DOMAIN", "leerscan.invalid")
# The address respondents reach leerscan at: the links in invitation and reminder mails start with it.
LEERSCAN_BASE_URL = os.environ.get("LEERSCAN_BASE_URL", "http://localhost:8000")
# The participation cockpit flags a round whose forecast response rate is below this (percent).
LEERSCAN_TARGET_RESPONSE_RATE = int(os.environ.get("LEERSCAN_TARGET_RESPONSE_RATE", "60"))

MIDDLEWARE = [
    "leerscan.core.logs.RequestIdMiddleware",  # first: every log line of a request carries its id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor was given
    "leerscan.accounts.two_factor.TwoFactorMiddleware",  # the roles that must use it reach only its pages
    "leerscan.audit.watch.AuditMiddleware",  # reports, PDFs, exports and imports opened leave a trace
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a refused (locked) login into the lockout page
]

# Login lockout (django-axes, docs/decisions.md "Login lockout"): failures are counted per account
# (user name), whatever address they come from; an unknown name is counted the same way, so it gets
# the same answers. Per-address limits on the login form come from LEERSCAN_RATE_LOGIN on top.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LEERSCAN_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("LEERSCAN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_CALLABLE = "leerscan.accounts.login.locked_out"
AXES_CLIENT_IP_CALLABLE = "leerscan.core.views.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# A password reset (by e-mail or by an administrator) ends a lock: leerscan.accounts.login.

# Two-factor login (django-otp, docs/decisions.md "Two-factor login"): the issuer shown in the app,
# and the roles that must use it (they see many organizations): administrator, programme, provider.
OTP_TOTP_ISSUER = "leerscan"
LEERSCAN_TWO_FACTOR_ROLES = ["admin", "programme", "provider"]

ROOT_URLCONF = "leerscan.urls"
WSGI_APPLICATION = "leerscan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "leerscan.core.context_processors.instrument_notice",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'leerscan.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a respondent's page is saved; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English")), ("fr", _("French")), ("de", _("German"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["leerscan.core.formats"]  # unambiguous English dates
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "manage:dashboard"
LOGOUT_REDIRECT_URL = "home"

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if _env_bool("LEERSCAN_HTTPS", False):
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    # Browsers come back over HTTPS only (HSTS); LEERSCAN_HSTS_SECONDS=0 turns it off while testing.
    SECURE_HSTS_SECONDS = int(os.environ.get("LEERSCAN_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("LEERSCAN_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("LEERSCAN_HSTS_PRELOAD", True)

# Content-Security-Policy (django-csp 4, docs/decisions.md "Content-Security-Policy"): scripts and
# styles come from leerscan itself; a page's own <style> block carries the request's nonce
# (``nonce="{{ request.csp_nonce }}"``); charts are images with a data: address.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# LEERSCAN_LOG_FORMAT=json: one JSON object per line with the request's id (docs/deploy.md, "Logs").
_JSON_LOGS = os.environ.get("LEERSCAN_LOG_FORMAT", "").strip().lower() == "json"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Secret links (respondent and personal competence links) never reach a log file.
    "filters": {
        "mask_tokens": {"()": "leerscan.core.logs.MaskTokens"},
        "request_id": {"()": "leerscan.core.logs.RequestId"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
        "plain": {"format": "%(message)s"},
        "json": {"()": "leerscan.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if _JSON_LOGS else "plain",
            "filters": ["mask_tokens", "request_id"],
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "json" if _JSON_LOGS else "django.server",
            "filters": ["mask_tokens", "request_id"],
        },
    },
    "loggers": {"django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False}},
    "root": {"handlers": ["console"], "level": os.environ.get("LEERSCAN_LOG_LEVEL", "WARNING")},
}

# Groups smaller than this are never shown (a scan round may raise it, never lower it below 3).
LEERSCAN_ANONYMITY_THRESHOLD = 5
LEERSCAN_MIN_ANONYMITY_THRESHOLD = 3

# Requests per IP address on public (respondent) pages. A canteen's shared Wi-Fi puts many
# respondents behind one address, hence generous limits for opening pages, starting and saving;
# resume codes are guarded tightly against guessing.
LEERSCAN_RATE_LIMITS = {
    "view": os.environ.get("LEERSCAN_RATE_VIEW", "1200/m"),
    "start": os.environ.get("LEERSCAN_RATE_START", "60/m"),
    "save": os.environ.get("LEERSCAN_RATE_SAVE", "600/m"),
    "resume": os.environ.get("LEERSCAN_RATE_RESUME", "10/m"),
    # login attempts per address, on top of the lockout per account
    "login": os.environ.get("LEERSCAN_RATE_LOGIN", "30/10m"),
}
RATELIMIT_VIEW = "leerscan.core.views.rate_limited"
# Behind a reverse proxy every request comes from the proxy's address: name the header in which the
# proxy passes the client's address (e.g. X-Forwarded-For or X-Real-IP). Unset: the connection's.
_client_ip_header = os.environ.get("LEERSCAN_CLIENT_IP_HEADER", "").strip().upper().replace("-", "_")
if _client_ip_header and not _client_ip_header.startswith("HTTP_") and _client_ip_header != "REMOTE_ADDR":
    _client_ip_header = "HTTP_" + _client_ip_header
LEERSCAN_CLIENT_IP_META_KEY = _client_ip_header or "REMOTE_ADDR"
RATELIMIT_IP_META_KEY = "leerscan.core.views.client_ip"
CACHES = {
    "default": {
        "BACKEND": os.environ.get("LEERSCAN_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("LEERSCAN_CACHE_LOCATION", "leerscan"),
    }
}
# The local-memory cache counts per process; use a shared cache (memcached, Redis) with several
# web workers. The check below warns about exactly that and is noted here instead.
# axes.W006 asks to lock by address too: leerscan locks the account (a canteen's or office's shared
# address must not lock everyone) and limits login attempts per address with LEERSCAN_RATE_LOGIN.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001", "axes.W006"]

# Organization report. Norms from leerscan's own data appear once this many organizations (other
# than the one reported) have a round with at least the anonymity threshold of responses.
LEERSCAN_NORM_MIN_ORGANIZATIONS = int(os.environ.get("LEERSCAN_NORM_MIN_ORGANIZATIONS", "10"))
# The advice and follow-up questions of the report: a YAML file consultants may edit (see README).
LEERSCAN_ADVICE_FILE = os.environ.get(
    "LEERSCAN_ADVICE_FILE", str(PACKAGE_DIR / "reports" / "content" / "advice.yaml")
)
# What the report says about each L&D profile and precondition (a YAML file consultants may edit).
LEERSCAN_PROFILES_FILE = os.environ.get(
    "LEERSCAN_PROFILES_FILE", str(PACKAGE_DIR / "maturity" / "content" / "profiles.yaml")
)
# The audit trail (leerscan.audit) keeps events this many days; a daily job removes older ones.
LEERSCAN_AUDIT_RETENTION_DAYS = int(os.environ.get("LEERSCAN_AUDIT_RETENTION_DAYS", "730"))
# Competence matrix: the personal data of people who left are deleted this many months after their
# leaving date by `leerscan competences purge`.
LEERSCAN_COMPETENCE_RETENTION_MONTHS = int(os.environ.get("LEERSCAN_COMPETENCE_RETENTION_MONTHS", "12"))
