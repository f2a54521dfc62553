"""The programme view's reach chart: organizations started and completed per lot against the target."""

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
        plain_axes(axes)
        handles = [
            plt.Line2D([], [], color=BAND_COLOUR, linewidth=7, label=started_label),
            plt.Line2D([], [], color=ORGANIZATION_COLOUR, linewidth=4, label=completed_label),
            plt.Line2D([], [], color=BENCHMARK_COLOUR, linewidth=2.5, label=target_label),
        ]
        legend_below(axes, handles, height)
        return svg_of(figure)
    finally:
        plt.close(figure)
