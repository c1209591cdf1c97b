#!/usr/bin/env bash
# Idle memory of BookBag against the empty Wails shell of ../shared/tools/wails-baseline.sh,
# measured the same way in the same run, rounds interleaved (docs/PERFORMANCE.md).
# Each launch gets its own Xvfb and D-Bus session; BookBag runs on a copy of a small data dir
# (3 workspaces, 60 chats, 2,000 messages, 30 documents: bookbag-gen). Once the window has
# drawn its first screen (BookBag logs "frontend ready", the shell prints "smoke ok"; both from
# their Ready call) the script waits IDLE seconds, then sums the PSS (/proc/PID/smaps_rollup)
# of the program and every process under it (the WebKit web and network processes), and
# reports each part's median over the rounds and the ratio of the totals' medians.
# Usage: ROUNDS=5 IDLE=10 BIN=./build/bin/bookbag scripts/memory.sh   (after `make build`)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
IDLE=${IDLE:-10}
BIN=${BIN:-./build/bin/bookbag}
[ -x "$BIN" ] || { echo "memory: $BIN not built (make build)"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# Both programs run from fresh copies: how much of a mapped binary is resident depends on how its
# file came into the page cache (written by the linker, copied, read), so both start alike.
cp "$(../shared/tools/wails-baseline.sh)" "$tmp/shell"; cp "$BIN" "$tmp/bookbag"
BASE=$tmp/shell BIN=$tmp/bookbag

go run ./cmd/bookbag-gen -q -data "$tmp/seed" -workspaces 3 -chats 60 -messages 2000 -long 0 -documents 30 -chunks 10

# One launch: prints "go=KB web=KB net=KB other=KB" for the process tree of "$@".
# $1 = file, $2 = pattern in it that says the first screen is drawn; the rest is the command.
cat > "$tmp/one.sh" <<'SH'
set -u
ready=$1 pattern=$2; shift 2
"$@" > "$tmp/stdout" 2>/dev/null &
pid=$!
for _ in $(seq 1 300); do grep -q "$pattern" "$ready" 2>/dev/null && break; sleep 0.1; done
grep -q "$pattern" "$ready" 2>/dev/null || { echo "memory: '$pattern' never in $ready from $*" >&2; kill $pid; exit 1; }
sleep "$IDLE"
go=0 web=0 net=0 other=0
for p in $(pstree -p -T "$pid" | grep -o '([0-9]*)' | tr -d '()'); do
  kb=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
  case "$(cat "/proc/$p/comm" 2>/dev/null)" in
    WebKitWebProces*) web=$((web + ${kb:-0})) ;;
    WebKitNetworkPr*) net=$((net + ${kb:-0})) ;;
    *) if [ "$p" = "$pid" ]; then go=$((go + ${kb:-0})); else other=$((other + ${kb:-0})); fi ;;
  esac
done
echo "go=$go web=$web net=$net other=$other"
kill $pid; wait $pid 2>/dev/null || true
SH
session() { xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- "$@" 2>>"$tmp/stderr" | grep '^go=' ||
  { echo "memory: a launch failed:"; tail -5 "$tmp/stderr"; exit 1; }; }
export IDLE tmp

for i in $(seq 1 "$ROUNDS"); do
  rm -rf "$tmp/data"; cp -a "$tmp/seed" "$tmp/data"
  a=$(BOOKBAG_DATA_DIR=$tmp/data session bash "$tmp/one.sh" "$tmp/data/logs/bookbag.log" '"frontend ready"' "$BIN")
  b=$(session bash "$tmp/one.sh" "$tmp/stdout" '^smoke ok' "$BASE")
  echo "round $i bookbag $a | shell $b"
  echo "$a" >> "$tmp/app"; echo "$b" >> "$tmp/base"
done

# Medians in MB of each part and of the total, per program.
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
part() { # $1 = file of "go=.. web=.. net=.. other=.." lines, $2 = part or "total"; prints MB
  if [ "$2" = total ]; then tr '=' ' ' < "$1" | awk '{print $2 + $4 + $6 + $8}'
  else grep -o "$2=[0-9]*" "$1" | cut -d= -f2; fi | median | awk '{printf "%.0f", $1 / 1024}'
}
summary() { for k in go web net other total; do printf '%s %s ' "$k" "$(part "$1" "$k")"; done; echo; }
sa=$(summary "$tmp/app"); sb=$(summary "$tmp/base")
echo "idle PSS MB, median of $ROUNDS rounds, ${IDLE}s after the first screen"
echo "  bookbag: $sa"
echo "  shell:   $sb"
awk -v a="$(part "$tmp/app" total)" -v b="$(part "$tmp/base" total)" 'BEGIN {printf "idle PSS ratio bookbag/shell: %.2f\n", a / b}'
