"""Copy the database out and back in while it is in use, for each engine leerscan runs on.

- SQLite: the online backup API copies the database in one step under a read transaction, so the
  copy is one consistent moment while respondents keep saving (WAL lets them write meanwhile). A
  restore goes through the same API into the live file, under SQLite's own lock, so processes that
  have the database open see the restored data and never a half-written file.
- PostgreSQL: ``pg_dump`` in its custom (compressed) format, reading an exported snapshot, so the
  table checksums written beside the dump describe exactly the rows in it; ``pg_restore`` puts it
  back in one transaction.

The per-table checksum is order-free (a hash of the sorted row hashes), so it compares a table's rows
whatever order a database returns them in.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from uuid import UUID

from django.db import connections


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the person running it."""


def engine() -> str:
    vendor = connections["default"].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _plain(value):
    """One value as the same text whatever connection read it (time zones, buffers)."""
    if isinstance(value, memoryview | bytearray):
        return bytes(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, datetime | date | time | Decimal | UUID):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return value


def _row_digest(row) -> bytes:
    return hashlib.sha256(repr([_plain(v) for v in row]).encode("utf-8")).digest()


def _checksums(cursor, tables: list[str]) -> dict[str, dict]:
    result = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT * FROM {_quote(table)}")  # noqa: S608 - names from the catalogue
        digests = sorted(_row_digest(row) for row in cursor.fetchall())
        result[table] = {"rows": len(digests), "sha256": hashlib.sha256(b"".join(digests)).hexdigest()}
    return result


def _quote(name: str) -> str:
    """A table name as an SQL identifier (the same quoting on SQLite and PostgreSQL)."""
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables_checksums(db) -> dict[str, dict]:
    cursor = db.cursor()
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    tables = [name for (name,) in cursor.fetchall()]
    return _checksums(cursor, tables)


def sqlite_checksums(path: Path | None = None) -> dict[str, dict]:
    """Row count and checksum of every table in a SQLite file (default: the live database), read
    with a plain connection (Django's would turn stored text into dates), so a file and its restored
    copy give the same checksums."""
    connection = connections["default"]
    if path is None and connection.is_in_memory_db():  # a test database: only Django's connection has it
        connection.ensure_connection()
        return _sqlite_tables_checksums(connection.connection)
    with sqlite3.connect(f"file:{path or connection.settings_dict['NAME']}?mode=ro", uri=True) as db:
        return _sqlite_tables_checksums(db)


def sqlite_dump(target: Path) -> dict[str, dict]:
    """Copy the live SQLite database to ``target`` in one consistent step; its table checksums."""
    connection = connections["default"]
    if connection.in_atomic_block:  # SQLite's backup would wait for this very transaction forever
        raise BackupError("A backup cannot run inside a database transaction.")
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # pages=-1: the whole database in one step, one moment
    finally:
        copy.close()
    return sqlite_checksums(target)


def sqlite_restore(source_file: Path) -> None:
    """Put the database in ``source_file`` in place of the live one, under SQLite's lock."""
    connections.close_all()
    source = sqlite3.connect(f"file:{source_file}?mode=ro", uri=True)
    live = sqlite3.connect(connections["default"].settings_dict["NAME"], timeout=60)
    try:
        source.backup(live)
    finally:
        live.close()
        source.close()


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if not found:
        raise BackupError(
            f"{name} was not found: install the PostgreSQL client (apt-get install postgresql-client)."
        )
    return found


def _pg_connection_args() -> tuple[list[str], dict]:
    settings = connections["default"].settings_dict
    args = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        args += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]  # not on the command line, where ps would show it
    return args, env


def _pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return [name for (name,) in cursor.fetchall()]


def _pg_connect():
    """A plain connection of its own (not Django's): the dump's snapshot and the checksums after a
    restore are read the same way, so equal rows give equal checksums."""
    import psycopg

    settings = connections["default"].settings_dict
    params = {"dbname": settings["NAME"], "host": settings.get("HOST"), "port": settings.get("PORT"),
              "user": settings.get("USER"), "password": settings.get("PASSWORD")}  # fmt: skip
    return psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=False)


def pg_checksums() -> dict[str, dict]:
    """Row count and checksum of every table in the live PostgreSQL database."""
    with _pg_connect() as db, db.cursor() as cursor:
        return _checksums(cursor, _pg_tables(cursor))


def pg_dump(target: Path) -> dict[str, dict]:
    """``pg_dump`` the live database to ``target`` from one snapshot, and that snapshot's checksums."""
    args, env = _pg_connection_args()
    with _pg_connect() as holder:
        holder.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = holder.execute("SELECT pg_export_snapshot()").fetchone()[0]
        done = subprocess.run(
            [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", "--file", str(target), *args],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
        with holder.cursor() as cursor:
            checksums = _checksums(cursor, _pg_tables(cursor))
        holder.rollback()
    return checksums


def pg_restore(source_file: Path) -> None:
    """Replace the live database's tables with those in the dump, in one transaction."""
    args, env = _pg_connection_args()
    connections.close_all()
    done = subprocess.run(
        [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--single-transaction", "--exit-on-error", *args, str(source_file)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed, nothing was changed: {done.stderr.strip()}")
