"""Inspections (检查): made by the people of their kind, recorded item by item,
submitted once; every hazard result opens exactly one hazard with its report
event, in the same transaction.

Tests make their inspections in difang's demo campaign (10_campaign.sql) of
the enterprise of difang.ent1 (00_county.sql, a non-coal mine) through the
API and remove them, with their hazards, afterwards; the demo inspections of
60_inspections.sql are only read.
"""
import datetime
import os
import re

import pytest

from conftest import assert_error, day, in_year, signed_in, sql, sql_value
from test_tasks import CAMPAIGN, campaign, campaign_of  # noqa: F401 (campaign: a fixture)

INSPECTIONS = "/api/v1/inspections"
FILES = os.path.join(os.path.dirname(__file__), "files")
CODES = [f"{letter}{n:02d}" for letter, count in zip("ABCDE", (8, 7, 12, 9, 7))
         for n in range(1, count + 1)]
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")
LIST_FIELDS = {"id", "township_id", "enterprise_id", "enterprise_name", "campaign_id", "checklist_id",
               "checklist", "kind", "inspected_on", "inspector_ids", "inspectors", "note", "status",
               "created_by", "submitted_by", "submitted_at", "counts", "version", "created_at",
               "updated_at"}
ITEM_FIELDS = {"id", "code", "position", "text", "sector_codes", "sector_ids", "default_severity",
               "major_criterion", "result", "note", "measure", "mode", "deadline", "recorded_by",
               "recorded_at", "photos", "applies", "hazard_id"}


def enterprise_of(username):
    return sql_value("select enterprise_id from app_user where username = %s", (username,))


def user_id(username):
    return sql_value("select id from app_user where username = %s", (username,))


def default_template():
    return sql_value("select c.id from checklist c join county k on k.id = c.county_id"
                     " where k.code = '371326' and c.code = 'township-registration' and c.status = 'published'")


def remove_inspections(inspection_ids):
    """Remove inspections with their results, photos, hazards and events, submitted or not."""
    if inspection_ids:
        ids = list(inspection_ids)
        sql("begin; set local session_replication_role = replica;"
            " delete from hazard_event where hazard_id in (select id from hazard where inspection_id = any(%(ids)s));"
            " delete from hazard where inspection_id = any(%(ids)s);"
            " delete from attachment where entity_type = 'inspection' and entity_id = any(%(ids)s);"
            " delete from inspection_result where inspection_id = any(%(ids)s);"
            " delete from inspection where id = any(%(ids)s);"
            " commit;", {"ids": ids})


def items_of(inspection):
    """The items of a full inspection, by code."""
    return {item["code"]: item for category in inspection["categories"] for item in category["items"]}


@pytest.fixture(scope="module")
def mine():
    """The enterprise of difang.ent1: a non-coal mine."""
    return enterprise_of("difang.ent1")


@pytest.fixture
def make(campaign, mine):
    """make(username='difang.safety', **fields) -> the response of a POST /inspections; the
    inspections it makes are removed afterwards."""
    made = []

    def create(username="difang.safety", **fields):
        body = {"enterprise_id": mine, "campaign_id": campaign, "kind": "routine",
                "inspected_on": day()}
        body.update(fields)
        body = {k: v for k, v in body.items() if v is not ...}
        r = signed_in(username).post(INSPECTIONS, json=body)
        if r.status_code == 201:
            made.append(r.json()["id"])
        return r

    yield create
    remove_inspections(made)


@pytest.fixture
def draft(make):
    r = make()
    assert r.status_code == 201, r.text
    return r.json()


def put(client, inspection_id, code, **body):
    return client.put(f"{INSPECTIONS}/{inspection_id}/results/{code}", json=body)


def fill(client, inspection_id, hazards=None, skip=()):
    """Record every item but skip: ok, or the body hazards[code] gives."""
    hazards = hazards or {}
    for code in CODES:
        if code in skip:
            continue
        body = hazards.get(code, {"result": "ok"})
        r = put(client, inspection_id, code, **body)
        assert r.status_code == 200, (code, r.text)


