"""The chapter-6 analysis on 100,000 synthetic respondents, as a ratio to a plain SciPy/statsmodels script.

leerscan: ``chapter6_analysis`` (Cronbach's alpha of the 15 scales, of which 14 have more than one
item; the 15 x 15 Spearman table with pairwise deletion, p-values, means and SDs; three 3-step
hierarchical regressions with R², ΔR², F change and B/SE/Beta/t/p).

Floor: the same numbers computed the way an analyst would script them with pandas, SciPy and
statsmodels (``DataFrame.corr(method="spearman")`` for the pairwise rank correlations, ``sm.OLS``
per step with ``compare_f_test`` for the F change), on the same analysis frame, in the same run.
The script checks that both give the same numbers before timing them. Target: within 1.5x.

Run: ``.venv/bin/python benchmarks/analytics.py [--respondents N] [--repeats R]``. Results go to
``benchmarks/results/analytics.json``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import record, timed  # noqa: E402
from leerscan.analytics.chapter6 import chapter6_analysis  # noqa: E402
from leerscan.analytics.dataset import build_analysis_frame  # noqa: E402
from leerscan.analytics.synthetic import generate_respondents  # noqa: E402
from leerscan.instrument.loader import get_instrument  # noqa: E402

TARGET = 1.5


def plain_alphas(frame: pd.DataFrame, instrument) -> dict:
    """Cronbach's alpha with the Feldt interval on the items as scored (reverse keyed, rescaled)."""
    out: dict = {"alpha": {}, "alpha_ci": {}}
    for scale in instrument.scales:
        if len(scale.items) < 2:
            continue
        columns = []
        for item in scale.items:
            question = instrument.questions[item]
            lo, hi = question.response_scale.low, question.response_scale.high
            x = frame[item].to_numpy(dtype=float)
            if question.reverse:
                x = lo + hi - x
            if scale.rescale_items:
                m_lo, m_hi = scale.metric
                x = m_lo + (x - lo) * (m_hi - m_lo) / (hi - lo)
            columns.append(x)
        items = np.column_stack(columns)
        items = items[~np.isnan(items).any(axis=1)]
        n, k = items.shape
        alpha = k / (k - 1) * (1 - items.var(axis=0, ddof=1).sum() / items.sum(axis=1).var(ddof=1))
        out["alpha"][scale.key] = alpha
        out["alpha_ci"][scale.key] = (
            1 - (1 - alpha) * stats.f.ppf(0.975, n - 1, (n - 1) * (k - 1)),
            1 - (1 - alpha) * stats.f.ppf(0.025, n - 1, (n - 1) * (k - 1)),
        )
    return out


def plain_spearman(frame: pd.DataFrame, instrument) -> dict:
    """Pairwise Spearman correlations with their n and p (t approximation), means and SDs."""
    scores = frame[list(instrument.scale_keys)]
    r = scores.corr(method="spearman").to_numpy()
    present = scores.notna().to_numpy(dtype=float)
    pair_n = present.T @ present
    with np.errstate(divide="ignore", invalid="ignore"):
        t = r * np.sqrt((pair_n - 2) / (1 - r**2))
    return {
        "spearman_r": r,
        "spearman_p": 2 * stats.t.sf(np.abs(t), pair_n - 2),
        "means": scores.mean().to_numpy(),
        "sds": scores.std().to_numpy(),
    }


def plain_regressions(frame: pd.DataFrame, instrument) -> dict:
    """Three steps per employability scale: age + gender (male 1, female 0), activities, climate."""
    data = frame.assign(gender_male=frame["gender"].map({1.0: 0.0, 2.0: 1.0}))
    groups: dict[str, list[str]] = {}
    for scale in instrument.scales:
        groups.setdefault(scale.group, []).append(scale.key)
    blocks = [["age", "gender_male"], groups["learning_activities"], groups["learning_climate"]]
    regressions = {}
    for outcome in groups["employability"]:
        complete = data[[outcome, *sum(blocks, [])]].dropna()
        y = complete[outcome]
        previous = sm.OLS(y, np.ones(len(y))).fit()
        steps = []
        used: list[str] = []
        for block in blocks:
            used = used + block
            fit = sm.OLS(y, sm.add_constant(complete[used])).fit()
            f_change, p_change, _df = fit.compare_f_test(previous)
            beta = fit.params[used] * complete[used].std() / y.std()
            steps.append(
                {
                    "r2": fit.rsquared,
                    "r2_change": fit.rsquared - previous.rsquared,
                    "f_change": f_change,
                    "p_f_change": p_change,
                    "B": fit.params.to_numpy(),
                    "SE": fit.bse.to_numpy(),
                    "Beta": beta.to_numpy(),
                    "t": fit.tvalues.to_numpy(),
                    "p": fit.pvalues.to_numpy(),
                    "n": int(fit.nobs),
                }
            )
            previous = fit
        regressions[outcome] = steps
    return {"regressions": regressions}


PARTS = {"alphas": plain_alphas, "spearman": plain_spearman, "regressions": plain_regressions}


