# Free ports and the environment of a private stack; sourced by tests/run-integration.sh
# and tests/bench/run.sh.

# Free: no socket in any state has it as its local port (a listening one, or the
# client end of a connection, even one in TIME_WAIT).
port_is_free() {
    [[ -z $(ss -Htan "sport = :$1") ]]
}

# The ports to pick from: 20000 up to just below the kernel's ephemeral range (where
# the client ends of connections get their ports, which a server started later could
# find taken), at most up to 39999.
port_range() {
    local low=32768 high
    read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
    high=$((low - 1 < 39999 ? low - 1 : 39999))
    ((high >= 21000)) || high=39999    # an unusual ephemeral range: the old span
    echo "20000 $high"
}

# Prints a free TCP port on 127.0.0.1 in that range other than $1, scanning from a
# random start so that parallel runs rarely race for the same one.
pick_port() {
    local taken=${1:-} low high span offset port i
    read -r low high < <(port_range)
    span=$((high - low + 1))
    offset=$((RANDOM % span))
    for ((i = 0; i < span; i++)); do
        port=$((low + (offset + i) % span))
        if [[ $port != "$taken" ]] && port_is_free "$port"; then
            echo "$port"
            return 0
        fi
    done
    echo "no free port in $low-$high" >&2
    return 1
}

# Exports what deploy/stack.sh needs for a private stack in folder $1 with the programs
# of $2 and $3 workers, on two free ports of 127.0.0.1; sets http_port and pg_port.
private_stack() {
    http_port=$(pick_port) || return 1
    pg_port=$(pick_port "$http_port") || return 1
    export SAFEGRID_VAR=$1
    export SAFEGRID_BIN=$2
    export SAFEGRID_WORKERS=$3
    export SAFEGRID_HTTP_ADDR=127.0.0.1
    export SAFEGRID_HTTP_PORT=$http_port
    export SAFEGRID_PG_PORT=$pg_port
}
