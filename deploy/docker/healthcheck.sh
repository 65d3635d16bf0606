#!/bin/sh
# Health check of the app service: GET /api/v1/health over FastCGI on safegridd's TCP
# socket (cgi-fcgi, from libfcgi-bin), healthy when the answer says the database is ok.
set -eu
listen=${SAFEGRID_LISTEN:-0.0.0.0:9000}
address=127.0.0.1:${listen##*:}
answer=$(env -i REQUEST_METHOD=GET SCRIPT_NAME=/api/v1/health DOCUMENT_URI=/api/v1/health \
    REQUEST_URI=/api/v1/health QUERY_STRING= SERVER_PROTOCOL=HTTP/1.1 REMOTE_ADDR=127.0.0.1 \
    cgi-fcgi -bind -connect "$address")
case $answer in
    *'"database":"ok"'*) exit 0 ;;
    *) printf '%s\n' "$answer" | tail -n 1 >&2; exit 1 ;;
esac
