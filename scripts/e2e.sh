#!/usr/bin/env bash
# Browser end-to-end tests: starts `wails dev` (needs a display: Xvfb) on a
# fresh data dir, waits for its browser endpoint, runs frontend/e2e with
# playwright-core in Debian's Chromium, then stops wails dev with SIGINT.
set -euo pipefail
cd "$(dirname "$0")/.."
# One run at a time per machine: wails dev owns port 34115 and build/bin.
exec 9>/tmp/bookbag-e2e.lock
flock 9
export PATH="$PATH:$(go env GOPATH)/bin"
URL=${BOOKBAG_E2E_URL:-http://localhost:34115}
DATA=$(mktemp -d /tmp/bookbag-e2e-data.XXXXXX)
LOG=$(mktemp /tmp/bookbag-e2e-wails.XXXXXX.log)
export BOOKBAG_DATA_DIR=$DATA BOOKBAG_E2E_DATA_DIR=$DATA BOOKBAG_E2E_URL=$URL

# Extra services the tests need (fake providers, office server) are started by
# scripts/e2e-services.sh when present; it exports their URLs.
if [ -x scripts/e2e-services.sh ]; then
  # shellcheck disable=SC1091
  source scripts/e2e-services.sh
fi

# One process group for Xvfb, dbus, wails dev, vite and the app, so that one
# SIGINT reaches them all.
# The app gets a real Secret Service (gnome-keyring) in its D-Bus session, on
# a throwaway keyring under XDG_DATA_HOME, so tests can save API keys.
export XDG_DATA_HOME=$DATA/xdg
mkdir -p "$XDG_DATA_HOME"
setsid bash -c 'exec xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- bash -c \
  "echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; \
   exec wails dev -tags webkit2_41 -m -noreload -nogorebuild -loglevel Warning"' >"$LOG" 2>&1 &
WAILS=$!
cleanup() {
  kill -INT -- -"$WAILS" 2>/dev/null || true
  for _ in $(seq 1 30); do pgrep -g "$WAILS" >/dev/null || break; sleep 0.5; done
  kill -KILL -- -"$WAILS" 2>/dev/null || true
  declare -F e2e_services_stop >/dev/null && e2e_services_stop
  rm -rf "$DATA"
}
trap cleanup EXIT

echo "e2e: waiting for wails dev at $URL (log: $LOG)"
for i in $(seq 1 300); do
  if curl -fsS "$URL" >/dev/null 2>&1 && curl -fsS "$URL/wails/ipc.js" >/dev/null 2>&1; then
    echo "e2e: wails dev is up after ${i}s"
    break
  fi
  if ! kill -0 "$WAILS" 2>/dev/null; then
    echo "e2e: wails dev exited early:"; cat "$LOG"; exit 1
  fi
  sleep 1
done
curl -fsS "$URL" >/dev/null || { echo "e2e: wails dev did not come up in 300 s"; tail -50 "$LOG"; exit 1; }

# Arguments name test files to run alone (paths from frontend/, e.g. e2e/office.test.mjs).
if [ $# -gt 0 ]; then
  (cd frontend && node --test --test-concurrency=1 "$@")
else
  (cd frontend && npm run --silent e2e)
fi