# --- Creating -----------------------------------------------------------------------------

def test_a_new_inspection_is_a_draft_of_the_default_template(draft, campaign, mine):
    assert set(draft) == LIST_FIELDS | {"categories", "hazards"}
    assert draft["status"] == "draft" and draft["kind"] == "routine"
    assert draft["checklist_id"] == default_template()
    assert draft["checklist"] == {"code": "township-registration", "version": 1, "name": "安全生产大检查登记表"}
    assert draft["enterprise_id"] == mine and draft["campaign_id"] == campaign
    assert draft["inspected_on"] == day()
    safety = user_id("difang.safety")
    assert draft["inspector_ids"] == [safety] and draft["created_by"] == safety
    assert draft["inspectors"][0]["id"] == safety and draft["inspectors"][0]["display_name"]
    assert draft["submitted_at"] is None and RFC3339.match(draft["created_at"])
    assert draft["counts"] == {"items": 43, "ok": 0, "hazard": 0, "na": 0}
    assert [len(c["items"]) for c in draft["categories"]] == [8, 7, 12, 9, 7]
    items = items_of(draft)
    assert list(items) == CODES
    for item in items.values():
        assert set(item) == ITEM_FIELDS
        assert item["result"] is None and item["photos"] == [] and item["hazard_id"] is None
    # The mine is a non-coal mine: the mine's slope item applies, the construction one not.
    assert items["C10"]["applies"] is True and items["C11"]["applies"] is False
    assert items["A01"]["applies"] is True
    assert draft["hazards"] == []
    row = sql("select township_id, status, created_by from inspection where id = %s", (draft["id"],))[0]
    assert row == {"township_id": sql_value("select id from township where slug = 'difang'"),
                   "status": "draft", "created_by": safety}


def test_inspectors_are_kept_in_order_once(make):
    committee, safety = user_id("difang.committee"), user_id("difang.safety")
    r = make(kind="joint", inspector_ids=[safety, committee, safety], note="联合检查")
    assert r.status_code == 201, r.text
    assert r.json()["inspector_ids"] == [safety, committee] and r.json()["note"] == "联合检查"


@pytest.mark.parametrize("username, kind, status", [
    ("difang.safety", "routine", 201),
    ("difang.committee", "joint", 201),
    ("difang.supervisor", "unannounced", 201),
    ("difang.ent1", "self", 201),
    ("difang.supervisor", "routine", 403),
    ("difang.safety", "unannounced", 403),
    ("difang.committee", "unannounced", 403),
    ("difang.safety", "self", 403),
    ("difang.ent1", "routine", 403),
    ("difang.ent1", "unannounced", 403),
    ("admin", "routine", 403),
])
def test_who_makes_which_kind(make, username, kind, status):
    r = make(username, kind=kind)
    if status == 201:
        assert r.status_code == 201, r.text
        assert r.json()["kind"] == kind and r.json()["created_by"] == user_id(username)
    else:
        error = assert_error(r, 403, "forbidden")
        if username != "admin":
            assert "made by" in error["message"], error


def test_a_self_inspection_is_of_ones_own_enterprise(make):
    other = sql_value("select min(e.id) from enterprise e join township t on t.id = e.township_id"
                      " where t.slug = 'difang' and e.id <> %s", (enterprise_of("difang.ent1"),))
    error = assert_error(make("difang.ent1", kind="self", enterprise_id=other), 403, "forbidden")
    assert "own enterprise" in error["message"]
    assert sql_value("select count(*) from inspection where enterprise_id = %s and kind = 'self'"
                     " and inspected_on = app.today()", (other,)) == 0


