"""The organization report of one scan round: every figure and sentence the page, the PDF and
``leerscan report`` show, with the anonymity threshold applied before anything leaves this module.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

import pandas as pd
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leerscan.analytics.dataset import scale_items
from leerscan.analytics.organization import (
    AGREE_CUT,
    MeanEstimate,
    WaveChange,
    breakdown_is_safe,
    comparability_warnings,
    difference_words,
    enough_answers,
    mean_estimate,
    role_groups,
    share_at_least,
    shown_scales,
    standardized_difference,
    strongest_and_weakest,
    wave_change,
)
from leerscan.analytics.reliability import cronbach_alpha
from leerscan.core.content import ContentFileError
from leerscan.core.typography import percent
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.model import Instrument, Scale, translate
from leerscan.instrument.scoring import score_responses
from leerscan.maturity.services import maturity_section
from leerscan.organizations.models import SizeClass
from leerscan.reports.content import get_advice
from leerscan.reports.norms import OWN, PUBLISHED, Benchmark, available_benchmarks
from leerscan.surveys.models import ScanRound
from leerscan.surveys.results import figures_frame, response_rate

logger = logging.getLogger(__name__)

#: Codes of :attr:`Report.content_problems`: which consultant-edited content file could not be used.
ADVICE_FILE = "advice"
PROFILES_FILE = "profiles"

#: Alpha for this group is shown from this many respondents on (below it the estimate is too rough).
MIN_N_FOR_ALPHA = 10
#: Managers and employees "see a condition differently" from this gap in points on the 1-5 scale.
NOTABLE_ROLE_GAP = 0.5


@dataclass
class ScaleRow:
    """One scale in the report."""

    scale: Scale
    label: str
    description: str
    estimate: MeanEstimate
    benchmark_mean: float | None
    benchmark_sd: float | None
    difference: float  # standardized, positive = better than the benchmark
    words: str  # code from difference_words
    agree_share: float | None = None
    alpha: float | None = None
    managers: float | None = None
    employees: float | None = None
    change: WaveChange | None = None
    words_text: str = ""  # filled in by the renderer, in the report's language

    @property
    def key(self) -> str:
        return self.scale.key

    @property
    def role_gap(self) -> float | None:
        if self.managers is None or self.employees is None:
            return None
        return self.managers - self.employees

    @property
    def notable_role_gap(self) -> bool:
        gap = self.role_gap
        return gap is not None and round(abs(gap), 2) >= NOTABLE_ROLE_GAP  # as printed: 0.50 counts


@dataclass
class Report:
    """Everything the report shows. With ``shown`` False only the counts are filled in."""

    scan_round: ScanRound
    language: str
    respondents: int
    threshold: int
    shown: bool
    response_rate: int | None = None  # whole percent: 100 only when everyone expected answered
    over_expected: bool = False  # more answers than expected respondents: said in words, not as 103%
    role_counts: dict[str, int] | None = None  # None when the breakdown would reveal a small group
    benchmark: Benchmark | None = None
    benchmarks: list[Benchmark] = field(default_factory=list)
    climate: list[ScaleRow] = field(default_factory=list)
    activities: list[ScaleRow] = field(default_factory=list)
    outcomes: list[ScaleRow] = field(default_factory=list)
    strongest: list[ScaleRow] = field(default_factory=list)
    attention: list[ScaleRow] = field(default_factory=list)
    advice: list[dict] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    roles_compared: bool = False
    previous: ScanRound | None = None
    previous_respondents: int = 0
    still_open: bool = False  # the round takes answers: only their number (surveys.results.figures_frame)
    later_round: ScanRound | None = None  # a later closed round: the maturity scan is in its report
    maturity_in_later_round: bool = False
    previous_warnings: list[str] = field(default_factory=list)
    suppressed: list[str] = field(default_factory=list)  # scales answered by too few people
    maturity: object = None  # maturity.services.MaturitySection, when the scan was filled in
    # content files that could not be used (ADVICE_FILE, PROFILES_FILE) -> their path and problems;
    # the report leaves that content out and says so
    content_problems: dict[str, list[str]] = field(default_factory=dict)

    @property
    def organization(self):
        return self.scan_round.organization

    @property
    def rows(self) -> list[ScaleRow]:
        return self.climate + self.activities + self.outcomes

    @property
    def role_differences(self) -> list[ScaleRow]:
        return [row for row in self.climate if row.notable_role_gap]


def benchmark_label(benchmark: Benchmark) -> str:
    """Which comparison group, in words, with its n."""
    if benchmark.kind == PUBLISHED:
        return _("%(n)s employees of Flemish SMEs (survey 2023-2024)") % {"n": benchmark.respondents}
    parts = []
    if benchmark.sector:
        parts.append(benchmark.sector)
    if benchmark.size_class is not None:
        parts.append(str(SizeClass(benchmark.size_class).label))
    where = f" ({', '.join(parts)})" if parts else ""
    return _("%(n)s employees of %(k)s organizations in leerscan%(where)s") % {
        "n": benchmark.respondents,
        "k": benchmark.organizations,
        "where": where,
    }


def _alpha(frame: pd.DataFrame, instrument: Instrument, scale: Scale, threshold: int) -> float | None:
    """Cronbach's alpha from the people who answered every question of the scale, when they are at
    least MIN_N_FOR_ALPHA (and the threshold): alpha is a figure about exactly those people."""
    if len(scale.items) < 2:
        return None
    items = scale_items(frame, instrument, scale)
    if len(items.dropna()) < max(MIN_N_FOR_ALPHA, threshold):
        return None
    try:
        return cronbach_alpha(items).alpha
    except ValueError:  # constant items
        return None


def _row(
    scale: Scale,
    scores: pd.DataFrame,
    frame: pd.DataFrame,
    instrument: Instrument,
    benchmark: Benchmark,
    language: str,
    threshold: int,
) -> ScaleRow:
    estimate = mean_estimate(scores[scale.key])
    bench_mean = benchmark.means.get(scale.key)
    bench_sd = benchmark.sds.get(scale.key)
    if bench_mean is not None and (bench_mean != bench_mean):
        bench_mean = None
    difference = math.nan
    if bench_mean is not None and estimate.n:
        difference = standardized_difference(estimate.mean, bench_mean, bench_sd)
        if not scale.higher_is_better:
            difference = -difference
    return ScaleRow(
        scale=scale,
        label=translate(scale.label, language),
        description=translate(scale.description, language),
        estimate=estimate,
        benchmark_mean=bench_mean,
        benchmark_sd=bench_sd,
        difference=difference,
        words=difference_words(difference),
        alpha=_alpha(frame, instrument, scale, threshold),
    )


def previous_round(scan_round: ScanRound) -> ScanRound | None:
    """The organization's most recent earlier round (lower wave), if any."""
    return (
        ScanRound.objects.filter(organization=scan_round.organization, wave__lt=scan_round.wave)
        .order_by("-wave", "-id")
        .first()
    )


