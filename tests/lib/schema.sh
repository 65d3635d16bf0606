#!/usr/bin/env bash
# sql/schema.sql: the schema as the migrations leave it, one file a newcomer reads
# and a reviewer sees every schema change in.
#
#   tests/lib/schema.sh write        migrate a private PostgreSQL (no data) and write
#                                    sql/schema.sql from it (`make schema`)
#   tests/lib/schema.sh check PORT   fail if the database safegrid on 127.0.0.1:PORT
#                                    (migrated, as tests/run-integration.sh leaves it)
#                                    differs from sql/schema.sql
#
# The dump is pg_dump --schema-only without owners (every object belongs to
# safegrid_owner) but with grants (who may touch what is part of the schema), less
# the lines that change with the PostgreSQL build rather than with the schema:
# the version comments and \restrict with its random key.
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd -P)
schema_file=$repo/sql/schema.sql

dump() {
    local out
    out=$(pg_dump -h 127.0.0.1 -p "$1" -U postgres -d safegrid \
        --schema-only --no-owner --no-tablespaces)
    printf '%s\n' "$out" | sed -E \
        -e '/^-- Dumped (from|by) /d' \
        -e '/^\\(un)?restrict /d'
}

write() {
    local bin_dir=${SAFEGRID_BIN:-$repo/build} var_dir status=0
    var_dir=$(mktemp -d /tmp/safegrid-schema.XXXXXX)
    chmod 0755 "$var_dir"
    # shellcheck source=tests/lib/ports.sh
    source "$repo/tests/lib/ports.sh"
    private_stack "$var_dir" "$bin_dir" 1
    export SAFEGRID_SEED_DEMO=0
    if bash "$repo/deploy/stack.sh" db-up >"$var_dir/db-up.log" 2>&1; then
        dump "$pg_port" >"$schema_file.tmp" && mv "$schema_file.tmp" "$schema_file" || status=1
    else
        cat "$var_dir/db-up.log" >&2
        status=1
    fi
    bash "$repo/deploy/stack.sh" pg-stop >/dev/null || true
    rm -rf "$var_dir" "$schema_file.tmp"
    ((status == 0)) && echo "wrote sql/schema.sql"
    return "$status"
}

check() {
    local port=$1 diff_file
    diff_file=$(mktemp)
    if ! dump "$port" | diff -u --label sql/schema.sql --label 'the migrations' \
        "$schema_file" - >"$diff_file"; then
        head -n 60 "$diff_file" >&2
        rm -f "$diff_file"
        echo "schema: sql/schema.sql differs from what the migrations make;" \
            "run \`make schema\` and commit sql/schema.sql" >&2
        return 1
    fi
    rm -f "$diff_file"
    echo "sql/schema.sql matches the migrations"
}

case ${1:-} in
    write) write ;;
    check) check "${2:?usage: $0 check PORT}" ;;
    *)
        echo "usage: $0 write | check PORT" >&2
        exit 2
        ;;
esac
