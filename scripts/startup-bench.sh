#!/usr/bin/env bash
# Startup and idle memory of BookBag against the empty Wails shell of
# ../shared/tools/wails-baseline.sh, measured in the same run, interleaved.
# Usage: scripts/startup-bench.sh [runs] [data-dir for bookbag]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
APP_DATA=${2:-}
BIN=${BIN:-./build/bin/bookbag}
BASE=$(../shared/tools/wails-baseline.sh)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
session() { xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- "$@" 2>/dev/null; }
ms() { grep -o 'startup_ms=[0-9]*' | cut -d= -f2; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

data=${APP_DATA:-$tmp/data}
BOOKBAG_DATA_DIR=$data session "$BIN" --smoke >/dev/null # warm-up, creates the db
session "$BASE" --smoke >/dev/null
: > "$tmp/app"; : > "$tmp/base"
for i in $(seq 1 "$RUNS"); do
  BOOKBAG_DATA_DIR=$data session "$BIN" --smoke | ms >> "$tmp/app"
  session "$BASE" --smoke | ms >> "$tmp/base"
done
a=$(median < "$tmp/app"); b=$(median < "$tmp/base")
echo "startup_ms bookbag: $(tr '\n' ' ' < "$tmp/app")-> median $a"
echo "startup_ms baseline: $(tr '\n' ' ' < "$tmp/base")-> median $b"
awk -v a="$a" -v b="$b" 'BEGIN {printf "startup ratio bookbag/baseline: %.2f\n", a/b}'

# Idle memory: PSS of the program and every process it started (WebKit), 8 s after launch.
pss() { # $1 = root pid
  local total=0 p
  for p in $(pstree -p -T "$1" | grep -o '([0-9]*)' | tr -d '()'); do
    v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  echo $((total / 1024))
}
cat > "$tmp/mem.sh" <<SH
"\$@" >/dev/null 2>&1 &
pid=\$!
sleep 8
$(declare -f pss)
pss \$pid
kill \$pid; wait \$pid 2>/dev/null || true
SH
am=$(BOOKBAG_DATA_DIR=$data session bash "$tmp/mem.sh" "$BIN" | tail -1)
bm=$(session bash "$tmp/mem.sh" "$BASE" | tail -1)
echo "idle PSS MB bookbag: $am baseline: $bm"
echo "binary bytes bookbag: $(stat -c %s "$BIN") baseline: $(stat -c %s "$BASE")"