ROLE_GROUPS = ("managers", "employees", "unknown")


def role_breakdown(
    scores: pd.DataFrame, groups: pd.Series, threshold: int
) -> tuple[dict[str, int] | None, dict[str, tuple[float, float]]]:
    """Respondents per role group, and per scale the managers' and employees' means.

    Both only where showing them next to the whole group reveals nobody: every non-empty role
    group (counting, per scale, only the people with a score) reaches the threshold. Counts are
    None and the means empty otherwise.
    """
    sizes = {name: int((groups == name).sum()) for name in ROLE_GROUPS}
    if not breakdown_is_safe(sizes, threshold):
        return None, {}
    means = {}
    if sizes["managers"] and sizes["employees"]:
        for key in scores.columns:
            answered = scores[key].notna()
            per_group = {name: int((answered & (groups == name)).sum()) for name in ROLE_GROUPS}
            if per_group["managers"] and per_group["employees"] and breakdown_is_safe(per_group, threshold):
                means[key] = (
                    float(scores.loc[groups == "managers", key].mean()),
                    float(scores.loc[groups == "employees", key].mean()),
                )
    return sizes, means


def _manager_share(frame: pd.DataFrame) -> float | None:
    if "role" not in frame.columns or frame["role"].isna().all():
        return None
    groups = role_groups(frame)
    known = groups[groups != "unknown"]
    return float((known == "managers").mean()) if len(known) else None


