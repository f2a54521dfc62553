"""Shared pieces of the ``analyze`` and ``export`` commands: the filter options, what was left out, and
the analysis from the cache or made now as a job."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.core.management.base import CommandError
from tqdm import tqdm

from leerscan.instrument.loader import get_instrument
from leerscan.jobs.models import Job
from leerscan.jobs.services import error_text, run_now
from leerscan.research import cache, report
from leerscan.research.data import FilterError, Filters, LeftOut, check_filters, left_out
from leerscan.research.jobs import ANALYSIS, report_context


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: a killed command leaves no half file."""
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def progress_bar(command, total: int, desc: str, disable: bool):
    """A tqdm bar on the command's raw error stream (no newline after every update)."""
    return tqdm(
        total=total,
        desc=desc,
        unit="step",
        disable=disable,
        leave=False,
        file=getattr(command.stderr, "_out", sys.stderr),
    )


def add_filter_arguments(parser) -> None:
    group = parser.add_argument_group("filters (all optional; together they narrow the selection)")
    group.add_argument("--lot", type=int, metavar="L", help="lot (perceel) number")
    group.add_argument("--sector", metavar="S", help="sector of the organization (case is ignored)")
    group.add_argument("--size-class", type=int, metavar="C", help="size class code 1-7 (see the codebook)")
    group.add_argument("--role", type=int, metavar="R", help="answer code of the question 'role' (1-4)")
    group.add_argument(
        "--wave", type=int, metavar="W", help="wave: 1 = first measurement, 2 or more = follow-up"
    )


def filters_from_options(options: dict) -> Filters:
    """The filters given on the command line, checked: unknown values stop with a plain message."""
    filters = Filters(
        lot=options.get("lot"),
        sector=options.get("sector") or None,
        size_class=options.get("size_class"),
        role=options.get("role"),
        wave=options.get("wave"),
    )
    try:
        check_filters(filters)
    except FilterError as exc:
        raise CommandError(str(exc)) from None
    return filters


def left_out_lines(excluded: LeftOut) -> list[str]:
    """What the selection left out and why, one English line per reason (none when nothing)."""
    lines = []
    if excluded.not_closed:
        lines.append(
            f"{excluded.not_closed} respondent(s) of {excluded.not_closed_rounds} scan round(s) that are not "
            "closed (figures use only closed rounds)"
        )
    if excluded.responses:
        lines.append(
            f"{excluded.responses} respondent(s) of {excluded.rounds} scan round(s) with fewer submitted "
            "questionnaires than the round's anonymity threshold"
        )
    return lines


def cached_or_computed(filters: Filters, language: str, bar=None) -> tuple[dict, cache.CachedAnalysis]:
    """(the report's context, the cached analysis) of the selection at its current data version: from
    the cache, or made now in this process as an analysis job (with ``bar`` showing its progress) and
    kept, so the web pages need not make it again. A selection under the anonymity threshold stops
    with a plain message, before anything is read."""
    instrument = get_instrument()
    version, n = cache.data_version(filters, language, instrument)
    if n < report.threshold():
        reasons = left_out_lines(left_out(filters, instrument))
        extra = f" (left out: {'; '.join(reasons)})" if reasons else ""
        raise CommandError(
            f"{n} respondent(s) match these filters{extra}; results need at least "
            f"{report.threshold()} (anonymity threshold). Nothing was written."
        )
    analysis = cache.cached(version)
    if analysis is None:
        params = {**cache.filters_params(filters), "language": language, "version": version}
        job = run_now(ANALYSIS.name, params, language=language, bar=bar)
        if job.status != Job.Status.DONE:
            raise CommandError(f"The analysis did not finish: {error_text(job) or job.status}")
        analysis = cache.cached((job.result or {}).get("version") or "")
        if analysis is None:
            raise CommandError("The data changed while the analysis ran. Run the command again.")
    return report_context(filters, language, analysis), analysis
