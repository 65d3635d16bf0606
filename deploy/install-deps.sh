#!/usr/bin/env bash
# Installs the Debian packages that building, running and testing safegrid need.
# Idempotent and silent when everything is already there, so `make` can call it on
# every build without slowing down or cluttering the output.
set -euo pipefail

packages=(
    # build
    build-essential pkg-config
    libfcgi-dev libpq-dev libjson-c-dev libcmocka-dev libsodium-dev libqrencode-dev
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
)

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

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# The package lists may be absent (fresh container) or stale; refresh only when we
# actually install, so a machine with everything present never touches the network.
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
