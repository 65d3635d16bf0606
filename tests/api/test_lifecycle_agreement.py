"""The hazard life cycle is written twice -- the C table (fcgi/api/hazard_lifecycle.c,
printed by `safegridctl lifecycle`) that answers the API, and the trigger
app.hazard_status_guard that keeps the database's states -- and the two agree.

Each probe puts one demo hazard into a status with the trigger off
(session_replication_role), then, as safegrid_app with a caller's settings, asks the
trigger for one move, and rolls everything back. For every pair of statuses the
trigger allows exactly the moves of the table; and the rules the trigger also holds
(immediate mode only, five items before a major hazard starts, only the committee
closes a major hazard) sit on exactly the table's moves that name them.
"""
import itertools
import json

import psycopg2
import pytest

from conftest import PG_URL, connect, safegridctl, sql

STATUSES = ("reported", "rectifying", "submitted", "closed")
FIVE_ITEMS = {"responsibility": "张三", "measures": "加固", "funds": "1万元",
              "time_limit": "一周", "contingency_plan": "疏散"}


@pytest.fixture(scope="module")
def moves():
    done = safegridctl("lifecycle")
    assert done.returncode == 0, done.stderr
    table = json.loads(done.stdout)
    assert table, "safegridctl lifecycle printed nothing"
    return table


@pytest.fixture(scope="module")
def subject():
    """A demo hazard and a committee and a department user of its township."""
    row = sql("select h.id, h.township_id,"
              "       (select id from app_user u where u.township_id = h.township_id"
              "          and u.role = 'committee' order by id limit 1) as committee,"
              "       (select id from app_user u where u.township_id = h.township_id"
              "          and u.role = 'department' order by id limit 1) as department"
              "  from hazard h order by h.id limit 1")
    assert row and row[0]["committee"] and row[0]["department"], "the demo county has no hazard"
    return row[0]


def probe(subject, start, end, severity="general", mode="immediate", five_items=None,
          role="committee"):
    """None if the trigger lets the hazard go from start to end, else the SQLSTATE."""
    conn = connect(PG_URL, autocommit=False)
    try:
        with conn.cursor() as cur:
            cur.execute("set local session_replication_role = replica")
            cur.execute("update hazard set status = %s, severity = %s, mode = %s,"
                        " deadline = case when %s = 'immediate' then deadline"
                        "                 else coalesce(deadline, current_date + 30) end,"
                        " five_items = %s,"
                        " closed_at = case when %s = 'closed' then now() end where id = %s",
                        (start, severity, mode, mode, json.dumps(five_items) if five_items else None,
                         start, subject["id"]))
            cur.execute("set local session_replication_role = origin")
            cur.execute("set local role safegrid_app")
            cur.execute("select set_config('app.role', %s, true), set_config('app.user_id', %s, true),"
                        " set_config('app.township_id', %s, true),"
                        " set_config('app.townships', %s, true)",
                        (role, str(subject[role]), str(subject["township_id"]),
                         "{%d}" % subject["township_id"]))
            try:
                cur.execute("update hazard set status = %s where id = %s", (end, subject["id"]))
            except psycopg2.Error as e:
                return e.pgcode
            assert cur.rowcount == 1, "the probe's update reached no row"
            return None
    finally:
        conn.rollback()
        conn.close()


def test_the_trigger_allows_exactly_the_tables_moves(moves, subject):
    table = {(m["from"], m["to"]) for m in moves}
    assert len(table) == len(moves), "two actions of the table make the same move"
    disagreements = []
    for start, end in itertools.permutations(STATUSES, 2):
        refused = probe(subject, start, end)
        if (start, end) in table and refused:
            disagreements.append(f"{start} -> {end}: in the C table, the trigger refuses ({refused})")
        if (start, end) not in table and refused is None:
            disagreements.append(f"{start} -> {end}: not in the C table, the trigger allows it")
        if (start, end) not in table:
            assert refused in (None, "SG409"), f"{start} -> {end}: refused with {refused}, not SG409"
    assert not disagreements, "hazard_lifecycle.c and app.hazard_status_guard disagree:\n" + \
        "\n".join(disagreements)


def test_immediate_mode_only_where_the_table_says(moves, subject):
    for m in moves:
        refused = probe(subject, m["from"], m["to"], mode="deadline")
        if "immediate_mode_only" in m["needs"]:
            assert refused == "SG409", f"{m['action']}: the trigger lets a deadline hazard make it"
        else:
            assert refused is None, f"{m['action']}: the trigger refuses it in mode deadline ({refused})"


def test_five_items_where_the_table_says(moves, subject):
    # A major hazard's mode is major, never immediate, so the moves of immediate mode
    # alone cannot be tried for one.
    for m in moves:
        if "immediate_mode_only" in m["needs"]:
            continue
        refused = probe(subject, m["from"], m["to"], severity="major", mode="major")
        if "five_items" in m["needs"]:
            assert refused == "SG422", f"{m['action']}: the trigger starts a major hazard without its five items"
        else:
            assert refused is None, f"{m['action']}: the trigger wants five items ({refused})"


def test_only_the_committee_closes_a_major_hazard_where_the_table_says(moves, subject):
    for m in moves:
        if "immediate_mode_only" in m["needs"]:
            continue
        refused = probe(subject, m["from"], m["to"], severity="major", mode="major",
                        five_items=FIVE_ITEMS, role="department")
        if "major_by_committee" in m["needs"]:
            assert refused == "SG403", f"{m['action']}: the trigger lets a department close a major hazard"
            assert probe(subject, m["from"], m["to"], severity="major", mode="major",
                         five_items=FIVE_ITEMS, role="committee") is None
        else:
            assert refused is None, f"{m['action']}: the trigger refuses a department ({refused})"
