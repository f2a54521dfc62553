"""Logging that never writes a secret link: the token part of respondent links (/s/, /p/) and personal
competence links (/c/) is masked in every log record, whatever logger wrote it."""

from __future__ import annotations

import logging
import re

TOKEN_PATH = re.compile(r"/(s|p|c)/[A-Za-z0-9_-]{8,}")


def mask_tokens(text: str) -> str:
    """``/c/4SaL83xq…/team/7/`` -> ``/c/…/team/7/``."""
    return TOKEN_PATH.sub(lambda match: f"/{match.group(1)}/…", text)


class MaskTokens(logging.Filter):
    """A handler filter: formats the message once, masks tokens in it and in any traceback text."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, None
        # The request object Django attaches carries the path too; handlers that print it see the mask.
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request_path = mask_tokens(request.path)
        return True
