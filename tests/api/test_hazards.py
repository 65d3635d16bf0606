"""Hazards (隐患): registration, edits, the life cycle's moves and their
timeline, the evidence photos, and the list with its filters.

Each test works on hazards of an enterprise of its own (made here in
difang), so that the list's answers can be compared with exactly what the
test made; the demo enterprise of difang.ent1 is used where the enterprise
user acts.
"""
import hashlib
import os
import random
import struct
import uuid

import pytest

from conftest import anonymous, assert_error, day, in_year, signed_in, sql, sql_value

HAZARDS = "/api/v1/hazards"
ATTACHMENTS = "/api/v1/attachments"
FILES = os.path.join(os.path.dirname(__file__), "files")

HAZARD_FIELDS = {
    "id", "township_id", "enterprise_id", "enterprise_name", "grid_node_id", "sector_id",
    "campaign_id", "source", "inspection_id", "item_id", "item_code", "tip_id", "description",
    "severity", "mode", "measure", "deadline", "responsible_user_id", "responsible_name",
    "five_items", "status", "overdue", "submitted_by", "closed_at", "created_by", "created_at",
    "updated_at", "version", "photos", "listed_supervision", "allowed_actions"}
FIVE_ITEMS = {"responsibility": "矿长张某某对整改负总责", "measures": "停产整顿，委托专业机构治理",
              "funds": "专项资金50万元", "time_limit": "30日内完成",
              "contingency_plan": "已制定冒顶片帮专项应急预案"}


def read(name):
    with open(os.path.join(FILES, name), "rb") as f:
        return f.read()


JPEG = read("letter-scan.jpg")
PNG = read("stamp.png")


def unique_jpeg(jpeg=JPEG):
    """The JPEG with a JFIF extension segment (APP0, which a photo keeps) of random bytes:
    a picture no other test uploads.  (A trailer after the end marker would not do: what
    follows the picture is not kept.)"""
    body = b"JFXX\x00" + uuid.uuid4().bytes
    return jpeg[:2] + b"\xff\xe0" + struct.pack(">H", len(body) + 2) + body + jpeg[2:]


# --- Helpers ----------------------------------------------------------------------------

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code():
    """A fresh unified social credit code with its check character."""
    first17 = "913713" + "".join(random.choice("0123456789") for _ in range(11))
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return first17 + CREDIT_ALPHABET[(31 - total % 31) % 31]


def make_enterprise(town="difang", village="东村", sector="industry"):
    """A new enterprise of the town on one of its villages, as the superuser: its row."""
    return sql("insert into enterprise (township_id, name, credit_code, sector_id, grid_node_id)"
               " select t.id, %s, %s, s.id, g.id from township t"
               "   join sector s on s.county_id = t.county_id and s.code = %s"
               "   join grid_node g on g.township_id = t.id and g.name = %s and g.level = 3"
               "  where t.slug = %s returning id, township_id, grid_node_id, sector_id",
               (f"隐患测试企业{uuid.uuid4().hex[:8]}", credit_code(), sector, village, town))[0]


def register(client, enterprise_id, **fields):
    body = {"enterprise_id": enterprise_id, "description": "配电箱未加锁", "severity": "general",
            "mode": "deadline", "deadline": day(10), "measure": "更换带锁配电箱"}
    body.update(fields)
    return client.post(HAZARDS, json={k: v for k, v in body.items() if v is not ...})


def new_hazard(enterprise_id, client=None, **fields):
    r = register(client or signed_in("difang.safety"), enterprise_id, **fields)
    assert r.status_code == 201, r.text
    return r.json()


def current(hazard_id):
    return signed_in("difang.committee").get(f"{HAZARDS}/{hazard_id}").json()


def move(client, hazard_id, action, note=None, version=None):
    body = {"action": action, "version": version or current(hazard_id)["version"]}
    if note is not None:
        body["note"] = note
    return client.post(f"{HAZARDS}/{hazard_id}/transitions", json=body)


def moved(client, hazard_id, action, note=None):
    r = move(client, hazard_id, action, note)
    assert r.status_code == 200, f"{action}: {r.text}"
    return r.json()


def upload(client, hazard_id, data=PNG, tag="after", content_type="image/png", file_name=None):
    headers = {"Content-Type": content_type}
    if file_name:
        headers["X-File-Name"] = file_name
    return client.post(f"{HAZARDS}/{hazard_id}/attachments", params={"tag": tag} if tag else None,
                       data=data, headers=headers)


def uploaded(client, hazard_id, data=PNG, tag="after", content_type="image/png"):
    r = upload(client, hazard_id, data, tag, content_type)
    assert r.status_code == 201, r.text
    return r.json()


def snapshot(hazard_id):
    """The hazard's row and its number of events, as the database has them."""
    row = sql("select to_jsonb(h) as row from hazard h where id = %s", (hazard_id,))[0]["row"]
    events = sql_value("select count(*) from hazard_event where hazard_id = %s", (hazard_id,))
    return row, events


