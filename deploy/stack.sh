#!/usr/bin/env bash
# Runs a complete local safegrid stack (PostgreSQL, safegridd, nginx) for development
# and for the integration tests. Everything it creates lives under SAFEGRID_VAR, so
# several stacks (a developer's `make run` and a test run, say) can coexist as long as
# their ports differ. Processes are tracked and stopped by pidfile only.
#
# Usage: deploy/stack.sh up|down|run|status|pg-start|pg-stop|restart-safegridd|db-up|psql [psql args]
set -euo pipefail
# Without job control, a background subshell is never a process-group leader, so the
# `setsid` below makes the new session in place instead of forking: the pid we record
# is then safegridd's own.
set +m

self=$(readlink -f "${BASH_SOURCE[0]}")
repo=$(cd "$(dirname "$self")/.." && pwd -P)
caller_dir=$PWD

# Relative paths given by the user are taken from where they ran the command.
absolute_path() {
    local path=${1%/}
    case $path in
        /*) printf '%s\n' "$path" ;;
        *) printf '%s/%s\n' "$caller_dir" "${path#./}" ;;
    esac
}

var_dir=$(absolute_path "${SAFEGRID_VAR:-$repo/var}")
http_port=${SAFEGRID_HTTP_PORT:-8080}
http_addr=${SAFEGRID_HTTP_ADDR:-127.0.0.1}
pg_port=${SAFEGRID_PG_PORT:-25432}
workers=${SAFEGRID_WORKERS:-$(nproc)}
bin_dir=$(absolute_path "${SAFEGRID_BIN:-$repo/build}")
seed_demo=${SAFEGRID_SEED_DEMO:-1}
demo_password=${SAFEGRID_DEMO_PASSWORD:-safegrid-demo}
login_rate=${SAFEGRID_LOGIN_RATE:-30r/m}
login_burst=${SAFEGRID_LOGIN_BURST:-20}
# Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (addresses
# or CIDR ranges, commas or spaces between); empty: none.
proxies_setting=${SAFEGRID_TRUSTED_PROXIES:-}
# Requests nginx lets in at once, in all and per client address; the rest get 503.
max_connections=${SAFEGRID_MAX_CONNECTIONS:-4096}
conn_per_addr=${SAFEGRID_CONN_PER_ADDR:-64}
read -r -a trusted_proxies <<<"${proxies_setting//,/ }"
sql_dir=$(absolute_path "${SAFEGRID_SQL_DIR:-$repo/sql}")

pg_bin=/usr/lib/postgresql/15/bin
pg_data=$var_dir/pg
pg_socket_dir=$var_dir/pg-sock
log_dir=$var_dir/log
run_dir=$var_dir/run
fcgi_dir=$run_dir/fcgi
fcgi_socket=$fcgi_dir/safegridd.sock
nginx_dir=$var_dir/nginx
nginx_conf=$nginx_dir/nginx.conf
nginx_template=$repo/nginx/safegrid.conf.template
safegridd_pidfile=$run_dir/safegridd.pid
jobs_pidfile=$run_dir/jobs.pid
nginx_pidfile=$run_dir/nginx.pid

owner_url="postgresql://safegrid_owner@127.0.0.1:$pg_port/safegrid"
app_url="postgresql://safegrid_app@127.0.0.1:$pg_port/safegrid"
site_url="http://$http_addr:$http_port/"
demo_towns=(difang bailin zhongcun)

# PostgreSQL refuses to run as root and nginx workers should not either, so as root
# the services run as the accounts the Debian packages create.
if ((EUID == 0)); then
    pg_user=postgres
    app_user=www-data
else
    pg_user=$(id -un)
    app_user=$pg_user
fi

die() {
    echo "stack: $*" >&2
    exit 1
}

validate_config() {
    local name value
    for name in http_port pg_port; do
        value=${!name}
        if ! [[ $value =~ ^[0-9]+$ ]] || ((value < 1 || value > 65535)); then
            die "invalid port for $name: '$value'"
        fi
    done
    [[ $workers =~ ^[1-9][0-9]*$ ]] || die "SAFEGRID_WORKERS must be a positive integer"
    [[ $login_rate =~ ^[1-9][0-9]*r/[sm]$ ]] ||
        die "SAFEGRID_LOGIN_RATE must look like 30r/m or 5r/s, not '$login_rate'"
    [[ $login_burst =~ ^[1-9][0-9]{0,4}$ ]] ||
        die "SAFEGRID_LOGIN_BURST must be a whole number from 1 to 99999, not '$login_burst'"
    [[ $http_addr =~ ^[][0-9A-Za-z.:-]+$ ]] || die "invalid SAFEGRID_HTTP_ADDR '$http_addr'"
    [[ $max_connections =~ ^[1-9][0-9]{0,5}$ ]] && ((max_connections <= 100000)) ||
        die "SAFEGRID_MAX_CONNECTIONS must be a whole number from 1 to 100000, not '$max_connections'"
    [[ $conn_per_addr =~ ^[1-9][0-9]{0,5}$ ]] && ((conn_per_addr <= max_connections)) ||
        die "SAFEGRID_CONN_PER_ADDR must be a whole number from 1 to SAFEGRID_MAX_CONNECTIONS, not '$conn_per_addr'"
    for value in "${trusted_proxies[@]}"; do
        [[ $value =~ ^[0-9A-Fa-f.:]+(/[0-9]{1,3})?$ ]] ||
            die "SAFEGRID_TRUSTED_PROXIES: '$value' is not an address or CIDR range"
    done
    # These paths are pasted into nginx and PostgreSQL configuration files unquoted.
    for name in var_dir repo; do
        [[ ${!name} =~ ^[A-Za-z0-9._/+@=,-]+$ ]] ||
            die "path '${!name}' has characters the generated configs cannot hold"
    done
}

# Runs a command as the database's OS user. From / because postgres cannot always
# enter the caller's directory, and initdb complains when it cannot.
as_pg() {
    if ((EUID == 0)); then
        (cd / && runuser -u "$pg_user" -- "$@")
    else
        "$@"
    fi
}

# Whether USER can open PATH with test(1)'s FLAG (-x to traverse, -r to read).
user_can() {
    local user=$1 flag=$2 path=$3
    if ((EUID == 0)); then
        (cd / && runuser -u "$user" -- test "$flag" "$path")
    else
        test "$flag" "$path"
    fi
}

# True when PID is a live (not zombie) process running the program EXE (by the name the
# kernel keeps, /proc/PID/comm). The name check guards against a recycled pid in a stale pidfile.
process_runs() {
    local pid=$1 exe=$2 stat comm
    # read, not cat: a builtin, where each process started counts on a loaded machine.
    read -r stat 2>/dev/null <"/proc/$pid/stat" || return 1
    stat=${stat##*) }
    [[ ${stat%% *} != Z ]] || return 1
    # The command's name as the kernel keeps it (its first 15 characters), read by a
    # builtin too: `run` checks safegridd once a second while it waits for Ctrl-C, and
    # bash drops a SIGINT that arrives while it waits for a foreground child that then
    # exits normally (it takes the child to have handled it) -- a `$(readlink …)` here
    # made one Ctrl-C in many go unheard.
    read -r comm 2>/dev/null <"/proc/$pid/comm" || return 1
    [[ $comm == "${exe:0:15}" ]]
}

# Prints the pid recorded on the first line of PIDFILE if it runs EXE.
live_pid() {
    local pidfile=$1 exe=$2 pid=''
    [[ -r $pidfile ]] || return 1
    read -r pid 2>/dev/null <"$pidfile" || [[ -n $pid ]] || return 1
    [[ $pid =~ ^[1-9][0-9]*$ ]] || return 1
    process_runs "$pid" "$exe" || return 1
    printf '%s\n' "$pid"
}

pg_pid() { live_pid "$pg_data/postmaster.pid" postgres; }
# Under `make test-valgrind` (SAFEGRID_VALGRIND=1) safegridd runs inside valgrind's
# memcheck, whose executable the process then is; its workers are forks, so under it too.
safegridd_exe_name=safegridd
[[ ${SAFEGRID_VALGRIND:-0} == 1 ]] && safegridd_exe_name=memcheck-amd64-linux
safegridd_pid() { live_pid "$safegridd_pidfile" "$safegridd_exe_name"; }
jobs_pid() { live_pid "$jobs_pidfile" safegridctl; }
nginx_pid() { live_pid "$nginx_pidfile" nginx; }

# Waits up to SECONDS for PID to go away.
wait_gone() {
    local pid=$1 exe=$2 seconds=$3 i
    for ((i = 0; i < seconds * 10; i++)); do
        process_runs "$pid" "$exe" || return 0
        sleep 0.1
    done
    return 1
}

show_logs() {
    local file
    for file in safegridd.log nginx-error.log postgresql.log; do
        if [[ -s $log_dir/$file ]]; then
            echo "==> $log_dir/$file (last 30 lines) <==" >&2
            tail -n 30 "$log_dir/$file" >&2
        fi
    done
}

psql_super() {
    psql -X -v ON_ERROR_STOP=1 -q -h 127.0.0.1 -p "$pg_port" -U postgres "$@"
}

prepare_dirs() {
    mkdir -p "$var_dir" "$log_dir" "$run_dir" "$nginx_dir"
    if ((EUID == 0)); then
        local user
        for user in "$pg_user" "$app_user"; do
            user_can "$user" -x "$var_dir" ||
                die "user $user cannot enter $var_dir; set SAFEGRID_VAR to a folder other users can reach (e.g. under /tmp)"
        done
    fi
}

# --- PostgreSQL ---------------------------------------------------------------

pg_write_config() {
    # Rewritten on every start so that the port follows SAFEGRID_PG_PORT.
    cat >"$pg_data/safegrid.conf" <<EOF
# Written by deploy/stack.sh on every start; edits here are lost.
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_socket_dir'
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
EOF
    # This is a developer stack bound to loopback only: every local connection is
    # trusted, so nothing needs a password. Never copy this to a reachable server.
    cat >"$pg_data/pg_hba.conf" <<'EOF'
# Written by deploy/stack.sh: developer stack on loopback only, trust everyone local.
local all all               trust
host  all all 127.0.0.1/32  trust
EOF
    if ((EUID == 0)); then
        chown "$pg_user:" "$pg_data/safegrid.conf" "$pg_data/pg_hba.conf"
    fi
}

pg_init() {
    mkdir -p "$pg_data"
    chmod 0700 "$pg_data"
    if ((EUID == 0)); then
        chown "$pg_user:" "$pg_data"
    fi
    echo "postgresql: creating cluster in $pg_data"
    as_pg "$pg_bin/initdb" -D "$pg_data" --encoding=UTF8 --locale=C.UTF-8 \
        --auth=trust --username=postgres >"$log_dir/initdb.log" 2>&1 || {
        cat "$log_dir/initdb.log" >&2
        die "initdb failed"
    }
    printf "\ninclude = 'safegrid.conf'\n" >>"$pg_data/postgresql.conf"
}

pg_start() {
    local pid
    if pid=$(pg_pid); then
        echo "postgresql: already running (pid $pid)"
        return 0
    fi
    prepare_dirs
    [[ -x $pg_bin/pg_ctl ]] || die "$pg_bin/pg_ctl not found; run deploy/install-deps.sh"
    mkdir -p "$pg_socket_dir"
    touch "$log_dir/postgresql.log"
    if ((EUID == 0)); then
        chown "$pg_user:" "$pg_socket_dir" "$log_dir/postgresql.log"
    fi
    [[ -f $pg_data/PG_VERSION ]] || pg_init
    pg_write_config
    if ! as_pg "$pg_bin/pg_ctl" -w -t 60 -D "$pg_data" -l "$log_dir/postgresql.log" \
        start >/dev/null; then
        show_logs
        die "postgresql failed to start"
    fi
    echo "postgresql: started on 127.0.0.1:$pg_port (pid $(pg_pid || echo '?'))"
}

pg_stop() {
    local pid
    if pid=$(pg_pid); then
        as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w -t 60 stop >/dev/null
        echo "postgresql: stopped (pid $pid)"
    fi
}

# --- database contents ---------------------------------------------------------

db_bootstrap() {
    [[ -f $sql_dir/bootstrap.sql ]] || die "$sql_dir/bootstrap.sql not found"
    psql_super -d postgres -f "$sql_dir/bootstrap.sql"
    local exists
    exists=$(psql_super -d postgres -tA \
        -c "SELECT 1 FROM pg_database WHERE datname = 'safegrid'")
    if [[ $exists != 1 ]]; then
        psql_super -d postgres -c 'CREATE DATABASE safegrid OWNER safegrid_owner'
        echo "postgresql: created database safegrid"
    fi
}

run_safegridctl() {
    [[ -x $bin_dir/safegridctl ]] || die "$bin_dir/safegridctl not found; run make build"
    env DATABASE_OWNER_URL="$owner_url" DATABASE_URL="$app_url" \
        SAFEGRID_SQL_DIR="$sql_dir" SAFEGRID_DEMO_PASSWORD="$demo_password" \
        "$bin_dir/safegridctl" "$@"
}

db_migrate() {
    run_safegridctl migrate
    if [[ $seed_demo == 1 ]]; then
        run_safegridctl seed-demo
    fi
}

# Whether the database needs no bootstrap, migration or seed: the last time they
# succeeded here (db_stamp), it was the same database (its oid: a dropped and restored
# one has another) with the same sql/ (bootstrap.sql, the demo seed if seeding), and
# the migrations it records applied are exactly those of sql/migrations, unchanged.
# One psql and one sha256sum (on a loaded machine every process started costs), so
# that restarting a dead safegridd with `up` takes the time of safegridd's start, not
# of the migrations and of the seed's password hash.
db_stamp_file=$run_dir/database.stamp

# Sets db_wanted (the migrations as "NAME SHA256" lines, as the database records them)
# and db_inputs (the seed setting and the other files' checksums).
db_fingerprint() {
    local line sums=()
    db_wanted='' db_inputs="seed_demo=$seed_demo"
    mapfile -t sums < <(
        cd "$sql_dir" || exit 1
        shopt -s nullglob
        set -- bootstrap.sql migrations/[0-9][0-9][0-9][0-9]_*.sql
        [[ $seed_demo == 1 ]] && set -- "$@" seed/demo/*.sql
        sha256sum -- "$@"
    )
    for line in "${sums[@]}"; do
        case $line in
            *" migrations/"*) db_wanted+="${line##*/} ${line%% *}"$'\n' ;;
            *) db_inputs+=$'\n'"$line" ;;
        esac
    done
}

