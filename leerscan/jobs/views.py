"""A job's page: a progress bar that moves (htmx asks every second), then the file or a clear message.

Only the person who started a job sees it; its id is a random UUID, and anyone else gets a 404.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from leerscan.core.downloads import download
from leerscan.jobs.models import JobFile
from leerscan.jobs.services import error_text, job_for, summary_text, title


def idempotency_key(request, kind: str) -> str:
    """The key of the job a form starts: the form's ``{% job_token %}`` and the person, so a double
    click starts one job; without a token every submit starts its own."""
    token = request.POST.get("job_token", "")
    if not (token.isalnum() and len(token) <= 64):
        return ""
    return f"{kind}:{request.user.pk}:{token}"


def redirect_to_job(job, back: str = ""):
    """Send the person to the job's page, with a link back to where they started it."""
    url = reverse("jobs:page", args=[job.id])
    return redirect(f"{url}?{urlencode({'back': back})}" if back else url)


def _context(job) -> dict:
    return {
        "job": job,
        "title": title(job),
        "error": error_text(job),
        "summary": summary_text(job),
        "has_file": bool(job.file_name),
    }


@login_required
def job_page(request, job_id):
    job = job_for(request.user, job_id)
    back = request.GET.get("back", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    context = _context(job) | {"back": back}
    return render(request, "jobs/page.html", context)


@login_required
def job_progress(request, job_id):
    return render(request, "jobs/_progress.html", _context(job_for(request.user, job_id)))


@login_required
def job_file(request, job_id):
    job = job_for(request.user, job_id)
    stored = JobFile.objects.filter(job=job).first() if job.file_name else None
    if stored is None:
        raise Http404
    return download(bytes(stored.content), job.file_name)
