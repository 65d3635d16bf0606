"""The tallies the dashboards, the daily report and the grid's counts read
(0026: hazard_tally, hazard_due_count, hazard_day, inspected_enterprise,
township_tally) and the inspection list's counts (0027: inspection_tally), kept by triggers in the same transaction as every write.

After a mixed series of writes -- hazards registered, every move of the life
cycle, an edit, an extension, a move to another sector and grid node, a
deletion, an inspection submitted with hazard results, a tip accepted, dates
moved back in time -- every tally equals the same figure counted here from
the rows, for every township; and the dashboards and the grid's counts show
figures this test counts itself from the rows.
"""
from collections import Counter

import pytest

from conftest import day, signed_in, sql, sql_value
from test_hazards import FIVE_ITEMS, JPEG, PNG, make_enterprise, moved, new_hazard, uploaded
from test_inspections import CODES, fill, remove_inspections
from test_oversight import figures_from_rows, plain
from test_tasks import campaign  # noqa: F401 (a fixture)

HAZARDS = "/api/v1/hazards"
INSPECTIONS = "/api/v1/inspections"

# Each tally as the trigger keeps it, and the same figure counted from the rows.
TALLIES = {
    "hazard_tally": (
        "select township_id, status, sector_id, grid_node_id, severity, n from hazard_tally where n <> 0",
        "select township_id, status, sector_id, grid_node_id, severity, count(*) from hazard"
        " group by 1, 2, 3, 4, 5"),
    "hazard_due_count": (
        "select township_id, status, deadline, n from hazard_due_count where n <> 0",
        "select township_id, status, case when status in ('reported', 'rectifying') then deadline end,"
        "       count(*) from hazard group by 1, 2, 3"),
    "hazard_day": (
        "select township_id, day, sector_id, grid_node_id, found, closed from hazard_day"
        " where found <> 0 or closed <> 0",
        "select township_id, day, sector_id, grid_node_id, sum(found) as f, sum(closed) as c from ("
        "  select township_id, (created_at at time zone 'Asia/Shanghai')::date as day, sector_id,"
        "         grid_node_id, 1 as found, 0 as closed from hazard"
        "  union all"
        "  select township_id, (closed_at at time zone 'Asia/Shanghai')::date, sector_id, grid_node_id, 0, 1"
        "    from hazard where closed_at is not null) x group by 1, 2, 3, 4"),
    "inspected_enterprise": (
        "select township_id, enterprise_id, inspections from inspected_enterprise where inspections <> 0",
        "select township_id, enterprise_id, count(*) from inspection where status = 'submitted' group by 1, 2"),
    "inspection_tally": (
        "select township_id, inspection_id, ok, hazard, na from inspection_tally"
        " where ok <> 0 or hazard <> 0 or na <> 0",
        "select township_id, inspection_id, count(*) filter (where result = 'ok') as ok,"
        "       count(*) filter (where result = 'hazard') as hazard, count(*) filter (where result = 'na') as na"
        "  from inspection_result group by 1, 2"),
    "township_tally": (
        "select township_id, inspected_enterprises from township_tally where inspected_enterprises <> 0",
        "select township_id, count(distinct enterprise_id) from inspection where status = 'submitted'"
        " group by 1"),
}


def rows_of(query):
    return Counter(tuple(r.values()) for r in sql(query))


def assert_tallies_equal_the_rows():
    for name, (kept, counted) in TALLIES.items():
        kept_rows, counted_rows = rows_of(kept), rows_of(counted)
        assert kept_rows == counted_rows, (
            f"{name}: kept but not counted {kept_rows - counted_rows}, counted but not kept {counted_rows - kept_rows}")