# Prints "database OID" and then the recorded migrations, one a line. PostgreSQL's own
# psql, not Debian's wrapper script, which takes as long again to start.
db_state() {
    "$pg_bin/psql" -X -v ON_ERROR_STOP=1 -q -h 127.0.0.1 -p "$pg_port" -U postgres -d safegrid -tA \
        -c "SELECT 'database ' || oid FROM pg_database WHERE datname = current_database()" \
        -c "SELECT name || ' ' || sha256 FROM public.schema_migration ORDER BY name" 2>/dev/null
}

db_current() {
    local state=() stamp=() applied=''
    [[ -r $db_stamp_file ]] || return 1
    mapfile -t state < <(db_state)
    [[ ${state[0]:-} =~ ^database\ [0-9]+$ ]] || return 1
    db_fingerprint
    printf -v applied '%s\n' "${state[@]:1}"
    [[ $applied == "$db_wanted" ]] || return 1
    mapfile -t stamp <"$db_stamp_file"
    printf -v applied '%s\n' "${stamp[@]}"
    [[ $applied == "$db_inputs"$'\n'"${state[0]}"$'\n' ]]
}

db_stamp() {
    local state=()
    mapfile -t state < <(db_state)
    [[ ${state[0]:-} =~ ^database\ [0-9]+$ ]] || return 0
    db_fingerprint
    printf '%s\n%s\n' "$db_inputs" "${state[0]}" >"$db_stamp_file.tmp"
    mv -f "$db_stamp_file.tmp" "$db_stamp_file"
}

