"""The R runner skips without R locally and fails instead on CI, so CI never drops the R references."""

import pytest

from tests.analytics import rlive


@pytest.fixture
def no_r(monkeypatch):
    monkeypatch.setattr(rlive.shutil, "which", lambda name: None)
    rlive._missing.cache_clear()
    yield
    rlive._missing.cache_clear()


def test_missing_r_skips_locally_with_the_reason(no_r, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("LEERSCAN_REQUIRE_R", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Rscript is not installed"):
        rlive.require_r("multilevel")


@pytest.mark.parametrize(("name", "value"), [("CI", "true"), ("LEERSCAN_REQUIRE_R", "1")])
def test_missing_r_fails_on_ci(no_r, monkeypatch, name, value):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("LEERSCAN_REQUIRE_R", raising=False)
    monkeypatch.setenv(name, value)
    with pytest.raises(pytest.fail.Exception, match="must run here"):
        rlive.require_r("multilevel")
