#!/usr/bin/env bash
# Make sure what the full test suite needs is on this machine (Debian/Ubuntu):
#   - a PostgreSQL server answering at PCKB_TEST_DATABASE_URL (default
#     postgresql://postgres@127.0.0.1:5432/pckb), with that role and database;
#     the local cluster is started when it is down, and PostgreSQL installed when absent;
#   - Debian's Chromium at /usr/bin/chromium (browser tests);
#   - GNU gettext (translation checks).
# .ci/run calls it; developers may too. Installing needs root (or sudo).
# With CI=true (or PCKB_TRUST_LOCAL_TESTS=1), a freshly installed cluster that refuses the test role
# over 127.0.0.1 gets a "trust" rule for that role on the loopback addresses only.

set -euo pipefail

PG_URL="${PCKB_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/pckb}"
CHROMIUM="${PCKB_CHROMIUM:-/usr/bin/chromium}"
APT_UPDATED=0

say() { echo "[ensure_services] $*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        say "need root to run: $*"
        return 1
    fi
}

apt_install() {
    if ! command -v apt-get >/dev/null; then
        say "apt-get not found: install $* with your system's package manager."
        return 1
    fi
    if [ "$APT_UPDATED" -eq 0 ]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
        APT_UPDATED=1
    fi
    say "installing $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" </dev/null
}

as_postgres() {  # run a PostgreSQL client as the cluster's superuser over the local socket
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        sudo -u postgres "$@"
    fi
}

# Parts of the test URL, with Python's own parser (Python is the one thing PCKB assumes).
read -r PG_USER PG_HOST PG_PORT PG_DB < <(python3 - "$PG_URL" <<'EOF'
import sys
from urllib.parse import unquote, urlsplit

url = urlsplit(sys.argv[1])
print(unquote(url.username or "postgres"), url.hostname or "127.0.0.1", url.port or 5432, url.path.lstrip("/") or "pckb")
EOF
)

pg_answers() {
    if command -v pg_isready >/dev/null; then
        pg_isready -q -h "$PG_HOST" -p "$PG_PORT"
    else
        python3 -c "import socket,sys; socket.create_connection((sys.argv[1], int(sys.argv[2])), 2)" \
            "$PG_HOST" "$PG_PORT" 2>/dev/null
    fi
}

local_server() { [ "$PG_HOST" = 127.0.0.1 ] || [ "$PG_HOST" = localhost ] || [ "$PG_HOST" = "::1" ]; }

cluster_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1; }

ensure_postgres() {
    if pg_answers; then
        say "PostgreSQL answers at $PG_HOST:$PG_PORT"
    elif ! local_server; then
        say "PostgreSQL at $PG_HOST:$PG_PORT does not answer, and it is not this machine's: start it there."
        return 1
    else
        if [ -z "$(cluster_version)" ]; then
            apt_install postgresql postgresql-client
        fi
        local version
        version="$(cluster_version)"
        say "starting the local PostgreSQL $version cluster"
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
        for _ in $(seq 1 30); do pg_answers && break; sleep 1; done
        if ! pg_answers; then
            say "PostgreSQL did not start; see /var/log/postgresql/."
            return 1
        fi
    fi
    if local_server && [ -n "$(cluster_version)" ] && id postgres >/dev/null 2>&1; then
        ensure_role_and_database
    fi
}

psql_test_role() { psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc "$1" </dev/null; }

ensure_role_and_database() {
    if ! as_postgres psql -X -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'" </dev/null | grep -q 1; then
        say "creating the role $PG_USER (superuser: the tests create their own databases)"
        as_postgres createuser --superuser "$PG_USER"
    fi
    if ! psql_test_role "SELECT 1" >/dev/null 2>&1; then
        if [ "${CI:-false}" = true ] || [ "${PCKB_TRUST_LOCAL_TESTS:-0}" = 1 ]; then
            local hba
            hba="$(as_postgres psql -X -tAc 'SHOW hba_file' </dev/null)"
            say "letting $PG_USER connect over the loopback without a password ($hba)"
            as_root sed -i "1i host all $PG_USER 127.0.0.1/32 trust\nhost all $PG_USER ::1/128 trust" "$hba"
            as_postgres psql -X -q -c "SELECT pg_reload_conf()" </dev/null >/dev/null
            sleep 1
        else
            say "PostgreSQL refuses $PG_USER over $PG_HOST: give it a password in PCKB_TEST_DATABASE_URL,"
            say "or rerun with PCKB_TRUST_LOCAL_TESTS=1 to allow it over the loopback without one."
            return 1
        fi
    fi
    if ! psql_test_role "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
        say "creating the database $PG_DB"
        psql_test_role "CREATE DATABASE \"$PG_DB\""
    fi
    say "PostgreSQL ready: role $PG_USER, database $PG_DB"
}

ensure_chromium() {
    if [ -x "$CHROMIUM" ]; then
        say "Chromium found at $CHROMIUM"
        return 0
    fi
    apt_install chromium
    [ -x "$CHROMIUM" ] || { say "Chromium is still missing at $CHROMIUM"; return 1; }
}

ensure_gettext() {
    if command -v xgettext >/dev/null && command -v msgfmt >/dev/null; then
        say "GNU gettext found"
        return 0
    fi
    apt_install gettext
}

status=0
ensure_postgres || status=1
ensure_chromium || status=1
ensure_gettext || status=1
exit "$status"