def events(hazard_id, client=None):
    r = (client or signed_in("difang.committee")).get(f"{HAZARDS}/{hazard_id}/events")
    assert r.status_code == 200, r.text
    return r.json()["items"]


@pytest.fixture(scope="module")
def ent():
    return make_enterprise()


@pytest.fixture
def department(make_user, ids):
    """A second department user of difang, signed in, working in the sectors of
    difang.safety (a department acts within its sectors only)."""
    user = make_user(role="department")
    sql("insert into user_sector (township_id, user_id, sector_id)"
        " select township_id, %s, sector_id from user_sector where user_id = %s",
        (user["id"], ids.user["difang.safety"]))
    client = signed_in(user["username"])
    client.user_id = user["id"]
    return client


def ent1_enterprise(ids):
    return ids.enterprise["difang"]


# --- Registration -----------------------------------------------------------------------

def test_a_department_user_registers_a_hazard(ids, ent):
    client = signed_in("difang.safety")
    r = register(client, ent["id"], description="消防通道堆放杂物", five_items=None,
                 responsible_user_id=ids.user["difang.safety"])
    assert r.status_code == 201, r.text
    hazard = r.json()
    assert set(hazard) == HAZARD_FIELDS
    assert hazard["status"] == "reported" and hazard["source"] == "registration"
    assert hazard["version"] == 1 and hazard["overdue"] is False and hazard["photos"] == []
    # Grid node and sector come from the enterprise.
    assert (hazard["grid_node_id"], hazard["sector_id"]) == (ent["grid_node_id"], ent["sector_id"])
    assert hazard["township_id"] == ids.township["difang"]
    assert hazard["deadline"] == day(10) and hazard["created_by"] == ids.user["difang.safety"]
    assert hazard["responsible_name"] == "地方镇安监办" and hazard["enterprise_name"].startswith("隐患测试企业")
    got = signed_in("difang.supervisor").get(f"{HAZARDS}/{hazard['id']}")
    # The same hazard; only the moves offered are the caller's (test_allowed_actions.py).
    assert got.status_code == 200 and got.json() == {**hazard, "allowed_actions": []}
    assert hazard["allowed_actions"] == ["start"]
    [report] = events(hazard["id"])
    assert (report["action"], report["from_status"], report["to_status"], report["actor_id"]) == \
        ("report", None, "reported", ids.user["difang.safety"])
    assert report["actor_name"] == "地方镇安监办"
    assert sql_value("select count(*) from audit_log where entity_type = 'hazard' and entity_id = %s",
                     (hazard["id"],)) == 1


def test_registration_takes_grid_node_sector_campaign_and_five_items(ids, ent):
    node = sql_value("select g.id from grid_node g where g.township_id = %s and g.name = '西村'",
                     (ids.township["difang"],))
    campaign = sql_value("select id from campaign where township_id = %s and parent_id is not null"
                         " order by id limit 1", (ids.township["difang"],))
    hazard = new_hazard(ent["id"], client=signed_in("difang.committee"), severity="major",
                        mode="major", grid_node_id=node, sector_id=ids.sector["fire"],
                        campaign_id=campaign, five_items=FIVE_ITEMS)
    assert (hazard["grid_node_id"], hazard["sector_id"], hazard["campaign_id"]) == \
        (node, ids.sector["fire"], campaign)
    assert hazard["five_items"] == FIVE_ITEMS and hazard["severity"] == "major"
    # Mode immediate needs no deadline.
    hazard = new_hazard(ent["id"], mode="immediate", deadline=...)
    assert hazard["deadline"] is None and hazard["mode"] == "immediate"


@pytest.mark.parametrize("fields, field", [
    ({"severity": "major", "mode": "deadline"}, "mode"),
    ({"severity": "general", "mode": "major"}, "mode"),
    ({"mode": "deadline", "deadline": ...}, "deadline"),
    ({"mode": "deadline", "deadline": None}, "deadline"),
    ({"description": ""}, "description"),
    ({"severity": "huge"}, "severity"),
    ({"deadline": in_year(2, 30)}, "deadline"),
    ({"status": "closed"}, "status"),
    ({"five_items": {"responsibility": "某某", "color": "red"}}, "five_items"),
    ({"five_items": {"funds": 5}}, "five_items"),
    ({"five_items": "all done"}, "five_items"),
    ({"grid_node_id": 2147483647}, "grid_node_id"),
    ({"sector_id": 2147483647}, "sector_id"),
    ({"campaign_id": 2147483647}, "campaign_id"),
])
def test_registration_is_validated(ent, fields, field):
    before = sql_value("select count(*) from hazard where enterprise_id = %s", (ent["id"],))
    assert_error(register(signed_in("difang.safety"), ent["id"], **fields), 422, "validation_failed",
                 fields=[field])
    assert sql_value("select count(*) from hazard where enterprise_id = %s", (ent["id"],)) == before


