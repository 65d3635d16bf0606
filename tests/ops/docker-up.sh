#!/usr/bin/env bash
# make test-docker: docker-compose.yml on a Docker engine, as docs/operations.md tells
# a county's IT to run it. A clean clone of HEAD builds the images and comes up under a
# compose project of its own, on free ports of 127.0.0.1, and this script walks through
# the guide:
#
#   an empty installation (every service healthy, migrate exited 0, no township), the
#   first township and county admin made with safegridctl, a login; the demo county
#   loaded; the portal signed in to in Chromium; a gate notice's QR code read back; HTTPS
#   with the county's certificate and HTTP redirected; a backup by hand, the database
#   dropped and restored with every count equal; an upgrade (one more migration) that
#   backs up first, with web following the app container made again; every service's
#   user and read-only root; a graceful stop.
#
# Needs Docker and docker compose (or docker-compose), and the base images of the
# Dockerfiles: pulled from the registry, or their stand-ins from
# tests/ops/docker-bases.sh. Leaves nothing behind (compose down -v) unless
# SAFEGRID_DOCKER_KEEP=1.
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd -P)
# shellcheck source=tests/lib/ports.sh
source "$repo/tests/lib/ports.sh"

work=$(mktemp -d /tmp/safegrid-docker.XXXXXX)
project=sgdocker$$
http_port=$(pick_port)
https_port=$(pick_port "$http_port")
base=http://127.0.0.1:$http_port
secure=https://127.0.0.1:$https_port

if docker compose version >/dev/null 2>&1; then
    compose_cmd=(docker compose)
else
    compose_cmd=(docker-compose)
fi
compose() { "${compose_cmd[@]}" -p "$project" "$@"; }

step() { printf '== docker: %s\n' "$*"; }
fail() {
    echo "docker-up: FAILED: $*" >&2
    compose ps >&2 || true
    compose logs --tail=40 >&2 || true
    exit 1
}
cleanup() {
    if [[ ${SAFEGRID_DOCKER_KEEP:-0} == 1 ]]; then
        echo "docker-up: kept project $project in $work/repo"
        return
    fi
    (cd "$work/repo" 2>/dev/null && compose down -v --remove-orphans >/dev/null 2>&1) || true
    rm -rf "$work"
}
trap cleanup EXIT

git clone -q "$repo" "$work/repo"
cd "$work/repo"
mkdir -p "$work/tls"

# Long passwords with the characters a URL would trip on.
setting() {   # setting NAME VALUE: in .env
    if grep -q "^$1=" .env; then
        sed -i "s|^$1=.*|$1=$2|" .env
    else
        echo "$1=$2" >>.env
    fi
}
cp .env.example .env
setting POSTGRES_PASSWORD 'super@user:pw/with-length'
setting SAFEGRID_OWNER_PASSWORD 'owner@role:pw/with-length'
setting SAFEGRID_APP_PASSWORD 'app@role:pw/with-length'
setting SAFEGRID_HTTP_PORT "127.0.0.1:$http_port"
setting SAFEGRID_HTTPS_PORT "127.0.0.1:$https_port"
setting SAFEGRID_PUBLIC_URL "$base"
setting SAFEGRID_TLS_DIR "$work/tls"

psql_db() { compose exec -T db psql -X -q -U postgres -d safegrid -Atc "$1" | tr -d '\r'; }
code() { curl -sk -o /dev/null -w '%{http_code}' "$@"; }

