"""safegridctl seed-bench: the benchmark county, at a tiny scale.

Sizes follow the scale, every hazard state and severity is present, the
same seed gives the same data, and a database that has data is refused.
"""
import os
import subprocess
import uuid

import psycopg2
import pytest

BIN = os.environ.get("SAFEGRID_BIN", "build")
SUPER = os.environ.get("SAFEGRID_TEST_PG_URL", "")
OWNER = os.environ.get("SAFEGRID_TEST_OWNER_URL", "")
SQL_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "sql")


def url(base, database):
    return base.rsplit("/", 1)[0] + "/" + database


def ctl(database, *args):
    env = dict(os.environ, DATABASE_OWNER_URL=url(OWNER, database), SAFEGRID_SQL_DIR=SQL_DIR)
    return subprocess.run([os.path.join(BIN, "safegridctl"), *args], env=env,
                          capture_output=True, text=True)


@pytest.fixture
def empty_database():
    """Make migrated, empty databases on demand; drop them afterwards."""
    admin = psycopg2.connect(SUPER)
    admin.autocommit = True
    made = []

    def make():
        name = "bench_" + uuid.uuid4().hex[:8]
        admin.cursor().execute(f'create database "{name}" owner safegrid_owner')
        made.append(name)
        assert ctl(name, "migrate").returncode == 0
        return name
    yield make
    for name in made:
        admin.cursor().execute(f'drop database "{name}" with (force)')
    admin.close()


def query(database, text):
    with psycopg2.connect(url(SUPER, database)) as conn, conn.cursor() as cur:
        cur.execute(text)
        return cur.fetchall()


# Dates are counted from the county campaign's start (the seed's day less 730), so two
# seeds made either side of midnight in Asia/Shanghai still compare equal.
FINGERPRINT = """select md5(string_agg(concat_ws('|', h.id, h.status, h.severity, h.mode, h.deadline - c.starts_on,
                                               h.created_at - c.starts_on::timestamp at time zone 'Asia/Shanghai',
                                               e.credit_code), ',' order by h.id))
                   from hazard h join enterprise e on e.id = h.enterprise_id
                   cross join (select starts_on from campaign where township_id is null) c"""


def test_a_tiny_county_has_every_part_and_the_same_seed_gives_the_same_data(empty_database):
    first, second, third = empty_database(), empty_database(), empty_database()
    result = ctl(first, "seed-bench", "--scale", "0.005")
    assert result.returncode == 0, result.stderr
    counts = query(first, """select (select count(*) from township), (select count(*) from enterprise),
                                    (select count(*) from inspection), (select count(*) from inspection_result),
                                    (select count(*) from hazard), (select count(*) from app_user)""")[0]
    # 20 township staff, plus the county admin and an enterprise user per township.
    assert counts == (2, 100, 1000, 43000, 5000, 23)
    # Oversight: orders in every state, numbered 1..50 in each township; daily reports.
    assert {r[0] for r in query(first, "select distinct state from supervision_order")} == \
        {"issued", "answered", "rejected", "closed", "escalated"}
    assert query(first, """select count(*), count(distinct (township_id, seq)), max(seq)
                             from supervision_order""")[0] == (100, 100, 50)
    assert query(first, "select count(distinct report_date) from daily_report")[0][0] == 30
    states = dict(query(first, "select status, count(*) from hazard group by status"))
    assert set(states) == {"reported", "rectifying", "submitted", "closed"}
    assert {r[0] for r in query(first, "select distinct severity from hazard")} == {"general", "major"}
    assert query(first, """select count(*) from hazard
                            where status in ('reported', 'rectifying') and deadline < app.today()""")[0][0] > 0
    # Every enterprise's credit code passes the database's own check.
    assert query(first, "select bool_and(app.credit_code_valid(credit_code)) from enterprise")[0][0]
    # Each hazard's events lead to where it stands.
    assert query(first, """select count(*) from hazard h
                            where h.status <> (select e.to_status from hazard_event e
                                                where e.hazard_id = h.id order by e.id desc limit 1)""")[0][0] == 0

    assert ctl(second, "seed-bench", "--scale", "0.005").returncode == 0
    assert query(first, FINGERPRINT) == query(second, FINGERPRINT)
    assert ctl(third, "seed-bench", "--scale", "0.005", "--seed", "2").returncode == 0
    assert query(first, FINGERPRINT) != query(third, FINGERPRINT)


def test_a_database_with_data_and_bad_arguments_are_refused(empty_database):
    database = empty_database()
    assert ctl(database, "seed-bench", "--scale", "0.005").returncode == 0
    again = ctl(database, "seed-bench", "--scale", "0.005")
    assert again.returncode == 1 and "fills an empty database" in again.stderr
    for args in (["--scale", "0"], ["--scale", "x"], ["--scale", "11"], ["--seed", "-1"]):
        result = ctl(database, "seed-bench", *args)
        assert result.returncode == 2, args
