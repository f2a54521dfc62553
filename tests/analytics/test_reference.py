"""The packaged reference figures are the published ones."""

from pathlib import Path

import pytest

from leerscan.analytics.reference import DATA_DIR, reference

SHARED = Path(__file__).resolve().parents[3] / "shared" / "reference"


@pytest.mark.skipif(not SHARED.exists(), reason="the shared reference folder is not beside the repo")
@pytest.mark.parametrize("name", ["kmo-vlaanderen-2024-descriptives.csv", "kmo-vlaanderen-2024-spearman.csv"])
def test_packaged_copy_equals_shared_original(name):
    assert (DATA_DIR / name).read_bytes() == (SHARED / name).read_bytes()


def test_published_values_spot_checks():
    # Table 3 of the report: leerleiderschap M = 3.75, SD = .66; r(ll, support) = .57**
    ref = reference()
    assert ref.descriptives.loc["learning_leadership", "mean"] == 3.75
    assert ref.descriptives.loc["learning_leadership", "sd"] == 0.66
    assert ref.spearman.loc["learning_leadership", "support_for_learning"] == 0.57
    assert ref.stars.loc["learning_leadership", "support_for_learning"] == 2
    assert ref.spearman.loc["intention_to_leave", "job_satisfaction"] == -0.69
    assert (ref.spearman.to_numpy() == ref.spearman.to_numpy().T).all()
    assert ref.n == 95
