"""Forms of the register and the trajectory, with messages in the user's language."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leerscan.core.widgets import DateInput
from leerscan.trajectories.models import (
    CommunicationAction,
    PlanAction,
    SuccessStory,
    Theme,
    TimeEntry,
    Trajectory,
)


class NeedsForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Trajectory
        fields = ["needs", "themes"]
        labels = {"needs": _("What does the organization need around competences? In its own words.")}
        widgets = {"needs": forms.Textarea(attrs={"rows": 5})}


class PlanActionForm(forms.ModelForm):
    class Meta:
        model = PlanAction
        fields = [
            "title",
            "description",
            "starts_on",
            "ends_on",
            "planned_hours",
            "planned_sessions",
            "cost_estimate",
            "done",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date must be after the start date."))
        return data


class DeMinimisForm(forms.ModelForm):
    class Meta:
        model = Trajectory
        fields = ["de_minimis_signed_on", "de_minimis_signed_by"]
        widgets = {"de_minimis_signed_on": DateInput()}
        help_texts = {
            "de_minimis_signed_by": _("The person who signed the declaration on honour for the organization.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True


class ActionPlanForm(forms.ModelForm):
    class Meta:
        model = Trajectory
        fields = ["practices_anchored", "how_to_continue", "competence_development", "transfer_signed_on"]
        widgets = {
            "practices_anchored": forms.Textarea(attrs={"rows": 4}),
            "how_to_continue": forms.Textarea(attrs={"rows": 4}),
            "competence_development": forms.Textarea(attrs={"rows": 4}),
            "transfer_signed_on": DateInput(),
        }
        help_texts = {
            "competence_development": _(
                "For organizations further along: training and workplace learning per group of employees."
            )
        }


class TimeEntryForm(forms.ModelForm):
    class Meta:
        model = TimeEntry
        fields = ["worked_on", "hours", "activity"]
        widgets = {"worked_on": DateInput()}


class SuccessStoryForm(forms.ModelForm):
    class Meta:
        model = SuccessStory
        fields = ["title", "story", "may_publish"]
        widgets = {"story": forms.Textarea(attrs={"rows": 6})}


class CommunicationActionForm(forms.ModelForm):
    class Meta:
        model = CommunicationAction
        fields = ["held_on", "title", "channel", "material", "reached", "reached_small"]
        widgets = {"held_on": DateInput()}

    def clean(self):
        data = super().clean()
        if (data.get("reached_small") or 0) > (data.get("reached") or 0):
            self.add_error(
                "reached_small", _("This cannot be more than the number of organizations reached.")
            )
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve eligibility")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    lot = forms.TypedChoiceField(label=_("Lot"), coerce=int, required=False, empty_value=None)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you refuse."),
    )

    def __init__(self, *args, lots=(), **kwargs):
        super().__init__(*args, **kwargs)
        if lots:
            self.fields["lot"].choices = [
                ("", "–"),
                *((lot, _("Lot %(number)s") % {"number": lot}) for lot in lots),
            ]
            self.fields["lot"].help_text = _("The joint committees belong to several lots: choose one.")
        else:
            del self.fields["lot"]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why eligibility is refused."))
        if data.get("decision") == "approve" and "lot" in self.fields and not data.get("lot"):
            self.add_error("lot", _("Choose the lot."))
        return data
