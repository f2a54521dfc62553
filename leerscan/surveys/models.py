"""Organizations, scan rounds, and the anonymous responses given in them.

A response stores the instrument id and version it was given under, and one row per answered
question (keyed by the instrument's stable question id), so a later instrument version never
changes the meaning of stored answers.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

RESUME_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: easy to read aloud and type


def new_token() -> str:
    """An unguessable URL token (192 bits)."""
    return secrets.token_urlsafe(24)


def new_resume_code() -> str:
    """A short code to continue on another device: 10 characters (about 49 bits), e.g. 7KQ4M-X2P9D."""
    return "".join(secrets.choice(RESUME_ALPHABET) for _ in range(10))


def all_languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


class SizeClass(models.IntegerChoices):
    """Size classes of annex 3 (question 'Hoeveel werknemers ...')."""

    SELF_EMPLOYED = 1, _("No employees (self-employed)")
    FROM_2 = 2, _("2 to 4 employees")
    FROM_5 = 3, _("5 to 19 employees")
    FROM_20 = 4, _("20 to 49 employees")
    FROM_50 = 5, _("50 to 99 employees")
    FROM_100 = 6, _("100 to 199 employees")
    FROM_200 = 7, _("200 employees or more")

    @classmethod
    def for_employees(cls, employees: int) -> SizeClass:
        """The size class of an organization with this many employees."""
        for limit, size in ((1, cls.SELF_EMPLOYED), (4, cls.FROM_2), (19, cls.FROM_5), (49, cls.FROM_20)):
            if employees <= limit:
                return size
        return cls.FROM_50 if employees <= 99 else cls.FROM_100 if employees <= 199 else cls.FROM_200


class LocalGovernmentCare(models.TextChoices):
    """A local government's care service: lot 4 of the programme without a joint committee."""

    CHILDCARE = "childcare", _("childcare")
    HOME_CARE = "home_care", _("home care")
    ELDERLY_CARE = "elderly_care", _("elderly care")


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    size_class = models.PositiveSmallIntegerField(_("size"), choices=SizeClass.choices, null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="nl")
    lot = models.ForeignKey(
        "accounts.Lot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("lot"),
    )
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_organizations",
        verbose_name=_("consultants"),
    )
    # The register (trajectories issue): facts asked once, checked when entered.
    enterprise_number = models.CharField(
        _("enterprise number"), max_length=10, unique=True, null=True, blank=True
    )
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    joint_committees = models.JSONField(_("joint committees"), default=list, blank=True)
    lot_needs_decision = models.BooleanField(default=False)  # committees in several lots
    local_government_care = models.CharField(
        _("local government care service"),
        max_length=12,
        choices=LocalGovernmentCare.choices,
        blank=True,
        help_text=_(
            "Only for a municipality or public centre for social welfare (OCMW/CPAS): its childcare, "
            "home care or elderly care belongs to lot 4, also without a joint committee."
        ),
    )
    # The organization's L&D profile(s) from the maturity scan, kept here for programme statistics:
    # the consultant's final decision when there is one, else the owner's (or consultant's) scan.
    maturity_profiles = models.JSONField(_("L&D profiles"), default=list, blank=True)
    maturity_profiles_source = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    @property
    def committees_text(self) -> str:
        """The joint committees, and the local government care service if any: "124, 149.01"."""
        parts = list(self.joint_committees or [])
        if self.local_government_care:
            service = self.get_local_government_care_display()
            parts.append(_("local government: %(service)s") % {"service": service})
        return ", ".join(str(part) for part in parts)


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
        return f"{self.organization} – {_('wave')} {self.wave}"

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The closing date must be after the opening date.")})


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
    """A single-use personal link. leerscan never stores who received it."""

    scan_round = models.ForeignKey(ScanRound, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    response = models.OneToOneField(
        Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{_('Personal link')} {self.pk}"


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
