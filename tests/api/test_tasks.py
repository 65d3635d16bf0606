"""Tasks (任务分解): creating, splitting down the grid, the progress roll-up,
overdue, a department's progress report, the list's filters, and who may do
what.

Tests create their tasks in difang's demo campaign (10_campaign.sql) through
the API and remove them afterwards; the demo tasks of 40_tasks.sql are only
read.
"""
import re
import uuid

import pytest

from conftest import (DEMO_CAMPAIGN, assert_error, day, in_year, signed_in, sql, sql_value, year_end,
                      year_start)

CAMPAIGN = DEMO_CAMPAIGN
TASK_FIELDS = {"id", "campaign_id", "parent_id", "title", "description", "grid_node_id", "group_id",
               "assignee_user_id", "unit", "target", "progress", "deadline", "state", "overdue",
               "children_count", "version", "created_at", "updated_at"}
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")


def node(name, town="difang"):
    return sql_value("select g.id from grid_node g join township t on t.id = g.township_id"
                     " where t.slug = %s and g.name = %s", (town, name))


def campaign_of(town):
    return sql_value("select c.id from campaign c join township t on t.id = c.township_id"
                     " where t.slug = %s and c.name = %s and c.parent_id is not null", (town, CAMPAIGN))


def group_of(campaign, kind="coordination"):
    return sql_value("select id from working_group where campaign_id = %s and kind = %s order by id"
                     " limit 1", (campaign, kind))


def remove_tasks(task_ids):
    """Remove tasks, sub-tasks first, even from a closed campaign."""
    if task_ids:
        with_children = sql("with recursive s as (select id, 0 as depth from task where id = any(%s)"
                            " union all select t.id, s.depth + 1 from task t join s on t.parent_id = s.id)"
                            " select id, max(depth) as depth from s group by id order by 2 desc",
                            (list(task_ids),))
        sql("begin; set local session_replication_role = replica;"
            " delete from task where id = any(%s); commit;", ([r["id"] for r in with_children],))


@pytest.fixture(scope="module")
def campaign():
    found = campaign_of("difang")
    if found is None:
        pytest.skip("the demo township campaign (10_campaign.sql) is missing")
    return found


@pytest.fixture
def committee():
    return signed_in("difang.committee")


@pytest.fixture
def safety():
    return signed_in("difang.safety")


@pytest.fixture
def make(committee, campaign):
    """make(**fields) -> a new task of difang's campaign, via the API; removed afterwards."""
    made = []

    def create(client=committee, **fields):
        body = {"campaign_id": campaign, "title": f"测试任务{uuid.uuid4().hex[:6]}",
                "grid_node_id": node("地方镇"), "target": 10, "deadline": day(30)}
        body.update(fields)
        body = {k: v for k, v in body.items() if v is not ...}
        r = client.post("/api/v1/tasks", json=body)
        assert r.status_code == 201, r.text
        made.append(r.json()["id"])
        return r.json()

    yield create
    remove_tasks(made)


@pytest.fixture
def other_campaign(ids):
    """A second township campaign of difang, of one's own."""
    made = sql_value("insert into campaign (county_id, township_id, name, starts_on, ends_on, status)"
                     " values (%s, %s, %s, %s, %s, 'active') returning id",
                     (ids.county, ids.township["difang"], f"测试行动{uuid.uuid4().hex[:6]}", year_start(),
                      year_end()))
    yield made
    remove_tasks([r["id"] for r in sql("select id from task where campaign_id = %s", (made,))])
    sql("delete from campaign where id = %s", (made,))


def get(client, task_id):
    r = client.get(f"/api/v1/tasks/{task_id}")
    assert r.status_code == 200, r.text
    return r.json()


def patch(client, task_id, **fields):
    """PATCH with the task's current version; the response."""
    version = sql_value("select version from task where id = %s", (task_id,))
    return client.patch(f"/api/v1/tasks/{task_id}", json={"version": version, **fields})


def list_all(client, **params):
    """Every item of a filtered list, page by page."""
    items, cursor = [], None
    while True:
        query = dict(params, limit=params.get("limit", 200))
        if cursor:
            query["cursor"] = cursor
        r = client.get("/api/v1/tasks", params=query)
        assert r.status_code == 200, r.text
        body = r.json()
        assert set(body) == {"items", "next_cursor"}
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