@pytest.mark.parametrize("description", ["配电箱\u0000未加锁", "配电箱\ud800", "\udc00未加锁"])
def test_text_no_column_can_hold_is_400_and_registers_nothing(ent, description):
    """JSON's \\u0000 and half surrogate pairs: json-c parses them, PostgreSQL would not."""
    before = sql_value("select count(*) from hazard where enterprise_id = %s", (ent["id"],))
    r = register(signed_in("difang.safety"), ent["id"], description=description)
    error = assert_error(r, 400, "bad_json")
    assert "a string holds" in error["message"] + str(error["details"])
    assert sql_value("select count(*) from hazard where enterprise_id = %s", (ent["id"],)) == before


def test_registration_refuses_what_is_not_the_townships(ids, ent):
    client = signed_in("difang.safety")
    r = register(client, ids.enterprise["bailin"])
    assert_error(r, 422, "validation_failed", fields=["enterprise_id"])
    r = register(client, ent["id"], responsible_user_id=ids.user["bailin.safety"])
    assert_error(r, 422, "validation_failed", fields=["responsible_user_id"])
    # An enterprise user answers only for its own enterprise's hazards.
    r = register(client, ent["id"], responsible_user_id=ids.user["difang.ent1"])
    assert_error(r, 422, "validation_failed", fields=["responsible_user_id"])
    bailin_campaign = sql_value("select min(id) from campaign where township_id = %s",
                                (ids.township["bailin"],))
    assert_error(register(client, ent["id"], campaign_id=bailin_campaign), 422, fields=["campaign_id"])
    assert sql_value("select count(*) from hazard where township_id = %s and enterprise_id = %s",
                     (ids.township["difang"], ids.enterprise["bailin"])) == 0


@pytest.mark.parametrize("username", ["difang.supervisor", "admin"])
def test_only_the_committee_departments_and_enterprises_register(ids, ent, username):
    r = register(signed_in(username), ids.enterprise["difang"])
    assert_error(r, 403, "forbidden")
    assert_error(register(anonymous(), ent["id"]), 401, "not_signed_in")


# --- Edits ------------------------------------------------------------------------------

def test_an_edit_changes_the_fields_and_leaves_an_event(ids, ent):
    hazard = new_hazard(ent["id"])
    client = signed_in("difang.safety")
    r = client.patch(f"{HAZARDS}/{hazard['id']}", json={
        "version": 1, "description": "配电箱未加锁，线路老化", "deadline": day(20),
        "measure": None, "responsible_user_id": ids.user["difang.committee"], "five_items": FIVE_ITEMS})
    assert r.status_code == 200, r.text
    edited = r.json()
    assert edited["version"] == 2 and edited["description"] == "配电箱未加锁，线路老化"
    assert edited["deadline"] == day(20) and edited["measure"] is None
    assert edited["responsible_user_id"] == ids.user["difang.committee"]
    assert edited["five_items"] == FIVE_ITEMS and edited["status"] == "reported"
    last = events(hazard["id"])[-1]
    assert (last["action"], last["from_status"], last["to_status"]) == ("edit", "reported", "reported")
    assert "description" in last["note"] and "deadline" in last["note"]

    assert_error(client.patch(f"{HAZARDS}/{hazard['id']}", json={"version": 1, "measure": "晚了"}),
                 409, "stale_version")
    # The status moves by transitions only.
    assert_error(client.patch(f"{HAZARDS}/{hazard['id']}", json={"version": 2, "status": "closed"}),
                 422, "validation_failed", fields=["status"])
    r = client.patch(f"{HAZARDS}/{hazard['id']}", json={"version": 2, "severity": "major"})
    assert_error(r, 422, "validation_failed", fields=["mode"])
    r = client.patch(f"{HAZARDS}/{hazard['id']}", json={"version": 2, "mode": "immediate", "deadline": None})
    assert r.status_code == 200 and r.json()["mode"] == "immediate" and r.json()["deadline"] is None
    assert current(hazard["id"])["version"] == 3


def test_severity_and_mode_are_settled_once_rectification_starts(ent):
    hazard = new_hazard(ent["id"])
    client = signed_in("difang.safety")
    moved(client, hazard["id"], "start")
    before = snapshot(hazard["id"])
    r = client.patch(f"{HAZARDS}/{hazard['id']}", json={"version": 2, "severity": "major", "mode": "major"})
    assert_error(r, 409, "bad_state")
    assert snapshot(hazard["id"]) == before
    # Once rectification has started the deadline moves only by an extension (延期).
    r = client.patch(f"{HAZARDS}/{hazard['id']}", json={"version": 2, "deadline": day(30)})
    assert_error(r, 409, "bad_state")
    r = client.patch(f"{HAZARDS}/{hazard['id']}", json={"version": 2, "measure": "先断电再更换配电箱"})
    assert r.status_code == 200 and r.json()["deadline"] == day(10)


@pytest.mark.parametrize("username", ["difang.supervisor", "difang.ent1"])
def test_only_the_committee_and_departments_edit(ids, username):
    hazard = new_hazard(ids.enterprise["difang"])
    r = signed_in(username).patch(f"{HAZARDS}/{hazard['id']}", json={"version": 1, "measure": "x"})
    assert_error(r, 403, "forbidden")
    assert current(hazard["id"])["version"] == 1