def plain_script(frame: pd.DataFrame, instrument) -> dict:
    """Chapter 6 with pandas, SciPy and statsmodels only (the floor)."""
    out: dict = {}
    for part in PARTS.values():
        out.update(part(frame, instrument))
    return out


def leerscan_parts(frame: pd.DataFrame, instrument) -> dict:
    """Seconds leerscan spends on each part, from its progress callbacks (one run)."""
    stamps = [("start", time.perf_counter())]
    chapter6_analysis(frame, instrument, progress=lambda label: stamps.append((label, time.perf_counter())))
    spent = {"alphas": 0.0, "spearman": 0.0, "regressions": 0.0}
    for (_before, t0), (label, t1) in zip(stamps, stamps[1:], strict=False):
        part = "alphas" if label.startswith("alpha") else "spearman" if label == "spearman" else "regressions"
        spent[part] += t1 - t0
    return spent


def check_same_numbers(result, plain: dict) -> None:
    """Both computations must agree before their speed is compared."""
    for key, alpha in plain["alpha"].items():
        assert abs(result.reliability.loc[key, "alpha"] - alpha) < 1e-10, key
        assert abs(result.reliability.loc[key, "ci_low"] - plain["alpha_ci"][key][0]) < 1e-10, key
    assert result.reliability["alpha"].notna().sum() == len(plain["alpha"])
    np.testing.assert_allclose(result.spearman.r.to_numpy(), plain["spearman_r"], atol=1e-10)
    p = result.spearman.p.to_numpy()
    off = ~np.eye(len(p), dtype=bool)
    np.testing.assert_allclose(p[off], plain["spearman_p"][off], rtol=1e-6, atol=1e-300)
    np.testing.assert_allclose(result.spearman.mean.to_numpy(), plain["means"], atol=1e-12)
    np.testing.assert_allclose(result.spearman.sd.to_numpy(), plain["sds"], atol=1e-12)
    for outcome, steps in plain["regressions"].items():
        for got, want in zip(result.regressions[outcome], steps, strict=True):
            assert got.n == want["n"]
            np.testing.assert_allclose(got.r2, want["r2"], atol=1e-10)
            np.testing.assert_allclose(got.r2_change, want["r2_change"], atol=1e-10)
            np.testing.assert_allclose(got.f_change, want["f_change"], rtol=1e-8)
            np.testing.assert_allclose(got.p_f_change, want["p_f_change"], rtol=1e-6, atol=1e-300)
            table = got.coefficients
            for column in ("B", "SE", "t"):
                np.testing.assert_allclose(table[column].to_numpy(), want[column], rtol=1e-8, err_msg=column)
            np.testing.assert_allclose(table["Beta"].to_numpy()[1:], want["Beta"], rtol=1e-8)
            np.testing.assert_allclose(table["p"].to_numpy(), want["p"], rtol=1e-6, atol=1e-300)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    instrument = get_instrument()
    start = time.perf_counter()
    answers = generate_respondents(instrument, args.respondents, max(1, args.respondents // 25), seed=1)
    generated_s = time.perf_counter() - start
    frame_time = timed(lambda: build_analysis_frame(answers, instrument), max(1, args.repeats // 2))
    frame = build_analysis_frame(answers, instrument)

    result = chapter6_analysis(frame, instrument)
    check_same_numbers(result, plain_script(frame, instrument))

    leerscan = timed(lambda: chapter6_analysis(frame, instrument), args.repeats)
    floor = timed(lambda: plain_script(frame, instrument), args.repeats)
    ratio = leerscan["median_s"] / floor["median_s"]
    floor_parts = {
        name: timed(lambda f=f: f(frame, instrument), args.repeats)["median_s"] for name, f in PARTS.items()
    }
    parts = {
        name: {"leerscan_s": v, "floor_s": floor_parts[name]}
        for name, v in leerscan_parts(frame, instrument).items()
    }
    summary = {
        "respondents": args.respondents,
        "organizations": int(frame["organization"].nunique()),
        "alphas": int(result.reliability["alpha"].notna().sum()),
        "scales": len(instrument.scales),
        "regressions": {k: [s.n for s in v] for k, v in result.regressions.items()},
        "generate_s": generated_s,
        "build_analysis_frame": frame_time,
        "chapter6_analysis": leerscan,
        "floor_scipy_statsmodels": floor,
        "ratio_to_floor": ratio,
        "parts": parts,
        "same_numbers": True,
        "target": f"chapter6_analysis within {TARGET}x of the floor",
        "met": ratio <= TARGET,
    }
    path = record("analytics", summary)
    print(f"generate {args.respondents} respondents   {generated_s:.2f} s (not timed against the floor)")
    print(f"build_analysis_frame (scoring)   {frame_time['median_s']:.3f} s")
    print(f"floor (pandas/SciPy/statsmodels) {floor['median_s']:.3f} s")
    print(
        f"chapter6_analysis                {leerscan['median_s']:.3f} s"
        f"  ratio {ratio:.2f}x (target {TARGET}x)"
    )
    for name, times in parts.items():
        print(f"  {name:<12} leerscan {times['leerscan_s']:.3f} s   floor {times['floor_s']:.3f} s")
    print(f"recorded in {path}")


if __name__ == "__main__":
    main()
