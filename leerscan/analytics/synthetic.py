"""Realistic synthetic respondents for demos, tests and benchmarks.

Scale scores are drawn from a Gaussian copula whose margins follow the published means and SDs and
whose rank correlations follow the published Spearman table (``leerscan.analytics.reference``).
Organizations differ: each scale's latent score is ``sqrt(icc) * organization + sqrt(1 - icc) *
person`` with the same correlation structure at both levels, so ICC(1) is about ``icc`` (0.15
for the learning climate). Managers see the climate and their own learning a little more
positively than employees, as surveys usually find. Item answers are scale score plus item noise
sized to the published Cronbach's alpha, mapped back onto each item's own response scale (undoing
reverse keying and rescaling) and rounded. About 1.5 % of answers are left missing at random.

Because clipping, rounding and item noise shift means and shrink correlations, the latent
parameters are calibrated once per instrument on a fixed-seed sample, so that *scoring* the
generated items reproduces the reference figures. Plain Python: no Django import.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from leerscan.analytics.reference import reference
from leerscan.instrument.model import Instrument
from leerscan.instrument.scoring import item_transform, score_responses

ICC_BY_GROUP = {
    "learning_climate": 0.15,
    "outcomes": 0.10,
    "learning_activities": 0.08,
    "employability": 0.05,
}
MANAGER_SHIFT_SD = {
    "learning_climate": 0.25,
    "learning_activities": 0.15,
    "employability": 0.10,
    "outcomes": 0.10,
}
MISSING_SHARE = 0.015
MIN_ALPHA = 0.70
SECTORS = (
    "Bouw",
    "Metaal en technologie",
    "Voeding",
    "Handel",
    "Logistiek",
    "Zorg",
    "Horeca",
    "Chemie",
    "Hout en meubel",
    "Dienstverlening",
)
ROLE_SHARES = {1: 0.56, 2: 0.17, 3: 0.17, 4: 0.07}  # employee, team lead, manager, owner; ~3% missing
MANAGER_ROLES = (2, 3, 4)


@dataclass(frozen=True)
class _Params:
    keys: tuple[str, ...]
    mean: np.ndarray
    sd: np.ndarray
    corr: np.ndarray  # latent (normal) correlation
    noise_sd: np.ndarray  # item noise per scale, on the scale metric
    icc: np.ndarray
    shift: np.ndarray


def _nearest_correlation(matrix: np.ndarray, floor: float = 1e-3) -> np.ndarray:
    """Closest positive-definite correlation matrix (eigenvalue clipping, unit diagonal)."""
    sym = (matrix + matrix.T) / 2
    values, vectors = np.linalg.eigh(sym)
    fixed = vectors @ np.diag(np.clip(values, floor, None)) @ vectors.T
    d = np.sqrt(np.diag(fixed))
    out = fixed / np.outer(d, d)
    np.fill_diagonal(out, 1.0)
    return out


def _spearman_to_pearson(rho: np.ndarray) -> np.ndarray:
    """Pearson correlation of a bivariate normal with Spearman correlation ``rho``."""
    return 2 * np.sin(np.pi * rho / 6)


def _initial_params(instrument: Instrument) -> _Params:
    ref = reference()
    keys = tuple(k for k in ref.descriptives.index if k in instrument.scale_keys)
    desc = ref.descriptives.loc[list(keys)]
    rho = ref.spearman.loc[list(keys), list(keys)].to_numpy()
    alphas = []
    noise = []
    for key in keys:
        scale = instrument.scale(key)
        k = len(scale.items)
        # A floor keeps item noise realistic where the published alpha was computed on fewer items
        # than the questionnaire has (support_for_learning: .54 for 2 of its 3 items).
        alpha = max(desc.loc[key, "cronbach_alpha"], MIN_ALPHA)
        sd = desc.loc[key, "sd"]
        if k == 1 or not np.isfinite(alpha):
            alphas.append(1.0)
            noise.append(0.0)
            continue
        inter_item = alpha / (k - (k - 1) * alpha)  # parallel items (Spearman-Brown)
        noise.append(sd * np.sqrt((1 - inter_item) / inter_item))
        alphas.append(alpha)
    alphas = np.array(alphas)
    corr = _spearman_to_pearson(rho) / np.sqrt(np.outer(alphas, alphas))  # undo attenuation
    np.fill_diagonal(corr, 1.0)
    groups = [instrument.scale(k).group for k in keys]
    return _Params(
        keys=keys,
        mean=desc["mean"].to_numpy(dtype=float),
        sd=desc["sd"].to_numpy(dtype=float),
        corr=_nearest_correlation(np.clip(corr, -0.95, 0.95)),
        noise_sd=np.array(noise),
        icc=np.array([ICC_BY_GROUP.get(g, 0.1) for g in groups]),
        shift=np.array([MANAGER_SHIFT_SD.get(g, 0.0) for g in groups]),
    )


def _organization_sizes(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    minimum = min(3, n // k)
    weights = rng.dirichlet(np.full(k, 1.5))
    return rng.multinomial(n - minimum * k, weights) + minimum


def _draw(
    instrument: Instrument, params: _Params, n: int, k: int, rng: np.random.Generator, missing: float
) -> pd.DataFrame:
    sizes = _organization_sizes(rng, n, k)
    org_index = np.repeat(np.arange(k), sizes)
    chol = np.linalg.cholesky(params.corr)
    between = rng.standard_normal((k, len(params.keys))) @ chol.T
    if k > 2:  # centre the organization effects so a sample's overall mean does not drift with them
        between -= between.mean(axis=0)
    within = rng.standard_normal((n, len(params.keys))) @ chol.T
    latent = np.sqrt(params.icc) * between[org_index] + np.sqrt(1 - params.icc) * within

    roles = rng.choice(
        list(ROLE_SHARES), size=n, p=np.array(list(ROLE_SHARES.values())) / sum(ROLE_SHARES.values())
    )
    manager = np.isin(roles, MANAGER_ROLES)
    share = manager.mean() if n else 0.0
    latent += np.where(manager[:, None], (1 - share), -share) * params.shift  # mean-neutral shift

    scores = params.mean + params.sd * latent
    columns: dict[str, np.ndarray] = {}
    for s_index, key in enumerate(params.keys):
        scale = instrument.scale(key)
        base = scores[:, s_index]  # not clipped here: only the item codes are bounded
        for item in scale.items:
            question = instrument.questions[item]
            continuous = base + rng.normal(0.0, params.noise_sd[s_index], n)
            slope, offset = item_transform(instrument, scale, item)
            code = (continuous - offset) / slope  # back onto the item's own codes
            rs = question.response_scale
            columns[item] = np.clip(np.rint(code), rs.low, rs.high)
    frame = pd.DataFrame(columns)
    frame["role"] = roles.astype(float)
    frame["_organization"] = org_index
    if missing > 0:
        items = [c for c in frame.columns if not c.startswith("_")]
        mask = rng.random((n, len(items))) < missing
        frame[items] = frame[items].mask(mask)
    return frame


@functools.cache
def _calibrated(instrument: Instrument) -> _Params:
    """Adjust latent means, SDs and correlations so that scored items hit the reference."""
    params = _initial_params(instrument)
    ref = reference()
    keys = list(params.keys)
    target_rho = ref.spearman.loc[keys, keys].to_numpy()
    rng_seed = 20240601
    mean, sd, corr = params.mean.copy(), params.sd.copy(), params.corr.copy()
    target_mean = ref.descriptives.loc[keys, "mean"].to_numpy(dtype=float)
    target_sd = ref.descriptives.loc[keys, "sd"].to_numpy(dtype=float)
    for _ in range(12):
        current = _Params(params.keys, mean, sd, corr, params.noise_sd, params.icc, params.shift)
        sample = _draw(instrument, current, 40_000, 2_000, np.random.default_rng(rng_seed), 0.0)
        scored = score_responses(sample, instrument)[keys]
        observed_rho = stats.spearmanr(scored.to_numpy(), nan_policy="omit").statistic
        mean = mean + (target_mean - scored.mean().to_numpy())
        sd = sd * np.clip(target_sd / scored.std().to_numpy(), 0.5, 2.0)
        corr = _nearest_correlation(np.clip(corr + (target_rho - observed_rho), -0.97, 0.97))
    return _Params(params.keys, mean, sd, corr, params.noise_sd, params.icc, params.shift)


def generate_respondents(
    instrument: Instrument,
    n_respondents: int,
    n_organizations: int = 1,
    seed: int = 0,
    missing: float = MISSING_SHARE,
) -> pd.DataFrame:
    """Item-level answers of ``n_respondents`` spread over ``n_organizations``.

    Columns: ``respondent``, ``organization`` (codes ``ORG-001`` ...), then every question of the
    instrument that respondents answer (likert codes, background codes and numbers; free-text
    questions left empty). The same seed always gives the same file.
    """
    if n_respondents < 1 or n_organizations < 1:
        raise ValueError("need at least one respondent and one organization")
    if n_organizations > n_respondents:
        raise ValueError("there cannot be more organizations than respondents")
    rng = np.random.default_rng(seed)
    frame = _draw(instrument, _calibrated(instrument), n_respondents, n_organizations, rng, missing)
    n = n_respondents
    org = frame.pop("_organization").to_numpy()
    width = max(3, len(str(n_organizations)))
    out = pd.DataFrame(
        {
            "respondent": [f"R{i + 1:0{max(6, len(str(n)))}d}" for i in range(n)],
            "organization": [f"ORG-{o + 1:0{width}d}" for o in org],
        }
    )
    roles = frame.pop("role").to_numpy()
    background = _background(rng, roles, org, n_organizations)
    for question in instrument.questions.values():
        if question.id in frame.columns:
            out[question.id] = frame[question.id].to_numpy()
        elif question.id in background:
            out[question.id] = background[question.id]
        elif question.platform_field == "organization":
            continue
        else:
            out[question.id] = None
    return out


def _background(rng: np.random.Generator, roles: np.ndarray, org: np.ndarray, k: int) -> dict:
    """Plausible background answers, roughly like the seed's sample (chapter 6.1)."""
    n = len(roles)
    manager = np.isin(roles, MANAGER_ROLES)
    age = np.clip(np.rint(rng.normal(39, 11, n)), 18, 66)
    tenure = np.clip(np.rint(rng.exponential(9, n)), 0, None)
    tenure = np.minimum(tenure, age - 17)
    statute = np.where(rng.random(n) < np.where(manager, 0.12, 0.5), 1, 2).astype(float)
    statute[rng.random(n) < 0.04] = 3
    org_size = rng.choice([2, 3, 4, 5, 6], size=k, p=[0.12, 0.32, 0.31, 0.20, 0.05]).astype(float)
    org_sector = rng.choice(SECTORS, size=k)
    answers = {
        "mandatory_pct": np.rint(rng.beta(1.2, 2.0, n) * 10) * 10,
        "age": age,
        "education": rng.choice(
            np.arange(1, 10), size=n, p=[0.01, 0.02, 0.08, 0.39, 0.06, 0.30, 0.04, 0.09, 0.01]
        ).astype(float),
        "gender": rng.choice([1, 2, 3, 4], size=n, p=[0.51, 0.45, 0.005, 0.035]).astype(float),
        "contract": rng.choice([1, 2, 3, 4], size=n, p=[0.91, 0.05, 0.02, 0.02]).astype(float),
        "statute": statute,
        "hours": np.clip(np.rint(rng.normal(36, 6, n) * 2) / 2, 8, 60),
        "tenure": tenure,
        "jobs_count": np.clip(1 + rng.poisson(2.5, n), 1, 50).astype(float),
        "size_class": org_size[org],
        "sector": org_sector[org],
    }
    for key in ("age", "education", "gender", "hours", "tenure", "jobs_count", "mandatory_pct"):
        values = answers[key].astype(float)
        values[rng.random(n) < 0.03] = np.nan
        answers[key] = values
    role = roles.astype(float)
    role[rng.random(n) < 0.02] = np.nan
    answers["role"] = role
    return answers


