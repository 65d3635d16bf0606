"""The rules of a hazard's deadline and source, and of a task's breakdown.

- A new hazard's deadline is not in the past, however it is opened; one rectified on the
  spot (mode immediate) has none, from a registration as from an inspection or the notice.
- After rectification has started, or once overdue, the deadline moves only by an
  extension (延期) with a reason, which keeps both dates in the timeline; an overdue
  hazard is extended by the committee only.  `extended=true` lists the extended ones.
- An enterprise reports a hazard of its own (自查自报): source self_report.
- A sub-task promises no more and no later than its parent; progress never passes the
  target; a parent's progress and state follow its children.
- Filters: enterprises without a cadre; open and overdue hazards on every grid node.
"""
import uuid

import pytest

from conftest import anonymous, assert_error, day, signed_in, sql, sql_value

HAZARDS = "/api/v1/hazards"
TASKS = "/api/v1/tasks"


@pytest.fixture(scope="module")
def enterprise(ids):
    """difang.ent1's enterprise: the one its enterprise user reports for."""
    return sql_value("select enterprise_id from app_user where username = 'difang.ent1'")


def register(client, enterprise_id, **fields):
    body = {"enterprise_id": enterprise_id, "description": f"规则测试{uuid.uuid4().hex[:6]}",
            "severity": "general", "mode": "deadline", "deadline": day(10)}
    body.update(fields)
    return client.post(HAZARDS, json={k: v for k, v in body.items() if v is not ...})


def opened(enterprise_id, client=None, **fields):
    r = register(client or signed_in("difang.safety"), enterprise_id, **fields)
    assert r.status_code == 201, r.text
    return r.json()


def extend(client, hazard, deadline, reason="设备到货推迟", version=None):
    version = version or sql_value("select version from hazard where id = %s", (hazard["id"],))
    return client.post(f"{HAZARDS}/{hazard['id']}/extensions",
                       json={"version": version, "deadline": deadline, "reason": reason})


def events(hazard_id):
    return signed_in("difang.committee").get(f"{HAZARDS}/{hazard_id}/events").json()["items"]


def fell_due(hazard, days_ago):
    """The hazard's deadline passed days_ago days ago (only time can do that)."""
    sql("update hazard set deadline = %s where id = %s", (day(-days_ago), hazard["id"]))


# --- Deadlines ------------------------------------------------------------------------------

def test_a_new_hazards_deadline_is_not_in_the_past(ids, enterprise):
    before = sql_value("select count(*) from hazard")
    for client in (signed_in("difang.safety"), signed_in("difang.ent1")):
        error = assert_error(register(client, enterprise, deadline=day(-1)), 422, "validation_failed",
                             ["deadline"])
        assert "今天" in error["details"][0]["message"]
    assert sql_value("select count(*) from hazard") == before
    assert opened(enterprise, deadline=day(0))["deadline"] == day(0)


def test_on_the_spot_rectification_has_no_deadline(enterprise):
    spot = opened(enterprise, mode="immediate", deadline=day(15))
    assert spot["deadline"] is None and spot["overdue"] is False
    token = sql_value("select public_token from enterprise where id = %s", (enterprise,))
    # The gate notice's list (公示) says 立即整改 without a date.
    public = anonymous().get(f"/api/v1/public/enterprises/{token}").json()
    spots = [h for h in public["hazards"] if h["mode"] == "immediate"]
    assert spots and all(h["deadline"] is None for h in spots)
    # Turning a hazard into one rectified on the spot drops its deadline too.
    other = opened(enterprise)
    r = signed_in("difang.safety").patch(f"{HAZARDS}/{other['id']}", json={"version": 1, "mode": "immediate"})
    assert r.status_code == 200, r.text
    assert r.json()["deadline"] is None


