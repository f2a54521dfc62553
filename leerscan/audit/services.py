"""Write to the audit trail (:func:`record`) and keep it for a set period (:data:`PURGE`)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from leerscan.audit.models import Action, AuditEvent
from leerscan.core.logs import current_request_id, mask_tokens
from leerscan.jobs.registry import Kind, Output

#: Detail names that would carry what the trail must never hold: answers, links, codes, secrets.
FORBIDDEN_DETAIL = re.compile(r"answer|token|code|password|secret|link", re.IGNORECASE)


def record(action: str, actor=None, organization=None, target: str = "", **details) -> AuditEvent:
    """Append one event. ``actor``: the user (or None for the system or an unknown person);
    ``organization``: the organization concerned; ``target``: a short name of the thing ("round 12").

    Details are small plain values (numbers, names of filters); a detail named like an answer, a
    token, a code or a password is refused, and a respondent link in any text is masked.
    """
    if action not in Action.values:
        raise ValueError(f"unknown audit action {action!r}")
    for name, value in details.items():
        if FORBIDDEN_DETAIL.search(name):
            raise ValueError(f"the audit trail never holds {name!r}")
        if not isinstance(value, str | int | float | bool | type(None) | list):
            raise ValueError(f"audit detail {name!r} must be a plain value")
    clean = {name: mask_tokens(value) if isinstance(value, str) else value for name, value in details.items()}
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    request_id = current_request_id()
    return AuditEvent.objects.create(
        action=action,
        actor=user,
        actor_name=getattr(user, "username", "") if user else str(details.get("username", ""))[:150],
        organization=organization,
        target=mask_tokens(str(target))[:200],
        details=clean,
        request_id="" if request_id == "-" else request_id[:64],
    )


def purge_old(job=None, progress=None) -> Output:
    """Remove events older than ``LEERSCAN_AUDIT_RETENTION_DAYS``; the purge itself is recorded."""
    days = settings.LEERSCAN_AUDIT_RETENTION_DAYS
    cutoff = timezone.now() - timedelta(days=days)
    removed, _ = AuditEvent.objects.filter(at__lt=cutoff).delete()
    if removed:
        record(Action.PURGED, target=f"older than {days} days", removed=removed)
    return Output(result={"removed": removed})


PURGE = Kind(
    name="audit.purge",
    run=purge_old,
    title=gettext_noop("Clearing the old audit trail"),
    retries=3,
    keep=timedelta(days=1),
    every=timedelta(days=1),
)
