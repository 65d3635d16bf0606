#!/usr/bin/env bash
# Runs the API tests (pytest), the database policy tests (pgTAP) and the portal's
# browser tests (tests/e2e, chromium through playwright-core) against a fresh, private
# stack on free ports, then fails if safegridd's log shows a sanitizer report.
# Before the tests, the migrated database is checked against sql/schema.sql and every
# SQL statement the programs hold is prepared on it (safegridctl check-sql).
# Used by `make test` and `make test-asan` (SAFEGRID_BIN=build-asan). Extra arguments
# go to pytest, e.g. tests/run-integration.sh -k hazards -x; test paths choose what
# runs: tests/api/... only those API tests, tests/e2e/... only those browser tests.
# SAFEGRID_E2E=0 leaves the browser tests out.
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)
stack=$repo/deploy/stack.sh

bin_dir=${SAFEGRID_BIN:-$repo/build}
case $bin_dir in
    /*) ;;
    *) bin_dir=$PWD/${bin_dir#./} ;;
esac
bin_dir=${bin_dir%/}
cd "$repo"

# One folder per binary flavour, so `make test` and `make test-asan` leave their logs
# side by side, and neither touches the developer's stack in ./var (SAFEGRID_TEST_VAR
# names another folder, for two runs at once).
var_dir=${SAFEGRID_TEST_VAR:-$repo/var/test-$(basename "$bin_dir")}
if ((EUID == 0)); then
    # The services run as postgres and www-data; a clone inside a private folder
    # (/root, say) is out of their reach, so the stack goes to /tmp instead.
    for user in postgres www-data; do
        if ! (cd / && runuser -u "$user" -- test -x "$repo"); then
            var_dir=/tmp/safegrid-test-$(basename "$bin_dir")
            break
        fi
    done
fi

# Under faketime (`make test-future`) every preloaded process opens the semaphore and
# shared memory that FAKETIME_SHARED names, made for the faketime wrapper's user alone;
# PostgreSQL, safegridd and nginx run as other users than this script.
if [[ -n ${FAKETIME_SHARED:-} ]]; then
    read -r faketime_sem faketime_shm <<<"$FAKETIME_SHARED"
    chmod 0666 "/dev/shm/sem.${faketime_sem#/}" "/dev/shm/${faketime_shm#/}"
fi

# A previous run that was killed may have left its stack running: stop it by its
# pidfiles before the folder goes.
if [[ -d $var_dir ]]; then
    SAFEGRID_VAR=$var_dir "$stack" down || true
    rm -rf "$var_dir"
fi

# shellcheck source=tests/lib/ports.sh
source "$repo/tests/lib/ports.sh"

private_stack "$var_dir" "$bin_dir" "${SAFEGRID_TEST_WORKERS:-4}"
export SAFEGRID_LOGIN_RATE=600r/m
# 127.0.0.2 plays the county's TLS proxy (tests/api/test_proxy.py); any other
# address that sends X-Forwarded-* headers is not believed.
export SAFEGRID_TRUSTED_PROXIES=${SAFEGRID_TRUSTED_PROXIES-127.0.0.2}
# Small enough for tests/api/test_connections.py to go past with a few hundred sockets.
export SAFEGRID_MAX_CONNECTIONS=${SAFEGRID_MAX_CONNECTIONS:-256} SAFEGRID_CONN_PER_ADDR=${SAFEGRID_CONN_PER_ADDR:-64}
# The tests log in as the demo users.
export SAFEGRID_SEED_DEMO=1
export SAFEGRID_DEMO_PASSWORD=${SAFEGRID_DEMO_PASSWORD:-safegrid-demo}
# The stack's `safegridctl jobs` makes its pass at the start and then waits an hour, so
# no pass lands in the middle of a test that counts notifications (test_jobs.py runs its own).
export SAFEGRID_JOBS_INTERVAL=${SAFEGRID_JOBS_INTERVAL:-3600}
# Test traffic must stay on this machine even where a proxy is configured.
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost

safegridd_log=$var_dir/log/safegridd.log
stack_started=0

stop_stack() {
    if ((stack_started)); then
        stack_started=0
        "$stack" down || true
    fi
}
trap stop_stack EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== integration: stack in $var_dir (http $http_port, postgresql $pg_port, $bin_dir)"
stack_started=1
"$stack" up

failed=()

echo "== integration: sql/schema.sql against the migrated database"
bash "$repo/tests/lib/schema.sh" check "$pg_port" || failed+=("schema.sql (run make schema)")

echo "== integration: every SQL statement of the programs prepares"
env DATABASE_OWNER_URL="postgresql://safegrid_owner@127.0.0.1:$pg_port/safegrid" \
    "$bin_dir/safegridctl" check-sql || failed+=("safegridctl check-sql")

# Arguments that name test files or folders replace tests/api; options are added to it.
# Browser test paths go to the browser tests instead.
targets=(tests/api)
e2e_targets=(tests/e2e)
pytest_args=()
named_api=0 named_e2e=0
for arg in "$@"; do
    case $arg in
        tests/e2e*) ((named_e2e)) || e2e_targets=(); named_e2e=1; e2e_targets+=("$arg") ;;
        tests/*) named_api=1; pytest_args+=("$arg") ;;
        *) pytest_args+=("$arg") ;;
    esac
done
((named_api)) && targets=()
run_api=1 run_e2e=1
((named_e2e && !named_api)) && run_api=0
((named_api && !named_e2e)) && run_e2e=0
[[ ${SAFEGRID_E2E:-1} == 0 ]] && run_e2e=0

pytest_status=0
if ((run_api)); then
    echo "== integration: API tests"
    env SAFEGRID_TEST_URL="http://127.0.0.1:$http_port" \
        SAFEGRID_TEST_PG_URL="postgresql://postgres@127.0.0.1:$pg_port/safegrid" \
        SAFEGRID_TEST_OWNER_URL="postgresql://safegrid_owner@127.0.0.1:$pg_port/safegrid" \
        SAFEGRID_TEST_APP_URL="postgresql://safegrid_app@127.0.0.1:$pg_port/safegrid" \
        SAFEGRID_TEST_STACK="$stack" \
        SAFEGRID_TEST_LOG="$safegridd_log" \
        PYTHONDONTWRITEBYTECODE=1 \
        /usr/bin/python3 -m pytest -q -p no:cacheprovider "${targets[@]}" "${pytest_args[@]}" || pytest_status=$?
fi
case $pytest_status in
    0) ;;
    5) failed+=("pytest (no test collected)") ;;
    *) failed+=("pytest (exit $pytest_status)") ;;
esac

if ((run_e2e)); then
    echo "== integration: browser tests (screenshots in tests/e2e/screenshots)"
    if [[ ! -f web/dist/index.html || ! -d web/node_modules/playwright-core ]]; then
        failed+=("browser tests (no web/dist or web/node_modules: run make web)")
    else
        rm -rf tests/e2e/screenshots
        # One file at a time: they share the stack's demo users. (Node 18 lacks the
        # option; grep -c reads all of the help, so node never writes to a closed pipe.)
        node_test=(node --test --test-reporter=spec)
        if [[ $(node --help | grep -c -- --test-concurrency) != 0 ]]; then
            node_test+=(--test-concurrency=1)
        fi
        env SAFEGRID_TEST_URL="http://127.0.0.1:$http_port" \
            SAFEGRID_TEST_PG_URL="postgresql://postgres@127.0.0.1:$pg_port/safegrid" \
            "${node_test[@]}" "${e2e_targets[@]}" ||
            failed+=("browser tests (exit $?)")
    fi
fi

sql_tests=()
shopt -s nullglob
((run_api)) && sql_tests=(tests/sql/*.sql)
shopt -u nullglob
if ((${#sql_tests[@]} > 0)); then
    echo "== integration: database policy tests"
    # In place before any test file runs, so that files need not create it (one that
    # does should say CREATE EXTENSION IF NOT EXISTS).
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d safegrid \
        -c 'CREATE EXTENSION IF NOT EXISTS pgtap'
    pg_prove -h 127.0.0.1 -p "$pg_port" -U postgres -d safegrid "${sql_tests[@]}" ||
        failed+=("pg_prove (exit $?)")
fi

# Stop before reading the log: LeakSanitizer reports when a process exits.
stop_stack

echo "== integration: sanitizer reports in $safegridd_log"
sanitizer_pattern='ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:'
if [[ -f $safegridd_log ]] && grep -q -E "$sanitizer_pattern" "$safegridd_log"; then
    grep -n -E "$sanitizer_pattern" "$safegridd_log" | head -n 50 >&2
    echo "run-integration: sanitizer reports above; full reports in $safegridd_log" >&2
    failed+=("sanitizer check")
else
    echo "none"
fi

# A handler that reads a field its route does not declare (server/request.c) is a bug.
echo "== integration: undeclared fields read in $safegridd_log"
if [[ -f $safegridd_log ]] && grep -q '"event":"undeclared_field"' "$safegridd_log"; then
    grep '"event":"undeclared_field"' "$safegridd_log" | sort -u -t'"' -k8,8 | head -n 20 >&2
    failed+=("undeclared fields")
else
    echo "none"
fi

# `make test-valgrind`: memcheck's report of every process (the supervisor and each
# worker, at its exit) is in safegridd's log; none may have a definite leak or an error.
if [[ ${SAFEGRID_VALGRIND:-0} == 1 ]]; then
    echo "== integration: valgrind's reports in $safegridd_log"
    grep -E '^==[0-9]+== +(definitely lost|ERROR SUMMARY):' "$safegridd_log" || true
    if ! grep -qE '^==[0-9]+== ERROR SUMMARY:' "$safegridd_log"; then
        failed+=("valgrind (no report)")
    elif grep -qE '^==[0-9]+== +(definitely lost: [1-9]|ERROR SUMMARY: [1-9])' "$safegridd_log"; then
        failed+=("valgrind (a definite leak or an error; see $safegridd_log)")
    fi
fi

if ((${#failed[@]} > 0)); then
    echo "run-integration: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "run-integration: all checks passed"