def test_an_extension_keeps_its_reason_and_both_deadlines(enterprise):
    hazard = opened(enterprise, deadline=day(10))
    safety = signed_in("difang.safety")
    r = extend(safety, hazard, day(20), reason="需要停产检修，设备到货推迟")
    assert r.status_code == 200, r.text
    assert r.json()["deadline"] == day(20) and r.json()["version"] == hazard["version"] + 1
    last = events(hazard["id"])[-1]
    assert (last["action"], last["note"], last["deadline_from"], last["deadline_to"]) == \
        ("extend", "需要停产检修，设备到货推迟", day(10), day(20))
    assert last["actor_id"] == sql_value("select id from app_user where username = 'difang.safety'")

    # Not earlier, not without a reason, not on a stale version.
    assert_error(extend(safety, hazard, day(15)), 422, "validation_failed", ["deadline"])
    assert_error(extend(safety, hazard, day(30), reason=""), 422, "validation_failed", ["reason"])
    assert_error(extend(safety, hazard, day(30), version=1), 409, "stale_version")
    assert sql_value("select deadline::text from hazard where id = %s", (hazard["id"],)) == day(20)
    # An enterprise asks; it does not extend.
    assert_error(extend(signed_in("difang.ent1"), hazard, day(40)), 403, "forbidden")


def test_an_overdue_hazard_is_extended_only_by_the_committee(enterprise):
    hazard = opened(enterprise, deadline=day(10))
    fell_due(hazard, 2)
    safety, committee = signed_in("difang.safety"), signed_in("difang.committee")
    assert committee.get(f"{HAZARDS}/{hazard['id']}").json()["overdue"] is True

    # A department moved it silently before: now it cannot, by edit or by extension.
    version = sql_value("select version from hazard where id = %s", (hazard["id"],))
    assert_error(safety.patch(f"{HAZARDS}/{hazard['id']}", json={"version": version, "deadline": day(20)}),
                 403, "forbidden")
    assert_error(extend(safety, hazard, day(20)), 403, "forbidden")
    # The committee too goes through an extension with its reason, never an edit.
    assert_error(committee.patch(f"{HAZARDS}/{hazard['id']}", json={"version": version, "deadline": day(20)}),
                 409, "bad_state")
    assert committee.get(f"{HAZARDS}/{hazard['id']}").json()["overdue"] is True
    r = extend(committee, hazard, day(20), reason="指挥部批准延期")
    assert r.status_code == 200, r.text
    assert r.json()["overdue"] is False
    last = events(hazard["id"])[-1]
    assert (last["action"], last["deadline_from"], last["deadline_to"]) == ("extend", day(-2), day(20))


def test_after_rectification_starts_the_deadline_moves_only_by_extension(enterprise):
    hazard = opened(enterprise, deadline=day(10))
    safety = signed_in("difang.safety")
    # Before rectification starts an edit may correct it, and says from what to what.
    r = safety.patch(f"{HAZARDS}/{hazard['id']}", json={"version": 1, "deadline": day(12)})
    assert r.status_code == 200, r.text
    last = events(hazard["id"])[-1]
    assert (last["action"], last["deadline_from"], last["deadline_to"]) == ("edit", day(10), day(12))
    r = safety.post(f"{HAZARDS}/{hazard['id']}/transitions", json={"action": "start", "version": 2})
    assert r.status_code == 200, r.text
    assert_error(safety.patch(f"{HAZARDS}/{hazard['id']}", json={"version": 3, "deadline": day(30)}),
                 409, "bad_state")
    assert extend(safety, hazard, day(30)).status_code == 200


def test_extended_hazards_are_one_filter_away(enterprise):
    plain, moved = opened(enterprise), opened(enterprise)
    assert extend(signed_in("difang.safety"), moved, day(40)).status_code == 200
    committee = signed_in("difang.committee")
    listed = {h["id"] for h in committee.get(HAZARDS, params={"extended": "true", "enterprise_id": enterprise,
                                                                "limit": 100}).json()["items"]}
    assert moved["id"] in listed and plain["id"] not in listed
    assert listed == {r["hazard_id"] for r in sql(
        "select distinct hazard_id from hazard_event where action = 'extend' and hazard_id in"
        " (select id from hazard where enterprise_id = %s)", (enterprise,))}


def test_rectified_on_the_spot_is_not_extended(enterprise):
    spot = opened(enterprise, mode="immediate", deadline=...)
    assert_error(extend(signed_in("difang.committee"), spot, day(5)), 409, "bad_state")


