"""Programme-wide data for the evaluator workspace: stored answers -> the analysis frame.

Only submitted responses count, and only those of closed scan rounds that reached their own anonymity
threshold: a smaller round is a small group, and with organization codes in item-level rows it would
stand out; an open (or not yet opened) round's figures would change with every answer, as the
round's own figures would (:func:`leerscan.surveys.results.figures_frame`). :func:`left_out` counts
what that leaves out. Rounds whose answers are read are marked as shown: they take no more answers.
The frame never holds response tokens, resume codes, linking codes, free-text answers or database
ids: respondents are numbered 1..n and organizations carry a pseudonymous code (see
:func:`leerscan.analytics.exports.organization_code`); their names are added only when asked for
(``with_names``). :func:`linking_keys` turns linking
codes into opaque keys for paired analyses, kept apart from the frame.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from leerscan.analytics.dataset import NAME_COLUMN, build_analysis_frame, exported_questions
from leerscan.analytics.exports import organization_code
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.model import Instrument, translate
from leerscan.organizations.models import Lot, Organization, SizeClass
from leerscan.surveys.models import Answer, Response, ScanRound
from leerscan.surveys.results import mark_results_shown, rounds_with_enough_responses


@dataclass(frozen=True)
class Filters:
    """A selection of respondents. ``None`` means "all"."""

    lot: int | None = None  # lot number
    sector: str | None = None
    size_class: int | None = None
    role: int | None = None  # answer code of the background question "role"
    wave: int | None = None

    def as_query(self) -> dict[str, str]:
        """The filters as URL query parameters (empty ones left out)."""
        return {k: str(v) for k, v in asdict(self).items() if v not in (None, "")}

    def describe(self, instrument: Instrument, language: str) -> list[tuple[str, str]]:
        """(label, value) pairs of the active filters, for reports; never an organization's name."""
        parts = []
        if self.lot is not None:
            lot = Lot.objects.filter(number=self.lot).first()
            parts.append((_("Lot"), str(lot) if lot else str(self.lot)))
        if self.sector:
            parts.append((_("Sector"), self.sector))
        if self.size_class is not None:
            parts.append((_("Size"), str(SizeClass(self.size_class).label)))
        if self.role is not None:
            question = instrument.questions.get("role")
            labels = {o.code: translate(o.label, language) for o in question.options} if question else {}
            parts.append((_("Role"), labels.get(self.role, str(self.role))))
        if self.wave is not None:
            parts.append((_("Wave"), str(self.wave)))
        return parts


class FilterError(ValueError):
    """A filter names something that does not exist (e.g. an unknown lot)."""


def lot_choices() -> list[tuple[int, str]]:
    return [(lot.number, str(lot)) for lot in Lot.objects.order_by("number")]


def sector_choices() -> list[str]:
    sectors = Organization.objects.exclude(sector="").values_list("sector", flat=True).distinct()
    return sorted(set(sectors), key=str.casefold)


def wave_choices() -> list[int]:
    return sorted(set(ScanRound.objects.values_list("wave", flat=True)))


def role_choices(instrument: Instrument, language: str) -> list[tuple[int, str]]:
    question = instrument.questions.get("role")
    if question is None:
        return []
    return [(o.code, translate(o.label, language)) for o in question.options]


def check_filters(filters: Filters, instrument: Instrument | None = None) -> None:
    """Raise :class:`FilterError` with a plain message for a filter that matches nothing that exists."""
    instrument = instrument or get_instrument()
    if filters.lot is not None and not Lot.objects.filter(number=filters.lot).exists():
        known = ", ".join(f"{n} ({name})" for n, name in Lot.objects.values_list("number", "name")) or "none"
        raise FilterError(f"There is no lot {filters.lot}. Lots: {known}.")
    if filters.sector and not Organization.objects.filter(sector__iexact=filters.sector).exists():
        known = ", ".join(sector_choices()) or "none"
        raise FilterError(f"No organization has sector '{filters.sector}'. Sectors: {known}.")
    if filters.size_class is not None and filters.size_class not in SizeClass.values:
        raise FilterError(f"Unknown size class {filters.size_class}; choose one of {SizeClass.values}.")
    codes = [code for code, _label in role_choices(instrument, "en")]
    if filters.role is not None and filters.role not in codes:
        raise FilterError(f"Unknown role {filters.role}; choose one of {codes}.")
    if filters.wave is not None and filters.wave < 1:
        raise FilterError(f"Unknown wave {filters.wave}; waves start at 1.")


def _usable_rounds() -> list[int]:
    """The ids of closed rounds that reached their own threshold. Read once as a list: nested in the
    answer queries, PostgreSQL re-counts every round's responses for every answer row."""
    return list(
        rounds_with_enough_responses().filter(status=ScanRound.Status.CLOSED).values_list("pk", flat=True)
    )


def selected_responses(filters: Filters, instrument: Instrument | None = None):
    """Submitted responses matching ``filters`` in closed rounds that reached their threshold."""
    return _matching(filters, instrument).filter(scan_round_id__in=_usable_rounds())


@dataclass(frozen=True)
class LeftOut:
    """Submitted responses matching the filters that are left out: their round is under its threshold
    (``responses``, in ``rounds``), or not closed (``not_closed``, in ``not_closed_rounds``)."""

    responses: int
    rounds: int
    not_closed: int = 0
    not_closed_rounds: int = 0