# --- The life cycle -----------------------------------------------------------------------

def test_a_hazard_goes_from_reported_to_closed_with_evidence(ids, ent, department):
    safety = signed_in("difang.safety")
    hazard = new_hazard(ent["id"])
    before_photo = uploaded(safety, hazard["id"], JPEG, tag="before", content_type="image/jpeg")
    started = moved(safety, hazard["id"], "start", note="已下达整改通知书")
    assert started["status"] == "rectifying" and started["version"] == 2

    # Submitting needs an "after" photo; a "before" one is not enough.
    assert_error(move(safety, hazard["id"], "submit"), 422, "validation_failed", fields=["attachments"])
    after_photo = uploaded(safety, hazard["id"], PNG, tag="after")
    submitted = moved(safety, hazard["id"], "submit")
    assert submitted["status"] == "submitted" and submitted["submitted_by"] == ids.user["difang.safety"]
    assert {p["id"] for p in submitted["photos"]} == {before_photo["id"], after_photo["id"]}

    # The one who submitted does not verify or reject.
    for action in ("verify", "reject"):
        assert_error(move(safety, hazard["id"], action, note="自己验收"), 403, "forbidden")
    closed = moved(department, hazard["id"], "verify", note="复查合格")
    assert closed["status"] == "closed" and closed["closed_at"] and closed["version"] == 4

    timeline = events(hazard["id"])
    assert [(e["action"], e["from_status"], e["to_status"]) for e in timeline] == [
        ("report", None, "reported"), ("start", "reported", "rectifying"),
        ("submit", "rectifying", "submitted"), ("verify", "submitted", "closed")]
    # Each move lists the photos uploaded since the previous one.
    assert [e["attachment_ids"] for e in timeline] == [[], [before_photo["id"]], [after_photo["id"]], []]
    assert [e["actor_id"] for e in timeline] == [ids.user["difang.safety"]] * 3 + [department.user_id]
    assert timeline[1]["note"] == "已下达整改通知书" and timeline[3]["note"] == "复查合格"
    assert timeline == sorted(timeline, key=lambda e: e["id"])

    # Reopening needs a note and goes back to rectification.
    assert_error(move(safety, hazard["id"], "reopen"), 422, "validation_failed", fields=["note"])
    assert_error(move(safety, hazard["id"], "reopen", note="   "), 422, fields=["note"])
    reopened = moved(safety, hazard["id"], "reopen", note="回头看发现问题反弹")
    assert reopened["status"] == "rectifying" and reopened["closed_at"] is None


def test_a_rejected_rectification_needs_new_evidence(ent, department):
    safety = signed_in("difang.safety")
    hazard = new_hazard(ent["id"])
    moved(safety, hazard["id"], "start")
    uploaded(safety, hazard["id"])
    moved(safety, hazard["id"], "submit")
    assert_error(move(department, hazard["id"], "reject"), 422, "validation_failed", fields=["note"])
    rejected = moved(department, hazard["id"], "reject", note="照片看不清")
    assert rejected["status"] == "rectifying"
    # The old photo was shown with the last submission already.
    assert_error(move(safety, hazard["id"], "submit"), 422, fields=["attachments"])
    uploaded(safety, hazard["id"], JPEG, content_type="image/jpeg")
    assert moved(safety, hazard["id"], "submit")["status"] == "submitted"


def test_a_stale_version_is_409_and_changes_nothing(ent):
    hazard = new_hazard(ent["id"])
    client = signed_in("difang.safety")
    before = snapshot(hazard["id"])
    assert_error(move(client, hazard["id"], "start", version=7), 409, "stale_version")
    assert snapshot(hazard["id"]) == before


def test_closing_on_the_spot(ent):
    safety = signed_in("difang.safety")
    spot = new_hazard(ent["id"], mode="immediate", deadline=...)
    assert_error(move(safety, spot["id"], "close"), 422, "validation_failed", fields=["attachments"])
    photo = uploaded(safety, spot["id"], tag="before")
    closed = moved(safety, spot["id"], "close", note="当场整改完毕")
    assert closed["status"] == "closed" and closed["closed_at"]
    assert events(spot["id"])[-1]["attachment_ids"] == [photo["id"]]
    # A closed hazard takes no more evidence.
    assert_error(upload(safety, spot["id"]), 409, "bad_state")

    later = new_hazard(ent["id"])
    uploaded(safety, later["id"], tag="before")
    before = snapshot(later["id"])
    assert_error(move(safety, later["id"], "close"), 409, "bad_state")
    assert snapshot(later["id"]) == before


# Every move from a status that does not allow it: 409, nothing changed.
WRONG_STATUS = [("reported", a) for a in ("submit", "verify", "reject", "reopen")] + \
               [("rectifying", a) for a in ("start", "verify", "reject", "close", "reopen")] + \
               [("submitted", a) for a in ("start", "submit", "close", "reopen")] + \
               [("closed", a) for a in ("start", "submit", "verify", "reject", "close")]


