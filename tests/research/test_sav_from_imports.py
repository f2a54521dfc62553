"""A .sav written from a database with imported organizations: lot, sector and size filled, missing codes
declared, no value label cut, ``ret_2_r`` and the dummies there; read back with pyreadstat and R's haven."""

import csv
import io
import shutil
import subprocess

import pandas as pd
import pyreadstat
import pytest
from django.core.management import call_command

from leerscan.organizations.models import Lot, Organization
from tests.analytics.rlive import r_required, run_r

pytestmark = pytest.mark.django_db


def _enterprise_number(base: int) -> str:
    return f"{base:08d}{97 - base % 97:02d}"


def _import(path, name, **options):
    call_command(
        "import", str(path), organization=name, round=1, create=True, stdout=io.StringIO(), **options
    )


@pytest.fixture
def sav(tmp_path):
    Lot.objects.create(number=3, name="Bouw")
    Lot.objects.create(number=4, name="Metaal")
    first = tmp_path / "first.csv"
    call_command("synth", respondents=30, organizations=1, seed=3, out=str(first), stdout=io.StringIO())
    _import(
        first,
        "Bouwbedrijf A",
        lot="3",
        sector="Bouw",
        size_class="4",
        enterprise_number=_enterprise_number(1234567),
    )
    # the second organization's facts come from the file's columns
    second = tmp_path / "second.csv"
    call_command("synth", respondents=25, organizations=1, seed=4, out=str(second), stdout=io.StringIO())
    table = pd.read_csv(second)
    table["lot"], table["enterprise_number"] = 4, _enterprise_number(7654321)
    table.to_csv(second, index=False)
    _import(second, "Metaalbedrijf B")
    path = tmp_path / "all.sav"
    call_command("export", format="sav", out=str(path), language="en", stdout=io.StringIO())
    return path


def test_import_create_fills_the_organization_facts(sav):
    a, b = Organization.objects.get(name="Bouwbedrijf A"), Organization.objects.get(name="Metaalbedrijf B")
    assert (a.lot.number, a.sector, a.size_class, a.enterprise_number) == (
        3,
        "Bouw",
        4,
        "0123456749",
    )  # 97 - 1234567 mod 97 = 49
    assert (b.lot.number, b.enterprise_number) == (4, _enterprise_number(7654321)) and b.sector


def test_the_sav_needs_no_repair(sav):
    data, meta = pyreadstat.read_sav(str(sav), user_missing=True)
    assert len(data) == 55
    assert data["lot"].notna().all() and data["size_class"].notna().all() and (data["sector"] != "").all()
    assert sorted(data["lot"].unique()) == [3, 4] and meta.variable_value_labels["lot"] == {
        3.0: "Bouw",
        4.0: "Metaal",
    }
    for name in ("ret_2", "ret_2_r", "gender_male", "manager", "questionnaire"):
        assert name in data.columns, name
    answered = data["ret_2"] > 0
    assert (data.loc[answered, "ret_2_r"] == 6 - data.loc[answered, "ret_2"]).all()
    assert meta.missing_ranges["ret_2_r"] == [{"lo": c, "hi": c} for c in (-1.0, -2.0, -3.0)]
    assert all(
        len(t.encode()) <= 120 for labels in meta.variable_value_labels.values() for t in labels.values()
    )


def test_r_haven_reads_the_declared_missing_codes_and_labels(sav):
    data, meta = pyreadstat.read_sav(str(sav), user_missing=True)
    r = run_r(
        f"""
        d <- haven::read_sav("{sav}", user_na = TRUE)
        out("na_values", attr(d$gender_male, "na_values"))
        out("is_na", sum(is.na(d$gender_male)))
        out("rows", nrow(d))
        out("lot", as.numeric(d$lot))
        out("ret_2_r", as.numeric(haven::zap_missing(d$ret_2_r)))
        out("role3_bytes", nchar(names(attr(d$role, "labels"))[attr(d$role, "labels") == 3], type = "bytes"))
        bytes <- function(x) nchar(names(attr(x, "labels")), type = "bytes")
        out("label_bytes", max(unlist(lapply(d, bytes))))
        """,
        packages=("haven",),
    )
    assert sorted(r["na_values"]) == [-3, -2, -1]
    assert r["is_na"][0] == (data["gender_male"] < 0).sum() and r["rows"][0] == 55
    assert r["lot"].tolist() == data["lot"].tolist()
    expected = data["ret_2_r"].where(data["ret_2_r"] > 0)
    assert pd.Series(r["ret_2_r"]).equals(pd.Series(expected.to_numpy(float)))
    assert r["role3_bytes"][0] == len(b"Manager") and r["label_bytes"][0] <= 120


def test_pspp_reads_the_missing_codes_and_value_labels(sav, tmp_path):
    if shutil.which("pspp") is None:
        if r_required():
            pytest.fail("pspp must run here (CI / LEERSCAN_REQUIRE_R=1): apt-get install pspp", pytrace=False)
        pytest.skip("PSPP is not installed (apt-get install pspp)")
    syntax = tmp_path / "read.sps"
    syntax.write_text(f"GET FILE='{sav}'.\nDISPLAY DICTIONARY /VARIABLES=role ret_2_r gender_male lot.\n")
    done = subprocess.run(
        ["pspp", "-O", "format=csv", str(syntax)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    variables = {row[0]: row for row in csv.reader(done.stdout.split("\n\n")[0].splitlines()[2:])}
    assert variables["ret_2_r"][9] == variables["gender_male"][9] == "-1; -2; -3"  # declared missing
    assert variables["ret_2_r"][3] == "Ordinal" and variables["ret_2_r"][2].startswith("[reverse scored")
    assert ",3,Manager\n" in done.stdout and "Outside the dummy's rule" in done.stdout
    assert ",3,Bouw\n" in done.stdout  # the lot's label
