from pathlib import Path

import pytest

from leerscan.instrument.loader import load_instrument

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def mini():
    """The small test instrument (two languages, one reversed item, one mixed scale)."""
    return load_instrument(FIXTURES / "mini.yaml")


@pytest.fixture
def mini_text():
    return (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
