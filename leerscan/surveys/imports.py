"""Importing a checked answer file into a scan round: all rows or none.

Used by the web import (:mod:`leerscan.surveys.paper`) and ``leerscan import``. Problems of single
rows are listed row by row; a problem every row shares (say an ``organization`` column that names
another organization in every row) is said once, for the column. An import that does not fit the
round (more answers than the expected respondents or the employees, or a round not open yet) is
stored only once the person confirmed it (:class:`NeedsConfirmation`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd
from django.conf import settings
from django.db import IntegrityError

from leerscan.audit.models import Action
from leerscan.audit.services import record
from leerscan.instrument.answers import AnswerFileError, CellProblem, gettext_noop
from leerscan.organizations.models import Lot, Organization, SizeClass
from leerscan.organizations.register import RegisterError, parse_enterprise_number
from leerscan.surveys import respond
from leerscan.surveys.models import Response, ScanRound
from leerscan.surveys.services import ResultsShownError, store_submitted_responses

META = ("respondent", "organization", "wave")


@dataclass(frozen=True)
class Fit:
    """How an import fits its round: the numbers a person confirms before it is stored."""

    rows: int  # questionnaires in the file
    already: int  # submitted questionnaires in the round before the import
    expected: int | None  # the round's expected respondents
    employees: int | None  # the organization's employees
    not_open: bool  # the round has not opened yet

    @property
    def total(self) -> int:
        return self.already + self.rows

    @property
    def more_than_expected(self) -> bool:
        return bool(self.expected) and self.total > self.expected

    @property
    def more_than_employees(self) -> bool:
        return bool(self.employees) and self.total > self.employees

    @property
    def too_many(self) -> bool:
        return self.more_than_expected or self.more_than_employees

    def warnings(self, gettext=lambda s: s) -> list[str]:
        """Each reason to confirm, as one sentence (``gettext`` translates it)."""
        found = []
        numbers = {"total": self.total, "rows": self.rows, "already": self.already}
        if self.more_than_expected:
            found.append(
                gettext(
                    "After this import the round has %(total)s questionnaires (%(already)s already in it, "
                    "%(rows)s in the file), more than the %(expected)s respondents it expects."
                )
                % {**numbers, "expected": self.expected}
            )
        if self.more_than_employees:
            found.append(
                gettext(
                    "After this import the round has %(total)s questionnaires, more than the organization's "
                    "%(employees)s employees."
                )
                % {**numbers, "employees": self.employees}
            )
        if self.not_open:
            found.append(gettext("The round has not opened yet."))
        return found


class NeedsConfirmation(Exception):
    """The import is fine but does not fit the round; nothing was stored. ``fit`` has the numbers."""

    def __init__(self, fit: Fit):
        self.fit = fit
        super().__init__("; ".join(fit.warnings()))


def fit_of(scan_round: ScanRound, rows: int) -> Fit:
    already = Response.objects.filter(scan_round=scan_round, status=Response.Status.SUBMITTED).count()
    return Fit(
        rows=rows,
        already=already,
        expected=scan_round.expected_respondents,
        employees=scan_round.organization.employees,
        not_open=scan_round.status == ScanRound.Status.DRAFT,
    )


def check_import(
    scan_round: ScanRound, answers: pd.DataFrame, *, allow_more: bool = False, allow_not_open: bool = False
) -> list[str | None] | None:
    """Check answers of an import file against ``scan_round`` without storing them; returns the
    responses' secrets derived from the respondent ids (None without a ``respondent`` column).

    Refused (:class:`AnswerFileError`, every problem listed): an ``organization`` or ``wave`` column
    naming another organization or round than the one imported into, a ``respondent`` id that
    appears twice in the file or was imported into this round before (so importing a file again
    changes nothing), and an unknown ``language`` code. Then :class:`NeedsConfirmation` unless
    allowed: more questionnaires than the expected respondents or the employees
    (``allow_more``), a round not open yet (``allow_not_open``).
    """
    if answers.empty:
        raise AnswerFileError([CellProblem(None, None, gettext_noop("the file has a header but no answers"))])
    problems = meta_problems(scan_round, answers)
    keys = None
    if "respondent" in answers.columns:
        key_problems, keys = _respondent_keys(scan_round, answers["respondent"])
        problems.extend(key_problems)
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        raise AnswerFileError(problems)
    fit = fit_of(scan_round, len(answers))
    if (fit.too_many and not allow_more) or (fit.not_open and not allow_not_open):
        raise NeedsConfirmation(fit)
    return keys


def import_answers(
    scan_round: ScanRound, answers: pd.DataFrame, *, allow_more: bool = False, allow_not_open: bool = False
) -> int:
    """Store checked answers of an import file in ``scan_round``: all rows, or none (see
    :func:`check_import` for what is refused). Respondent ids are not stored: a keyed hash of them
    becomes the response's secret."""
    keys = check_import(scan_round, answers, allow_more=allow_more, allow_not_open=allow_not_open)
    meta = [c for c in META if c in answers.columns]
    try:
        stored = store_submitted_responses(
            scan_round, answers.drop(columns=meta), Response.Source.IMPORT, secrets=keys
        )
        record(
            Action.IMPORT,
            organization=scan_round.organization,
            target=f"scan round {scan_round.pk}",
            rows=stored,
        )
        return stored
    except ResultsShownError as exc:
        raise AnswerFileError(
            [
                CellProblem(
                    None,
                    None,
                    gettext_noop(
                        "the results of this round are already out, so no answers can be added; "
                        "start a new round for new answers"
                    ),
                )
            ]
        ) from exc
    except IntegrityError as exc:  # the same respondents imported at the same moment by someone else
        raise AnswerFileError(
            [
                CellProblem(
                    None,
                    "respondent",
                    gettext_noop("these respondents were being imported at the same time; try again"),
                )
            ]
        ) from exc


