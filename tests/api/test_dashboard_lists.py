"""Every figure of every role's dashboard has a list that counts exactly it.

The portal links each figure and each chart's bar to a list with filters
(web/src/lib/figures.js); here each figure of GET /api/v1/dashboard is set
against the total of that list, read page by page through the API as the
same user, after the test has added rows of its own that the figure must
count: a department's queue (my_scope), a responsible person, a grid node's
own hazards (at_grid_node_id), hazards sent back, orders not closed (open),
tasks still to do (finished=false), inspected enterprises (inspected). The
bars of hazards on no grid node or with no responsible person, and of tasks
of no grid node or no assignee, are the same lists with the filter set to
`none`.
"""
import csv
import datetime
import io

import pytest

from conftest import assert_error, signed_in, sql, sql_value
from test_oversight import hazards, issue, orders  # noqa: F401 (fixtures)

OPEN = "reported,rectifying,submitted"


def count(client, path, **filters):
    """How many rows the list at path holds with filters, every page of it."""
    total, cursor = 0, None
    while True:
        params = dict(filters, limit=200)
        if cursor:
            params["cursor"] = cursor
        r = client.get(path, params={k: str(v).lower() if isinstance(v, bool) else v for k, v in params.items()})
        assert r.status_code == 200, f"{path} {params}: {r.text}"
        total += len(r.json()["items"])
        cursor = r.json()["next_cursor"]
        if not cursor:
            return total


def hazard_count(client, **filters):
    return count(client, "/api/v1/hazards", **filters)


def nobodys(hazard, grid=True, person=True):
    """Make hazard one of those on no grid node and/or with no responsible person."""
    sql("update hazard set grid_node_id = case when %s then null else grid_node_id end,"
        "  responsible_user_id = case when %s then null else responsible_user_id end where id = %s",
        (grid, person, hazard))
    return hazard


@pytest.fixture
def loose_tasks(ids):
    """Overdue tasks of difang on no grid node (a working group's) and assigned to no one; removed after."""
    made = []

    def add(town="difang", grid=False, assignee=None):
        made.append(sql_value(
            "insert into task (township_id, campaign_id, title, grid_node_id, group_id, assignee_user_id,"
            "                  target, deadline)"
            " select c.township_id, c.id, '无网格无责任人的任务', case when %s then"
            "        (select g.id from grid_node g where g.township_id = c.township_id order by g.id limit 1) end,"
            "        (select w.id from working_group w where w.township_id = c.township_id order by w.id limit 1),"
            "        %s, 2, app.today() - 3"
            "   from campaign c where c.township_id = %s and c.status = 'active' order by c.id limit 1 returning id",
            (grid, assignee, ids.township[town])))
        return made[-1]

    yield add
    if made:
        sql("delete from task where id = any(%s)", (made,))


def test_committee_figures_and_bars(ids, hazards):  # noqa: F811
    hazards(deadline_offset=-3)
    hazards(severity="major")
    hazards(status="submitted")
    nobodys(hazards(deadline_offset=-4))          # overdue, on no grid node
    nobodys(hazards(status="rectifying"))         # open, on no grid node
    c = signed_in("difang.committee")
    board = c.get("/api/v1/dashboard").json()
    h = board["hazards"]
    assert hazard_count(c) == h["total"]
    assert hazard_count(c, status=OPEN) == sum(h["by_status"][s] for s in ("reported", "rectifying", "submitted"))
    assert hazard_count(c, overdue=True) == h["overdue"]
    assert hazard_count(c, severity="major", status=OPEN) == h["major_open"]
    for status, n in h["by_status"].items():
        assert hazard_count(c, status=status) == n, status
    assert count(c, "/api/v1/tasks", overdue=True) == board["tasks"]["overdue"]
    assert count(c, "/api/v1/responsibility-letters", signed=False) == board["unsigned_letters"]
    for row in board["by_sector"]:
        assert hazard_count(c, sector_id=row["sector_id"], status=OPEN) == row["open"], row
        assert hazard_count(c, sector_id=row["sector_id"], overdue=True) == row["overdue"], row
    assert None in {row["grid_node_id"] for row in board["by_grid_node"]}, "the bar of no grid node is drawn"
    for row in board["by_grid_node"]:
        node = row["grid_node_id"] or "none"
        assert hazard_count(c, at_grid_node_id=node, status=OPEN) == row["open"], row
        assert hazard_count(c, at_grid_node_id=node, overdue=True) == row["overdue"], row
    for day in board["trend"][-3:]:
        assert hazard_count(c, created_from=day["date"], created_to=day["date"]) == day["new"], day
        assert hazard_count(c, status="closed", closed_from=day["date"], closed_to=day["date"]) == day["closed"], day
    # The short lists name each hazard's enterprise.
    names = {r["id"]: r["name"] for r in sql("select id, name from enterprise where township_id = %s",
                                             (ids.township["difang"],))}
    for item in board["overdue_list"] + board["major_hazards"]:
        assert item["enterprise_name"] == names[item["enterprise_id"]], item


