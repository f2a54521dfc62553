"""Charts as inline SVG (matplotlib), readable in print and without colour: the shared style and
helpers of every chart leerscan draws (reports, programme view), and a plain bar chart of counts."""

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


def legend_below(axes, handles, height: float) -> None:
    """One row of legend entries under the chart."""
    axes.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.4, -0.12 - 0.25 / height),
        ncol=len(handles),
        frameon=False,
        fontsize=8.5,
    )


def plain_axes(axes) -> None:
    """No frame but the bottom axis, no ticks on the labels."""
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="y", length=0)


def svg_of(figure) -> str:
    """The figure as SVG text, fitted tight and without a date (the same chart gives the same SVG)."""
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def as_image(svg: str, description: str) -> str:
    """An ``<img>`` tag carrying the SVG as a data URI (the same in the page, standalone HTML and PDF)."""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img class="chart" alt="{escape(description)}" src="data:image/svg+xml;base64,{data}">'


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
        plain_axes(axes)
        return svg_of(figure)
    finally:
        plt.close(figure)
