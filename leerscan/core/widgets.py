"""Form widgets shared by every page."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. It needs the ISO date (2026-03-01) whatever the page's language;
    a localized value (01/03/2026) leaves the picker empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
