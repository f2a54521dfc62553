"""gunicorn's own log lines for leerscan (``logger_class`` in deploy/gunicorn.conf.py): the access log
masks the secret part of links (also in the Referer) and carries the request id; with
``LEERSCAN_LOG_FORMAT=json`` gunicorn writes JSON lines like leerscan's own
(:class:`leerscan.core.logs.JsonFormatter`). Loaded by the gunicorn master, before Django."""

from __future__ import annotations

import os
import traceback

from gunicorn.glogging import Logger as GunicornLogger

from leerscan.core.logs import JsonFormatter, mask_tokens


def json_wanted() -> bool:
    return os.environ.get("LEERSCAN_LOG_FORMAT", "").strip().lower() == "json"


class Logger(GunicornLogger):
    def setup(self, cfg):
        super().setup(cfg)
        if json_wanted():
            for log in (self.error_log, self.access_log):
                for handler in log.handlers:
                    handler.setFormatter(JsonFormatter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: mask_tokens(value) if isinstance(value, str) else value for key, value in atoms.items()}

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        # RequestIdMiddleware returned the request's id in the response; the record carries it.
        extra = {"request_id": atoms.get("{x-request-id}o") or "-"}
        try:
            self.access_log.info(self.cfg.access_log_format, self.atoms_wrapper_class(atoms), extra=extra)
        except Exception:
            self.error(traceback.format_exc())
