#!/usr/bin/env bash
# Sourced by scripts/e2e.sh: starts the loopback services the browser tests
# use and exports their addresses. e2e_services_stop stops them.
FAKELLM_LOG=$(mktemp /tmp/bookbag-fakellm.XXXXXX.log)
go build -o /tmp/bookbag-fakellm ./cmd/fakellm
/tmp/bookbag-fakellm -addr 127.0.0.1:0 >"$FAKELLM_LOG" 2>&1 &
FAKELLM_PID=$!
for _ in $(seq 1 100); do
  grep -q '^fakellm listening on ' "$FAKELLM_LOG" && break
  sleep 0.1
done
BOOKBAG_E2E_FAKELLM=$(sed -n 's/^fakellm listening on //p' "$FAKELLM_LOG" | head -1)
[ -n "$BOOKBAG_E2E_FAKELLM" ] || { echo "e2e: fakellm did not start"; cat "$FAKELLM_LOG"; exit 1; }
export BOOKBAG_E2E_FAKELLM
echo "e2e: fakellm at $BOOKBAG_E2E_FAKELLM"

e2e_services_stop() {
  kill "$FAKELLM_PID" 2>/dev/null || true
}
