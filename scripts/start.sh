#!/usr/bin/env bash
# The main job: install, create the database, load the demo organization, serve on SQLite.
source "$(dirname "$0")/_env.sh"
PORT="${PORT:-8000}"
leerscan migrate --noinput
DEMO_OUTPUT="$(leerscan demo --base-url "http://127.0.0.1:${PORT}")"
echo "$DEMO_OUTPUT"
REPORT_URL="$(echo "$DEMO_OUTPUT" | sed -n 's/^Report of the demo organization: //p')"
echo
echo "leerscan is running. Open the demo organization's report (log in as demo-consulent):"
echo "    ${REPORT_URL}"
echo "(stop with Ctrl+C)"
echo
exec leerscan runserver "127.0.0.1:${PORT}"