def test_invalid_inspections_are_422(make):
    bailin_enterprise = enterprise_of("bailin.ent1")
    assert_error(make(enterprise_id=bailin_enterprise), 422, "validation_failed", ["enterprise_id"])
    assert_error(make(campaign_id=campaign_of("bailin")), 422, "validation_failed", ["campaign_id"])
    assert_error(make(inspected_on=day(1)), 422, "validation_failed", ["inspected_on"])
    assert_error(make(inspector_ids=[user_id("bailin.safety")]), 422, "validation_failed", ["inspector_ids"])
    assert_error(make(inspector_ids=["x"]), 422, "validation_failed", ["inspector_ids"])
    assert_error(make(inspector_ids=[user_id("difang.ent1")]), 422, "validation_failed", ["inspector_ids"])
    assert_error(make("difang.ent1", kind="self", inspector_ids=[user_id("difang.safety")]), 422,
                 "validation_failed", ["inspector_ids"])
    assert_error(make(kind="casual"), 422, "validation_failed", ["kind"])
    assert_error(make(inspected_on=in_year(2, 30)), 422, "validation_failed", ["inspected_on"])
    assert_error(make(enterprise_id=..., campaign_id=...), 422, "validation_failed",
                 ["enterprise_id", "campaign_id"])
    assert_error(make(surprise=1), 422, "validation_failed", ["surprise"])
    assert_error(make(checklist_id=999999999), 422, "validation_failed", ["checklist_id"])


def test_a_closed_campaign_takes_no_inspection(make):
    closed = sql_value("insert into campaign (county_id, township_id, name, starts_on, ends_on, status)"
                       " select county_id, id, '已结束的检查测试行动', %s, %s, 'closed'"
                       " from township where slug = 'difang' returning id", (day(-120), day(-30)))
    try:
        assert_error(make(campaign_id=closed), 409, "bad_state")
        assert sql_value("select count(*) from inspection where campaign_id = %s", (closed,)) == 0
    finally:
        sql("delete from campaign where id = %s", (closed,))


# --- Recording results item by item -------------------------------------------------------

def test_results_are_saved_item_by_item_and_the_last_answer_stands(draft):
    safety = signed_in("difang.safety")
    r = put(safety, draft["id"], "C03", result="ok")
    assert r.status_code == 200, r.text
    assert r.json()["item_code"] == "C03" and r.json()["result"] == "ok" and r.json()["photos"] == []
    r = put(safety, draft["id"], "C03", result="hazard", note="配电箱未上锁", measure="加锁并设置漏电保护",
            mode="deadline", deadline=day(10))
    assert r.status_code == 200, r.text
    saved = r.json()
    assert {k: saved[k] for k in ("result", "note", "measure", "mode", "deadline")} == {
        "result": "hazard", "note": "配电箱未上锁", "measure": "加锁并设置漏电保护", "mode": "deadline",
        "deadline": day(10)}
    assert saved["recorded_by"] == user_id("difang.safety") and RFC3339.match(saved["recorded_at"])
    rows = sql("select r.result, r.note, r.mode, r.deadline::text from inspection_result r"
               " join checklist_item x on x.id = r.item_id where r.inspection_id = %s", (draft["id"],))
    assert rows == [{"result": "hazard", "note": "配电箱未上锁", "mode": "deadline", "deadline": day(10)}]
    # Back to ok: the hazard's fields go with it.
    r = put(safety, draft["id"], "C03", result="na")
    assert r.status_code == 200 and r.json()["measure"] is None and r.json()["note"] is None
    got = safety.get(f"{INSPECTIONS}/{draft['id']}").json()
    assert items_of(got)["C03"]["result"] == "na" and items_of(got)["C04"]["result"] is None
    assert got["counts"] == {"items": 43, "ok": 0, "hazard": 0, "na": 1}
    # The committee records on a routine inspection too (the same side).
    assert put(signed_in("difang.committee"), draft["id"], "A01", result="ok").status_code == 200