def test_at_grid_node_counts_the_node_alone(ids, hazards):  # noqa: F811
    """grid_node_id takes the nodes below; at_grid_node_id the node itself, as the dashboards count."""
    town = ids.township["difang"]
    parent = sql_value("select parent_id from grid_node where id = %s", (hazards.grid,))
    assert parent, "the demo enterprise's grid node has a parent"
    hazard = hazards()
    sql("update hazard set grid_node_id = %s where id = %s", (parent, hazard))
    c = signed_in("difang.committee")
    own = sql_value("select count(*) from hazard where township_id = %s and grid_node_id = %s", (town, parent))
    assert hazard_count(c, at_grid_node_id=parent) == own
    assert hazard_count(c, grid_node_id=parent) > own


def test_grid_node_id_takes_every_node_below_at_each_level(ids, hazards):  # noqa: F811
    """The list's subtree (fcgi/db/sqlbuf.h) against a recursive walk of the grid: the
    township's root, a level-2 node and a level-3 node, for hazards and enterprises."""
    town = ids.township["difang"]
    hazards()
    leaf = hazards.grid
    middle = sql_value("select parent_id from grid_node where id = %s", (leaf,))
    root = sql_value("select parent_id from grid_node where id = %s", (middle,))
    assert sql_value("select level from grid_node where id = %s", (root,)) == 1
    c = signed_in("difang.committee")
    below = ("with recursive below as (select id from grid_node where id = %s"
             "  union all select g.id from grid_node g join below b on g.parent_id = b.id)"
             "select count(*) from {} x where x.township_id = %s and x.grid_node_id in (select id from below)")
    counts = []
    for node in (root, middle, leaf):
        expected = sql_value(below.format("hazard"), (node, town))
        assert hazard_count(c, grid_node_id=node) == expected, node
        assert count(c, "/api/v1/enterprises", grid_node_id=node) == \
            sql_value(below.format("enterprise"), (node, town)), node
        counts.append(expected)
    assert counts[0] > counts[2] > 0, counts


def test_supervisor_figures_and_bars(ids, hazards, orders, loose_tasks):  # noqa: F811
    supervisor = signed_in("difang.supervisor")
    nobodys(hazards(deadline_offset=-2))                  # a late hazard of no unit and no person
    loose_tasks()                                         # a late task of no unit and no person
    late = hazards(deadline_offset=-2)
    sql("update hazard set responsible_user_id = %s where id = %s", (ids.user["difang.safety"], late))
    issue(supervisor, orders, addressee_user_id=ids.user["difang.safety"], hazard_ids=[late])
    done = issue(supervisor, orders, addressee_user_id=ids.user["difang.safety"], hazard_ids=[late]).json()
    sql("update supervision_order set state = 'closed', closed_at = now() where id = %s", (done["id"],))
    board = supervisor.get("/api/v1/dashboard").json()
    assert hazard_count(supervisor, overdue=True) == board["overdue_hazards"]
    assert count(supervisor, "/api/v1/tasks", overdue=True) == board["overdue_tasks"]
    o = board["orders"]
    assert count(supervisor, "/api/v1/supervision-orders", open=True) == o["open"]
    assert count(supervisor, "/api/v1/supervision-orders", open=False) == o["by_state"]["closed"]
    assert count(supervisor, "/api/v1/supervision-orders", overdue=True) == o["overdue"]
    for state, n in o["by_state"].items():
        assert count(supervisor, "/api/v1/supervision-orders", state=state) == n, state
    people = {p["user_id"]: p for p in board["people"]}
    assert people[ids.user["difang.safety"]]["overdue_hazards"] >= 1
    assert people[None]["overdue_hazards"] >= 1 and people[None]["overdue_tasks"] >= 1, "the bar of no person"
    for p in board["people"]:
        person = p["user_id"] or "none"
        assert hazard_count(supervisor, overdue=True, responsible_user_id=person) == p["overdue_hazards"], p
        assert count(supervisor, "/api/v1/tasks", overdue=True, assignee_id=person) == p["overdue_tasks"], p
    units = {u["grid_node_id"]: u for u in board["units_ranked"]}
    assert units[None]["overdue_hazards"] >= 1 and units[None]["overdue_tasks"] >= 1, "the bar of no unit"
    for u in board["units_ranked"]:
        node = u["grid_node_id"] or "none"
        assert hazard_count(supervisor, overdue=True, at_grid_node_id=node) == u["overdue_hazards"], u
        assert count(supervisor, "/api/v1/tasks", overdue=True, grid_node_id=node) == u["overdue_tasks"], u


