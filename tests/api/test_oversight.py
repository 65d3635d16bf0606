"""Oversight: supervision orders (督办单), accountability (问责), the daily
report (日报) and each role's dashboard.

Figures are checked against counts the test makes itself from the rows (read
as the superuser), after it has added hazards of its own with known dates
and states; orders' numbers are checked under concurrent issuing from two
sessions (two workers, two database connections) at once.  Every row a test
adds is removed afterwards.
"""
import concurrent.futures
import re
import threading
from collections import Counter

import pytest

from conftest import assert_error, signed_in, sql, sql_value

NUMBER = re.compile(r"^地方督〔(\d{4})〕([1-9]\d*)号$")


def today(offset=0):
    return str(sql_value("select app.today() + %s", (offset,)))


def remove_orders(order_ids):
    if order_ids:
        sql("begin; set local session_replication_role = replica;"
            " delete from accountability_order where order_id = any(%s);"
            " delete from supervision_order_event where order_id = any(%s);"
            " delete from supervision_order_hazard where order_id = any(%s);"
            " delete from supervision_order_task where order_id = any(%s);"
            " delete from supervision_order where id = any(%s); commit;", (order_ids,) * 5)


@pytest.fixture
def orders():
    made = []
    yield made
    remove_orders(made)


@pytest.fixture
def hazards(ids):
    """Adds hazards to difang with the dates and states a test names; removes them."""
    made = []
    town = ids.township["difang"]
    enterprise = ids.enterprise["difang"]
    grid = sql_value("select grid_node_id from enterprise where id = %s", (enterprise,))
    sector = sql_value("select sector_id from enterprise where id = %s", (enterprise,))

    def add(created_days_ago=0, status="reported", deadline_offset=5, closed_days_ago=None,
            severity="general"):
        closed = None if closed_days_ago is None else f"{closed_days_ago} days"
        row = sql(
            "insert into hazard (township_id, enterprise_id, grid_node_id, sector_id, source, description,"
            "                    severity, mode, measure, deadline, status, created_at, closed_at)"
            " values (%s, %s, %s, %s, 'registration', '监督测试隐患', %s, %s, '整改', app.today() + %s, %s,"
            "         now() - make_interval(days => %s),"
            "         case when %s::interval is null then null else now() - %s::interval end)"
            " returning id",
            (town, enterprise, grid, sector, severity, "major" if severity == "major" else "deadline",
             deadline_offset, status, created_days_ago, closed, closed))[0]["id"]
        made.append(row)
        return row

    add.sector = sector
    add.grid = grid
    yield add
    if made:
        sql("begin; set local session_replication_role = replica;"
            " delete from accountability_hazard where hazard_id = any(%s);"
            " delete from supervision_order_hazard where hazard_id = any(%s);"
            " delete from hazard_event where hazard_id = any(%s);"
            " delete from hazard where id = any(%s); commit;", (made,) * 4)


def issue(client, orders, **fields):
    body = {"matter": "隐患整改不到位", "action": "立即整改并书面报告", "deadline": today(3)}
    body.update(fields)
    r = client.post("/api/v1/supervision-orders", json=body)
    if r.status_code == 201:
        orders.append(r.json()["id"])
    return r


# --- Supervision orders -------------------------------------------------------

