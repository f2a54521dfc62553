"""``leerscan synth --waves 2`` -> ``import --create`` per wave -> ``leerscan analyze`` fills the wave
comparison, as groups and as linked pairs, with the effect the files were made with."""

import io

import pandas as pd
import pytest
from django.core.management import call_command

from leerscan.instrument.loader import get_instrument
from leerscan.instrument.scoring import score_responses

pytestmark = pytest.mark.django_db


def test_synthetic_waves_fill_the_wave_comparison(tmp_path):
    out = io.StringIO()
    call_command(
        "synth", respondents=60, organizations=1, seed=8, waves=2, out=str(tmp_path / "a.csv"), stdout=out
    )
    assert "respondents answer both waves with a linking code" in out.getvalue()
    first, second = pd.read_csv(tmp_path / "a-wave1.csv"), pd.read_csv(tmp_path / "a-wave2.csv")
    linked = first["linking_code"].dropna()
    assert set(linked) == set(second["linking_code"].dropna()) and 0.4 < len(linked) / 60 < 0.8
    for number in (1, 2):
        call_command(
            "import", str(tmp_path / f"a-wave{number}.csv"), organization="Brouwerij W", round=number,
            create=True, stdout=io.StringIO(),
        )  # fmt: skip
    call_command("analyze", "--out", str(tmp_path / "out"), "--no-pdf", "--no-progress", stdout=io.StringIO())
    waves = pd.read_csv(tmp_path / "out" / "waves.csv", encoding="utf-8-sig").set_index("scale")
    paired = pd.read_csv(tmp_path / "out" / "waves_paired.csv", encoding="utf-8-sig").set_index("scale")
    instrument = get_instrument()
    before, after = score_responses(first, instrument), score_responses(second, instrument)
    climate = [s.key for s in instrument.scales if s.group == "learning_climate"]
    for key in climate:
        # the groups: exactly the files' means
        assert waves.loc[key, "mean_diff"] == pytest.approx(after[key].mean() - before[key].mean(), abs=1e-9)
        # the pairs: the linked respondents, matched by their codes
        both = (
            first[["linking_code"]]
            .join(before[key])
            .merge(second[["linking_code"]].join(after[key]), on="linking_code", suffixes=("_pre", "_post"))
            .dropna()
        )
        assert paired.loc[key, "n"] == len(both)
        assert paired.loc[key, "mean_diff"] == pytest.approx(
            (both[f"{key}_post"] - both[f"{key}_pre"]).mean(), abs=1e-9
        )
        assert paired.loc[key, "mean_diff"] > 0.15 and paired.loc[key, "ci_low"] > 0  # the effect, in pairs
    assert waves.loc[climate, "mean_diff"].mean() > 0.2  # and on average over the climate scales in groups
