#!/usr/bin/env bash
# The operations tests (`make test-ops`): the fresh machine's start, the compose file,
# backup and restore, and scale-out, each on PostgreSQL clusters and servers of its own
# (tests/ops/conftest.py). Arguments go to pytest, e.g. tests/run-ops.sh -k backup -x
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)
cd "$repo"
# The tests that run make (the fresh machine's) get a make of their own, not the
# variables of the make that started this one (make test-asan's BUILD, SANITIZE ...).
unset MAKEFLAGS MFLAGS MAKELEVEL
# Test traffic must stay on this machine even where a proxy is configured.
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
targets=(tests/ops)
for arg in "$@"; do
    [[ $arg == tests/* ]] && targets=()
done
status=0
PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -m pytest -q -p no:cacheprovider \
    "${targets[@]}" "$@" || status=$?
if ((status == 5)); then
    echo "run-ops: no test collected" >&2
fi
exit "$status"