# Bootstrap, migrate and seed, unless the database is current.
db_up() {
    if db_current; then
        echo "postgresql: database current, nothing to migrate"
        return 0
    fi
    rm -f "$db_stamp_file"
    db_bootstrap
    db_migrate
    db_stamp
}

# --- safegridd -----------------------------------------------------------------

safegridd_start() {
    local pid exe=$bin_dir/safegridd name i
    if pid=$(safegridd_pid); then
        echo "safegridd: already running (pid $pid)"
        return 0
    fi
    rm -f "$safegridd_pidfile"
    [[ -x $exe ]] || die "$exe not found; run make build"

    mkdir -p "$fcgi_dir"
    if ((EUID == 0)); then
        chown "$app_user:" "$fcgi_dir"
        chmod 0750 "$fcgi_dir"
        # A build inside a private home folder is out of www-data's reach; run a copy.
        if ! user_can "$app_user" -x "$exe"; then
            mkdir -p "$var_dir/bin"
            cp -f "$exe" "$var_dir/bin/safegridd"
            chmod 0755 "$var_dir/bin" "$var_dir/bin/safegridd"
            exe=$var_dir/bin/safegridd
        fi
    else
        chmod 0700 "$fcgi_dir"
    fi
    # safegridd is not running, so a socket left here is from a crash.
    rm -f "$fcgi_socket"

    # A clean, explicit environment: the same whether or not we switch users.
    local app_env=(PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8)
    while IFS= read -r name; do
        case $name in
            SAFEGRID_DEMO_PASSWORD | SAFEGRID_PASSWORD | SAFEGRID_LISTEN | SAFEGRID_WORKERS) ;;
            SAFEGRID_* | ASAN_OPTIONS | UBSAN_OPTIONS | LSAN_OPTIONS | TZ)
                app_env+=("$name=${!name}")
                ;;
            # A stack on a shifted clock (`make test-future`): libfaketime and its settings.
            LD_PRELOAD | FAKETIME | FAKETIME_*)
                app_env+=("$name=${!name}")
                ;;
        esac
    done < <(compgen -e)
    app_env+=(
        "DATABASE_URL=$app_url"
        "SAFEGRID_LISTEN=$fcgi_socket"
        "SAFEGRID_WORKERS=$workers"
    )
    local command=(env -i "${app_env[@]}" "$exe")
    if [[ ${SAFEGRID_VALGRIND:-0} == 1 ]]; then
        # Its reports go to safegridd's log, each line led by ==pid== (the supervisor's
        # and each worker's at their exit), where run-integration.sh reads them.
        command=(env -i "${app_env[@]}" valgrind --leak-check=full --show-leak-kinds=definite
                 --errors-for-leak-kinds=definite --num-callers=30 "$exe")
    fi
    if ((EUID == 0)); then
        # setpriv switches user and then execs, unlike runuser, which stays behind as
        # a parent: the pid we record must be safegridd's for signals to reach it.
        command=(setpriv --reuid="$app_user" --regid="$app_user" --init-groups -- "${command[@]}")
    fi
    # setsid: Ctrl-C in the terminal of `stack.sh run` must reach only this script,
    # which then stops safegridd in order, not the workers directly.
    (
        cd "$var_dir"
        exec setsid "${command[@]}" >>"$log_dir/safegridd.log" 2>&1 </dev/null
    ) &
    pid=$!
    echo "$pid" >"$safegridd_pidfile"

    # Until the exec chain ends the process is still named bash or setpriv.
    for ((i = 0; i < 50; i++)); do
        process_runs "$pid" "$safegridd_exe_name" && break
        [[ -d /proc/$pid ]] || break
        sleep 0.1
    done
    if ! process_runs "$pid" "$safegridd_exe_name"; then
        show_logs
        die "safegridd exited at start"
    fi
    echo "safegridd: started $workers workers on $fcgi_socket (pid $pid)"
}