# --- Self-reporting -------------------------------------------------------------------------

def test_an_enterprise_reports_a_hazard_of_its_own(ids, enterprise):
    ent1 = signed_in("difang.ent1")
    r = register(ent1, enterprise, description="自查发现消防通道堵塞", deadline=day(7))
    assert r.status_code == 201, r.text
    mine = r.json()
    assert (mine["source"], mine["status"], mine["enterprise_id"]) == ("self_report", "reported", enterprise)
    assert mine["created_by"] == ids.user["difang.ent1"]
    assert [e["action"] for e in events(mine["id"])] == ["report"]
    listed = signed_in("difang.committee").get(HAZARDS, params={"source": "self_report", "limit": 100})
    assert mine["id"] in {h["id"] for h in listed.json()["items"]}
    assert all(h["source"] == "self_report" for h in listed.json()["items"])

    # Never for another enterprise, in its township or beyond.
    other = sql_value("select min(id) from enterprise where township_id = %s and id <> %s",
                      (ids.township["difang"], enterprise))
    before = sql_value("select count(*) from hazard")
    assert_error(register(ent1, other), 422, "validation_failed", ["enterprise_id"])
    assert_error(register(ent1, ids.enterprise["bailin"]), 422, "validation_failed", ["enterprise_id"])
    assert sql_value("select count(*) from hazard") == before
    # An enterprise does not edit a hazard it reported.
    assert_error(ent1.patch(f"{HAZARDS}/{mine['id']}", json={"version": 1, "description": "改"}),
                 403, "forbidden")


# --- Tasks ----------------------------------------------------------------------------------

@pytest.fixture
def task(ids):
    """task(**fields) -> a new task of difang's campaign, removed afterwards."""
    made = []
    campaign = sql_value("select min(id) from campaign where township_id = %s and status = 'active'",
                         (ids.township["difang"],))
    root = sql_value("select id from grid_node where township_id = %s and level = 1",
                     (ids.township["difang"],))
    committee = signed_in("difang.committee")

    def create(expect=201, **fields):
        body = {"campaign_id": campaign, "title": f"分解{uuid.uuid4().hex[:6]}", "grid_node_id": root,
                "target": 10, "deadline": day(30)}
        body.update(fields)
        r = committee.post(TASKS, json=body)
        if expect != 201:
            return r
        assert r.status_code == 201, r.text
        made.append(r.json()["id"])
        return r.json()

    yield create
    for task_id in reversed(made):
        sql("delete from task where id = %s", (task_id,))


def patch_task(task_id, **fields):
    version = sql_value("select version from task where id = %s", (task_id,))
    return signed_in("difang.committee").patch(f"{TASKS}/{task_id}", json=dict(fields, version=version))


def test_a_subtask_promises_no_more_and_no_later_than_its_parent(task):
    parent = task(target=60, deadline=day(20))
    before = sql_value("select count(*) from task")
    assert_error(task(expect=422, parent_id=parent["id"], target=500, deadline=day(20)), 422,
                 "validation_failed", ["target"])
    assert_error(task(expect=422, parent_id=parent["id"], target=10, deadline=day(21)), 422,
                 "validation_failed", ["deadline"])
    assert sql_value("select count(*) from task") == before
    first = task(parent_id=parent["id"], target=40, deadline=day(20))
    # The parts add up to the whole at most.
    assert_error(task(expect=422, parent_id=parent["id"], target=30, deadline=day(20)), 422,
                 "validation_failed", ["target"])
    task(parent_id=parent["id"], target=20, deadline=day(5))
    # Nor can the parent shrink below its parts, or end before them.
    assert_error(patch_task(parent["id"], target=50), 422, "validation_failed", ["target"])
    assert_error(patch_task(parent["id"], deadline=day(10)), 422, "validation_failed", ["deadline"])
    assert_error(patch_task(first["id"], target=45), 422, "validation_failed", ["target"])
    assert sql_value("select target from task where id = %s", (parent["id"],)) == 60