@pytest.fixture(scope="module")
def in_every_status(ids, ent):
    """Hazards (mode immediate, with photos) in each status, by difang.safety:
    {"other": {status: id}} of an enterprise of the test's, {"own": ...} of difang.ent1's."""
    safety = signed_in("difang.safety")
    made = {}
    for whose, enterprise_id in (("other", ent["id"]), ("own", ids.enterprise["difang"])):
        made[whose] = {}
        for status in ("reported", "rectifying", "submitted", "closed"):
            hazard = new_hazard(enterprise_id, mode="immediate", deadline=...)
            uploaded(safety, hazard["id"], tag="before")
            if status in ("rectifying", "submitted"):
                moved(safety, hazard["id"], "start")
            if status == "submitted":
                uploaded(safety, hazard["id"], JPEG, content_type="image/jpeg")
                moved(safety, hazard["id"], "submit")
            if status == "closed":
                moved(safety, hazard["id"], "close")
            made[whose][status] = hazard["id"]
    return made


@pytest.mark.parametrize("status, action", WRONG_STATUS, ids=[f"{a} from {s}" for s, a in WRONG_STATUS])
def test_a_move_the_status_does_not_allow_is_409(in_every_status, status, action):
    hazard_id = in_every_status["other"][status]
    before = snapshot(hazard_id)
    # The committee: not the submitter, allowed every move its role makes.
    r = move(signed_in("difang.committee"), hazard_id, action, note="试一试")
    assert_error(r, 409, "bad_state")
    assert snapshot(hazard_id) == before


@pytest.mark.parametrize("username, whose, status, action, code", [
    ("difang.supervisor", "other", "reported", "start", 403),
    ("admin", "other", "reported", "start", 403),
    ("difang.ent1", "own", "submitted", "verify", 403),
    ("difang.ent1", "own", "submitted", "reject", 403),
    ("difang.ent1", "own", "reported", "close", 403),
    ("difang.ent1", "own", "closed", "reopen", 403),
    ("difang.ent1", "other", "reported", "start", 404),   # another enterprise's: not seen at all
    ("difang.ent1", "other", "submitted", "verify", 404),
])
def test_a_move_the_role_does_not_allow_is_refused(in_every_status, username, whose, status, action,
                                                   code):
    hazard_id = in_every_status[whose][status]
    before = snapshot(hazard_id)
    r = signed_in(username).post(f"{HAZARDS}/{hazard_id}/transitions",
                                 json={"action": action, "note": "试一试", "version": before[0]["version"]})
    assert_error(r, code)
    assert snapshot(hazard_id) == before


def test_a_major_hazard_needs_five_items_and_the_committee(ent, department):
    safety = signed_in("difang.safety")
    major = new_hazard(ent["id"], severity="major", mode="major",
                       five_items={"responsibility": "矿长", "measures": "", "funds": "10万元"})
    before = snapshot(major["id"])
    assert_error(move(safety, major["id"], "start"), 422, "validation_failed", fields=["five_items"])
    assert snapshot(major["id"]) == before
    r = safety.patch(f"{HAZARDS}/{major['id']}", json={"version": 1, "five_items": FIVE_ITEMS})
    assert r.status_code == 200, r.text
    moved(safety, major["id"], "start")
    uploaded(safety, major["id"])
    moved(safety, major["id"], "submit")
    before = snapshot(major["id"])
    assert_error(move(department, major["id"], "verify"), 403, "forbidden")
    assert snapshot(major["id"]) == before
    closed = moved(signed_in("difang.committee"), major["id"], "verify", note="指挥部验收合格")
    assert closed["status"] == "closed"


def test_an_enterprise_user_rectifies_its_own_hazards_only(ids, department):
    ent1 = signed_in("difang.ent1")
    own = new_hazard(ids.enterprise["difang"])
    other = new_hazard(make_enterprise()["id"])
    moved(ent1, own["id"], "start")
    uploaded(ent1, own["id"], JPEG, content_type="image/jpeg")
    submitted = moved(ent1, own["id"], "submit", note="已整改")
    assert submitted["submitted_by"] == ids.user["difang.ent1"]
    assert_error(move(ent1, own["id"], "verify", version=submitted["version"]), 403, "forbidden")
    # The enterprise sees its own hazard and the names of who moved it.
    assert [e["actor_name"] for e in events(own["id"], ent1)] == ["地方镇安监办", "地方镇企业安全员",
                                                                  "地方镇企业安全员"]
    # Another enterprise's hazard does not exist for it.
    for r in (ent1.get(f"{HAZARDS}/{other['id']}"), ent1.get(f"{HAZARDS}/{other['id']}/events"),
              ent1.get(f"{HAZARDS}/{other['id']}/attachments"),
              move(ent1, other["id"], "start", version=1), upload(ent1, other["id"])):
        assert_error(r, 404, "not_found")
    listed = ent1.get(HAZARDS, params={"limit": 200}).json()["items"]
    assert listed and {h["enterprise_id"] for h in listed} == {ids.enterprise["difang"]}
    assert moved(department, own["id"], "verify")["status"] == "closed"


