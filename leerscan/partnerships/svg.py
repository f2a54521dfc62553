"""The two drawings of the partnership scan as SVG text (server-side, no script).

- The ego circle follows the paper form of annex 6 (seed 003 lines 2348-2350): the respondent in the
  centre, three segments (f1 top left, f2 top right, f3 bottom) and four rings for the contribution
  (4 innermost, 1 outermost; the ring order is an inference, the figure is missing from the seed).
  A partner appears once per ticked form.
- The lot map puts the providers on a circle: a square for the coordinator, a circle for a partner, a
  dashed grey circle for an inactive partner; a directed edge per tie, styled by its deepest form
  (f1 thin dashed, f2 solid, f3 thick). A table beside it carries the same facts for screen readers.
"""

from __future__ import annotations

import math
from html import escape

from leerscan.partnerships.network import Network

SIZE = 360
CENTRE = SIZE / 2
RING = 38  # width of one contribution ring
SEGMENTS = {"f1": (90, 210), "f2": (-30, 90), "f3": (210, 330)}  # degrees, counter-clockwise from east
EDGE_STYLE = {
    "f1": 'stroke-width="1.5" stroke-dasharray="5 4"',
    "f2": 'stroke-width="2.5"',
    "f3": 'stroke-width="5"',
}


def _point(radius: float, degrees: float) -> tuple[float, float]:
    angle = math.radians(degrees)
    return CENTRE + radius * math.cos(angle), CENTRE - radius * math.sin(angle)


def ego_circle(title: str, form_labels: dict[str, str], ego: str, placed: list[dict]) -> str:
    """``placed``: one dict per partner and ticked form: ``{"name", "form", "contribution"}``."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" role="img" '
        f'aria-labelledby="ego-title" class="ego-circle"><title id="ego-title">{escape(title)}</title>'
    ]
    for ring in range(4, 0, -1):
        parts.append(
            f'<circle cx="{CENTRE}" cy="{CENTRE}" r="{ring * RING + 20}" fill="none" stroke="#999" '
            f'data-ring="{5 - ring}"/>'
        )
    for _form, (start, _end) in SEGMENTS.items():
        x, y = _point(4 * RING + 20, start)
        parts.append(f'<line x1="{CENTRE}" y1="{CENTRE}" x2="{x:.1f}" y2="{y:.1f}" stroke="#666"/>')
    for form, (start, end) in SEGMENTS.items():
        x, y = _point(4 * RING + 8, (start + end) / 2)
        parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="10" text-anchor="middle" fill="#333">'
            f"{escape(form_labels[form][:34])}</text>"
        )
    parts.append(f'<circle cx="{CENTRE}" cy="{CENTRE}" r="16" fill="#1f4e79"/>')
    parts.append(
        f'<text x="{CENTRE}" y="{CENTRE + 4}" font-size="10" text-anchor="middle" fill="#fff">'
        f"{escape(ego[:6])}</text>"
    )
    for form, (start, end) in SEGMENTS.items():
        here = [p for p in placed if p["form"] == form]
        for index, partner in enumerate(here):
            ring = partner.get("contribution") or 1
            radius = (4 - ring) * RING + 20 + RING / 2
            angle = start + (end - start) * (index + 1) / (len(here) + 1)
            x, y = _point(radius, angle)
            parts.append(
                f'<g data-partner="{escape(partner["name"])}" data-form="{form}" data-contribution="{ring}">'
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#e07b00"/>'
                f'<text x="{x:.1f}" y="{y - 9:.1f}" font-size="10" text-anchor="middle">'
                f"{escape(partner['name'][:18])}</text></g>"
            )
    parts.append("</svg>")
    return "".join(parts)


def lot_map(title: str, network: Network) -> str:
    """The lot's providers on a circle with a directed edge per tie."""
    nodes = network.nodes
    positions = {
        node.id: _point(130, 90 - 360 * index / max(len(nodes), 1)) for index, node in enumerate(nodes)
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" role="img" '
        f'aria-labelledby="map-title" aria-describedby="map-table" class="lot-map">'
        f'<title id="map-title">{escape(title)}</title>'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="22" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/>'
        "</marker></defs>"
    ]
    for tie in network.ties:
        (x1, y1), (x2, y2) = positions[tie.source], positions[tie.target]
        offset = 4 if tie.source < tie.target else -4  # keep a pair's two directions apart
        parts.append(
            f'<line x1="{x1 + offset:.1f}" y1="{y1 + offset:.1f}" x2="{x2 + offset:.1f}" '
            f'y2="{y2 + offset:.1f}" stroke="#444" {EDGE_STYLE[tie.deepest]} marker-end="url(#arrow)" '
            f'data-edge="{tie.source}-{tie.target}" data-form="{tie.deepest}"/>'
        )
    for node in nodes:
        x, y = positions[node.id]
        if node.role == "coordinator":
            shape = f'<rect x="{x - 13:.1f}" y="{y - 13:.1f}" width="26" height="26" fill="#1f4e79"/>'
        elif node.role == "inactive":
            shape = (
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="12" fill="#fff" stroke="#999" stroke-dasharray="3 3"/>'
            )
        else:
            shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="12" fill="#e07b00"/>'
        parts.append(
            f'<g data-node="{node.id}" data-role="{node.role}">{shape}'
            f'<text x="{x:.1f}" y="{y + 28:.1f}" font-size="11" text-anchor="middle">'
            f"{escape(node.name[:22])}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)
