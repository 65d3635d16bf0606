# Free ports for private stacks; sourced by tests/run-integration.sh and tests/bench/run.sh.

port_is_free() {
    [[ -z $(ss -Htln "sport = :$1") ]]
}

# Prints a free TCP port on 127.0.0.1 in 20000-39999 other than $1, scanning from a
# random start so that parallel runs rarely race for the same one.
pick_port() {
    local taken=${1:-} offset port i
    offset=$((RANDOM % 20000))
    for ((i = 0; i < 20000; i++)); do
        port=$((20000 + (offset + i) % 20000))
        if [[ $port != "$taken" ]] && port_is_free "$port"; then
            echo "$port"
            return 0
        fi
    done
    echo "no free port in 20000-39999" >&2
    return 1
}
