"""A streaming replica made by pg_basebackup, as docs/scaling.md sets one up: it follows
the primary's writes, gives safegrid_app the same rows under row-level security and
refuses writes; safegridd with DATABASE_URL_READONLY reads the grid there and everything
else on the primary, and falls back to the primary when the replica cannot serve."""
import json
import os
import shutil
import time

import psycopg2
import pytest
import requests

from conftest import (APP_PASSWORD, SUPER_PASSWORD, PG_BIN, Cluster, Nginx, Safegridd,
                      as_postgres, shared_dir)


@pytest.fixture(scope="module")
def pair():
    root = shared_dir("sg-ops-replica-")
    primary = Cluster(os.path.join(root, "primary")).init().start()
    replica = Cluster(os.path.join(root, "replica"))
    try:
        primary.safegrid(seed=True)
        os.makedirs(replica.sock)
        replica.chown(replica.root)
        env = dict(os.environ, PGPASSWORD=SUPER_PASSWORD)
        as_postgres([f"{PG_BIN}/pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port),
                     "-U", "postgres", "-D", replica.data, "-R", "-X", "stream", "-c", "fast",
                     "--no-password"],
                    env=env)
        open(replica.log, "a").close()
        replica.chown(replica.root)
        # The copy has the primary's settings; this instance's own go after them.
        replica.configure()
        replica.start()
        yield primary, replica
    finally:
        replica.stop()
        primary.stop()
        shutil.rmtree(root, ignore_errors=True)


def as_caller(cluster, caller):
    """Hazards safegrid_app sees as caller (user id, role, township, county), with the
    settings a request makes (app.request_begin), local to one read-only transaction."""
    user, role, township, county = caller
    conn = psycopg2.connect(cluster.url("safegrid_app", APP_PASSWORD))
    try:
        conn.set_session(readonly=True)
        with conn.cursor() as cur:
            cur.execute("select set_config('app.user_id', %s, true), set_config('app.role', %s, true),"
                        " set_config('app.township_id', %s, true), set_config('app.county_id', %s, true),"
                        " set_config('app.townships', %s, true)",
                        (user, role, township, county, "{%s}" % township))
            cur.execute("select count(*), coalesce(sum(id), 0) from hazard")
            return cur.fetchone()
    finally:
        conn.close()