def test_bad_results_are_refused(draft):
    safety = signed_in("difang.safety")
    assert_error(put(safety, draft["id"], "Z99", result="ok"), 404, "not_found")
    assert_error(put(safety, draft["id"], "c03", result="ok"), 404, "not_found")
    assert_error(put(safety, draft["id"], "C03", result="bad"), 422, "validation_failed", ["result"])
    assert_error(put(safety, draft["id"], "C03"), 422, "validation_failed", ["result"])
    assert_error(put(safety, draft["id"], "C03", result="ok", measure="x"), 422, "validation_failed",
                 ["measure"])
    assert_error(put(safety, draft["id"], "C03", result="hazard", mode="immediate", deadline=day(3)),
                 422, "validation_failed", ["deadline"])
    assert_error(put(safety, draft["id"], "C03", result="hazard", deadline=day(-1)),
                 422, "validation_failed", ["deadline"])
    assert_error(put(safety, draft["id"], "C03", result="hazard", mode="later"), 422, "validation_failed",
                 ["mode"])
    assert sql_value("select count(*) from inspection_result where inspection_id = %s", (draft["id"],)) == 0


def test_only_the_inspections_side_writes_it(draft):
    # The enterprise sees a routine inspection of itself, but records nothing on it.
    ent = signed_in("difang.ent1")
    assert ent.get(f"{INSPECTIONS}/{draft['id']}").status_code == 200
    assert_error(put(ent, draft["id"], "A01", result="ok"), 403, "forbidden")
    assert_error(ent.post(f"{INSPECTIONS}/{draft['id']}/submit"), 403, "forbidden")
    assert_error(put(signed_in("difang.supervisor"), draft["id"], "A01", result="ok"), 403, "forbidden")
    assert sql_value("select count(*) from inspection_result where inspection_id = %s", (draft["id"],)) == 0


def test_a_self_inspection_is_recorded_by_the_enterprise_only(make):
    r = make("difang.ent1", kind="self")
    assert r.status_code == 201, r.text
    inspection = r.json()
    assert put(signed_in("difang.ent1"), inspection["id"], "A01", result="ok").status_code == 200
    assert_error(put(signed_in("difang.safety"), inspection["id"], "A02", result="ok"), 403, "forbidden")


# --- Photos -------------------------------------------------------------------------------

def read(name):
    with open(os.path.join(FILES, name), "rb") as f:
        return f.read()


def test_a_photo_names_its_item(draft):
    safety = signed_in("difang.safety")
    url = f"{INSPECTIONS}/{draft['id']}/results/C03/attachments?tag=before"
    data = read("letter-scan.jpg")
    r = safety.post(url, data=data, headers={"Content-Type": "image/jpeg"})
    assert r.status_code == 201, r.text
    photo = r.json()
    assert photo["item_code"] == "C03" and photo["tag"] == "before" and photo["inspection_id"] == draft["id"]
    assert photo["url"] == f"/api/v1/attachments/{photo['id']}" and photo["size"] == len(data)
    row = sql("select a.entity_type, a.entity_id, x.code, a.uploaded_by from attachment a"
              " join checklist_item x on x.id = a.item_id where a.id = %s", (photo["id"],))[0]
    assert row == {"entity_type": "inspection", "entity_id": draft["id"], "code": "C03",
                   "uploaded_by": user_id("difang.safety")}
    items = items_of(safety.get(f"{INSPECTIONS}/{draft['id']}").json())
    assert [p["id"] for p in items["C03"]["photos"]] == [photo["id"]] and items["C04"]["photos"] == []

    assert_error(safety.post(url, data=read("not-an-image.jpg"), headers={"Content-Type": "image/jpeg"}),
                 415, "unsupported_media_type")
    assert_error(safety.post(url.replace("?tag=before", ""), data=data,
                             headers={"Content-Type": "image/jpeg"}), 422, "validation_failed", ["tag"])
    assert_error(safety.post(url.replace("C03", "Z99"), data=data, headers={"Content-Type": "image/jpeg"}),
                 404, "not_found")
    assert_error(signed_in("difang.ent1").post(url, data=data, headers={"Content-Type": "image/jpeg"}),
                 403, "forbidden")
    assert sql_value("select count(*) from attachment where entity_type = 'inspection' and entity_id = %s",
                     (draft["id"],)) == 1