# --- Creating ------------------------------------------------------------------------------------

def test_create_answers_the_task(make, campaign, ids):
    task = make(title="核查第一工作区企业", description="逐家核查", grid_node_id=node("第一工作区"),
                assignee_user_id=ids.user["difang.safety"], unit="家", target=15,
                deadline=day(20))
    assert set(task) == TASK_FIELDS | {"children"}
    assert {k: task[k] for k in ("campaign_id", "parent_id", "title", "description", "grid_node_id",
                                 "group_id", "assignee_user_id", "unit", "target", "progress",
                                 "deadline", "state", "overdue", "children_count", "version",
                                 "children")} == {
        "campaign_id": campaign, "parent_id": None, "title": "核查第一工作区企业",
        "description": "逐家核查", "grid_node_id": node("第一工作区"), "group_id": None,
        "assignee_user_id": ids.user["difang.safety"], "unit": "家", "target": 15, "progress": 0,
        "deadline": day(20), "state": "open", "overdue": False, "children_count": 0,
        "version": 1, "children": []}
    assert RFC3339.match(task["created_at"]) and RFC3339.match(task["updated_at"])
    assert sql_value("select township_id from task where id = %s", (task["id"],)) == ids.township["difang"]

    group = group_of(campaign)
    by_group = make(grid_node_id=None, group_id=group, progress=4)
    assert (by_group["group_id"], by_group["grid_node_id"], by_group["unit"], by_group["progress"]) == \
        (group, None, "项", 4)


def test_create_refuses_invalid_fields(committee, campaign):
    count = sql_value("select count(*) from task")

    def refused(body, *fields):
        assert_error(committee.post("/api/v1/tasks", json=body), 422, "validation_failed", fields)

    base = {"campaign_id": campaign, "title": "字段", "grid_node_id": node("地方镇"), "target": 1,
            "deadline": day(31)}
    refused({}, "campaign_id", "title", "target", "deadline")
    refused(dict(base, target=0), "target")
    refused(dict(base, target="10"), "target")
    refused(dict(base, progress=-1), "progress")
    refused(dict(base, deadline=in_year(2, 30)), "deadline")
    refused(dict(base, title=""), "title")
    refused(dict(base, title="长" * 201), "title")
    refused(dict(base, unit="单位名称实在是太长了啊"), "unit")
    refused(dict(base, state="done"), "state")
    refused(dict(base, overdue=True), "overdue")
    refused(dict(base, grid_node_id=None), "grid_node_id")
    assert sql_value("select count(*) from task") == count


def test_create_refuses_what_is_not_the_townships(committee, campaign, ids):
    count = sql_value("select count(*) from task")
    bailin_campaign = campaign_of("bailin")
    county_campaign = sql_value("select parent_id from campaign where id = %s", (campaign,))
    bailin_task = sql_value("select min(id) from task where campaign_id = %s", (bailin_campaign,))
    base = {"campaign_id": campaign, "title": "越界", "grid_node_id": node("地方镇"), "target": 1,
            "deadline": day(31)}

    def refused(field, **change):
        assert_error(committee.post("/api/v1/tasks", json=dict(base, **change)), 422,
                     "validation_failed", [field])

    refused("campaign_id", campaign_id=county_campaign)
    refused("campaign_id", campaign_id=bailin_campaign)
    refused("campaign_id", campaign_id=999999999)
    refused("grid_node_id", grid_node_id=node("第一工作区", "bailin"))
    refused("group_id", group_id=group_of(bailin_campaign))
    refused("assignee_user_id", assignee_user_id=ids.user["bailin.safety"])
    refused("assignee_user_id", assignee_user_id=ids.user["difang.supervisor"])
    refused("assignee_user_id", assignee_user_id=ids.user["difang.ent1"])
    if bailin_task:
        refused("parent_id", parent_id=bailin_task)
    refused("parent_id", parent_id=999999999)
    assert sql_value("select count(*) from task") == count