@pytest.fixture
def series(ids, campaign, make_user):  # noqa: F811 (campaign: the fixture)
    """The mixed series of writes, through the API where it has one; everything it
    made is removed afterwards (under session_replication_role = replica, which the
    tallies' triggers still see)."""
    town = ids.township["difang"]
    safety = signed_in("difang.safety")
    committee = signed_in("difang.committee")
    checker = make_user(role="department")
    sql("insert into user_sector (township_id, user_id, sector_id)"
        " select township_id, %s, sector_id from user_sector where user_id = %s",
        (checker["id"], ids.user["difang.safety"]))
    checker = signed_in(checker["username"])
    made = {"hazards": [], "inspections": [], "tips": []}
    ent = make_enterprise()
    other = make_enterprise(village="西村", sector="fire")

    def hazard(**fields):
        h = new_hazard(ent["id"], **fields)
        made["hazards"].append(h["id"])
        return h

    # Registered in each mode, a major one with its five items.
    fresh = hazard(description="新登记", deadline=day(10))
    late = hazard(description="将要逾期", deadline=day(3))
    spot = hazard(description="当场整改", mode="immediate", deadline=...)
    major = hazard(description="重大隐患", severity="major", mode="major", deadline=day(30), five_items=FIVE_ITEMS)
    closing = hazard(description="整改并验收", deadline=day(5))
    rejected = hazard(description="验收不合格", deadline=day(5))
    reopened = hazard(description="回头看反弹", deadline=day(5))
    moved_one = hazard(description="换行业换网格", deadline=day(8))
    doomed = hazard(description="误登记后删除", deadline=day(4))

    # An edit before rectification starts (severity, mode, deadline), an extension.
    r = safety.patch(f"{HAZARDS}/{fresh['id']}", json={"version": 1, "deadline": day(12)})
    assert r.status_code == 200, r.text
    r = safety.post(f"{HAZARDS}/{fresh['id']}/extensions",
                    json={"version": 2, "deadline": day(20), "reason": "设备到货推迟"})
    assert r.status_code == 200, r.text

    # Every move of the life cycle.
    uploaded(safety, spot["id"], tag="before")
    moved(safety, spot["id"], "close")
    for h in (late, major, closing, rejected, reopened):
        moved(safety, h["id"], "start")
    for h in (closing, rejected, reopened):
        uploaded(safety, h["id"], PNG)
        moved(safety, h["id"], "submit")
    moved(checker, closing["id"], "verify", note="复查合格")
    moved(checker, rejected["id"], "reject", note="整改不到位")
    moved(checker, reopened["id"], "verify", note="复查合格")
    moved(safety, reopened["id"], "reopen", note="回头看发现问题反弹")
    uploaded(safety, rejected["id"], JPEG, tag="after")

    # A move to another sector and grid node (an administrator's correction),
    # and a deletion of a hazard registered by mistake.
    sql("update hazard set sector_id = %s, grid_node_id = %s, enterprise_id = %s where id = %s",
        (other["sector_id"], other["grid_node_id"], other["id"], moved_one["id"]))
    sql("begin; set local session_replication_role = replica;"
        " delete from hazard_event where hazard_id = %s; delete from hazard where id = %s; commit;",
        (doomed["id"], doomed["id"]))
    made["hazards"].remove(doomed["id"])

    # Time passes: one fell due days ago, others were found and closed on earlier days.
    sql("update hazard set deadline = app.today() - 2 where id = %s", (late["id"],))
    sql("update hazard set created_at = now() - interval '3 days' where id = any(%s)",
        ([fresh["id"], late["id"]],))
    sql("update hazard set created_at = now() - interval '6 days', closed_at = now() - interval '1 day'"
        " where id = %s", (closing["id"],))

    # An inspection submitted with two hazard results opens two hazards.
    r = safety.post(INSPECTIONS, json={"enterprise_id": ent["id"], "campaign_id": campaign, "kind": "routine",
                                       "inspected_on": day()})
    assert r.status_code == 201, r.text
    inspection = r.json()["id"]
    made["inspections"].append(inspection)
    fill(safety, inspection, hazards={
        code: {"result": "hazard", "note": "检查发现", "measure": "限期整改", "mode": "deadline",
               "deadline": day(7)} for code in CODES[2:4]})
    r = safety.post(f"{INSPECTIONS}/{inspection}/submit")
    assert r.status_code == 200, r.text
    opened = [h["id"] for h in r.json()["hazards"]]
    assert len(opened) == 2

    # A tip accepted becomes a hazard.
    tip = sql_value("insert into tip (township_id, enterprise_id, text, client_addr)"
                    " values (%s, %s, '仓库消防通道被堵住了', '198.51.100.77') returning id", (town, ent["id"]))
    made["tips"].append(tip)
    r = committee.post(f"/api/v1/tips/{tip}/accept", json={
        "severity": "general", "mode": "deadline", "deadline": day(6), "description": "消防通道堵塞"})
    assert r.status_code == 201, r.text
    made["hazards"].append(r.json()["hazard_id"])

    yield {"town": town, "enterprise": ent, "other": other}

    sql("begin; set local session_replication_role = replica;"
        " update tip set hazard_id = null where id = any(%(tips)s);"
        " delete from tip where id = any(%(tips)s);"
        " delete from hazard_event where hazard_id = any(%(hazards)s);"
        " delete from attachment where entity_type = 'hazard' and entity_id = any(%(hazards)s);"
        " delete from hazard where id = any(%(hazards)s); commit;", made)
    remove_inspections(made["inspections"])
    assert_tallies_equal_the_rows()


def test_every_tally_equals_the_rows_after_a_mixed_series_of_writes(series):
    assert_tallies_equal_the_rows()
    # Not trivially: the series shows in them.
    assert sql_value("select sum(n) from hazard_tally where township_id = %s and status = 'closed'",
                     (series["town"],)) >= 2
    assert sql_value("select inspections from inspected_enterprise where enterprise_id = %s",
                     (series["enterprise"]["id"],)) == 1


