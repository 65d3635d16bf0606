"""Checklist templates (安全生产大检查登记表): the county's default template of 5
categories and 43 items, drafts and versions written by county admins, and
publishing that never changes what inspections made with an older version
show.

Tests write templates of their own codes (never township-registration, which
the other tests inspect with) and remove them afterwards.
"""
import uuid

import psycopg2
import pytest

from conftest import PG_URL, assert_error, day, signed_in, sql, sql_value
from test_inspections import (CODES, INSPECTIONS, campaign_of, default_template, enterprise_of,
                              items_of, remove_inspections)

CHECKLISTS = "/api/v1/checklists"
CATEGORIES = ["责任与制度", "人员、培训与持证", "设备设施与作业现场", "消防安全与应急", "危险物品与特种作业"]
SECTORS = {"non_coal_mine", "industry", "fire", "food", "road_traffic", "hazardous_chemicals",
           "culture_education", "special_equipment", "construction", "forest_fire", "tourism", "town_gas"}
LIST_FIELDS = {"id", "county_id", "code", "version", "name", "status", "published_at", "categories_count",
               "items_count", "row_version", "created_at", "updated_at"}
ITEM_FIELDS = {"id", "code", "position", "text", "sector_codes", "sector_ids", "default_severity",
               "major_criterion"}


def admin():
    return signed_in("admin")


def remove_templates(template_ids):
    if template_ids:
        sql("begin; set local session_replication_role = replica;"
            " delete from checklist_item where checklist_id = any(%(ids)s);"
            " delete from checklist_category where checklist_id = any(%(ids)s);"
            " delete from checklist where id = any(%(ids)s);"
            " commit;", {"ids": list(template_ids)})


def categories(*spec):
    """categories(("名称", ["A01", "A02"]), ...) -> a categories body with made-up texts."""
    return [{"name": name, "items": [{"code": code, "text": f"检查项{code}：是否符合要求"} for code in codes]}
            for name, codes in spec]


@pytest.fixture
def make():
    """make(**body) -> the response of a POST /checklists by the county admin; the templates
    it makes (and their copies, by code) are removed afterwards."""
    codes = []

    def create(client=None, **body):
        if "from_id" not in body:
            body.setdefault("code", f"test-{uuid.uuid4().hex[:8]}")
            body.setdefault("name", "测试检查表")
            body.setdefault("categories", categories(("基础管理", ["A01", "A02"]), ("现场", ["B01"])))
        r = (client or admin()).post(CHECKLISTS, json=body)
        if r.status_code == 201:
            codes.append(r.json()["code"])
        return r

    yield create
    remove_templates([r["id"] for r in sql("select id from checklist where code = any(%s)", (codes,))])


# --- The default template -----------------------------------------------------------------

def test_the_default_template_is_the_township_registration_form():
    r = signed_in("difang.safety").get(CHECKLISTS, params={"code": "township-registration"})
    assert r.status_code == 200, r.text
    (listed,) = r.json()["items"]
    assert set(listed) == LIST_FIELDS
    assert (listed["version"], listed["status"], listed["name"]) == (1, "published", "安全生产大检查登记表")
    assert (listed["categories_count"], listed["items_count"]) == (5, 43)
    assert listed["published_at"] is not None and listed["id"] == default_template()

    template = signed_in("difang.ent1").get(f"{CHECKLISTS}/{listed['id']}").json()
    assert [c["name"] for c in template["categories"]] == CATEGORIES
    assert [len(c["items"]) for c in template["categories"]] == [8, 7, 12, 9, 7]
    assert [c["position"] for c in template["categories"]] == [1, 2, 3, 4, 5]
    items = [i for c in template["categories"] for i in c["items"]]
    assert [i["code"] for i in items] == CODES
    assert [i["position"] for i in items] == list(range(1, 44))
    sector_ids = {r["code"]: r["id"] for r in sql(
        "select s.code, s.id from sector s join county c on c.id = s.county_id where c.code = '371326'")}
    for item in items:
        assert set(item) == ITEM_FIELDS
        assert 10 <= len(item["text"]) <= 300 and ("是否" in item["text"] or "有无" in item["text"])
        assert set(item["sector_codes"]) <= SECTORS
        assert sorted(item["sector_ids"]) == sorted(sector_ids[c] for c in item["sector_codes"])
        assert item["default_severity"] in ("general", "major")
        if item["major_criterion"]:
            assert item["default_severity"] == "major"
    majors = {i["code"] for i in items if i["major_criterion"]}
    assert {"A05", "C04", "D03", "E02", "E03", "E04"} <= majors and len(majors) <= 15
    assert any(i["sector_codes"] == [] for i in items) and any(i["sector_codes"] for i in items)
    texts = {i["code"]: i["text"] for i in items}
    assert "特种作业人员" in texts["B03"] and "持证上岗" in texts["B03"]
    assert texts["D02"] == "消防通道、安全出口是否畅通，有无占用、堵塞、封闭"
    assert texts["E01"] == "危险化学品是否专库专人管理，出入库台账是否完整"


