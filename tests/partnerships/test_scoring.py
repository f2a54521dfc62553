"""Layer scores and alpha per subscale equal R (psych::alpha, rowMeans) on generated answers."""

import math
import random

import pandas as pd
import pytest

from leerscan.partnerships import scoring
from leerscan.partnerships.instrument import get_instrument
from tests.partnerships.rlive import require_r, run_r

INSTRUMENT = get_instrument()
LIKERT = [q.id for q in INSTRUMENT.questions if q.subscale]


def generated_answers(n=40, seed=7):
    """Answers that hang together (a shared trait per person), with some blanks and "don't know" (0)."""
    rng = random.Random(seed)
    people = []
    for _ in range(n):
        trait = rng.gauss(0, 1)
        answers = {}
        for item in LIKERT:
            if rng.random() < 0.06:
                answers[item] = rng.choice([None, 0])
                continue
            value = round(3 + trait + rng.gauss(0, 0.9))
            value = min(5, max(1, value))
            answers[item] = 6 - value if INSTRUMENT.question(item).reverse else value
        people.append(answers)
    return people


def scored_frame(people):
    return pd.DataFrame(
        [{i: scoring.item_value(INSTRUMENT, i, a.get(i)) for i in LIKERT} for a in people], dtype=float
    )


def test_a_respondent_s_scores_follow_the_rules_by_hand():
    answers = {"sv1": 4, "sv2": 5, "sv3": 2, "co1": 0, "co2": 4, "ps1": 5}  # sv3 reversed: 4
    scores = scoring.subscale_scores(INSTRUMENT, answers)
    assert scores["sv"] == pytest.approx((4 + 5 + 4) / 3)
    assert scores["co"] is None  # 1 of 2 items ("don't know" is no answer)
    assert scores["ps"] is None  # 1 of 4
    assert scoring.layer_scores(INSTRUMENT, scores)[1] == pytest.approx(13 / 3)


def test_subscale_and_layer_scores_and_alpha_equal_r_psych():
    require_r("psych")
    people = generated_answers()
    frame = scored_frame(people)
    subscales = {k: list(s.items) for k, s in INSTRUMENT.subscales.items()}
    listed = (f"{k} = c({', '.join(repr(i) for i in v)})" for k, v in subscales.items())
    r_lists = "list(" + ", ".join(listed) + ")"
    layers = {layer.key: list(layer.subscales) for layer in INSTRUMENT.layers}
    script = f"""
    suppressMessages(library(psych))
    keys <- {r_lists}
    score <- sapply(names(keys), function(k) {{
      x <- d[, keys[[k]], drop = FALSE]
      ok <- rowSums(!is.na(x)) >= 0.66 * ncol(x)
      ifelse(ok, rowMeans(x, na.rm = TRUE), NA)
    }})
    out <- data.frame(score)
    out$layer1 <- rowMeans(out[, c('ps', 'sv', 'co')], na.rm = TRUE)
    out$layer2 <- rowMeans(out[, c('sg', 'ti', 'oi')], na.rm = TRUE)
    out$layer3 <- rowMeans(out[, c('gl', 'bc')], na.rm = TRUE)
    alphas <- sapply(names(keys), function(k)
      alpha(na.omit(d[, keys[[k]]]), warnings = FALSE)$total$raw_alpha)
    out[nrow(out) + 1, ] <- NA
    out[nrow(out), names(keys)] <- alphas
    write.csv(out, stdout(), row.names = FALSE)
    """
    assert layers == {1: ["ps", "sv", "co"], 2: ["sg", "ti", "oi"], 3: ["gl", "bc"]}
    r = run_r(script, frame)
    for row, answers in enumerate(people):
        ours = scoring.subscale_scores(INSTRUMENT, answers)
        for key, value in ours.items():
            theirs = r.loc[row, key]
            assert (value is None and math.isnan(theirs)) or value == pytest.approx(theirs, abs=1e-12), key
        for key, value in scoring.layer_scores(INSTRUMENT, ours).items():
            assert value == pytest.approx(r.loc[row, f"layer{key}"], abs=1e-12)
    reliability = scoring.reliability(INSTRUMENT, people)
    for key in subscales:
        assert reliability[key]["alpha"] == pytest.approx(r.iloc[-1][key], abs=1e-10), key
    assert reliability["gl"]["alpha"] > 0.7  # generated with a shared trait: the test has something to find
