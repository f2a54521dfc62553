"""The architecture of docs/architecture.md holds: the layers are enforced by import-linter, the
organization lives on the ground floor, and no module grows into a pile of behaviours."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "leerscan"
MAX_MODULE_LINES = 500


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    lint = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(lint), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def copy_of_the_code(target: Path) -> Path:
    shutil.copytree(
        PACKAGE,
        target / "leerscan",
        ignore=shutil.ignore_patterns("locale", "static", "templates", "__pycache__", "*.yaml", "*.csv"),
    )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target / "leerscan"


def test_every_layer_contract_is_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    "module, line, culprit",
    [
        # the ground floor reaching up into the scan rounds
        (
            "organizations/upward.py",
            "from leerscan.surveys.models import ScanRound\n",
            "leerscan.organizations",
        ),
        # the statistics importing Django
        ("analytics/with_django.py", "from django.db import models\n", "leerscan.analytics"),
        # a feature app using the report's internals
        ("maturity/upward.py", "from leerscan.reports import charts\n", "leerscan.maturity"),
    ],
)
def test_an_import_that_points_up_fails_the_check(tmp_path, module, line, culprit):
    code = copy_of_the_code(tmp_path)
    (code / module).write_text(line)
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert culprit + "." + module.split("/")[1].removesuffix(".py") in result.stdout


def test_the_organization_is_defined_on_the_ground_floor():
    from leerscan.organizations.models import Lot, Organization

    assert Organization._meta.app_label == "organizations"
    assert Lot._meta.app_label == "organizations"
    assert Organization._meta.db_table == "organizations_organization"


def test_no_module_holds_more_than_500_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}