def test_order_life_cycle(ids, hazards, orders):
    supervisor = signed_in("difang.supervisor")
    hazard = hazards(severity="major")
    r = issue(supervisor, orders, addressee_user_id=ids.user["difang.safety"], hazard_ids=[hazard],
              listed=True)
    assert r.status_code == 201, r.text
    order = r.json()
    match = NUMBER.match(order["number"])
    assert match and int(match.group(1)) == int(today()[:4]), order["number"]
    assert order["state"] == "issued" and order["hazard_ids"] == [hazard] and order["listed"] is True
    assert [e["action"] for e in order["events"]] == ["issue"]
    url = f"/api/v1/supervision-orders/{order['id']}"

    # Listed supervision (挂牌督办) shows on the hazard.
    for role in ("difang.committee", "difang.ent1"):
        shown = signed_in(role).get(f"/api/v1/hazards/{hazard}").json()["listed_supervision"]
        assert [o["number"] for o in shown] == [order["number"]], role

    # Only the supervisor decides; only the addressee answers.
    assert_error(signed_in("difang.committee").post(url + "/transitions", json={"action": "accept"}), 403)
    assert_error(supervisor.post(url + "/transitions", json={"action": "accept"}), 409)
    assert_error(signed_in("difang.committee").post(url + "/responses", json={"note": "已整改"}), 403)
    safety = signed_in("difang.safety")
    r = safety.post(url + "/responses", json={"note": "已整改完毕"})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "answered"
    assert_error(safety.post(url + "/responses", json={"note": "再次答复"}), 409)

    assert_error(supervisor.post(url + "/transitions", json={"action": "reject"}), 422)
    r = supervisor.post(url + "/transitions", json={"action": "reject", "note": "照片不清楚"})
    assert r.status_code == 200 and r.json()["state"] == "rejected"
    assert safety.post(url + "/responses", json={"note": "补充照片"}).json()["state"] == "answered"
    r = supervisor.post(url + "/transitions", json={"action": "accept"})
    assert r.status_code == 200 and r.json()["state"] == "closed" and r.json()["closed_at"]
    assert [e["to_state"] for e in r.json()["events"]] == ["issued", "answered", "rejected", "answered", "closed"]
    assert_error(safety.post(url + "/responses", json={"note": "晚了"}), 409)
    # Every step is audited.
    assert sql_value("select count(*) from audit_log where entity_type = 'supervision_order_event'"
                     " and (after->>'order_id')::bigint = %s", (order["id"],)) == 5


def test_order_escalation_only_past_deadline(ids, hazards, orders):
    supervisor = signed_in("difang.supervisor")
    order = issue(supervisor, orders, addressee_user_id=ids.user["difang.safety"],
                  hazard_ids=[hazards()]).json()
    url = f"/api/v1/supervision-orders/{order['id']}/transitions"
    assert_error(supervisor.post(url, json={"action": "escalate"}), 409)
    sql("update supervision_order set deadline = app.today() - 1 where id = %s", (order["id"],))
    r = supervisor.post(url, json={"action": "escalate"})
    assert r.status_code == 200 and r.json()["state"] == "escalated" and r.json()["overdue"] is True
    r = signed_in("difang.supervisor").get("/api/v1/supervision-orders", params={"overdue": "true"})
    assert order["id"] in [o["id"] for o in r.json()["items"]]


def test_order_rules_and_roles(ids, hazards, orders):
    supervisor = signed_in("difang.supervisor")
    hazard = hazards()
    bailin_hazard = sql_value("select min(id) from hazard where township_id = %s", (ids.township["bailin"],))
    for role in ("difang.committee", "difang.safety", "difang.ent1", "admin"):
        assert_error(issue(signed_in(role), orders, addressee_user_id=ids.user["difang.safety"],
                           hazard_ids=[hazard]), 403)
    assert_error(issue(supervisor, orders, hazard_ids=[hazard]), 422, fields=["addressee_user_id"])
    assert_error(issue(supervisor, orders, addressee_user_id=ids.user["difang.safety"]), 422,
                 fields=["hazard_ids"])
    assert_error(issue(supervisor, orders, addressee_user_id=ids.user["bailin.safety"], hazard_ids=[hazard]),
                 422, fields=["addressee_user_id"])
    assert_error(issue(supervisor, orders, addressee_user_id=ids.user["difang.safety"],
                       hazard_ids=[bailin_hazard]), 422, fields=["hazard_ids"])
    assert_error(issue(supervisor, orders, addressee_user_id=ids.user["difang.safety"],
                       hazard_ids=["1", -3]), 422, fields=["hazard_ids"])
    assert_error(issue(supervisor, orders, addressee_user_id=ids.user["difang.safety"], hazard_ids=[hazard],
                       deadline=today(-1)), 422, fields=["deadline"])
    assert_error(issue(supervisor, orders, addressee_user_id=ids.user["difang.safety"], hazard_ids=[hazard],
                       listed=True), 422, fields=["listed"])
    assert orders == []

    order = issue(supervisor, orders, addressee_user_id=ids.user["difang.committee"], hazard_ids=[hazard]).json()
    url = f"/api/v1/supervision-orders/{order['id']}"
    # Another township, an enterprise: no such order; a department user sees only what it answers.
    assert_error(signed_in("bailin.supervisor").get(url), 404)
    assert_error(signed_in("difang.ent1").get(url), 403)
    assert_error(signed_in("difang.safety").get(url), 404)
    assert signed_in("difang.committee").get(url).status_code == 200
    r = signed_in("admin").get("/api/v1/supervision-orders", params={"township_id": ids.township["difang"]})
    assert order["id"] in [o["id"] for o in r.json()["items"]]


