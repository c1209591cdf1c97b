#!/usr/bin/env bash
# pg-test-env.sh: make a local PostgreSQL ready for bookbag-server's tests and
# print the BOOKBAG_PG_URL to use, as its only line on stdout:
#
#   export BOOKBAG_PG_URL=$(scripts/pg-test-env.sh)
#
# Installs Debian's postgresql when missing, starts the packaged cluster
# without systemd, and creates a test role and database (idempotent). Runs as
# root (CI and the dev machines are root). Everything else goes to stderr.
set -euo pipefail

ROLE=${BOOKBAG_PG_ROLE:-bookbag_test}
PASS=${BOOKBAG_PG_PASSWORD:-bookbag_test}
DB=${BOOKBAG_PG_DB:-bookbag_test}

log() { echo "pg-test-env: $*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
	log "installing postgresql"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update >&2
	apt-get install -y postgresql >&2
fi

VERSION=$(ls /etc/postgresql | sort -V | tail -n1)
PORT=$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $3}')
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
	log "starting cluster $VERSION/main"
	pg_ctlcluster --skip-systemctl-redirect "$VERSION" main start >&2
fi

# Wait for the server to accept connections (a fresh start takes a moment).
for _ in $(seq 1 50); do
	if runuser -u postgres -- psql -p "$PORT" -Atqc 'SELECT 1' >/dev/null 2>&1; then
		break
	fi
	sleep 0.2
done

psql_admin() { runuser -u postgres -- psql -p "$PORT" -v ON_ERROR_STOP=1 -Atq "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != "1" ]; then
	log "creating role $ROLE"
	psql_admin -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASS'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
	log "creating database $DB"
	psql_admin -c "CREATE DATABASE $DB OWNER $ROLE" >&2
fi
# Tests create one schema per test inside the database.
psql_admin -d "$DB" -c "GRANT CREATE ON DATABASE $DB TO $ROLE" >&2

echo "postgres://$ROLE:$PASS@127.0.0.1:$PORT/$DB?sslmode=disable"
