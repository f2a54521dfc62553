"""The research export of a partnership round as a background job (files are made by a worker)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.utils.translation import gettext_noop

from leerscan.accounts.access import role_of
from leerscan.accounts.models import Role
from leerscan.core.pdf import html_to_pdf
from leerscan.jobs.registry import JobRefused, Kind, Output
from leerscan.partnerships import access, exports, presenting, results
from leerscan.partnerships.instrument import get_instrument
from leerscan.partnerships.models import PartnershipRound

NOT_OPEN = gettext_noop(
    "Only rounds in open reflection can be exported: confidential rounds keep their ties."
)


def export_job(job, progress) -> Output:
    """params: round. Refused for a confidential round and for an owner who lost the programme role."""
    if job.owner is not None and role_of(job.owner) not in (Role.PROGRAMME, Role.ADMIN):
        raise JobRefused(NOT_OPEN)
    round = PartnershipRound.objects.select_related("lot").get(pk=job.params["round"])
    if not round.is_open_mode:
        raise JobRefused(NOT_OPEN)
    progress.start(1)
    content = exports.research_zip(
        get_instrument(), results.round_network(round), [r.answers for r in results.submitted(round)]
    )
    progress.advance()
    return Output(file_name=f"partnership-lot{round.lot.number}-round{round.number}.zip", content=content)


NO_LONGER = gettext_noop("You can no longer see this partnership's results.")


def feedback_pdf_job(job, progress) -> Output:
    """params: round. The feedback report for the steering group; only while its owner may see it."""
    round = PartnershipRound.objects.select_related("lot").get(pk=job.params["round"])
    owner = User.objects.filter(pk=job.owner_id).first() if job.owner_id else None
    if owner is None or not access.can_see_lot_results(owner, round):
        raise JobRefused(NO_LONGER)
    progress.start(2)
    html = render_to_string(
        "partnerships/feedback.html", presenting.feedback_context(round, job.language[:2])
    )
    progress.advance()
    content = html_to_pdf(html)
    progress.advance()
    return Output(file_name=f"partnership-lot{round.lot.number}-round{round.number}.pdf", content=content)


FEEDBACK_PDF = Kind(
    name="partnerships.feedback_pdf",
    run=feedback_pdf_job,
    title=gettext_noop("Partnership scan: feedback report"),
    retries=2,
)
EXPORT = Kind(
    name="partnerships.export",
    run=export_job,
    title=gettext_noop("Partnership scan: research files"),
    retries=2,
    keep=timedelta(days=1),
)