def test_order_numbers_have_no_gaps_or_repeats_under_concurrency(ids, hazards, orders):
    hazard = hazards()
    clients = [signed_in("difang.supervisor"), signed_in("difang.supervisor")]
    per_client = 8
    barrier = threading.Barrier(len(clients))

    def run(client):
        barrier.wait()
        return [issue(client, orders, addressee_user_id=ids.user["difang.safety"], hazard_ids=[hazard])
                for _ in range(per_client)]

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(clients)) as pool:
        answers = [r for batch in pool.map(run, clients) for r in batch]
    assert all(r.status_code == 201 for r in answers), [r.text for r in answers if r.status_code != 201]
    seqs = sorted(int(NUMBER.match(r.json()["number"]).group(2)) for r in answers)
    assert len(set(seqs)) == len(seqs) == per_client * len(clients)
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert seqs[-1] == sql_value("select last_number from supervision_order_counter"
                                 " where township_id = %s and year = %s",
                                 (ids.township["difang"], int(today()[:4])))


# --- Accountability -------------------------------------------------------------

def test_accountability_seen_only_by_supervision_committee_and_county(ids, hazards, orders):
    supervisor = signed_in("difang.supervisor")
    hazard = hazards()
    order = issue(supervisor, orders, addressee_user_id=ids.user["difang.safety"], hazard_ids=[hazard]).json()
    body = {"user_id": ids.user["difang.safety"], "kind": "reminder_talk", "reason": "整改不力",
            "date": today(), "order_ids": [order["id"]], "hazard_ids": [hazard], "unit": "安监办"}
    for role in ("difang.committee", "difang.safety", "difang.ent1", "admin"):
        assert_error(signed_in(role).post("/api/v1/accountability", json=body), 403)
    assert_error(supervisor.post("/api/v1/accountability", json={**body, "kind": "no_such_kind"}), 422,
                 fields=["kind"])
    assert_error(supervisor.post("/api/v1/accountability", json={**body, "date": today(1)}), 422,
                 fields=["date"])
    r = supervisor.post("/api/v1/accountability", json=body)
    assert r.status_code == 201, r.text
    record = r.json()
    try:
        assert record["order_ids"] == [order["id"]] and record["hazard_ids"] == [hazard]
        assert record["kind_name"] == "提醒谈话"
        url = f"/api/v1/accountability/{record['id']}"
        assert signed_in("difang.committee").get(url).json()["reason"] == "整改不力"
        assert signed_in("admin").get(url).status_code == 200
        for role in ("difang.safety", "difang.ent1", "bailin.supervisor"):
            assert_error(signed_in(role).get(url), 404)
            items = signed_in(role).get("/api/v1/accountability").json()["items"]
            assert record["id"] not in [a["id"] for a in items]
        r = signed_in("admin").get("/api/v1/accountability", params={"township_id": ids.township["difang"]})
        assert record["id"] in [a["id"] for a in r.json()["items"]]
    finally:
        sql("begin; set local session_replication_role = replica;"
            " delete from accountability_order where accountability_id = %s;"
            " delete from accountability_hazard where accountability_id = %s;"
            " delete from accountability where id = %s; commit;", (record["id"],) * 3)