# --- Submitting ---------------------------------------------------------------------------

def test_submitting_needs_every_result(draft):
    safety = signed_in("difang.safety")
    fill(safety, draft["id"], skip=("B03", "E07"))
    error = assert_error(safety.post(f"{INSPECTIONS}/{draft['id']}/submit"), 422, "validation_failed",
                         ["results.B03", "results.E07"])
    assert len(error["details"]) == 2
    assert sql_value("select status from inspection where id = %s", (draft["id"],)) == "draft"
    assert sql_value("select count(*) from hazard where inspection_id = %s", (draft["id"],)) == 0


def test_submitting_opens_one_hazard_per_hazard_result(draft, mine, campaign):
    safety = signed_in("difang.safety")
    inspection_id = draft["id"]
    fill(safety, inspection_id, hazards={
        "C03": {"result": "hazard", "note": "配电箱未上锁", "measure": "当场加锁", "mode": "immediate"},
        "C04": {"result": "hazard", "note": "空压机储气罐超期未检", "measure": "停用并报检"},
        "C11": {"result": "na"}})
    r = safety.post(f"{INSPECTIONS}/{inspection_id}/submit")
    assert r.status_code == 200, r.text
    submitted = r.json()
    assert submitted["status"] == "submitted" and submitted["submitted_by"] == user_id("difang.safety")
    assert RFC3339.match(submitted["submitted_at"])
    assert submitted["counts"] == {"items": 43, "ok": 40, "hazard": 2, "na": 1}
    assert sorted(h["item_code"] for h in submitted["hazards"]) == ["C03", "C04"]

    enterprise = sql("select grid_node_id, sector_id from enterprise where id = %s", (mine,))[0]
    inspected_on = datetime.date.fromisoformat(draft["inspected_on"])
    hazards = {h["code"]: h for h in sql(
        "select x.code, x.text, h.* from hazard h join checklist_item x on x.id = h.item_id"
        " where h.inspection_id = %s", (inspection_id,))}
    assert set(hazards) == {"C03", "C04"}
    for code, h in hazards.items():
        assert h["source"] == "inspection" and h["status"] == "reported"
        assert h["enterprise_id"] == mine and h["campaign_id"] == campaign
        assert h["grid_node_id"] == enterprise["grid_node_id"] and h["sector_id"] == enterprise["sector_id"]
        assert h["created_by"] == user_id("difang.safety")
        assert h["description"].startswith(h["text"])
    general, major = hazards["C03"], hazards["C04"]
    assert (general["severity"], general["mode"]) == ("general", "immediate")
    # Rectified on the spot (立即整改): no deadline, whatever the inspection's day.
    assert general["deadline"] is None
    assert general["measure"] == "当场加锁" and general["description"].endswith("配电箱未上锁")
    # C04 (special equipment not inspected) is a major-hazard criterion.
    assert (major["severity"], major["mode"]) == ("major", "major")
    assert major["deadline"] == inspected_on + datetime.timedelta(days=30)

    events = sql("select e.hazard_id, e.action, e.from_status, e.to_status, e.actor_id from hazard_event e"
                 " join hazard h on h.id = e.hazard_id where h.inspection_id = %s order by e.id",
                 (inspection_id,))
    assert sorted(e["hazard_id"] for e in events) == sorted(h["id"] for h in hazards.values())
    assert all(e["action"] == "report" and e["from_status"] is None and e["to_status"] == "reported"
               and e["actor_id"] == user_id("difang.safety") for e in events)

    items = items_of(safety.get(f"{INSPECTIONS}/{inspection_id}").json())
    assert items["C03"]["hazard_id"] == general["id"] and items["C04"]["hazard_id"] == major["id"]
    assert items["A01"]["hazard_id"] is None

    # Final: a second submit, a late result or photo change nothing.
    assert_error(safety.post(f"{INSPECTIONS}/{inspection_id}/submit"), 409, "bad_state")
    assert_error(put(safety, inspection_id, "A01", result="hazard"), 409, "bad_state")
    assert_error(safety.post(f"{INSPECTIONS}/{inspection_id}/results/A01/attachments?tag=after",
                             data=read("letter-scan.jpg"), headers={"Content-Type": "image/jpeg"}),
                 409, "bad_state")
    assert sql_value("select count(*) from hazard where inspection_id = %s", (inspection_id,)) == 2
    assert sql_value("select count(*) from hazard_event e join hazard h on h.id = e.hazard_id"
                     " where h.inspection_id = %s", (inspection_id,)) == 2
    assert sql_value("select result from inspection_result r join checklist_item x on x.id = r.item_id"
                     " where r.inspection_id = %s and x.code = 'A01'", (inspection_id,)) == "ok"