def test_progress_never_passes_the_target(task):
    alone = task(target=500)
    assert_error(patch_task(alone["id"], progress=600), 422, "validation_failed", ["progress"])
    assert_error(task(expect=422, target=5, progress=6), 422, "validation_failed", ["progress"])
    assert patch_task(alone["id"], progress=500).status_code == 200
    assert sql_value("select progress from task where id = %s", (alone["id"],)) == 500


def test_a_parents_progress_and_state_follow_its_children(task):
    top = task(target=100)
    a = task(parent_id=top["id"], target=40)
    b = task(parent_id=top["id"], target=60)

    def state():
        return sql("select id, state, progress from task where id in (%s, %s, %s)",
                   (top["id"], a["id"], b["id"]))

    def of(task_id):
        return next((r["state"], r["progress"]) for r in state() if r["id"] == task_id)

    assert of(top["id"]) == ("open", 0)
    assert patch_task(a["id"], progress=10).status_code == 200
    assert of(top["id"]) == ("in_progress", 10)
    assert patch_task(a["id"], progress=40, state="done").status_code == 200
    assert of(top["id"]) == ("in_progress", 40)
    assert patch_task(b["id"], progress=60, state="done").status_code == 200
    assert of(top["id"]) == ("done", 100)
    # A sub-task reopened: the parent is no longer done.
    assert patch_task(b["id"], progress=50, state="in_progress").status_code == 200
    assert of(top["id"]) == ("in_progress", 90)
    # A parent's state is not set by hand (cancelling it is).
    assert_error(patch_task(top["id"], state="done"), 422, "validation_failed", ["state"])
    # A cancelled sub-task no longer counts: the other one, done, completes the parent.
    assert patch_task(b["id"], state="cancelled").status_code == 200
    assert of(top["id"])[0] == "done"


# --- Filters --------------------------------------------------------------------------------

def test_enterprises_without_a_cadre(ids):
    committee = signed_in("difang.committee")

    def listed(**params):
        ids_ = set()
        cursor = None
        while True:
            page = committee.get("/api/v1/enterprises", params=dict(params, limit=100, **(
                {"cursor": cursor} if cursor else {}))).json()
            ids_ |= {e["id"] for e in page["items"]}
            cursor = page["next_cursor"]
            if not cursor:
                return ids_

    without = listed(has_cadre="false")
    with_ = listed(has_cadre="true")
    everyone = listed()
    assert without and with_ and without | with_ == everyone and not without & with_
    expected = {r["id"] for r in sql(
        "select e.id from enterprise e where e.township_id = %s and not exists ("
        "  select 1 from enterprise_assignment a join campaign c on c.id = a.campaign_id"
        "   where a.enterprise_id = e.id and a.ends_on is null and c.status <> 'closed')",
        (ids.township["difang"],))}
    assert without == expected


def test_grid_counts_open_and_overdue_hazards_on_every_node(ids, enterprise):
    late = opened(enterprise, deadline=day(5))
    fell_due(late, 1)
    opened(enterprise, deadline=day(5))
    town = ids.township["difang"]
    tree = signed_in("difang.committee").get("/api/v1/grid", params={"with": "counts"}).json()
    nodes = {}

    def walk(n):
        nodes[n["id"]] = n
        for c in n["children"]:
            walk(c)
    walk(tree)
    parent = {r["id"]: r["parent_id"] for r in sql("select id, parent_id from grid_node where township_id = %s",
                                                   (town,))}
    expected_open = {n: 0 for n in parent}
    expected_late = {n: 0 for n in parent}
    for r in sql("select grid_node_id, deadline < app.today() as late from hazard"
                 " where township_id = %s and status in ('reported', 'rectifying')"
                 "   and grid_node_id is not null", (town,)):
        node = r["grid_node_id"]
        while node is not None:
            expected_open[node] += 1
            expected_late[node] += bool(r["late"])
            node = parent[node]
    assert {n: v["open_hazard_count"] for n, v in nodes.items()} == expected_open
    assert {n: v["overdue_hazard_count"] for n, v in nodes.items()} == expected_late
    assert nodes[tree["id"]]["overdue_hazard_count"] >= 1
