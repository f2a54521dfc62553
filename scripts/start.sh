#!/usr/bin/env bash
# The main job: install, create the database, load the demo organization, serve on SQLite.
source "$(dirname "$0")/_env.sh"
PORT="${PORT:-8000}"
leerscan migrate --noinput
leerscan demo
echo
echo "leerscan is running: http://127.0.0.1:${PORT}/   (stop with Ctrl+C)"
echo
exec leerscan runserver "127.0.0.1:${PORT}"
