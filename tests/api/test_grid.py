"""The three-level grid (三级网格): the tree, enterprise counts, creating,
editing, moving with history, deleting, and who may do what.

The demo grid of 20_grid.sql is read, never changed: every test that writes
works on a scratch work area of its own under difang's root, removed again
afterwards.
"""
import random
import re
import uuid

import pytest

from conftest import DEMO_CAMPAIGN, assert_error, day, delete_user, login, signed_in, sql, sql_value

NODE_FIELDS = {"id", "parent_id", "level", "kind", "name", "responsible_user_id", "position",
               "version", "children"}
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code():
    """A fresh, valid unified social credit code (GB 32100)."""
    body = "91371326" + "".join(random.choice(CREDIT_ALPHABET) for _ in range(9))
    total = sum(CREDIT_ALPHABET.index(ch) * w for ch, w in zip(body, CREDIT_WEIGHTS))
    return body + CREDIT_ALPHABET[(31 - total % 31) % 31]


def walk(node):
    """Every node of a tree answer, depth first."""
    yield node
    for child in node["children"]:
        yield from walk(child)


def tree_of(client, **params):
    r = client.get("/api/v1/grid", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def root_id(town):
    return sql_value("select g.id from grid_node g join township t on t.id = g.township_id"
                     " where t.slug = %s and g.level = 1", (town,))


def node_id(town, name):
    return sql_value("select g.id from grid_node g join township t on t.id = g.township_id"
                     " where t.slug = %s and g.name = %s", (town, name))


def remove_subtree(node):
    """Remove a node and all below it, with their enterprises, as the superuser."""
    ids = [r["id"] for r in sql(
        "with recursive s as (select id, level from grid_node where id = %s"
        " union all select g.id, g.level from grid_node g join s on g.parent_id = s.id)"
        " select id from s order by level desc", (node,))]
    for i in ids:
        sql("delete from enterprise where grid_node_id = %s", (i,))
        sql("delete from grid_node where id = %s", (i,))


@pytest.fixture
def committee():
    return signed_in("difang.committee")


@pytest.fixture
def scratch(committee):
    """A work area of difang of one's own (via the API), removed afterwards;
    the fixture is a function that makes more nodes, tracked the same way."""
    made = []

    def make(parent_id, kind="village", name=None, **fields):
        body = {"parent_id": parent_id, "kind": kind, "name": name or f"测试{uuid.uuid4().hex[:8]}"}
        body.update(fields)
        r = committee.post("/api/v1/grid", json=body)
        assert r.status_code == 201, r.text
        made.append(r.json()["id"])
        return r.json()

    make.area = make(root_id("difang"), "work_area")
    yield make
    remove_subtree(make.area["id"])
    for node in made:
        if sql_value("select 1 from grid_node where id = %s", (node,)):
            remove_subtree(node)


def add_enterprise(ids, node, town="difang"):
    return sql_value(
        "insert into enterprise (township_id, name, credit_code, sector_id, grid_node_id)"
        " values (%s, %s, %s, %s, %s) returning id",
        (ids.township[town], f"测试企业{uuid.uuid4().hex[:8]}", credit_code(), ids.sector["industry"],
         node))


# --- Reading the tree ----------------------------------------------------------------------------

def test_tree_is_the_townships_grid_nested_and_ordered(committee, ids):
    tree = tree_of(committee)
    assert set(tree) == NODE_FIELDS
    assert (tree["name"], tree["level"], tree["kind"], tree["parent_id"]) == ("地方镇", 1, "township", None)
    assert tree["responsible_user_id"] == ids.user["difang.committee"]
    names = [c["name"] for c in tree["children"]]
    demo = ["第一工作区", "第二工作区", "第三工作区", "镇安监办"]
    assert [n for n in names if n in demo] == demo
    keys = [(c["position"], c["id"]) for c in tree["children"]]
    assert keys == sorted(keys)
    villages = {c["name"]: [v["name"] for v in c["children"]] for c in tree["children"]}
    assert villages["第一工作区"] == ["东村", "西村", "南村"]
    assert villages["第二工作区"] == ["北村", "前村", "后村"]
    assert villages["第三工作区"] == ["上庄", "中庄", "下庄"]
    assert villages["镇安监办"] == []
    for node in walk(tree):
        assert set(node) == NODE_FIELDS
        for child in node["children"]:
            assert (child["parent_id"], child["level"]) == (node["id"], node["level"] + 1)
            assert child["kind"] in (("work_area", "department") if node["level"] == 1
                                     else ("village", "enterprise"))
    # Exactly the township's rows, each once.
    rows = sql("select id, parent_id from grid_node where township_id = %s", (ids.township["difang"],))
    assert sorted((n["id"], n["parent_id"]) for n in walk(tree)) == \
        sorted((r["id"], r["parent_id"]) for r in rows)
    first = next(c for c in tree["children"] if c["name"] == "第一工作区")
    assert first["responsible_user_id"] == ids.user["difang.committee"]
    assert first["children"][0]["responsible_user_id"] == ids.user["difang.safety"]


@pytest.mark.parametrize("town", ["difang", "bailin", "zhongcun"])
def test_every_demo_township_has_the_agreed_grid(town):
    rows = sql("select g.level, g.kind, g.name, p.name as parent, u.username"
               "  from grid_node g join township t on t.id = g.township_id"
               "  left join grid_node p on p.id = g.parent_id"
               "  left join app_user u on u.id = g.responsible_user_id"
               " where t.slug = %s", (town,))
    by_name = {r["name"]: r for r in rows}
    township = sql_value("select name from township where slug = %s", (town,))
    assert (by_name[township]["level"], by_name[township]["kind"]) == (1, "township")
    assert by_name[township]["username"] == f"{town}.committee"
    for area, villages in (("第一工作区", "东村 西村 南村"), ("第二工作区", "北村 前村 后村"),
                           ("第三工作区", "上庄 中庄 下庄")):
        assert (by_name[area]["kind"], by_name[area]["parent"]) == ("work_area", township)
        for village in villages.split():
            assert (by_name[village]["kind"], by_name[village]["parent"]) == ("village", area)
            assert by_name[village]["username"] == f"{town}.safety"
    assert (by_name["镇安监办"]["kind"], by_name["镇安监办"]["username"]) == ("department", f"{town}.safety")


@pytest.mark.parametrize("username", ["difang.supervisor", "difang.safety"])
def test_township_staff_read_the_tree(username, committee):
    assert tree_of(signed_in(username)) == tree_of(committee)
    area = node_id("difang", "第二工作区")
    r = signed_in(username).get(f"/api/v1/grid/{area}")
    assert r.status_code == 200 and r.json()["name"] == "第二工作区"


def test_enterprise_users_do_not_read_the_grid():
    client = signed_in("difang.ent1")
    area = node_id("difang", "第一工作区")
    for path in ("/api/v1/grid", f"/api/v1/grid/{area}", f"/api/v1/grid/{area}/moves"):
        assert_error(client.get(path), 403, "forbidden")


def test_county_admin_names_the_township(ids):
    admin = signed_in("admin")
    assert_error(admin.get("/api/v1/grid"), 422, "validation_failed", ["township_id"])
    for town in ("difang", "bailin"):
        tree = tree_of(admin, township_id=ids.township[town])
        assert tree["id"] == root_id(town)
    assert_error(admin.get("/api/v1/grid", params={"township_id": 999999999}), 404)


def test_county_admin_gets_404_for_another_countys_township():
    tag = uuid.uuid4().hex[:6]
    digits = "".join(str(int(c, 16) % 10) for c in tag)
    county = sql_value("insert into county (name, code) values (%s, %s) returning id",
                       (f"网格县{tag}", "7" + digits[:5]))
    township = sql_value("insert into township (county_id, name, code, slug) values (%s, %s, %s, %s)"
                         " returning id", (county, f"网格镇{tag}", "77" + digits + "0000", f"grid-{tag}"))
    try:
        node = sql_value("insert into grid_node (township_id, level, kind, name)"
                         " values (%s, 1, 'township', '他县镇') returning id", (township,))
        admin = signed_in("admin")
        assert_error(admin.get("/api/v1/grid", params={"township_id": township}), 404, "not_found")
        assert_error(admin.get(f"/api/v1/grid/{node}"), 404, "not_found")
    finally:
        sql("delete from grid_node where township_id = %s", (township,))
        sql("delete from township where id = %s", (township,))
        sql("delete from sector where county_id = %s", (county,))
        sql("delete from checklist where county_id = %s", (county,))
        sql("delete from county where id = %s", (county,))


def test_another_townships_grid_is_not_found(ids):
    bailin = signed_in("bailin.committee")
    assert_error(bailin.get("/api/v1/grid", params={"township_id": ids.township["difang"]}), 404)
    node = node_id("difang", "东村")
    assert_error(bailin.get(f"/api/v1/grid/{node}"), 404, "not_found")
    assert_error(bailin.get(f"/api/v1/grid/{node}/moves"), 404, "not_found")
    assert_error(bailin.patch(f"/api/v1/grid/{node}", json={"version": 1, "name": "被别人改了"}), 404)
    assert_error(bailin.delete(f"/api/v1/grid/{node}"), 404, "not_found")
    assert sql_value("select name from grid_node where id = %s", (node,)) == "东村"


def test_tree_rejects_unknown_parameters(committee):
    assert_error(committee.get("/api/v1/grid", params={"with": "everything"}), 422, fields=["with"])
    assert_error(committee.get("/api/v1/grid", params={"township_id": "x"}), 422, fields=["township_id"])
    assert_error(committee.get("/api/v1/grid", params={"depth": "2"}), 422, fields=["depth"])


# --- Enterprise counts ---------------------------------------------------------------------------

def test_counts_are_the_enterprises_of_each_whole_subtree(committee, scratch, ids):
    area = scratch.area["id"]
    v1, v2 = scratch(area)["id"], scratch(area)["id"]
    for node, n in ((v1, 3), (v2, 2), (area, 1)):
        for _ in range(n):
            add_enterprise(ids, node)
    # Hand-computed from the database: each node's own enterprises, summed up the tree.
    rows = sql("select id, parent_id from grid_node where township_id = %s", (ids.township["difang"],))
    own = {r["grid_node_id"]: r["n"] for r in sql(
        "select grid_node_id, count(*) as n from enterprise"
        " where township_id = %s and grid_node_id is not null group by 1", (ids.township["difang"],))}
    parent = {r["id"]: r["parent_id"] for r in rows}
    expected = {r["id"]: 0 for r in rows}
    for node, n in own.items():
        while node is not None:
            expected[node] += n
            node = parent[node]

    tree = tree_of(committee, **{"with": "counts"})
    got = {n["id"]: n["enterprise_count"] for n in walk(tree)}
    assert got == expected
    assert (got[v1], got[v2], got[area]) == (3, 2, 6)
    assert got[tree["id"]] == sql_value(
        "select count(*) from enterprise where township_id = %s and grid_node_id is not null",
        (ids.township["difang"],))
    for node in walk(tree):
        assert set(node) == NODE_FIELDS | {"enterprise_count", "open_hazard_count", "overdue_hazard_count"}
    # Without with=counts there are none; the tree is otherwise the same.
    plain = tree_of(committee)
    assert all("enterprise_count" not in n for n in walk(plain))
    assert [n["id"] for n in walk(plain)] == [n["id"] for n in walk(tree)]

    # An enterprise moving between villages moves the counts with it.
    sql("update enterprise set grid_node_id = %s where id = (select min(id) from enterprise"
        " where grid_node_id = %s)", (v2, v1))
    got = {n["id"]: n["enterprise_count"] for n in walk(tree_of(committee, **{"with": "counts"}))}
    assert (got[v1], got[v2], got[area]) == (2, 3, 6)


# --- Creating ------------------------------------------------------------------------------------

def test_create_nodes_below_the_root(committee, scratch, ids):
    area = scratch.area
    assert set(area) == NODE_FIELDS
    assert (area["level"], area["kind"], area["parent_id"], area["version"], area["children"]) == \
        (2, "work_area", root_id("difang"), 1, [])
    # Appended after its siblings.
    assert area["position"] == sql_value(
        "select max(position) from grid_node where parent_id = %s", (root_id("difang"),))
    village = scratch(area["id"], "village", "测试村", responsible_user_id=ids.user["difang.safety"],
                      position=7)
    assert (village["level"], village["kind"], village["position"], village["name"]) == \
        (3, "village", 7, "测试村")
    assert village["responsible_user_id"] == ids.user["difang.safety"]
    enterprise_node = scratch(area["id"], "enterprise", "测试企业网格")
    assert (enterprise_node["level"], enterprise_node["position"]) == (3, 8)
    got = committee.get(f"/api/v1/grid/{area['id']}").json()
    assert [c["id"] for c in got["children"]] == [village["id"], enterprise_node["id"]]
    row = sql("select township_id, level, kind from grid_node where id = %s", (village["id"],))[0]
    assert row == {"township_id": ids.township["difang"], "level": 3, "kind": "village"}


def test_create_refuses_what_the_grid_does_not_allow(committee, scratch, ids):
    area = scratch.area["id"]
    village = scratch(area)["id"]
    count = sql_value("select count(*) from grid_node")

    def refused(body, status, code, field):
        assert_error(committee.post("/api/v1/grid", json=body), status, code, [field])

    refused({"parent_id": village, "kind": "village", "name": "第四级"}, 422, "validation_failed", "parent_id")
    refused({"parent_id": root_id("difang"), "kind": "village", "name": "错级村"}, 422,
            "validation_failed", "kind")
    refused({"parent_id": area, "kind": "work_area", "name": "错级区"}, 422, "validation_failed", "kind")
    refused({"parent_id": None, "kind": "township", "name": "第二个根"}, 409, "duplicate", "parent_id")
    refused({"kind": "township", "name": "第二个根"}, 409, "duplicate", "parent_id")
    refused({"parent_id": root_id("difang"), "kind": "work_area", "name": "第一工作区"}, 409,
            "duplicate", "name")
    refused({"parent_id": node_id("bailin", "第一工作区"), "kind": "village", "name": "越界村"}, 422,
            "validation_failed", "parent_id")
    refused({"parent_id": area, "kind": "village", "name": "越界人",
             "responsible_user_id": ids.user["bailin.safety"]}, 422, "validation_failed",
            "responsible_user_id")
    refused({"parent_id": area, "kind": "hamlet", "name": "坏类型"}, 422, "validation_failed", "kind")
    refused({"parent_id": area, "name": "无类型"}, 422, "validation_failed", "kind")
    refused({"parent_id": area, "kind": "village", "name": ""}, 422, "validation_failed", "name")
    refused({"parent_id": area, "kind": "village", "name": "长" * 61}, 422, "validation_failed", "name")
    refused({"parent_id": area, "kind": "village", "name": "负位", "position": -1}, 422,
            "validation_failed", "position")
    refused({"parent_id": area, "kind": "village", "name": "多余", "level": 3}, 422,
            "validation_failed", "level")
    assert sql_value("select count(*) from grid_node") == count


@pytest.mark.parametrize("username", ["difang.supervisor", "difang.safety", "difang.ent1", "admin"])
def test_only_the_committee_writes(username, scratch):
    client = signed_in(username)
    area = scratch.area
    assert_error(client.post("/api/v1/grid", json={"parent_id": area["id"], "kind": "village",
                                                   "name": "无权"}), 403, "forbidden")
    assert_error(client.patch(f"/api/v1/grid/{area['id']}",
                              json={"version": area["version"], "name": "无权"}), 403, "forbidden")
    assert_error(client.delete(f"/api/v1/grid/{area['id']}"), 403, "forbidden")
    assert sql_value("select name from grid_node where id = %s", (area["id"],)) == area["name"]


def test_a_new_township_creates_its_one_root(ids):
    tag = uuid.uuid4().hex[:6]
    digits = "".join(str(int(c, 16) % 10) for c in tag)
    township = sql_value("insert into township (county_id, name, code, slug) values (%s, %s, %s, %s)"
                         " returning id", (ids.county, f"新网格镇{tag}", "76" + digits + "0000",
                                           f"newgrid-{tag}"))
    demo_hash = sql_value("select password_hash from app_user where username = 'admin'")
    username = f"newgrid-{tag}.committee"
    user = sql_value("insert into app_user (county_id, township_id, username, display_name, role,"
                     " password_hash) values (%s, %s, %s, '新镇指挥部', 'committee', %s) returning id",
                     (ids.county, township, username, demo_hash))
    try:
        client = login(username)
        assert_error(client.get("/api/v1/grid"), 404, "not_found")
        r = client.post("/api/v1/grid", json={"kind": "township", "name": f"新网格镇{tag}",
                                              "responsible_user_id": user})
        assert r.status_code == 201, r.text
        root = r.json()
        assert (root["level"], root["parent_id"], root["responsible_user_id"]) == (1, None, user)
        assert tree_of(client)["id"] == root["id"]
        assert_error(client.post("/api/v1/grid", json={"kind": "township", "name": "再来一个"}),
                     409, "duplicate", ["parent_id"])
        assert_error(client.post("/api/v1/grid", json={"parent_id": root["id"], "kind": "work_area",
                                                       "name": "别人的区",
                                                       "responsible_user_id": ids.user["difang.committee"]}),
                     422, "validation_failed", ["responsible_user_id"])
    finally:
        sql("delete from grid_node where township_id = %s", (township,))
        delete_user(user)
        sql("delete from township where id = %s", (township,))


# --- Editing and moving --------------------------------------------------------------------------

def test_update_changes_fields_and_checks_the_version(committee, scratch, ids):
    node = scratch(scratch.area["id"])
    r = committee.patch(f"/api/v1/grid/{node['id']}",
                        json={"version": 1, "name": "改名村", "position": 3,
                              "responsible_user_id": ids.user["difang.committee"]})
    assert r.status_code == 200, r.text
    got = r.json()
    assert (got["name"], got["position"], got["responsible_user_id"], got["version"]) == \
        ("改名村", 3, ids.user["difang.committee"], 2)
    assert_error(committee.patch(f"/api/v1/grid/{node['id']}", json={"version": 1, "name": "旧版"}),
                 409, "stale_version")
    r = committee.patch(f"/api/v1/grid/{node['id']}", json={"version": 2, "responsible_user_id": None})
    assert r.status_code == 200 and r.json()["responsible_user_id"] is None
    assert_error(committee.patch(f"/api/v1/grid/{node['id']}",
                                 json={"version": 3, "responsible_user_id": ids.user["bailin.committee"]}),
                 422, "validation_failed", ["responsible_user_id"])
    assert_error(committee.patch(f"/api/v1/grid/{node['id']}", json={"name": "缺版本"}), 422,
                 fields=["version"])
    assert_error(committee.patch(f"/api/v1/grid/{node['id']}", json={"version": 3, "kind": "enterprise"}),
                 422, fields=["kind"])
    assert_error(committee.patch("/api/v1/grid/999999999", json={"version": 1, "name": "无"}), 404)
    assert sql_value("select name from grid_node where id = %s", (node["id"],)) == "改名村"


def test_moves_are_kept_newest_first(committee, scratch, ids):
    area_a = scratch.area
    area_b = scratch(root_id("difang"), "work_area")
    village = scratch(area_a["id"])
    r = committee.patch(f"/api/v1/grid/{village['id']}", json={"version": 1, "parent_id": area_b["id"]})
    assert r.status_code == 200, r.text
    assert (r.json()["parent_id"], r.json()["level"]) == (area_b["id"], 3)
    tree = tree_of(committee)
    b = next(c for c in tree["children"] if c["id"] == area_b["id"])
    a = next(c for c in tree["children"] if c["id"] == area_a["id"])
    assert [c["id"] for c in b["children"]] == [village["id"]] and a["children"] == []

    # A rename is no move.
    committee.patch(f"/api/v1/grid/{village['id']}", json={"version": 2, "name": "搬过的村"})
    r = committee.patch(f"/api/v1/grid/{village['id']}", json={"version": 3, "parent_id": area_a["id"]})
    assert r.status_code == 200, r.text

    r = committee.get(f"/api/v1/grid/{village['id']}/moves")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["next_cursor"] is None
    moves = body["items"]
    assert [(m["from_parent_id"], m["to_parent_id"]) for m in moves] == \
        [(area_b["id"], area_a["id"]), (area_a["id"], area_b["id"])]
    assert [(m["from_parent_name"], m["to_parent_name"]) for m in moves] == \
        [(area_b["name"], area_a["name"]), (area_a["name"], area_b["name"])]
    for m in moves:
        assert m["node_id"] == village["id"]
        assert m["moved_by"] == ids.user["difang.committee"]
        assert m["moved_by_name"] == sql_value("select display_name from app_user where username ="
                                               " 'difang.committee'")
        assert RFC3339.match(m["moved_at"]), m["moved_at"]
    assert moves[0]["id"] > moves[1]["id"]
    # Everyone of the township who reads the grid reads the moves.
    assert signed_in("difang.supervisor").get(f"/api/v1/grid/{village['id']}/moves").json() == body
    assert committee.get(f"/api/v1/grid/{area_b['id']}/moves").json()["items"] == []
    assert_error(committee.get("/api/v1/grid/999999999/moves"), 404)


def test_a_move_keeps_the_levels(committee, scratch):
    area = scratch.area
    village = scratch(area["id"])
    other_village = scratch(area["id"])

    def refused(node, parent):
        version = sql_value("select version from grid_node where id = %s", (node["id"],))
        r = committee.patch(f"/api/v1/grid/{node['id']}", json={"version": version, "parent_id": parent})
        assert_error(r, 422, "validation_failed", ["parent_id"])

    refused(village, root_id("difang"))               # a village under the township
    refused(village, other_village["id"])             # a village under a village
    refused(area, village["id"])                      # a node under its own descendant
    refused(area, None)                               # a second root
    refused(village, node_id("bailin", "第一工作区"))  # another township's node
    root = sql("select id, version from grid_node where id = %s", (root_id("difang"),))[0]
    refused(root, area["id"])                         # the root under anything
    assert sql_value("select parent_id from grid_node where id = %s", (village["id"],)) == area["id"]
    assert sql_value("select count(*) from grid_node_move where node_id in (%s, %s)",
                     (village["id"], area["id"])) == 0


def test_a_move_to_a_taken_name_is_a_conflict(committee, scratch):
    area_a = scratch.area
    area_b = scratch(root_id("difang"), "work_area")
    scratch(area_a["id"], name="同名村")
    twin = scratch(area_b["id"], name="同名村")
    assert_error(committee.patch(f"/api/v1/grid/{twin['id']}",
                                 json={"version": 1, "parent_id": area_a["id"]}),
                 409, "duplicate", ["name"])


# --- Deleting ------------------------------------------------------------------------------------

def test_delete_refuses_nodes_in_use(committee, scratch, ids):
    area = scratch.area
    village = scratch(area["id"])
    error = assert_error(committee.delete(f"/api/v1/grid/{area['id']}"), 409)
    assert error["code"] in ("bad_state", "conflict")
    assert "sub-nodes" in error["message"]

    add_enterprise(ids, village["id"])
    error = assert_error(committee.delete(f"/api/v1/grid/{village['id']}"), 409)
    assert "enterprises" in error["message"]
    assert sql_value("select count(*) from grid_node where id in (%s, %s)", (area["id"], village["id"])) == 2

    empty = scratch(area["id"])
    r = committee.delete(f"/api/v1/grid/{empty['id']}")
    assert r.status_code == 204 and r.content == b""
    assert_error(committee.get(f"/api/v1/grid/{empty['id']}"), 404, "not_found")
    assert_error(committee.delete(f"/api/v1/grid/{empty['id']}"), 404, "not_found")
    assert sql_value("select count(*) from grid_node where id = %s", (empty["id"],)) == 0


def test_delete_refuses_a_node_that_tasks_name(committee, scratch, ids):
    village = scratch(scratch.area["id"])
    campaign = sql_value("select id from campaign where township_id = %s and name = %s",
                         (ids.township["difang"], DEMO_CAMPAIGN))
    if campaign is None:
        pytest.skip("no demo campaign")
    task = sql_value("insert into task (township_id, campaign_id, title, grid_node_id, target, deadline)"
                     " values (%s, %s, '网格删除测试', %s, 1, %s) returning id",
                     (ids.township["difang"], campaign, village["id"], day(30)))
    try:
        error = assert_error(committee.delete(f"/api/v1/grid/{village['id']}"), 409)
        assert "name the node" in error["message"]
        assert sql_value("select count(*) from grid_node where id = %s", (village["id"],)) == 1
    finally:
        sql("delete from task where id = %s", (task,))