def test_department_queue_is_the_my_scope_list(ids, hazards, make_user):  # noqa: F811
    user = make_user("department")
    sql("insert into user_sector (township_id, user_id, sector_id) values (%s, %s, %s)",
        (ids.township["difang"], user["id"], hazards.sector))
    hazards(deadline_offset=-2)
    hazards(deadline_offset=2)
    hazards(status="submitted")
    hazards(status="closed", closed_days_ago=1)
    task = sql_value(
        "insert into task (township_id, campaign_id, title, grid_node_id, assignee_user_id, target, deadline)"
        " select township_id, id, '看板测试任务', %s, %s, 3, app.today() + 5 from campaign"
        "  where township_id = %s and status = 'active' order by id limit 1 returning id",
        (hazards.grid, user["id"], ids.township["difang"]))
    done = sql_value(
        "insert into task (township_id, campaign_id, title, grid_node_id, assignee_user_id, target, deadline, state)"
        " select township_id, campaign_id, '看板测试任务（已完成）', grid_node_id, assignee_user_id, 3, deadline, 'done'"
        "   from task where id = %s returning id", (task,))
    try:
        client = signed_in(user["username"])
        board = client.get("/api/v1/dashboard").json()
        assert board["open"] >= 3 and board["to_verify"] >= 1 and board["overdue"] >= 1 and board["due_soon"] >= 1
        assert hazard_count(client, my_scope=True, status=OPEN) == board["open"]
        assert hazard_count(client, my_scope=True, status="submitted") == board["to_verify"]
        assert hazard_count(client, my_scope=True, due_within=3) == board["due_soon"]
        assert hazard_count(client, my_scope=True, overdue=True) == board["overdue"]
        assert count(client, "/api/v1/tasks", mine=True, finished=False) == len(board["tasks"]) == 1
        assert count(client, "/api/v1/tasks", mine=True, finished=True) == 1
        assert count(client, "/api/v1/supervision-orders", open=True) == len(board["orders"])
        # Nothing outside the scope: a user of no sector and no enterprise has an empty queue.
        assert hazard_count(signed_in(make_user("department")["username"]), my_scope=True) == 0
    finally:
        sql("delete from task where id = any(%s)", ([task, done],))


