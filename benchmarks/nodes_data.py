"""The data of ``benchmarks/nodes.py``, made and checked inside Django (``leerscan shell -c``).

Each function prints one JSON line (the last line of its output), which the benchmark reads back:
``python -m leerscan shell -c "from benchmarks import nodes_data; nodes_data.setup(12, 600)"``.
"""

from __future__ import annotations

import io
import json
import zipfile


def _say(value) -> None:
    print(json.dumps(value, default=str), flush=True)


def setup(organizations: int, import_rows: int, respondents_per_organization: int = 25) -> None:
    """An open round for the simulated respondents, an administrator who owns the jobs, ``organizations``
    organizations with a closed round of synthetic answers each (the batch PDF), and an open round
    waiting for an import of ``import_rows`` questionnaires."""
    from django.contrib.auth.models import User
    from django.db import transaction

    from leerscan.analytics.synthetic import generate_respondents
    from leerscan.instrument.loader import get_instrument
    from leerscan.organizations.models import Organization
    from leerscan.surveys.imports import create_target, import_answers
    from leerscan.surveys.models import ScanRound

    instrument = get_instrument()
    load_org, _ = Organization.objects.get_or_create(name="Loadtest")
    load_round, _ = ScanRound.objects.get_or_create(
        organization=load_org,
        wave=1,
        defaults={
            "instrument_version": instrument.version,
            "status": ScanRound.Status.OPEN,
            "variant": "long",
        },
    )
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    # One synthetic group for every organization (drawing the answers is the slow part, not storing).
    group = generate_respondents(instrument, respondents_per_organization, 1, seed=1)
    for number in range(1, organizations + 1):
        answers = group.copy()
        with transaction.atomic():
            scan_round, _ = create_target(f"Benchmark organization {number:03d}", 1, answers, instrument)
            import_answers(scan_round, answers, allow_more=True, allow_not_open=True)
    import_org, _ = Organization.objects.get_or_create(name="Import target")
    import_round, _ = ScanRound.objects.get_or_create(
        organization=import_org,
        wave=1,
        defaults={
            "instrument_version": instrument.version,
            "status": ScanRound.Status.OPEN,
            "expected_respondents": max(import_rows, 1),
        },
    )
    _say(
        {
            "token": load_round.public_token,
            "admin": admin.pk,
            "import_round": import_round.pk,
            "organizations": organizations,
        }
    )


def start_zip(admin: int) -> None:
    """The batch PDF: every report the administrator may see, as one zip (the ``reports.zip`` job)."""
    from django.contrib.auth.models import User

    from leerscan.reports.services import start_reports_zip

    job = start_reports_zip(User.objects.get(pk=admin), "en", key="bench-nodes-zip")
    _say({"job": str(job.id)})


def import_available() -> None:
    try:
        from leerscan.surveys import import_jobs  # noqa: F401
    except ImportError:
        _say({"available": False})
    else:
        _say({"available": True})


def start_import(admin: int, import_round: int, rows: int) -> None:
    """An import of ``rows`` synthetic questionnaires as a background job (the ``surveys.import`` kind:
    atomic, its rows and its "done" commit together)."""
    from django.contrib.auth.models import User

    from leerscan.analytics.synthetic import generate_respondents
    from leerscan.instrument.loader import get_instrument
    from leerscan.jobs.services import start_job
    from leerscan.surveys.import_jobs import IMPORT
    from leerscan.surveys.models import PendingImport, ScanRound

    answers = generate_respondents(get_instrument(), rows, 1, seed=4242).drop(columns=["organization"])
    pending = PendingImport.objects.create(
        scan_round=ScanRound.objects.get(pk=import_round),
        owner=User.objects.get(pk=admin),
        file_name="bench-import.csv",
        content=answers.to_csv(index=False).encode(),
    )
    job = start_job(
        IMPORT.name,
        {"pending": str(pending.id), "allow": True},
        owner=pending.owner,
        language="en",
        key="bench-nodes-import",
    )
    _say({"job": str(job.id), "rows": rows})


def check_zip(job_id: str) -> None:
    """The finished zip: one readable PDF per organization with a closed round."""
    from leerscan.jobs.models import Job, JobFile
    from leerscan.surveys.models import ScanRound

    job = Job.objects.get(id=job_id)
    content = bytes(JobFile.objects.get(job=job).content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        pdfs = sum(archive.read(name).startswith(b"%PDF") for name in names)
    organizations = (
        ScanRound.objects.filter(status=ScanRound.Status.CLOSED).values("organization").distinct().count()
    )
    _say(
        {
            "status": job.status,
            "completions": job.completions,
            "attempts": job.attempts,
            "files_in_zip": len(names),
            "readable_pdfs": pdfs,
            "organizations_with_a_closed_round": organizations,
            "left_out": (job.result or {}).get("left_out"),
        }
    )


def check_import(job_id: str, import_round: int) -> None:
    """The finished import: every row stored once, the kept file gone."""
    from django.db.models import Count

    from leerscan.jobs.models import Job
    from leerscan.surveys.models import PendingImport, Response

    job = Job.objects.get(id=job_id)
    responses = Response.objects.filter(scan_round_id=import_round)
    duplicates = responses.values("secret").annotate(n=Count("id")).filter(n__gt=1).count()
    _say(
        {
            "status": job.status,
            "completions": job.completions,
            "attempts": job.attempts,
            "stored": responses.count(),
            "duplicate_respondents": duplicates,
            "pending_files_left": PendingImport.objects.filter(scan_round_id=import_round).count(),
            "result": job.result,
        }
    )
