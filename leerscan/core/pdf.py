"""HTML to PDF, the one way leerscan makes PDFs (WeasyPrint)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_pause_lock = threading.Lock()
_pauses = 0
_collector_was_enabled = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector for the duration of one conversion.

    WeasyPrint allocates some 300,000 short-lived objects for a ten-page report; in a server process
    that also holds Django, pandas and matplotlib, each full collection walks all of those too, which
    made a report's PDF about 15% slower (benchmarks/report.py). Memory still peaks at a few MB more,
    and the collector runs again as soon as the last conversion in the process ends. Safe with threads:
    the collector is only switched back on by the last conversion to finish, and only if it was on;
    a conversion that ends while others still run collects the young objects itself, so memory stays
    bounded even when conversions overlap without pause.
    """
    global _pauses, _collector_was_enabled
    with _pause_lock:
        if _pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            others_running = _pauses > 0
            if not others_running and _collector_was_enabled:
                gc.enable()
        if others_running:
            gc.collect(1)


def html_to_pdf(html: str) -> bytes:
    """Render an HTML document (inline CSS and SVG) to PDF bytes."""
    from weasyprint import HTML  # imported late: loading WeasyPrint takes a moment

    with collection_paused():
        return HTML(string=html).write_pdf()
