"""Aggregation (ICC, rwg(j)) and the wave comparison of the evaluator workspace, on synthetic frames.

The statistics themselves are tested against published and R values in test_multilevel.py and
test_comparison.py; here: which organizations, groups and pairs enter, and that the threshold holds.
"""

import numpy as np
import pandas as pd
import pytest

from leerscan.analytics import icc, independent_comparison, mcdonald_omega, paired_comparison, rwg_j
from leerscan.analytics.chapter6 import chapter6_analysis
from leerscan.analytics.dataset import build_analysis_frame, scale_items
from leerscan.analytics.evaluation import aggregation_analysis, response_options, wave_comparison
from leerscan.analytics.synthetic import generate_respondents
from leerscan.instrument.loader import get_instrument

CLIMATE = [
    "learning_leadership", "room_and_time", "support_for_learning",
    "learning_opportunities", "knowledge_sharing", "responsibility_autonomy",
]  # fmt: skip


@pytest.fixture(scope="module")
def instrument():
    return get_instrument()


def frame_of(instrument, parts):
    """An analysis frame of (organization, wave, n, seed) parts."""
    pieces = []
    for organization, wave, n, seed in parts:
        answers = generate_respondents(instrument, n, 1, seed=seed)
        pieces.append(answers.assign(organization=organization, wave=wave))
    answers = pd.concat(pieces, ignore_index=True)
    answers["respondent"] = range(1, len(answers) + 1)
    return build_analysis_frame(answers, instrument)


def test_response_options_come_from_the_items(instrument):
    assert response_options(instrument, instrument.scale("learning_leadership")) == 5
    assert response_options(instrument, instrument.scale("occupational_expertise")) == 6
    assert response_options(instrument, instrument.scale("job_satisfaction")) == 11  # 0 to 10


def test_agreement_uses_only_organizations_reaching_the_threshold(instrument):
    frame = frame_of(instrument, [("A", 1, 30, 1), ("B", 1, 25, 2), ("C", 1, 12, 3), ("D", 1, 4, 4)])
    result = aggregation_analysis(frame, instrument, min_n=5)
    assert list(result.table.index) == CLIMATE
    kept = frame[frame["organization"].isin(["A", "B", "C"])]  # D has 4 respondents: left out
    for key in CLIMATE:
        scored = kept[["organization", key]].dropna()
        expected = icc(scored, "organization", key)
        row = result.table.loc[key]
        assert (row["organizations"], row["n"]) == (3, len(scored))
        assert row["icc1"] == pytest.approx(expected.icc1, abs=1e-12)
        assert row["icc2"] == pytest.approx(expected.icc2, abs=1e-12)
        agreement = rwg_j(scale_items(kept, instrument, instrument.scale(key)), kept["organization"], 5)
        assert row["rwg_j_mean"] == pytest.approx(agreement["rwg_j"].mean(), abs=1e-12)
        assert row["rwg_j_median"] == pytest.approx(agreement["rwg_j"].median(), abs=1e-12)
        assert (row["rwg_j_min"], row["rwg_j_max"]) == (agreement["rwg_j"].min(), agreement["rwg_j"].max())
        assert row["rwg_j_at_70"] == (agreement["rwg_j"] >= 0.70).sum()
        assert row["rwg_j_n"] == agreement["n"].sum()  # complete respondents (listwise, as multilevel)
        assert row["rwg_j_organizations"] == 3 and row["options"] == 5
    # with D's 4 respondents the ICC would differ: they really are left out
    with_d = icc(
        frame[["organization", "learning_leadership"]].dropna(), "organization", "learning_leadership"
    )
    assert with_d.n_groups == 4 and result.table.loc["learning_leadership", "organizations"] == 3


def test_agreement_needs_two_organizations_for_the_icc(instrument):
    frame = frame_of(instrument, [("A", 1, 30, 1), ("D", 1, 4, 4)])
    result = aggregation_analysis(frame, instrument, min_n=5)
    row = result.table.loc["knowledge_sharing"]
    assert row["organizations"] == 1 and np.isnan(row["icc1"]) and np.isnan(row["icc2"])
    assert "ICC needs 2" in result.notes["knowledge_sharing"]
    assert np.isfinite(row["rwg_j_mean"]) and row["rwg_j_organizations"] == 1  # A alone may show agreement


