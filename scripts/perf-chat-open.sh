#!/usr/bin/env bash
# Chat open timing (docs/PERFORMANCE.md): generates a data dir with a chat of
# LONG messages and some short ones (cmd/bookbag-gen), starts `wails dev` on it
# (Xvfb), and runs frontend/e2e/perf-chat-open.mjs in Chromium, which times
# the click on the long chat in the sidebar until its newest messages are painted.
# REACT=production (default) serves React's production build through Vite
# (NODE_ENV=production, as the app ships); REACT=development is what plain
# `wails dev` serves (several times slower to render).
# Usage: LONG=5000 RUNS=20 REACT=production scripts/perf-chat-open.sh
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/bookbag-e2e.lock # wails dev owns port 34115: one run at a time with the e2e tests
flock 9
export PATH="$PATH:$(go env GOPATH)/bin"
LONG=${LONG:-5000}
REACT=${REACT:-production}
URL=${BOOKBAG_E2E_URL:-http://localhost:34115}
DATA=$(mktemp -d /tmp/bookbag-perf-chat.XXXXXX)
LOG=$(mktemp /tmp/bookbag-perf-chat-wails.XXXXXX.log)
export BOOKBAG_DATA_DIR=$DATA BOOKBAG_E2E_DATA_DIR=$DATA BOOKBAG_E2E_URL=$URL
echo "perf: generating a chat of $LONG messages in $DATA"
go run ./cmd/bookbag-gen -data "$DATA" -workspaces 1 -chats 200 -messages 2000 -long "$LONG" -q
export XDG_DATA_HOME=$DATA/xdg
mkdir -p "$XDG_DATA_HOME"
# -s: no frontend install/build (an install under NODE_ENV=production would prune Vite).
NODE_ENV=$REACT setsid bash -c 'exec xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- \
  wails dev -s -tags webkit2_41 -m -noreload -nogorebuild -loglevel Warning' >"$LOG" 2>&1 &
WAILS=$!
cleanup() {
  kill -INT -- -"$WAILS" 2>/dev/null || true
  for _ in $(seq 1 30); do pgrep -g "$WAILS" >/dev/null || break; sleep 0.5; done
  kill -KILL -- -"$WAILS" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT
for i in $(seq 1 300); do
  if curl -fsS "$URL" >/dev/null 2>&1 && curl -fsS "$URL/wails/ipc.js" >/dev/null 2>&1; then break; fi
  kill -0 "$WAILS" 2>/dev/null || { echo "perf: wails dev exited early:"; cat "$LOG"; exit 1; }
  sleep 1
done
curl -fsS "$URL" >/dev/null || { echo "perf: wails dev did not come up"; tail -50 "$LOG"; exit 1; }
echo "perf: React $REACT build, $(nproc) cores"
(cd frontend && node e2e/perf-chat-open.mjs)
