#!/usr/bin/env bash
# Backs up the safegrid database: a compressed pg_dump in custom format, named with
# the UTC time and a tag, written to a temporary name and renamed only once pg_restore
# can read it back, then the oldest dumps of the same tag beyond SAFEGRID_BACKUP_KEEP
# removed. The `backup` service of docker-compose.yml runs it daily (--daily) and the
# `migrate` service before an upgrade's migrations (--tag pre-upgrade).
#
# Usage: deploy/backup.sh [--tag TAG] [--daily]
#
# Connects with libpq's variables (PGHOST, PGPORT, PGUSER, PGPASSWORD), as a superuser:
# the owner role is itself under forced row-level security and would dump no rows.
#
#   SAFEGRID_BACKUP_DIR   where dumps go (default /backups in a container, else ./var/backups)
#   SAFEGRID_BACKUP_KEEP  dumps of a tag kept (default 14)
#   SAFEGRID_BACKUP_TIME  --daily: local time of day to run, HH:MM (default 02:30; TZ applies)
#   SAFEGRID_DB_NAME      database (default safegrid)
set -euo pipefail

tag=manual
daily=0
while (($#)); do
    case $1 in
        --tag) tag=${2:?--tag needs a value}; shift 2 ;;
        --daily) daily=1; tag=daily; shift ;;
        *) echo "usage: $0 [--tag TAG] [--daily]" >&2; exit 2 ;;
    esac
done
[[ $tag =~ ^[a-z0-9-]{1,32}$ ]] || { echo "backup: tag must be a-z, 0-9 and -" >&2; exit 2; }

if [[ -d /backups && -z ${SAFEGRID_BACKUP_DIR:-} ]]; then
    dir=/backups
else
    dir=${SAFEGRID_BACKUP_DIR:-var/backups}
fi
keep=${SAFEGRID_BACKUP_KEEP:-14}
[[ $keep =~ ^[1-9][0-9]*$ ]] || { echo "backup: SAFEGRID_BACKUP_KEEP must be a positive whole number" >&2; exit 2; }
database=${SAFEGRID_DB_NAME:-safegrid}
mkdir -p "$dir"

backup_once() {
    local stamp file tmp
    stamp=$(date -u +%Y%m%dT%H%M%SZ)
    file=$dir/safegrid-$stamp-$tag.dump
    tmp=$dir/.safegrid-$stamp-$tag.dump.partial
    if ! pg_dump --format=custom --compress=6 --no-password --file="$tmp" "$database" ||
        ! pg_restore --list "$tmp" >/dev/null; then
        rm -f "$tmp"
        echo "failed $(date -u +%FT%TZ)" >"$dir/.last-status"
        echo "backup: pg_dump of $database failed" >&2
        return 1
    fi
    mv -f "$tmp" "$file"
    echo "ok $(date -u +%FT%TZ) $file" >"$dir/.last-status"
    echo "backup: $file ($(du -h "$file" | cut -f1))"
    # The newest $keep of this tag stay; names sort by time.
    local old
    find "$dir" -maxdepth 1 -name "safegrid-*-$tag.dump" -printf '%f\n' | sort -r |
        tail -n +$((keep + 1)) | while IFS= read -r old; do
        rm -f "$dir/$old"
        echo "backup: removed $old"
    done
}

if ((daily == 0)); then
    backup_once
    exit
fi

at=${SAFEGRID_BACKUP_TIME:-02:30}
[[ $at =~ ^([01][0-9]|2[0-3]):[0-5][0-9]$ ]] || { echo "backup: SAFEGRID_BACKUP_TIME must be HH:MM" >&2; exit 2; }
echo "backup: daily at $at (${TZ:-UTC}), keeping $keep, into $dir"
echo "waiting $(date -u +%FT%TZ)" >"$dir/.last-status"
while :; do
    now=$(date +%s)
    next=$(date -d "today $at" +%s)
    ((next > now)) || next=$(date -d "tomorrow $at" +%s)
    sleep $((next - now))
    backup_once || true
done
