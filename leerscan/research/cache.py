"""The workspace's analysis, computed once per data version and read from the database after that.

A *data version* is a fingerprint of everything the analysis of a selection reads, cheap enough to
compute on every page visit (a few aggregate queries, no answers read):

- the responses the selection uses (submitted, in closed rounds that reached their own threshold,
  matching the filters): how many, the sum and the highest of their ids, the latest submission and
  save times, and how many carry a linking code;
- those responses' scan rounds with their wave and organization;
- the questionnaire (id and version), the filters, the language of the labels, the programme's
  anonymity threshold, and :data:`FORMAT` (raised when the analysis or its tables change).

A new closed round, another answer, a round raised over its threshold or a changed filter gives
another version; the answers of a round whose figures were shown no longer change
(:func:`leerscan.surveys.results.mark_results_shown`). What a version's analysis keeps is
display-ready: the formatted tables the page and the report show, and the CSV tables as one zip,
never the analysis frame or an answer. What changes without changing the analysis is computed on
every visit instead: the respondents left out and the description of the filters.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import time
import zipfile
from dataclasses import asdict

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import translation
from django.utils.functional import Promise

from leerscan.analytics.chapter6 import chapter6_task_count
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.model import Instrument
from leerscan.research import report
from leerscan.research.data import Filters, selected_responses
from leerscan.research.models import CachedAnalysis

#: Raise when the analysis, its tables or what the page shows of it changes: every cached analysis is
#: then made again (the version of the code is part of the data version).
FORMAT = 2

#: What a cached analysis keeps of :func:`leerscan.research.report.run_analysis`'s context.
KEPT = (
    "n",
    "organizations",
    "threshold",
    "shown",
    "instrument_label",
    "table_numbers",
    "reliability",
    "correlations",
    "regressions",
    "blocks",
    "notes",
    "alpha_warnings",
    "agreement",
    "missing_statements",
    "item_total",
)


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def selection_key(filters: Filters, language: str) -> str:
    """The filters and the language: an analysis replaces the older versions of its selection."""
    query = filters.as_query()
    if "sector" in query:
        query["sector"] = query["sector"].casefold()  # the sector filter ignores case
    return _digest({"filters": query, "language": language})


def data_version(filters: Filters, language: str, instrument: Instrument | None = None) -> tuple[str, int]:
    """(the data version of the selection, its number of respondents); see the module's text."""
    instrument = instrument or get_instrument()
    responses = selected_responses(filters, instrument).order_by()
    summary = responses.aggregate(
        n=Count("id"),
        ids=Sum("id"),
        last=Max("id"),
        submitted=Max("submitted_at"),
        saved=Max("last_saved_at"),
        linked=Count("id", filter=~Q(linking_code="")),
    )
    rounds = sorted(
        responses.values_list("scan_round_id", "scan_round__wave", "scan_round__organization_id").distinct()
    )
    version = _digest(
        {
            "format": FORMAT,
            "selection": selection_key(filters, language),
            "instrument": [instrument.id, instrument.version],
            "threshold": report.threshold(),
            "responses": summary,
            "rounds": rounds,
        }
    )
    return version, summary["n"]


def plain(value):
    """``value`` with only what JSON keeps exactly: numpy numbers become Python numbers, a missing or
    infinite number None (PostgreSQL's jsonb has no NaN), tuples lists, lazy texts strings."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, Promise):
        return str(value)
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"cannot keep {type(value).__name__} in a cached analysis")


def display_content(context: dict) -> dict:
    """The display-ready part of an analysis context (see :data:`KEPT`), as plain JSON."""
    content = {key: context[key] for key in KEPT if key in context}
    waves = context.get("waves")
    if waves is not None:
        result = waves["result"]
        content["waves"] = {
            "independent": waves["independent"],
            "paired": waves["paired"],
            "post_waves": waves["post_waves"],
            "result": {"organizations": result.organizations, "pairs": result.pairs},
        }
    return plain(content)


def cached(version: str) -> CachedAnalysis | None:
    return CachedAnalysis.objects.filter(version=version).first()


def context_of(analysis: CachedAnalysis) -> dict:
    """A cached analysis as template context (``generated``: when it was computed)."""
    return {**analysis.content, "generated": analysis.created_at}


def table_files(analysis: CachedAnalysis) -> dict[str, bytes]:
    """The CSV tables of a cached analysis by name (without ``.csv``)."""
    with zipfile.ZipFile(io.BytesIO(bytes(analysis.tables))) as archive:
        return {name.removesuffix(".csv"): archive.read(name) for name in archive.namelist()}


def steps(instrument: Instrument | None = None) -> int:
    """Progress steps of :func:`compute`: reading the data, the analyses, keeping the result."""
    return chapter6_task_count(instrument or get_instrument()) + report.EXTRA_STEPS + 2


def _store(version: str, selection: str, content: dict, tables: bytes, seconds: float) -> CachedAnalysis:
    """Keep an analysis; older versions of the same selection go (the data moved on)."""
    try:
        with transaction.atomic():
            CachedAnalysis.objects.filter(selection=selection).exclude(version=version).delete()
            analysis, _created = CachedAnalysis.objects.update_or_create(
                version=version,
                defaults={"selection": selection, "content": content, "tables": tables, "seconds": seconds},
            )
    except IntegrityError:  # another worker kept the same version a moment ago
        analysis = CachedAnalysis.objects.get(version=version)
    return analysis


def compute(filters: Filters, language: str, progress=None) -> CachedAnalysis | None:
    """Analyse the selection and keep the result under its data version; return it.

    None when there is nothing to keep: the selection is under the anonymity threshold, or the data
    changed while the analysis ran (the next visit finds the new version and computes that one).
    ``progress`` is a job's progress (``start(total)``, ``advance()``) or None.
    """
    instrument = get_instrument()
    version, _n = data_version(filters, language, instrument)
    if progress is not None:
        progress.start(steps(instrument))
    advance = progress.advance if progress is not None else (lambda: None)
    started = time.perf_counter()
    with translation.override(language):
        context = report.run_analysis(filters, language, progress=lambda _label: advance())
        if not context["shown"]:
            return None
        content = display_content(context)
        tables = report.tables_zip(report.table_csvs(context, language))
    if data_version(filters, language, instrument)[0] != version:
        return None
    seconds = time.perf_counter() - started
    analysis = _store(version, selection_key(filters, language), content, tables, seconds)
    advance()
    return analysis


def filters_from(params: dict) -> Filters:
    """Filters from a job's parameters (see :func:`filters_params`)."""
    return Filters(**{key: params.get(key) for key in asdict(Filters())})


def filters_params(filters: Filters) -> dict:
    return asdict(filters)
