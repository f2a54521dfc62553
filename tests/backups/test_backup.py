"""Backups that restore, on the database this run uses (SQLite, or PostgreSQL in the PostgreSQL run).

Real installations in real processes: each has its own data folder and database, and runs the
``leerscan`` commands as an administrator would. The main test fills one with the demo and an
import of 300 respondents, backs it up while 20 respondents keep saving, restores the file into an
empty installation, and checks the restored database table by table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from leerscan.analytics.synthetic import generate_respondents
from leerscan.instrument.loader import get_instrument

pytestmark = [pytest.mark.database, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
#: Tables the respondents write to while the backup runs, and the tables that record the backup
#: itself or the machines: the others must be back exactly as they were.
CHANGING = {"surveys_response", "surveys_answer", "surveys_pagesave", "backups_backup"}


def _postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else ""


class Site:
    """One leerscan installation: its own data folder and its own database."""

    def __init__(self, root: Path, name: str):
        self.dir = root / name
        self.env = {
            **os.environ,
            "LEERSCAN_DATA_DIR": str(self.dir),
            "PYTHONPATH": str(ROOT),
            "LEERSCAN_BACKUP_NIGHTLY": "0",
        }
        self.env.pop("DATABASE_URL", None)
        base = _postgres_url()
        if base:
            import psycopg

            database = f"backup_{name}_{uuid.uuid4().hex[:8]}"
            server = urlunsplit(urlsplit(base)._replace(path="/postgres"))
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{database}"')
            self.env["DATABASE_URL"] = urlunsplit(urlsplit(base)._replace(path=f"/{database}"))

    def run(self, *args, check: bool = True) -> subprocess.CompletedProcess:
        began = time.time()
        done = subprocess.run(
            [sys.executable, "-m", "leerscan", *map(str, args)],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=900,
        )
        print(f"{time.time() - began:6.1f} s  leerscan {args[0]}")
        if check and done.returncode != 0:
            raise AssertionError(f"leerscan {' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def shell(self, code: str):
        """Run Python inside the installation; the last line it prints, read as JSON."""
        return json.loads(self.run("shell", "-c", code).stdout.strip().splitlines()[-1])

    def contents(self) -> tuple[dict[str, dict], set[tuple[int, str]]]:
        """Every table's row count and checksum, and the (response, question) of every answer."""
        checksums, answers = self.shell(
            "import json; from leerscan.backups import engines, archive; "
            "from leerscan.surveys.models import Answer; "
            "print(json.dumps([archive.current_checksums(engines.engine()), "
            "list(Answer.objects.values_list('response_id', 'question_id'))]))"
        )
        return checksums, {(int(r), q) for r, q in answers}


@pytest.fixture
def sites(tmp_path):
    return lambda name: Site(tmp_path, name)


def _backup_file(site: Site) -> Path:
    (found,) = (site.dir / "backups").glob("leerscan-backup-*.tar.gz")
    return found


def _damaged_copy(good: Path, folder: Path) -> Path:
    """The backup with one byte changed, beside the original's checksum file."""
    folder.mkdir()
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0xFF
    (folder / good.name).write_bytes(bytes(data))
    (folder / f"{good.name}.sha256").write_text((good.parent / f"{good.name}.sha256").read_text())
    return folder / good.name


def test_a_backup_taken_while_respondents_save_restores_every_table(sites, tmp_path):
    source = sites("source")
    source.run("migrate", "-v", 0)
    source.run("demo")
    synthetic = generate_respondents(get_instrument(), 300, 1, seed=7)
    synthetic.to_csv(tmp_path / "answers.csv", index=False, float_format="%g")  # as `leerscan synth` writes
    source.run("import", tmp_path / "answers.csv", "--organization", "Imported", "--round", 1, "--create")

    log, stop = tmp_path / "acknowledged.log", tmp_path / "stop"
    savers = subprocess.Popen(
        [sys.executable, "-m", "tests.backups.savers", log, stop],
        env=source.env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert savers.stdout.readline().strip() == "saving", savers.stderr.read()
        deadline = time.time() + 60
        while (not log.exists() or log.stat().st_size < 20_000) and time.time() < deadline:
            time.sleep(0.2)  # well under way: answers acknowledged before the backup begins
        backup_began = time.time()
        made = source.run("backup")
        backup_ended = time.time()
        time.sleep(1)  # and still saving after it
    finally:
        stop.touch()
        savers.wait(timeout=120)
    assert savers.returncode == 0, savers.stderr.read()
    assert "Backed up" in made.stdout

    acknowledged = [line.split() for line in log.read_text().splitlines()]
    before = {(int(r), q) for t, r, q in acknowledged if float(t) < backup_began}
    after = {(int(r), q) for t, r, q in acknowledged if float(t) > backup_ended}
    assert len(before) > 100 and after, "the respondents did not save on both sides of the backup"

    target = sites("target")
    target.run("migrate", "-v", 0)
    good = _backup_file(source)
    damaged = _damaged_copy(good, tmp_path / "damaged")
    refused = target.run("restore", damaged, check=False)
    assert refused.returncode != 0 and "does not match its checksum" in refused.stderr
    assert "Traceback" not in refused.stderr

    restored = target.run("restore", good)
    assert "every table's checksum equal to the backup's" in restored.stdout
    again = target.run("restore", good, check=False)  # the database holds data now
    assert again.returncode != 0 and "The database is not empty" in again.stderr
    assert "Nothing was changed" in again.stderr and "Traceback" not in again.stderr

    (original, _), (copy, answers) = source.contents(), target.contents()
    assert before <= answers  # every answer acknowledged before the backup began is back
    assert not after <= answers  # the backup is of one moment, not of later saves
    assert set(copy) == set(original)
    for table in set(original) - CHANGING:
        assert copy[table] == original[table], table
    assert copy["surveys_answer"]["rows"] >= len(before) + 300 * 50  # the import's answers too
    assert "Restored" in target.run("restore", good, "--force").stdout  # an administrator may