def test_counting_again_gives_what_the_triggers_kept(series):
    """app.tallies_rebuild (what a bulk load runs, a township and 20,000 inspections at
    a time since 0036) leaves every tally as the triggers had it after the series."""
    kept = {name: rows_of(query) for name, (query, _) in TALLIES.items()}
    assert kept["inspection_tally"] and kept["hazard_tally"]
    sql("select app.tallies_rebuild()")
    for name, (query, _) in TALLIES.items():
        again = rows_of(query)
        assert again == kept[name], (
            f"{name}: rebuilt but not kept {again - kept[name]}, kept but not rebuilt {kept[name] - again}")


def test_the_dashboards_and_the_grid_count_what_the_rows_hold(series):
    town = series["town"]
    rows = sql("select status, severity, sector_id, grid_node_id, deadline,"
               "       coalesce(status in ('reported', 'rectifying') and deadline < app.today(), false) as overdue"
               "  from hazard where township_id = %s", (town,))
    board = signed_in("difang.committee").get("/api/v1/dashboard").json()
    assert board["hazards"]["total"] == len(rows)
    assert board["hazards"]["by_status"] == {s: sum(r["status"] == s for r in rows)
                                             for s in ("reported", "rectifying", "submitted", "closed")}
    assert board["hazards"]["overdue"] == sum(r["overdue"] for r in rows) >= 1
    assert board["hazards"]["major_open"] == sum(r["severity"] == "major" and r["status"] != "closed" for r in rows)
    for key, part in (("sector_id", "by_sector"), ("grid_node_id", "by_grid_node")):
        counted = {}
        for r in rows:
            c = counted.setdefault(r[key], Counter())
            c["total"] += 1
            c["open"] += r["status"] != "closed"
            c["overdue"] += r["overdue"]
        assert {x[key]: {k: x[k] for k in ("total", "open", "overdue")} for x in board[part]} == \
            {k: {f: c[f] for f in ("total", "open", "overdue")} for k, c in counted.items()}, part
    days = Counter(r["day"] for r in sql(
        "select (created_at at time zone 'Asia/Shanghai')::date::text as day from hazard"
        " where township_id = %s", (town,)))
    shut = Counter(r["day"] for r in sql(
        "select (closed_at at time zone 'Asia/Shanghai')::date::text as day from hazard"
        " where township_id = %s and closed_at is not null", (town,)))
    assert [(t["new"], t["closed"]) for t in board["trend"]] == [(days[t["date"]], shut[t["date"]])
                                                                 for t in board["trend"]]

    supervisor = signed_in("difang.supervisor").get("/api/v1/dashboard").json()
    assert supervisor["overdue_hazards"] == sum(r["overdue"] for r in rows)

    county = {t["township_id"]: t for t in signed_in("admin").get("/api/v1/dashboard").json()["townships"]}
    for township_id, row in county.items():
        counted = sql("select count(*) as found, count(*) filter (where status = 'closed') as closed,"
                      "       count(*) filter (where status in ('reported', 'rectifying')"
                      "                          and deadline < app.today()) as overdue,"
                      "       (select count(distinct enterprise_id) from inspection i"
                      "         where i.township_id = %s and i.status = 'submitted') as inspected"
                      "  from hazard where township_id = %s", (township_id, township_id))[0]
        assert (row["hazards_found"], row["hazards_closed"], row["overdue"], row["inspected_enterprises"]) == \
            (counted["found"], counted["closed"], counted["overdue"], counted["inspected"]), township_id

    # The daily report of today and of the days back to the series' first.
    committee = signed_in("difang.committee")
    for offset in (0, -1, -3, -6):
        report = committee.get("/api/v1/reports/daily", params={"date": day(offset)}).json()
        mine = figures_from_rows(town, offset)
        assert plain(report["totals"]) == {k: mine["totals"][k] for k in ("found", "closed", "open", "overdue")}
        for row in report["by_grid_node"]:
            assert plain(row) == {k: mine["grid"].get(row["grid_node_id"], Counter())[k]
                                  for k in ("found", "closed", "open", "overdue")}

    # The grid's counts: open and overdue hazards anywhere below each node.
    nodes = sql("select id, parent_id from grid_node where township_id = %s", (town,))
    parent = {n["id"]: n["parent_id"] for n in nodes}
    open_below, late_below = Counter(), Counter()
    for r in rows:
        if r["status"] not in ("reported", "rectifying"):
            continue
        node = r["grid_node_id"]
        while node is not None:
            open_below[node] += 1
            late_below[node] += r["overdue"]
            node = parent[node]
    tree = committee.get("/api/v1/grid", params={"with": "counts"}).json()
    seen = []

    def walk(node):
        seen.append(node["id"])
        assert (node["open_hazard_count"], node["overdue_hazard_count"]) == \
            (open_below[node["id"]], late_below[node["id"]]), node["id"]
        for child in node.get("children", []):
            walk(child)

    walk(tree)
    assert series["enterprise"]["grid_node_id"] in seen
