"""Shared fixtures of the analysis-frame and chapter-6 tests: a synthetic programme and its frame."""

import pytest

from leerscan.analytics.dataset import build_analysis_frame
from leerscan.analytics.synthetic import generate_respondents
from leerscan.instrument.loader import get_instrument


@pytest.fixture(scope="module")
def instrument():
    return get_instrument()


@pytest.fixture(scope="module")
def answers(instrument):
    return generate_respondents(instrument, 400, 12, seed=5)


@pytest.fixture(scope="module")
def frame(answers, instrument):
    return build_analysis_frame(answers, instrument)
