#!/usr/bin/env bash
# What each Go module costs in the desktop binary (docs/PERFORMANCE.md). Builds the binary as
# `make build` does (same tags and linker flags) but keeps its symbol table, reads
# `go tool nm -size`, and adds up each symbol's bytes by the module its package belongs to:
# code, read-only data and data. The function table (.gopclntab: names, lines, stack maps) is
# shared out in proportion to each module's code; read-only data no symbol names (the embedded
# frontend and strings) is one row. The stripped size is that of `make build`.
# Usage: scripts/binsize.sh [rows]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-30}
TAGS=desktop,production,webkit2_41
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=1 go build -tags "$TAGS" -trimpath -o "$tmp/syms" .
CGO_ENABLED=1 go build -tags "$TAGS" -trimpath -ldflags "-s -w" -o "$tmp/stripped" .
go list -tags "$TAGS" -deps -f '{{with .Module}}{{.Path}}{{end}}' . | sort -u > "$tmp/modules"
go tool nm -size "$tmp/syms" > "$tmp/nm"
# Section bounds: name, start address, size (hex).
readelf -SW "$tmp/syms" | sed 's/\[ */[/' | awk '$1 ~ /^\[[0-9]+\]$/ && $2 ~ /^\./ {print $2, $4, $6}' > "$tmp/sections"

awk -v rows="$ROWS" -v file_bytes="$(stat -c %s "$tmp/stripped")" -v dist_bytes="$(du -sb frontend/dist | cut -f1)" '
function hex(s,   i, c, v) { v = 0; s = tolower(s)
  for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)) - 1; v = v * 16 + c }
  return v }
function module(sym,   p, i, best, m) {
  sub(/^type:\*?/, "", sym); sub(/^go:itab\.\*?/, "", sym); sub(/^go:(struct|map|string)\./, "", sym)
  i = index(sym, "["); if (i) sym = substr(sym, 1, i - 1)
  # The package is everything before the first dot after the last slash.
  p = sym; i = 0
  if (match(p, /.*\//)) i = RLENGTH
  rest = substr(p, i + 1); d = index(rest, "."); if (d) p = substr(p, 1, i + d - 1)
  if (p == "main" || p ~ /^bookbag(\/|$)/) return "bookbag (this repository)"
  if (p ~ /^(go:|type:|runtime|internal\/|vendor\/)/ || p !~ /\./ ) return "Go runtime and standard library"
  best = ""
  for (m in mods) if ((p == m || index(p, m "/") == 1) && length(m) > length(best)) best = m
  return best == "" ? "other (cgo glue, linker tables)" : best }
FILENAME == ARGV[1] { mods[$1] = 1; next }
FILENAME == ARGV[2] { sec[$1, "start"] = hex($2); sec[$1, "end"] = hex($2) + hex($3); size[$1] = hex($3); next }
NF >= 4 {
  a = hex($1); n = $2 + 0; name = $4; for (i = 5; i <= NF; i++) name = name " " $i
  if (a >= sec[".text", "start"] && a < sec[".text", "end"]) kind = "code"
  else if (a >= sec[".rodata", "start"] && a < sec[".rodata", "end"]) { kind = "rodata"; named_ro += n }
  else if ((a >= sec[".data", "start"] && a < sec[".data", "end"]) || (a >= sec[".noptrdata", "start"] && a < sec[".noptrdata", "end"])) kind = "data"
  else next
  m = module(name); cost[m] += n; if (kind == "code") { code[m] += n; allcode += n }
}
END {
  pcln = size[".gopclntab"]
  for (m in code) cost[m] += pcln * code[m] / allcode
  cost["unnamed read-only data (embedded frontend/dist " sprintf("%.1f", dist_bytes / 1048576) " MB, strings)"] = size[".rodata"] - named_ro
  for (m in cost) { total += cost[m]; printf "%d\t%s\n", cost[m], m > "/dev/stderr" }
  printf "stripped binary: %.1f MB; attributed: %.1f MB (code %.1f, function table %.1f)\n", file_bytes / 1048576, total / 1048576, allcode / 1048576, pcln / 1048576
}' "$tmp/modules" "$tmp/sections" "$tmp/nm" 2> "$tmp/costs"
printf '%8s  %6s  %s\n' MB share module
sort -rn "$tmp/costs" | head -n "$ROWS" | awk -F'\t' -v f="$(stat -c %s "$tmp/stripped")" '{printf "%8.2f  %5.1f%%  %s\n", $1 / 1048576, 100 * $1 / f, $2}'