def test_every_county_has_the_default_template_new_ones_too():
    assert sql_value("select count(*) from county k where not exists (select 1 from checklist c"
                     " where c.county_id = k.id and c.code = 'township-registration'"
                     " and c.status = 'published')") == 0
    # A county made now gets it from the trigger (in a transaction rolled back).
    conn = psycopg2.connect(PG_URL)
    try:
        with conn.cursor() as cur:
            cur.execute("insert into county (name, code) values ('检查表测试县', '999321') returning id")
            county = cur.fetchone()[0]
            cur.execute("select c.version, c.status, c.name,"
                        " (select count(*) from checklist_category g where g.checklist_id = c.id),"
                        " (select count(*) from checklist_item i where i.checklist_id = c.id)"
                        " from checklist c where c.county_id = %s and c.code = 'township-registration'",
                        (county,))
            assert cur.fetchall() == [(1, "published", "安全生产大检查登记表", 5, 43)]
    finally:
        conn.rollback()
        conn.close()


def test_a_published_template_is_frozen_in_the_database_too():
    item = sql_value("select id from checklist_item where checklist_id = %s and code = 'A01'", (default_template(),))
    with pytest.raises(psycopg2.Error) as refused:
        sql("update checklist_item set text = '改过的' where id = %s", (item,))
    assert refused.value.pgcode == "SG409"
    with pytest.raises(psycopg2.Error) as refused:
        sql("update checklist set name = '改过的' where id = %s", (default_template(),))
    assert refused.value.pgcode == "SG409"


# --- Lists --------------------------------------------------------------------------------

def test_the_list_filters_by_code_and_status(make):
    draft = make().json()
    c = admin()
    def ids(**params):
        r = c.get(CHECKLISTS, params=params)
        assert r.status_code == 200, r.text
        return [t["id"] for t in r.json()["items"]]
    assert ids(code=draft["code"]) == [draft["id"]]
    assert draft["id"] in ids(status="draft") and default_template() not in ids(status="draft")
    assert default_template() in ids(status="published") and draft["id"] not in ids(status="published")
    listed = ids()
    assert listed == sorted(listed)
    first = c.get(CHECKLISTS, params={"limit": 1}).json()
    assert len(first["items"]) == 1 and first["next_cursor"] == str(first["items"][0]["id"])
    assert_error(c.get(CHECKLISTS, params={"status": "old"}), 422, "validation_failed", ["status"])
    assert_error(c.get(CHECKLISTS, params={"cursor": "x"}), 422, "validation_failed", ["cursor"])


# --- Writing drafts -----------------------------------------------------------------------

def test_a_county_admin_writes_a_draft(make):
    body = {"code": f"test-{uuid.uuid4().hex[:8]}", "name": "燃气专项检查表", "categories": [
        {"name": "燃气设施", "items": [
            {"code": "G01", "text": "是否安装可燃气体报警装置", "sector_codes": ["town_gas", "food"]},
            {"code": "G02", "text": "气瓶是否超期未检", "major_criterion": True}]},
        {"name": "管理", "items": [{"code": "M01", "text": "是否建立巡检记录", "default_severity": "major"}]}]}
    r = make(**body)
    assert r.status_code == 201, r.text
    draft = r.json()
    assert (draft["version"], draft["status"], draft["published_at"]) == (1, "draft", None)
    assert (draft["categories_count"], draft["items_count"]) == (2, 3)
    items = {i["code"]: i for c in draft["categories"] for i in c["items"]}
    assert [i["position"] for i in items.values()] == [1, 2, 3]
    assert items["G01"]["sector_codes"] == ["town_gas", "food"] and len(items["G01"]["sector_ids"]) == 2
    assert (items["G01"]["default_severity"], items["G01"]["major_criterion"]) == ("general", False)
    assert (items["G02"]["default_severity"], items["G02"]["major_criterion"]) == ("major", True)
    assert (items["M01"]["default_severity"], items["M01"]["major_criterion"]) == ("major", False)
    audited = sql_value("select count(*) from audit_log where entity_type = 'checklist' and entity_id = %s"
                        " and action = 'checklist.insert'", (draft["id"],))
    assert audited == 1

    # The same code again: the next version.
    again = make(code=body["code"])
    assert again.status_code == 201 and again.json()["version"] == 2


