#!/usr/bin/env bash
# Stand-ins for the base images of deploy/docker/*.Dockerfile and docker-compose.yml,
# for a machine with a Docker engine whose registry cannot be reached (only Debian's
# package mirror and the npm registry), so that `make test-docker` can run there:
#
#   debian:12-slim (and debian:12)  Debian 12 made by debootstrap (minbase) from the
#                                   mirror, as the official image is
#   node:20-bookworm-slim           that, with this machine's node and npm (Node 20)
#   postgres:15-bookworm            docker-library/postgres's 15/bookworm steps on
#                                   Debian's PostgreSQL 15, with its own entrypoint
#                                   scripts (tests/ops/docker/postgres.Dockerfile)
#
#   tests/ops/docker-bases.sh DOCKER_LIBRARY_POSTGRES
#
# DOCKER_LIBRARY_POSTGRES is a checkout of github.com/docker-library/postgres (its
# 15/bookworm/docker-entrypoint.sh and docker-ensure-initdb.sh are copied into the
# build). An image already present is left alone; a machine that can pull the real
# images needs none of this. Run as root (debootstrap); installs debootstrap if missing.
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd -P)
here=$repo/tests/ops/docker
postgres_src=${1:-}
mirror=${SAFEGRID_DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$(mktemp -d /tmp/safegrid-bases.XXXXXX)
trap 'rm -rf "$work"' EXIT

have() { docker image inspect "$1" >/dev/null 2>&1; }

if ! have debian:12-slim; then
    echo "== docker-bases: debian:12-slim from $mirror (debootstrap, a few minutes)"
    command -v debootstrap >/dev/null ||
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap
    debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
        { tail -20 "$work/debootstrap.log" >&2; exit 1; }
    printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s-security bookworm-security main\n' \
        "$mirror" "$mirror" "$mirror" >"$work/rootfs/etc/apt/sources.list"
    rm -rf "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/cache/apt/"*.bin
    tar -C "$work/rootfs" -c . | docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'CMD ["bash"]' - debian:12-slim >/dev/null
fi
have debian:12 || docker tag debian:12-slim debian:12

if ! have node:20-bookworm-slim; then
    node=$(command -v node) || { echo "docker-bases: no node on this machine" >&2; exit 1; }
    [[ $("$node" --version) == v20.* ]] || echo "docker-bases: this machine's node is $("$node" --version), not 20" >&2
    echo "== docker-bases: node:20-bookworm-slim with $node $("$node" --version)"
    npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
    mkdir -p "$work/node/usr/local/bin" "$work/node/usr/local/lib/node_modules"
    cp "$(readlink -f "$node")" "$work/node/usr/local/bin/node"
    cp -a "$npm_dir" "$work/node/usr/local/lib/node_modules/npm"
    ln -s ../lib/node_modules/npm/bin/npm-cli.js "$work/node/usr/local/bin/npm"
    ln -s ../lib/node_modules/npm/bin/npx-cli.js "$work/node/usr/local/bin/npx"
    cp "${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" "$work/node/ca-certificates.crt"
    docker build -q -f "$here/node.Dockerfile" -t node:20-bookworm-slim "$work/node" >/dev/null
fi

if ! have postgres:15-bookworm; then
    entry=$postgres_src/15/bookworm
    if [[ -z $postgres_src || ! -f $entry/docker-entrypoint.sh ]]; then
        echo "usage: docker-bases.sh DOCKER_LIBRARY_POSTGRES (a checkout of docker-library/postgres)" >&2
        exit 2
    fi
    echo "== docker-bases: postgres:15-bookworm with $entry's entrypoint"
    mkdir -p "$work/postgres"
    cp "$entry/docker-entrypoint.sh" "$entry/docker-ensure-initdb.sh" "$work/postgres/"
    chmod 755 "$work/postgres/"*.sh
    docker build -q -f "$here/postgres.Dockerfile" -t postgres:15-bookworm "$work/postgres" >/dev/null
fi
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E '^(debian|node|postgres):'
