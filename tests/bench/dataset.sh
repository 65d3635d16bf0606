# The benchmark county in the bench stack's database, sourced by tests/bench/run.sh
# (which exports the SAFEGRID_* settings of the stack and sets $stack, $repo, $var_dir
# and $bin_dir).
#
# Seeding scale 1 takes minutes, so `make bench` seeds once and keeps a pristine copy:
# after seed-bench (and a VACUUM ANALYZE, so that autovacuum does not start in the
# middle of a measurement) the database `safegrid` is copied into the template
# database `safegrid_bench_template`, and $var_dir/bench-dataset records what it holds
# (scale, seed, SHA-256 of sql/bench/seed.sql). Every later run with the same three
# drops `safegrid` and copies it back from the template (seconds), so every run
# measures the same rows: the writes of the previous run (hazards created and moved,
# draft inspections, sessions) are gone. Migrations added since the copy are applied
# to the restored database and the template is refreshed; a migration changed after
# it was applied, or any other mismatch, means seeding again from scratch.

dataset_template=safegrid_bench_template
dataset_marker=$var_dir/bench-dataset

dataset_psql() {
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$SAFEGRID_PG_PORT" -U postgres "$@"
}

dataset_ctl() {
    env DATABASE_OWNER_URL="postgresql://safegrid_owner@127.0.0.1:$SAFEGRID_PG_PORT/safegrid" \
        DATABASE_URL="postgresql://safegrid_app@127.0.0.1:$SAFEGRID_PG_PORT/safegrid" \
        SAFEGRID_SQL_DIR="$repo/sql" "$bin_dir/safegridctl" "$@"
}

# What a data set is: the same three give the same rows.
dataset_identity() {
    local seed_sql
    seed_sql=$(sha256sum "$repo/sql/bench/seed.sql")
    printf 'scale=%s seed=%s seed_sql=%s\n' "$1" "$2" "${seed_sql%% *}"
}

# Removes the stack's folder, after a sanity check of the path it is about to delete.
dataset_wipe() {
    "$stack" down >/dev/null || true
    case $var_dir in
        */bench-* | */safegrid-bench-*) rm -rf "$var_dir" ;;
        *)
            echo "bench: refusing to delete $var_dir (not a bench folder)" >&2
            return 1
            ;;
    esac
}

# Wipe, start an empty migrated stack, fill it with the benchmark county. Leaves the
# whole stack running.
dataset_fresh() {
    local scale=$1 seed=$2 t0
    dataset_wipe
    "$stack" up
    echo "== bench: seed-bench --scale $scale --seed $seed"
    t0=$(date +%s)
    dataset_ctl seed-bench --scale "$scale" --seed "$seed"
    dataset_psql -d safegrid -c 'vacuum (analyze)'
    echo "== bench: data set seeded in $(($(date +%s) - t0)) s"
    echo "$(($(date +%s) - t0))" >"$var_dir/bench-seeded-in"
}

# Copies `safegrid` into the template (or the other way round with "restore").
# Nothing may be connected to the source: safegridd is stopped meanwhile.
dataset_copy() {
    local from=$1 to=$2
    dataset_psql -d postgres \
        -c "drop database if exists $to with (force)" \
        -c "create database $to template $from strategy file_copy owner safegrid_owner"
}

# With PostgreSQL running: the template back into `safegrid`, plus new migrations.
dataset_restore() {
    local have out
    have=$(dataset_psql -d postgres -tA \
        -c "select 1 from pg_database where datname = '$dataset_template'") || return 1
    [[ $have == 1 ]] || return 1
    dataset_copy "$dataset_template" safegrid || return 1
    out=$(dataset_ctl migrate 2>&1) || {
        printf '%s\n' "$out" >&2
        return 1
    }
    if grep -q '^applied' <<<"$out"; then
        printf '%s\n' "$out"
        echo "== bench: new migrations applied; refreshing the saved copy"
        dataset_copy safegrid "$dataset_template" || return 1
    fi
    return 0
}

# `make bench`: the saved data set if it is the one asked for, else seed and save.
# Leaves PostgreSQL running (run.sh starts the rest).
dataset_reuse_or_seed() {
    local scale=$1 seed=$2 want t0
    want=$(dataset_identity "$scale" "$seed")
    "$stack" down >/dev/null || true   # a run killed earlier may have left it up
    if [[ -f $dataset_marker && $(cat "$dataset_marker") == "$want" && -f $var_dir/pg/PG_VERSION ]]; then
        "$stack" pg-start
        t0=$(date +%s)
        if dataset_restore; then
            echo "== bench: reused the saved data set ($want); restored in $(($(date +%s) - t0)) s"
            return 0
        fi
        echo "== bench: the saved data set cannot be used; seeding again" >&2
    fi
    dataset_fresh "$scale" "$seed"
    "$stack" down
    "$stack" pg-start
    t0=$(date +%s)
    dataset_copy safegrid "$dataset_template"
    printf '%s\n' "$want" >"$dataset_marker"
    echo "== bench: data set saved as $dataset_template in $(($(date +%s) - t0)) s"
}
