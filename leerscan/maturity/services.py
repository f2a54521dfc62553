"""Saving maturity scans and profile decisions, and what the report shows about maturity."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from leerscan.instrument.loader import get_instrument
from leerscan.maturity.content import get_profile_content
from leerscan.maturity.models import Assessment, ProfileDecision
from leerscan.maturity.scoring import LADDER, MaturityResult, next_step, score_maturity
from leerscan.organizations.models import Organization

INSTRUMENT_ID = "maturity"


def save_assessment(
    organization: Organization, perspective: str, answers: dict, user, submit: bool, variant: str = "standard"
) -> Assessment:
    """Store the answers (all at once, idempotent: saving the same answers twice changes nothing)."""
    instrument = get_instrument(INSTRUMENT_ID)
    with transaction.atomic():
        assessment, _ = Assessment.objects.select_for_update().get_or_create(
            organization=organization,
            perspective=perspective,
            defaults={"instrument_version": instrument.version, "variant": variant},
        )
        assessment.answers = {key: value for key, value in answers.items() if value not in (None, "")}
        assessment.instrument_version = instrument.version
        assessment.variant = variant
        assessment.updated_by = user
        if submit:
            assessment.submitted_at = timezone.now()
        assessment.save()
        refresh_organization_profile(organization)
    return assessment


def decide_profiles(organization: Organization, profiles: list[str], reason: str, user) -> ProfileDecision:
    """Record the consultant's final profile(s) with the reason; it becomes the organization's profile."""
    with transaction.atomic():
        decision = ProfileDecision.objects.create(
            organization=organization,
            profiles=[p for p in LADDER if p in profiles],
            reason=reason,
            decided_by=user,
        )
        refresh_organization_profile(organization)
    return decision


def submitted(organization: Organization, perspective: str) -> Assessment | None:
    return Assessment.objects.filter(
        organization=organization, perspective=perspective, submitted_at__isnull=False
    ).first()


def result_of(assessment: Assessment | None) -> MaturityResult | None:
    if assessment is None:
        return None
    return score_maturity(assessment.answers, get_instrument(INSTRUMENT_ID))


def refresh_organization_profile(organization: Organization) -> None:
    """Keep ``organization.maturity_profiles`` current: decision, else owner's scan, else consultant's."""
    decision = organization.profile_decisions.first()
    if decision is not None:
        profiles, source = decision.profiles, "decision"
    else:
        profiles, source = [], ""
        for perspective in (Assessment.Perspective.OWNER, Assessment.Perspective.CONSULTANT):
            result = result_of(submitted(organization, perspective))
            if result is not None:
                profiles, source = result.primary, perspective
                break
    Organization.objects.filter(pk=organization.pk).update(
        maturity_profiles=profiles, maturity_profiles_source=source
    )
    organization.maturity_profiles, organization.maturity_profiles_source = profiles, source


@dataclass
class MaturitySection:
    """The maturity section of the organization report."""

    source: str  # "decision", "owner" or "consultant"
    result: MaturityResult
    profiles: list[dict]  # the current profile(s): label, what, why, actions, training plan, lead
    next_profile: dict | None
    fits: list[tuple[str, float]]  # (label, fit) on the ladder's order
    preconditions: list[dict] = field(default_factory=list)  # the unmet ones, weakest first
    undesired: list[str] = field(default_factory=list)
    legal_notice: str = ""
    decision: ProfileDecision | None = None


def maturity_section(organization: Organization, language: str) -> MaturitySection | None:
    """What the report shows about maturity, or None when nobody filled in the scan yet."""
    owner = submitted(organization, Assessment.Perspective.OWNER)
    consultant = submitted(organization, Assessment.Perspective.CONSULTANT)
    assessment = owner or consultant
    if assessment is None:
        return None
    content = get_profile_content()
    result = result_of(assessment)
    decision = organization.profile_decisions.first()
    current = decision.profiles if decision is not None else result.primary
    upcoming = next_step(current)
    return MaturitySection(
        source="decision" if decision is not None else assessment.perspective,
        result=result,
        profiles=[content.profile(key, language) for key in current],
        next_profile=content.profile(upcoming, language) if upcoming else None,
        fits=[(content.label(key, language), fit.fit) for key, fit in result.profiles.items() if fit.known],
        preconditions=[content.precondition(key, language) for key in result.unmet_preconditions],
        undesired=content.undesired_outcomes(current, language),
        legal_notice=content.legal_training_plan(language) if result.training_plan_required else "",
        decision=decision,
    )