safegridd_stop() {
    local pid grace=${SAFEGRID_SHUTDOWN_GRACE:-30}
    [[ $grace =~ ^[0-9]+$ ]] || grace=30
    if pid=$(safegridd_pid); then
        kill -TERM "$pid" 2>/dev/null || true
        # safegridd gives requests in flight SAFEGRID_SHUTDOWN_GRACE seconds; a little
        # more here so that we never cut its own orderly stop short.
        if ! wait_gone "$pid" "$safegridd_exe_name" $((grace + 5)); then
            # It made its own session with setsid, so its group is exactly safegridd
            # and its workers.
            echo "safegridd: still running after $((grace + 5)) s, killing" >&2
            kill -KILL -- "-$pid" 2>/dev/null || true
            wait_gone "$pid" "$safegridd_exe_name" 5 || true
        fi
        echo "safegridd: stopped (pid $pid)"
    fi
    rm -f "$safegridd_pidfile"
    if [[ -S $fcgi_socket ]]; then
        rm -f "$fcgi_socket"
    fi
}

# --- nginx ---------------------------------------------------------------------

nginx_bin() {
    if [[ -x /usr/sbin/nginx ]]; then
        echo /usr/sbin/nginx
    else
        command -v nginx || die "nginx not found; run deploy/install-deps.sh"
    fi
}

