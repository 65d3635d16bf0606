#!/bin/sh
# Entrypoint of the safegrid image (app, migrate and backup services): turns the
# passwords of .env into connection settings, refusing empty or placeholder ones, then
# runs the command -- safegridd by default; safegrid-migrate, safegrid-backup,
# safegrid-restore or any safegridctl command otherwise.
#
#   SAFEGRID_DB_HOST / _PORT / _NAME    the database (default db, 5432, safegrid)
#   SAFEGRID_DB_READONLY_HOST / _PORT   a streaming replica, if any (default port 5432)
#   SAFEGRID_APP_PASSWORD               -> DATABASE_URL as safegrid_app, and
#                                          DATABASE_URL_READONLY with a replica
#   SAFEGRID_OWNER_PASSWORD             -> DATABASE_OWNER_URL as safegrid_owner
#   POSTGRES_PASSWORD                   -> PGUSER=postgres, PGPASSWORD (backups, restore),
#                                          DATA_SOURCE_NAME (the exporter of db-metrics)
# Each is used only where it is set: the app container never holds the owner's or the
# superuser's password. Passwords are percent-encoded in the URLs, so '@', ':' and '/'
# in them work.
set -eu
. "${SAFEGRID_SECRETS_SH:-/usr/local/lib/safegrid/secrets.sh}"

host=${SAFEGRID_DB_HOST:-db}
port=${SAFEGRID_DB_PORT:-5432}
name=${SAFEGRID_DB_NAME:-safegrid}

if [ -n "${SAFEGRID_APP_PASSWORD+set}" ]; then
    require_secret SAFEGRID_APP_PASSWORD
    DATABASE_URL=$(postgres_url safegrid_app "$SAFEGRID_APP_PASSWORD" "$host" "$port" "$name")
    export DATABASE_URL
    if [ -n "${SAFEGRID_DB_READONLY_HOST:-}" ]; then
        DATABASE_URL_READONLY=$(postgres_url safegrid_app "$SAFEGRID_APP_PASSWORD" \
            "$SAFEGRID_DB_READONLY_HOST" "${SAFEGRID_DB_READONLY_PORT:-5432}" "$name")
        export DATABASE_URL_READONLY
    fi
    unset SAFEGRID_APP_PASSWORD
fi
if [ -n "${SAFEGRID_OWNER_PASSWORD+set}" ]; then
    require_secret SAFEGRID_OWNER_PASSWORD
    DATABASE_OWNER_URL=$(postgres_url safegrid_owner "$SAFEGRID_OWNER_PASSWORD" "$host" "$port" "$name")
    export DATABASE_OWNER_URL
    unset SAFEGRID_OWNER_PASSWORD
fi
if [ -n "${POSTGRES_PASSWORD+set}" ]; then
    require_secret POSTGRES_PASSWORD
    export PGHOST="$host" PGPORT="$port" PGUSER=postgres PGPASSWORD="$POSTGRES_PASSWORD"
    # For prometheus-postgres-exporter (the db-metrics service).
    DATA_SOURCE_NAME="$(postgres_url postgres "$POSTGRES_PASSWORD" "$host" "$port" "$name")?sslmode=disable"
    export DATA_SOURCE_NAME
    unset POSTGRES_PASSWORD
fi
exec "$@"
