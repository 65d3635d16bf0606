#!/bin/sh
# Entrypoint of the db service: the official PostgreSQL image's own, after the
# passwords of .env have passed the same check as everywhere else (secrets.sh), so
# the stack does not start with an empty or placeholder password.
set -eu
. /safegrid/secrets.sh
require_secret POSTGRES_PASSWORD
require_secret SAFEGRID_OWNER_PASSWORD
require_secret SAFEGRID_APP_PASSWORD
exec docker-entrypoint.sh "$@"
