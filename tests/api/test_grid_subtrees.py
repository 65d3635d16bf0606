"""Each grid node's subtree (0042: grid_subtree), the ids of the node and of
every node below it, kept by the grid's writes so that a list's grid_node_id
filter reads it by the node's key instead of working it out per request.

After a mixed series of the grid's writes through the API -- work areas and
villages created, a village moved from one work area to another and back, a
rename, a node deleted -- and one in SQL under session_replication_role =
replica, every stored subtree equals the one app.grid_subtrees_computed()
makes from the rows, and there is no node without a subtree nor a subtree
without a node.  The hazard and enterprise lists filtered by a work area
follow its village as it moves; a subtree altered in the store shows in the
lists, so they read the store; and a node of another township, or any node
to an enterprise user, filters to nothing.
"""
from conftest import signed_in, sql, sql_value
from test_grid import add_enterprise, committee, root_id, scratch  # noqa: F401 (fixtures)
from test_oversight import hazards  # noqa: F401 (fixtures)

ENTERPRISES = "/api/v1/enterprises"


def assert_subtrees_equal_the_rows():
    differing = [r["id"] for r in sql("select id from app.grid_subtrees_differing() id")]
    assert differing == [], f"grid nodes whose stored subtree is not the one computed from the rows: {differing}"


def listed(client, path, node):
    """The ids the list shows with grid_node_id=node, every page."""
    r = client.get(path, params={"grid_node_id": node, "limit": 100})
    assert r.status_code == 200, r.text
    assert r.json()["next_cursor"] is None, "a scratch subtree fits one page"
    return {item["id"] for item in r.json()["items"]}


def test_every_stored_subtree_equals_the_rows_after_the_grids_writes(committee, scratch, ids):  # noqa: F811
    area_a = scratch.area
    area_b = scratch(root_id("difang"), "work_area")
    village = scratch(area_a["id"])
    gone = scratch(area_b["id"])
    firm = add_enterprise(ids, village["id"])
    try:
        assert listed(committee, ENTERPRISES, area_a["id"]) == {firm}
        assert listed(committee, ENTERPRISES, area_b["id"]) == set()

        r = committee.patch(f"/api/v1/grid/{village['id']}", json={"version": 1, "parent_id": area_b["id"]})
        assert r.status_code == 200, r.text
        assert listed(committee, ENTERPRISES, area_a["id"]) == set()
        assert listed(committee, ENTERPRISES, area_b["id"]) == {firm}
        assert listed(committee, ENTERPRISES, village["id"]) == {firm}
        assert listed(committee, ENTERPRISES, root_id("difang")) >= {firm}

        r = committee.patch(f"/api/v1/grid/{village['id']}", json={"version": 2, "name": "搬过的村"})
        assert r.status_code == 200, r.text
        r = committee.patch(f"/api/v1/grid/{village['id']}", json={"version": 3, "parent_id": area_a["id"]})
        assert r.status_code == 200, r.text
        assert committee.delete(f"/api/v1/grid/{gone['id']}").status_code == 204
        assert sql_value("select count(*) from grid_subtree where node_id = %s", (gone["id"],)) == 0
        assert sql_value("select ids from grid_subtree where node_id = %s", (area_b["id"],)) == [area_b["id"]]
        assert listed(committee, ENTERPRISES, area_a["id"]) == {firm}
        assert listed(committee, ENTERPRISES, area_b["id"]) == set()

        # A write the triggers must see even with the replication role's triggers off.
        sql("begin; set local session_replication_role = replica;"
            " update grid_node set parent_id = %s where id = %s; commit;", (area_b["id"], village["id"]))
        assert listed(committee, ENTERPRISES, area_b["id"]) == {firm}
        assert_subtrees_equal_the_rows()
        assert sql_value("select count(*) from grid_node g"
                         " where not exists (select 1 from grid_subtree s where s.node_id = g.id)") == 0
    finally:
        sql("delete from enterprise where id = %s", (firm,))


def test_the_lists_read_the_stored_subtree(committee, scratch, ids, hazards):  # noqa: F811
    """A subtree altered in the store shows in both lists: they read it, not the grid."""
    area = scratch.area
    village = scratch(area["id"])
    hazard = hazards()
    sql("update hazard set grid_node_id = %s where id = %s", (village["id"], hazard))
    assert hazard in listed(committee, "/api/v1/hazards", area["id"])
    sql("update grid_subtree set ids = array[%s::bigint] where node_id = %s", (area["id"], area["id"]))
    try:
        assert hazard not in listed(committee, "/api/v1/hazards", area["id"])
        assert hazard in listed(committee, "/api/v1/hazards", village["id"])
    finally:
        sql("select app.grid_subtrees_rebuild()")
    assert hazard in listed(committee, "/api/v1/hazards", area["id"])
    assert_subtrees_equal_the_rows()


def test_a_subtree_is_read_as_its_node_is(committee, ids, hazards):  # noqa: F811
    """Another township's node, or any node to an enterprise's user, filters to nothing."""
    hazard = hazards()
    own_root = root_id("difang")
    assert hazard in listed(committee, "/api/v1/hazards", own_root)
    other = signed_in("bailin.committee")
    assert listed(other, "/api/v1/hazards", own_root) == set()
    assert listed(other, ENTERPRISES, own_root) == set()
    enterprise = signed_in("difang.ent1")
    assert enterprise.get("/api/v1/hazards", params={"limit": 100}).json()["items"], \
        "the enterprise's user sees its hazards unfiltered"
    assert listed(enterprise, "/api/v1/hazards", own_root) == set()
