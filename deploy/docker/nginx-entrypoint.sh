#!/bin/sh
# Render the nginx template for the container and run nginx in the foreground.
set -eu
var=/srv/safegrid/var
web=/srv/safegrid/web
[ -d "$web/dist" ] && web="$web/dist"
sed -e "s|@USER_DIRECTIVE@|user www-data;|" \
    -e "s|@VAR@|$var|g" -e "s|@LOG_DIR@|$var/log|g" -e "s|@RUN_DIR@|$var/run|g" \
    -e "s|@HTTP_ADDR@|0.0.0.0|g" -e "s|@HTTP_PORT@|8080|g" -e "s|@WEB_ROOT@|$web|g" \
    -e "s|@FCGI_PASS@|${SAFEGRID_FCGI:-app:9000}|g" \
    -e "s|@LOGIN_RATE@|${SAFEGRID_LOGIN_RATE:-30r/m}|g" \
    -e "s|@LOGIN_BURST@|${SAFEGRID_LOGIN_BURST:-20}|g" \
    /etc/safegrid/nginx.conf.template > /etc/safegrid/nginx.conf
ln -sf /dev/stderr "$var/log/nginx-error.log"
ln -sf /dev/stdout "$var/log/nginx-access.log"
exec nginx -c /etc/safegrid/nginx.conf -g 'daemon off;'
