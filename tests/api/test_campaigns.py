"""Sectors, campaigns and working groups: the county's sector list, the launch
of a county campaign into township campaigns, the campaign life cycle and its
freeze when closed, and the working groups with the story's template.

Every campaign made here has a name of its own, so that the demo campaign
(checked at the end, as seeded by sql/seed/demo/10_campaign.sql) and other
modules' tests are undisturbed; sectors made here are removed afterwards.
"""
import os
import uuid

import pytest

from conftest import (DEMO_CAMPAIGN, OWNER_URL, REPO, assert_error, connect, in_year, signed_in, sql,
                      sql_value, year_end, year_start)

DEFAULT_SECTORS = ["non_coal_mine", "industry", "fire", "food", "road_traffic",
                   "hazardous_chemicals", "culture_education", "special_equipment",
                   "construction", "forest_fire", "tourism", "town_gas"]
CAMPAIGN_KEYS = {"id", "county_id", "township_id", "parent_id", "name", "description",
                 "starts_on", "ends_on", "status", "sector_ids", "township_campaigns", "version",
                 "created_at", "updated_at"}
GROUP_KEYS = {"id", "campaign_id", "township_id", "kind", "sector_id", "name", "leader_user_id",
              "member_ids", "departments", "version", "created_at", "updated_at"}


def tag():
    return uuid.uuid4().hex[:8]


def admin():
    return signed_in("admin")


def committee(town="difang"):
    return signed_in(f"{town}.committee")


def default_sector_ids(ids):
    return [ids.sector[code] for code in DEFAULT_SECTORS]


