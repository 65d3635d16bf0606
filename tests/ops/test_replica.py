"""A streaming replica made by pg_basebackup, as docs/scaling.md sets one up: it follows
the primary's writes and gives safegrid_app the same rows under row-level security,
and refuses writes. (safegridd does not send reads to it yet: see docs/scaling.md.)"""
import os
import shutil
import time

import psycopg2
import pytest

from conftest import (APP_PASSWORD, SUPER_PASSWORD, PG_BIN, Cluster, as_postgres, shared_dir)


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