#: Follow-up effect of :func:`generate_waves`: each learning-climate answer below the top option moves
#: one option up with this probability, so a scale's mean rises by about this much times the share of
#: answers below the top.
WAVE_EFFECT = 0.4
LINKED_SHARE = 0.6


def generate_waves(
    instrument: Instrument,
    n_respondents: int,
    n_organizations: int = 1,
    seed: int = 0,
    *,
    effect: float = WAVE_EFFECT,
    linked: float = LINKED_SHARE,
    scale_group: str = "learning_climate",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A baseline (wave 1) and a follow-up (wave 2) of the same organizations, with a known effect.

    The baseline is :func:`generate_respondents`. In the follow-up, a share ``linked`` of the baseline
    respondents answer again (their answers are copied, then changed by the effect) and give the same
    ``linking_code`` in both waves (``LINK-0001`` ...); the others are new respondents (another draw)
    without a code. The effect: every answer to an item of the ``scale_group`` scales below the top
    option moves one option up with probability ``effect``. Both frames have a ``wave`` column.
    """
    if not 0 <= linked <= 1 or not 0 <= effect <= 1:
        raise ValueError("linked and effect must be shares between 0 and 1")
    rng = np.random.default_rng([seed, 2])
    baseline = generate_respondents(instrument, n_respondents, n_organizations, seed=seed)
    fresh = generate_respondents(instrument, n_respondents, n_organizations, seed=seed + 1)
    again = rng.random(n_respondents) < linked
    follow_up = fresh.copy()
    follow_up.loc[again] = baseline.loc[again].to_numpy()
    codes = pd.Series([f"LINK-{i + 1:04d}" for i in range(n_respondents)], dtype=object)
    baseline["linking_code"] = codes.where(again, None)
    follow_up["linking_code"] = codes.where(again, None)
    follow_up["respondent"] = [f"F{r[1:]}" for r in fresh["respondent"]]
    items = {i for s in instrument.scales if s.group == scale_group for i in s.items}
    for item in sorted(items & set(follow_up.columns)):
        top = instrument.questions[item].response_scale.high
        values = pd.to_numeric(follow_up[item], errors="coerce")
        move = values.notna() & (values < top) & (rng.random(len(values)) < effect)
        follow_up[item] = values.where(~move, values + 1)
    return baseline.assign(wave=1), follow_up.assign(wave=2)