def test_another_townships_hazard_is_404(ids):
    bailin = new_hazard(ids.enterprise["bailin"], client=signed_in("bailin.safety"))
    before = snapshot(bailin["id"])
    for username in ("difang.committee", "difang.safety"):
        client = signed_in(username)
        assert_error(client.get(f"{HAZARDS}/{bailin['id']}"), 404, "not_found")
        assert_error(client.get(f"{HAZARDS}/{bailin['id']}/events"), 404, "not_found")
        assert_error(client.patch(f"{HAZARDS}/{bailin['id']}", json={"version": 1, "measure": "x"}), 404)
        assert_error(move(client, bailin["id"], "start", version=1), 404, "not_found")
        assert_error(upload(client, bailin["id"]), 404, "not_found")
        assert_error(client.get(f"{HAZARDS}/{bailin['id']}/attachments"), 404, "not_found")
    assert snapshot(bailin["id"]) == before
    # The county admin reads every township's hazards of the county.
    assert signed_in("admin").get(f"{HAZARDS}/{bailin['id']}").status_code == 200


# --- Evidence -------------------------------------------------------------------------------

def test_a_photo_is_stored_once_and_comes_back_to_those_who_see_the_hazard(ids):
    ent1 = signed_in("difang.ent1")
    hazard = new_hazard(ids.enterprise["difang"])
    data = unique_jpeg()    # bytes no other test uploads
    r = upload(ent1, hazard["id"], data, tag="before", content_type="image/jpeg",
               file_name="%E7%8E%B0%E5%9C%BA.jpg")   # 现场.jpg
    assert r.status_code == 201, r.text
    photo = r.json()
    digest = hashlib.sha256(data).hexdigest()
    assert {k: photo[k] for k in ("tag", "content_type", "size", "sha256", "url", "file_name")} == {
        "tag": "before", "content_type": "image/jpeg", "size": len(data), "sha256": digest,
        "url": f"{ATTACHMENTS}/{photo['id']}", "file_name": "现场.jpg"}
    again = uploaded(ent1, hazard["id"], data, tag="after", content_type="image/jpeg")
    assert again["id"] != photo["id"] and again["sha256"] == digest
    assert sql_value("select count(*) from attachment_blob where sha256 = %s", (digest,)) == 1
    listed = signed_in("difang.supervisor").get(f"{HAZARDS}/{hazard['id']}/attachments").json()["items"]
    assert [(a["id"], a["tag"]) for a in listed] == [(photo["id"], "before"), (again["id"], "after")]
    assert [p["id"] for p in current(hazard["id"])["photos"]] == [photo["id"], again["id"]]

    for username in ("difang.ent1", "difang.committee", "difang.supervisor", "difang.safety", "admin"):
        got = signed_in(username).get(photo["url"])
        assert got.status_code == 200, (username, got.text)
        assert got.content == data and got.headers["Content-Type"] == "image/jpeg"
    assert_error(signed_in("bailin.committee").get(photo["url"]), 404, "not_found")
    assert_error(anonymous().get(photo["url"]), 401, "not_signed_in")


def test_an_enterprise_user_cannot_read_another_enterprises_photos(ent):
    hazard = new_hazard(ent["id"])
    photo = uploaded(signed_in("difang.safety"), hazard["id"])
    assert_error(signed_in("difang.ent1").get(photo["url"]), 404, "not_found")


def test_uploads_are_judged_by_their_bytes_and_size(ent):
    client = signed_in("difang.safety")
    hazard = new_hazard(ent["id"])
    r = upload(client, hazard["id"], read("not-an-image.jpg"), content_type="image/jpeg",
               file_name="photo.jpg")
    assert_error(r, 415, "unsupported_media_type")
    r = upload(client, hazard["id"], JPEG + b"\0" * (11 * 1024 * 1024), content_type="image/jpeg")
    assert_error(r, 413, "payload_too_large")
    assert_error(upload(client, hazard["id"], b"", content_type="image/png"), 422, "validation_failed")
    assert_error(upload(client, hazard["id"], tag="during"), 422, "validation_failed", fields=["tag"])
    assert_error(upload(client, hazard["id"], tag=None), 422, "validation_failed", fields=["tag"])
    assert_error(upload(signed_in("difang.supervisor"), hazard["id"]), 403, "forbidden")
    assert sql_value("select count(*) from attachment where entity_type = 'hazard' and entity_id = %s",
                     (hazard["id"],)) == 0
    pdf = uploaded(client, hazard["id"], read("letter.pdf"), tag="document", content_type="application/pdf")
    assert pdf["content_type"] == "application/pdf"


