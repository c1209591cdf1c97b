#!/usr/bin/env bash
# Long runs for docs/PERFORMANCE.md (make bench): Go benchmarks, the server
# load test on SQLite and PostgreSQL, fuzzing beyond the seed corpus, and the
# startup comparison with the empty Wails shell. Not part of make test.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${BENCH_OUT:-/tmp/bookbag-bench}
mkdir -p "$out"
echo "bench: Go benchmarks -> $out/go.txt"
go test -run '^$' -bench . -benchmem -count 3 ./... | tee "$out/go.txt"
echo "bench: server load test (SQLite, then PostgreSQL)"
go run ./cmd/bookbag-loadtest | tee "$out/load-sqlite.txt"
go run ./cmd/bookbag-loadtest -db "$(scripts/pg-test-env.sh)" | tee "$out/load-postgres.txt"
echo "bench: fuzzing"
go test ./backend/server -run '^$' -fuzz '^FuzzPush$' -fuzztime "${FUZZTIME:-2m}" -fuzzminimizetime 2s
go test ./backend/llm/openai -run '^$' -fuzz '^FuzzReadStream$' -fuzztime "${FUZZTIME:-2m}"
echo "bench: startup and memory against the empty Wails shell"
make --no-print-directory build
scripts/startup-bench.sh 7 | tee "$out/startup.txt"