def test_enterprise_figures_and_sent_back(ids, hazards):  # noqa: F811
    ent = signed_in("difang.ent1")
    enterprise = ent.get("/api/v1/me").json()["user"]["enterprise_id"]
    assert enterprise == ids.enterprise["difang"]
    back = hazards(status="rectifying")
    again = hazards(status="rectifying")
    actor = ids.user["difang.safety"]
    sql("insert into hazard_event (township_id, hazard_id, action, from_status, to_status, actor_id, note)"
        " values (%s, %s, 'reject', 'submitted', 'rectifying', %s, '照片不清楚')", (ids.township["difang"], back, actor))
    # A rejection followed by another move is no longer "sent back".
    sql("insert into hazard_event (township_id, hazard_id, action, from_status, to_status, actor_id, note)"
        " values (%s, %s, 'reject', 'submitted', 'rectifying', %s, '重拍'),"
        "        (%s, %s, 'edit', 'rectifying', 'rectifying', %s, null)",
        (ids.township["difang"], again, actor, ids.township["difang"], again, actor))
    board = ent.get("/api/v1/dashboard").json()
    assert back in {r["id"] for r in board["rejected"]} and again not in {r["id"] for r in board["rejected"]}
    assert hazard_count(ent, sent_back=True) == len(board["rejected"])
    assert back in {h["id"] for h in ent.get("/api/v1/hazards", params={"sent_back": "true", "limit": 200}).json()["items"]}
    for status, n in board["by_status"].items():
        assert hazard_count(ent, status=status) == n, status
    assert hazard_count(ent, overdue=True) == board["overdue"]


def test_county_figures(ids, orders, hazards):  # noqa: F811
    supervisor = signed_in("difang.supervisor")
    issue(supervisor, orders, addressee_user_id=ids.user["difang.safety"], hazard_ids=[hazards()])
    admin = signed_in("admin")
    for row in admin.get("/api/v1/dashboard").json()["townships"]:
        t = row["township_id"]
        assert count(admin, "/api/v1/enterprises", township_id=t, inspected=True) == row["inspected_enterprises"], row
        assert hazard_count(admin, township_id=t) == row["hazards_found"], row
        assert hazard_count(admin, township_id=t, status="closed") == row["hazards_closed"], row
        assert hazard_count(admin, township_id=t, overdue=True) == row["overdue"], row
        assert count(admin, "/api/v1/supervision-orders", township_id=t, open=True) == row["orders_open"], row
        assert count(admin, "/api/v1/supervision-orders", township_id=t, overdue=True) == row["orders_overdue"], row


def daily_filters(row):
    """The filters of a row of the daily report (lib/figures.js dailyRowFilters)."""
    if "sector_id" in row:
        return {"sector_id": row["sector_id"]}
    if "grid_node_id" in row:
        return {"at_grid_node_id": row["grid_node_id"] or "none"}
    return {"township_id": row["township_id"]} if "township_id" in row else {}


def assert_daily_row(client, date, is_today, row, figures, **scope):
    filters = dict(scope, **daily_filters(row))
    assert hazard_count(client, created_from=date, created_to=date, **filters) == figures["found"], (date, row)
    assert hazard_count(client, status="closed", closed_from=date, closed_to=date, **filters) == figures["closed"], \
        (date, row)
    # At the day's end: any day's with open_on and overdue_on, today's as the open and overdue ones now.
    assert hazard_count(client, open_on=date, **filters) == figures["open"], (date, row)
    assert hazard_count(client, overdue_on=date, **filters) == figures["overdue"], (date, row)
    if is_today:
        assert hazard_count(client, status=OPEN, **filters) == figures["open"], row
        assert hazard_count(client, overdue=True, **filters) == figures["overdue"], row


def test_daily_report_figures_count_their_lists(ids, hazards):  # noqa: F811
    """Found, closed, open and overdue of a day, today's and an earlier day's: each is a list's count."""
    nobodys(hazards(deadline_offset=-1))                         # today, overdue, on no grid node
    nobodys(hazards(created_days_ago=1, status="closed", closed_days_ago=0))   # open at yesterday's end
    hazards(created_days_ago=3, deadline_offset=-2, status="closed", closed_days_ago=0)   # and overdue
    hazards(created_days_ago=3, deadline_offset=-3, status="submitted")        # submitted: not overdue
    hazards(created_days_ago=1)
    hazards(created_days_ago=2, status="closed", closed_days_ago=1)
    c = signed_in("difang.committee")
    today = c.get("/api/v1/dashboard").json()["today"]
    report = c.get("/api/v1/reports/daily").json()
    assert report["date"] == today
    assert None in {r["grid_node_id"] for r in report["by_grid_node"]}, "the row of no grid node is drawn"
    yesterday = c.get("/api/v1/reports/daily", params={"date": report_day(today, -1)}).json()
    assert yesterday["totals"]["open"] > 0 and yesterday["totals"]["overdue"] > 0
    earlier = c.get("/api/v1/reports/daily", params={"date": report_day(today, -4)}).json()
    for r, is_today in ((report, True), (yesterday, False), (earlier, False)):
        assert_daily_row(c, r["date"], is_today, {}, r["totals"])
        for row in r["by_sector"] + r["by_grid_node"]:
            assert_daily_row(c, r["date"], is_today, row, row)
    admin = signed_in("admin")
    for row in admin.get("/api/v1/reports/daily").json()["townships"]:
        assert_daily_row(admin, today, True, row, row["totals"])
    # The county's view of one township: its rows, narrowed to the township.
    one = admin.get("/api/v1/reports/daily", params={"township_id": ids.township["difang"]}).json()
    for row in one["by_grid_node"]:
        assert_daily_row(admin, today, True, row, row, township_id=ids.township["difang"])


