"""The whole path as the township walks it, through the API only.

A department user (difang.safety) inspects difang.ent1's enterprise item by
item, two items fail, and submitting the inspection opens two hazards: a
general one and a major one (a failed major-hazard criterion).  The
enterprise's own user starts and submits the general one with a photo;
another department user (made by the committee for the occasion) rejects
it, it is resubmitted with new evidence and verified, and it is closed.
The major one cannot start without its five items and cannot be closed by
a department user; the committee closes it.  Every forbidden move on the
way is tried, refused, and leaves the hazard and its timeline as they were.
"""
import uuid

import pytest

from conftest import DEMO_PASSWORD, assert_error, day, delete_user, login, signed_in, sql, sql_value
from test_hazards import (FIVE_ITEMS, HAZARDS, JPEG, PNG, events, move, moved, snapshot,
                          upload, uploaded)

INSPECTIONS = "/api/v1/inspections"


def refused(client, hazard_id, action, status, code=None, note=None, fields=None):
    """The move is refused with this status and changes nothing."""
    before = snapshot(hazard_id)
    assert_error(move(client, hazard_id, action, note=note), status, code, fields=fields)
    assert snapshot(hazard_id) == before, f"a refused {action} changed the hazard"


@pytest.fixture
def colleague(ids):
    """Another department user of difang, made by the committee through the API,
    working in the sectors of difang.safety (a department acts within them)."""
    username = f"difang.verify-{uuid.uuid4().hex[:8]}"
    sectors = [r["sector_id"] for r in sql("select sector_id from user_sector where user_id = %s",
                                           (ids.user["difang.safety"],))]
    r = signed_in("difang.committee").post("/api/v1/users", json={
        "username": username, "display_name": "复查员", "role": "department",
        "password": DEMO_PASSWORD, "sector_ids": sectors})
    assert r.status_code == 201, r.text
    user = r.json()
    yield login(username)
    try:
        delete_user(user["id"])
    except Exception:   # noqa: BLE001 -- the user's actions keep the row; it is harmless
        pass


def inspect(ids, failing):
    """difang.safety inspects difang.ent1's enterprise: every item of the
    template ok but the items failing names ({code: result body}); submitted.
    The submitted inspection."""
    safety = signed_in("difang.safety")
    campaign = sql_value("select id from campaign where township_id = %s and parent_id is not null"
                         " and status = 'active' order by id limit 1", (ids.township["difang"],))
    r = safety.post(INSPECTIONS, json={"enterprise_id": ids.enterprise["difang"],
                                       "campaign_id": campaign, "kind": "routine",
                                       "inspected_on": day()})
    assert r.status_code == 201, r.text
    inspection = r.json()
    r = safety.get(f"{INSPECTIONS}/{inspection['id']}")
    assert r.status_code == 200, r.text
    items = [i for c in r.json()["categories"] for i in c["items"]]
    assert len(items) == 43
    for item in items:
        body = failing.get(item["code"], {"result": "ok"})
        r = safety.put(f"{INSPECTIONS}/{inspection['id']}/results/{item['code']}", json=body)
        assert r.status_code == 200, (item["code"], r.text)
    r = safety.post(f"{INSPECTIONS}/{inspection['id']}/submit")
    assert r.status_code == 200, r.text
    return r.json()


def template_items():
    """The published default template's item codes: (a general one, a major-hazard criterion)."""
    rows = sql_value(
        "select json_build_object("
        "  'general', (select min(i.code) from checklist_item i where i.checklist_id = c.id"
        "               and not i.major_criterion and i.default_severity = 'general'"
        "               and cardinality(i.sector_codes) = 0),"
        "  'major', (select min(i.code) from checklist_item i where i.checklist_id = c.id"
        "             and i.major_criterion))"
        "  from checklist c where c.code = 'township-registration' and c.status = 'published'"
        " order by c.version desc limit 1")
    assert rows and rows["general"] and rows["major"], rows
    return rows["general"], rows["major"]


