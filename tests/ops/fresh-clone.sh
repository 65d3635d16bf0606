#!/usr/bin/env bash
# A fresh clone starts the way it would on a new machine: `make up` in a clean clone
# in a temporary folder, with the build's -dev packages missing until `make deps` has
# "installed" them. Stand-ins for pkg-config, dpkg-query and apt-get (first on PATH)
# make that so without touching the machine's packages: pkg-config finds nothing and
# libpq-dev reads as not installed until the stand-in apt-get has run. A Makefile that
# asked pkg-config for its flags before `deps` fails here, as it did on a new machine.
# Then the README's own example (a township and its committee made with safegridctl)
# and a second `make up`, which seeds the demo again over them; `make down` between and
# after. On free ports below the kernel's ephemeral range; CI runs it (.ci/run).
#
# Usage: tests/ops/fresh-clone.sh [COMMIT-ISH]   (default HEAD; as root, like CI)
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd -P)
rev=$(git -C "$repo" rev-parse --verify "${1:-HEAD}^{commit}")
# shellcheck source=tests/lib/ports.sh
source "$repo/tests/lib/ports.sh"

# Under /tmp so that postgres and www-data can enter it when run as root.
work=$(mktemp -d /tmp/safegrid-fresh.XXXXXX)
chmod 0755 "$work"
clone=$work/safegrid
stubs=$work/stubs
installed=$work/deps-installed
stack_up=0

finish() {
    local status=$?
    if ((stack_up)); then
        (cd "$clone" && PATH=$stubs:$PATH make --no-print-directory down) || true
    fi
    if ((status != 0)) && [[ -d $work/var/log ]]; then
        tail -n 20 "$work"/var/log/*.log >&2 || true
    fi
    rm -rf "$work"
    exit "$status"
}
trap finish EXIT

git clone -q --no-hardlinks "$repo" "$clone"
git -C "$clone" checkout -q --detach "$rev"

mkdir -p "$stubs"
cat >"$stubs/pkg-config" <<STUB
#!/bin/sh
# Finds nothing until the stand-in apt-get has "installed" the packages.
[ -e '$installed' ] || exit 1
exec /usr/bin/pkg-config "\$@"
STUB
cat >"$stubs/dpkg-query" <<STUB
#!/bin/sh
# libpq-dev reads as not installed until the stand-in apt-get has run.
last=""
for arg in "\$@"; do last=\$arg; done
if [ ! -e '$installed' ] && [ "\$last" = libpq-dev ]; then
    printf 'not-installed'
    exit 0
fi
exec /usr/bin/dpkg-query "\$@"
STUB
cat >"$stubs/apt-get" <<STUB
#!/bin/sh
echo "apt-get (stand-in): \$*"
case " \$* " in *" install "*) touch '$installed' ;; esac
STUB
chmod 0755 "$stubs"/*

http_port=$(pick_port)
pg_port=$(pick_port "$http_port")
export PATH=$stubs:$PATH
export SAFEGRID_VAR=$work/var SAFEGRID_HTTP_PORT=$http_port SAFEGRID_PG_PORT=$pg_port
export SAFEGRID_HTTP_ADDR=127.0.0.1 SAFEGRID_WORKERS=2 SAFEGRID_SEED_DEMO=1
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset SAFEGRID_BIN SAFEGRID_SQL_DIR DATABASE_URL DATABASE_OWNER_URL
cd "$clone"

if pkg-config --exists libpq; then
    echo "fresh-clone: the pkg-config stand-in should find nothing yet" >&2
    exit 1
fi

echo "== fresh clone of $(git rev-parse --short HEAD) in $clone: make up (http $http_port, postgresql $pg_port)"
stack_up=1
make --no-print-directory up
[[ -e $installed ]] || { echo "fresh-clone: make up never ran make deps" >&2; exit 1; }
curl -fsS --max-time 5 "http://127.0.0.1:$http_port/api/v1/health"
echo

echo "== the README's example: a township and its committee, then make down && make up"
owner_url=postgresql://safegrid_owner@127.0.0.1:$pg_port/safegrid
DATABASE_OWNER_URL=$owner_url ./build/safegridctl create-township \
    --name 测试镇 --code 371326199000 --slug ceshi
echo 'a-long-password' | DATABASE_OWNER_URL=$owner_url ./build/safegridctl create-user \
    --role committee --username ceshi.committee --name 测试镇指挥部 --township ceshi
make --no-print-directory down
make --no-print-directory up
curl -fsS --max-time 5 "http://127.0.0.1:$http_port/api/v1/health"
echo
make --no-print-directory down
stack_up=0
echo "fresh-clone: passed"