@pytest.mark.parametrize("username", ["difang.committee", "difang.safety", "difang.ent1"])
def test_only_county_admins_write_templates(make, username):
    assert_error(make(client=signed_in(username)), 403, "forbidden")
    assert_error(signed_in(username).post(f"{CHECKLISTS}/{default_template()}/publish"), 403, "forbidden")


def test_invalid_drafts_are_422(make):
    def refused(fields, **body):
        assert_error(make(**body), 422, "validation_failed", fields)

    assert_error(admin().post(CHECKLISTS, json={}), 422, "validation_failed", ["code", "name", "categories"])
    refused(["code"], code="Bad Code")
    refused(["categories"], categories=[])
    refused(["categories[0].items"], categories=[{"name": "空", "items": []}])
    refused(["categories[0].name"], categories=[{"items": [{"code": "A01", "text": "x"}]}])
    refused(["categories[1]"], categories=categories(("一", ["A01"])) + ["二"])
    refused(["categories[0].items[0].code"], categories=categories(("一", ["a1x"])))
    refused(["categories[0].items[1].code"], categories=categories(("一", ["A01", "A1"])))
    refused(["categories[1].items[0].code"], categories=categories(("一", ["A01"]), ("二", ["A01"])))
    refused(["categories[0].items[0].sector_codes"],
            categories=[{"name": "一", "items": [{"code": "A01", "text": "x", "sector_codes": ["mars"]}]}])
    refused(["categories[0].items[0].sector_codes"],
            categories=[{"name": "一", "items": [{"code": "A01", "text": "x", "sector_codes": [1]}]}])
    refused(["categories[0].items[0].default_severity"],
            categories=[{"name": "一", "items": [{"code": "A01", "text": "x", "major_criterion": True,
                                                 "default_severity": "general"}]}])
    refused(["categories[0].items[0].colour"],
            categories=[{"name": "一", "items": [{"code": "A01", "text": "x", "colour": "red"}]}])
    refused(["from_id"], from_id=999999999)
    refused(["categories", "code"], from_id=default_template(), code="test-x",
            categories=categories(("一", ["A01"])))
    assert sql_value("select count(*) from checklist where name = '测试检查表' and code = 'test-x'") == 0


def test_a_draft_is_edited_wholesale_with_its_row_version(make):
    draft = make().json()
    path = f"{CHECKLISTS}/{draft['id']}"
    c = admin()
    r = c.patch(path, json={"row_version": draft["row_version"], "name": "改名的检查表",
                            "categories": categories(("新分类", ["N01", "N02", "N03"]))})
    assert r.status_code == 200, r.text
    edited = r.json()
    assert edited["name"] == "改名的检查表" and edited["row_version"] == draft["row_version"] + 1
    assert [(g["name"], [i["code"] for i in g["items"]]) for g in edited["categories"]] == \
        [("新分类", ["N01", "N02", "N03"])]
    assert sql_value("select count(*) from checklist_item where checklist_id = %s", (draft["id"],)) == 3
    # The name alone leaves the items as they are.
    r = c.patch(path, json={"row_version": edited["row_version"], "name": "再改名"})
    assert r.status_code == 200 and r.json()["items_count"] == 3
    assert_error(c.patch(path, json={"row_version": draft["row_version"], "name": "过期"}), 409, "stale_version")
    assert_error(c.patch(path, json={"name": "无版本"}), 422, "validation_failed", ["row_version"])
    assert_error(c.patch(path, json={"row_version": r.json()["row_version"],
                                     "categories": categories(("一", ["A01", "A01"]))}),
                 422, "validation_failed", ["categories[0].items[1].code"])
    assert_error(c.patch(f"{CHECKLISTS}/999999999", json={"row_version": 1}), 404, "not_found")
    assert sql_value("select name from checklist where id = %s", (draft["id"],)) == "再改名"


# --- Publishing and versions --------------------------------------------------------------