def test_a_clean_inspection_opens_no_hazard(draft):
    safety = signed_in("difang.safety")
    fill(safety, draft["id"])
    r = safety.post(f"{INSPECTIONS}/{draft['id']}/submit")
    assert r.status_code == 200, r.text
    assert r.json()["hazards"] == [] and r.json()["status"] == "submitted"
    assert sql_value("select count(*) from hazard where inspection_id = %s", (draft["id"],)) == 0


# --- Reading ------------------------------------------------------------------------------

def test_another_townships_inspection_is_404(draft):
    other = signed_in("bailin.safety")
    path = f"{INSPECTIONS}/{draft['id']}"
    assert_error(other.get(path), 404, "not_found")
    assert_error(put(other, draft["id"], "A01", result="ok"), 404, "not_found")
    assert_error(other.post(path + "/submit"), 404, "not_found")
    assert_error(other.post(path + "/results/A01/attachments?tag=before", data=read("letter-scan.jpg"),
                            headers={"Content-Type": "image/jpeg"}), 404, "not_found")
    assert draft["id"] not in [i["id"] for i in other.get(INSPECTIONS, params={"limit": 200}).json()["items"]]
    assert sql_value("select count(*) from inspection_result where inspection_id = %s", (draft["id"],)) == 0


def test_an_enterprise_user_sees_its_own_enterprises_inspections_only(draft):
    ent = signed_in("difang.ent1")
    own = enterprise_of("difang.ent1")
    items = ent.get(INSPECTIONS, params={"limit": 200}).json()["items"]
    assert items and {i["enterprise_id"] for i in items} == {own}
    assert draft["id"] in [i["id"] for i in items]
    other = sql("select i.id, i.enterprise_id from inspection i join township t on t.id = i.township_id"
                " where t.slug = 'difang' and i.enterprise_id <> %s order by i.id limit 1", (own,))
    assert other, "the demo inspections (60_inspections.sql) are missing"
    assert_error(ent.get(f"{INSPECTIONS}/{other[0]['id']}"), 404, "not_found")
    assert ent.get(INSPECTIONS, params={"enterprise_id": other[0]["enterprise_id"]}).json()["items"] == []


