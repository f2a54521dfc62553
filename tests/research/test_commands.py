"""``leerscan analyze``, ``leerscan export`` and ``leerscan codebook``."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from leerscan.jobs.models import Job

ROOT = Path(__file__).resolve().parent.parent.parent
TABLES = [
    "agreement",
    "correlations",
    "correlations_long",
    "correlations_spss",
    "methods",
    "regression_anova",
    "regression_coefficients",
    "regression_models",
    "reliability",
    "reliability_inter_item",
    "reliability_items",
    "waves",
    "waves_paired",
]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_analyze_writes_the_tables_and_the_report(programme, tmp_path):
    out, err = run("analyze", "--lot", 1, "--out", tmp_path / "lot1")
    files = sorted(p.name for p in (tmp_path / "lot1").iterdir())
    assert files == sorted([f"{t}.csv" for t in TABLES] + ["report.html", "report.pdf"])
    n = len(programme.select(lot=1))
    assert f"Analysed {n} respondents in 1 organization(s)" in out  # Bakkerij Gamma's 4 are left out
    assert "Left out: 4 respondent(s) of 1 scan round(s)" in out
    assert "analyze" in err  # the tqdm progress bar
    reliability = pd.read_csv(tmp_path / "lot1" / "reliability.csv", encoding="utf-8-sig")
    assert len(reliability) == 15
    models = pd.read_csv(tmp_path / "lot1" / "regression_models.csv", encoding="utf-8-sig")
    assert sorted(set(models["outcome"])) == [
        "anticipation_optimisation", "occupational_expertise", "personal_flexibility",
    ]  # fmt: skip
    assert list(models["step"]) == [1, 2, 3] * 3
    assert (tmp_path / "lot1" / "report.pdf").read_bytes().startswith(b"%PDF")
    html = (tmp_path / "lot1" / "report.html").read_text(encoding="utf-8")
    for name in programme.organizations:
        assert name not in html


@pytest.mark.django_db
def test_analyze_filters_and_refusals(programme, tmp_path):
    out, _err = run("analyze", "--sector", "metaal", "--role", 1, "--wave", 1, "--no-pdf", "--no-progress",
                    "--out", tmp_path / "a")  # fmt: skip
    n = int(((programme.answers["sector_org"] == "Metaal") & (programme.answers["role"] == 1)
             & (programme.answers["wave"] == 1)).sum())  # fmt: skip
    assert f"Analysed {n} respondents" in out
    assert not (tmp_path / "a" / "report.pdf").exists()
    with pytest.raises(CommandError, match="There is no lot 9. Lots: 1 \\(Bouw en hout\\), 2 \\(Metaal\\)"):
        run("analyze", "--lot", 9, "--out", tmp_path / "b")
    with pytest.raises(CommandError, match="No organization has sector 'Horeca'"):
        run("analyze", "--sector", "Horeca", "--out", tmp_path / "b")
    with pytest.raises(
        CommandError,
        match="0 respondent\\(s\\) match these filters \\(left out: 3 respondent\\(s\\) of 1 scan "
        "round\\(s\\) with fewer submitted questionnaires than the round's anonymity threshold\\); "
        "results need at least 5",
    ):
        run("analyze", "--wave", 2, "--out", tmp_path / "b")
    assert not (tmp_path / "b").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "sav", "parquet"])
def test_export_formats_round_trip(programme, tmp_path, fmt):
    path = tmp_path / f"items.{fmt}"
    out, err = run("export", "--format", fmt, "--level", "items", "--lot", 2, "--out", path)
    assert f"Exported {len(programme.select(lot=2))} respondents" in out
    assert "export:" in err and "/3 [" in err  # the tqdm progress bar of the job's three steps
    job = Job.objects.get(kind="research.export")  # a job, so a worker never runs it a second time
    assert job.status == Job.Status.DONE and bytes(job.file.content) == path.read_bytes()
    if fmt == "csv":
        table = pd.read_csv(path)
    elif fmt == "sav":
        table, meta = pyreadstat.read_sav(str(path))
        label = "Ik zie een toekomst voor mezelf binnen dit bedrijf"
        assert meta.column_names_to_labels["ret_2"] == f"[omgekeerd geformuleerd; ruwe score] {label}"
    else:
        table = pd.read_parquet(path)
    assert "organization_name" not in table.columns
    stored = programme.select(lot=2).reset_index(drop=True)
    for column in ("ll_1", "ret_2", "age", "js_1"):
        pd.testing.assert_series_equal(
            pd.to_numeric(table[column]).astype(float), stored[column].astype(float), check_names=False
        )


@pytest.mark.django_db
def test_export_with_names_and_refusals(programme, tmp_path):
    path = tmp_path / "scales.csv"
    run("export", "--format", "csv", "--level", "scales", "--with-names", "--out", path)
    table = pd.read_csv(path)
    assert set(table["organization_name"]) == set(programme.answers["org"])  # not Bakkerij Gamma (4 answers)
    with pytest.raises(CommandError, match="exports need at least 5"):
        run("export", "--format", "csv", "--wave", 2, "--out", tmp_path / "small.csv")
    assert not (tmp_path / "small.csv").exists()
    with pytest.raises(CommandError, match="There is no lot 7"):
        run("export", "--format", "sav", "--lot", 7, "--out", tmp_path / "x.sav")


def test_codebook_command(tmp_path):
    run("codebook", "--format", "csv", "--out", tmp_path / "codebook.csv")
    table = pd.read_csv(tmp_path / "codebook.csv")
    assert {"ll_1", "learning_leadership", "organization"} <= set(table["variable"])
    run("codebook", "--format", "html", "--language", "en", "--out", tmp_path / "codebook.html")
    assert "Learning leadership" in (tmp_path / "codebook.html").read_text(encoding="utf-8")


def test_bad_filters_exit_non_zero_without_a_traceback(tmp_path):
    """As a user runs it: the real command in a subprocess, on a fresh database."""
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path}/cli.sqlite3", LEERSCAN_DATA_DIR=str(tmp_path))

    def leerscan(*args):
        return subprocess.run(
            [sys.executable, "-m", "leerscan", *map(str, args)],
            capture_output=True, text=True, cwd=ROOT, env=env, timeout=300,
        )  # fmt: skip

    assert leerscan("migrate", "--noinput").returncode == 0
    result = leerscan("analyze", "--lot", 3, "--out", tmp_path / "out")
    assert result.returncode != 0
    assert "There is no lot 3. Lots: none." in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.django_db
def test_analyze_writes_omega_agreement_and_the_wave_comparison(programme, tmp_path):
    out, _err = run("analyze", "--no-pdf", "--no-progress", "--out", tmp_path / "all")
    assert "Left out: 7 respondent(s) of 2 scan round(s)" in out
    folder = tmp_path / "all"
    reliability = pd.read_csv(folder / "reliability.csv", encoding="utf-8-sig").set_index("scale")
    assert 0.3 < reliability.loc["learning_leadership", "omega"] < 1
    agreement = pd.read_csv(folder / "agreement.csv", encoding="utf-8-sig")
    assert len(agreement) == 6 and set(agreement["organizations"]) == {2}
    assert agreement["icc1"].notna().all() and agreement["rwg_j_mean"].between(0, 1).all()
    waves = pd.read_csv(folder / "waves.csv", encoding="utf-8-sig")
    assert len(waves) == 15 and set(waves["n_post"]) <= {7, 8}
    paired = pd.read_csv(folder / "waves_paired.csv", encoding="utf-8-sig")
    assert set(paired["n"]) <= {5, 6} and len(paired) >= 10
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "McDonald" in html and "Agreement within organizations" in html and "Before and after" in html
    assert "7 respondents are left out" in html
