"""Secret links never reach the logs: the token part of /s/, /p/ and /c/ paths is masked."""

import datetime
import io
import json
import logging

import pytest

from leerscan.core.logs import mask_tokens


def test_tokens_in_paths_are_masked():
    assert mask_tokens("Not Found: /c/4SaL83xqZ_-9aa/team/7/") == "Not Found: /c/…/team/7/"
    assert (
        mask_tokens('"GET /s/eN-p_O5Q-Et4i-k4UBHnn2B/page/2/ HTTP/1.1" 200')
        == '"GET /s/…/page/2/ HTTP/1.1" 200'
    )
    assert mask_tokens("/manage/organizations/12/") == "/manage/organizations/12/"


@pytest.mark.django_db
def test_a_wrong_personal_link_is_logged_without_its_token(client):
    handler = next(
        h for h in logging.getLogger().handlers if any(type(f).__name__ == "MaskTokens" for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        response = client.get("/c/SECRETtoken1234567890abcdef/")
        response = client.get("/s/SECRETtoken1234567890abcdef/")
    finally:
        handler.setStream(previous)
    assert response.status_code in (404, 410, 200)
    logged = stream.getvalue()
    assert "/c/…/" in logged  # the request was logged ...
    assert "SECRETtoken" not in logged  # ... without its token


def root_output(action):
    handler = next(
        h for h in logging.getLogger().handlers if any(type(f).__name__ == "MaskTokens" for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        action()
    finally:
        handler.setStream(previous)
    return stream.getvalue()


def test_a_403_is_one_line_without_a_traceback(world, client):
    user = world.users["no_role"]
    client.force_login(user)
    responses = []
    logged = root_output(lambda: responses.append(client.get("/manage/")))
    assert responses[0].status_code == 403
    lines = [line for line in logged.splitlines() if line.strip()]
    reason = "the user has no role (set one in /admin/)"
    assert lines == [f"Forbidden (403): GET /manage/ user={user.pk} reason: {reason}"]
    assert "Traceback" not in logged


@pytest.mark.parametrize(
    "who, url, reason",
    [
        ("programme", "/manage/rounds/{round}/edit/",
         "may see scan round {round} but not change it (programme role)"),
        ("programme", "/manage/organizations/{org}/edit/",
         "may see organization {org} but not change it (programme role)"),
        ("consultant_a", "/research/", "page for the programme role(s), not for the consultant role"),
        ("programme", "/manage/organizations/{org}/competences/people/",
         "sees only the totals of organization {org}, not its people"),
    ],
)  # fmt: skip
def test_a_403_says_why_it_was_refused(world, client, who, url, reason):
    """An operator reading the log sees which rule refused the request, not only "permission denied"."""
    user = world.users[who]
    client.force_login(user)
    ids = {"round": world.round_a.pk, "org": world.org_a.pk}
    responses = []
    logged = root_output(lambda: responses.append(client.get(url.format(**ids))))
    assert responses[0].status_code == 403
    assert f"user={user.pk} reason: {reason.format(**ids)}" in logged
    assert "permission denied" not in logged and "Traceback" not in logged


def test_a_server_error_keeps_its_traceback():
    from leerscan.core.logs import MaskTokens

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s",
                                   ("/s/SECRETtoken1234567890abcdef/",), sys.exc_info())  # fmt: skip
    record.status_code = 500
    assert MaskTokens().filter(record)
    assert record.exc_info is not None and record.getMessage() == "Internal Server Error: /s/…/"
    assert "Traceback" in logging.Formatter().format(record)


def json_record(message, *args, exc_info=None, **attributes):
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, message, args, exc_info)
    for name, value in attributes.items():
        setattr(record, name, value)
    return record


def test_json_lines_keep_links_masked_and_name_the_request():
    import sys

    from leerscan.core.logs import JsonFormatter, MaskTokens, RequestId

    class Request:
        method, path = "POST", "/s/SECRETtoken1234567890abcdef/page/2/"

    try:
        raise RuntimeError("while saving /p/SECRETtoken1234567890abcdef/")
    except RuntimeError:
        record = json_record("Internal Server Error: %s", Request.path, exc_info=sys.exc_info(),
                             status_code=500, request=Request(), request_id="7F0001-abc")  # fmt: skip
    assert MaskTokens().filter(record) and RequestId().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line and "SECRETtoken" not in line
    entry = json.loads(line)
    assert entry["message"] == "Internal Server Error: /s/…/page/2/"
    assert (entry["status"], entry["method"], entry["path"]) == (500, "POST", "/s/…/page/2/")
    assert entry["request_id"] == "7F0001-abc" and entry["level"] == "ERROR"
    assert "Traceback" in entry["exception"] and "/p/…/" in entry["exception"]


def test_the_request_id_comes_from_the_load_balancer_or_is_made(client):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from leerscan.core.logs import RequestIdMiddleware, current_request_id

    response = client.get("/healthz", HTTP_X_REQUEST_ID="7F000001CE8293836B17035A005C2A0F")
    assert response["X-Request-ID"] == "7F000001CE8293836B17035A005C2A0F"
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32 and made != client.get("/healthz")["X-Request-ID"]
    odd = client.get("/healthz", HTTP_X_REQUEST_ID='x" injected\nline')["X-Request-ID"]
    assert len(odd) == 32  # a header that is no id is replaced by a new one
    seen = []
    middleware = RequestIdMiddleware(lambda request: seen.append(current_request_id()) or HttpResponse())
    middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID="abc-1"))
    assert seen == ["abc-1"] and current_request_id() == "-"  # set while answering, then cleared


