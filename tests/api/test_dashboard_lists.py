"""Every figure of every role's dashboard has a list that counts exactly it.

The portal links each figure and each chart's bar to a list with filters
(web/src/lib/figures.js); here each figure of GET /api/v1/dashboard is set
against the total of that list, read page by page through the API as the
same user, after the test has added rows of its own that the figure must
count: a department's queue (my_scope), a responsible person, a grid node's
own hazards (at_grid_node_id), hazards sent back, orders not closed (open),
tasks still to do (finished=false), inspected enterprises (inspected).
"""
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


def test_committee_figures_and_bars(ids, hazards):  # noqa: F811
    hazards(deadline_offset=-3)
    hazards(severity="major")
    hazards(status="submitted")
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
    for row in board["by_grid_node"]:
        if row["grid_node_id"] is None:
            continue
        assert hazard_count(c, at_grid_node_id=row["grid_node_id"], status=OPEN) == row["open"], row
        assert hazard_count(c, at_grid_node_id=row["grid_node_id"], overdue=True) == row["overdue"], row
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


def test_supervisor_figures_and_bars(ids, hazards, orders):  # noqa: F811
    supervisor = signed_in("difang.supervisor")
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
    for p in board["people"]:
        if p["user_id"] is None:
            continue
        assert hazard_count(supervisor, overdue=True, responsible_user_id=p["user_id"]) == p["overdue_hazards"], p
        assert count(supervisor, "/api/v1/tasks", overdue=True, assignee_id=p["user_id"]) == p["overdue_tasks"], p
    for u in board["units_ranked"]:
        if u["grid_node_id"] is None:
            continue
        assert hazard_count(supervisor, overdue=True, at_grid_node_id=u["grid_node_id"]) == u["overdue_hazards"], u
        assert count(supervisor, "/api/v1/tasks", overdue=True, grid_node_id=u["grid_node_id"]) == u["overdue_tasks"], u


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


@pytest.mark.parametrize("path, query", [
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