def test_from_inspection_to_closing(ids, colleague):
    safety, ent1 = signed_in("difang.safety"), signed_in("difang.ent1")
    committee = signed_in("difang.committee")
    general_code, major_code = template_items()

    # --- The inspection: two items fail, two hazards open ------------------------------
    inspection = inspect(ids, {
        general_code: {"result": "hazard", "note": "现场检查发现问题", "measure": "立即整改到位",
                       "mode": "deadline", "deadline": day(7)},
        major_code: {"result": "hazard", "note": "存在重大事故隐患"}})
    assert inspection["status"] == "submitted"
    by_code = {h["item_code"]: h for h in inspection["hazards"]}
    assert set(by_code) == {general_code, major_code}
    general = safety.get(f"{HAZARDS}/{by_code[general_code]['id']}").json()
    major = safety.get(f"{HAZARDS}/{by_code[major_code]['id']}").json()
    for hazard in (general, major):
        assert hazard["source"] == "inspection" and hazard["inspection_id"] == inspection["id"]
        assert hazard["enterprise_id"] == ids.enterprise["difang"] and hazard["status"] == "reported"
        assert [e["action"] for e in events(hazard["id"])] == ["report"]
    assert (general["severity"], general["mode"], general["deadline"]) == ("general", "deadline", day(7))
    assert (major["severity"], major["mode"]) == ("major", "major")
    # The enterprise sees both among its own hazards.
    mine = {h["id"] for h in ent1.get(HAZARDS, params={"limit": 200}).json()["items"]}
    assert {general["id"], major["id"]} <= mine

    # --- The general hazard: the enterprise rectifies, the township judges ----------------
    refused(ent1, general["id"], "verify", 403, "forbidden")
    refused(ent1, general["id"], "close", 403, "forbidden")
    refused(ent1, general["id"], "submit", 409, "bad_state")
    assert moved(ent1, general["id"], "start", note="已安排整改")["status"] == "rectifying"
    refused(ent1, general["id"], "submit", 422, "validation_failed", fields=["attachments"])
    first_photo = uploaded(ent1, general["id"], JPEG, tag="after", content_type="image/jpeg")
    submitted = moved(ent1, general["id"], "submit", note="已整改，请复查")
    assert submitted["submitted_by"] == ids.user["difang.ent1"]
    refused(ent1, general["id"], "verify", 403, "forbidden")
    refused(ent1, general["id"], "reject", 403, "forbidden", note="自己退回")

    refused(colleague, general["id"], "reject", 422, "validation_failed", fields=["note"])
    rejected = moved(colleague, general["id"], "reject", note="照片未反映整改全貌，请补充")
    assert rejected["status"] == "rectifying" and rejected["submitted_by"] == ids.user["difang.ent1"]

    # Resubmitting needs evidence of the new work.
    refused(ent1, general["id"], "submit", 422, "validation_failed", fields=["attachments"])
    second_photo = uploaded(ent1, general["id"], PNG, tag="after")
    moved(ent1, general["id"], "submit", note="已补充整改")
    closed = moved(colleague, general["id"], "verify", note="复查合格，予以销号")
    assert closed["status"] == "closed" and closed["closed_at"] and closed["overdue"] is False
    refused(colleague, general["id"], "verify", 409, "bad_state")
    refused(ent1, general["id"], "reopen", 403, "forbidden", note="企业要求重开")

    timeline = events(general["id"], ent1)
    assert [(e["action"], e["to_status"], e["actor_id"]) for e in timeline] == [
        ("report", "reported", ids.user["difang.safety"]),
        ("start", "rectifying", ids.user["difang.ent1"]),
        ("submit", "submitted", ids.user["difang.ent1"]),
        ("reject", "rectifying", colleague.user["id"]),
        ("submit", "submitted", ids.user["difang.ent1"]),
        ("verify", "closed", colleague.user["id"])]
    assert timeline[2]["attachment_ids"] == [first_photo["id"]]
    assert timeline[4]["attachment_ids"] == [second_photo["id"]]
    assert timeline[3]["note"] == "照片未反映整改全貌，请补充" and timeline[5]["actor_name"] == "复查员"
    assert [p["id"] for p in closed["photos"]] == [first_photo["id"], second_photo["id"]]

    # --- The major hazard: five items first, and only the committee closes it --------------
    refused(safety, major["id"], "start", 422, "validation_failed", fields=["five_items"])
    refused(ent1, major["id"], "start", 422, "validation_failed", fields=["five_items"])
    refused(safety, major["id"], "close", 409, "bad_state")
    r = safety.patch(f"{HAZARDS}/{major['id']}", json={"version": major["version"], "five_items": FIVE_ITEMS,
                                                      "deadline": day(30)})
    assert r.status_code == 200, r.text
    assert moved(safety, major["id"], "start", note="五落实已明确")["status"] == "rectifying"
    uploaded(safety, major["id"], JPEG, tag="after", content_type="image/jpeg")
    moved(safety, major["id"], "submit")
    refused(colleague, major["id"], "verify", 403, "forbidden")
    refused(ent1, major["id"], "verify", 403, "forbidden")
    refused(safety, major["id"], "verify", 403, "forbidden")   # the submitter, and not the committee
    closed = moved(committee, major["id"], "verify", note="指挥部组织验收合格")
    assert closed["status"] == "closed"
    assert [e["action"] for e in events(major["id"])] == ["report", "edit", "start", "submit", "verify"]