@pytest.mark.django_db
def test_every_record_of_a_request_carries_its_id_in_json(client):
    from leerscan.core.logs import JsonFormatter

    handler = next(
        h for h in logging.getLogger().handlers if any(type(f).__name__ == "MaskTokens" for f in h.filters)
    )
    formatter = handler.formatter
    handler.setFormatter(JsonFormatter())
    try:
        logged = root_output(
            lambda: client.get("/c/SECRETtoken1234567890abcdef/", HTTP_X_REQUEST_ID="req-42")
        )
    finally:
        handler.setFormatter(formatter)
    entries = [json.loads(line) for line in logged.splitlines() if line.strip()]
    assert entries and all(entry["request_id"] == "req-42" for entry in entries)
    assert "SECRETtoken" not in logged and any(entry.get("path") == "/c/…/" for entry in entries)


def test_gunicorn_s_access_log_masks_links_and_ends_with_the_request_id(monkeypatch):
    from types import SimpleNamespace

    from gunicorn.config import Config

    from leerscan.core.gunicorn_logs import Logger

    monkeypatch.setenv("LEERSCAN_LOG_FORMAT", "json")
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '%(h)s "%(r)s" %(s)s %({x-request-id}o)s %(f)s')
    logger = Logger(config)
    stream = io.StringIO()
    logger.access_log.handlers[0].setStream(stream)
    response = SimpleNamespace(status="302 Found", headers=[("X-Request-ID", "req-7")], sent=0,
                               response_length=0)  # fmt: skip
    request = SimpleNamespace(headers=[("REFERER", "https://x/s/SECRETtoken1234567890abcdef/page/1/")])
    environ = {"REQUEST_METHOD": "POST", "RAW_URI": "/s/SECRETtoken1234567890abcdef/page/1/",
               "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": "/s/SECRETtoken1234567890abcdef/page/1/",
               "QUERY_STRING": "", "REMOTE_ADDR": "127.0.0.1",
               "HTTP_REFERER": "https://x/s/SECRETtoken1234567890abcdef/page/1/"}  # fmt: skip
    logger.access(response, request, environ, datetime.timedelta(seconds=0.01))
    entry = json.loads(stream.getvalue())
    assert "SECRETtoken" not in stream.getvalue()
    assert entry["request_id"] == "req-7" and entry["logger"] == "gunicorn.access"
    assert entry["message"] == '127.0.0.1 "POST /s/…/page/1/ HTTP/1.1" 302 req-7 https://x/s/…/page/1/'
