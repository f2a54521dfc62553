"""Facts of the organization register: Belgian enterprise numbers, joint committees and the lot they
belong to, and eligibility for the programme.

Plain Python (no Django). The lots and their joint committees are those of the programme's
specification (annex 1, 1.3.2 of the evaluation report); the target group is annex 1, 1.3.3.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# annex 1, 1.3.2: the joint committees (paritaire comités) of lots 1-4; every other one is lot 5.
LOT_COMMITTEES = {
    1: ("124", "149.01", "112", "142.01", "149.02", "149.04", "125", "126"),
    2: ("118", "220", "116", "207", "111", "209", "120", "214", "324", "322", "136", "222", "130"),
    3: ("227", "303.01", "304", "336", "323", "226"),  # the specification writes 303.1
    4: ("318.02", "319.01", "327.01", "329.01", "330", "331", "337", "322.01", "320"),
}
OTHER_LOT = 5
LOT_NAMES = {
    1: "Bouw, hout, elektriciteit, auto",
    2: "Voeding, chemie, metaal, textiel, diamant, uitzend, papier en karton, grafisch",
    3: "Audiovisueel, podiumkunsten, vrije beroepen, vastgoed",
    4: "Social profit, kinderopvang, thuiszorg en ouderenzorg (lokale besturen), begrafenis",
    5: "Overige sectoren",
}
# annex 1, 1.3.2: lot 4 also holds the childcare, home care and elderly care of local governments
# (municipalities, public centres for social welfare), whose staff have no joint committee.
LOCAL_GOVERNMENT_CARE = ("childcare", "home_care", "elderly_care")
LOCAL_GOVERNMENT_LOT = 4
# annex 1, 1.3.3: minimum number of organizations reached per lot (500 in total).
LOT_TARGETS = {1: 130, 2: 130, 3: 55, 4: 130, 5: 55}
COMMITTEE_TO_LOT = {committee: lot for lot, committees in LOT_COMMITTEES.items() for committee in committees}

#: annex 1, 1.3.3: organizations with fewer than 250 employees; the focus is on fewer than 50.
MAX_EMPLOYEES = 250
FOCUS_EMPLOYEES = 50


class RegisterError(ValueError):
    """A fact that cannot be right; the message says what is wrong and what is expected.

    ``code`` names the problem so a page can say it in the user's language.
    """

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def parse_enterprise_number(text: str) -> str:
    """The ten digits of a Belgian enterprise number (KBO/BCE), checked with its mod-97 check digits.

    Accepts the usual ways of writing it: ``0123.456.789``, ``0123 456 789``, ``BE 0123456789``,
    and the old nine-digit form ``123.456.789`` (a leading 0 is added).
    """
    raw = (text or "").strip().upper()
    cleaned = re.sub(r"^BE", "", raw.replace(" ", "").replace(".", "").replace("-", "").replace("/", ""))
    if not cleaned.isdigit():
        raise RegisterError(
            f"'{text}' is not an enterprise number: use 10 digits, like 0123.456.749.", "format"
        )
    if len(cleaned) == 9 and not cleaned.startswith("0"):
        cleaned = "0" + cleaned  # the old nine-digit form
    if len(cleaned) != 10:
        raise RegisterError(
            f"'{text}' has {len(cleaned)} digits; an enterprise number has 10, like 0123.456.749.", "length"
        )
    if cleaned[0] not in "01":
        raise RegisterError(f"'{text}' is not an enterprise number: it starts with 0 or 1.", "first_digit")
    base, check = int(cleaned[:8]), int(cleaned[8:])
    if 97 - base % 97 != check:
        raise RegisterError(
            f"'{text}' is not a valid enterprise number: the last two digits do not match. "
            "Check for a typing error.",
            "check_digits",
        )
    return cleaned


def format_enterprise_number(digits: str) -> str:
    """``0123456749`` -> ``0123.456.749``."""
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def parse_joint_committee(text: str) -> str:
    """A joint committee number in its official form: ``124``, ``149.01``, ``303.01``.

    Accepts the prefixes PC/PSC (Dutch), CP/SCP (French), PK/JC/SC, a comma for the point, and a
    one-digit suffix as the specification writes it (``303.1`` is sub-committee ``303.01``).
    """
    cleaned = re.sub(r"^(PSC|SCP|PC|CP|PK|JC|SC)\s*", "", (text or "").strip().upper()).replace(",", ".")
    if not re.fullmatch(r"\d{3}(\.\d{1,2})?", cleaned):
        raise RegisterError(
            f"'{text}' is not a joint committee number: use e.g. 124, 149.01 or 322.01.", "committee"
        )
    number, _, suffix = cleaned.partition(".")
    return f"{number}.{int(suffix):02d}" if suffix else number


@dataclass(frozen=True)
class LotAssignment:
    lot: int | None  # None when the committees span several lots: a person decides
    lots: tuple[int, ...]  # every lot the committees (and a local government's care service) point to
    unlisted: tuple[str, ...]  # committees not named in lots 1-4 (they go to lot 5)

    @property
    def needs_decision(self) -> bool:
        return self.lot is None


def lot_for(committees: Iterable[str], local_government_care: str = "") -> LotAssignment:
    """The lot of an organization from its joint committees (lot 5 for any committee not listed).

    ``local_government_care`` (one of ``LOCAL_GOVERNMENT_CARE``) is a local government's childcare,
    home care or elderly care: lot 4, with or without joint committees.
    """
    parsed = [parse_joint_committee(c) for c in committees]
    if local_government_care and local_government_care not in LOCAL_GOVERNMENT_CARE:
        raise RegisterError(
            f"'{local_government_care}' is not a local government care service: use "
            f"{', '.join(LOCAL_GOVERNMENT_CARE)}.",
            "care_service",
        )
    if not parsed and not local_government_care:
        raise RegisterError(
            "Give at least one joint committee (e.g. 124), or the local government's care service "
            "(childcare, home care or elderly care).",
            "no_committee",
        )
    lots = {COMMITTEE_TO_LOT.get(c, OTHER_LOT) for c in parsed}
    if local_government_care:
        lots.add(LOCAL_GOVERNMENT_LOT)
    ordered = tuple(sorted(lots))
    unlisted = tuple(c for c in parsed if c not in COMMITTEE_TO_LOT)
    return LotAssignment(ordered[0] if len(ordered) == 1 else None, ordered, unlisted)


def eligibility(employees: int | None) -> str:
    """'focus' (fewer than 50 employees), 'eligible' (fewer than 250), 'too_large', or 'unknown'."""
    if employees is None:
        return "unknown"
    if employees < 0:
        raise RegisterError("The number of employees cannot be negative.", "negative")
    if employees < FOCUS_EMPLOYEES:
        return "focus"
    if employees < MAX_EMPLOYEES:
        return "eligible"
    return "too_large"
