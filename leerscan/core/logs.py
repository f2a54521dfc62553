"""Logging that never writes a secret link: the token part of respondent links (/s/, /p/) and personal
competence links (/c/) is masked in every log record, whatever logger wrote it, and in its traceback.
A refused request (403, or another 4xx Django logs with its exception) is one line without a
traceback: nothing crashed. Server errors (5xx) keep their traceback.

Every record carries the id of the request it belongs to (:class:`RequestIdMiddleware`: the load
balancer's ``X-Request-ID``, or a new one), and ``LEERSCAN_LOG_FORMAT=json`` writes one JSON object
per line (:class:`JsonFormatter`)."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

TOKEN_PATH = re.compile(r"/(s|p|c)/[A-Za-z0-9_-]{8,}")


def mask_tokens(text: str) -> str:
    """``/c/4SaL83xq…/team/7/`` -> ``/c/…/team/7/``."""
    return TOKEN_PATH.sub(lambda match: f"/{match.group(1)}/…", text)


def refusal_line(record: logging.LogRecord) -> str:
    """``Forbidden (403): GET /manage/organizations/7/ user=12 reason: permission denied``."""
    request = getattr(record, "request", None)
    exception = record.exc_info[1] if record.exc_info else None
    reason = (str(exception) if exception else "") or "permission denied"
    user = getattr(request, "user", None)
    who = user.pk if user is not None and getattr(user, "is_authenticated", False) else "anonymous"
    method = getattr(request, "method", "?")
    path = getattr(request, "path", "?")
    phrase = "Forbidden" if record.status_code == 403 else "Refused"
    return mask_tokens(f"{phrase} ({record.status_code}): {method} {path} user={who} reason: {reason}")


class MaskTokens(logging.Filter):
    """A handler filter: formats the message once, masks tokens in it and in any traceback text, and
    turns a refused request's record into one line (:func:`refusal_line`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500 and record.exc_info:
            record.msg, record.args = refusal_line(record), None
            record.exc_info, record.exc_text = None, None
        message = record.getMessage()
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:  # formatters use this text as it is
            record.exc_text = mask_tokens(logging.Formatter().formatException(record.exc_info))
        # The request object Django attaches carries the path too; handlers that print it see the mask.
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request_path = mask_tokens(request.path)
        return True


#: The id of the request the current thread is answering ("-" outside a request).
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("leerscan_request_id", default="-")
#: An id from the load balancer is taken as it is when it looks like one (no spaces, no quotes, short).
REQUEST_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    """Takes the request's id from ``X-Request-ID`` (HAProxy sets it, docs/deploy.md) or makes one, puts
    it on every log record written while answering the request, and returns it in the response's
    ``X-Request-ID`` header, so a person reporting a problem and both logs can name the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = sent if REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestId(logging.Filter):
    """A handler filter: ``record.request_id`` for every record (the current request's, or "-")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # Django logs an error response after the middleware returned: its record names the request.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id; for a request's
    record also status, method and path (masked); for an error with one, its traceback (masked)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_tokens(record.getMessage()),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = getattr(request, "method", None)
            entry["path"] = mask_tokens(request.path)
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_tokens(self.formatException(record.exc_info))
        if record.exc_text:
            entry["exception"] = mask_tokens(record.exc_text)
        if record.stack_info:
            entry["stack"] = mask_tokens(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False, default=str)
