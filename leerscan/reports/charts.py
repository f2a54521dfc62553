"""Report charts as inline SVG (matplotlib), readable in print and without colour.

The organization's score is a filled circle with its 95% interval as a bar; the benchmark is a
hollow diamond. Shapes, not only colours, tell them apart; a table with the same numbers follows
every chart for screen readers.
"""

from __future__ import annotations

import textwrap

from leerscan.core.charts import (
    BAND_COLOUR,
    BENCHMARK_COLOUR,
    ORGANIZATION_COLOUR,
    legend_below,
    plain_axes,
    plt,
    svg_of,
)
from leerscan.core.typography import percent


def score_chart(
    rows: list[dict],
    low: float,
    high: float,
    organization_label: str,
    benchmark_label: str,
) -> str:
    """SVG dot-and-interval chart: per row ``label``, ``mean``, ``ci_low``, ``ci_high``, ``benchmark``."""
    height = 0.55 * len(rows) + 1.1
    figure, axes = plt.subplots(figsize=(7.2, height))
    try:
        positions = list(range(len(rows)))[::-1]
        for y, row in zip(positions, rows, strict=True):
            if row.get("ci_low") is not None and row["ci_low"] == row["ci_low"]:
                axes.plot(
                    [row["ci_low"], row["ci_high"]],
                    [y, y],
                    color=BAND_COLOUR,
                    linewidth=7,
                    zorder=1,
                    solid_capstyle="butt",
                )
            axes.plot(row["mean"], y, "o", color=ORGANIZATION_COLOUR, markersize=9, zorder=3)
            if row.get("benchmark") is not None:
                axes.plot(
                    row["benchmark"],
                    y,
                    "D",
                    markerfacecolor="white",
                    markeredgecolor=BENCHMARK_COLOUR,
                    markeredgewidth=2,
                    markersize=8,
                    zorder=2,
                )
        axes.set_yticks(positions, [textwrap.fill(row["label"], 28) for row in rows])
        axes.set_xlim(low - 0.1, high + 0.1)
        axes.set_xticks(range(int(low), int(high) + 1))
        axes.set_ylim(-0.7, len(rows) - 0.3)
        axes.grid(axis="x", color="#dddddd", linewidth=0.8)
        axes.set_axisbelow(True)
        plain_axes(axes)
        handles = [
            plt.Line2D(
                [],
                [],
                marker="o",
                linestyle="-",
                color=ORGANIZATION_COLOUR,
                markersize=8,
                label=organization_label,
                linewidth=0,
            ),
            plt.Line2D([], [], color=BAND_COLOUR, linewidth=7, label=percent(95)),
            plt.Line2D(
                [],
                [],
                marker="D",
                linestyle="",
                markerfacecolor="white",
                markeredgecolor=BENCHMARK_COLOUR,
                markeredgewidth=2,
                label=benchmark_label,
            ),
        ]
        legend_below(axes, handles, height)
        return svg_of(figure)
    finally:
        plt.close(figure)


def fit_chart(rows: list[tuple[str, float]], highlighted: list[str]) -> str:
    """SVG horizontal bars (0-100 %) per profile; highlighted profiles are dark and marked with a star."""
    height = 0.42 * len(rows) + 0.8
    figure, axes = plt.subplots(figsize=(7.2, height))
    try:
        positions = list(range(len(rows)))[::-1]
        for y, (label, fit) in zip(positions, rows, strict=True):
            strong = label in highlighted
            axes.barh(y, fit, color=ORGANIZATION_COLOUR if strong else BAND_COLOUR, height=0.6)
            axes.text(fit + 1.5, y, percent(fit) + (" ★" if strong else ""), va="center", fontsize=9)
        axes.set_yticks(positions, [textwrap.fill(label, 30) for label, _ in rows])
        axes.set_xlim(0, 112)
        axes.set_xticks([0, 25, 50, 75, 100], [percent(tick) for tick in (0, 25, 50, 75, 100)])
        axes.axvline(50, color="#999999", linewidth=0.8, linestyle="--")
        plain_axes(axes)
        return svg_of(figure)
    finally:
        plt.close(figure)
