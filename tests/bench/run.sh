#!/usr/bin/env bash
# The benchmark of issue 6: starts a private stack on free ports with the benchmark
# county (tests/bench/dataset.sh), lets tests/bench/bench.py measure it with wrk and
# pgbench in one run, and stops the stack again, whatever happens.
#
# Usage: tests/bench/run.sh          what `make bench` runs: BENCH_SCALE (default 1),
#                                    data kept in var/bench-<scale> between runs, the
#                                    table written to docs/benchmarks.md
#        tests/bench/run.sh --smoke  what `make bench-smoke` (CI) runs: scale 0.005,
#                                    seeded fresh in var/bench-smoke, 1 s a measurement,
#                                    docs/benchmarks.md left alone
#
# Settings (environment): SAFEGRID_BIN (the optimised build, default build-bench),
# BENCH_SCALE, BENCH_SEED (1), BENCH_DURATION (seconds a measurement; 10, smoke 1),
# BENCH_WARMUP (seconds of unmeasured reads first; 2, smoke 0), BENCH_CONNECTIONS (wrk,
# 64), BENCH_THREADS (wrk and pgbench threads, 2), BENCH_PG_CLIENTS (pgbench, 64),
# BENCH_WORKERS (safegridd workers, 4), BENCH_VAR (the stack's folder), BENCH_DOC
# (where the report goes; empty: nowhere), BENCH_BEFORE (a commit: its safegridd is
# built too and every read measured over HTTP with it as well, on the same data, each
# read's two builds one after the other), BENCH_PAIRS (how many pairs of the two builds
# measure each read with a target of issue 18, with BENCH_BEFORE, or of the two stacks
# every read, with BENCH_BESIDE; the verdict on the median; 3, smoke 1), BENCH_BESIDE (a
# scale: a second stack with that data set, and every read measured on both, one right
# after the other; not with BENCH_BEFORE).
#
# Exits non-zero when a request failed (or the harness itself did), never because a
# number is slow.
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd -P)
here=$repo/tests/bench
stack=$repo/deploy/stack.sh
cd "$repo"

smoke=0
case ${1:-} in
    --smoke) smoke=1 ;;
    '') ;;
    *)
        echo "usage: $0 [--smoke]" >&2
        exit 2
        ;;
esac

if ((smoke)); then
    scale=0.005
    duration=${BENCH_DURATION:-1}
    warmup=${BENCH_WARMUP:-0}
    doc=${BENCH_DOC:-}
    pairs=${BENCH_PAIRS:-1}
    name=bench-smoke
else
    scale=${BENCH_SCALE:-1}
    duration=${BENCH_DURATION:-10}
    warmup=${BENCH_WARMUP:-2}
    doc=${BENCH_DOC-$repo/docs/benchmarks.md}
    pairs=${BENCH_PAIRS:-3}
    name=bench-$scale
fi
seed=${BENCH_SEED:-1}
workers=${BENCH_WORKERS:-4}