# --- The list -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def listed(ids):
    """An enterprise of its own with hazards of known attributes: {name: hazard}."""
    e = make_enterprise(village="北村", sector="industry")
    safety = signed_in("difang.safety")
    h = {
        "fresh": new_hazard(e["id"], description="新登记的隐患 100%达标", deadline=day(20)),
        "due_soon": new_hazard(e["id"], description="三日内到期", deadline=day(2)),
        "late": new_hazard(e["id"], description="已经逾期", deadline=day(7)),
        "major": new_hazard(e["id"], description="重大隐患", severity="major", mode="major",
                            deadline=day(30), five_items=FIVE_ITEMS),
        "spot": new_hazard(e["id"], description="当场整改", mode="immediate", deadline=...),
        "late_submitted": new_hazard(e["id"], description="逾期但已报送", deadline=day(7)),
    }
    # A deadline is never set in the past: these two fell due while open.
    for name, days in (("late", -3), ("late_submitted", -1)):
        sql("update hazard set deadline = %s where id = %s", (day(days), h[name]["id"]))
    r = safety.post(f"{HAZARDS}/{h['fresh']['id']}/extensions",
                    json={"version": 1, "deadline": day(25), "reason": "设备到货推迟"})
    assert r.status_code == 200, r.text
    moved(safety, h["late"]["id"], "start")
    moved(safety, h["major"]["id"], "start")
    moved(safety, h["late_submitted"]["id"], "start")
    uploaded(safety, h["late_submitted"]["id"])
    moved(safety, h["late_submitted"]["id"], "submit")
    uploaded(safety, h["spot"]["id"], tag="before")
    moved(safety, h["spot"]["id"], "close")
    # Spread creation and closing over known days (Asia/Shanghai).
    for name, days_ago in (("fresh", 0), ("due_soon", 1), ("late", 5), ("major", 10), ("spot", 12),
                           ("late_submitted", 20)):
        sql("update hazard set created_at = (%s::date + time '12:00') at time zone 'Asia/Shanghai'"
            " where id = %s", (day(-days_ago), h[name]["id"]))
    sql("update hazard set closed_at = (%s::date + time '09:00') at time zone 'Asia/Shanghai'"
        " where id = %s", (day(-11), h["spot"]["id"]))
    h["enterprise"] = e
    return h


def names(listed, items):
    by_id = {v["id"]: k for k, v in listed.items() if k != "enterprise"}
    return {by_id[i["id"]] for i in items if i["id"] in by_id}


def query(listed, username="difang.safety", **params):
    params.setdefault("enterprise_id", listed["enterprise"]["id"])
    params.setdefault("limit", 200)
    r = signed_in(username).get(HAZARDS, params=params)
    assert r.status_code == 200, r.text
    return r.json()


ALL = {"fresh", "due_soon", "late", "major", "spot", "late_submitted"}


@pytest.mark.parametrize("params, expected", [
    ({}, ALL),
    ({"status": "reported"}, {"fresh", "due_soon"}),
    ({"status": "rectifying,submitted"}, {"late", "major", "late_submitted"}),
    ({"status": "closed"}, {"spot"}),
    ({"severity": "major"}, {"major"}),
    ({"overdue": "true"}, {"late"}),
    ({"overdue": "false"}, ALL - {"late"}),
    ({"due_within": "3"}, {"due_soon"}),
    ({"due_within": "30"}, {"fresh", "due_soon", "major"}),
    ({"created_from": day(-5)}, {"fresh", "due_soon", "late"}),
    ({"created_from": day(-10), "created_to": day(-5)}, {"late", "major"}),
    ({"created_to": day(-1)}, ALL - {"fresh"}),
    ({"closed_from": day(-11), "closed_to": day(-11)}, {"spot"}),
    ({"closed_from": day(-10)}, set()),
    ({"q": "逾期"}, {"late", "late_submitted"}),
    ({"q": "100%"}, {"fresh"}),
    ({"q": "_"}, set()),
    ({"mode": "immediate"}, {"spot"}),
    ({"mode": "major"}, {"major"}),
    ({"source": "registration"}, ALL),
    ({"source": "self_report"}, set()),
    ({"extended": "true"}, {"fresh"}),
    ({"extended": "false"}, ALL - {"fresh"}),
])
def test_the_list_filters(listed, params, expected):
    assert names(listed, query(listed, **params)["items"]) == expected


