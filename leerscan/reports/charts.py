"""Report charts as inline SVG (matplotlib), readable in print and without colour.

The organization's score is a filled circle with its 95% interval as a bar; the benchmark is a
hollow diamond. Shapes, not only colours, tell them apart; a table with the same numbers follows
every chart for screen readers.
"""

from __future__ import annotations

import base64
import io
import textwrap
from html import escape

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

ORGANIZATION_COLOUR = "#1f4e79"
BAND_COLOUR = "#9dc3e6"
BENCHMARK_COLOUR = "#b35900"

plt.rcParams.update(
    {
        "svg.fonttype": "none",  # real text in the SVG: smaller, selectable, searchable in the PDF
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "svg.hashsalt": "leerscan",  # the same chart gives the same SVG
        "text.parse_math": False,  # a "$" in a label is text, not a formula
    }
)


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
        _plain_axes(axes)
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
            plt.Line2D([], [], color=BAND_COLOUR, linewidth=7, label="95%"),
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
        _legend_below(axes, handles, height)
        return _svg(figure)
    finally:
        plt.close(figure)


def _legend_below(axes, handles, height: float) -> None:
    """One row of legend entries under the chart."""
    axes.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.4, -0.12 - 0.25 / height),
        ncol=len(handles),
        frameon=False,
        fontsize=8.5,
    )


def _plain_axes(axes) -> None:
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="y", length=0)


def _svg(figure) -> str:
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def as_image(svg: str, description: str) -> str:
    """An ``<img>`` tag carrying the SVG as a data URI (the same in the page, standalone HTML and PDF)."""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img class="chart" alt="{escape(description)}" src="data:image/svg+xml;base64,{data}">'


def fit_chart(rows: list[tuple[str, float]], highlighted: list[str]) -> str:
    """SVG horizontal bars (0-100 %) per profile; highlighted profiles are dark and marked with a star."""
    height = 0.42 * len(rows) + 0.8
    figure, axes = plt.subplots(figsize=(7.2, height))
    try:
        positions = list(range(len(rows)))[::-1]
        for y, (label, fit) in zip(positions, rows, strict=True):
            strong = label in highlighted
            axes.barh(y, fit, color=ORGANIZATION_COLOUR if strong else BAND_COLOUR, height=0.6)
            axes.text(fit + 1.5, y, f"{fit:.0f}%" + (" ★" if strong else ""), va="center", fontsize=9)
        axes.set_yticks(positions, [textwrap.fill(label, 30) for label, _ in rows])
        axes.set_xlim(0, 112)
        axes.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        axes.axvline(50, color="#999999", linewidth=0.8, linestyle="--")
        _plain_axes(axes)
        return _svg(figure)
    finally:
        plt.close(figure)


def reach_chart(
    rows: list[tuple[str, int, int, int | None]], started_label: str, completed_label: str, target_label: str
) -> str:
    """SVG bars per lot: organizations started (light, wide) and completed (dark, narrow inside it), with
    the target as a vertical tick and the numbers written out."""
    height = 0.55 * len(rows) + 1.0
    figure, axes = plt.subplots(figsize=(7.2, height))
    try:
        positions = list(range(len(rows)))[::-1]
        largest = max([1, *(max(started, target or 0) for _label, started, _done, target in rows)])
        for y, (_label, started, completed, target) in zip(positions, rows, strict=True):
            axes.barh(y, started, color=BAND_COLOUR, height=0.62, zorder=1)
            axes.barh(y, completed, color=ORGANIZATION_COLOUR, height=0.3, zorder=2)
            if target:
                axes.plot(
                    [target, target], [y - 0.38, y + 0.38], color=BENCHMARK_COLOUR, linewidth=2.5, zorder=3
                )
            text = f"{started} / {target}" if target else f"{started}"
            axes.text(max(started, target or 0) + largest * 0.02, y, text, va="center", fontsize=9)
        axes.set_yticks(positions, [textwrap.fill(label, 24) for label, *_rest in rows])
        axes.set_xlim(0, largest * 1.22)
        _plain_axes(axes)
        handles = [
            plt.Line2D([], [], color=BAND_COLOUR, linewidth=7, label=started_label),
            plt.Line2D([], [], color=ORGANIZATION_COLOUR, linewidth=4, label=completed_label),
            plt.Line2D([], [], color=BENCHMARK_COLOUR, linewidth=2.5, label=target_label),
        ]
        _legend_below(axes, handles, height)
        return _svg(figure)
    finally:
        plt.close(figure)


def count_chart(rows: list[tuple[str, int]]) -> str:
    """SVG horizontal bars with their count written next to each bar."""
    height = 0.42 * len(rows) + 0.8
    figure, axes = plt.subplots(figsize=(7.2, height))
    try:
        positions = list(range(len(rows)))[::-1]
        largest = max([1, *(count for _label, count in rows)])
        for y, (_label, count) in zip(positions, rows, strict=True):
            axes.barh(y, count, color=ORGANIZATION_COLOUR, height=0.6)
            axes.text(count + largest * 0.02, y, str(count), va="center", fontsize=9)
        axes.set_yticks(positions, [textwrap.fill(label, 30) for label, _count in rows])
        axes.set_xlim(0, largest * 1.15)
        _plain_axes(axes)
        return _svg(figure)
    finally:
        plt.close(figure)