bin_dir=${SAFEGRID_BIN:-$repo/build-bench}
case $bin_dir in
    /*) ;;
    *) bin_dir=$PWD/${bin_dir#./} ;;
esac
for program in safegridd safegridctl; do
    [[ -x $bin_dir/$program ]] || {
        echo "bench: $bin_dir/$program not found; run make bench" >&2
        exit 1
    }
done
for tool in wrk pgbench; do
    command -v "$tool" >/dev/null || {
        echo "bench: $tool not found; run deploy/install-deps.sh" >&2
        exit 1
    }
done

# The stack's folder, as tests/run-integration.sh chooses it: in the clone unless the
# service accounts cannot reach it (a clone in /root), then under /tmp.
var_dir=${BENCH_VAR:-$repo/var/$name}
if [[ -z ${BENCH_VAR:-} ]] && ((EUID == 0)); then
    for user in postgres www-data; do
        if ! (cd / && runuser -u "$user" -- test -x "$repo"); then
            var_dir=/tmp/safegrid-$name
            break
        fi
    done
fi

# shellcheck source=tests/lib/ports.sh
source "$repo/tests/lib/ports.sh"

private_stack "$var_dir" "$bin_dir" "$workers"
# Far above what 64 connections can log in, so that nginx never answers 429 to the
# login benchmark (the burst: 64 connections sign in within the same millisecond at
# the start): the throttle of failed logins in the database still holds.
export SAFEGRID_LOGIN_RATE=100000r/s
export SAFEGRID_LOGIN_BURST=1000
# Every request comes from 127.0.0.1: the per-address limit on requests in flight
# (64 by default, as many as wrk's connections) would answer 503 to a new row's
# first requests while nginx still finishes the previous row's last ones.
export SAFEGRID_CONN_PER_ADDR=1024
# The benchmark county only: seed-bench needs an empty database.
export SAFEGRID_SEED_DEMO=0
# No safegridctl jobs: its pass every minute (reminders over every township's
# hazards) would land in some rows' measurements and not in others.
export SAFEGRID_JOBS=0
export SAFEGRID_BENCH_PASSWORD=${SAFEGRID_BENCH_PASSWORD:-safegrid-bench}
# Benchmark traffic goes to 127.0.0.1 only, never through a proxy.
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY

# BENCH_BESIDE=<scale>: a second stack with the data set of that scale, saved in its own
# folder as make bench saves it, so that every read is measured on both in one window.
beside=${BENCH_BESIDE:-}
beside_var=
beside_started=0
if [[ -n $beside ]]; then
    if [[ -n ${BENCH_BEFORE:-} ]]; then
        echo "bench: BENCH_BESIDE and BENCH_BEFORE are two runs, not one" >&2
        exit 2
    fi
    if [[ ! $beside =~ ^[0-9]+(\.[0-9]+)?$ || $beside == "$scale" ]]; then
        echo "bench: BENCH_BESIDE must be a scale other than $scale, not '$beside'" >&2
        exit 2
    fi
    beside_var=${var_dir%bench-*}bench-$beside
fi

stack_started=0
stop_stack() {
    if ((beside_started)); then
        beside_started=0
        echo "== bench: stopping the stack beside"
        (export SAFEGRID_VAR=$beside_var && "$stack" down) || true
    fi
    if ((stack_started)); then
        stack_started=0
        echo "== bench: stopping the stack"
        "$stack" down || true
    fi
}
trap stop_stack EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started_at=$(date +%s)
echo "== bench: scale $scale, seed $seed, stack in $var_dir (http $http_port, postgresql $pg_port)"
echo "== bench: $workers safegridd workers from $bin_dir"

# shellcheck source=tests/bench/dataset.sh
source "$here/dataset.sh"
stack_started=1
if ((smoke)); then
    dataset_fresh "$scale" "$seed"
else
    dataset_reuse_or_seed "$scale" "$seed"
fi
"$stack" up

# The stack beside, on two ports of its own (the first stack's are taken by now): its
# data set as the first one's, then its ports for bench.py.
beside_args=()
if [[ -n $beside ]]; then
    echo "== bench: the stack beside at scale $beside in $beside_var"
    beside_started=1
    (
        private_stack "$beside_var" "$bin_dir" "$workers"
        var_dir=$beside_var
        # shellcheck source=tests/bench/dataset.sh
        source "$here/dataset.sh"
        dataset_reuse_or_seed "$beside" "$seed"
        "$stack" up
        printf '%s %s\n' "$http_port" "$pg_port" >"$beside_var/beside-ports"
    )
    read -r beside_http beside_pg <"$beside_var/beside-ports"
    beside_args=(--beside-url "http://127.0.0.1:$beside_http" --beside-pg-port "$beside_pg"
                 --beside-var "$beside_var" --beside-scale "$beside")
fi

# The build to compare with: the commit's source, its own optimised safegridd (and
# safegridctl, which the stack script expects beside it). It runs on this data set,
# whose schema is this commit's: what it reads that later migrations keep (the
# tables, and the functions they did not replace) it reads as it always did.
before=()
if [[ -n ${BENCH_BEFORE:-} ]]; then
    before_src=$var_dir/before-build
    rm -rf "$before_src"
    mkdir -p "$before_src"
    before_commit=$(git -C "$repo" rev-parse --short "$BENCH_BEFORE^{commit}")
    echo "== bench: building $before_commit (BENCH_BEFORE=$BENCH_BEFORE) in $before_src"
    git -C "$repo" archive "$before_commit" | tar -x -C "$before_src"
    make -C "$before_src" --no-print-directory BUILD=build-bench OPT="-O2 -DNDEBUG" \
        build-bench/safegridd build-bench/safegridctl >"$before_src/build.log" 2>&1 || {
        tail -20 "$before_src/build.log" >&2
        echo "bench: the build of $before_commit failed" >&2
        exit 1
    }
    before=(--before-bin "$before_src/build-bench" --before "$before_commit")
fi

status=0
/usr/bin/python3 "$here/bench.py" \
    --url "http://127.0.0.1:$http_port" \
    --pg-port "$pg_port" \
    --var "$var_dir" \
    --bin "$bin_dir" \
    --scale "$scale" --seed "$seed" \
    --duration "$duration" --warmup "$warmup" \
    --connections "${BENCH_CONNECTIONS:-64}" \
    --threads "${BENCH_THREADS:-2}" \
    --pg-clients "${BENCH_PG_CLIENTS:-64}" \
    --workers "$workers" \
    "${before[@]}" --pairs "$pairs" "${beside_args[@]}" \
    --doc "$doc" || status=$?

stop_stack
echo "== bench: finished in $(($(date +%s) - started_at)) s"
exit "$status"
