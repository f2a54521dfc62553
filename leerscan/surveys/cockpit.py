"""The participation cockpit's figures: for every open round in a person's scope, counts only
(invited, started, completed), the response rate, days left, the completions curve and a forecast of
the final rate from this round's curve and earlier rounds' curves. Never a score, never a person."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from leerscan.surveys.forecast import DEFAULT_DURATION, Curve, Forecast, forecast
from leerscan.surveys.models import Response, ScanRound

#: At most this many closed rounds (the most recent) serve as earlier curves.
MAX_REFERENCES = 200


def target_rate() -> int:
    """The response rate (percent) below which a round's forecast counts as "at risk"."""
    return int(getattr(settings, "LEERSCAN_TARGET_RESPONSE_RATE", 60))


@dataclass
class RoundRow:
    scan_round: ScanRound
    invited: int
    started: int
    completed: int
    rate: float | None  # 0 to 1
    days_left: int | None
    forecast: Forecast | None
    at_risk: bool
    curve_svg: str


def period(scan_round: ScanRound, first: date | None, today: date) -> tuple[date, date]:
    """The round's opening and closing day (a round without dates: from its first answer, 3 weeks)."""
    start = scan_round.opens_on or first or today
    end = scan_round.closes_on or start + timedelta(days=DEFAULT_DURATION)
    return start, max(end, start + timedelta(days=1))


def _days(moments) -> list[date]:
    return sorted(timezone.localtime(m).date() for m in moments if m)


def earlier_curves() -> list[Curve]:
    """The completions curves of the most recent closed rounds with any answers."""
    closed = list(
        ScanRound.objects.filter(status=ScanRound.Status.CLOSED)
        .annotate(done=Count("responses", filter=Q(responses__status=Response.Status.SUBMITTED)))
        .filter(done__gt=0)
        .order_by("-pk")[:MAX_REFERENCES]
    )
    moments = defaultdict(list)
    submitted = Response.objects.filter(
        scan_round__in=closed, status=Response.Status.SUBMITTED, source=Response.Source.WEB
    ).values_list("scan_round_id", "submitted_at")
    for round_id, moment in submitted:
        moments[round_id].append(moment)
    curves = []
    for scan_round in closed:
        days = _days(moments.get(scan_round.pk, []))
        invited = invited_count(scan_round)
        if not days or not invited:
            continue
        start, end = period(scan_round, days[0], days[-1])
        length = (end - start).days + 1
        times = tuple(sorted(min(max((d - start).days + 0.5, 0) / length, 0.999) for d in days))
        curves.append(Curve(times, min(len(days) / invited, 1.0)))
    return curves


def invited_count(scan_round: ScanRound) -> int:
    """How many people the round counts on: its personal links, else its expected respondents."""
    links = getattr(scan_round, "links", None)
    if links is None:
        links = scan_round.invitations.count()
    return links or scan_round.expected_respondents or 0


def open_rounds(organizations):
    return (
        ScanRound.objects.filter(organization__in=organizations, status=ScanRound.Status.OPEN)
        .select_related("organization")
        .annotate(links=Count("invitations", distinct=True))
        .order_by("closes_on", "organization__name", "wave")
    )


def rows(organizations, today: date | None = None) -> list[RoundRow]:
    today = today or timezone.localdate()
    rounds = list(open_rounds(organizations))
    answers = Response.objects.filter(scan_round__in=rounds).values_list(
        "scan_round_id", "status", "submitted_at"
    )
    started, submitted = Counter(), defaultdict(list)
    for round_id, status, moment in answers:
        started[round_id] += 1
        if status == Response.Status.SUBMITTED:
            submitted[round_id].append(moment)
    references = earlier_curves() if rounds else []
    target = target_rate() / 100
    result = []
    for scan_round in rounds:
        days = _days(submitted[scan_round.pk])
        invited = invited_count(scan_round)
        start, end = period(scan_round, days[0] if days else None, today)
        length = (end - start).days + 1
        elapsed = min(max(((today - start).days + 1) / length, 0.0), 1.0)
        quarter = today - timedelta(days=max(1, round((today - start).days / 4)))
        guess = forecast(len(days), invited, elapsed, sum(1 for d in days if d > quarter), references)
        result.append(
            RoundRow(
                scan_round=scan_round,
                invited=invited,
                started=started[scan_round.pk],
                completed=len(days),
                rate=min(len(days) / invited, 1.0) if invited else None,
                days_left=(scan_round.closes_on - today).days if scan_round.closes_on else None,
                forecast=guess,
                at_risk=guess is not None and guess.rate < target,
                curve_svg=curve_svg(days, start, end, invited, guess, target),
            )
        )
    return result


def curve_svg(days: list[date], start: date, end: date, invited: int, guess, target: float) -> str:
    """Cumulative completions from opening to closing as a small inline SVG (no JavaScript): the line
    so far, the target as a dashed line, and the forecast's interval at closing as a bar."""
    width, height, pad = 120, 40, 2
    length = max((end - start).days + 1, 1)
    top = max(invited, len(days), 1)

    def x(day_index: float) -> float:
        return round(pad + (width - 2 * pad) * day_index / length, 1)

    def y(count: float) -> float:
        return round(height - pad - (height - 2 * pad) * count / top, 1)

    per_day = Counter((d - start).days for d in days)
    points, total = [(x(0), y(0))], 0
    for index in range(0, max(per_day, default=0) + 1):
        total += per_day.get(index, 0)
        points.append((x(index + 1), y(total)))
    line = format_html_join(" ", "{},{}", points)
    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="target"/>',
            x(0),
            y(target * top),
            x(length),
            y(target * top),
        ),
        format_html('<polyline points="{}" class="done"/>', line),
    ]
    if guess is not None:
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="forecast"/>',
                x(length) - 2,
                y(guess.low * top),
                x(length) - 2,
                y(guess.high * top),
            )
        )
    return format_html(
        '<svg viewBox="0 0 {} {}" width="{}" height="{}" aria-hidden="true" focusable="false"'
        ' class="curve">{}</svg>',
        width,
        height,
        width,
        height,
        format_html_join("", "{}", ((p,) for p in parts)),
    )
