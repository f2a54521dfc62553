"""The coaching trajectory of one organization in the programme (annex 1 of the evaluation report):
eligibility approval before the start, status history, needs, the indicative plan of approach, the
time spent, the action plan at the end, success stories; and the service providers' communication
actions.

An organization is asked for each fact once: its register facts (enterprise number, employees, joint
committees, lot) live on the organization; the eligibility approval keeps a copy of the facts it was
given on, so a later change is noticed and asks for a new approval.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from leerscan.organizations.models import Organization


class Status(models.TextChoices):
    """The steps of a trajectory, in order; ``stopped`` can follow any step before ``completed``."""

    REGISTERED = "registered", _("registered")
    APPROVED = "approved", _("eligibility approved")
    INTAKE = "intake", _("intake")
    PLAN_AGREED = "plan_agreed", _("plan agreed")
    RUNNING = "running", _("running")
    COMPLETED = "completed", _("completed")
    STOPPED = "stopped", _("stopped")


class Theme(models.TextChoices):
    """Needs around competence thinking: the themes of chapter 5 (figure 4) and annex 9."""

    JOB_PROFILES = "job_profiles", _("job and function profiles")
    COMPETENCE_PROFILES = "competence_profiles", _("competence profiles")
    COMPETENCE_MATRIX = "competence_matrix", _("competence matrix")
    FUTURE_COMPETENCES = "future_competences", _("future competences (digital, green)")
    TRAINING_PLAN = "training_plan", _("training plan")
    DEVELOPMENT_TALKS = "development_talks", _("development and appraisal talks")
    FEEDBACK = "feedback", _("feedback and conversation skills")
    RECRUITMENT_ONBOARDING = "recruitment_onboarding", _("recruitment and onboarding")
    LEADERSHIP = "leadership", _("leadership")
    MISSION_VISION = "mission_vision", _("mission and vision")
    PERSONNEL_POLICY = "personnel_policy", _("personnel policy")
    TALENTS = "talents", _("talents")
    MULTI_SKILLING = "multi_skilling", _("multi-skilled colleagues")
    KNOWLEDGE_SHARING = "knowledge_sharing", _("knowledge sharing")
    RETENTION = "retention", _("retention and well-being")
    REINTEGRATION = "reintegration", _("return to work after illness")


class Trajectory(models.Model):
    """One organization's coaching trajectory in the programme."""

    organization = models.OneToOneField(
        Organization, on_delete=models.PROTECT, related_name="trajectory", verbose_name=_("organization")
    )
    service_provider = models.ForeignKey(
        "accounts.ServiceProvider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("service provider"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    needs = models.TextField(_("needs"), blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    de_minimis_signed_on = models.DateField(_("de minimis declaration signed on"), null=True, blank=True)
    de_minimis_signed_by = models.CharField(_("signed by"), max_length=200, blank=True)
    practices_anchored = models.TextField(_("practices anchored"), blank=True)
    how_to_continue = models.TextField(_("how the organization continues"), blank=True)
    competence_development = models.TextField(_("competence development per group of employees"), blank=True)
    transfer_signed_on = models.DateField(_("'Transfer of support' signed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_status_display()})"

    @property
    def planned_hours(self) -> Decimal:
        return sum((action.planned_hours or Decimal(0) for action in self.actions.all()), Decimal(0))

    @property
    def planned_sessions(self) -> int:
        return sum(action.planned_sessions or 0 for action in self.actions.all())

    @property
    def spent_hours(self) -> Decimal:
        return sum((entry.hours for entry in self.time_entries.all()), Decimal(0))

    @property
    def planned_cost(self) -> Decimal:
        return sum((action.cost_estimate or Decimal(0) for action in self.actions.all()), Decimal(0))


class StatusChange(models.Model):
    """Who moved a trajectory to which step, and when (the history is never edited)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.trajectory_id}: {self.from_status or '-'} -> {self.to_status}"


class EligibilityReview(models.Model):
    """The programme's decision on eligibility, with the facts it was taken on."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="reviews")
    approved = models.BooleanField(_("approved"))
    facts = models.JSONField(default=dict)  # see services.eligibility_facts
    note = models.TextField(_("note"), blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.trajectory_id}: {'approved' if self.approved else 'refused'}"


class PlanAction(models.Model):
    """One action of the indicative plan of approach."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    planned_hours = models.DecimalField(
        _("planned hours"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    planned_sessions = models.PositiveSmallIntegerField(_("planned sessions"), null=True, blank=True)
    cost_estimate = models.DecimalField(
        _("cost estimate (EUR)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("action")

    def __str__(self) -> str:
        return self.title


class TimeEntry(models.Model):
    """Time spent on a trajectory (billable work of a consultant or subcontractor)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="time_entries")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    worked_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.25"))]
    )
    activity = models.CharField(_("what was done"), max_length=200)

    class Meta:
        ordering = ["-worked_on", "-id"]

    def __str__(self) -> str:
        return f"{self.worked_on}: {self.hours} h"


class SuccessStory(models.Model):
    """A success story of a trajectory, for the programme's collection (annex 1, 1.3.1)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="stories")
    title = models.CharField(_("title"), max_length=200)
    story = models.TextField(_("story"))
    may_publish = models.BooleanField(_("the organization agrees to publication"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")

    def __str__(self) -> str:
        return self.title


class CommunicationAction(models.Model):
    """A service provider's action to recruit organizations, with its reach (annex 1, 1.3.1 and 1.3.3)."""

    class Channel(models.TextChoices):
        EVENT = "event", _("event or info session")
        WEBINAR = "webinar", _("webinar")
        NEWSLETTER = "newsletter", _("newsletter or mailing")
        WEBSITE = "website", _("website")
        SOCIAL = "social", _("social media")
        PRESS = "press", _("press or trade magazine")
        VISIT = "visit", _("company visit or phone call")
        OTHER = "other", _("other")

    service_provider = models.ForeignKey(
        "accounts.ServiceProvider", on_delete=models.PROTECT, related_name="communication_actions"
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(_("what"), max_length=200)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    material = models.CharField(_("material used"), max_length=200, blank=True)
    reached = models.PositiveIntegerField(_("organizations reached"))
    reached_small = models.PositiveIntegerField(_("of which with fewer than 50 employees"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reached_small__lte=models.F("reached")), name="small_within_reached"
            )
        ]
        verbose_name = _("communication action")
        verbose_name_plural = _("communication actions")

    def __str__(self) -> str:
        return self.title