@pytest.mark.parametrize("username", ["difang.supervisor", "difang.safety", "difang.ent1", "admin"])
def test_only_the_committee_creates(username, campaign):
    body = {"campaign_id": campaign, "title": "无权", "grid_node_id": node("地方镇"), "target": 1,
            "deadline": day(31)}
    assert_error(signed_in(username).post("/api/v1/tasks", json=body), 403, "forbidden")


# --- Splitting down the grid (层层分解) ----------------------------------------------------------

def test_a_subtask_stays_in_its_parents_campaign_and_below_its_node(committee, make, campaign,
                                                                    other_campaign):
    parent = make(grid_node_id=node("第一工作区"), target=100)
    village = make(parent_id=parent["id"], grid_node_id=node("东村"))
    same = make(parent_id=parent["id"], grid_node_id=node("第一工作区"))
    by_group = make(parent_id=parent["id"], grid_node_id=None, group_id=group_of(campaign))
    assert (village["parent_id"], same["parent_id"], by_group["parent_id"]) == (parent["id"],) * 3

    base = {"campaign_id": campaign, "parent_id": parent["id"], "title": "出界", "target": 1,
            "deadline": day(31)}
    for outside in ("北村", "第二工作区", "地方镇"):
        error = assert_error(committee.post("/api/v1/tasks", json=dict(base, grid_node_id=node(outside))),
                             422, "validation_failed", ["grid_node_id"])
        assert {d["code"] for d in error["details"]} == {"outside_parent"}

    elsewhere = make(campaign_id=other_campaign)
    assert_error(committee.post("/api/v1/tasks", json=dict(base, parent_id=elsewhere["id"],
                                                           grid_node_id=node("东村"))),
                 422, "validation_failed", ["parent_id"])

    # Changing a node later keeps the same order.
    assert_error(patch(committee, village["id"], grid_node_id=node("北村")), 422, "validation_failed",
                 ["grid_node_id"])
    error = assert_error(patch(committee, parent["id"], grid_node_id=node("第二工作区")), 422,
                         "validation_failed", ["grid_node_id"])
    assert {d["code"] for d in error["details"]} == {"outside_children"}
    r = patch(committee, parent["id"], grid_node_id=node("地方镇"))
    assert r.status_code == 200, r.text
    assert get(committee, village["id"])["grid_node_id"] == node("东村")


def test_progress_rolls_up_three_levels(committee, make):
    top = make(title="排查测试", target=30)
    area1 = make(parent_id=top["id"], grid_node_id=node("第一工作区"), target=15)
    area2 = make(parent_id=top["id"], grid_node_id=node("第二工作区"), target=15)
    east = make(parent_id=area1["id"], grid_node_id=node("东村"), target=5, progress=2)
    west = make(parent_id=area1["id"], grid_node_id=node("西村"), target=10)
    north = make(parent_id=area2["id"], grid_node_id=node("北村"), target=7)

    def progress():
        return {k: get(committee, t["id"])["progress"]
                for k, t in (("top", top), ("area1", area1), ("area2", area2),
                             ("east", east), ("west", west), ("north", north))}

    assert progress() == {"top": 2, "area1": 2, "area2": 0, "east": 2, "west": 0, "north": 0}
    assert patch(committee, west["id"], progress=4).status_code == 200
    assert patch(committee, north["id"], progress=5, state="in_progress").status_code == 200
    # By hand: area1 = east + west = 2 + 4, area2 = north = 5, top = area1 + area2 = 11.
    assert progress() == {"top": 11, "area1": 6, "area2": 5, "east": 2, "west": 4, "north": 5}

    back = make(parent_id=area2["id"], grid_node_id=node("后村"), target=4, progress=3)
    assert patch(committee, east["id"], progress=0).status_code == 200
    # area1 = 0 + 4, area2 = 5 + 3, top = 4 + 8.
    assert progress() == {"top": 12, "area1": 4, "area2": 8, "east": 0, "west": 4, "north": 5}
    assert get(committee, back["id"])["progress"] == 3
    assert sql_value("select progress from task where id = %s", (top["id"],)) == sql_value(
        "select sum(progress) from task where parent_id in (select id from task where parent_id = %s)",
        (top["id"],))

    # A parent's progress is never set by hand.
    for parent in (top, area1):
        before = get(committee, parent["id"])
        error = assert_error(patch(committee, parent["id"], progress=1), 422, "validation_failed",
                             ["progress"])
        assert "子任务" in error["message"]
        assert get(committee, parent["id"])["progress"] == before["progress"]

    got = get(committee, top["id"])
    assert got["children_count"] == 2
    assert [(c["id"], c["progress"], c["children_count"]) for c in got["children"]] == \
        [(area1["id"], 4, 2), (area2["id"], 8, 2)]
    for child in got["children"]:
        assert set(child) == TASK_FIELDS


