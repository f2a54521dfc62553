"""The ``leerscan`` command: score, synth and instrument validate, including their error paths."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from leerscan.instrument.loader import DEFINITIONS_DIR

ROOT = Path(__file__).resolve().parent.parent


def leerscan(*args, cwd=None):
    """Run the real console command in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "leerscan", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=300,
    )


@pytest.fixture(scope="module")
def synthetic_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "answers.csv"
    result = leerscan("synth", "--respondents", 300, "--organizations", 6, "--seed", 3, "--out", path)
    assert result.returncode == 0, result.stderr
    assert "Wrote 300 respondents" in result.stdout
    return path


def test_synth_then_score_round_trip(synthetic_csv, tmp_path):
    out = tmp_path / "scores.csv"
    result = leerscan("score", synthetic_csv, "--out", out, "--pomp")
    assert result.returncode == 0, result.stderr
    scores = pd.read_csv(out)
    assert len(scores) == 300
    assert {
        "respondent",
        "organization",
        "role",
        "learning_leadership",
        "job_satisfaction",
        "learning_leadership_pomp",
    } <= set(scores.columns)
    assert scores["learning_leadership"].dropna().between(1, 5).all()
    assert scores["learning_leadership"].notna().mean() > 0.95
    assert scores["job_satisfaction"].dropna().between(0, 10).all()


def test_score_reports_every_bad_cell_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("respondent,ll_1,ll_2,js_1,age,nonsense\na,1,9,11,30,\nb,x,3,5,200,\n", encoding="utf-8")
    out = tmp_path / "scores.csv"
    result = leerscan("score", bad, "--out", out)
    assert result.returncode != 0
    assert "unknown column" in result.stderr and "'nonsense'" in result.stderr
    assert not out.exists()
    bad.write_text("respondent,ll_1,ll_2,js_1,age\na,1,9,11,30\nb,x,3,5,200\n", encoding="utf-8")
    result = leerscan("score", bad, "--out", out)
    assert result.returncode != 0
    for expected in (
        "row 2, column 'll_2': 9 is not a valid answer (allowed: 1-5)",
        "row 2, column 'js_1': 11 is not a valid answer (allowed: 0-10)",
        "row 3, column 'll_1': 'x' is not a number",
        "row 3, column 'age': 200 is out of range",
    ):
        assert expected in result.stderr
    assert "4 problem(s) found; nothing was written." in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_score_missing_input_file(tmp_path):
    result = leerscan("score", tmp_path / "nope.csv", "--out", tmp_path / "o.csv")
    assert result.returncode != 0
    assert "cannot read" in result.stderr and "Traceback" not in result.stderr


def test_instrument_validate_ok_and_broken(tmp_path):
    good = DEFINITIONS_DIR / "employee.yaml"
    result = leerscan("instrument", "validate", good)
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text(good.read_text(encoding="utf-8").replace("id: ll_2", "id: ll_1", 1), encoding="utf-8")
    result = leerscan("instrument", "validate", broken)
    assert result.returncode != 0
    assert "broken.yaml:" in result.stderr
    assert "duplicate question id 'll_1'" in result.stderr
    assert "refers to a missing item 'll_2'" in result.stderr


def test_synth_bad_arguments():
    result = leerscan("synth", "--respondents", 2, "--organizations", 5, "--out", "/tmp/x.csv")
    assert result.returncode != 0
    assert "more organizations than respondents" in result.stderr
