"""``leerscan backup`` and ``leerscan restore``: one compressed file holds the database and a manifest.

Every file leerscan keeps (uploads waiting to be imported, finished PDFs and exports) is stored in the
database, so the database is the whole backup. The secret key is not in it: it stays with the server
(docs/deploy.md says how to keep it).

A backup is ``leerscan-backup-<UTC time>.tar.gz`` with:

- ``manifest.json``: when, which engine, the last migration of every app, and the row count and
  checksum of every table at the moment the copy was taken;
- the database: ``database.sqlite3`` or ``database.pgdump``.

Beside it, ``<name>.sha256`` holds the archive's checksum in ``sha256sum`` format (``sha256sum -c``
checks it by hand). A restore checks both checksums before it touches anything, refuses a database
that already holds data unless forced, and checks every table's checksum after.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from leerscan.backups import engines
from leerscan.backups.engines import BackupError

PREFIX = "leerscan-backup-"
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
#: Apps whose tables describe the running machines, not the organizations' data: a fresh
#: installation whose worker already beat still counts as empty.
OPERATIONAL_APPS = {"jobs", "backups"}


@dataclass(frozen=True)
class Written:
    path: Path
    size: int
    sha256: str
    tables: int
    rows: int
    created_at: datetime


@dataclass(frozen=True)
class Restored:
    created_at: str
    engine: str
    tables: int
    rows: int


def backup_dir() -> Path:
    return Path(settings.LEERSCAN_BACKUP_DIR)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections["default"]).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return latest


def make_backup(directory: Path | None = None) -> Written:
    """Write a backup of the live database into ``directory`` (default: the backup folder)."""
    kind = engines.engine()
    directory = Path(directory or backup_dir())
    directory.mkdir(parents=True, exist_ok=True)
    created = datetime.now(UTC)
    name = f"{PREFIX}{created.strftime('%Y%m%dT%H%M%S%fZ')}{SUFFIX}"
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
        dump = Path(work) / DATABASE_MEMBER[kind]
        checksums = engines.sqlite_dump(dump) if kind == "sqlite" else engines.pg_dump(dump)
        manifest = {
            "format": 1,
            "created_at": created.isoformat(),
            "engine": kind,
            "migrations": _migrations(),
            "database_sha256": file_sha256(dump),
            "tables": checksums,
        }
        partial = Path(work) / name
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(created.timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
        digest = file_sha256(partial)
        partial.replace(directory / name)  # whole or not at all: a killed backup leaves no half file
    target = directory / name
    (directory / f"{name}.sha256").write_text(f"{digest}  {name}\n", encoding="utf-8")
    return Written(
        path=target,
        size=target.stat().st_size,
        sha256=digest,
        tables=len(checksums),
        rows=sum(t["rows"] for t in checksums.values()),
        created_at=created,
    )


def _check_sidecar(path: Path) -> None:
    sidecar = path.with_name(path.name + ".sha256")
    if not sidecar.exists():
        return
    expected = (sidecar.read_text(encoding="utf-8").split() or [""])[0]
    if expected != file_sha256(path):
        raise BackupError(f"{path.name} does not match its checksum in {sidecar.name}: the file is damaged.")


def read_backup(path: Path, work: Path) -> tuple[dict, Path]:
    """Check the archive's checksums and unpack its database into ``work``: (manifest, database file)."""
    if not path.is_file():
        raise BackupError(f"There is no file {path}.")
    _check_sidecar(path)
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = json.loads(archive.extractfile(MANIFEST).read())
            member = DATABASE_MEMBER.get(manifest.get("engine"), "")
            archive.extract(member, work, filter="data")
    except (tarfile.TarError, KeyError, OSError, ValueError, AttributeError) as error:
        raise BackupError(f"{path.name} is not a leerscan backup ({error}).") from None
    database = work / member
    if file_sha256(database) != manifest["database_sha256"]:
        raise BackupError(f"The database in {path.name} does not match its checksum: the file is damaged.")
    return manifest, database


def holds_data() -> list[str]:
    """The data tables that have rows (empty list: the database holds no organization's data)."""
    full = []
    for model in apps.get_models():
        meta = model._meta
        ours = meta.app_config.name.startswith("leerscan.") and meta.app_label not in OPERATIONAL_APPS
        if (ours or meta.db_table == "auth_user") and model.objects.exists():
            full.append(meta.db_table)
    return full


def current_checksums(kind: str) -> dict[str, dict]:
    if kind == "sqlite":
        return engines.sqlite_checksums()
    return engines.pg_checksums()


def restore(path: Path, force: bool = False) -> Restored:
    """Put the backup in ``path`` in place of the live database, and prove every table came back."""
    kind = engines.engine()
    with tempfile.TemporaryDirectory(prefix="leerscan-restore-") as work:
        manifest, database = read_backup(Path(path), Path(work))
        if manifest["engine"] != kind:
            raise BackupError(
                f"This backup is of a {manifest['engine']} database; this installation uses {kind}."
            )
        full = holds_data()
        if full and not force:
            raise BackupError(
                f"The database is not empty ({len(full)} tables hold data, such as {', '.join(full[:3])}). "
                "Nothing was changed. Restore into an empty database, or add --force to replace its data."
            )
        if kind == "sqlite":
            engines.sqlite_restore(database)
        else:
            engines.pg_restore(database)
    restored = current_checksums(kind)
    differ = sorted(t for t, value in manifest["tables"].items() if restored.get(t) != value)
    if differ:
        raise BackupError(f"After the restore these tables differ from the backup: {', '.join(differ)}.")
    return Restored(
        created_at=manifest["created_at"],
        engine=kind,
        tables=len(manifest["tables"]),
        rows=sum(t["rows"] for t in manifest["tables"].values()),
    )
