#!/usr/bin/env bash
# The whole test suite: lint, the layer contracts, every test on SQLite, then the database tests on PostgreSQL.
# PostgreSQL runs in a throw-away cluster when its server binaries are installed (.ci/run installs
# them); on CI a missing PostgreSQL is an error, elsewhere it is skipped with a warning.
source "$(dirname "$0")/_env.sh"

echo "== ruff"
ruff check .

echo "== layers (import-linter, docs/architecture.md)"
lint-imports --no-cache

echo "== tests on SQLite"
pytest "$@"

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$PG_BIN" ] && command -v initdb >/dev/null 2>&1; then PG_BIN="$(dirname "$(command -v initdb)")"; fi
if [ -z "$PG_BIN" ]; then
  if [ "${CI:-}" = "true" ]; then echo "PostgreSQL server binaries not found" >&2; exit 1; fi
  echo "!! PostgreSQL is not installed: skipped the PostgreSQL run (apt-get install postgresql)." >&2
  exit 0
fi

echo "== database tests on PostgreSQL ($PG_BIN)"
PGDIR="$(mktemp -d /tmp/leerscan-pg.XXXXXX)"
PGPORT="${LEERSCAN_TEST_PGPORT:-55432}"
AS=()
if [ "$(id -u)" = "0" ]; then chown -R postgres "$PGDIR"; AS=(runuser -u postgres --); fi
cleanup() { "${AS[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PGDIR"; }
trap cleanup EXIT
"${AS[@]}" "$PG_BIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
  -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
# A throw-away key: settings refuse a PostgreSQL deployment without a real secret.
LEERSCAN_SECRET_KEY="test-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/leerscan" pytest -m database "$@"
