"""Maturity scan pages: fill in (owner or consultant), results side by side, the final decision."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leerscan.accounts.access import can_manage, get_organization_for, role_of, role_required
from leerscan.accounts.models import Role
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.model import translate
from leerscan.maturity.content import get_profile_content
from leerscan.maturity.models import Assessment
from leerscan.maturity.scoring import LADDER, compare
from leerscan.maturity.services import INSTRUMENT_ID, decide_profiles, result_of, save_assessment, submitted
from leerscan.surveys.forms import PageForm, render_items

CONSULTANT_ROLES = (Role.ADMIN, Role.SERVICE_PROVIDER, Role.CONSULTANT)


def _language() -> str:
    return (get_language() or "nl")[:2]


def _may_fill(user, organization, perspective: str) -> bool:
    """Owners fill in the owner's scan; consultants may fill in both (the owner's e.g. during a visit)."""
    if not can_manage(user, organization):
        return False
    role = role_of(user)
    if perspective == Assessment.Perspective.CONSULTANT:
        return role in CONSULTANT_ROLES
    return role in CONSULTANT_ROLES + (Role.ORGANIZATION,)


def _option_label(question, code: int):
    return next(option.label for option in question.response_scale.options if option.code == code)


def _evidence_rows(result, instrument, language):
    """Per profile: the statements and answers behind its fit, so the owner sees why."""
    rows = {}
    for key, fit in {**result.profiles, **result.preconditions}.items():
        rows[key] = [
            {
                "text": translate(instrument.questions[e.item].text, language),
                "answer": translate(
                    instrument.questions[e.item].response_scale.options[e.answer - 1].label, language
                ),
                "supports": e.supports,
            }
            for e in fit.evidence
        ]
    return rows


@role_required()
def overview(request, pk):
    organization = get_organization_for(request.user, pk)
    language = _language()
    instrument = get_instrument(INSTRUMENT_ID)
    content = get_profile_content()
    owner = submitted(organization, Assessment.Perspective.OWNER)
    consultant = submitted(organization, Assessment.Perspective.CONSULTANT)
    results = {"owner": result_of(owner), "consultant": result_of(consultant)}
    columns = []
    for perspective, result in results.items():
        if result is None:
            continue
        columns.append(
            {
                "perspective": perspective,
                "title": _("Owner or HR lead") if perspective == "owner" else _("Consultant"),
                "result": result,
                "primary": [content.label(key, language) for key in result.primary],
                "next": content.label(result.next_step, language) if result.next_step else "",
                "unmet": [content.precondition(key, language)["label"] for key in result.unmet_preconditions],
                "evidence": _evidence_rows(result, instrument, language),
            }
        )
    rows = []
    for key in list(LADDER) + [s.key for s in instrument.scales if s.group == "precondition"]:
        scale = instrument.scale(key)
        cells = [results[c["perspective"]] for c in columns]
        fits = [(r.profiles.get(key) or r.preconditions.get(key)) for r in cells]
        rows.append(
            {
                "key": key,
                "label": translate(scale.label, language),
                "group": scale.group,
                "fits": [f.fit if f is not None and f.known else None for f in fits],
                "evidence": [c["evidence"].get(key, []) for c in columns],
            }
        )
    comparison = None
    if owner and consultant:
        comparison = compare(owner.answers, consultant.answers, results["owner"], results["consultant"])
        differences = [
            {
                "text": translate(instrument.questions[d.item].text, language),
                "owner": d.owner,
                "consultant": d.consultant,
            }
            for d in comparison.differing_answers
        ]
    role = role_of(request.user)
    manage = can_manage(request.user, organization)
    return render(
        request,
        "maturity/overview.html",
        {
            "organization": organization,
            "columns": columns,
            "rows": rows,
            "comparison": comparison,
            "differences": differences if comparison else [],
            "decisions": organization.profile_decisions.select_related("decided_by")[:10],
            "profile_choices": [(key, content.label(key, language)) for key in LADDER],
            "profile_labels": {key: content.label(key, language) for key in LADDER},
            "may_fill_owner": _may_fill(request.user, organization, "owner"),
            "may_fill_consultant": _may_fill(request.user, organization, "consultant"),
            "may_decide": manage and role in CONSULTANT_ROLES,
            "drafts": {
                a.perspective: a for a in organization.maturity_assessments.filter(submitted_at__isnull=True)
            },
        },
    )


@role_required()
def fill(request, pk, perspective):
    organization = get_organization_for(request.user, pk)
    if perspective not in Assessment.Perspective.values:
        raise Http404
    if not _may_fill(request.user, organization, perspective):
        raise PermissionDenied(f"may not fill in the {perspective}'s maturity scan of organization {pk}")
    instrument = get_instrument(INSTRUMENT_ID)
    language = _language()
    existing = Assessment.objects.filter(organization=organization, perspective=perspective).first()
    variant = (
        request.POST.get("variant")
        or request.GET.get("variant")
        or (existing.variant if existing else "standard")
    )
    if variant not in [v.id for v in instrument.variants]:
        variant = "standard"
    sections = [s for s in instrument.sections if s.questions_for(variant)]
    data = request.POST if request.method == "POST" else None
    initial = existing.answers if existing else {}
    page_forms = [PageForm(section, variant, language, data=data, initial=initial) for section in sections]
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        if submit and all(form.is_valid() for form in page_forms):
            answers = {}
            for form in page_forms:
                answers.update(form.cleaned_answers())
            save_assessment(organization, perspective, answers, request.user, submit=True, variant=variant)
            messages.success(request, _("Thank you. The maturity scan is saved."))
            return redirect("maturity:overview", pk=organization.pk)
        if not submit:
            answers = {}
            for form in page_forms:
                answers.update(form.partial_answers())
            save_assessment(organization, perspective, answers, request.user, submit=False, variant=variant)
            messages.success(request, _("Your answers are saved. You can finish later."))
            return redirect("maturity:overview", pk=organization.pk)
    blocks = [
        {
            "title": translate(form.section.title, language),
            "intro": translate(form.section.intro, language) if form.section.intro else "",
            "stem": translate(form.section.stem, language) if form.section.stem else "",
            "items": render_items(form),
            "errors": bool(form.errors),
        }
        for form in page_forms
    ]
    return render(
        request,
        "maturity/fill.html",
        {
            "organization": organization,
            "perspective": perspective,
            "blocks": blocks,
            "has_errors": any(block["errors"] for block in blocks),
            "variant": variant,
            "variants": [(v.id, translate(v.label, language)) for v in instrument.variants],
        },
    )


class DecisionForm(forms.Form):
    profiles = forms.MultipleChoiceField(
        choices=[(key, key) for key in LADDER], widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


@require_POST
@role_required(*CONSULTANT_ROLES)
def decision(request, pk):
    organization = get_organization_for(request.user, pk, manage=True)
    form = DecisionForm(request.POST)
    if form.is_valid():
        decide_profiles(
            organization, form.cleaned_data["profiles"], form.cleaned_data["reason"], request.user
        )
        messages.success(request, _("The final profile is saved."))
    else:
        messages.error(request, _("Choose at least one profile and write the reason."))
    return redirect("maturity:overview", pk=organization.pk)
