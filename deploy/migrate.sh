#!/usr/bin/env bash
# Brings the database to the code's schema: `safegridctl migrate`, and the demo county
# when SAFEGRID_SEED_DEMO=1. An upgrade -- a database that already has migrations
# applied and is missing some -- is first backed up by deploy/backup.sh (tag
# pre-upgrade), and nothing is migrated if that backup fails. A new, empty database
# needs no backup. The `migrate` service of docker-compose.yml runs this before `app`
# starts.
#
#   DATABASE_OWNER_URL, SAFEGRID_SQL_DIR   for safegridctl
#   PGHOST, PGPORT, PGUSER, PGPASSWORD     a superuser, for the backup
#   SAFEGRID_BACKUP_BEFORE_MIGRATE         0 skips the backup (default 1)
#   SAFEGRID_SEED_DEMO                     1 loads the demo county (default 0)
#   SAFEGRID_BACKUP_SCRIPT                 the backup (default backup.sh beside this file;
#                                          the image names it safegrid-backup)
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)
ctl=${SAFEGRID_CTL:-safegridctl}
backup=${SAFEGRID_BACKUP_SCRIPT:-$here/backup.sh}
sql_dir=${SAFEGRID_SQL_DIR:-sql}

pending=$("$ctl" migrate --dry-run | grep -c '^pending ' || true)
total=$(find "$sql_dir/migrations" -maxdepth 1 -name '*.sql' | wc -l)
if ((pending == 0)); then
    echo "migrate: database is up to date"
elif ((pending == total)); then
    echo "migrate: new database, $total migrations to apply"
elif [[ ${SAFEGRID_BACKUP_BEFORE_MIGRATE:-1} == 0 ]]; then
    echo "migrate: upgrade of $pending migrations, without a backup (SAFEGRID_BACKUP_BEFORE_MIGRATE=0)"
else
    echo "migrate: upgrade of $pending migrations; backing up first"
    "$backup" --tag pre-upgrade || {
        echo "migrate: the backup failed; nothing was migrated" >&2
        exit 1
    }
fi
if ((pending > 0)); then
    "$ctl" migrate
fi
if [[ ${SAFEGRID_SEED_DEMO:-0} == 1 ]]; then
    "$ctl" seed-demo
fi