def test_publishing_freezes_a_version_and_retires_the_one_before(make):
    c = admin()
    v1 = make(categories=categories(("基础管理", ["A01", "A02"]), ("现场", ["B01"]))).json()
    r = c.post(f"{CHECKLISTS}/{v1['id']}/publish")
    assert r.status_code == 200, r.text
    v1 = r.json()
    assert v1["status"] == "published" and v1["published_at"] is not None

    # Published: frozen, whatever the change.
    path = f"{CHECKLISTS}/{v1['id']}"
    assert_error(c.patch(path, json={"row_version": v1["row_version"], "name": "改"}), 409, "bad_state")
    assert_error(c.patch(path, json={"row_version": v1["row_version"],
                                     "categories": categories(("一", ["A01"]))}), 409, "bad_state")
    assert_error(c.post(path + "/publish"), 409, "bad_state")
    assert sql_value("select count(*) from checklist_item where checklist_id = %s", (v1["id"],)) == 3

    # An inspection made with v1 (the township may name any published template).
    campaign = campaign_of("difang")
    safety = signed_in("difang.safety")
    made = safety.post(INSPECTIONS, json={"enterprise_id": enterprise_of("difang.ent1"), "campaign_id": campaign,
                                          "kind": "routine", "inspected_on": day(), "checklist_id": v1["id"]})
    assert made.status_code == 201, made.text
    inspection = made.json()
    try:
        assert list(items_of(inspection)) == ["A01", "A02", "B01"]
        assert safety.put(f"{INSPECTIONS}/{inspection['id']}/results/B01", json={"result": "ok"}).status_code == 200

        # v2: a copy of v1, then changed, then published.
        r = make(from_id=v1["id"])
        assert r.status_code == 201, r.text
        v2 = r.json()
        assert (v2["code"], v2["version"], v2["status"], v2["name"]) == (v1["code"], 2, "draft", v1["name"])
        assert [i["code"] for g in v2["categories"] for i in g["items"]] == ["A01", "A02", "B01"]
        assert {i["id"] for g in v2["categories"] for i in g["items"]}.isdisjoint(
            {i["id"] for i in items_of(inspection).values()})
        r = c.patch(f"{CHECKLISTS}/{v2['id']}", json={"row_version": v2["row_version"],
                                                     "categories": categories(("全新", ["X01", "X02"]))})
        assert r.status_code == 200, r.text
        assert c.post(f"{CHECKLISTS}/{v2['id']}/publish").json()["status"] == "published"

        assert c.get(path).json()["status"] == "retired"
        statuses = {t["version"]: t["status"] for t in c.get(CHECKLISTS, params={"code": v1["code"]}).json()["items"]}
        assert statuses == {1: "retired", 2: "published"}
        # The inspection still shows v1's items and its result.
        shown = safety.get(f"{INSPECTIONS}/{inspection['id']}").json()
        assert shown["checklist_id"] == v1["id"] and shown["checklist"]["version"] == 1
        assert list(items_of(shown)) == ["A01", "A02", "B01"]
        assert items_of(shown)["B01"]["result"] == "ok"
        assert safety.put(f"{INSPECTIONS}/{inspection['id']}/results/X01",
                          json={"result": "ok"}).status_code == 404
        # A retired version takes no new inspection; a retired one is not published again.
        assert_error(safety.post(INSPECTIONS, json={"enterprise_id": enterprise_of("difang.ent1"),
                                                    "campaign_id": campaign, "kind": "routine",
                                                    "inspected_on": day(), "checklist_id": v1["id"]}),
                     422, "validation_failed", ["checklist_id"])
        assert_error(c.post(path + "/publish"), 409, "bad_state")
        assert c.get(f"{CHECKLISTS}/{v2['id']}").json()["status"] == "published"
    finally:
        remove_inspections([inspection["id"]])


def test_a_draft_takes_no_inspection(make):
    draft = make().json()
    r = signed_in("difang.safety").post(INSPECTIONS, json={
        "enterprise_id": enterprise_of("difang.ent1"), "campaign_id": campaign_of("difang"),
        "kind": "routine", "inspected_on": day(), "checklist_id": draft["id"]})
    assert_error(r, 422, "validation_failed", ["checklist_id"])


# --- Another county -----------------------------------------------------------------------

@pytest.fixture
def other_county():
    """A county of its own (with its default template from the trigger); removed afterwards."""
    county = sql_value("insert into county (name, code) values ('检查表他县', '999322') returning id")
    yield sql_value("select id from checklist where county_id = %s", (county,))
    # The county's templates go with it.
    sql("delete from sector where county_id = %s", (county,))
    sql("delete from county where id = %s", (county,))
    assert sql_value("select count(*) from checklist where county_id = %s", (county,)) == 0


def test_another_countys_template_is_404(other_county):
    c = admin()
    path = f"{CHECKLISTS}/{other_county}"
    assert_error(c.get(path), 404, "not_found")
    assert_error(signed_in("difang.safety").get(path), 404, "not_found")
    assert_error(c.patch(path, json={"row_version": 1, "name": "改"}), 404, "not_found")
    assert_error(c.post(path + "/publish"), 404, "not_found")
    assert other_county not in [t["id"] for t in c.get(CHECKLISTS, params={"limit": 200}).json()["items"]]
    r = c.post(CHECKLISTS, json={"from_id": other_county})
    assert_error(r, 422, "validation_failed", ["from_id"])
    assert sql_value("select status from checklist where id = %s", (other_county,)) == "published"
