#!/usr/bin/env bash
# Long runs for docs/PERFORMANCE.md (make bench): Go benchmarks, the server
# load test on SQLite and PostgreSQL, fuzzing beyond the seed corpus, and the
# startup comparison with the empty Wails shell. Not part of make test.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${BENCH_OUT:-/tmp/bookbag-bench}
mkdir -p "$out"
# The 1M-message data dir of the chat benchmarks (search, opening a long
# chat): generated once (about 2 minutes, 2.7 GB), reused after.
data1m=${BOOKBAG_BENCH_DATA:-/tmp/bookbag-bench-1m}
if [ ! -f "$data1m/bookbag.db" ]; then
  echo "bench: generating 1,000,000 messages in $data1m"
  go run ./cmd/bookbag-gen -q -data "$data1m" -workspaces 3 -messages 1000000 -long 5000
fi
export BOOKBAG_BENCH_DATA=$data1m
echo "bench: Go benchmarks -> $out/go.txt"
go test -run '^$' -bench . -benchmem -count 3 ./... | tee "$out/go.txt"
echo "bench: retrieval quality (bookbag-eval: dev, held-out, synthetic)"
for q in ../shared/corpus/questions-dev.jsonl cmd/bookbag-eval/testdata/questions-heldout.jsonl cmd/bookbag-eval/testdata/questions-synthetic.jsonl; do
  go run ./cmd/bookbag-eval -docs ../shared/corpus -questions "$q" 2>/dev/null | tail -1 | tee -a "$out/eval.txt"
done
go run ./cmd/bookbag-eval -docs ../shared/corpus/bad -questions /dev/null 2>/dev/null | tee "$out/eval-bad.txt"
echo "bench: server load test (SQLite, then PostgreSQL)"
go run ./cmd/bookbag-loadtest | tee "$out/load-sqlite.txt"
go run ./cmd/bookbag-loadtest -db "$(scripts/pg-test-env.sh)" | tee "$out/load-postgres.txt"
echo "bench: fuzzing"
go test ./backend/server -run '^$' -fuzz '^FuzzPush$' -fuzztime "${FUZZTIME:-2m}" -fuzzminimizetime 2s
go test ./backend/llm/openai -run '^$' -fuzz '^FuzzReadStream$' -fuzztime "${FUZZTIME:-2m}"
go test ./backend/llm/anthropic -run '^$' -fuzz '^FuzzChatStream$' -fuzztime "${FUZZTIME:-2m}"
go test ./backend/llm/ollama -run '^$' -fuzz '^FuzzChatStream$' -fuzztime "${FUZZTIME:-2m}"
go test ./backend/llm -run '^$' -fuzz '^FuzzThinkTagsChunking$' -fuzztime "${FUZZTIME:-2m}"
go test ./backend/rag/extract -run '^$' -fuzz '^FuzzFile$' -fuzztime "${FUZZTIME:-2m}"
go test ./backend/rag/split -run '^$' -fuzz '^FuzzSplit$' -fuzztime "${FUZZTIME:-2m}"
go test ./backend/citemark -run '^$' -fuzz '^FuzzCitedAndFirstAgree$' -fuzztime "${FUZZTIME:-2m}"
go test ./backend/tools/mcp -run '^$' -fuzz '^FuzzConfigRoundTrip$' -fuzztime "${FUZZTIME:-2m}"
go test ./backend/chat -run '^$' -fuzz '^FuzzParseImport$' -fuzztime "${FUZZTIME:-2m}"
echo "bench: startup and memory against the empty Wails shell"
make --no-print-directory build
scripts/startup-bench.sh 7 | tee "$out/startup.txt"
echo "bench: idle memory beside the empty Wails shell, and the binary by module"
scripts/memory.sh | tee "$out/memory.txt"
scripts/binsize.sh | tee "$out/binsize.txt"
echo "bench: opening a 5,000-message chat in the browser (wails dev)"
RUNS=15 scripts/perf-chat-open.sh | tee "$out/chat-open.txt"