def test_demo_tasks_roll_up_over_three_levels():
    rows = sql("select t.id, t.parent_id, t.progress, t.target, t.state, t.deadline < app.today() as late"
               "  from task t join campaign c on c.id = t.campaign_id"
               " where c.name = %s and c.parent_id is not null"
               "   and (t.title = '排查全部企业隐患' or t.title like '%%企业隐患排查')", (CAMPAIGN,))
    if not rows:
        pytest.skip("no demo tasks")
    children = {}
    for r in rows:
        children.setdefault(r["parent_id"], []).append(r)
    depth3 = 0
    for r in rows:
        kids = children.get(r["id"])
        if kids:
            assert r["progress"] == sum(k["progress"] for k in kids)
            assert r["target"] == sum(k["target"] for k in kids)
            depth3 += any(children.get(k["id"]) for k in kids)
    assert depth3 == 3, "each demo township splits a task over three levels"
    states = {r["state"] for r in rows}
    assert {"done", "in_progress", "open"} <= states
    assert any(r["late"] and r["state"] == "open" for r in rows)


# --- Overdue -------------------------------------------------------------------------------------

def test_overdue_is_computed_from_deadline_and_state(committee, make):
    late = make(deadline=day(-1))
    due_today = make(deadline=day())
    assert (late["overdue"], due_today["overdue"]) == (True, False)
    for state, overdue in (("in_progress", True), ("done", False), ("cancelled", False), ("open", True)):
        r = patch(committee, late["id"], state=state)
        assert r.status_code == 200, r.text
        assert (r.json()["state"], r.json()["overdue"]) == (state, overdue)
    assert "overdue" not in {r["column_name"] for r in sql(
        "select column_name from information_schema.columns where table_name = 'task'")}
    r = patch(committee, due_today["id"], deadline=day(-3))
    assert r.json()["overdue"] is True


# --- A department's progress report --------------------------------------------------------------

def test_a_department_user_reports_on_its_own_tasks(committee, safety, make, ids):
    top = make(assignee_user_id=ids.user["difang.committee"])
    mine = make(parent_id=top["id"], assignee_user_id=ids.user["difang.safety"], target=8)
    theirs = make(parent_id=top["id"], assignee_user_id=ids.user["difang.committee"], target=2)

    r = patch(safety, mine["id"], progress=3, state="in_progress")
    assert r.status_code == 200, r.text
    assert (r.json()["progress"], r.json()["state"]) == (3, "in_progress")
    # The roll-up reaches the parent, which the department user may not edit itself.
    assert get(committee, top["id"])["progress"] == 3

    error = assert_error(patch(safety, mine["id"], title="改标题"), 403, "forbidden")
    assert "progress and state" in error["message"]
    assert_error(patch(safety, mine["id"], progress=4, deadline=day(1)), 403, "forbidden")
    assert_error(patch(safety, theirs["id"], progress=1), 403, "forbidden")
    assert_error(patch(safety, top["id"], state="done"), 403, "forbidden")
    assert_error(safety.patch(f"/api/v1/tasks/{mine['id']}", json={"version": 1, "progress": 5}), 409,
                 "stale_version")
    assert get(committee, mine["id"])["progress"] == 3
    assert get(committee, theirs["id"])["progress"] == 0
    assert sql_value("select title from task where id = %s", (mine["id"],)) == mine["title"]

    done = patch(safety, mine["id"], progress=8, state="done")
    assert done.status_code == 200 and done.json()["state"] == "done"
    assert get(committee, top["id"])["progress"] == 8

    # A task of theirs with sub-tasks takes its progress from them.
    parent = make(assignee_user_id=ids.user["difang.safety"])
    make(parent_id=parent["id"], target=1)
    assert_error(patch(safety, parent["id"], progress=1), 422, "validation_failed", ["progress"])
    assert_error(patch(safety, parent["id"], state="in_progress"), 422, "validation_failed", ["state"])


