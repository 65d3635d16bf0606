#!/usr/bin/env bash
# Installs the Debian packages that building, running and testing safegrid need.
# Idempotent and silent when everything is already there, so `make` can call it on
# every build without slowing down or cluttering the output.
#
#   deploy/install-deps.sh          everything: build, run, test, benchmark
#   deploy/install-deps.sh build    what `make build test-unit` needs, and no more
#                                   (the application image's build stage)
set -euo pipefail

case ${1:-all} in
    all | build) scope=${1:-all} ;;
    *) echo "usage: install-deps.sh [build]" >&2; exit 2 ;;
esac

packages=(
    # build
    build-essential pkg-config
    libfcgi-dev libpq-dev libjson-c-dev libcmocka-dev libsodium-dev libqrencode-dev
    # the ledgers (exports) as xlsx; the notification outbox's webhook (safegridctl jobs).
    # libxlsxwriter's pkg-config file links -lz, but its -dev package does not bring
    # zlib's: a bare Debian 12 has no libz.so to link.
    libxlsxwriter-dev zlib1g-dev libcurl4-openssl-dev
)
[[ $scope == all ]] && packages+=(
    # run
    postgresql nginx ca-certificates
    # test and benchmark
    postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl
    curl python3 python3-pytest python3-requests python3-psycopg2 python3-yaml wrk
    # tests/api/test_public_page.py reads the gate notice's QR code as a phone does
    zbar-tools
    # tests/run-integration.sh picks free ports with `ss`; minimal images lack it
    iproute2
    # `make test-future`: the stack and the tests on a clock 18 months ahead
    faketime
    # `make fuzz` (clang; libFuzzer and the sanitizers' runtimes are in libclang-rt-dev,
    # which clang only recommends), `make analyze` (cppcheck; gcc's -fanalyzer comes
    # with build-essential), `make test-valgrind`
    clang libclang-rt-dev cppcheck valgrind
    # operations tests (make test-ops): the compose file, the app's FastCGI health
    # check, the connection pooler, the TLS certificate, the database's exporter
    docker-compose
    libfcgi-bin
    pgbouncer
    openssl
    prometheus-postgres-exporter
    # the portal's browser tests drive Debian's chromium headless (playwright-core),
    # with CJK fonts for the screenshots (they read the QR code with zbar-tools too)
    chromium fonts-noto-cjk
)
# The portal (web/) is built with Node.js 18 or later and npm. A machine that has
# them from elsewhere (NodeSource, nvm) keeps them: Debian's nodejs would conflict.
if [[ $scope == all ]] && { ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; }; then
    packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    if [[ "$status" != installed ]]; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} == 0)); then
    exit 0
fi

if ((EUID == 0)); then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: not root and no sudo; install them as root" >&2
    exit 1
fi

# Another apt or dpkg (unattended-upgrades, a second `make`) may hold the lock. apt
# waits for dpkg's lock itself when given DPkg::Lock::Timeout; the package lists'
# lock it does not wait for, so a run that failed on a lock is tried again until
# SAFEGRID_APT_WAIT seconds (default 900) have passed.
apt_wait=${SAFEGRID_APT_WAIT:-900}
[[ $apt_wait =~ ^[0-9]+$ ]] || apt_wait=900

apt_output=$(mktemp)
trap 'rm -f "$apt_output"' EXIT

apt_get() {
    local started=$SECONDS status
    while :; do
        status=0
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get -o DPkg::Lock::Timeout="$apt_wait" "$@" 2>&1 | tee "$apt_output" ||
            status=$?
        if ((status == 0)); then
            return 0
        fi
        if ! grep -qE 'Could not get lock|Unable to (acquire|lock)|is another process using' \
            "$apt_output" || ((SECONDS - started >= apt_wait)); then
            echo "install-deps: apt-get $* failed (exit $status)" >&2
            return "$status"
        fi
        echo "install-deps: another apt or dpkg holds the lock; waiting" >&2
        sleep 3
    done
}

echo "install-deps: installing ${missing[*]}"
# The package lists may be absent (fresh container) or stale; refresh only when we
# actually install, so a machine with everything present never touches the network.
apt_get update -q
apt_get install -y -q --no-install-recommends "${missing[@]}"
