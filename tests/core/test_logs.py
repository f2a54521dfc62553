"""Secret links never reach the logs: the token part of /s/, /p/ and /c/ paths is masked."""

import io
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
