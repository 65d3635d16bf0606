"""The calendar: the suite passes on any day, and the demo follows the year.

`make test-future` runs the whole suite with the stack and the tests on a clock
about 18 months ahead (libfaketime).  These tests make sure such a run is what
it claims -- PostgreSQL, nginx, safegridd and the tests read one clock -- and
that the demo county seeded on any day has a campaign under way, nothing
dated after today, and nothing added when it is seeded again.
"""
import datetime
import email.utils
import json
import os
import uuid

from conftest import DEMO_CAMPAIGN, anonymous, sql, sql_value, today, year_end, year_start
from test_bench_seed import ctl, empty_database, query  # noqa: F401 (empty_database: a fixture)

LOG = os.environ.get("SAFEGRID_TEST_LOG", "")
SLACK = datetime.timedelta(seconds=120)


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def test_the_database_nginx_safegridd_and_the_tests_read_one_clock():
    probe = f"/api/v1/clock-probe-{uuid.uuid4().hex}"
    r = anonymous().get(probe)
    assert r.status_code == 404
    mine = utc_now()
    # nginx writes the Date header from its own clock.
    assert abs(email.utils.parsedate_to_datetime(r.headers["Date"]) - mine) < SLACK
    # PostgreSQL: now(), and today in the county's time zone.
    assert abs(sql_value("select now()") - mine) < SLACK
    assert sql_value("select app.today()") == today()
    # safegridd stamps its log lines with its clock.
    with open(LOG, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if probe in line]
    assert lines, f"no log line for {probe} in {LOG}"
    logged = datetime.datetime.fromisoformat(lines[-1]["time"].replace("Z", "+00:00"))
    assert abs(logged - mine) < SLACK


def test_the_demo_campaign_runs_through_this_year():
    rows = sql("select township_id, starts_on, ends_on, status from campaign where name = %s",
               (DEMO_CAMPAIGN,))
    assert len(rows) == 4
    for row in rows:
        assert (row["starts_on"].isoformat(), row["ends_on"].isoformat(), row["status"]) == \
            (year_start(), year_end(), "active")
        assert row["starts_on"] <= today() <= row["ends_on"]


DEMO_TABLES = ("county", "township", "app_user", "campaign", "campaign_sector", "working_group",
               "group_member", "grid_node", "enterprise", "enterprise_assignment", "task",
               "responsibility_letter", "document", "document_recipient", "inspection",
               "inspection_result", "hazard", "hazard_event", "attachment", "tip")
COUNTS = "select " + ", ".join(f"(select count(*) from {t})" for t in DEMO_TABLES)


def test_the_demo_seeded_today_has_nothing_after_today_and_seeding_again_adds_nothing(empty_database):
    database = empty_database()
    first = ctl(database, "seed-demo")
    assert first.returncode == 0, first.stderr
    counts = query(database, COUNTS)[0]
    assert all(counts), dict(zip(DEMO_TABLES, counts))
    later = query(database, """
        select (select count(*) from inspection where inspected_on > app.today()
                                                   or submitted_at > now()),
               (select count(*) from responsibility_letter where signed_on > app.today()),
               (select count(*) from document where sent_at > now()),
               (select count(*) from document_recipient where acknowledged_at > now()),
               (select count(*) from enterprise_assignment where starts_on > app.today()
                                                              or ends_on > app.today())""")[0]
    assert later == (0, 0, 0, 0, 0)
    campaigns = query(database, "select name, starts_on, ends_on from campaign")
    assert {c[0] for c in campaigns} == {DEMO_CAMPAIGN}

    again = ctl(database, "seed-demo")
    assert again.returncode == 0, again.stderr
    assert dict(zip(DEMO_TABLES, query(database, COUNTS)[0])) == dict(zip(DEMO_TABLES, counts))