def _summary(report: Report) -> list[str]:
    """Three sentences for the top of the report."""
    n = report.respondents
    if report.over_expected:
        first = ngettext(
            "%(n)s person answered the questionnaire, more than you expected.",
            "%(n)s people answered the questionnaire, more than you expected.",
            n,
        ) % {"n": n}
    elif report.response_rate is not None:
        first = ngettext(
            "%(n)s person answered the questionnaire, %(rate)s of the people you expected.",
            "%(n)s people answered the questionnaire, %(rate)s of the people you expected.",
            n,
        ) % {"n": n, "rate": percent(report.response_rate)}
    else:
        first = ngettext(
            "%(n)s person answered the questionnaire.", "%(n)s people answered the questionnaire.", n
        ) % {"n": n}
    sentences = [first]
    # Strongest and weakest are ranks; the words follow what they are next to the benchmark.
    if report.strongest:
        above = [row for row in report.strongest if row.words.endswith("higher")]
        if above:
            text = _("Compared with other organizations, your learning climate is strongest in: %(list)s.")
        elif any(row.words == "same" for row in report.strongest):
            text = _(
                "Your learning climate is about as strong as elsewhere; your best scores are in: %(list)s."
            )
        else:
            text = _("Every condition scores below the benchmark; the least far below are: %(list)s.")
        names = _join([_in_sentence(row.label, report.language) for row in above or report.strongest])
        sentences.append(text % {"list": names})
    if report.attention:
        names = _join([_in_sentence(row.label, report.language) for row in report.attention])
        if any(row.words.endswith("lower") for row in report.attention):
            text = _("The most room to grow is in: %(list)s. This report suggests first steps.")
        else:
            text = _(
                "No condition is below the benchmark. To grow further, start with: %(list)s. "
                "This report suggests first steps."
            )
        sentences.append(text % {"list": names})
    return sentences


def _in_sentence(label: str, language: str) -> str:
    """A scale label inside a sentence: lower case; in German quoted as a name instead, since nouns
    keep their capital and an adjective would not ("„Lernförderliche Führung“")."""
    return f"„{label}“" if language == "de" else label[:1].lower() + label[1:]


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def build_report(
    scan_round: ScanRound, language: str | None = None, benchmark_kind: str | None = None
) -> Report:
    """The report of ``scan_round`` in ``language`` (default: the organization's language).

    ``benchmark_kind`` picks the comparison group (OWN or PUBLISHED); by default own norms are
    used when leerscan has enough organizations, else the published survey.
    """
    language = language or scan_round.organization.language
    with translation.override(language):
        return _build(scan_round, language, benchmark_kind)


