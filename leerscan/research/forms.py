"""Forms of the evaluator workspace: the respondent filters and the export options."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from leerscan.instrument.loader import get_instrument
from leerscan.organizations.models import SizeClass
from leerscan.research.data import Filters, lot_choices, role_choices, sector_choices, wave_choices


class FilterForm(forms.Form):
    """Which respondents to include. Every field is optional; empty means all. Sent with GET."""

    lot = forms.TypedChoiceField(label=_("Lot"), required=False, coerce=int, empty_value=None)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    size_class = forms.TypedChoiceField(label=_("Size"), required=False, coerce=int, empty_value=None)
    role = forms.TypedChoiceField(label=_("Role"), required=False, coerce=int, empty_value=None)
    wave = forms.TypedChoiceField(label=_("Wave"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = (get_language() or "nl")[:2]
        every = [("", _("All"))]
        self.fields["lot"].choices = every + [(str(n), label) for n, label in lot_choices()]
        self.fields["sector"].choices = every + [(s, s) for s in sector_choices()]
        self.fields["size_class"].choices = every + [(str(v), label) for v, label in SizeClass.choices]
        self.fields["role"].choices = every + [
            (str(code), label) for code, label in role_choices(get_instrument(), language)
        ]
        self.fields["wave"].choices = every + [(str(w), str(w)) for w in wave_choices()]

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            lot=data.get("lot"),
            sector=data.get("sector") or None,
            size_class=data.get("size_class"),
            role=data.get("role"),
            wave=data.get("wave"),
        )


class ExportForm(FilterForm):
    """Filters plus the file to make."""

    format = forms.ChoiceField(
        label=_("File format"),
        choices=[("csv", "CSV"), ("sav", _("SPSS (.sav)")), ("parquet", "Parquet")],
        initial="csv",
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[
            ("items", _("Items: every answer, then the scale scores")),
            ("scales", _("Scales: background questions and scale scores")),
        ],
        initial="items",
    )
    language = forms.ChoiceField(
        label=_("Language of the labels"), choices=settings.LANGUAGES, initial="nl", required=False
    )
    with_names = forms.BooleanField(
        label=_("Include organization names"),
        required=False,
        help_text=_(
            "Off by default: organizations appear only as pseudonymous codes (ORG-...). "
            "Only tick this when you need the names and may keep them."
        ),
    )
