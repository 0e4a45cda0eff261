#!/usr/bin/env bash
# Start a local PostgreSQL for the store tests (CI, as root, no systemd) and print
# the line that points the tests at it:   eval "$(bash .ci/postgres.sh)"
# Idempotent: installs, creates and starts only what is missing.
# Override with PG_ROLE, PG_PASSWORD, PG_DATABASE (defaults: tidings, tidings, tidings_test).
set -euo pipefail

ROLE=${PG_ROLE:-tidings}
PASSWORD=${PG_PASSWORD:-tidings}
DATABASE=${PG_DATABASE:-tidings_test}

exec 3>&1 1>&2 # progress to stderr; stdout carries only the export line

if [ "$(id -u)" -ne 0 ]; then
    echo "postgres.sh: run as root (it installs and starts PostgreSQL)" >&2
    exit 1
fi

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "postgres.sh: installing postgresql" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
fi

VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {found = 1} END {exit !found}'; then
    pg_createcluster "$VERSION" main >/dev/null
fi

STATUS=$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $4}')
PORT=$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $3}')
if [ "$STATUS" != "online" ]; then
    echo "postgres.sh: starting cluster $VERSION/main on port $PORT" >&2
    # --skip-systemctl-redirect: start the server directly even where systemd exists.
    # The server outlives this script: it must not inherit fd 3 (the caller's
    # `$(...)` pipe, which would then never close) nor the caller's stdout/stderr.
    pg_ctlcluster --skip-systemctl-redirect "$VERSION" main start \
        </dev/null >/tmp/tidings-postgres-start.log 2>&1 3>&- \
        || { cat /tmp/tidings-postgres-start.log >&2; exit 1; }
fi

for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p "$PORT" && break
    sleep 1
done
pg_isready -h 127.0.0.1 -p "$PORT" >/dev/null

as_postgres() {
    # psql needs a working directory the postgres user may read.
    (cd / && runuser -u postgres -- psql -p "$PORT" -v ON_ERROR_STOP=1 -qtA "$@")
}

if [ -z "$(as_postgres -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" ]; then
    as_postgres -c "CREATE ROLE \"$ROLE\" LOGIN PASSWORD '$PASSWORD'"
else
    as_postgres -c "ALTER ROLE \"$ROLE\" LOGIN PASSWORD '$PASSWORD'"
fi
for DB in "$ROLE" "$DATABASE"; do
    if [ -z "$(as_postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
        as_postgres -c "CREATE DATABASE \"$DB\" OWNER \"$ROLE\""
    fi
done

echo "export TIDINGS_TEST_PG_URL=postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE" >&3
