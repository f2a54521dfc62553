"""Shared pieces of the ``analyze`` and ``export`` commands: the filter options, what was left out."""

from __future__ import annotations

from django.core.management.base import CommandError

from leerscan.research.data import FilterError, Filters, LeftOut, check_filters


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