def test_waves_compare_wave_one_with_each_organizations_latest_later_wave(instrument):
    frame = frame_of(
        instrument,
        [
            ("A", 1, 30, 1), ("A", 2, 20, 2), ("A", 3, 15, 3),  # A: wave 1 against wave 3
            ("B", 1, 25, 4), ("B", 2, 18, 5),  # B: wave 1 against wave 2
            ("C", 1, 40, 6),  # C: no follow-up, not in the comparison
            ("D", 2, 9, 7),  # D: no wave 1, not in the comparison
        ],
    )  # fmt: skip
    result = wave_comparison(frame, instrument, min_n=5)
    pre = frame[(frame["wave"] == 1) & frame["organization"].isin(["A", "B"])]
    post = frame[
        ((frame["organization"] == "A") & (frame["wave"] == 3))
        | ((frame["organization"] == "B") & (frame["wave"] == 2))
    ]
    assert (result.organizations, result.pre_n, result.post_n) == (2, 55, 33)
    assert result.post_waves == (2, 3)
    for key in instrument.scale_keys:
        expected = independent_comparison(post[key], pre[key])
        row = result.independent.loc[key]
        assert row["mean_diff"] == pytest.approx(expected.mean_diff, abs=1e-12)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(
            (expected.ci_low, expected.ci_high), abs=1e-12
        )
        assert row["p_t"] == pytest.approx(expected.p_t, rel=1e-9)
        assert row["hedges_g"] == pytest.approx(expected.hedges_g, abs=1e-12)
        assert (row["n_pre"], row["n_post"]) == (expected.n_b, expected.n_a)
    assert result.paired.empty and result.pairs == 0
    assert result.notes["paired"] == "0 linked pair(s), fewer than 5"


def test_a_wave_under_the_threshold_is_not_compared(instrument):
    frame = frame_of(instrument, [("A", 1, 30, 1), ("A", 2, 6, 2)])
    later = frame.index[frame["wave"] == 2]
    frame.loc[later[:2], "learning_leadership"] = np.nan  # 4 scores left at follow-up
    assert frame.loc[later, "knowledge_sharing"].notna().sum() >= 5
    result = wave_comparison(frame, instrument, min_n=5)
    assert "learning_leadership" not in result.independent.index
    assert result.notes["independent:learning_leadership"].startswith("30 and 4 scores")
    assert "knowledge_sharing" in result.independent.index


def test_pairs_match_within_the_organization_and_skip_ambiguous_codes(instrument):
    frame = frame_of(instrument, [("A", 1, 12, 1), ("A", 2, 10, 2), ("B", 1, 10, 3), ("B", 2, 8, 4)])
    links = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    a1, a2 = (
        frame.index[frame["organization"].eq("A") & frame["wave"].eq(1)],
        frame.index[frame["organization"].eq("A") & frame["wave"].eq(2)],
    )
    b1, b2 = (
        frame.index[frame["organization"].eq("B") & frame["wave"].eq(1)],
        frame.index[frame["organization"].eq("B") & frame["wave"].eq(2)],
    )
    for i in range(6):  # six people in A
        links[a1[i]] = links[a2[i]] = i
    links[a1[6]] = links[a1[7]] = 99  # the same key twice in wave 1: ambiguous
    links[a2[6]] = 99
    links[b1[0]] = links[b2[0]] = 100  # B's own pair
    links[b1[1]] = 0  # key 0 in another organization: no pair with A's key 0
    result = wave_comparison(frame, instrument, links=links, min_n=5)
    assert result.pairs == 7
    pre = [a1[i] for i in range(6)] + [b1[0]]
    post = [a2[i] for i in range(6)] + [b2[0]]
    for key in ("learning_leadership", "job_satisfaction"):
        before, after = frame.loc[pre, key].to_numpy(), frame.loc[post, key].to_numpy()
        complete = ~(np.isnan(before) | np.isnan(after))
        if complete.sum() < 5:
            assert key not in result.paired.index
            continue
        expected = paired_comparison(before[complete], after[complete])
        row = result.paired.loc[key]
        assert row["n"] == expected.n
        assert row["mean_diff"] == pytest.approx(expected.mean_diff, abs=1e-12)
        assert row["p_wilcoxon"] == pytest.approx(expected.p_wilcoxon, rel=1e-9)
        assert row["cohens_dz"] == pytest.approx(expected.cohens_dz, abs=1e-12)

    fewer = links.copy()
    fewer[[a2[0], a2[1], a2[2]]] = pd.NA  # 4 pairs left
    result = wave_comparison(frame, instrument, links=fewer, min_n=5)
    assert result.pairs == 4 and result.paired.empty
    assert result.notes["paired"] == "4 linked pair(s), fewer than 5"


def test_chapter6_reports_omega_next_to_alpha_when_asked(instrument):
    frame = frame_of(instrument, [("A", 1, 200, 9)])
    result = chapter6_analysis(frame, instrument, omega=True)
    leadership = scale_items(frame, instrument, instrument.scale("learning_leadership"))
    assert result.reliability.loc["learning_leadership", "omega"] == pytest.approx(
        mcdonald_omega(leadership).omega, abs=1e-12
    )
    assert np.isnan(result.reliability.loc["job_satisfaction", "omega"])  # one item
    assert "omega" not in chapter6_analysis(frame, instrument).reliability.columns