def launch(ids, **changes):
    """A county campaign launched by the county admin; its JSON."""
    body = {"name": f"测试行动{tag()}", "starts_on": in_year(3, 1), "ends_on": in_year(6, 30),
            "sector_ids": default_sector_ids(ids)}
    body.update(changes)
    r = admin().post("/api/v1/campaigns", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def township_campaign(county_campaign, township_id):
    """The township campaign that carries out county_campaign in the township, as its committee sees it."""
    ours = [t for t in county_campaign["township_campaigns"] if t["township_id"] == township_id]
    assert len(ours) == 1, county_campaign
    return ours[0]["id"]


def own_campaign(ids, town="difang", **changes):
    """A township campaign the committee makes for itself (no county campaign); its JSON."""
    body = {"name": f"镇行动{tag()}", "starts_on": in_year(2, 1), "ends_on": in_year(5, 31),
            "sector_ids": default_sector_ids(ids)}
    body.update(changes)
    r = committee(town).post("/api/v1/campaigns", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def patch(client, path, **changes):
    current = client.get(path)
    assert current.status_code == 200, current.text
    return client.patch(path, json={"version": current.json()["version"], **changes})


@pytest.fixture
def made_sectors(ids):
    """Codes of sectors a test creates: removed afterwards, so that 'all active
    sectors' stays the twelve defaults for every other test."""
    codes = []
    yield codes
    for code in codes:
        sql("delete from sector where county_id = %s and code = %s", (ids.county, code))


# --- Sectors --------------------------------------------------------------------------

def test_sector_list_is_the_countys_in_order_for_everyone(ids):
    for user in ("admin", "difang.committee", "difang.safety", "difang.ent1"):
        r = signed_in(user).get("/api/v1/sectors")
        assert r.status_code == 200, r.text
        body = r.json()
        assert set(body) == {"items", "next_cursor"} and body["next_cursor"] is None
        codes = [s["code"] for s in body["items"]]
        assert codes[:12] == DEFAULT_SECTORS
        first = body["items"][0]
        assert set(first) >= {"id", "code", "name", "position", "retired", "retired_at", "version"}
        assert first["name"] == "非煤矿山" and first["retired"] is False and first["retired_at"] is None
        keys = [(s["position"], s["id"]) for s in body["items"]]
        assert keys == sorted(keys)


def test_sector_list_pages_by_position(ids):
    client = signed_in("difang.safety")
    first = client.get("/api/v1/sectors", params={"limit": 5}).json()
    assert len(first["items"]) == 5 and first["next_cursor"]
    second = client.get("/api/v1/sectors", params={"limit": 5, "cursor": first["next_cursor"]}).json()
    codes = [s["code"] for s in first["items"] + second["items"]]
    assert codes == DEFAULT_SECTORS[:10]
    assert_error(client.get("/api/v1/sectors", params={"cursor": "12"}), 422, fields=["cursor"])
    assert_error(client.get("/api/v1/sectors", params={"include_retired": "yes"}), 422,
                 fields=["include_retired"])


def test_county_admin_creates_renames_and_retires_a_sector(ids, made_sectors):
    client = admin()
    code = f"mining_{tag()}"
    made_sectors.append(code)
    r = client.post("/api/v1/sectors", json={"code": code, "name": f"矿业{code[-8:]}"})
    assert r.status_code == 201, r.text
    sector = r.json()
    assert sector["code"] == code and sector["version"] == 1 and sector["retired"] is False
    assert sector["county_id"] == ids.county
    positions = [s["position"] for s in client.get("/api/v1/sectors").json()["items"]]
    assert sector["position"] == max(positions), "a sector without a position goes last"

    path = f"/api/v1/sectors/{sector['id']}"
    r = client.patch(path, json={"version": 1, "name": f"矿业改{code[-8:]}", "position": 99})
    assert r.status_code == 200, r.text
    assert r.json()["name"] == f"矿业改{code[-8:]}" and r.json()["position"] == 99
    assert r.json()["version"] == 2
    assert_error(client.patch(path, json={"version": 1, "name": "过期"}), 409, "stale_version")

    r = client.patch(path, json={"version": 2, "retired": True})
    assert r.status_code == 200, r.text
    retired = r.json()
    assert retired["retired"] is True and retired["retired_at"]
    seen = signed_in("difang.committee")
    assert sector["id"] not in [s["id"] for s in seen.get("/api/v1/sectors").json()["items"]]
    listed = seen.get("/api/v1/sectors", params={"include_retired": "true"}).json()["items"]
    assert [s for s in listed if s["id"] == sector["id"]][0]["retired"] is True
    # Retiring again keeps the first date; un-retiring clears it.
    again = client.patch(path, json={"version": 3, "retired": True}).json()
    assert again["retired_at"] == retired["retired_at"]
    r = client.patch(path, json={"version": 4, "retired": False})
    assert r.status_code == 200 and r.json()["retired_at"] is None
    audit = sql("select action from audit_log where entity_type = 'sector' and entity_id = %s"
                " order by id", (sector["id"],))
    assert [a["action"] for a in audit][:2] == ["sector.insert", "sector.update"]


def test_duplicate_sector_code_or_name_is_409_with_the_field(ids, made_sectors):
    client = admin()
    assert_error(client.post("/api/v1/sectors", json={"code": "fire", "name": f"新{tag()}"}),
                 409, "duplicate", ["code"])
    assert_error(client.post("/api/v1/sectors", json={"code": f"x_{tag()}", "name": "消防"}),
                 409, "duplicate", ["name"])
    code = f"dup_{tag()}"
    made_sectors.append(code)
    created = client.post("/api/v1/sectors", json={"code": code, "name": f"重名{code}"}).json()
    assert_error(client.patch(f"/api/v1/sectors/{created['id']}", json={"version": 1, "name": "消防"}),
                 409, "duplicate", ["name"])


@pytest.mark.parametrize("body,fields", [
    ({"name": "缺代码"}, ["code"]),
    ({"code": "Bad-Code", "name": "坏代码"}, ["code"]),
    ({"code": "ok_code", "name": ""}, ["name"]),
    ({"code": "ok_code", "name": "名" * 31}, ["name"]),
    ({"code": "ok_code", "name": "好", "position": -1}, ["position"]),
    ({"code": "ok_code", "name": "好", "colour": "red"}, ["colour"]),
])
def test_sector_create_validation(body, fields):
    assert_error(admin().post("/api/v1/sectors", json=body), 422, "validation_failed", fields)


def test_only_county_admins_manage_sectors(ids):
    fire = ids.sector["fire"]
    for user in ("difang.committee", "difang.supervisor", "difang.safety"):
        client = signed_in(user)
        assert_error(client.post("/api/v1/sectors", json={"code": f"c_{tag()}", "name": f"名{tag()}"}),
                     403, "forbidden")
        assert_error(client.patch(f"/api/v1/sectors/{fire}", json={"version": 1, "name": "改"}),
                     403, "forbidden")
    assert_error(admin().patch("/api/v1/sectors/2147483647", json={"version": 1}), 404, "not_found")


# --- Campaigns: launch and township campaigns ---------------------------------------------

def test_launch_creates_a_township_campaign_in_every_active_township(ids):
    sectors = [ids.sector["fire"], ids.sector["food"], ids.sector["industry"]]
    county = launch(ids, sector_ids=sectors, description="县里的说明", status="active")
    assert set(county) == CAMPAIGN_KEYS
    assert county["township_id"] is None and county["parent_id"] is None
    assert county["county_id"] == ids.county and county["status"] == "active"
    assert county["starts_on"] == in_year(3, 1) and county["ends_on"] == in_year(6, 30)
    assert county["sector_ids"] == sorted(sectors) and county["version"] == 1
    active = sql("select id from township where county_id = %s and active order by id", (ids.county,))
    assert len(county["township_campaigns"]) == len(active) >= 3
    assert sorted(t["township_id"] for t in county["township_campaigns"]) == [t["id"] for t in active]
    for entry in county["township_campaigns"]:
        assert entry["status"] == "active"
        own = admin().get(f"/api/v1/campaigns/{entry['id']}").json()
        assert own["parent_id"] == county["id"] and own["township_id"] == entry["township_id"]
        assert (own["name"], own["description"], own["starts_on"], own["ends_on"]) == \
            (county["name"], "县里的说明", in_year(3, 1), in_year(6, 30))
        assert own["sector_ids"] == sorted(sectors) and own["township_campaigns"] is None
    audit = sql_value("select count(*) from audit_log where action = 'campaign.insert'"
                      " and (entity_id = %s or (after->>'parent_id')::bigint = %s)",
                      (county["id"], county["id"]))
    assert audit == len(active) + 1


def test_launch_skips_inactive_townships_and_defaults_to_planned(ids):
    tid = sql_value("insert into township (county_id, name, code, slug, active)"
                    " values (%s, %s, %s, %s, false) returning id",
                    (ids.county, f"停用镇{tag()}", "3713269" + str(uuid.uuid4().int)[:5],
                     f"idle-{tag()}"))
    try:
        county = launch(ids, sector_ids=[])
        assert county["status"] == "planned" and county["sector_ids"] == []
        assert tid not in [t["township_id"] for t in county["township_campaigns"]]
    finally:
        sql("delete from campaign_sector where campaign_id in (select id from campaign where township_id = %s)", (tid,))
        sql("delete from campaign where township_id = %s", (tid,))
        sql("delete from township where id = %s", (tid,))


@pytest.mark.parametrize("changes,fields", [
    ({"name": None}, ["name"]),
    ({"starts_on": in_year(2, 30)}, ["starts_on"]),
    ({"ends_on": in_year(2, 1)}, ["ends_on"]),
    ({"status": "closed"}, ["status"]),
    ({"sector_ids": [2147483647]}, ["sector_ids"]),
    ({"sector_ids": ["fire"]}, ["sector_ids"]),
    ({"parent_id": 1}, ["parent_id"]),
    ({"name": "x" * 101}, ["name"]),
])
def test_campaign_create_validation(ids, changes, fields):
    body = {"name": f"坏行动{tag()}", "starts_on": in_year(3, 1), "ends_on": in_year(6, 30)}
    body.update(changes)
    body = {k: v for k, v in body.items() if v is not None}
    before = sql_value("select count(*) from campaign")
    assert_error(admin().post("/api/v1/campaigns", json=body), 422, "validation_failed", fields)
    assert sql_value("select count(*) from campaign") == before


def test_retired_sector_cannot_be_chosen_for_a_new_campaign(ids, made_sectors):
    code = f"old_{tag()}"
    made_sectors.append(code)
    sector = admin().post("/api/v1/sectors", json={"code": code, "name": f"旧{code}"}).json()
    admin().patch(f"/api/v1/sectors/{sector['id']}", json={"version": 1, "retired": True})
    assert_error(admin().post("/api/v1/campaigns", json={
        "name": f"旧领域{tag()}", "starts_on": in_year(3, 1), "ends_on": in_year(6, 30),
        "sector_ids": [sector["id"]]}), 422, fields=["sector_ids"])


def test_committee_creates_a_township_campaign_of_its_own(ids):
    campaign = own_campaign(ids, description=None, status="active",
                            sector_ids=[ids.sector["fire"]])
    assert campaign["township_id"] == ids.township["difang"] and campaign["parent_id"] is None
    assert campaign["status"] == "active" and campaign["sector_ids"] == [ids.sector["fire"]]
    assert campaign["township_campaigns"] is None
    # Its own township reads it; another township does not even see it.
    assert signed_in("difang.safety").get(f"/api/v1/campaigns/{campaign['id']}").status_code == 200
    for user in ("bailin.committee", "bailin.supervisor", "zhongcun.safety"):
        assert_error(signed_in(user).get(f"/api/v1/campaigns/{campaign['id']}"), 404, "not_found")
    assert admin().get(f"/api/v1/campaigns/{campaign['id']}").status_code == 200
    assert_error(committee().post("/api/v1/campaigns", json={"name": "缺日期"}), 422,
                 fields=["starts_on", "ends_on"])


def test_committee_carries_out_a_county_campaign_once(ids):
    county = launch(ids, sector_ids=[ids.sector["fire"], ids.sector["food"]])
    # The launch made difang's already: a second one for the same county campaign is refused.
    r = committee().post("/api/v1/campaigns", json={"parent_id": county["id"]})
    assert_error(r, 409, "duplicate", ["parent_id"])
    # Without the launched one, the committee makes it, copying name, period and sectors.
    sql("delete from campaign where parent_id = %s and township_id = %s",
        (county["id"], ids.township["difang"]))
    r = committee().post("/api/v1/campaigns", json={"parent_id": county["id"], "status": "active"})
    assert r.status_code == 201, r.text
    own = r.json()
    assert own["parent_id"] == county["id"] and own["township_id"] == ids.township["difang"]
    assert (own["name"], own["starts_on"], own["ends_on"]) == \
        (county["name"], county["starts_on"], county["ends_on"])
    assert own["sector_ids"] == county["sector_ids"]
    seen = committee().get(f"/api/v1/campaigns/{county['id']}").json()
    assert [t["township_id"] for t in seen["township_campaigns"]] == [ids.township["difang"]]


def test_committee_parent_must_be_a_county_campaign_of_its_county(ids):
    other = own_campaign(ids, town="bailin")
    mine = own_campaign(ids)
    for parent in (other["id"], mine["id"], 2147483647):
        r = committee().post("/api/v1/campaigns", json={"parent_id": parent})
        assert_error(r, 422, "validation_failed", ["parent_id"])


def test_only_county_admins_and_committees_create_campaigns():
    body = {"name": "无权", "starts_on": in_year(3, 1), "ends_on": in_year(6, 30)}
    for user in ("difang.supervisor", "difang.safety", "difang.ent1"):
        assert_error(signed_in(user).post("/api/v1/campaigns", json=body), 403, "forbidden")


# --- Campaigns: reading ---------------------------------------------------------------------

def test_campaign_list_filters_and_pages(ids):
    county = launch(ids)
    difang = township_campaign(county, ids.township["difang"])
    bailin = township_campaign(county, ids.township["bailin"])
    client = admin()

    def listed(**params):
        r = client.get("/api/v1/campaigns", params={"limit": 200, **params})
        assert r.status_code == 200, r.text
        return r.json()["items"]

    children = listed(parent_id=county["id"])
    assert {c["id"] for c in children} == {t["id"] for t in county["township_campaigns"]}
    county_level = listed(level="county")
    assert county["id"] in [c["id"] for c in county_level]
    assert all(c["township_id"] is None for c in county_level)
    township_level = listed(level="township")
    assert difang in [c["id"] for c in township_level] and county["id"] not in [c["id"] for c in township_level]
    assert all(c["township_id"] is not None for c in township_level)
    in_difang = listed(township_id=ids.township["difang"])
    assert difang in [c["id"] for c in in_difang] and bailin not in [c["id"] for c in in_difang]
    assert all(c["township_id"] == ids.township["difang"] for c in in_difang)
    planned = listed(status="planned")
    assert county["id"] in [c["id"] for c in planned] and all(c["status"] == "planned" for c in planned)
    assert county["id"] not in [c["id"] for c in listed(status="active")]

    ids_in_order, cursor = [], None
    while True:
        params = {"limit": 2, "parent_id": county["id"]}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/api/v1/campaigns", params=params).json()
        assert len(page["items"]) <= 2
        ids_in_order += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert ids_in_order == sorted(c["id"] for c in children)

    for bad in ({"status": "done"}, {"level": "village"}, {"township_id": "x"}, {"cursor": "abc"}):
        assert_error(client.get("/api/v1/campaigns", params=bad), 422, "validation_failed")


def test_townships_see_the_county_campaigns_and_their_own_only(ids):
    county = launch(ids)
    difang = township_campaign(county, ids.township["difang"])
    bailin = township_campaign(county, ids.township["bailin"])
    for user in ("difang.committee", "difang.supervisor", "difang.safety", "difang.ent1"):
        client = signed_in(user)
        items = client.get("/api/v1/campaigns", params={"parent_id": county["id"]}).json()["items"]
        assert [c["id"] for c in items] == [difang]
        assert client.get(f"/api/v1/campaigns/{county['id']}").status_code == 200
        assert_error(client.get(f"/api/v1/campaigns/{bailin}"), 404, "not_found")
        everything = client.get("/api/v1/campaigns", params={"limit": 200}).json()["items"]
        assert {c["township_id"] for c in everything} <= {None, ids.township["difang"]}


# --- Campaigns: changes, life cycle, the freeze ---------------------------------------------

def test_campaign_update_and_stale_version(ids):
    campaign = own_campaign(ids)
    path = f"/api/v1/campaigns/{campaign['id']}"
    client = committee()
    r = client.patch(path, json={"version": 1, "name": "改名后", "description": "说明",
                                 "ends_on": in_year(7, 31), "sector_ids": [ids.sector["food"]]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["name"], body["description"], body["ends_on"], body["version"]) == \
        ("改名后", "说明", in_year(7, 31), 2)
    assert body["sector_ids"] == [ids.sector["food"]]
    assert_error(client.patch(path, json={"version": 1, "name": "过期"}), 409, "stale_version")
    assert client.get(path).json()["name"] == "改名后"
    # Only sector_ids: still a new version.
    r = client.patch(path, json={"version": 2, "sector_ids": []})
    assert r.status_code == 200 and r.json()["sector_ids"] == [] and r.json()["version"] == 3


def test_campaign_period_must_not_end_before_it_starts(ids):
    campaign = own_campaign(ids)
    path = f"/api/v1/campaigns/{campaign['id']}"
    r = committee().patch(path, json={"version": 1, "ends_on": in_year(1, 31)})
    assert_error(r, 422, "validation_failed", ["ends_on"])
    # The table's check refuses it; the answer words it as the field's rule.
    assert r.json()["error"]["details"] == [
        {"field": "ends_on", "code": "before_start", "message": "must not be before starts_on"}]
    assert_error(committee().patch(path, json={"version": 1, "starts_on": in_year(6, 1)}), 422,
                 "validation_failed", ["ends_on"])
    r = committee().patch(path, json={"version": 1, "starts_on": in_year(5, 31)})
    assert r.status_code == 200, r.text


def test_who_may_change_which_campaign(ids):
    county = launch(ids)
    difang = township_campaign(county, ids.township["difang"])
    bailin = township_campaign(county, ids.township["bailin"])
    # The county admin edits the county campaign, not the townships'.
    assert patch(admin(), f"/api/v1/campaigns/{county['id']}", name="县里改").status_code == 200
    assert_error(patch(admin(), f"/api/v1/campaigns/{difang}", name="越级"), 403, "forbidden")
    # A committee edits its own township's, not the county's; another's is not there.
    assert patch(committee(), f"/api/v1/campaigns/{difang}", name="镇里改").status_code == 200
    assert_error(patch(committee(), f"/api/v1/campaigns/{county['id']}", name="越级"), 403, "forbidden")
    assert_error(committee().patch(f"/api/v1/campaigns/{bailin}", json={"version": 1, "name": "x"}),
                 404, "not_found")
    for user in ("difang.supervisor", "difang.safety"):
        assert_error(signed_in(user).patch(f"/api/v1/campaigns/{difang}", json={"version": 2}),
                     403, "forbidden")
    # The county's edit does not reach the township campaigns: they are their own.
    assert admin().get(f"/api/v1/campaigns/{bailin}").json()["name"] == county["name"]


def test_status_moves_forward_only_and_a_closed_campaign_is_frozen(ids):
    campaign = own_campaign(ids)
    path = f"/api/v1/campaigns/{campaign['id']}"
    client = committee()
    assert campaign["status"] == "planned"
    r = client.patch(path, json={"version": 1, "status": "active"})
    assert r.status_code == 200 and r.json()["status"] == "active"
    assert_error(client.patch(path, json={"version": 2, "status": "planned"}), 409, "bad_state",
                 ["status"])
    group = client.post(f"{path}/groups", json={"kind": "coordination", "name": "组织协调组"})
    assert group.status_code == 201, group.text
    group = group.json()
    r = client.patch(path, json={"version": 2, "status": "closed"})
    assert r.status_code == 200 and r.json()["status"] == "closed"
    version = r.json()["version"]

    for changes in ({"name": "关了还改"}, {"status": "active"}, {"status": "closed"}, {}):
        assert_error(client.patch(path, json={"version": version, **changes}), 409, "bad_state")
    assert_error(client.post(f"{path}/groups", json={"kind": "supervision", "name": "督查组"}),
                 409, "bad_state")
    assert_error(client.post(f"{path}/groups/from-template", json={}), 409, "bad_state")
    gpath = f"/api/v1/groups/{group['id']}"
    assert_error(client.patch(gpath, json={"version": group["version"], "name": "改"}), 409, "bad_state")
    assert_error(client.delete(gpath), 409, "bad_state")
    assert client.get(gpath).json() == group
    row = sql("select status, name, version from campaign where id = %s", (campaign["id"],))[0]
    assert (row["status"], row["name"], row["version"]) == ("closed", campaign["name"], version)
    # The database itself refuses, whoever asks.
    with pytest.raises(Exception, match="closed"):
        sql("update campaign set name = 'x' where id = %s", (campaign["id"],))


def test_planned_campaign_may_close_directly(ids):
    campaign = own_campaign(ids)
    r = committee().patch(f"/api/v1/campaigns/{campaign['id']}", json={"version": 1, "status": "closed"})
    assert r.status_code == 200 and r.json()["status"] == "closed"


# --- Working groups ---------------------------------------------------------------------------

def groups_of(client, campaign_id):
    r = client.get(f"/api/v1/campaigns/{campaign_id}/groups")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["next_cursor"] is None
    return body["items"]


def test_template_gives_the_storys_fourteen_groups_once(ids):
    campaign = own_campaign(ids, status="active")
    client = committee()
    leader = ids.user["difang.committee"]
    r = client.post(f"/api/v1/campaigns/{campaign['id']}/groups/from-template",
                    json={"leader_user_id": leader})
    assert r.status_code == 201, r.text
    groups = r.json()["items"]
    assert len(groups) == 14
    assert set(groups[0]) == GROUP_KEYS
    kinds = [g["kind"] for g in groups]
    assert kinds.count("sector") == 12 and kinds.count("supervision") == 1 and kinds.count("coordination") == 1
    names = {g["name"] for g in groups}
    assert {"非煤矿山专项工作组", "工业企业专项工作组", "城镇燃气专项工作组", "督查组", "组织协调组"} <= names
    assert sorted(g["sector_id"] for g in groups if g["kind"] == "sector") == sorted(default_sector_ids(ids))
    assert all(g["sector_id"] is None for g in groups if g["kind"] != "sector")
    assert all(g["leader_user_id"] == leader and g["campaign_id"] == campaign["id"] for g in groups)
    assert all(g["township_id"] == ids.township["difang"] for g in groups)

    again = client.post(f"/api/v1/campaigns/{campaign['id']}/groups/from-template", json={})
    assert again.status_code == 200, again.text
    assert again.json()["items"] == groups
    assert groups_of(signed_in("difang.safety"), campaign["id"]) == groups


def test_template_follows_the_campaigns_sectors_and_skips_what_exists(ids):
    sectors = [ids.sector["fire"], ids.sector["food"], ids.sector["tourism"]]
    campaign = own_campaign(ids, sector_ids=sectors)
    client = committee()
    base = f"/api/v1/campaigns/{campaign['id']}/groups"
    fire = client.post(base, json={"kind": "sector", "sector_id": ids.sector["fire"], "name": "消防大队"})
    assert fire.status_code == 201, fire.text
    supervision = client.post(base, json={"kind": "supervision", "name": "纪委督查组"})
    assert supervision.status_code == 201, supervision.text
    r = client.post(f"{base}/from-template", json={})
    assert r.status_code == 201, r.text
    groups = r.json()["items"]
    assert sorted(g["name"] for g in groups) == sorted(
        ["消防大队", "纪委督查组", "食品安全专项工作组", "旅游专项工作组", "组织协调组"])


def test_group_create_read_update_delete(ids, make_user):
    campaign = own_campaign(ids)
    client = committee()
    member = make_user(role="department")["id"]
    body = {"kind": "sector", "sector_id": ids.sector["non_coal_mine"], "name": "非煤矿山专项工作组",
            "leader_user_id": ids.user["difang.safety"],
            "member_ids": [member, ids.user["difang.supervisor"], member],
            "departments": ["纪委", "派出所", "安监", "工商"]}
    r = client.post(f"/api/v1/campaigns/{campaign['id']}/groups", json=body)
    assert r.status_code == 201, r.text
    group = r.json()
    assert set(group) == GROUP_KEYS
    assert (group["kind"], group["sector_id"], group["name"], group["leader_user_id"]) == \
        ("sector", ids.sector["non_coal_mine"], "非煤矿山专项工作组", ids.user["difang.safety"])
    assert group["member_ids"] == sorted({member, ids.user["difang.supervisor"]})
    assert group["departments"] == ["纪委", "派出所", "安监", "工商"] and group["version"] == 1
    path = f"/api/v1/groups/{group['id']}"
    for user in ("difang.committee", "difang.supervisor", "difang.safety", "admin"):
        assert signed_in(user).get(path).json() == group

    r = client.patch(path, json={"version": 1, "member_ids": [ids.user["difang.committee"]],
                                 "leader_user_id": None, "departments": [], "name": "矿山组"})
    assert r.status_code == 200, r.text
    changed = r.json()
    assert changed["member_ids"] == [ids.user["difang.committee"]]
    assert changed["leader_user_id"] is None and changed["departments"] == []
    assert changed["name"] == "矿山组" and changed["version"] == 2
    # Without member_ids the members stay; a new sector of the campaign is fine.
    r = client.patch(path, json={"version": 2, "sector_id": ids.sector["industry"]})
    assert r.status_code == 200 and r.json()["member_ids"] == [ids.user["difang.committee"]]
    assert r.json()["sector_id"] == ids.sector["industry"]
    assert_error(client.patch(path, json={"version": 2, "name": "过期"}), 409, "stale_version")

    r = client.delete(path)
    assert r.status_code == 204, r.text
    assert_error(client.get(path), 404, "not_found")
    assert_error(client.delete(path), 404, "not_found")
    assert sql_value("select count(*) from group_member where group_id = %s", (group["id"],)) == 0


def test_group_validation(ids, made_sectors):
    campaign = own_campaign(ids, sector_ids=[ids.sector["fire"], ids.sector["food"]])
    client = committee()
    base = f"/api/v1/campaigns/{campaign['id']}/groups"
    code = f"gone_{tag()}"
    made_sectors.append(code)
    retired = admin().post("/api/v1/sectors", json={"code": code, "name": f"退{code}"}).json()
    admin().patch(f"/api/v1/sectors/{retired['id']}", json={"version": 1, "retired": True})
    fire = ids.sector["fire"]
    cases = [
        ({"kind": "sector", "name": "无领域"}, ["sector_id"]),
        ({"kind": "supervision", "sector_id": fire, "name": "多余领域"}, ["sector_id"]),
        ({"kind": "sector", "sector_id": ids.sector["tourism"], "name": "不在行动里"}, ["sector_id"]),
        ({"kind": "sector", "sector_id": retired["id"], "name": "退役领域"}, ["sector_id"]),
        ({"kind": "team", "name": "坏类型"}, ["kind"]),
        ({"kind": "coordination"}, ["name"]),
        ({"kind": "coordination", "name": "x" * 61}, ["name"]),
        ({"kind": "coordination", "name": "别镇组长", "leader_user_id": ids.user["bailin.safety"]},
         ["leader_user_id"]),
        ({"kind": "coordination", "name": "企业组长", "leader_user_id": ids.user["difang.ent1"]},
         ["leader_user_id"]),
        ({"kind": "coordination", "name": "县管理员", "member_ids": [ids.user["admin"]]}, ["member_ids"]),
        ({"kind": "coordination", "name": "坏成员", "member_ids": ["difang.safety"]}, ["member_ids"]),
        ({"kind": "coordination", "name": "坏成员", "member_ids": {"a": 1}}, ["member_ids"]),
        ({"kind": "coordination", "name": "坏部门", "departments": ["纪委", ""]}, ["departments"]),
        ({"kind": "coordination", "name": "坏部门", "departments": [1]}, ["departments"]),
        ({"kind": "coordination", "name": "坏部门", "departments": ["部" * 31]}, ["departments"]),
    ]
    for body, fields in cases:
        assert_error(client.post(base, json=body), 422, "validation_failed", fields)
    assert groups_of(client, campaign["id"]) == []

    first = client.post(base, json={"kind": "sector", "sector_id": fire, "name": "消防组"})
    assert first.status_code == 201, first.text
    assert_error(client.post(base, json={"kind": "sector", "sector_id": fire, "name": "另一个消防组"}),
                 409, "duplicate", ["sector_id"])
    assert_error(client.post(base, json={"kind": "coordination", "name": "消防组"}),
                 409, "duplicate", ["name"])
    other = client.post(base, json={"kind": "coordination", "name": "协调组"}).json()
    gpath = f"/api/v1/groups/{other['id']}"
    assert_error(client.patch(gpath, json={"version": 1, "name": "消防组"}), 409, "duplicate", ["name"])
    assert_error(client.patch(gpath, json={"version": 1, "sector_id": fire}), 422, fields=["sector_id"])
    assert_error(client.patch(gpath, json={"version": 1, "member_ids": [ids.user["zhongcun.safety"]]}),
                 422, fields=["member_ids"])
    assert_error(client.patch(gpath, json={"name": "无版本"}), 422, fields=["version"])
    assert client.get(gpath).json() == other


def test_groups_of_another_township_are_not_there(ids):
    campaign = own_campaign(ids, town="bailin")
    client = committee("bailin")
    group = client.post(f"/api/v1/campaigns/{campaign['id']}/groups",
                        json={"kind": "coordination", "name": "柏林协调组"}).json()
    for user in ("difang.committee", "difang.supervisor", "difang.safety"):
        other = signed_in(user)
        assert_error(other.get(f"/api/v1/campaigns/{campaign['id']}/groups"), 404, "not_found")
        assert_error(other.get(f"/api/v1/groups/{group['id']}"), 404, "not_found")
    mine = committee()
    assert_error(mine.post(f"/api/v1/campaigns/{campaign['id']}/groups",
                           json={"kind": "supervision", "name": "越界"}), 404, "not_found")
    assert_error(mine.post(f"/api/v1/campaigns/{campaign['id']}/groups/from-template", json={}),
                 404, "not_found")
    assert_error(mine.patch(f"/api/v1/groups/{group['id']}", json={"version": 1, "name": "越界"}),
                 404, "not_found")
    assert_error(mine.delete(f"/api/v1/groups/{group['id']}"), 404, "not_found")
    assert client.get(f"/api/v1/groups/{group['id']}").json() == group


def test_groups_belong_to_township_campaigns_and_to_the_committee(ids):
    county = launch(ids)
    # A county campaign has no groups: its list is empty and it takes none.
    assert groups_of(admin(), county["id"]) == []
    assert groups_of(committee(), county["id"]) == []
    assert_error(committee().post(f"/api/v1/campaigns/{county['id']}/groups",
                                  json={"kind": "coordination", "name": "县级组"}),
                 422, "validation_failed", ["campaign_id"])
    assert_error(committee().post(f"/api/v1/campaigns/{county['id']}/groups/from-template", json={}),
                 422, "validation_failed", ["campaign_id"])
    difang = township_campaign(county, ids.township["difang"])
    for user in ("admin", "difang.supervisor", "difang.safety"):
        client = signed_in(user)
        assert_error(client.post(f"/api/v1/campaigns/{difang}/groups",
                                 json={"kind": "coordination", "name": "无权"}), 403, "forbidden")
        assert_error(client.post(f"/api/v1/campaigns/{difang}/groups/from-template", json={}),
                     403, "forbidden")
    assert_error(signed_in("difang.ent1").get(f"/api/v1/campaigns/{difang}/groups"), 403, "forbidden")
    assert_error(committee().get("/api/v1/campaigns/2147483647/groups"), 404, "not_found")


# --- The demo campaign ----------------------------------------------------------------------

def test_demo_campaign_is_seeded_with_its_groups(ids):
    county = [c for c in admin().get("/api/v1/campaigns", params={"level": "county", "limit": 200}
                                     ).json()["items"] if c["name"] == DEMO_CAMPAIGN]
    assert len(county) == 1
    county = county[0]
    assert (county["starts_on"], county["ends_on"], county["status"]) == (year_start(), year_end(), "active")
    assert county["sector_ids"] == sorted(default_sector_ids(ids))
    towns = {t["township_id"]: t for t in county["township_campaigns"]}
    for town in ("difang", "bailin", "zhongcun"):
        entry = towns[ids.township[town]]
        assert entry["status"] == "active"
        campaign = committee(town).get(f"/api/v1/campaigns/{entry['id']}").json()
        assert campaign["name"] == DEMO_CAMPAIGN and campaign["parent_id"] == county["id"]
        groups = groups_of(signed_in(f"{town}.supervisor"), entry["id"])
        assert len(groups) == 14
        by_name = {g["name"]: g for g in groups}
        assert by_name["组织协调组"]["leader_user_id"] == ids.user[f"{town}.committee"]
        assert by_name["督查组"]["leader_user_id"] == ids.user[f"{town}.supervisor"]
        assert by_name["非煤矿山专项工作组"]["leader_user_id"] == ids.user[f"{town}.safety"]
        assert by_name["工业企业专项工作组"]["leader_user_id"] == ids.user[f"{town}.safety"]
        assert ids.user[f"{town}.safety"] in by_name["组织协调组"]["member_ids"]
        assert all(g["departments"] for g in groups)
        # The template finds nothing to add to the seeded structure.
        again = committee(town).post(f"/api/v1/campaigns/{entry['id']}/groups/from-template", json={})
        assert again.status_code == 200 and len(again.json()["items"]) == 14


def test_demo_campaign_seed_is_safe_to_run_again():
    """sql/seed/demo/10_campaign.sql run a second time, as seed-demo runs it (the
    owner role, one transaction), adds nothing."""
    with open(os.path.join(REPO, "sql", "seed", "demo", "10_campaign.sql"), encoding="utf-8") as f:
        seed = f.read()
    counts = ("select (select count(*) from campaign where name = %s),"
              " (select count(*) from campaign_sector cs join campaign c on c.id = cs.campaign_id"
              "   where c.name = %s),"
              " (select count(*) from working_group g join campaign c on c.id = g.campaign_id"
              "   where c.name = %s),"
              " (select count(*) from group_member m join working_group g on g.id = m.group_id"
              "   join campaign c on c.id = g.campaign_id where c.name = %s)")
    conn = connect(OWNER_URL, autocommit=False)
    try:
        with conn.cursor() as cur:
            cur.execute(counts, (DEMO_CAMPAIGN,) * 4)
            before = cur.fetchone()
            cur.execute(seed)
            cur.execute(counts, (DEMO_CAMPAIGN,) * 4)
            after = cur.fetchone()
    finally:
        conn.rollback()
        conn.close()
    assert before == after
    assert before == (4, 4 * 12, 3 * 14, 3 * 16)


def test_a_closed_campaigns_groups_answer_with_the_guards_message_in_either_language(ids):
    """The database's guard is the one check of a closed campaign: its message, through the message table."""
    campaign = own_campaign(ids, status="active")
    client = committee()
    group = client.post(f"/api/v1/campaigns/{campaign['id']}/groups", json={"kind": "coordination", "name": "组织协调组"})
    assert group.status_code == 201, group.text
    group = group.json()
    r = client.patch(f"/api/v1/campaigns/{campaign['id']}", json={"version": campaign["version"], "status": "closed"})
    assert r.status_code == 200, r.text
    writes = [("POST", f"/api/v1/campaigns/{campaign['id']}/groups", {"kind": "supervision", "name": "督查组"}),
              ("PATCH", f"/api/v1/groups/{group['id']}", {"version": group["version"], "name": "改"})]
    for method, path, body in writes:
        en = client.request(method, path, json=body)
        zh = client.request(method, path, json=body, headers={"Accept-Language": "zh-CN"})
        assert_error(en, 409, "bad_state")
        assert_error(zh, 409, "bad_state")
        assert en.json()["error"]["message"] == "the campaign is closed and can no longer change"
        assert zh.json()["error"]["message"] == "攻坚行动已结束，不能再修改"
