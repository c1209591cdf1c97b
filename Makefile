# BookBag Desktop. `make run` and `make test` are all a newcomer needs on a
# fresh Debian/Ubuntu machine: both install what is missing first.
SHELL := /bin/bash
GOBIN := $(shell go env GOPATH)/bin
WAILS := $(GOBIN)/wails
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN := build/bin/bookbag

.PHONY: run test deps build frontend-build go-vet go-test go-windows frontend-check smoke e2e package package-test bench clean check-clean

run: deps build
	./$(BIN)

deps:
	@scripts/deps.sh

build: deps
	$(WAILS) build -tags webkit2_41 -m -ldflags "$(LDFLAGS)" -o bookbag
	@test -f frontend/dist/placeholder.txt

# Everything, in the order a failure is cheapest to find.
test: deps
	@git status --porcelain > /tmp/bookbag-status-before 2>/dev/null || true
	$(MAKE) go-vet go-test go-windows frontend-check build smoke e2e package-test
	@$(MAKE) --no-print-directory check-clean

go-vet:
	go mod tidy -diff
	go vet ./...

# Backend tests with the race detector, a real Secret Service (gnome-keyring
# under its own D-Bus session) and, when scripts/pg-test-env.sh exists, a real
# PostgreSQL. Tests that need those fail instead of skipping here.
go-test:
	@pg_url=""; if [ -x scripts/pg-test-env.sh ]; then pg_url=$$(scripts/pg-test-env.sh); fi; \
	export XDG_DATA_HOME=$$(mktemp -d) BOOKBAG_REQUIRE_KEYRING=1 BOOKBAG_PG_URL="$$pg_url"; \
	dbus-run-session -- bash -c 'echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && \
	  CGO_ENABLED=1 go test -race -count=1 -timeout 30m ./...'

go-windows:
	GOOS=windows GOARCH=amd64 go build -o /dev/null ./...

frontend-check:
	cd frontend && npm run --silent typecheck && npm run --silent lint && npm run --silent test

smoke:
	scripts/smoke.sh

e2e:
	scripts/e2e.sh

# Installers into build/dist: .deb and .rpm (app, office server), the Windows
# NSIS installer, SHA256SUMS.
package: deps
	scripts/package.sh

# Builds the installers, then unpacks and runs them (see the script).
package-test: package
	scripts/package-test.sh

# The build must not leave the tree dirtier than it found it.
check-clean:
	@git status --porcelain > /tmp/bookbag-status-after; \
	if ! diff -q /tmp/bookbag-status-before /tmp/bookbag-status-after >/dev/null; then \
	  echo "make test changed tracked files or left new ones:"; diff /tmp/bookbag-status-before /tmp/bookbag-status-after; exit 1; fi

# Long runs: benchmarks, load tests, fuzzing beyond the seed corpus.
bench: deps
	scripts/bench.sh

clean:
	rm -rf build/bin build/dist frontend/node_modules
	find frontend/dist -mindepth 1 ! -name placeholder.txt -delete