def test_other_roles_and_townships_cannot_update(make, ids):
    task = make(assignee_user_id=ids.user["difang.safety"])
    for username in ("difang.supervisor", "difang.ent1", "admin"):
        assert_error(patch(signed_in(username), task["id"], progress=1), 403, "forbidden")
    for username in ("bailin.committee", "bailin.safety"):
        assert_error(patch(signed_in(username), task["id"], progress=1), 404, "not_found")
    assert sql_value("select progress from task where id = %s", (task["id"],)) == 0


# --- Reading -------------------------------------------------------------------------------------

def test_get_includes_children_and_hides_other_townships(committee, make):
    top = make(target=20)
    first = make(parent_id=top["id"])
    second = make(parent_id=top["id"])
    got = get(committee, top["id"])
    assert [c["id"] for c in got["children"]] == [first["id"], second["id"]]
    assert got["children_count"] == 2
    assert get(signed_in("difang.supervisor"), top["id"]) == got
    assert get(signed_in("admin"), top["id"])["id"] == top["id"]
    assert_error(signed_in("bailin.committee").get(f"/api/v1/tasks/{top['id']}"), 404, "not_found")
    assert_error(signed_in("difang.ent1").get(f"/api/v1/tasks/{top['id']}"), 403, "forbidden")
    assert_error(signed_in("difang.ent1").get("/api/v1/tasks"), 403, "forbidden")
    assert_error(committee.get("/api/v1/tasks/999999999"), 404, "not_found")


def test_list_filters(committee, safety, make, campaign, other_campaign, ids):
    group = group_of(campaign)
    a = make(grid_node_id=node("第一工作区"), assignee_user_id=ids.user["difang.safety"],
             deadline=day(10))
    b = make(parent_id=a["id"], grid_node_id=node("东村"), assignee_user_id=ids.user["difang.committee"],
             deadline=day(10))
    c = make(grid_node_id=None, group_id=group, deadline=day(-1))
    d = make(campaign_id=other_campaign)
    assert patch(committee, b["id"], state="done").status_code == 200
    mine = {t["id"] for t in (a, b, c, d)}

    def listed(client=committee, **params):
        items = list_all(client, **params)
        for item in items:
            assert set(item) == TASK_FIELDS
        return items

    def check(params, expect, holds, client=committee):
        items = listed(client, **params)
        assert {t["id"] for t in items} & mine == {t["id"] for t in expect}, params
        assert all(holds(t) for t in items), params

    check({"campaign_id": campaign}, [a, b, c], lambda t: t["campaign_id"] == campaign)
    check({"campaign_id": other_campaign}, [d], lambda t: t["campaign_id"] == other_campaign)
    check({"parent_id": a["id"]}, [b], lambda t: t["parent_id"] == a["id"])
    check({"root": "true"}, [a, c, d], lambda t: t["parent_id"] is None)
    check({"root": "false"}, [b], lambda t: t["parent_id"] is not None)
    check({"grid_node_id": node("第一工作区")}, [a], lambda t: t["grid_node_id"] == node("第一工作区"))
    check({"group_id": group}, [c], lambda t: t["group_id"] == group)
    check({"assignee_id": ids.user["difang.safety"]}, [a],
          lambda t: t["assignee_user_id"] == ids.user["difang.safety"])
    check({"mine": "true"}, [a], lambda t: t["assignee_user_id"] == ids.user["difang.safety"], safety)
    check({"mine": "true"}, [b], lambda t: t["assignee_user_id"] == ids.user["difang.committee"])
    # a follows its only sub-task, b, which is done.
    check({"state": "done"}, [a, b], lambda t: t["state"] == "done")
    check({"state": "open"}, [c, d], lambda t: t["state"] == "open")
    check({"overdue": "true"}, [c], lambda t: t["overdue"])
    check({"overdue": "false"}, [a, b, d], lambda t: not t["overdue"])
    check({"deadline_before": day(11)}, [a, b, c], lambda t: t["deadline"] < day(11))
    check({"campaign_id": campaign, "root": "true", "overdue": "true"}, [c],
          lambda t: t["overdue"] and t["parent_id"] is None)

    # Keyset pages: ascending ids, each once, the same as one big page.
    whole = [t["id"] for t in listed(campaign_id=campaign)]
    paged = [t["id"] for t in listed(campaign_id=campaign, limit=2)]
    assert paged == whole == sorted(set(whole))
    first = committee.get("/api/v1/tasks", params={"limit": 1}).json()
    assert len(first["items"]) == 1 and first["next_cursor"] == str(first["items"][0]["id"])

    # Another township's tasks are never listed.
    assert listed(signed_in("bailin.committee"), campaign_id=campaign) == []
    assert {t["id"] for t in listed(signed_in("bailin.committee"))} & mine == set()
    # The county admin sees the county's.
    assert {t["id"] for t in listed(signed_in("admin"), campaign_id=campaign)} >= {a["id"], b["id"]}

    for bad in ({"state": "late"}, {"overdue": "maybe"}, {"root": "1"}, {"deadline_before": in_year(13, 1)},
                {"cursor": "abc"}, {"limit": 0}, {"assignee_user_id": 1}, {"campaign_id": "x"}):
        assert_error(committee.get("/api/v1/tasks", params=bad), 422, "validation_failed",
                     [next(iter(bad))])


