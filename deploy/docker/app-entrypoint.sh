#!/bin/sh
# Applies pending migrations as the owner role, then runs the command
# (safegridd by default) in the foreground as PID 1's child-free successor.
set -eu
if [ "${1:-}" = safegridd ]; then
    safegridctl migrate
    if [ "${SAFEGRID_SEED_DEMO:-0}" = 1 ]; then
        safegridctl seed-demo
    fi
fi
exec "$@"
