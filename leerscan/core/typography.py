"""How a number, a percentage and punctuation are written in each language.

French and German put a non-breaking space between a number and "%" ("79 %"); English and Dutch
write "79%". French also puts a non-breaking space before ":", ";", "?" and "!" ("Étape : en
cours"). Decimals follow the language (0,75 in Dutch, French and German; 0.75 in English). The space
is non-breaking so a phone never starts a line with "%" or ":".
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.utils import formats, translation

NBSP = "\u00a0"
#: Languages that write "79 %" rather than "79%".
SPACE_BEFORE_PERCENT = frozenset({"fr", "de"})
#: Languages that write "Étape : 2" rather than "Step: 2".
SPACE_BEFORE_PUNCTUATION = frozenset({"fr"})
PUNCTUATION = ":;?!"


def _language(language: str | None) -> str:
    return (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()


def number(value, decimals: int = 0, language: str | None = None) -> str:
    """``value`` rounded half up to ``decimals`` places, with the language's decimal mark: 0,75."""
    try:
        rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return ""
    if rounded == 0:
        rounded = abs(rounded)  # never "-0"
    with translation.override(_language(language)):
        return formats.number_format(rounded, decimal_pos=decimals, use_l10n=True)


def percent(value, decimals: int = 0, language: str | None = None) -> str:
    """``value`` (0-100) as a percentage: "79 %" in French and German, "79%" in English and Dutch."""
    shown = number(value, decimals, language)
    if not shown:
        return ""
    return shown + (NBSP if _language(language) in SPACE_BEFORE_PERCENT else "") + "%"


def share_percent(value, decimals: int = 0, language: str | None = None) -> str:
    """A share between 0 and 1 as a percentage: 0.79 -> "79 %" in French."""
    try:
        return percent(Decimal(str(value)) * 100, decimals, language)
    except (InvalidOperation, ValueError, TypeError):
        return ""


def punctuation(mark: str, language: str | None = None) -> str:
    """ ":" as the language writes it after a word: " :" (non-breaking space) in French."""
    space = NBSP if mark in PUNCTUATION and _language(language) in SPACE_BEFORE_PUNCTUATION else ""
    return space + mark


def labelled(label: str, value: object, language: str | None = None) -> str:
    """ "Label: value" in the language's typography ("Étape : en cours" in French)."""
    return f"{label}{punctuation(':', language)} {value}"


def decimal_mark(text: str, language: str | None = None) -> str:
    """Numbers Python wrote with a point (".77**", "3.45", "<.001") with the language's decimal mark:
    ",77**", "3,45", "<,001" in Dutch, French and German."""
    with translation.override(_language(language)):
        mark = formats.get_format("DECIMAL_SEPARATOR")
    return re.sub(r"(?<![\d.])(\d*)\.(?=\d)", lambda match: match.group(1) + mark, text) if text else text


def interval(low: str, high: str, language: str | None = None) -> str:
    """ "[.61, .80]" in English; "[,61; ,80]" where the comma is the decimal mark (French: "[,61 ; ,80]")."""
    with translation.override(_language(language)):
        separator = "," if formats.get_format("DECIMAL_SEPARATOR") == "." else punctuation(";", language)
    return f"[{decimal_mark(low, language)}{separator} {decimal_mark(high, language)}]"
