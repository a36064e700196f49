#!/usr/bin/env bash
# The whole check, as `make test` and CI (.ci/run) run it:
#   ruff · Django system checks · migrations up to date · translations complete and compiled ·
#   dependency audit (pip-audit) · pytest on SQLite · pytest on PostgreSQL · API fuzz gate
#   (schemathesis against a demo server) · browser tests (Playwright + Debian's Chromium).
#
# Where PostgreSQL or Chromium is missing it says so loudly and skips only that part, except with
# CI=true, where a missing part is a failure. Exits non-zero when anything failed.
#
# Options:  --only static|audit|sqlite|postgres|fuzz|e2e   run one part (repeatable)
# Settings: PCKB_TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/pckb),
#           PCKB_TEST_WORKERS (pytest-xdist processes, default 2; 0 = no xdist),
#           PCKB_CHROMIUM (default /usr/bin/chromium), PCKB_VENV (default .venv).

set -uo pipefail
cd "$(dirname "$0")/.."

BIN="${PCKB_VENV:-.venv}/bin"
CI="${CI:-false}"
PG_URL="${PCKB_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/pckb}"
WORKERS="${PCKB_TEST_WORKERS:-2}"
CHROMIUM="${PCKB_CHROMIUM:-/usr/bin/chromium}"
ONLY=()
while [ $# -gt 0 ]; do
    case "$1" in
        --only) ONLY+=("$2"); shift 2 ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $1 (see --help)"; exit 2 ;;
    esac
done

if [ ! -x "$BIN/pytest" ]; then
    echo "No test environment in ${PCKB_VENV:-.venv}: run \`make test\` (it installs one)."
    exit 2
fi

# Tests never touch the developer's data directory or their database settings.
WORK="$(mktemp -d "${TMPDIR:-/tmp}/pckb-test.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export PCKB_DATA_DIR="$WORK/data"
unset PCKB_DATABASE_URL PCKB_REDIS_URL PCKB_DEMO
export PCKB_E2E_ARTIFACTS="${PCKB_E2E_ARTIFACTS:-$WORK/e2e}"

SUMMARY=()
FAILED=0
SKIPPED=0
PYTEST_LOGS=()
STARTED=$SECONDS

