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

# The MCP test server and the example plugin (tools): the app starts them
# itself over stdio, so only their paths are handed to the tests.
BOOKBAG_E2E_MCPTEST=/tmp/bookbag-e2e-mcptest
BOOKBAG_E2E_PII=/tmp/bookbag-e2e-pii
go build -o "$BOOKBAG_E2E_MCPTEST" ./cmd/bookbag-mcptest
go build -o "$BOOKBAG_E2E_PII" ./cmd/bookbag-pii
export BOOKBAG_E2E_MCPTEST BOOKBAG_E2E_PII
echo "e2e: bookbag-mcptest at $BOOKBAG_E2E_MCPTEST, bookbag-pii at $BOOKBAG_E2E_PII"

# The office server (sync): a real bookbag-server on loopback with a fresh
# data dir and one admin account created with its CLI.
SERVER_DIR=$(mktemp -d /tmp/bookbag-e2e-server.XXXXXX)
SERVER_LOG=$SERVER_DIR/server.log
CGO_ENABLED=0 go build -o /tmp/bookbag-e2e-server ./cmd/bookbag-server
BOOKBAG_E2E_SERVER_EMAIL=admin@example.com
BOOKBAG_E2E_SERVER_PASSWORD=e2e-admin-password
printf '%s\n' "$BOOKBAG_E2E_SERVER_PASSWORD" >"$SERVER_DIR/pw"
BOOKBAG_SERVER_BCRYPT_COST=10 /tmp/bookbag-e2e-server admin create-user --data-dir "$SERVER_DIR/data" \
  --email "$BOOKBAG_E2E_SERVER_EMAIL" --role admin --name "E2E Admin" --password-file "$SERVER_DIR/pw" >/dev/null
/tmp/bookbag-e2e-server serve --addr 127.0.0.1:0 --data-dir "$SERVER_DIR/data" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  grep -q 'bookbag-server listening' "$SERVER_LOG" && break
  sleep 0.1
done
BOOKBAG_E2E_SERVER=$(sed -n 's/.*bookbag-server listening.* url=\(http[^ ]*\).*/\1/p' "$SERVER_LOG" | head -1)
[ -n "$BOOKBAG_E2E_SERVER" ] || { echo "e2e: bookbag-server did not start"; cat "$SERVER_LOG"; exit 1; }
export BOOKBAG_E2E_SERVER BOOKBAG_E2E_SERVER_EMAIL BOOKBAG_E2E_SERVER_PASSWORD
echo "e2e: bookbag-server at $BOOKBAG_E2E_SERVER"

e2e_services_stop() {
  kill "$FAKELLM_PID" 2>/dev/null || true
  kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$SERVER_DIR"
}