def test_township_adds_its_own_kind(ids):
    supervisor = signed_in("difang.supervisor")
    code = "admonish_" + today().replace("-", "")
    try:
        assert_error(signed_in("difang.committee").post("/api/v1/accountability-kinds",
                                                        json={"code": code, "name": "诫勉谈话"}), 403)
        assert_error(supervisor.post("/api/v1/accountability-kinds", json={"code": "Bad-Code", "name": "x"}), 422)
        assert_error(supervisor.post("/api/v1/accountability-kinds", json={"code": "criticism", "name": "x"}), 409)
        r = supervisor.post("/api/v1/accountability-kinds", json={"code": code, "name": "诫勉谈话"})
        assert r.status_code == 201, r.text
        assert_error(supervisor.post("/api/v1/accountability-kinds", json={"code": code, "name": "诫勉谈话"}), 409)
        codes = [k["code"] for k in supervisor.get("/api/v1/accountability-kinds").json()]
        assert codes[:3] == ["reminder_talk", "criticism", "written_warning"] and code in codes
        bailin = [k["code"] for k in signed_in("bailin.supervisor").get("/api/v1/accountability-kinds").json()]
        assert code not in bailin
    finally:
        sql("delete from accountability_kind where code = %s", (code,))


# --- Daily report -----------------------------------------------------------------

def figures_from_rows(township_id, day_offset=0):
    """The daily report's figures for today + day_offset, counted here from the rows."""
    rows = sql("select h.sector_id, h.grid_node_id, h.status, h.deadline,"
               "       (h.created_at at time zone 'Asia/Shanghai')::date as created,"
               "       (h.closed_at at time zone 'Asia/Shanghai')::date as closed,"
               "       app.today() + %s as day"
               "  from hazard h where h.township_id = %s", (day_offset, township_id))
    counts = {"totals": Counter(), "sector": {}, "grid": {}}
    for h in rows:
        day = h["day"]
        keys = []
        if h["created"] == day:
            keys.append("found")
        if h["closed"] == day:
            keys.append("closed")
        is_open = h["created"] <= day and (h["closed"] is None or h["closed"] > day)
        if is_open:
            keys.append("open")
            if h["status"] != "submitted" and h["deadline"] is not None and h["deadline"] < day:
                keys.append("overdue")
        for key in keys:
            counts["totals"][key] += 1
            counts["sector"].setdefault(h["sector_id"], Counter())[key] += 1
            counts["grid"].setdefault(h["grid_node_id"], Counter())[key] += 1
    return counts


def plain(figures):
    return {k: figures[k] for k in ("found", "closed", "open", "overdue")}


def test_daily_report_figures_match_the_rows(ids, hazards):
    town = ids.township["difang"]
    hazards(created_days_ago=0)                                       # found today, open
    hazards(created_days_ago=0, deadline_offset=0)
    hazards(created_days_ago=3, deadline_offset=-1)                   # overdue today
    hazards(created_days_ago=1, status="closed", closed_days_ago=0)   # closed today
    hazards(created_days_ago=2, status="submitted", deadline_offset=-2)  # waiting, not overdue
    committee = signed_in("difang.committee")
    report = committee.get("/api/v1/reports/daily").json()
    before = committee.get("/api/v1/reports/daily", params={"date": today(-1)}).json()
    mine = figures_from_rows(town)
    yesterday = figures_from_rows(town, -1)
    for key in ("found", "closed", "open", "overdue"):
        assert report["totals"][key] == mine["totals"][key], key
        assert before["totals"][key] == yesterday["totals"][key], key
        assert report["totals"]["change"][key] == mine["totals"][key] - yesterday["totals"][key], key
    assert report["totals"]["found"] >= 2 and report["totals"]["closed"] >= 1
    for row in report["by_sector"]:
        assert plain(row) == {k: mine["sector"].get(row["sector_id"], Counter())[k]
                              for k in ("found", "closed", "open", "overdue")}
    for row in report["by_grid_node"]:
        assert plain(row) == {k: mine["grid"].get(row["grid_node_id"], Counter())[k]
                              for k in ("found", "closed", "open", "overdue")}
    assert {r["sector_id"] for r in report["by_sector"]} == set(mine["sector"])

    # The county sees the same figures side by side.
    county = signed_in("admin").get("/api/v1/reports/daily").json()
    side = {t["township_id"]: t for t in county["townships"]}
    assert set(side) == set(ids.township.values())
    assert plain(side[town]["totals"]) == plain(report["totals"])
    assert_error(signed_in("bailin.committee").get("/api/v1/reports/daily", params={"township_id": town}), 404)
    assert_error(signed_in("difang.ent1").get("/api/v1/reports/daily"), 403)