def wait_until(predicate, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_the_replica_streams_and_is_read_only(pair):
    primary, replica = pair
    assert replica.psql("select pg_is_in_recovery()") == "t"
    assert primary.psql("select count(*) from pg_stat_replication where state = 'streaming'") == "1"
    primary.psql("create table replica_probe (id int); insert into replica_probe values (7)", "safegrid")
    assert wait_until(lambda: replica.psql(
        "select coalesce((select id from replica_probe), 0)", "safegrid") == "7"
        if replica.psql("select to_regclass('public.replica_probe') is not null", "safegrid") == "t"
        else False)
    conn = psycopg2.connect(replica.url("safegrid_app", APP_PASSWORD))
    try:
        with conn.cursor() as cur, pytest.raises(psycopg2.errors.ReadOnlySqlTransaction):
            cur.execute("update session set last_seen_at = now()")
    finally:
        conn.close()


def test_a_caller_reads_the_same_rows_on_the_replica(pair):
    primary, replica = pair
    callers = [line.split("|") for line in primary.psql(
        "select u.id || '|' || u.role || '|' || u.township_id || '|' || u.county_id from app_user u"
        " where u.username like '%.committee' order by u.id", "safegrid").splitlines()]
    assert len(callers) == 3
    # Caught up: the same last transaction on both.
    lsn = primary.psql("select pg_current_wal_lsn()")
    assert wait_until(lambda: replica.psql(
        f"select pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn") == "t")
    for caller in callers:
        on_primary = as_caller(primary, caller)
        assert on_primary[0] > 0
        assert as_caller(replica, caller) == on_primary
    # Without the caller's settings, nothing: row-level security holds there too.
    conn = psycopg2.connect(replica.url("safegrid_app", APP_PASSWORD))
    try:
        with conn.cursor() as cur:
            cur.execute("select count(*) from hazard")
            assert cur.fetchone()[0] == 0
    finally:
        conn.close()


# --- safegridd with DATABASE_URL_READONLY ---------------------------------------------

@pytest.fixture(scope="module")
def served(pair):
    """safegridd on the primary with the replica as DATABASE_URL_READONLY, behind nginx."""
    primary, replica = pair
    root = shared_dir("sg-ops-replica-app-")
    app = Safegridd(root, "app", primary.url("safegrid_app", APP_PASSWORD), SAFEGRID_WORKERS="1",
                    DATABASE_URL_READONLY=replica.url("safegrid_app", APP_PASSWORD))
    nginx = None
    try:
        nginx = Nginx(root, [app])
        yield nginx.base, app
    finally:
        if nginx:
            nginx.stop()
        app.stop()
        shutil.rmtree(root, ignore_errors=True)


def signed_in(base, username):
    s = requests.Session()
    s.trust_env = False
    r = s.post(f"{base}/api/v1/auth/login", json={"username": username, "password": "safegrid-demo"})
    assert r.status_code == 200, r.text
    s.user_id = r.json()["user"]["id"]
    return s


def root_enterprises(session, base):
    r = session.get(f"{base}/api/v1/grid?with=counts")
    assert r.status_code == 200, r.text
    return r.json()


def caught_up(primary, replica):
    lsn = primary.psql("select pg_current_wal_lsn()")
    return wait_until(lambda: replica.psql(f"select pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn") == "t")


def test_the_grid_is_read_from_the_replica_and_the_rest_from_the_primary(pair, served):
    primary, replica = pair
    base, _ = served
    user = signed_in(base, "bailin.committee")
    assert caught_up(primary, replica)
    before_grid = root_enterprises(user, base)
    before_list = user.get(f"{base}/api/v1/enterprises?limit=200").json()["items"]

    # The replica stops replaying: what the primary writes now, only the primary has.
    replica.psql("select pg_wal_replay_pause()")
    try:
        primary.psql("update grid_node set name = name || '（改）' where id = (select min(n.id)"
                     " from grid_node n join township t on t.id = n.township_id"
                     " where t.slug = 'bailin' and n.level = 2)", "safegrid")
        primary.psql("update enterprise set name = name || '（新）' where id = (select min(e.id)"
                     " from enterprise e join township t on t.id = e.township_id"
                     " where t.slug = 'bailin')", "safegrid")
        # The grid (a replica read) is as it was; the enterprise list (primary) is new.
        assert root_enterprises(user, base) == before_grid
        after_list = user.get(f"{base}/api/v1/enterprises?limit=200").json()["items"]
        assert after_list != before_list
        assert any(e["name"].endswith("（新）") for e in after_list)
    finally:
        replica.psql("select pg_wal_replay_resume()")
    assert caught_up(primary, replica)
    assert root_enterprises(user, base) != before_grid
    assert "（改）" in json.dumps(root_enterprises(user, base), ensure_ascii=False)


def test_a_session_due_its_touch_is_served_by_the_primary(pair, served):
    primary, replica = pair
    base, _ = served
    user = signed_in(base, "difang.committee")
    # Last seen two minutes ago: the session check must write, which the replica refuses.
    primary.psql("update session set last_seen_at = now() - interval '2 minutes'"
                 f" where user_id = {user.user_id} and ended_at is null", "safegrid")
    assert caught_up(primary, replica)
    r = user.get(f"{base}/api/v1/grid?with=counts")
    assert r.status_code == 200, r.text
    touched = primary.psql("select bool_and(last_seen_at > now() - interval '1 minute') from session"
                           f" where user_id = {user.user_id} and ended_at is null", "safegrid")
    assert touched == "t"


def test_the_grid_is_served_while_the_replica_is_down(pair, served):
    primary, replica = pair
    base, _ = served
    user = signed_in(base, "zhongcun.committee")
    replica.stop()
    try:
        for _ in range(3):
            assert user.get(f"{base}/api/v1/grid?with=counts").status_code == 200
    finally:
        replica.start()
