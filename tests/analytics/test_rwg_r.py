"""rwg(j) against R's multilevel::rwg.j, run live on generated data with and without missing answers.

One Rscript run computes every reference of this module (see tests/analytics/rlive.py): the
listwise rule with the uniform and LeBreton & Senter's skewed null variances, 5 and 7 options, and
the per-item rule (multilevel 2.8's ``listwise = FALSE``, written out in R where 2.7 lacks it).
"""

import numpy as np
import pandas as pd
import pytest

from leerscan.analytics import rwg_j
from leerscan.analytics.multilevel import null_variance
from tests.analytics.rlive import run_r

ITEMS = ["q1", "q2", "q3", "q4"]
CASES = {  # name: (options, missing share)
    "full5": (5, 0.0),
    "gaps5": (5, 0.10),
    "full7": (7, 0.0),
    "gaps7": (7, 0.10),
}
NULLS = ["uniform", "slight_skew", "moderate_skew"]


def _answers(options: int, missing: float, seed: int) -> pd.DataFrame:
    """Teams of 2-14 members answering 4 items around a team level, with a share of answers blanked."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(2, 15, size=18)
    team = np.repeat([f"T{i:02d}" for i in range(sizes.size)], sizes)
    level = np.repeat(rng.normal((options + 1) / 2, 1.0, sizes.size), sizes)
    spread = np.repeat(rng.uniform(0.3, 2.5, sizes.size), sizes)
    raw = level[:, None] + rng.normal(0, 1, (team.size, len(ITEMS))) * spread[:, None]
    values = np.clip(np.rint(raw), 1, options)
    values[rng.random(values.shape) < missing] = np.nan
    return pd.DataFrame(values, columns=ITEMS).assign(team=team)


R_SCRIPT = r"""
per_item <- function(x, g, ranvar) {  # multilevel 2.8's rwg.j(listwise = FALSE), for 2.7
  sapply(split(as.data.frame(x), g), function(Q) {
    Q <- Q[rowSums(!is.na(Q)) > 0, , drop = FALSE]
    if (nrow(Q) < 2) return(NA)
    J <- ncol(Q); S <- min(mean(apply(Q, 2, var, na.rm = TRUE)), ranvar)
    J * (1 - S / ranvar) / (J * (1 - S / ranvar) + S / ranvar)
  })
}
for (case in CASES) {
  d <- get(case$name)
  x <- d[, c("q1", "q2", "q3", "q4")]
  for (nul in names(case$ranvar)) {
    r <- rwg.j(x, d$team, ranvar = case$ranvar[[nul]])
    key <- paste(case$name, nul, sep = ".")
    out(paste0(key, ".rwg"), r$rwg.j); out(paste0(key, ".gsize"), r$gsize)
    out(paste0(key, ".groups"), match(r$grpid, sort(unique(d$team))))
  }
  out(paste0(case$name, ".per_item"), per_item(x, d$team, case$ranvar[["uniform"]]))
}
"""


def _r_cases(frames: dict) -> str:
    specs = []
    for name, (options, _) in CASES.items():
        nulls = NULLS if options == 5 else ["uniform"]
        ranvar = ", ".join(f'"{n}" = {null_variance(options, n)!r}' for n in nulls)
        specs.append(f'list(name = "{name}", ranvar = list({ranvar}))')
    return f"CASES <- list({', '.join(specs)})\n"


@pytest.fixture(scope="module")
def reference():
    frames = {
        name: _answers(options, missing, seed=20 + i)
        for i, (name, (options, missing)) in enumerate(CASES.items())
    }
    return frames, run_r(_r_cases(frames) + R_SCRIPT, frames, packages=("multilevel",))


@pytest.mark.parametrize("case", list(CASES))
def test_rwg_j_equals_multilevel_listwise_for_every_null(reference, case):
    frames, r = reference
    data = frames[case]
    options, missing = CASES[case]
    teams = sorted(data["team"].unique())
    for null in NULLS if options == 5 else ["uniform"]:
        key = f"{case}.{null}"
        result = rwg_j(data[ITEMS], data["team"], options, null=null)
        assert list(result.index) == [teams[int(i) - 1] for i in r[f"{key}.groups"]], key
        assert result["n"].tolist() == r[f"{key}.gsize"].astype(int).tolist(), key
        np.testing.assert_allclose(result["rwg_j"], r[f"{key}.rwg"], rtol=0, atol=1e-9, err_msg=key)
    if missing:
        # the gaps make the two rules differ, as the issue found
        per_item = rwg_j(data[ITEMS], data["team"], options, missing="per_item")["rwg_j"]
        assert np.nanmax(np.abs(per_item.loc[result.index] - result["rwg_j"])) > 1e-3


@pytest.mark.parametrize("case", list(CASES))
def test_rwg_j_per_item_rule_equals_multilevel_2_8(reference, case):
    frames, r = reference
    data = frames[case]
    result = rwg_j(data[ITEMS], data["team"], CASES[case][0], missing="per_item")
    np.testing.assert_allclose(result["rwg_j"], r[f"{case}.per_item"], rtol=0, atol=1e-9)
