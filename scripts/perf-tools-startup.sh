#!/usr/bin/env bash
# Startup with 5 MCP servers configured and enabled for the workspace, against
# the same data without them, interleaved in one run: servers start lazily,
# so the numbers should match. Needs `make build` first.
# Usage: scripts/perf-tools-startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-7}
BIN=./build/bin/bookbag
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
session() { xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- "$@" 2>/dev/null; }
ms() { grep -o 'startup_ms=[0-9]*' | cut -d= -f2; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

go build -o "$tmp/bookbag-mcptest" ./cmd/bookbag-mcptest
for d in plain tools; do BOOKBAG_DATA_DIR=$tmp/$d session "$BIN" --smoke >/dev/null; done
ws=$(sqlite3 "$tmp/tools/bookbag.db" "SELECT id FROM workspaces LIMIT 1")
for i in 1 2 3 4 5; do
  sqlite3 "$tmp/tools/bookbag.db" "INSERT INTO mcp_servers (id, name, transport, command, created_at, updated_at)
    VALUES ('s$i', 'server$i', 'stdio', '$tmp/bookbag-mcptest', 0, 0);
    INSERT INTO workspace_tool_servers (workspace_id, server_id, tools, plugin) VALUES ('$ws', 's$i', 1, 1);"
done
: > "$tmp/plain.txt"; : > "$tmp/tools.txt"
for i in $(seq 1 "$RUNS"); do
  BOOKBAG_DATA_DIR=$tmp/plain session "$BIN" --smoke | ms >> "$tmp/plain.txt"
  BOOKBAG_DATA_DIR=$tmp/tools session "$BIN" --smoke | ms >> "$tmp/tools.txt"
done
p=$(median < "$tmp/plain.txt"); t=$(median < "$tmp/tools.txt")
echo "startup_ms no servers: $(tr '\n' ' ' < "$tmp/plain.txt")-> median $p"
echo "startup_ms 5 servers:  $(tr '\n' ' ' < "$tmp/tools.txt")-> median $t"
awk -v a="$t" -v b="$p" 'BEGIN {printf "startup ratio 5 servers/none: %.2f\n", a/b}'
if pgrep -f "$tmp/bookbag-mcptest" >/dev/null; then echo "a server was started (or left running)"; exit 1; fi