def _build(scan_round: ScanRound, language: str, benchmark_kind: str | None) -> Report:
    figures = figures_frame(scan_round)
    frame = figures.answers
    n = figures.submitted
    report = Report(
        scan_round,
        language,
        n,
        scan_round.anonymity_threshold,
        not figures.still_open and n >= scan_round.anonymity_threshold,
    )
    report.still_open = figures.still_open
    # The maturity scan is the organization's situation now: it belongs in the latest closed round's
    # report (and in an open round's, which shows no other figures yet).
    report.later_round = (
        ScanRound.objects.filter(
            organization=scan_round.organization, wave__gt=scan_round.wave, status=ScanRound.Status.CLOSED
        )
        .order_by("wave")
        .first()
    )
    try:
        section = maturity_section(scan_round.organization, language)  # the owner's, not anonymous
        if report.later_round is None:
            report.maturity = section
        else:
            report.maturity_in_later_round = section is not None
    except ContentFileError as error:
        _content_problem(report, PROFILES_FILE, error)
    report.response_rate = response_rate(n, scan_round.expected_respondents)
    report.over_expected = bool(scan_round.expected_respondents) and n > scan_round.expected_respondents
    if not report.shown:
        return report

    instrument = get_instrument(scan_round.instrument_id)
    scores = score_responses(frame, instrument)
    report.benchmarks = available_benchmarks(scan_round.organization)
    report.benchmark = next((b for b in report.benchmarks if b.kind == benchmark_kind), report.benchmarks[0])

    groups = role_groups(frame)
    report.role_counts, means_by_role = role_breakdown(scores, groups, report.threshold)
    report.roles_compared = bool(means_by_role)

    shown, suppressed = shown_scales(scores, report.threshold)
    for scale in instrument.scales:
        if scale.key in suppressed:
            report.suppressed.append(translate(scale.label, language))
            continue  # too few people answered enough of this scale's questions
        if scale.key not in shown:
            continue  # not asked in this variant
        row = _row(scale, scores, frame, instrument, report.benchmark, language, report.threshold)
        if scale.group == "learning_climate":
            row.agree_share = share_at_least(scores[scale.key], AGREE_CUT)
            if scale.key in means_by_role:
                row.managers, row.employees = means_by_role[scale.key]
            report.climate.append(row)
        elif scale.group == "learning_activities":
            report.activities.append(row)
        else:
            report.outcomes.append(row)

    _compare_with_previous(report, scan_round, instrument, frame, scores)

    by_key = {row.key: row for row in report.climate}
    strongest, weakest = strongest_and_weakest({row.key: row.difference for row in report.climate})
    report.strongest = [by_key[key] for key in strongest]
    report.attention = [by_key[key] for key in weakest]

    try:
        advice = get_advice()
    except ContentFileError as error:
        _content_problem(report, ADVICE_FILE, error)
        report.summary = _summary(report)
        return report
    for row in report.attention:
        if row.key in advice.conditions:
            report.advice.append(
                {
                    "row": row,
                    "why": advice.why(row.key, language),
                    "suggestions": advice.suggestions(row.key, language),
                }
            )
            report.questions.extend(advice.questions(row.key, language))
    report.questions.extend(advice.general(language))
    report.summary = _summary(report)
    return report


def _content_problem(report: Report, code: str, error: ContentFileError) -> None:
    """Leave the content out of the report, say so in the report, and log what is wrong."""
    report.content_problems[code] = [str(error.path), *error.problems]
    logger.error(
        "%s file %s cannot be used, the report of round %s leaves it out: %s",
        code,
        error.path,
        report.scan_round.pk,
        "; ".join(error.problems),
    )


def _compare_with_previous(report, scan_round, instrument, frame, scores) -> None:
    earlier = previous_round(scan_round)
    if earlier is None:
        return
    earlier_figures = figures_frame(earlier)
    if earlier_figures.still_open:
        return  # an earlier round that still takes answers has no figures to compare with
    earlier_frame = earlier_figures.answers
    report.previous = earlier
    report.previous_respondents = len(earlier_frame)
    if len(earlier_frame) < earlier.anonymity_threshold:
        return
    earlier_scores = score_responses(earlier_frame, get_instrument(earlier.instrument_id))
    report.previous_warnings = comparability_warnings(
        len(earlier_frame), len(frame), _manager_share(earlier_frame), _manager_share(frame)
    )
    for row in report.rows:
        if row.key not in earlier_scores.columns or not enough_answers(
            earlier_scores[row.key], earlier.anonymity_threshold
        ):
            continue  # the change would reveal the earlier mean of a group under the threshold
        try:
            row.change = wave_change(earlier_scores[row.key], scores[row.key])
        except ValueError:  # e.g. both rounds gave the same answer everywhere
            row.change = None


__all__ = ["OWN", "PUBLISHED", "Report", "ScaleRow", "benchmark_label", "build_report"]
