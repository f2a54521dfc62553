#!/usr/bin/env bash
# The main job: install, create the database, load the demo organization, and serve it the way
# production does: gunicorn (with whitenoise for static files) and a background worker beside it.
# Ctrl+C stops both; running this again keeps the data.
source "$(dirname "$0")/_env.sh"
PORT="${PORT:-8000}"
export LEERSCAN_BIND="${LEERSCAN_BIND:-127.0.0.1:${PORT}}"
leerscan migrate --noinput
DEMO_OUTPUT="$(leerscan demo --base-url "http://127.0.0.1:${PORT}")"
echo "$DEMO_OUTPUT"
REPORT_URL="$(echo "$DEMO_OUTPUT" | sed -n 's/^Report of the demo organization: //p')"

leerscan worker &
WORKER_PID=$!
gunicorn --config deploy/gunicorn.conf.py &
WEB_PID=$!
STOPPED=""
stop() {
  [ -n "$STOPPED" ] && return
  STOPPED=1
  trap - INT TERM
  kill -TERM "$WEB_PID" "$WORKER_PID" 2>/dev/null || true
  wait "$WEB_PID" "$WORKER_PID" 2>/dev/null || true
  echo "leerscan stopped; the data stays in ${LEERSCAN_DATA_DIR:-var/}."
}
trap stop INT TERM

echo
echo "leerscan is running (gunicorn and a background worker). Open the demo organization's report"
echo "(log in as demo-consulent):"
echo "    ${REPORT_URL}"
echo "(stop with Ctrl+C)"
echo
# Either process ending stops the other: a server without its worker would leave jobs waiting.
wait -n "$WEB_PID" "$WORKER_PID" || true
stop