# Every service of the file running and healthy, migrate exited 0, within $1 seconds.
wait_healthy() {
    local deadline=$((SECONDS + $1)) services ids id state bad
    services=$(compose config --services | wc -l)
    while :; do
        bad=
        mapfile -t ids < <(compose ps -q)
        ((${#ids[@]} == services)) || bad="${#ids[@]} containers for $services services"
        for id in "${ids[@]}"; do
            state=$(docker inspect -f '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id")
            case $state in
                *migrate*" exited 0 "*) ;;
                *" running 0 healthy") ;;
                *) bad="$bad ${state%% *}(${state#* })" ;;
            esac
        done
        [[ -z $bad ]] && return 0
        ((SECONDS < deadline)) || fail "not every service healthy after $1 s:$bad"
        sleep 3
    done
}

login() {   # login USER PASSWORD URL: the HTTP status
    curl -sk -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        -d "{\"username\":\"$1\",\"password\":\"$2\"}" "$3/api/v1/auth/login"
}

# A login that succeeds within a minute (a one-shot migrate may still be loading).
login_soon() {
    local deadline=$((SECONDS + 60))
    until [[ $(login "$@") == 200 ]]; do
        ((SECONDS < deadline)) || return 1
        sleep 2
    done
}

step "build the images ($work/build.log)"
compose build >"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; fail "compose build"; }

step "an empty installation"
compose up -d >"$work/up.log" 2>&1 || { cat "$work/up.log" >&2; fail "compose up -d"; }
wait_healthy 240
[[ $(psql_db "select count(*) from township") == 0 ]] || fail "a new installation holds townships"
[[ $(code "$base/api/v1/health") == 200 ]] || fail "/api/v1/health"
[[ $(code "$base/") == 200 ]] || fail "the portal's index"

step "the first township and county admin"
compose run --rm migrate safegridctl create-township --county 平邑县 --county-code 371326 \
    --name 柏林镇 --code 371326106000 --slug bailin >/dev/null 2>&1 || fail "create-township"
compose run --rm -e SAFEGRID_PASSWORD='a long password here' migrate safegridctl create-user \
    --role county_admin --username county.admin --name 县安委办 --county 平邑县 >/dev/null 2>&1 ||
    fail "create-user"
[[ $(login county.admin 'a long password here' "$base") == 200 ]] || fail "the county admin's login"

step "the demo county"
setting SAFEGRID_SEED_DEMO 1
setting SAFEGRID_DEMO_PASSWORD safegrid-demo
compose up -d >/dev/null 2>&1 || fail "up -d with the demo"
wait_healthy 180
login_soon difang.committee safegrid-demo "$base" || fail "a demo user's login"

step "the portal in Chromium"
(cd "$repo/web" && SAFEGRID_URL=$base node --input-type=module -e "
import { chromium } from 'playwright-core'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
const page = await browser.newPage({ locale: 'zh-CN' })
const errors = []
page.on('pageerror', (e) => errors.push(String(e)))
await page.goto(process.env.SAFEGRID_URL + '/login')
await page.fill('input[name=username]', 'difang.committee')
await page.fill('input[name=password]', 'safegrid-demo')
await page.click('button[type=submit]')
await page.waitForURL((url) => !url.pathname.startsWith('/login'))
await page.getByText('隐患总数').waitFor({ timeout: 20000 })
await browser.close()
if (errors.length) { console.error(errors.join('\n')); process.exit(1) }
") || fail "the portal: signing in and the home page's figures"

step "a gate notice's QR code"
token=$(psql_db "select public_token from enterprise where public_token is not null order by id limit 1")
curl -sf -o "$work/notice.svg" "$base/api/v1/public/enterprises/$token/notice.svg" || fail "notice.svg"
read_qr="from test_public_page import qr_text; print(qr_text(open('$work/notice.svg', 'rb').read()))"
qr=$(cd "$repo/tests/api" && /usr/bin/python3 -c "$read_qr")
[[ $qr == "$base/p/$token" ]] || fail "the QR code reads '$qr', not $base/p/$token"
[[ $(code "$qr") == 200 ]] || fail "the public page $qr"

step "HTTPS with the county's certificate"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
    -keyout "$work/tls/privkey.pem" -out "$work/tls/fullchain.pem" >/dev/null 2>&1
chmod 644 "$work/tls/privkey.pem"   # nginx reads it as www-data (uid 33)
setting SAFEGRID_PUBLIC_URL "$secure"
compose up -d >/dev/null 2>&1 || fail "up -d with TLS"
wait_healthy 120
redirect=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$base/api/v1/health")
[[ $redirect == "301 $secure/api/v1/health" ]] || fail "HTTP answers '$redirect', not a redirect to $secure"
[[ $(login difang.committee safegrid-demo "$secure") == 200 ]] || fail "a login over HTTPS"
curl -sk -D - -o /dev/null -H 'Content-Type: application/json' \
    -d '{"username":"difang.committee","password":"safegrid-demo"}' "$secure/api/v1/auth/login" |
    grep -qi '^set-cookie: safegrid_session=.*; Secure' || fail "the session cookie is not Secure over HTTPS"

step "a backup by hand, and a restore"
counts="select (select count(*) from hazard) || '/' || (select count(*) from enterprise) || '/' ||
               (select count(*) from app_user) || '/' || (select count(*) from attachment) || '/' ||
               (select count(*) from hazard_event)"
before=$(psql_db "$counts")
compose run --rm backup safegrid-backup --tag manual >"$work/backup.log" 2>&1 || fail "safegrid-backup"
dump=$(grep -o '/backups/safegrid-[0-9TZ]*-manual.dump' "$work/backup.log" | head -1)
[[ -n $dump ]] || fail "no dump named in $(cat "$work/backup.log")"
compose stop app web backup jobs >/dev/null 2>&1
compose exec -T db dropdb -U postgres safegrid || fail "dropdb"
compose run --rm backup safegrid-restore "$dump" >"$work/restore.log" 2>&1 || fail "safegrid-restore"
compose up -d >/dev/null 2>&1 || fail "up -d after the restore"
wait_healthy 120
after=$(psql_db "$counts")
[[ $after == "$before" ]] || fail "restored $after rows, backed up $before"
[[ $(login county.admin 'a long password here' "$secure") == 200 ]] || fail "a login after the restore"

step "an upgrade: one more migration, backed up first; web follows the new app container"
last=$(find sql/migrations -name '[0-9]*.sql' | sort | tail -1)
number=$((10#$(basename "$last" | cut -c1-4) + 1))
printf -- "-- an upgrade's rehearsal\ncomment on table township is 'upgraded';\n" \
    >"sql/migrations/$(printf '%04d' "$number")_upgrade_rehearsal.sql"
old_app=$(compose ps -q app)
address() { docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$1"; }
old_address=$(address "$old_app")
# Another container takes the app's address while it is made again, as on a busy host.
compose stop app >/dev/null 2>&1
compose rm -f app >/dev/null 2>&1
docker run -d --rm --name "${project}_holder" --network "${project}_default" \
    --entrypoint sleep safegrid-app:local 600 >/dev/null
compose build app >>"$work/build.log" 2>&1 || fail "build for the upgrade"
compose up -d >/dev/null 2>&1 || fail "up -d for the upgrade"
docker rm -f "${project}_holder" >/dev/null
wait_healthy 180
[[ $(compose ps -q app) != "$old_app" ]] || fail "the app container was not made again"
[[ $(address "$(compose ps -q app)") != "$old_address" ]] || fail "the new app container kept its address"
compose logs migrate 2>&1 | grep -q 'backing up first' || fail "migrate did not back up before the upgrade"
compose run --rm backup sh -c 'ls /backups' 2>/dev/null | grep -q 'pre-upgrade.dump' || fail "no pre-upgrade dump"
[[ $(psql_db "select obj_description('township'::regclass)") == upgraded ]] || fail "the new migration did not run"
[[ $(code "$secure/api/v1/health") == 200 ]] || fail "web does not reach the new app container"

step "users, capabilities and read-only roots"
for service in migrate app jobs web backup db-metrics; do
    id=$(compose ps -q "$service")
    shape=$(docker inspect -f '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}}' "$id")
    case $shape in
        "safegrid true [ALL]" | "www-data true [ALL]") ;;
        *) fail "$service runs as '$shape'" ;;
    esac
done
compose exec -T app sh -c 'touch /probe' 2>/dev/null && fail "the app's root file system is writable"

step "a graceful stop"
started=$SECONDS
compose stop app >/dev/null 2>&1
((SECONDS - started < 30)) || fail "the app took $((SECONDS - started)) s to stop"
compose logs app 2>&1 | grep -q '"event":"stopped"' || fail "safegridd did not log its stop"

echo "docker-up: passed"
