"""Competence matrices per department or team, the people in them, their assessments, and the
training plan (opleidingsplan).

These are personal data, not anonymous: see ``leerscan.competences.access`` for who may see them.
Assessments are stored only after the person's consent; people who left are deleted after the
retention period (``leerscan competences purge``).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from leerscan.competences import matrix as logic
from leerscan.core.tokens import new_token
from leerscan.organizations.models import Organization


class Matrix(models.Model):
    """The competence matrix of one department or team."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="competence_matrices"
    )
    name = models.CharField(_("department or team"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    # [] = the standard scale (translated for everyone); else [{"name": ..., "description": ...}] for
    # levels 1..n, written by the organization in its own words.
    levels = models.JSONField(default=list, blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="one_matrix_name_per_organization")
        ]
        verbose_name = _("competence matrix")
        verbose_name_plural = _("competence matrices")

    def __str__(self) -> str:
        return f"{self.organization} – {self.name}"

    @property
    def level_count(self) -> int:
        return len(self.levels) or logic.DEFAULT_LEVEL_COUNT


class JobRole(models.Model):
    """A role (or a broader role description) in a team."""

    matrix = models.ForeignKey(Matrix, on_delete=models.CASCADE, related_name="roles")
    name = models.CharField(_("role"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["matrix", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["matrix", "name"], name="one_role_name_per_matrix")]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return f"{self.matrix.name} – {self.name}"


class Competence(models.Model):
    class Kind(models.TextChoices):
        JOB = "job", _("job-specific")
        TRANSVERSAL = "transversal", _("transversal (for every job)")

    class Horizon(models.TextChoices):
        CURRENT = "current", _("needed now")
        DIGITAL = "digital", _("future: digitalisation")
        GREEN = "green", _("future: greening")
        FUTURE = "future", _("future: other change")

    matrix = models.ForeignKey(Matrix, on_delete=models.CASCADE, related_name="competences")
    name = models.CharField(_("competence"), max_length=120)
    description = models.TextField(
        _("description"), blank=True, help_text=_("What someone does who has this competence.")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.JOB)
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon.choices, default=Horizon.CURRENT)
    critical = models.BooleanField(
        _("critical"), default=False, help_text=_("The work stops or goes wrong when nobody can do this.")
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["matrix", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["matrix", "name"], name="one_competence_name_per_matrix")
        ]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")

    def __str__(self) -> str:
        return self.name


class Requirement(models.Model):
    """The level a role requires of a competence (no row: not needed for that role)."""

    role = models.ForeignKey(JobRole, on_delete=models.CASCADE, related_name="requirements")
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="requirements")
    level = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(logic.MAX_LEVELS)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["role", "competence"], name="one_requirement_per_role_competence")
        ]

    def __str__(self) -> str:
        return f"{self.role.name} / {self.competence.name}: {self.level}"


