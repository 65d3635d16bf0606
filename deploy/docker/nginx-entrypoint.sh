#!/bin/sh
# Entrypoint of the web service: renders the nginx template as deploy/stack.sh does,
# writes this installation's settings beside it, and runs nginx in the foreground.
#
#   SAFEGRID_FCGI             safegridd's FastCGI address(es): host:port, or several
#                             separated by spaces or commas for an upstream (default app:9000)
#   SAFEGRID_TRUSTED_PROXIES  addresses or CIDR ranges of the reverse proxies in front
#                             (set_real_ip_from), separated by spaces or commas; the client
#                             address is then taken from their X-Forwarded-For (default: none)
#   SAFEGRID_LOGIN_RATE, SAFEGRID_LOGIN_BURST   as on the local stack
#   SAFEGRID_MAX_CONNECTIONS, SAFEGRID_CONN_PER_ADDR   requests let in at once, in all
#                             and per client address (default 4096, 64); the rest get 503
#   TLS: when /etc/safegrid/tls/fullchain.pem and privkey.pem exist, nginx serves HTTPS
#   on 8443 and port 8080 answers every request with a redirect to https://. HSTS is
#   sent on HTTPS, nginx's own or a trusted proxy's (the template's $safegrid_hsts).
set -eu
# Where things are in the image; the operations tests run this script outside one.
var=${SAFEGRID_NGINX_VAR:-/srv/safegrid/var}
etc=${SAFEGRID_NGINX_ETC:-/etc/safegrid}
web=${SAFEGRID_NGINX_WEB:-/srv/safegrid/web}
http_port=${SAFEGRID_NGINX_HTTP_PORT:-8080}
https_port=${SAFEGRID_NGINX_HTTPS_PORT:-8443}
user_directive=${SAFEGRID_NGINX_USER-user www-data;}
# Where the rendered configuration goes: the image sets a path under var, so that the
# image's root file system can be read-only and nginx need not start as root.
conf=${SAFEGRID_NGINX_CONF:-$etc/nginx.conf}
confd=$var/nginx/conf.d
tls=$etc/tls
mkdir -p "$confd"
rm -f "$confd"/*.conf

fail() {
    echo "safegrid-nginx: $*" >&2
    exit 78
}

login_rate=${SAFEGRID_LOGIN_RATE:-30r/m}
login_burst=${SAFEGRID_LOGIN_BURST:-20}
echo "$login_rate" | grep -Eq '^[1-9][0-9]*r/[sm]$' || fail "SAFEGRID_LOGIN_RATE must look like 30r/m, not '$login_rate'"
echo "$login_burst" | grep -Eq '^[1-9][0-9]{0,4}$' || fail "SAFEGRID_LOGIN_BURST must be 1-99999"
# Requests let in at once, in all and per client address (the rest get 503), and the
# connections and files that takes (nginx/safegrid.conf.template says why).
max_connections=${SAFEGRID_MAX_CONNECTIONS:-4096}
conn_per_addr=${SAFEGRID_CONN_PER_ADDR:-64}
echo "$max_connections" | grep -Eq '^[1-9][0-9]{0,5}$' && [ "$max_connections" -le 100000 ] ||
    fail "SAFEGRID_MAX_CONNECTIONS must be 1-100000"
echo "$conn_per_addr" | grep -Eq '^[1-9][0-9]{0,5}$' && [ "$conn_per_addr" -le "$max_connections" ] ||
    fail "SAFEGRID_CONN_PER_ADDR must be 1-SAFEGRID_MAX_CONNECTIONS"
worker_connections=$((2 * max_connections + 512))
nofile=$((2 * worker_connections))

# One address or an upstream of several.
servers=$(printf '%s' "${SAFEGRID_FCGI:-app:9000}" | tr ',' ' ')
fcgi_pass=
count=0
for server in $servers; do
    echo "$server" | grep -Eq '^[A-Za-z0-9._-]+:[0-9]{1,5}$' || fail "bad FastCGI address '$server'"
    count=$((count + 1))
    fcgi_pass=$server
done
[ "$count" -gt 0 ] || fail "SAFEGRID_FCGI is empty"
if [ "$count" -gt 1 ]; then
    {
        echo "upstream safegrid_app {"
        for server in $servers; do echo "    server $server;"; done
        echo "}"
    } >"$confd/http-upstream.conf"
    fcgi_pass=safegrid_app
fi

# Only these may say who the client is (X-Forwarded-For) and that it spoke HTTPS
# (X-Forwarded-Proto): trusted-proxies.geo feeds the template's geo block.
proxies=$(printf '%s' "${SAFEGRID_TRUSTED_PROXIES:-}" | tr ',' ' ')
: >"$confd/trusted-proxies.geo"
if [ -n "$proxies" ]; then
    for proxy in $proxies; do
        echo "$proxy" | grep -Eq '^[0-9A-Fa-f.:]+(/[0-9]{1,3})?$' ||
            fail "SAFEGRID_TRUSTED_PROXIES: '$proxy' is not an address or CIDR range"
        echo "$proxy 1;" >>"$confd/trusted-proxies.geo"
        echo "set_real_ip_from $proxy;"
    done >"$confd/http-real-ip.conf"
    printf 'real_ip_header X-Forwarded-For;\nreal_ip_recursive on;\n' >>"$confd/http-real-ip.conf"
fi

if [ -f "$tls/fullchain.pem" ] && [ -f "$tls/privkey.pem" ]; then
    cat >"$confd/listen.conf" <<CONF
listen 0.0.0.0:$https_port ssl http2;
ssl_certificate $tls/fullchain.pem;
ssl_certificate_key $tls/privkey.pem;
ssl_protocols TLSv1.2 TLSv1.3;
ssl_session_cache shared:tls:10m;
ssl_session_timeout 1d;
CONF
    # To SAFEGRID_PUBLIC_URL when it is an https:// address (it keeps a port other
    # than 443), else to the same host on HTTPS.
    target='https://$host'
    case ${SAFEGRID_PUBLIC_URL:-} in
        https://*)
            target=${SAFEGRID_PUBLIC_URL%/}
            echo "$target" | grep -Eq '^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?$' ||
                fail "SAFEGRID_PUBLIC_URL must be https://host[:port], not '$SAFEGRID_PUBLIC_URL'"
            ;;
    esac
    cat >"$confd/http-redirect.conf" <<CONF
server {
    listen 0.0.0.0:$http_port;
    server_name _;
    location / {
        return 301 $target\$request_uri;
    }
}
CONF
else
    echo "listen 0.0.0.0:$http_port;" >"$confd/listen.conf"
fi

mkdir -p "$var/log" "$var/run"
sed -e "s|@USER_DIRECTIVE@|$user_directive|" \
    -e "s|@VAR@|$var|g" -e "s|@LOG_DIR@|$var/log|g" -e "s|@RUN_DIR@|$var/run|g" \
    -e "s|@HTTP_ADDR@|0.0.0.0|g" -e "s|@HTTP_PORT@|$http_port|g" -e "s|@WEB_ROOT@|$web|g" \
    -e "s|@FCGI_PASS@|$fcgi_pass|g" \
    -e "s|@LOGIN_RATE@|$login_rate|g" -e "s|@LOGIN_BURST@|$login_burst|g" \
    -e "s|@MAX_CONNECTIONS@|$max_connections|g" -e "s|@CONN_PER_ADDR@|$conn_per_addr|g" \
    -e "s|@WORKER_CONNECTIONS@|$worker_connections|g" -e "s|@WORKER_RLIMIT_NOFILE@|$nofile|g" \
    "$etc/nginx.conf.template" >"$conf"
if grep -n '@[A-Z_]*@' "$conf" >&2; then
    fail "unreplaced placeholders in the template"
fi
# In the container, logs go to Docker's log driver, which rotates them
# (docker-compose.yml's logging).
if [ -z "${SAFEGRID_NGINX_VAR:-}" ]; then
    ln -sf /dev/stderr "$var/log/nginx-error.log"
    ln -sf /dev/stdout "$var/log/nginx-access.log"
fi
nginx -t -q -c "$conf" -e "$var/log/nginx-error.log"

# nginx looks a FastCGI address given by name (app:9000, a compose service) up once,
# when it loads its configuration; a container made again (an upgrade's `up -d`)
# comes back at another address, and nginx would go on sending to the old one. So
# while nginx runs, the names are looked up every SAFEGRID_NGINX_RECHECK seconds
# (default 5), and nginx reloads its configuration when their addresses change and
# every name has one. Addresses given as numbers need none of this.
names=
for server in $servers; do
    host=${server%:*}
    echo "$host" | grep -Eq '^[0-9.]+$' || names="$names $host"
done
if [ -z "$names" ]; then
    exec nginx -c "$conf" -e "$var/log/nginx-error.log" -g 'daemon off;'
fi
recheck=${SAFEGRID_NGINX_RECHECK:-5}
echo "$recheck" | grep -Eq '^[1-9][0-9]{0,3}$' || fail "SAFEGRID_NGINX_RECHECK must be 1-9999 seconds"

# Each name with its addresses; nothing at all while a name has none.
addresses() {
    all=
    for name in $names; do
        found=$(getent ahostsv4 "$name" | awk '{ print $1 }' | sort -u | tr '\n' ' ')
        [ -n "$found" ] || return 0
        all="$all$name $found; "
    done
    echo "$all"
}

nginx -c "$conf" -e "$var/log/nginx-error.log" -g 'daemon off;' &
nginx_pid=$!
# Docker's stop signal and any other goes on to nginx, which then stops as it would
# have as the container's first process.
for signal in TERM INT QUIT HUP USR1 USR2; do
    # shellcheck disable=SC2064 # the pid and the signal are those of now
    trap "kill -$signal $nginx_pid 2>/dev/null" "$signal"
done
known=$(addresses)
while kill -0 "$nginx_pid" 2>/dev/null; do
    sleep "$recheck" &
    wait $! || :
    now=$(addresses)
    if [ -n "$now" ] && [ "$now" != "$known" ]; then
        echo "safegrid-nginx: FastCGI addresses now $now reloading" >&2
        kill -HUP "$nginx_pid" 2>/dev/null || :
        known=$now
    fi
done
status=0
wait "$nginx_pid" || status=$?
exit "$status"