wanted() {
    [ ${#ONLY[@]} -eq 0 ] && return 0
    local part
    for part in "${ONLY[@]}"; do [ "$part" = "$1" ] && return 0; done
    return 1
}

record() {  # status, name, detail
    SUMMARY+=("$(printf '%-5s %-30s %s' "$1" "$2" "$3")")
    if [ "$1" = FAIL ]; then FAILED=1; fi
}

loud() {
    local line
    echo
    printf '!%.0s' {1..100}; echo
    for line in "$@"; do echo "!!!  $line"; done
    printf '!%.0s' {1..100}; echo
    echo
}

missing() {  # name, reason, advice lines...: skipped loudly, or a failure under CI
    local name="$1" reason="$2"
    shift 2
    if [ "$CI" = true ]; then
        loud "$name CANNOT RUN: $reason" "$@" "CI=true: a part that cannot run is a failure."
        record FAIL "$name" "$reason"
    else
        loud "$name SKIPPED: $reason" "$@" "Everything else still runs; .ci/run installs what is missing."
        record SKIP "$name" "$reason"
        SKIPPED=$((SKIPPED + 1))
    fi
}

step() {  # name, command...: run, time and record a check
    local name="$1" start=$SECONDS
    shift
    echo
    echo "==> $name"
    if "$@"; then
        record PASS "$name" "$((SECONDS - start)) s"
    else
        record FAIL "$name" "$((SECONDS - start)) s"
    fi
}

pytest_step() {  # name, log file, pytest arguments...: keeps the output to sum the results up
    local name="$1" log="$2" start=$SECONDS status
    shift 2
    echo
    echo "==> $name"
    "$BIN/pytest" "$@" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    PYTEST_LOGS+=("$log")
    local result
    result="$(grep -E '(passed|failed|errors?|skipped|no tests ran)' "$log" | grep -E ' in [0-9.]+s' | tail -n 1 | tr -d '=' | sed 's/^ *//;s/ *$//')"
    if [ "$status" -eq 0 ]; then
        record PASS "$name" "$((SECONDS - start)) s  ($result)"
    else
        record FAIL "$name" "$((SECONDS - start)) s  (${result:-pytest exited with $status})"
    fi
}

redacted() {  # a database URL without its password
    echo "$1" | sed -E 's#//([^:/@]+):[^@]*@#//\1:***@#'
}

xdist_args() {
    if [ "$WORKERS" != 0 ]; then echo "-n $WORKERS"; fi
}

# ---------------------------------------------------------------------------------------- static

if wanted static; then
    step "ruff" "$BIN/ruff" check src tests scripts
    step "Django system checks" "$BIN/pckb" manage check
    step "migrations up to date" "$BIN/pckb" manage makemigrations --check --dry-run
    if command -v xgettext >/dev/null && command -v msgfmt >/dev/null; then
        step "translations (check_i18n)" "$BIN/python" scripts/check_i18n.py
    else
        missing "translations (check_i18n)" "GNU gettext (xgettext, msgfmt) is not installed" \
            "Install it with: apt-get install gettext"
    fi
fi

# ----------------------------------------------------------------------------------------- audit

if wanted audit; then
    # Fails on a known vulnerability of a pinned version; warns loudly (and passes) when it cannot check.
    step "dependency audit (pip-audit)" "$BIN/python" scripts/audit_deps.py
fi

# ---------------------------------------------------------------------------------------- SQLite

if wanted sqlite; then
    # shellcheck disable=SC2046
    pytest_step "tests on SQLite" "$WORK/sqlite.log" $(xdist_args) --ignore=tests/e2e -q
fi

# ------------------------------------------------------------------------------------ PostgreSQL

pg_reachable() {
    PG_URL="$PG_URL" "$BIN/python" - <<'EOF'
import os, sys
import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

params = conninfo_to_dict(os.environ["PG_URL"])
params["dbname"] = "postgres"  # the test database is created from here
params["connect_timeout"] = 3
try:
    psycopg.connect(make_conninfo(**params)).close()
except Exception as exc:
    print(f"cannot connect: {exc}".strip(), file=sys.stderr)
    sys.exit(1)
EOF
}

if wanted postgres; then
    if pg_reachable 2>"$WORK/pg.err"; then
        # shellcheck disable=SC2046
        PCKB_DATABASE_URL="$PG_URL" pytest_step "tests on PostgreSQL" "$WORK/postgres.log" \
            $(xdist_args) --ignore=tests/e2e -q
    else
        missing "tests on PostgreSQL" "no PostgreSQL server answers at $(redacted "$PG_URL")" \
            "$(head -c 300 "$WORK/pg.err" | tr '\n' ' ')" \
            "Start one (scripts/ensure_services.sh) or point PCKB_TEST_DATABASE_URL at a server."
    fi
fi

# ------------------------------------------------------------------------------------- API fuzz

if wanted fuzz; then
    # Every operation of the OpenAPI schema, as a provincial persona on the demo data: any 5xx or answer
    # the schema does not describe fails, with the request that caused it (a few minutes at most).
    step "API fuzz gate (schemathesis)" "$BIN/python" scripts/fuzz_api.py
fi

# -------------------------------------------------------------------------------------- browser

if wanted e2e; then
    if [ -x "$CHROMIUM" ]; then
        PCKB_CHROMIUM="$CHROMIUM" pytest_step "browser tests (Chromium)" "$WORK/e2e.log" tests/e2e -q
    else
        missing "browser tests (Chromium)" "Chromium not found at $CHROMIUM" \
            "Install Debian's chromium: apt-get install chromium (or set PCKB_CHROMIUM)."
    fi
fi

# -------------------------------------------------------------------------------------- summary

ELAPSED=$((SECONDS - STARTED))
echo
echo "================================ PCKB test summary ================================="
for line in "${SUMMARY[@]}"; do echo "$line"; done
printf 'Total time: %dm%02ds. ' $((ELAPSED / 60)) $((ELAPSED % 60))
if [ "$FAILED" -ne 0 ]; then
    echo "SOME CHECKS FAILED."
elif [ "$SKIPPED" -ne 0 ]; then
    echo "Every check that ran passed, but $SKIPPED part(s) were SKIPPED (see above)."
else
    echo "All checks passed."
fi
echo "===================================================================================="
# The last line is pytest's own summary line, summed over the pytest runs above.
if [ ${#PYTEST_LOGS[@]} -gt 0 ]; then
    "$BIN/python" scripts/pytest_total.py "${PYTEST_LOGS[@]}"
fi
exit "$FAILED"