def test_the_list_is_newest_first_with_filters_and_pages(draft, campaign, mine):
    safety = signed_in("difang.safety")
    everything = safety.get(INSPECTIONS, params={"limit": 200}).json()
    items = everything["items"]
    assert len(items) >= 18 and everything["next_cursor"] is None
    assert set(items[0]) == LIST_FIELDS
    keys = [(i["inspected_on"], i["id"]) for i in items]
    assert keys == sorted(keys, reverse=True)

    # Pages of 5 walk the same rows.
    walked, cursor = [], None
    while True:
        params = {"limit": 5}
        if cursor:
            params["cursor"] = cursor
        page = safety.get(INSPECTIONS, params=params).json()
        walked += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
        assert re.match(r"^\d{4}-\d\d-\d\d,\d+$", cursor)
    assert walked == [i["id"] for i in items]

    def ids(**params):
        r = safety.get(INSPECTIONS, params=dict(params, limit=200))
        assert r.status_code == 200, r.text
        return [i["id"] for i in r.json()["items"]]

    assert set(ids(enterprise_id=mine)) == {i["id"] for i in items if i["enterprise_id"] == mine}
    assert draft["id"] in ids(enterprise_id=mine)
    assert set(ids(campaign_id=campaign)) == {i["id"] for i in items if i["campaign_id"] == campaign}
    assert ids(campaign_id=campaign_of("bailin")) == []
    selfs = ids(kind="self")
    assert selfs and selfs == [i["id"] for i in items if i["kind"] == "self"]
    drafts = ids(status="draft")
    assert draft["id"] in drafts and drafts == [i["id"] for i in items if i["status"] == "draft"]
    # A window that cuts through the list: its first and last thirds are left out.
    days = sorted({i["inspected_on"] for i in items})
    first, last = days[len(days) // 3], days[2 * len(days) // 3]
    window = ids(**{"from": first, "to": last})
    assert window and window == [i["id"] for i in items if first <= i["inspected_on"] <= last]
    assert len(window) < len(items) or len(days) < 3
    assert ids(**{"from": last, "to": first}) == ([] if first < last else window)

    assert_error(safety.get(INSPECTIONS, params={"cursor": "12"}), 422, "validation_failed", ["cursor"])
    assert_error(safety.get(INSPECTIONS, params={"cursor": in_year(13, 1) + ",5"}), 422, "validation_failed",
                 ["cursor"])
    assert_error(safety.get(INSPECTIONS, params={"kind": "casual"}), 422, "validation_failed", ["kind"])
    assert_error(safety.get(INSPECTIONS, params={"from": "yesterday"}), 422, "validation_failed", ["from"])


# --- The demo -----------------------------------------------------------------------------

@pytest.mark.parametrize("town", ["difang", "bailin", "zhongcun"])
def test_the_demo_township_has_its_inspections(town):
    rows = sql("select i.id, i.kind, i.status, i.enterprise_id, i.created_by,"
               "       (select count(*) from inspection_result r where r.inspection_id = i.id) as results,"
               "       (select count(*) from inspection_result r where r.inspection_id = i.id"
               "           and r.result = 'hazard') as hazard_results,"
               "       (select count(*) from hazard h where h.inspection_id = i.id) as hazards,"
               "       (select count(*) from hazard h where h.inspection_id = i.id and not exists"
               "           (select 1 from hazard_event e where e.hazard_id = h.id and e.action = 'report'))"
               "         as without_report"
               "  from inspection i join township t on t.id = i.township_id"
               "  join campaign c on c.id = i.campaign_id and c.name = %s"
               " where t.slug = %s and i.created_at < app.today()",
               (CAMPAIGN, town))
    submitted = [r for r in rows if r["status"] == "submitted"]
    assert len([r for r in submitted if r["kind"] in ("routine", "joint")]) >= 15
    assert all(r["results"] == 43 and r["hazards"] == r["hazard_results"] and r["without_report"] == 0
               for r in submitted)
    assert sum(r["hazards"] for r in submitted) >= 10
    drafts = [r for r in rows if r["status"] == "draft"]
    assert 1 <= len(drafts) <= 2 and all(0 < r["results"] < 43 and r["hazards"] == 0 for r in drafts)
    assert [r["enterprise_id"] for r in rows if r["kind"] == "self"] == [enterprise_of(f"{town}.ent1")]
    assert [r["created_by"] for r in rows if r["kind"] == "unannounced"] == [user_id(f"{town}.supervisor")]
    majors = sql_value("select count(*) from hazard h join township t on t.id = h.township_id"
                       " where t.slug = %s and h.source = 'inspection' and h.severity = 'major'", (town,))
    assert majors >= 3