sed_escape() {
    printf '%s' "$1" | sed -e 's/[|&\\]/\\&/g'
}

nginx_render() {
    local web_root=$repo/web user_directive
    user_directive="# not root: workers run as $(id -un)"
    if [[ -d $repo/web/dist ]]; then
        web_root=$repo/web/dist
    fi
    if ((EUID == 0)); then
        user_directive="user $app_user;"
        if ! user_can "$app_user" -x "$web_root"; then
            # Same reason as for the safegridd copy: the clone is in a private folder.
            rm -rf "$nginx_dir/html"
            cp -R "$web_root" "$nginx_dir/html"
            chmod -R a+rX "$nginx_dir/html"
            web_root=$nginx_dir/html
        fi
    fi
    # Two connections a proxied request (client and safegridd), room for idle and slow
    # clients, and as many files again; a non-root nginx cannot pass its hard limit.
    # Unset, the default shrinks to what this user may open; set, it must fit.
    local worker_connections=$((2 * max_connections + 512)) nofile hard
    nofile=$((2 * worker_connections))
    hard=$(ulimit -Hn)
    if ((EUID != 0)) && [[ $hard != unlimited ]] && ((nofile > hard)); then
        [[ -z ${SAFEGRID_MAX_CONNECTIONS:-} ]] ||
            die "SAFEGRID_MAX_CONNECTIONS=$max_connections needs $nofile open files, more than this user's limit ($hard): lower it or raise ulimit -n"
        max_connections=$(((hard / 2 - 512) / 2))
        ((max_connections >= 16)) || die "this user may open only $hard files: raise ulimit -n"
        ((conn_per_addr <= max_connections)) || conn_per_addr=$max_connections
        worker_connections=$((2 * max_connections + 512))
        nofile=$((2 * worker_connections))
        echo "nginx: $max_connections requests at once at most (this user may open $hard files)"
    fi
    sed -e "s|@USER_DIRECTIVE@|$(sed_escape "$user_directive")|g" \
        -e "s|@VAR@|$(sed_escape "$var_dir")|g" \
        -e "s|@LOG_DIR@|$(sed_escape "$log_dir")|g" \
        -e "s|@RUN_DIR@|$(sed_escape "$run_dir")|g" \
        -e "s|@HTTP_ADDR@|$(sed_escape "$http_addr")|g" \
        -e "s|@HTTP_PORT@|$(sed_escape "$http_port")|g" \
        -e "s|@WEB_ROOT@|$(sed_escape "$web_root")|g" \
        -e "s|@FCGI_PASS@|$(sed_escape "unix:$fcgi_socket")|g" \
        -e "s|@LOGIN_RATE@|$(sed_escape "$login_rate")|g" \
        -e "s|@LOGIN_BURST@|$(sed_escape "$login_burst")|g" \
        -e "s|@MAX_CONNECTIONS@|$max_connections|g" -e "s|@CONN_PER_ADDR@|$conn_per_addr|g" \
        -e "s|@WORKER_CONNECTIONS@|$worker_connections|g" -e "s|@WORKER_RLIMIT_NOFILE@|$nofile|g" \
        "$nginx_template" >"$nginx_conf.tmp"
    if grep -n '@[A-Z_]*@' "$nginx_conf.tmp" >&2; then
        die "unreplaced placeholders in $nginx_template"
    fi
    mv -f "$nginx_conf.tmp" "$nginx_conf"
    # The template's includes: where to listen and the trusted proxies (the containers
    # add the TLS redirect, deploy/docker/nginx-entrypoint.sh).
    mkdir -p "$nginx_dir/conf.d"
    printf 'listen %s:%s;\n' "$http_addr" "$http_port" >"$nginx_dir/conf.d/listen.conf"
    local proxy
    rm -f "$nginx_dir/conf.d/http-real-ip.conf"
    : >"$nginx_dir/conf.d/trusted-proxies.geo"
    for proxy in "${trusted_proxies[@]}"; do
        printf '%s 1;\n' "$proxy" >>"$nginx_dir/conf.d/trusted-proxies.geo"
        printf 'set_real_ip_from %s;\n' "$proxy" >>"$nginx_dir/conf.d/http-real-ip.conf"
    done
    if ((${#trusted_proxies[@]} > 0)); then
        printf 'real_ip_header X-Forwarded-For;\nreal_ip_recursive on;\n' \
            >>"$nginx_dir/conf.d/http-real-ip.conf"
    fi
}

nginx_start() {
    local pid nginx i
    if pid=$(nginx_pid); then
        echo "nginx: already running (pid $pid)"
        return 0
    fi
    rm -f "$nginx_pidfile"
    nginx=$(nginx_bin)
    nginx_render
    # -e: otherwise nginx first tries the system error log, which a non-root user
    # cannot open.
    "$nginx" -q -p "$nginx_dir/" -c "$nginx_conf" -e "$log_dir/nginx-error.log" ||
        die "nginx failed to start (see $log_dir/nginx-error.log)"
    # The daemonized master writes its pidfile just after the starting process exits.
    for ((i = 0; i < 50; i++)); do
        pid=$(nginx_pid) && break
        sleep 0.1
    done
    [[ -n $pid ]] || die "nginx did not write $nginx_pidfile"
    echo "nginx: listening on $http_addr:$http_port (pid $pid)"
}

nginx_stop() {
    local pid
    if pid=$(nginx_pid); then
        # QUIT lets requests in flight finish.
        kill -QUIT "$pid" 2>/dev/null || true
        if ! wait_gone "$pid" nginx 10; then
            kill -TERM "$pid" 2>/dev/null || true
            wait_gone "$pid" nginx 5 || true
        fi
        echo "nginx: stopped (pid $pid)"
    fi
    rm -f "$nginx_pidfile"
}

# --- safegridctl jobs -------------------------------------------------------------
# The reminders and the notification outbox (README: safegridctl jobs), as the owner
# role, with the SAFEGRID_* settings passed through (SAFEGRID_JOBS_INTERVAL,
# SAFEGRID_NOTIFY_WEBHOOK, ...). SAFEGRID_JOBS=0 leaves it out.

jobs_start() {
    local pid name i
    [[ ${SAFEGRID_JOBS:-1} == 1 ]] || return 0
    if pid=$(jobs_pid); then
        echo "jobs: already running (pid $pid)"
        return 0
    fi
    rm -f "$jobs_pidfile"
    local jobs_env=(PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8)
    while IFS= read -r name; do
        case $name in
            SAFEGRID_DEMO_PASSWORD | SAFEGRID_PASSWORD) ;;
            SAFEGRID_* | ASAN_OPTIONS | UBSAN_OPTIONS | LSAN_OPTIONS | TZ | LD_PRELOAD | FAKETIME | FAKETIME_*)
                jobs_env+=("$name=${!name}")
                ;;
        esac
    done < <(compgen -e)
    jobs_env+=("DATABASE_OWNER_URL=$owner_url")
    (
        cd "$var_dir"
        exec setsid env -i "${jobs_env[@]}" "$bin_dir/safegridctl" jobs >>"$log_dir/jobs.log" 2>&1 </dev/null
    ) &
    pid=$!
    echo "$pid" >"$jobs_pidfile"
    for ((i = 0; i < 50; i++)); do
        process_runs "$pid" safegridctl && break
        [[ -d /proc/$pid ]] || break
        sleep 0.1
    done
    process_runs "$pid" safegridctl || die "safegridctl jobs exited at start (see $log_dir/jobs.log)"
    echo "jobs: started (pid $pid)"
}

jobs_stop() {
    local pid
    if pid=$(jobs_pid); then
        # It finishes the pass in hand (a delivery waits at most SAFEGRID_NOTIFY_TIMEOUT).
        kill -TERM "$pid" 2>/dev/null || true
        if ! wait_gone "$pid" safegridctl 30; then
            echo "jobs: still running after 30 s, killing" >&2
            kill -KILL "$pid" 2>/dev/null || true
            wait_gone "$pid" safegridctl 5 || true
        fi
        echo "jobs: stopped (pid $pid)"
    fi
    rm -f "$jobs_pidfile"
}

# --- commands ------------------------------------------------------------------

wait_healthy() {
    local url="http://$http_addr:$http_port/api/v1/health" i
    for ((i = 0; i < 150; i++)); do
        if curl -fsS --noproxy '*' --max-time 2 -o /dev/null "$url" 2>/dev/null; then
            return 0
        fi
        if ! safegridd_pid >/dev/null; then
            show_logs
            die "safegridd exited while starting"
        fi
        sleep 0.2
    done
    curl -fsS --noproxy '*' --max-time 2 -o /dev/null "$url" || true
    show_logs
    die "no healthy answer from $url within 30 s"
}

print_banner() {
    echo
    echo "safegrid is up: $site_url"
    echo "logs: $log_dir"
    if [[ $seed_demo == 1 ]]; then
        local town
        echo "demo logins, all with password '$demo_password':"
        echo "  admin (county admin)"
        for town in "${demo_towns[@]}"; do
            echo "  $town.committee  $town.supervisor  $town.safety  $town.ent1"
        done
    fi
}

cmd_up() {
    if pg_pid >/dev/null && safegridd_pid >/dev/null && nginx_pid >/dev/null; then
        echo "safegrid is already running under $var_dir: $site_url"
        return 0
    fi
    [[ -f $nginx_template ]] || die "$nginx_template not found"
    # A stack that fails half-way up is taken down again, not left half running.
    trap 'echo "stack: start failed; stopping what was started" >&2; cmd_down >&2 || true' EXIT
    prepare_dirs
    pg_start
    db_up
    safegridd_start
    jobs_start
    nginx_start
    wait_healthy
    trap - EXIT
    print_banner
}

cmd_down() {
    nginx_stop
    jobs_stop
    safegridd_stop
    pg_stop
}

cmd_status() {
    local pid all_up=0
    if pid=$(pg_pid); then
        echo "postgresql: running (pid $pid, 127.0.0.1:$pg_port)"
    else
        echo "postgresql: stopped"
        all_up=1
    fi
    if pid=$(safegridd_pid); then
        echo "safegridd:  running (pid $pid)"
    else
        echo "safegridd:  stopped"
        all_up=1
    fi
    if pid=$(jobs_pid); then
        echo "jobs:       running (pid $pid)"
    elif [[ ${SAFEGRID_JOBS:-1} == 1 ]]; then
        echo "jobs:       stopped"
        all_up=1
    fi
    if pid=$(nginx_pid); then
        echo "nginx:      running (pid $pid, $site_url)"
    else
        echo "nginx:      stopped"
        all_up=1
    fi
    return "$all_up"
}

cmd_run() {
    local stop_requested=0 status=0
    # Ctrl-C (or a TERM) from here on is a request to stop, taken after the step in
    # hand. Set before `up`: a shell waiting for a child that died of SIGINT would
    # otherwise die of it too, without stopping what was started.
    trap 'stop_requested=1' INT TERM
    # Each step in its own process, so that `set -e` holds inside it: errexit is
    # ignored in the condition of an `if`, even in a subshell.
    if ! bash "$self" up; then
        status=1
    elif ((stop_requested == 0)); then
        echo "Press Ctrl-C to stop" || true
        while ((stop_requested == 0)); do
            if ! safegridd_pid >/dev/null; then
                { echo "safegridd exited unexpectedly; stopping the stack"; show_logs; } >&2 || true
                status=1
                break
            fi
            sleep 1 &
            wait $! || true
        done
    fi
    # Ctrl-C reached the whole pipeline: with `make run | tee log`, tee is gone, and a
    # write to its pipe would end this script (SIGPIPE), or under `set -e` its failure
    # would, before anything is stopped. So the stop ignores both signals and SIGPIPE,
    # writes to a file and only then shows it, if there is still somewhere to show it.
    trap '' INT TERM PIPE
    mkdir -p "$log_dir"
    local stop_log=$log_dir/stack-stop.log
    bash "$self" down >"$stop_log" 2>&1 || status=1
    { echo; cat "$stop_log"; } 2>/dev/null || true
    exit "$status"
}

validate_config
case ${1:-} in
    up) cmd_up ;;
    down) cmd_down ;;
    run) cmd_run ;;
    status) cmd_status ;;
    pg-start) pg_start ;;
    pg-stop) pg_stop ;;
    restart-safegridd)
        # safegridd alone, stopped and started again from $SAFEGRID_BIN (a new build
        # after an upgrade; `make bench BENCH_BEFORE=` swaps builds this way). The rest
        # of the stack keeps running; sessions are in the database and survive.
        safegridd_stop
        safegridd_start
        wait_healthy
        ;;
    db-up)
        # PostgreSQL alone, bootstrapped and migrated (and seeded if SAFEGRID_SEED_DEMO=1):
        # what `make schema` dumps.
        pg_start
        db_up
        ;;
    psql)
        shift
        exec psql -h 127.0.0.1 -p "$pg_port" -U postgres -d safegrid "$@"
        ;;
    *)
        echo "usage: $0 up|down|run|status|pg-start|pg-stop|restart-safegridd|db-up|psql [args]" >&2
        exit 2
        ;;
esac