def meta_problems(scan_round: ScanRound, answers: pd.DataFrame) -> list[CellProblem]:
    """Rows whose organization or wave names another round than ``scan_round``, and unknown
    language codes; said once for the column when every filled row has the problem."""
    problems = []
    if "language" in answers.columns:
        codes = [code for code, _name in settings.LANGUAGES]
        problems += _column_check(
            answers["language"],
            "language",
            lambda value: value in codes,
            gettext_noop("'%(value)s' is not a language code (%(codes)s)"),
            gettext_noop("every row says '%(value)s', which is not a language code (%(codes)s)"),
            gettext_noop("no row has a language code (%(codes)s); the rows say %(values)s"),
            {"codes": ", ".join(codes)},
        )
    expected_name = scan_round.organization.name
    if "organization" in answers.columns:
        problems += _column_check(
            answers["organization"],
            "organization",
            lambda value: value.casefold() == expected_name.strip().casefold(),
            gettext_noop("'%(value)s' is not the organization imported into ('%(expected)s')"),
            gettext_noop("every row says '%(value)s', but this round belongs to '%(expected)s'"),
            gettext_noop(
                "no row names '%(expected)s', the organization imported into; the rows say %(values)s"
            ),
            {"expected": expected_name},
        )
    if "wave" in answers.columns:
        problems += _column_check(
            answers["wave"],
            "wave",
            lambda value: _wave_number(value) == scan_round.wave,
            gettext_noop("wave %(value)s is not the round imported into (wave %(expected)s)"),
            gettext_noop("every row says wave %(value)s, but this round is wave %(expected)s"),
            gettext_noop("no row says wave %(expected)s, the round imported into; the rows say %(values)s"),
            {"expected": scan_round.wave},
        )
    return problems


def _column_check(cells, column, good, per_row, every_row_same, every_row, params) -> list[CellProblem]:
    """The rows of ``column`` whose filled value is not ``good``, or one problem for the column when
    all filled rows (two or more) have it."""
    values = cells.map(text)
    filled = values[values != ""]
    bad = filled[~filled.map(good)]
    if bad.empty:
        return []
    extra = tuple(params.items())
    if len(bad) == len(filled) and len(filled) > 1:
        distinct = list(dict.fromkeys(bad))
        if len(distinct) == 1:
            return [CellProblem(None, column, every_row_same, (("value", distinct[0]), *extra))]
        shown = ", ".join(f"'{v}'" for v in distinct[:5]) + (", …" if len(distinct) > 5 else "")
        return [CellProblem(None, column, every_row, (("values", shown), *extra))]
    return [CellProblem(int(row), column, per_row, (("value", value), *extra)) for row, value in bad.items()]


def text(value) -> str:
    """A meta cell as text ('' when empty)."""
    return "" if value is None or pd.isna(value) else str(value).strip()


def _wave_number(value: str) -> float | None:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return None


