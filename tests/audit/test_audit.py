"""The audit trail: append-only, read-only for administrators, kept for a set period, and written when
someone opens a report, a PDF or an export, imports answers or changes a role; never an answer or a
respondent's link."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from leerscan.audit.models import Action, AppendOnly, AuditEvent
from leerscan.audit.services import PURGE, record
from leerscan.audit.watch import watched
from leerscan.jobs.registry import periodic_kinds
from leerscan.surveys.models import Response
from tests.every_url import patterns

pytestmark = pytest.mark.django_db


def test_record_refuses_answers_tokens_and_codes(world):
    event = record(
        Action.EXPORT, actor=world.users["programme"], organization=world.org_a, target="x", rows=3
    )
    assert event.actor_name == "programme" and event.details == {"rows": 3}
    for name in ("answers", "token", "resume_code", "password", "personal_link"):
        with pytest.raises(ValueError):
            record(Action.EXPORT, **{name: "x"})
    masked = record(Action.EXPORT, target="/s/AbCdEfGhIjKl/page/2/")
    assert "AbCdEfGhIjKl" not in masked.target


def test_events_are_never_changed_or_deleted_one_by_one(world):
    event = record(Action.LOGIN, actor=world.users["consultant_a"])
    event.target = "changed"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()


def test_administrators_read_it_and_nobody_changes_it(client, world):
    event = record(Action.LOGIN, actor=world.users["consultant_a"])
    client.force_login(world.users["admin"])
    page = client.get("/admin/audit/auditevent/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "consultant_a" in page.content.decode()
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    client.force_login(world.users["programme"])
    assert client.get("/admin/audit/auditevent/").status_code == 302  # not staff: to the admin login


def test_old_events_are_purged_daily(world, settings):
    settings.LEERSCAN_AUDIT_RETENTION_DAYS = 30
    old = record(Action.LOGIN, actor=world.users["consultant_a"])
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=31))
    recent = record(Action.LOGIN, actor=world.users["consultant_a"])
    AuditEvent.objects.filter(pk=recent.pk).update(at=timezone.now() - timedelta(days=29))
    assert PURGE in periodic_kinds() and PURGE.every == timedelta(days=1)
    output = PURGE.run(None, None)
    assert output.result == {"removed": 1}
    assert (
        not AuditEvent.objects.filter(pk=old.pk).exists() and AuditEvent.objects.filter(pk=recent.pk).exists()
    )
    assert AuditEvent.objects.filter(action=Action.PURGED).exists()


def test_opening_a_report_leaves_a_trace(client, world):
    client.force_login(world.users["consultant_a"])
    assert client.get(f"/manage/rounds/{world.round_a.pk}/report/").status_code == 200
    event = AuditEvent.objects.get(action=Action.REPORT_VIEWED)
    assert event.actor == world.users["consultant_a"] and event.organization == world.org_a
    assert event.target == f"scan round {world.round_a.pk}" and event.at is not None
    # A refused look leaves none (it is a 404 for someone else's organization).
    assert client.get(f"/manage/rounds/{world.round_b.pk}/report/").status_code == 404
    assert AuditEvent.objects.filter(action=Action.REPORT_VIEWED).count() == 1


def test_programme_views_and_exports_leave_a_trace(client, world):
    client.force_login(world.users["programme"])
    assert client.get("/manage/programme/").status_code == 200
    assert client.get("/manage/programme/export/?format=csv").status_code == 200
    assert client.get("/research/codebook.csv").status_code == 200
    events = list(AuditEvent.objects.filter(actor=world.users["programme"]).values_list("action", "target"))
    assert (Action.REPORT_VIEWED, "trajectories:programme") in events
    assert (Action.EXPORT, "trajectories:programme_export") in events
    assert (Action.EXPORT, "research:codebook_csv fmt=csv") in events


def test_every_report_pdf_and_export_page_is_watched():
    """A new download page must be added to the trail: any URL named like one is watched."""
    downloads = set()
    for route, pattern in patterns():
        name = pattern.name or ""
        if "<str:token>" in route:  # a person's own page behind their link: nobody is logged in
            continue
        if any(word in name for word in ("report", "pdf", "export", "csv", "zip", "fiche", "codebook")):
            namespace = pattern.lookup_str.split(".")[1]
            downloads.add((namespace, name))
    names = {view_name.split(":")[1] for view_name in watched()}
    missing = sorted(name for _ns, name in downloads if name not in names)
    assert not missing, missing


def test_a_role_change_in_the_admin_is_recorded(client, world):
    client.force_login(world.users["admin"])
    user = world.users["consultant_a"]
    page = client.get(f"/admin/auth/user/{user.pk}/change/")
    form = page.context["adminform"].form
    data = {
        key: value for key, value in form.initial.items() if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "username": user.username,
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "profile-TOTAL_FORMS": "1",
            "profile-INITIAL_FORMS": "1",
            "profile-MIN_NUM_FORMS": "0",
            "profile-MAX_NUM_FORMS": "1",
            "profile-0-id": str(user.profile.pk),
            "profile-0-user": str(user.pk),
            "profile-0-role": "programme",
        }
    )
    data.pop("last_login", None)
    data.pop("password", None)
    response = client.post(f"/admin/auth/user/{user.pk}/change/", data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else response
    )
    event = AuditEvent.objects.get(action=Action.ROLE_CHANGED)
    assert event.actor == world.users["admin"] and event.target == "consultant_a"
    assert event.details == {"before": "consultant", "after": "programme"}


def test_never_a_token_or_an_answer(client, world):
    """Personal links handed out, a questionnaire answered, an import: the trail holds none of it."""
    client.force_login(world.users["consultant_a"])
    links = client.post(f"/manage/rounds/{world.round_a.pk}/invitations/", {"count": "3"}).content.decode()
    tokens = [line.rsplit("/p/", 1)[1].strip("/\r") for line in links.splitlines() if "/p/" in line]
    assert len(tokens) == 3
    public = world.round_a.public_token
    respondent = client.__class__()
    respondent.get(f"/s/{public}/")
    trail = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert AuditEvent.objects.filter(action=Action.EXPORT, organization=world.org_a).exists()
    for secret in [*tokens, public, *Response.objects.values_list("secret", flat=True)]:
        assert secret not in trail


def test_an_import_is_recorded_with_who_and_how_many(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.users["contact_a"])
    answers = b"ll_1,ll_2,ll_3,age\n3,4,5,30\n1,2,3,\n"
    url = f"/manage/rounds/{world.round_a.pk}/import/"
    assert client.post(url, {"file": SimpleUploadedFile("answers.csv", answers)}).status_code == 302
    stored = AuditEvent.objects.get(action=Action.IMPORT, actor=None)
    assert stored.details == {"rows": 2} and stored.organization == world.org_a
    asked = AuditEvent.objects.get(action=Action.IMPORT, actor=world.users["contact_a"])
    assert asked.target == f"manage:round_import pk={world.round_a.pk}" and asked.organization == world.org_a