# --- Updating ------------------------------------------------------------------------------------

def test_the_committee_changes_everything_but_campaign_and_parent(committee, make, campaign, ids):
    task = make(description="旧说明")
    group = group_of(campaign)
    r = patch(committee, task["id"], title="新标题", description=None, grid_node_id=node("第二工作区"),
              group_id=group, assignee_user_id=ids.user["difang.safety"], unit="家", target=37,
              deadline=day(15), progress=5, state="in_progress")
    assert r.status_code == 200, r.text
    got = r.json()
    assert {k: got[k] for k in ("title", "description", "grid_node_id", "group_id", "assignee_user_id",
                                "unit", "target", "deadline", "progress", "state", "version")} == {
        "title": "新标题", "description": None, "grid_node_id": node("第二工作区"), "group_id": group,
        "assignee_user_id": ids.user["difang.safety"], "unit": "家", "target": 37,
        "deadline": day(15), "progress": 5, "state": "in_progress", "version": 2}
    assert got["updated_at"] >= got["created_at"]

    assert_error(committee.patch(f"/api/v1/tasks/{task['id']}", json={"version": 1, "title": "旧"}),
                 409, "stale_version")
    for field, value in (("campaign_id", campaign), ("parent_id", None), ("overdue", False)):
        assert_error(patch(committee, task["id"], **{field: value}), 422, "validation_failed", [field])
    assert_error(patch(committee, task["id"], grid_node_id=None, group_id=None), 422,
                 "validation_failed", ["grid_node_id"])
    assert_error(patch(committee, task["id"], assignee_user_id=ids.user["difang.supervisor"]), 422,
                 "validation_failed", ["assignee_user_id"])
    assert_error(patch(committee, task["id"], state="finished"), 422, "validation_failed", ["state"])
    assert_error(patch(committee, task["id"], target=0), 422, "validation_failed", ["target"])
    assert_error(committee.patch(f"/api/v1/tasks/{task['id']}", json={"title": "无版本"}), 422,
                 "validation_failed", ["version"])
    assert get(committee, task["id"])["title"] == "新标题"


def test_a_closed_campaign_refuses_writes(committee, safety, make, other_campaign, ids):
    task = make(campaign_id=other_campaign, assignee_user_id=ids.user["difang.safety"])
    sql("update campaign set status = 'closed' where id = %s", (other_campaign,))
    error = assert_error(patch(committee, task["id"], title="关闭后"), 409)
    assert "closed" in error["message"]
    assert_error(patch(safety, task["id"], progress=1), 409)
    assert_error(committee.post("/api/v1/tasks", json={
        "campaign_id": other_campaign, "title": "关闭后新建", "grid_node_id": node("地方镇"),
        "target": 1, "deadline": day(31)}), 409)
    assert sql_value("select count(*) from task where campaign_id = %s", (other_campaign,)) == 1
    assert get(committee, task["id"])["title"] == task["title"]
