"""Dates never read two ways: English shows the month in words, the other languages keep their own
day-month order."""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

DAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    "language, expected",
    [("en", "7 Dec 2026"), ("nl", "7-12-2026"), ("fr", "07/12/2026"), ("de", "07.12.2026")],
)
def test_short_dates_in_each_language(language, expected):
    with translation.override(language):
        shown = Template('{{ day|date:"SHORT_DATE_FORMAT" }}').render(Context({"day": DAY}))
    assert shown == expected
