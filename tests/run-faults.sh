#!/usr/bin/env bash
# The fault tests (`make test-faults`): a private stack (PostgreSQL, safegridd, nginx on
# free ports, the demo county seeded) that tests/faults/ attacks under a load of
# writers -- the structure-aware API fuzzer, PostgreSQL, a worker and the supervisor
# killed, nginx reloaded and restarted, 1,024 connections and 200 slow clients -- and
# whose figures it writes to docs/reliability.md. Arguments go to pytest, e.g.
# tests/run-faults.sh -k nginx -x. SAFEGRID_FAULTS_SECONDS sets each phase's load time
# (default 5), SAFEGRID_API_FUZZ_SECONDS the API fuzzer's (default 60).
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)
stack=$repo/deploy/stack.sh
bin_dir=${SAFEGRID_BIN:-$repo/build}
case $bin_dir in
    /*) ;;
    *) bin_dir=$PWD/${bin_dir#./} ;;
esac
cd "$repo"

var_dir=${SAFEGRID_TEST_VAR:-$repo/var/test-faults}
if ((EUID == 0)); then
    # As in run-integration.sh: postgres and www-data must reach the folder.
    for user in postgres www-data; do
        if ! (cd / && runuser -u "$user" -- test -x "$repo"); then
            var_dir=/tmp/safegrid-test-faults
            break
        fi
    done
fi
if [[ -d $var_dir ]]; then
    SAFEGRID_VAR=$var_dir "$stack" down || true
    rm -rf "$var_dir"
fi

# shellcheck source=tests/lib/ports.sh
source "$repo/tests/lib/ports.sh"
private_stack "$var_dir" "$bin_dir" 4
export SAFEGRID_SEED_DEMO=1
export SAFEGRID_DEMO_PASSWORD=${SAFEGRID_DEMO_PASSWORD:-safegrid-demo}
export SAFEGRID_LOGIN_RATE=600r/m
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
# Killed, safegridd's workers get no grace; stopped, a short one.
export SAFEGRID_SHUTDOWN_GRACE=5

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

echo "== faults: stack in $var_dir (http $http_port, postgresql $pg_port, $bin_dir)"
stack_started=1
"$stack" up >/dev/null

# The API fuzzer changes what it finds (it may close a campaign or disable a user the
# writers need), so it runs after the fault tests.
targets=(tests/faults/test_faults.py tests/faults/test_soak.py tests/faults/test_api_fuzz.py)
for arg in "$@"; do
    [[ $arg == tests/* ]] && targets=()
done
status=0
env SAFEGRID_TEST_URL="http://127.0.0.1:$http_port" \
    SAFEGRID_TEST_PG_URL="postgresql://postgres@127.0.0.1:$pg_port/safegrid" \
    SAFEGRID_TEST_STACK="$stack" \
    SAFEGRID_TEST_VAR="$var_dir" \
    SAFEGRID_TEST_LOG="$var_dir/log/safegridd.log" \
    PYTHONDONTWRITEBYTECODE=1 \
    /usr/bin/python3 -m pytest -q -p no:cacheprovider "${targets[@]}" "$@" || status=$?
if ((status == 5)); then
    echo "run-faults: no test collected" >&2
fi
exit "$status"