def report_day(day, n):
    """The day n days from day (YYYY-MM-DD)."""
    return (datetime.date.fromisoformat(day) + datetime.timedelta(days=n)).isoformat()


def test_none_counts_exactly_the_rows_without_one(ids, hazards, loose_tasks):  # noqa: F811
    """none is the rows whose column is null, alone or beside other filters, in the list and its ledger."""
    town = ids.township["difang"]
    nowhere = nobodys(hazards(), person=False)
    nobody = nobodys(hazards(deadline_offset=-1), grid=False)
    both = nobodys(hazards(status="submitted"))
    placed = hazards()
    sql("update hazard set responsible_user_id = %s where id in (%s, %s)", (ids.user["difang.safety"], nowhere, placed))
    c = signed_in("difang.committee")

    def listed(**filters):
        return {h["id"] for h in c.get("/api/v1/hazards", params=dict(filters, limit=200)).json()["items"]}

    def rows(where):
        return sql_value(f"select count(*) from hazard where township_id = %s and {where}", (town,))

    assert hazard_count(c, at_grid_node_id="none") == rows("grid_node_id is null")
    assert hazard_count(c, responsible_user_id="none") == rows("responsible_user_id is null")
    assert hazard_count(c, at_grid_node_id="none", responsible_user_id="none") == \
        rows("grid_node_id is null and responsible_user_id is null")
    assert hazard_count(c, at_grid_node_id="none", status="submitted") == \
        rows("grid_node_id is null and status = 'submitted'")
    assert hazard_count(c, responsible_user_id="none", overdue=True) == \
        rows("responsible_user_id is null and status in ('reported', 'rectifying') and deadline < app.today()")
    recent = listed(at_grid_node_id="none")
    assert {nowhere, both} <= recent and not {nobody, placed} & recent
    recent = listed(responsible_user_id="none")
    assert {nobody, both} <= recent and not {nowhere, placed} & recent
    # An id is still that id, beside none of the other filter.
    assert listed(at_grid_node_id=hazards.grid, responsible_user_id="none") >= {nobody}
    assert nobody not in listed(at_grid_node_id="none")

    # The ledger exports what the list shows.
    r = c.get("/api/v1/exports/hazards.csv", params={"at_grid_node_id": "none", "responsible_user_id": "none"})
    assert r.status_code == 200, r.text
    ledger = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"), newline="")))
    assert len(ledger) - 1 == rows("grid_node_id is null and responsible_user_id is null")

    # Tasks: of no grid node (a group's), of no assignee.
    loose = loose_tasks()
    placed_task = loose_tasks(grid=True, assignee=ids.user["difang.safety"])
    tasks = {t["id"] for t in c.get("/api/v1/tasks", params={"grid_node_id": "none", "limit": 200}).json()["items"]}
    assert loose in tasks and placed_task not in tasks
    assert count(c, "/api/v1/tasks", grid_node_id="none") == \
        sql_value("select count(*) from task where township_id = %s and grid_node_id is null", (town,))
    assert count(c, "/api/v1/tasks", assignee_id="none", overdue=True) == sql_value(
        "select count(*) from task where township_id = %s and assignee_user_id is null"
        " and deadline < app.today() and state not in ('done', 'cancelled')", (town,))
    assert placed_task in {t["id"] for t in c.get("/api/v1/tasks", params={
        "assignee_id": ids.user["difang.safety"], "limit": 200}).json()["items"]}


