#!/usr/bin/env bash
# Restores a dump of deploy/backup.sh into an empty database: makes the two roles if
# the cluster lacks them (sql/bootstrap.sql), creates the database owned by
# safegrid_owner if it does not exist, refuses one that holds any table, then runs
# pg_restore in one transaction, stopping at the first error. Triggers and policies come
# after the rows, so the restore writes no audit entries and keeps the audit log as it was.
#
# Usage: deploy/restore.sh FILE
#
# Connects with libpq's variables (PGHOST, PGPORT, PGUSER, PGPASSWORD) as a superuser.
#   SAFEGRID_DB_NAME   database (default safegrid)
#   SAFEGRID_SQL_DIR   where bootstrap.sql is (default: sql/ beside this script's folder)
set -euo pipefail

file=${1:?usage: $0 FILE}
[[ -r $file ]] || { echo "restore: cannot read $file" >&2; exit 1; }
database=${SAFEGRID_DB_NAME:-safegrid}
[[ $database =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "restore: bad database name '$database'" >&2; exit 2; }
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)
sql_dir=${SAFEGRID_SQL_DIR:-$here/../sql}

pg_restore --list "$file" >/dev/null || { echo "restore: $file is not a pg_dump archive" >&2; exit 1; }

psql_admin() {
    psql -X -q -v ON_ERROR_STOP=1 --no-password -d postgres "$@"
}

psql_admin -f "$sql_dir/bootstrap.sql"
exists=$(psql_admin -tA -v name="$database" <<<"select 1 from pg_database where datname = :'name'")
if [[ $exists == 1 ]]; then
    tables=$(psql -X -q -tA --no-password -d "$database" -c \
        "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
            and n.nspname !~ '^pg_toast'")
    if ((tables > 0)); then
        echo "restore: database $database holds $tables tables; restore only into an empty one" >&2
        echo "restore: (drop it first, after stopping the app: dropdb $database)" >&2
        exit 1
    fi
else
    psql_admin -c "create database \"$database\" owner safegrid_owner template template0 encoding 'UTF8'"
fi
pg_restore --exit-on-error --single-transaction --no-password -d "$database" "$file"
echo "restore: $file restored into $database"
