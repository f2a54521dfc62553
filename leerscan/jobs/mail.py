"""Every e-mail leerscan sends goes through here: queued with a key, sent by a worker, at most once.

The key (for example ``invitation:<round>:<person>``) is the e-mail's identity: queueing the same key
again returns the e-mail already queued or sent. A mail server that does not answer is tried again
with back-off; a worker killed while sending leaves the e-mail ``unknown`` rather than risk sending
it twice. The Message-ID comes from the key too, so a receiving server can recognise a copy.
"""

from __future__ import annotations

import hashlib
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from leerscan.jobs.models import Job, OutgoingEmail
from leerscan.jobs.registry import JobRefused, Kind, Output
from leerscan.jobs.services import start_job


def message_id(key: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()[:32]
    domain = getattr(settings, "LEERSCAN_EMAIL_DOMAIN", "leerscan.invalid")
    return f"<{digest}@{domain}>"


def send_email(
    key: str, to: list[str], subject: str, body: str, owner=None, html: str = "", headers=None
) -> Job:
    """Queue an e-mail (plain text, optionally with an HTML version and extra headers); the same
    ``key`` again changes nothing."""
    return queue_email(key, to, subject, body, owner=owner, html=html, headers=headers)[0]


def queue_email(
    key: str, to: list[str], subject: str, body: str, owner=None, html: str = "", headers=None
) -> tuple[Job, bool]:
    """:func:`send_email`, also saying whether this call queued it (False: it was queued before)."""
    with transaction.atomic():
        email, created = OutgoingEmail.objects.get_or_create(
            key=key,
            defaults={
                "to": list(to),
                "subject": subject,
                "body": body,
                "html": html,
                "headers": dict(headers or {}),
                "message_id": message_id(key),
            },
        )
        return start_job(EMAIL.name, {"email": email.pk}, owner=owner, key=f"email:{key}"), created


def send_email_job(job, progress) -> Output:
    email = OutgoingEmail.objects.get(pk=job.params["email"])
    if email.status == OutgoingEmail.Status.SENT:
        return Output(result={"sent": email.sent_at.isoformat()})
    claimed = OutgoingEmail.objects.filter(pk=email.pk, status=OutgoingEmail.Status.QUEUED).update(
        status=OutgoingEmail.Status.SENDING
    )
    if not claimed:  # an earlier attempt died while sending: it may have gone out
        OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.UNKNOWN)
        raise JobRefused(gettext_noop("This e-mail may already have been sent, so it is not sent again."))
    message = EmailMultiAlternatives(
        email.subject, email.body, to=email.to, headers={**email.headers, "Message-ID": email.message_id}
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as refusal:
        codes = [code for code, _text in refusal.recipients.values()]
        if codes and all(500 <= code < 600 for code in codes):  # refused for good: never again
            OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.REFUSED)
            raise JobRefused(gettext_noop("The mail server refused this address.")) from None
        OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.QUEUED)
        raise
    except Exception:
        # The server did not accept it: nothing went out, so a later attempt may send it.
        OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.QUEUED)
        raise
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.SENT, sent_at=timezone.now())
    return Output(result={"to": len(email.to)})


EMAIL = Kind(
    name="jobs.email",
    run=send_email_job,
    title=gettext_noop("Sending an e-mail"),
    retries=6,  # 10 s, 20 s, 40 s, 80 s, 160 s, 320 s: a mail server down for ten minutes
    keep=timedelta(days=2),
)