def test_none_keeps_to_the_callers_township(ids, loose_tasks):
    """Row-level security holds under none: no other township's rows, and a county admin's narrowed by township_id."""
    other = ids.township["bailin"]
    enterprise = ids.enterprise["bailin"]
    theirs = sql_value(
        "insert into hazard (township_id, enterprise_id, grid_node_id, sector_id, source, description,"
        "                    severity, mode, measure, deadline)"
        " select township_id, id, null, sector_id, 'registration', '别镇无网格隐患', 'general', 'deadline', '整改',"
        "        app.today() - 1 from enterprise where id = %s returning id", (enterprise,))
    their_task = loose_tasks(town="bailin")
    try:
        mine = signed_in("difang.committee")
        for filters in ({"at_grid_node_id": "none"}, {"responsible_user_id": "none"},
                        {"at_grid_node_id": "none", "overdue": "true"}):
            items = mine.get("/api/v1/hazards", params=dict(filters, limit=200)).json()["items"]
            assert theirs not in {h["id"] for h in items}, filters
            assert {h["township_id"] for h in items} <= {ids.township["difang"]}, filters
        tasks = mine.get("/api/v1/tasks", params={"grid_node_id": "none", "assignee_id": "none", "limit": 200}).json()
        assert their_task not in {t["id"] for t in tasks["items"]}
        assert theirs in {h["id"] for h in signed_in("bailin.committee").get(
            "/api/v1/hazards", params={"at_grid_node_id": "none", "limit": 200}).json()["items"]}
        admin = signed_in("admin")
        assert hazard_count(admin, township_id=other, at_grid_node_id="none") == sql_value(
            "select count(*) from hazard where township_id = %s and grid_node_id is null", (other,))
        assert count(admin, "/api/v1/tasks", township_id=other, grid_node_id="none") == sql_value(
            "select count(*) from task where township_id = %s and grid_node_id is null", (other,))
    finally:
        sql("begin; set local session_replication_role = replica;"
            " delete from hazard_event where hazard_id = %s; delete from hazard where id = %s; commit;", (theirs, theirs))


def test_none_is_refused_where_a_filter_has_no_none():
    """A bad none, or none where the column is never null, is a 422 that says so in Chinese."""
    c = signed_in("difang.committee")
    c.headers["Accept-Language"] = "zh-CN"
    r = c.get("/api/v1/hazards", params={"at_grid_node_id": "nobody"})
    assert_error(r, 422, "validation_failed", ["at_grid_node_id"])
    assert r.json()["error"]["details"][0]["message"] == "应为正整数编号，或 none（表示没有）"
    r = c.get("/api/v1/hazards", params={"sector_id": "none"})   # every hazard has a sector
    assert_error(r, 422, "validation_failed", ["sector_id"])
    assert r.json()["error"]["details"][0]["message"] == "应为整数"


@pytest.mark.parametrize("path, query", [
    ("/api/v1/hazards", {"at_grid_node_id": "None"}),
    ("/api/v1/hazards", {"responsible_user_id": "null"}),
    ("/api/v1/hazards", {"responsible_user_id": ""}),
    ("/api/v1/hazards", {"grid_node_id": "none"}),
    ("/api/v1/exports/hazards.csv", {"at_grid_node_id": "nil"}),
    ("/api/v1/tasks", {"grid_node_id": "none,1"}),
    ("/api/v1/tasks", {"assignee_id": "-1"}),
    ("/api/v1/tasks", {"group_id": "none"}),
    ("/api/v1/hazards", {"my_scope": "maybe"}),
    ("/api/v1/hazards", {"responsible_user_id": "0"}),
    ("/api/v1/hazards", {"at_grid_node_id": "x"}),
    ("/api/v1/hazards", {"sent_back": "1x"}),
    ("/api/v1/supervision-orders", {"open": "yes please"}),
    ("/api/v1/tasks", {"finished": "2"}),
    ("/api/v1/enterprises", {"inspected": "no!"}),
])
def test_the_new_filters_refuse_bad_values(path, query):
    assert_error(signed_in("difang.committee").get(path, params=query), 422, "validation_failed", list(query))
