#!/bin/sh
# First start of the database container: the two roles, their passwords,
# and the database owned by safegrid_owner.
set -eu
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres -f /safegrid/bootstrap.sql
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres \
     -v owner_password="$SAFEGRID_OWNER_PASSWORD" -v app_password="$SAFEGRID_APP_PASSWORD" <<'SQL'
alter role safegrid_owner password :'owner_password';
alter role safegrid_app password :'app_password';
create database safegrid owner safegrid_owner;
SQL