def test_daily_submission_and_not_reported(ids, hazards):
    town = ids.township["difang"]
    group = sql_value("select g.id from working_group g join campaign c on c.id = g.campaign_id"
                      " where g.township_id = %s and c.status = 'active' order by g.id limit 1", (town,))
    if group is None:
        pytest.skip("difang has no active campaign with groups")
    hazard = hazards()
    committee = signed_in("difang.committee")
    # Start from a day nobody has reported or read yet (other tests may have).
    sql("delete from daily_report where township_id = %s and report_date = app.today()", (town,))
    sql("delete from daily_report_read where township_id = %s and report_date = app.today()", (town,))
    try:
        missing = committee.get("/api/v1/reports/daily").json()["not_reported"]
        assert any(m.get("group_id") == group for m in missing)
        assert_error(committee.post("/api/v1/reports/daily", json={"group_id": group, "date": today(1)}), 422,
                     fields=["date"])
        r = committee.post("/api/v1/reports/daily", json={"group_id": group, "note": "今日排查完毕",
                                                          "hazard_ids": [hazard]})
        assert r.status_code == 201, r.text
        report = committee.get("/api/v1/reports/daily").json()
        assert not any(m.get("group_id") == group for m in report["not_reported"])
        assert [s["hazard_ids"] for s in report["submissions"] if s["group_id"] == group] == [[hazard]]
        assert report["read"] is None
        assert_error(signed_in("difang.supervisor").post("/api/v1/reports/daily/read", json={}), 403)
        r = committee.post("/api/v1/reports/daily/read", json={})
        assert r.status_code == 200 and r.json()["read_by"] == ids.user["difang.committee"]
        assert committee.get("/api/v1/reports/daily").json()["read"]["read_by"] == ids.user["difang.committee"]
    finally:
        sql("delete from daily_report where township_id = %s and group_id = %s", (town, group))
        sql("delete from daily_report_read where township_id = %s and report_date = app.today()", (town,))


# --- Dashboards --------------------------------------------------------------------

def test_committee_dashboard_matches_the_rows(ids, hazards):
    town = ids.township["difang"]
    hazards(deadline_offset=-2)
    hazards(status="closed", closed_days_ago=0)
    hazards(severity="major")
    board = signed_in("difang.committee").get("/api/v1/dashboard").json()
    assert board["role"] == "committee"
    rows = sql("select status, severity, sector_id, app.hazard_overdue(status, deadline) as overdue"
               "  from hazard where township_id = %s", (town,))
    assert board["hazards"]["total"] == len(rows)
    assert board["hazards"]["by_status"] == dict(Counter(r["status"] for r in rows)) | {
        s: 0 for s in ("reported", "rectifying", "submitted", "closed") if s not in {r["status"] for r in rows}}
    assert board["hazards"]["overdue"] == sum(r["overdue"] for r in rows)
    assert board["hazards"]["major_open"] == sum(r["severity"] == "major" and r["status"] != "closed" for r in rows)
    closed = sum(r["status"] == "closed" for r in rows)
    assert board["hazards"]["rectification_rate"] == pytest.approx(round(closed / len(rows), 4))
    by_sector = {s["sector_id"]: s for s in board["by_sector"]}
    for sector, n in Counter(r["sector_id"] for r in rows).items():
        assert by_sector[sector]["total"] == n
    assert len(board["overdue_list"]) == min(20, board["hazards"]["overdue"])
    assert board["trend"][-1]["date"] == today() and len(board["trend"]) == 14
    assert board["trend"][-1]["closed"] >= 1
    letters = sql_value("select count(*) from responsibility_letter where township_id = %s and signed_on is null",
                        (town,))
    assert board["unsigned_letters"] == letters


