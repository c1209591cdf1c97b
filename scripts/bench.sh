#!/usr/bin/env bash
# Long runs for docs/PERFORMANCE.md: Go benchmarks and the startup comparison
# with the empty Wails shell. Not part of make test.
set -euo pipefail
cd "$(dirname "$0")/.."
go test -run '^$' -bench . -benchmem ./... | tee /tmp/bookbag-bench.txt
scripts/startup-bench.sh