class Employee(models.Model):
    """A person in the organization (a name or a pseudonym). A manager is an employee with reports.

    Production workers have no account: their personal link (``token``) opens their own page.
    """

    class Consent(models.TextChoices):
        LINK = "link", _("on their personal page")
        RECORDED = "recorded", _("on paper or in person (recorded by staff)")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="competence_people")
    name = models.CharField(_("name or pseudonym"), max_length=120)
    role = models.ForeignKey(
        JobRole,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("role"),
    )
    manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("manager"),
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="nl")
    token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, default=new_token, editable=False
    )
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_source = models.CharField(max_length=10, choices=Consent.choices, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    learning_wish = models.TextField(
        _("what I want to learn"),
        blank=True,
        help_text=_("Optional, written by the person on their own page."),
    )
    left_on = models.DateField(
        _("left the organization on"),
        null=True,
        blank=True,
        help_text=_("Their data are deleted when the retention period after this date has passed."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "name", "pk"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")

    def __str__(self) -> str:
        return self.name

    @property
    def matrix(self) -> Matrix | None:
        return self.role.matrix if self.role_id else None

    @property
    def has_consented(self) -> bool:
        return self.consent_at is not None

    @property
    def has_left(self) -> bool:
        return self.left_on is not None and self.left_on <= timezone.localdate()

    def clean(self):
        if self.role_id and self.role.matrix.organization_id != self.organization_id:
            raise ValidationError({"role": _("This role belongs to another organization.")})
        if self.manager_id:
            if self.manager_id == self.pk:
                raise ValidationError({"manager": _("Someone cannot be their own manager.")})
            if self.manager.organization_id != self.organization_id:
                raise ValidationError({"manager": _("The manager must work in the same organization.")})


class Assessment(models.Model):
    """One level for one person and competence, by one source; the agreed one has a date and note."""

    class Source(models.TextChoices):
        SELF = "self", _("self-assessment")
        MANAGER = "manager", _("manager")
        AGREED = "agreed", _("agreed")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="assessments")
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="assessments")
    source = models.CharField(max_length=8, choices=Source.choices)
    level = models.PositiveSmallIntegerField(validators=[MaxValueValidator(logic.MAX_LEVELS)])
    note = models.CharField(_("note"), max_length=300, blank=True)
    agreed_on = models.DateField(_("date of the conversation"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by_employee = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "competence", "source"], name="one_level_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.employee} / {self.competence}: {self.level} ({self.source})"


class ClosedLink(models.Model):
    """A personal link whose owner deleted their own data: only a hash of the link, so opening it
    again (a double tap on "delete") shows "your data are deleted" instead of "not found". Nothing
    about the person is kept; removed by the purge after :data:`CLOSED_LINK_DAYS`."""

    token_hash = models.CharField(max_length=64, unique=True)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="nl")
    closed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"closed link {self.token_hash[:8]}…"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


CLOSED_LINK_DAYS = 90


def plan_label(kind: str, competence: str, mentor: str) -> str:
    """The standard title of a plan action in the active language, from its kind, competence and
    mentor (either may be empty, e.g. after the mentor's data were deleted)."""
    params = {"competence": competence, "mentor": mentor}
    if not competence:
        return str(dict(PlanAction.Kind.choices).get(kind, kind))
    if kind == logic.MENTORING:
        if mentor:
            return gettext("Learn “%(competence)s” from %(mentor)s") % params
        return gettext("Learn “%(competence)s” from a colleague") % params
    if kind == logic.ROTATION:
        if mentor:
            return gettext("Become a backup for “%(competence)s” (work along with %(mentor)s)") % params
        return gettext("Become a backup for “%(competence)s”") % params
    if kind == logic.ON_THE_JOB:
        return gettext("Practise “%(competence)s” in the daily work") % params
    return gettext("Training: %(competence)s") % params


class PlanAction(models.Model):
    """An action of the training plan, for one person or a group."""

    class Kind(models.TextChoices):
        FORMAL = logic.FORMAL, _("formal training")
        ON_THE_JOB = logic.ON_THE_JOB, _("on-the-job learning")
        MENTORING = logic.MENTORING, _("mentoring by a colleague")
        ROTATION = logic.ROTATION, _("job rotation")

    class Status(models.TextChoices):
        PLANNED = logic.PLANNED, _("planned")
        IN_PROGRESS = logic.IN_PROGRESS, _("in progress")
        DONE = logic.DONE, _("done")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="training_actions")
    # Empty for actions made from a suggestion: :attr:`label` then builds the text from the kind, the
    # competence and the mentor when the page is drawn, so no person's name is stored in a title.
    title = models.CharField(
        _("action"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use a standard text made from the kind, the competence and the mentor."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.FORMAL)
    competence = models.ForeignKey(
        Competence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_actions",
        verbose_name=_("competence"),
    )
    participants = models.ManyToManyField(
        Employee, related_name="training_actions", blank=True, verbose_name=_("who learns")
    )
    mentor = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentoring_actions",
        verbose_name=_("mentor or colleague to learn from"),
    )
    provider = models.CharField(
        _("given by"), max_length=200, blank=True, help_text=_("A trainer, school or supplier.")
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    due_on = models.DateField(_("finished by"), null=True, blank=True)
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    note = models.TextField(_("note"), blank=True)
    suggestion_key = models.CharField(max_length=120, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_on", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "suggestion_key"],
                condition=~models.Q(suggestion_key=""),
                name="one_action_per_suggestion",
            )
        ]
        verbose_name = _("training-plan action")
        verbose_name_plural = _("training-plan actions")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The title as typed, else the standard text in the active language (see ``plan_label``)."""
        if self.title:
            return self.title
        return plan_label(
            self.kind,
            self.competence.name if self.competence_id else "",
            self.mentor.name if self.mentor_id else "",
        )

    def clean(self):
        if self.starts_on and self.due_on and self.due_on < self.starts_on:
            raise ValidationError({"due_on": _("The end date must be after the start date.")})