def left_out(filters: Filters, instrument: Instrument | None = None) -> LeftOut:
    """What :func:`selected_responses` leaves out of the selection, and in how many rounds."""
    matching = _matching(filters, instrument)
    not_closed = matching.exclude(scan_round__status=ScanRound.Status.CLOSED)
    small = matching.filter(scan_round__status=ScanRound.Status.CLOSED).exclude(
        scan_round_id__in=_usable_rounds()
    )
    return LeftOut(
        small.count(),
        small.values("scan_round").distinct().count(),
        not_closed.count(),
        not_closed.values("scan_round").distinct().count(),
    )


def _matching(filters: Filters, instrument: Instrument | None = None):
    """Submitted responses matching ``filters``, whatever the size of their round."""
    instrument = instrument or get_instrument()
    responses = Response.objects.filter(
        status=Response.Status.SUBMITTED, scan_round__instrument_id=instrument.id
    )
    if filters.lot is not None:
        responses = responses.filter(scan_round__organization__lot__number=filters.lot)
    if filters.sector:
        responses = responses.filter(scan_round__organization__sector__iexact=filters.sector)
    if filters.size_class is not None:
        responses = responses.filter(scan_round__organization__size_class=filters.size_class)
    if filters.wave is not None:
        responses = responses.filter(scan_round__wave=filters.wave)
    if filters.role is not None:
        responses = responses.filter(
            Exists(
                Answer.objects.filter(response=OuterRef("pk"), question_id="role", number=float(filters.role))
            )
        )
    return responses


def count_respondents(filters: Filters, instrument: Instrument | None = None) -> int:
    return selected_responses(filters, instrument).count()


#: Response ids per answer query (SQLite allows 32,766 parameters in one statement).
ANSWER_BATCH = 5000


def load_frame(
    filters: Filters, instrument: Instrument | None = None, *, with_names: bool = False
) -> pd.DataFrame:
    """The analysis frame of the selection (see :func:`leerscan.analytics.dataset.build_analysis_frame`)."""
    instrument = instrument or get_instrument()
    responses = selected_responses(filters, instrument).order_by("id")
    # first: these rounds' answers are now in figures others see (see surveys.results.figures_frame)
    mark_results_shown(*ScanRound.objects.filter(pk__in=responses.values("scan_round")))
    meta = pd.DataFrame.from_records(
        list(
            responses.values_list(
                "id",
                "scan_round__organization_id",
                "scan_round__organization__name",
                "scan_round__organization__lot__number",
                "scan_round__organization__sector",
                "scan_round__organization__size_class",
                "scan_round__wave",
                "scan_round__variant",
                "language",
                "source",
            )
        ),
        columns=[
            "id",
            "organization_id",
            NAME_COLUMN,
            "lot",
            "sector",
            "size_class",
            "wave",
            "questionnaire",
            "language",
            "source",
        ],
    )
    questions = [q.id for q in exported_questions(instrument)]
    # By the response ids already read, in batches: nested as a subquery (with the role filter's
    # EXISTS), PostgreSQL without statistics on fresh rows may plan it per answer row and take minutes.
    ids, rows = meta["id"].tolist(), []
    for start in range(0, len(ids), ANSWER_BATCH):
        rows += Answer.objects.filter(
            response_id__in=ids[start : start + ANSWER_BATCH], question_id__in=questions
        ).values_list("response_id", "question_id", "number")
    long = pd.DataFrame.from_records(rows, columns=["response", "question", "value"])
    if long.empty:
        wide = pd.DataFrame(index=meta["id"])
    else:
        wide = long.pivot(index="response", columns="question", values="value").reindex(meta["id"])
    answers = wide.reset_index(drop=True)
    secret = settings.SECRET_KEY
    answers.insert(0, "respondent", range(1, len(meta) + 1))
    answers.insert(1, "organization", [organization_code(pk, secret) for pk in meta["organization_id"]])
    if with_names:
        answers.insert(2, NAME_COLUMN, meta[NAME_COLUMN].to_numpy())
    for name in ("lot", "sector", "size_class", "wave", "questionnaire", "language", "source"):
        answers[name] = meta[name].to_numpy()
    answers["sector"] = answers["sector"].replace("", None)
    answers["lot"] = pd.to_numeric(answers["lot"], errors="coerce")
    answers["size_class"] = pd.to_numeric(answers["size_class"], errors="coerce")
    return build_analysis_frame(answers, instrument)


def linking_keys(filters: Filters, instrument: Instrument | None = None) -> pd.Series:
    """Per row of :func:`load_frame` (same filters, same order), an opaque key for the respondent's
    optional linking code: equal for the same code in the same organization (case and spaces
    ignored), missing without a code. The codes themselves never leave this function."""
    rows = list(
        selected_responses(filters, instrument)
        .order_by("id")
        .values_list("scan_round__organization_id", "linking_code")
    )
    keys: dict[tuple[int, str], int] = {}
    values = []
    for organization, code in rows:
        code = " ".join((code or "").split()).casefold()
        values.append(keys.setdefault((organization, code), len(keys)) if code else None)
    return pd.Series(values, dtype="Int64")


def lot_labels() -> dict[int, str]:
    """Value labels for the lot column of exports."""
    return {number: name for number, name in Lot.objects.values_list("number", "name")}
