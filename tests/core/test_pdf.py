"""The PDF conversion pauses the cycle collector and always gives it back."""

import gc
import threading

import pytest

from leerscan.core.pdf import collection_paused, html_to_pdf


@pytest.fixture(autouse=True)
def _collector_on():
    gc.enable()
    yield
    gc.enable()


def test_a_conversion_gives_a_pdf_and_leaves_the_collector_on():
    pdf = html_to_pdf("<p>Leerklimaat</p>")
    assert pdf.startswith(b"%PDF")
    assert gc.isenabled()


def test_a_failing_conversion_also_turns_the_collector_back_on():
    with pytest.raises(RuntimeError), collection_paused():
        assert not gc.isenabled()
        raise RuntimeError("layout failed")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    html_to_pdf("<p>x</p>")
    assert not gc.isenabled()


def test_overlapping_conversions_keep_it_paused_until_the_last_one_ends():
    first_inside, first_may_end = threading.Event(), threading.Event()
    seen = {}

    def first():
        with collection_paused():
            first_inside.set()
            first_may_end.wait(5)
            seen["while_first_runs_after_second"] = gc.isenabled()

    thread = threading.Thread(target=first)
    thread.start()
    assert first_inside.wait(5)
    with collection_paused():
        pass
    assert not gc.isenabled()  # the first conversion still runs
    first_may_end.set()
    thread.join(5)
    assert seen["while_first_runs_after_second"] is False
    assert gc.isenabled()


def test_a_conversion_ending_while_another_runs_collects_young_objects(monkeypatch):
    collected = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation))
    with collection_paused():
        with collection_paused():
            pass
        assert collected == [1] and not gc.isenabled()
    assert collected == [1] and gc.isenabled()