def _respondent_keys(scan_round: ScanRound, ids: pd.Series) -> tuple[list[CellProblem], list[str | None]]:
    """The response secret of each row's respondent id, and the rows whose id is taken."""
    problems, keys, first_row = [], [], {}
    ids = ids.map(text)
    for row, respondent in ids.items():
        if not respondent:
            keys.append(None)
            continue
        if respondent in first_row:
            problems.append(
                CellProblem(
                    int(row),
                    "respondent",
                    gettext_noop("respondent '%(respondent)s' is also in row %(first)s"),
                    (("respondent", respondent), ("first", first_row[respondent])),
                )
            )
        first_row.setdefault(respondent, int(row))
        keys.append(respond.import_secret(scan_round, respondent))
    # After a key rotation the same respondent was stored under an earlier key's secret.
    candidates = {
        key: [key, *respond.earlier_import_secrets(scan_round, respondent)]
        for respondent, key in zip(ids, keys, strict=True)
        if key
    }
    taken = set(
        Response.objects.filter(
            scan_round=scan_round, secret__in=[secret for group in candidates.values() for secret in group]
        ).values_list("secret", flat=True)
    )
    again = [
        (int(row), respondent)
        for (row, respondent), key in zip(ids.items(), keys, strict=True)
        if key and taken.intersection(candidates[key])
    ]
    if len(again) > 1 and len(again) == sum(1 for key in keys if key):
        (row, respondent), count = again[0], len(again)
        example = CellProblem(row, None, gettext_noop("'%(respondent)s'"), (("respondent", respondent),))
        template = gettext_noop(
            "every respondent in the file (%(count)s rows, e.g. %(example)s) was already imported into "
            "this round: this file was imported before"
        )
        return [
            *problems,
            CellProblem(None, "respondent", template, (("count", count), ("example", example))),
        ], keys
    for row, respondent in again:
        problems.append(
            CellProblem(
                row,
                "respondent",
                gettext_noop("respondent '%(respondent)s' was already imported into this round"),
                (("respondent", respondent),),
            )
        )
    return problems, keys


@dataclass
class Created:
    """What ``create_target`` made (reported only after the import committed)."""

    organization: bool = False
    scan_round: bool = False
    file_code: str = ""  # the file's own organization code, taken for the new organization


def create_target(
    name: str, wave: int, answers: pd.DataFrame, instrument, facts: dict | None = None
) -> tuple[ScanRound, Created]:
    """The round ``wave`` of organization ``name``, created (closed) with its organization if missing.

    A new organization gets the lot, sector, size class and enterprise number of ``facts`` (the
    command's options), else the value most respondents gave in the file's columns of those names
    (see :func:`organization_facts`). The file
    may name the organization by a code of its own (``leerscan synth`` writes ``ORG-001``): one code
    in every row that is no organization's name is taken as this organization, and the column is
    dropped from ``answers`` (in place). Call inside the import's transaction.
    """
    created = Created()
    organization = Organization.objects.filter(name=name).first()
    if organization is None:
        organization = Organization.objects.create(name=name, **organization_facts(answers, **(facts or {})))
        created.organization = True
    codes = set(answers["organization"].map(text)) - {""} if "organization" in answers.columns else set()
    if len(codes) == 1:
        code = codes.pop()
        if not Organization.objects.filter(name__iexact=code).exists():
            created.file_code = code
            del answers["organization"]
    scan_round = ScanRound.objects.filter(organization=organization, wave=wave).first()
    if scan_round is None:
        scan_round = ScanRound.objects.create(
            organization=organization,
            wave=wave,
            instrument_id=instrument.id,
            instrument_version=instrument.version,
            status=ScanRound.Status.CLOSED,
        )
        created.scan_round = True
    return scan_round, created


def _whole(value) -> int | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


def _most_given(answers: pd.DataFrame, column: str) -> str | None:
    if column not in answers.columns:
        return None
    given = Counter(v for v in answers[column].map(text) if v)
    return given.most_common(1)[0][0] if given else None


def organization_facts(
    answers: pd.DataFrame,
    *,
    lot: int | str | None = None,
    sector: str | None = None,
    size_class: int | str | None = None,
    enterprise_number: str | None = None,
) -> dict:
    """Lot, sector, size class and enterprise number of a new organization, as model fields.

    A value given here wins; otherwise the value most respondents gave in the file's column of that
    name. Raises ``ValueError`` (in words) for a lot that does not exist, an unknown size class or an
    invalid or already used enterprise number.
    """
    facts = {}
    sector = sector or _most_given(answers, "sector")
    if sector:
        facts["sector"] = sector[:120]
    if size_class not in (None, ""):
        size = _whole(size_class)
        if size not in SizeClass.values:
            raise ValueError(
                f"size class must be one of {', '.join(map(str, SizeClass.values))}, not {size_class}"
            )
        facts["size_class"] = size
    elif "size_class" in answers.columns:
        sizes = Counter(_whole(v) for v in answers["size_class"].map(text) if _whole(v) in SizeClass.values)
        if sizes:
            facts["size_class"] = sizes.most_common(1)[0][0]
    number = lot if lot not in (None, "") else _most_given(answers, "lot")
    if number is not None:
        found = Lot.objects.filter(number=_whole(number)).first() if _whole(number) is not None else None
        if found is None:
            raise ValueError(f"there is no lot {number}")
        facts["lot"] = found
    enterprise = enterprise_number or _most_given(answers, "enterprise_number")
    if enterprise:
        try:
            enterprise = parse_enterprise_number(enterprise)
        except RegisterError as exc:
            raise ValueError(str(exc)) from exc
        if Organization.objects.filter(enterprise_number=enterprise).exists():
            raise ValueError(f"another organization has enterprise number {enterprise}")
        facts["enterprise_number"] = enterprise
    return facts
