"""Scan rounds of an organization, and the anonymous responses given in them.

A response stores the instrument id and version it was given under, and one row per answered
question (keyed by the instrument's stable question id), so a later instrument version never
changes the meaning of stored answers.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from leerscan.core.tokens import new_token
from leerscan.organizations.models import Organization

RESUME_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: easy to read aloud and type


def new_resume_code() -> str:
    """A short code to continue on another device: 10 characters (about 49 bits), e.g. 7KQ4M-X2P9D."""
    return "".join(secrets.choice(RESUME_ALPHABET) for _ in range(10))


def all_languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


def default_reminder_days() -> list[int]:
    return [3, 7]


class ScanRound(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("not open yet")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="rounds")
    wave = models.PositiveSmallIntegerField(
        _("wave"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("1 = first measurement, 2 or more = follow-up"),
    )
    instrument_id = models.CharField(max_length=50, default="employee")
    instrument_version = models.CharField(max_length=20)
    variant = models.CharField(_("questionnaire"), max_length=20, default="long")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    # When the round's figures were first shown (report, round page, a pooled norm or a later
    # round's comparison). From then on its answers and threshold are fixed: any change would let
    # someone compare two versions of the figures (see surveys.results.figures_frame).
    results_shown_at = models.DateTimeField(null=True, blank=True, editable=False)
    anonymity_threshold = models.PositiveSmallIntegerField(
        _("minimum group size"),
        default=settings.LEERSCAN_ANONYMITY_THRESHOLD,
        validators=[MinValueValidator(settings.LEERSCAN_MIN_ANONYMITY_THRESHOLD)],
    )
    expected_respondents = models.PositiveIntegerField(
        _("expected number of respondents"), null=True, blank=True
    )
    languages = models.JSONField(_("languages offered"), default=all_languages)
    public_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    refusals = models.PositiveIntegerField(
        default=0, editable=False, help_text=_("People who did not give consent (only counted).")
    )
    # Set once addresses are invited: from then on answer times are kept to the day only, so no
    # mail's time can be matched to an answer's time.
    invited_by_email = models.BooleanField(default=False, editable=False)
    reminder_days = models.JSONField(
        _("reminders (days after opening)"), default=default_reminder_days, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__name", "wave"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "wave"], name="one_round_per_wave"),
            models.CheckConstraint(
                condition=models.Q(anonymity_threshold__gte=3), name="anonymity_threshold_at_least_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.label}"

    @property
    def label(self) -> str:
        """What every page calls the round: "Scan round 2" ("Tour de scan 2", "Scanronde 2")."""
        return _("Scan round %(wave)s") % {"wave": self.wave}

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The closing date must be after the opening date.")})
        days = self.reminder_days or []
        if len(days) > 3 or not all(isinstance(d, int) and 1 <= d <= 90 for d in days):
            raise ValidationError(
                {"reminder_days": _("At most three reminders, each 1 to 90 days after opening.")}
            )


class Response(models.Model):
    """One respondent's questionnaire in one round. Holds no name, e-mail or IP address."""

    class Status(models.TextChoices):
        STARTED = "started", _("started")
        SUBMITTED = "submitted", _("submitted")

    class Source(models.TextChoices):
        WEB = "web", _("web")
        PAPER = "paper", _("paper")
        IMPORT = "import", _("import")
        SYNTHETIC = "synthetic", _("synthetic (demo)")

    scan_round = models.ForeignKey(ScanRound, on_delete=models.PROTECT, related_name="responses")
    secret = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    resume_code = models.CharField(max_length=10, unique=True, default=new_resume_code, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.STARTED)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    language = models.CharField(max_length=2, default="nl")
    instrument_version = models.CharField(max_length=20)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    last_saved_at = models.DateTimeField(null=True, blank=True)
    linking_code = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text=_("Optional self-made code to link waves anonymously."),
    )

    class Meta:
        indexes = [models.Index(fields=["scan_round", "status"])]

    def __str__(self) -> str:
        return f"{_('Response')} {self.pk} ({self.get_status_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Invitation(models.Model):
    """A single-use personal link. It knows whether it was used and completed, never by which response:
    no key leads from an invitation (or the address it was mailed to) to answers."""

    scan_round = models.ForeignKey(ScanRound, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    started = models.BooleanField(default=False, editable=False, help_text=_("The link was used once."))
    completed = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    refused = models.BooleanField(
        default=False, editable=False, help_text=_("Consent was declined here (counted once).")
    )

    def __str__(self) -> str:
        return f"{_('Personal link')} {self.pk}"


class Addressee(models.Model):
    """The e-mail address a personal link was sent to, kept apart from answers and erased when the
    round closes. ``mails`` counts the mails queued (1 = the invitation, 2.. = reminders)."""

    scan_round = models.ForeignKey(ScanRound, on_delete=models.CASCADE, related_name="addressees")
    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="addressee")
    email = models.CharField(max_length=254)
    language = models.CharField(max_length=2, default="nl")
    stop_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    opted_out = models.BooleanField(default=False)
    refused = models.BooleanField(default=False, help_text=_("The mail server refused the address."))
    mails = models.PositiveSmallIntegerField(default=0)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scan_round", "email"], name="one_address_per_round")]

    def __str__(self) -> str:
        return f"{_('Addressee')} {self.pk}"


class MailText(models.Model):
    """A round's own wording of its invitation or reminder in one language (the default otherwise)."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("invitation")
        REMINDER = "reminder", _("reminder")

    scan_round = models.ForeignKey(ScanRound, on_delete=models.CASCADE, related_name="mail_texts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    language = models.CharField(max_length=2)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scan_round", "kind", "language"], name="one_mail_text")
        ]

    def __str__(self) -> str:
        return f"{self.scan_round_id}/{self.kind}/{self.language}"


class PageSave(models.Model):
    """That a page of the questionnaire was saved (for progress and the review step)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="page_saves")
    section_id = models.CharField(max_length=50)
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "section_id"], name="one_save_per_page")]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.section_id}"


class Answer(models.Model):
    """The answer to one question; at most one per response and question."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=50)
    number = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question_id"], name="one_answer_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


class PendingImport(models.Model):
    """An uploaded answer file between its check and its storing: waiting for **Import anyway**, or
    for the background job that stores a large file. Kept in the database so any web node or worker
    can read it; the job deletes it in the same transaction that stores the answers, so a file is
    stored once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    scan_round = models.ForeignKey(ScanRound, on_delete=models.CASCADE, related_name="pending_imports")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    file_name = models.CharField(max_length=200)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.file_name} → {self.scan_round}"


def organization_of_round(kwargs) -> int | None:
    """The organization id of the scan round named ``pk`` in a URL's values (for the audit trail)."""
    return ScanRound.objects.filter(pk=kwargs.get("pk")).values_list("organization_id", flat=True).first()
