"""PgBouncer in transaction mode between safegridd and PostgreSQL: many workers share
two server connections, and each request's caller settings (set_config(..., true),
local to its transaction) still decide which township's rows it sees."""
import os
import re
import shutil
import threading

import pytest
import requests

from conftest import (APP_PASSWORD, REPO, SUPER_PASSWORD, Cluster, Nginx, Safegridd,
                      as_postgres, free_port, run, shared_dir, wait_for, tcp_open)

HEALTHCHECK = os.path.join(REPO, "deploy", "docker", "healthcheck.sh")
POOL_SIZE = 2


def pgbouncer_ini(root, pg_port, port):
    """deploy/pgbouncer/pgbouncer.ini with this test's ports and files."""
    text = open(os.path.join(REPO, "deploy", "pgbouncer", "pgbouncer.ini")).read()
    replace = {
        "safegrid": f"host=127.0.0.1 port={pg_port} dbname=safegrid",
        "listen_port": str(port),
        "auth_file": os.path.join(root, "userlist.txt"),
        "default_pool_size": str(POOL_SIZE),
        "logfile": os.path.join(root, "pgbouncer.log"),
        "pidfile": os.path.join(root, "pgbouncer.pid"),
    }
    for key, value in replace.items():
        text, n = re.subn(rf"^{key} = .*$", f"{key} = {value}", text, flags=re.M)
        assert n == 1, key
    assert re.search(r"^pool_mode = transaction$", text, re.M)
    return text


@pytest.fixture(scope="module")
def pooled():
    root = shared_dir("sg-ops-pgbouncer-")
    pg = Cluster(os.path.join(root, "pg")).init().start()
    apps, nginx, bouncer_root = [], None, os.path.join(root, "pgbouncer")
    try:
        pg.safegrid(seed=True)
        as_postgres(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", pg.sock, "-p", str(pg.port),
                     "-U", "postgres", "-d", "postgres", "-f",
                     os.path.join(REPO, "deploy", "pgbouncer", "roles.sql")])
        os.makedirs(bouncer_root)
        port = free_port()
        with open(os.path.join(bouncer_root, "pgbouncer.ini"), "w") as f:
            f.write(pgbouncer_ini(bouncer_root, pg.port, port))
        with open(os.path.join(bouncer_root, "userlist.txt"), "w") as f:
            f.write(f'"safegrid_app" "{APP_PASSWORD}"\n"postgres" "{SUPER_PASSWORD}"\n')
        pg.chown(bouncer_root)
        os.chmod(os.path.join(bouncer_root, "userlist.txt"), 0o600)
        as_postgres(["pgbouncer", "-d", os.path.join(bouncer_root, "pgbouncer.ini")])
        wait_for(lambda: tcp_open(port), what="pgbouncer")

        url = f"postgresql://safegrid_app:{requests.utils.quote(APP_PASSWORD, safe='')}" \
              f"@127.0.0.1:{port}/safegrid"
        apps = [Safegridd(root, "pooled", url, SAFEGRID_WORKERS="4", SAFEGRID_DB_POOLED="1")]
        nginx = Nginx(root, apps)
        yield {"pg": pg, "port": port, "nginx": nginx, "url": url, "root": root, "app": apps[0]}
    finally:
        if nginx:
            nginx.stop()
        for app in apps:
            app.stop()
        pid_file = os.path.join(bouncer_root, "pgbouncer.pid")
        if os.path.exists(pid_file):
            run(["kill", "-INT", open(pid_file).read().strip()], check=False)
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)


def admin(pooled, command):
    env = dict(os.environ, PGPASSWORD=SUPER_PASSWORD)
    return run(["psql", "-X", "-tA", "-F", "|", "-h", "127.0.0.1", "-p", str(pooled["port"]),
                "-U", "postgres", "-d", "pgbouncer", "-c", command], env=env).stdout


def session(base, username):
    s = requests.Session()
    s.trust_env = False
    r = s.post(f"{base}/api/v1/auth/login", json={"username": username, "password": "safegrid-demo"})
    assert r.status_code == 200, r.text
    s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    s.township = r.json()["user"]["township_id"]
    s.user_id = r.json()["user"]["id"]
    return s


def test_each_request_sees_its_own_township_through_shared_connections(pooled):
    base = pooled["nginx"].base
    users = [session(base, name) for name in
             ("difang.committee", "bailin.committee", "zhongcun.committee", "bailin.supervisor")]
    assert len({u.township for u in users}) == 3
    failures = []

    def walk(user):
        for _ in range(15):
            for path in ("/api/v1/enterprises?limit=50", "/api/v1/hazards?limit=50"):
                r = user.get(base + path)
                if r.status_code != 200:
                    failures.append((path, r.status_code, r.text[:200]))
                    continue
                seen = {item["township_id"] for item in r.json()["items"]}
                if seen != {user.township}:
                    failures.append((path, user.township, seen))
            me = user.get(f"{base}/api/v1/me")
            if me.status_code != 200 or me.json()["user"]["township_id"] != user.township:
                failures.append(("/api/v1/me", me.status_code))

    threads = [threading.Thread(target=walk, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []

    # The four workers are clients of PgBouncer; PostgreSQL saw at most the pool.
    clients = [line for line in admin(pooled, "show clients").splitlines()
               if line.startswith("C|safegrid_app|safegrid|")]
    servers = [line for line in admin(pooled, "show servers").splitlines()
               if line.startswith("S|safegrid_app|safegrid|")]
    assert len(clients) == 4
    assert 1 <= len(servers) <= POOL_SIZE
    backends = pooled["pg"].psql("select count(*) from pg_stat_activity"
                                 " where usename = 'safegrid_app'")
    assert int(backends) <= POOL_SIZE


def test_a_write_and_its_audit_row_carry_the_callers_settings(pooled):
    base = pooled["nginx"].base
    user = session(base, "bailin.committee")
    r = user.post(f"{base}/api/v1/auth/logout")
    assert r.status_code in (200, 204)
    # The logout's audit row names the caller and the township: set_config reached it.
    row = pooled["pg"].psql(
        "select township_id || ' ' || actor_id from audit_log where action = 'auth.logout'"
        " order by id desc limit 1", "safegrid")
    assert row.split() == [str(user.township), str(user.user_id)]


def test_without_pooled_mode_pgbouncer_turns_safegridd_away(pooled):
    """The startup options safegridd sends to PostgreSQL itself are what PgBouncer refuses:
    SAFEGRID_DB_POOLED=1 is what makes the pooler usable."""
    direct = Safegridd(pooled["root"], "unpooled", pooled["url"], SAFEGRID_WORKERS="1")
    try:
        answer = run(["sh", HEALTHCHECK], env=dict(os.environ, SAFEGRID_LISTEN=f"0.0.0.0:{direct.port}"),
                     check=False)
        assert answer.returncode != 0
        good = run(["sh", HEALTHCHECK],
                   env=dict(os.environ, SAFEGRID_LISTEN=f"0.0.0.0:{pooled['app'].port}"), check=False)
        assert good.returncode == 0, good.stderr
    finally:
        direct.stop()