def test_the_list_filters_by_place_sector_and_cadre(ids, listed, make_user):
    e = listed["enterprise"]
    work_area = sql_value("select parent_id from grid_node where id = %s", (e["grid_node_id"],))
    other_area = sql_value("select id from grid_node where township_id = %s and level = 2"
                           " and name = '第一工作区'", (ids.township["difang"],))
    assert names(listed, query(listed, grid_node_id=work_area)["items"]) == ALL
    assert names(listed, query(listed, grid_node_id=e["grid_node_id"])["items"]) == ALL
    assert names(listed, query(listed, grid_node_id=other_area)["items"]) == set()
    assert names(listed, query(listed, sector_id=ids.sector["industry"])["items"]) == ALL
    assert names(listed, query(listed, sector_id=ids.sector["food"])["items"]) == set()

    cadre = make_user(role="department")
    campaign = sql_value("select id from campaign where township_id = %s and parent_id is not null"
                         " and status = 'active' order by id limit 1", (ids.township["difang"],))
    sql("insert into enterprise_assignment (township_id, enterprise_id, campaign_id, user_id)"
        " values (%s, %s, %s, %s)", (ids.township["difang"], e["id"], campaign, cadre["id"]))
    try:
        assert names(listed, query(listed, cadre_id=cadre["id"])["items"]) == ALL
        assert names(listed, query(listed, cadre_id=ids.user["difang.committee"])["items"]) == set()
        mine = query(listed, username=cadre["username"], mine="true", enterprise_id=None)["items"]
        assert names(listed, mine) == ALL and {h["enterprise_id"] for h in mine} == {e["id"]}
        assert names(listed, query(listed, mine="true")["items"]) == set()
        # Or the hazards the caller answers for.
        r = signed_in("difang.safety").patch(f"{HAZARDS}/{listed['fresh']['id']}", json={
            "version": current(listed["fresh"]["id"])["version"], "responsible_user_id": ids.user["difang.safety"]})
        assert r.status_code == 200, r.text
        assert names(listed, query(listed, mine="true")["items"]) == {"fresh"}
    finally:
        sql("delete from enterprise_assignment where user_id = %s", (cadre["id"],))


def test_the_list_sorts_and_pages(listed):
    newest = query(listed)["items"]
    assert [h["id"] for h in newest] == [listed[n]["id"] for n in
                                         ("fresh", "due_soon", "late", "major", "spot", "late_submitted")]
    by_deadline = query(listed, sort="deadline")["items"]
    assert [h["id"] for h in by_deadline] == [listed[n]["id"] for n in
                                              ("late", "late_submitted", "due_soon", "fresh", "major", "spot")]
    for sort in ("created", "deadline"):
        seen, cursor = [], None
        while True:
            params = {"sort": sort, "limit": 2}
            if cursor:
                params["cursor"] = cursor
            page = query(listed, **params)
            assert len(page["items"]) <= 2
            seen += [h["id"] for h in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == [h["id"] for h in (newest if sort == "created" else by_deadline)]


def test_the_whole_township_pages_without_gaps(ids):
    client = signed_in("difang.committee")
    expected = sql_value("select count(*) from hazard where township_id = %s", (ids.township["difang"],))
    for sort in ("created", "deadline"):
        seen, params = [], {"limit": 7, "sort": sort}
        while True:
            page = client.get(HAZARDS, params=params).json()
            seen += [h["id"] for h in page["items"]]
            if page["next_cursor"] is None:
                break
            params["cursor"] = page["next_cursor"]
        assert len(seen) == len(set(seen)) == expected


@pytest.mark.parametrize("params, field", [
    ({"status": "open"}, "status"),
    ({"status": "reported,"}, "status"),
    ({"sort": "severity"}, "sort"),
    ({"overdue": "yes"}, "overdue"),
    ({"due_within": "-1"}, "due_within"),
    ({"created_from": in_year(13, 1)}, "created_from"),
    ({"cursor": "12"}, "cursor"),
    ({"cursor": in_year(1, 1) + ",12"}, "cursor"),
    ({"sort": "deadline", "cursor": in_year(1, 1) + "T00:00:00.000000Z,12"}, "cursor"),
    ({"sort": "deadline", "cursor": in_year(2, 30) + ",12"}, "cursor"),
    ({"colour": "red"}, "colour"),
])
def test_the_list_refuses_bad_filters(params, field):
    r = signed_in("difang.safety").get(HAZARDS, params=params)
    assert_error(r, 422, "validation_failed", fields=[field])


def test_the_list_shows_only_the_callers_township(ids):
    for username, town in (("difang.supervisor", "difang"), ("bailin.committee", "bailin")):
        items = signed_in(username).get(HAZARDS, params={"limit": 200}).json()["items"]
        assert items and {h["township_id"] for h in items} == {ids.township[town]}
    items = signed_in("admin").get(HAZARDS, params={"limit": 200}).json()["items"]
    assert {ids.township["difang"], ids.township["bailin"]} <= {h["township_id"] for h in items}


def test_the_demo_has_hazards_in_every_state(ids):
    for town in ("difang", "bailin", "zhongcun"):
        rows = sql("select status, severity, app.hazard_overdue(status, deadline) as overdue,"
                   " (select count(*) from attachment a where a.entity_type = 'hazard'"
                   "     and a.entity_id = h.id) as photos, five_items,"
                   " (select count(*) from hazard_event v where v.hazard_id = h.id) as events"
                   " from hazard h where township_id = %s", (ids.township[town],))
        assert {r["status"] for r in rows} == {"reported", "rectifying", "submitted", "closed"}
        assert any(r["overdue"] for r in rows)
        assert any(r["status"] == "closed" and r["photos"] >= 2 for r in rows)
        assert any(r["severity"] == "major" and r["status"] == "rectifying" and r["five_items"] for r in rows)
        assert all(r["events"] >= 1 for r in rows)
