"""Logging that never writes a secret link: the token part of respondent links (/s/, /p/) and personal
competence links (/c/) is masked in every log record, whatever logger wrote it. A refused request
(403, or another 4xx Django logs with its exception) is one line without a traceback: nothing crashed.
Server errors (5xx) keep their traceback."""

from __future__ import annotations

import logging
import re

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
        # The request object Django attaches carries the path too; handlers that print it see the mask.
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request_path = mask_tokens(request.path)
        return True
