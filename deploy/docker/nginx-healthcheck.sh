#!/bin/sh
# Health check of the web service: /api/v1/health through nginx, over HTTPS when TLS
# is on (the HTTP port then only redirects).
if [ -f /etc/safegrid/tls/fullchain.pem ]; then
    exec curl -kfsS -o /dev/null --max-time 4 https://127.0.0.1:8443/api/v1/health
fi
exec curl -fsS -o /dev/null --max-time 4 http://127.0.0.1:8080/api/v1/health