def test_supervisor_and_county_dashboards_match_the_rows(ids, hazards, orders):
    town = ids.township["difang"]
    supervisor = signed_in("difang.supervisor")
    hazard = hazards(deadline_offset=-4)
    issue(supervisor, orders, addressee_user_id=ids.user["difang.safety"], hazard_ids=[hazard])
    late = issue(supervisor, orders, addressee_user_id=ids.user["difang.safety"], hazard_ids=[hazard]).json()
    sql("update supervision_order set deadline = app.today() - 1 where id = %s", (late["id"],))
    board = supervisor.get("/api/v1/dashboard").json()
    assert board["role"] == "supervisor"
    order_rows = sql("select state, deadline < app.today() as late from supervision_order where township_id = %s",
                     (town,))
    assert board["orders"]["open"] == sum(r["state"] != "closed" for r in order_rows)
    assert board["orders"]["overdue"] == sum(r["state"] != "closed" and r["late"] for r in order_rows)
    late_rows = sql("select grid_node_id from hazard where township_id = %s"
                    "   and app.hazard_overdue(status, deadline)", (town,))
    assert board["overdue_hazards"] == len(late_rows)
    ranked = board["units_ranked"]
    assert [u["overdue"] for u in ranked] == sorted((u["overdue"] for u in ranked), reverse=True)
    per_unit = Counter(r["grid_node_id"] for r in late_rows)
    for unit in ranked:
        assert unit["overdue_hazards"] == per_unit[unit["grid_node_id"]]

    county = signed_in("admin").get("/api/v1/dashboard").json()
    assert county["role"] == "county_admin"
    rows = {t["township_id"]: t for t in county["townships"]}
    assert set(rows) == set(ids.township.values())
    for township_id, row in rows.items():
        counted = sql("select count(*) as found, count(*) filter (where status = 'closed') as closed,"
                      "       count(*) filter (where app.hazard_overdue(status, deadline)) as overdue"
                      "  from hazard where township_id = %s", (township_id,))[0]
        assert (row["hazards_found"], row["hazards_closed"], row["overdue"]) == \
            (counted["found"], counted["closed"], counted["overdue"])
    assert rows[town]["orders_open"] == board["orders"]["open"]
    one = signed_in("admin").get("/api/v1/dashboard", params={"township_id": town}).json()
    assert [t["township_id"] for t in one["townships"]] == [town]
    assert_error(supervisor.get("/api/v1/dashboard", params={"township_id": town}), 422)


def test_department_and_enterprise_dashboards(ids, hazards):
    enterprise = ids.enterprise["difang"]
    hazards(deadline_offset=-1)
    ent = signed_in("difang.ent1")
    ent_id = ent.get("/api/v1/me").json()["user"]["enterprise_id"]
    board = ent.get("/api/v1/dashboard").json()
    assert board["role"] == "enterprise" and board["enterprise_id"] == ent_id
    rows = sql("select status, app.hazard_overdue(status, deadline) as overdue from hazard"
               " where enterprise_id = %s", (ent_id,))
    assert sum(board["by_status"].values()) == len(rows)
    assert board["overdue"] == sum(r["overdue"] for r in rows)
    assert len(board["due"]) == sum(r["status"] in ("reported", "rectifying") for r in rows)

    dept = signed_in("difang.safety").get("/api/v1/dashboard").json()
    assert dept["role"] == "department"
    assert dept["open"] >= dept["to_verify"] + dept["overdue"] + dept["due_soon"] - 0
    assert all(q["bucket"] in ("to_verify", "due_soon", "overdue") for q in dept["queue"])
    assert enterprise
