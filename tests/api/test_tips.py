"""Public tips (举报): sent by anyone with the gate's token, limited per client
address, with one photo sent within the hour by the holder of the tip's photo
token; handled in the township's queue by the committee and the departments --
accepted (it becomes a hazard, which the gate then shows) or dismissed, once.

Every test comes from 127.0.0.1, so tests that send tips first make earlier
tips from it stop counting (forget_tip_addresses), and the rate-limit test
cleans up after itself.
"""
import hashlib
import os
import re

import pytest

from conftest import CLIENT_ADDR, anonymous, assert_error, day, in_year, signed_in, sql, sql_value, year_end
from test_public import (CAMPAIGN_NAME, PUBLIC, cleanup, forget_tip_addresses,  # noqa: F401 (fixture)
                         make_enterprise)

TIPS = "/api/v1/tips"
PUBLIC_TIPS = "/api/v1/public/tips"
FILES = os.path.join(os.path.dirname(__file__), "files")
TIP_KEYS = {"id", "township_id", "enterprise_id", "enterprise_name", "text", "contact", "status",
            "photo_url", "hazard_id", "handled_by", "handled_at", "reason", "created_at"}


def read(name):
    with open(os.path.join(FILES, name), "rb") as f:
        return f.read()


@pytest.fixture(scope="module")
def gate():
    """An enterprise looked after by the safety office in the demo campaign,
    while a later campaign of the township is active too."""
    e = make_enterprise()
    e["campaign_id"] = sql_value("select id from campaign where township_id = %s and name = %s",
                                 (e["township_id"], CAMPAIGN_NAME))
    sql("insert into enterprise_assignment (township_id, enterprise_id, campaign_id, user_id)"
        " select %s, %s, %s, id from app_user where username = 'difang.safety'",
        (e["township_id"], e["id"], e["campaign_id"]))
    later = sql_value("insert into campaign (county_id, township_id, name, starts_on, ends_on, status)"
                      " select county_id, id, '举报测试专项行动', %s, %s, 'active'"
                      "   from township where id = %s returning id", (in_year(6, 1), year_end(), e["township_id"]))
    yield e
    sql("delete from campaign where id = %s", (later,))


@pytest.fixture(autouse=True)
def fresh_address():
    forget_tip_addresses()
    yield
    forget_tip_addresses()


def send_tip(token, text="仓库里堆着很多易燃的纸箱，消防通道被堵住了。", client=None, **extra):
    body = {"token": token, "text": text, **extra}
    return (client or anonymous()).post(PUBLIC_TIPS, json=body)


def new_tip(gate, **extra):
    r = send_tip(gate["token"], **extra)
    assert r.status_code == 201, r.text
    return r.json()


def photo(tip_id, token, data, content_type="image/jpeg"):
    return anonymous().post(f"{PUBLIC_TIPS}/{tip_id}/photo", params={"token": token}, data=data,
                            headers={"Content-Type": content_type})


def tip_row(tip_id):
    return sql("select * from tip where id = %s", (tip_id,))[0]


# --- Sending ---------------------------------------------------------------------------------

def test_anyone_sends_a_tip_without_an_account_or_csrf_token(gate):
    r = send_tip(gate["token"], contact="王先生 139****1234")
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) == {"id", "photo_upload_token"}
    assert re.fullmatch(r"[0-9a-f]{64}", body["photo_upload_token"])
    row = tip_row(body["id"])
    assert row["status"] == "pending" and row["township_id"] == gate["township_id"]
    assert row["enterprise_id"] == gate["id"] and row["client_addr"] == CLIENT_ADDR
    assert row["contact"] == "王先生 139****1234" and row["hazard_id"] is None
    # Only the upload token's hash is kept.
    assert row["photo_token_hash"] == hashlib.sha256(body["photo_upload_token"].encode()).hexdigest()
    # The township's audit log knows the tip, not who sent it.
    audit = sql("select client_addr, after from audit_log where entity_type = 'tip' and entity_id = %s",
                (body["id"],))
    assert len(audit) == 1 and audit[0]["client_addr"] is None
    assert audit[0]["after"]["text"] == row["text"]
    assert "client_addr" not in audit[0]["after"] and "photo_token_hash" not in audit[0]["after"]
    # A signed-in caller without the CSRF header may send one too.
    assert send_tip(gate["token"], client=signed_in("bailin.safety", csrf=False)).status_code == 201


@pytest.mark.parametrize("body, field", [
    ({"text": "有隐患"}, "token"),
    ({"token": "0" * 32}, "text"),
    ({"token": "0" * 32, "text": ""}, "text"),
    ({"token": "0" * 32, "text": "长" * 1001}, "text"),
    ({"token": "0" * 32, "text": "有隐患", "contact": "长" * 61}, "contact"),
    ({"token": "0" * 32, "text": "有隐患", "name": "张三"}, "name"),
    ({"token": 12345678901234567, "text": "有隐患"}, "token"),
])
def test_a_bad_tip_is_422_naming_the_field(body, field):
    assert_error(anonymous().post(PUBLIC_TIPS, json=body), 422, "validation_failed", fields=[field])


def test_a_blank_text_is_422_and_an_unknown_token_404(gate):
    assert_error(send_tip(gate["token"], text="  \n "), 422, "validation_failed", fields=["text"])
    assert_error(send_tip("0123456789abcdef0123456789abcdef"), 404, "not_found")
    assert_error(send_tip("NOT-A-TOKEN-AT-ALL"), 404, "not_found")
    assert sql_value("select count(*) from tip where client_addr = %s", (CLIENT_ADDR,)) == 0


def test_a_rotated_token_takes_no_more_tips():
    e = make_enterprise()
    r = signed_in("difang.committee").post(f"/api/v1/enterprises/{e['id']}/public-token")
    assert r.status_code == 200
    assert_error(send_tip(e["token"]), 404, "not_found")
    assert send_tip(r.json()["public_token"]).status_code == 201


def test_tips_are_limited_per_address(gate):
    for _ in range(5):
        new_tip(gate)
    r = send_tip(gate["token"])
    assert_error(r, 429, "too_many_requests")
    assert 1 <= int(r.headers["Retry-After"]) <= 3600
    assert sql_value("select count(*) from tip where client_addr = %s", (CLIENT_ADDR,)) == 5
    # Another address is not affected; the limit is the address's, not the enterprise's.
    forget_tip_addresses()
    new_tip(gate)
    # Twenty a day: 19 more from earlier today, outside the last hour.
    sql("insert into tip (township_id, enterprise_id, text, client_addr, created_at)"
        " select %s, %s, '公示测试：早些时候的举报', %s, now() - make_interval(hours => 2 + g)"
        "   from generate_series(1, 19) g", (gate["township_id"], gate["id"], CLIENT_ADDR))
    r = send_tip(gate["token"])
    assert_error(r, 429, "too_many_requests")
    assert int(r.headers["Retry-After"]) > 3600


# --- The photo -------------------------------------------------------------------------------

def test_one_photo_with_the_right_token(gate):
    tip = new_tip(gate)
    jpeg = read("letter-scan.jpg")
    r = photo(tip["id"], tip["photo_upload_token"], jpeg)
    assert r.status_code == 201, r.text
    assert r.json() == {"tip_id": tip["id"], "content_type": "image/jpeg", "size": len(jpeg)}
    row = tip_row(tip["id"])
    attachment = sql("select * from attachment where id = %s", (row["photo_attachment_id"],))[0]
    assert (attachment["entity_type"], attachment["entity_id"], attachment["tag"]) == ("tip", tip["id"], "before")
    assert attachment["township_id"] == gate["township_id"] and attachment["uploaded_by"] is None
    assert attachment["sha256"] == hashlib.sha256(jpeg).hexdigest()
    assert sql_value("select client_addr from audit_log where entity_type = 'attachment'"
                     " and entity_id = %s", (attachment["id"],)) is None
    # Once only.
    assert_error(photo(tip["id"], tip["photo_upload_token"], read("stamp.png"), "image/png"),
                 409, "bad_state")
    listed = signed_in("difang.safety").get(TIPS, params={"enterprise_id": gate["id"]}).json()["items"]
    assert next(t for t in listed if t["id"] == tip["id"])["photo_url"] == \
        f"/api/v1/attachments/{attachment['id']}"


def test_a_wrong_token_or_tip_is_404_and_stores_nothing(gate):
    tip, other = new_tip(gate), new_tip(gate)
    jpeg = read("letter-scan.jpg")
    before = sql_value("select count(*) from attachment where entity_type = 'tip'")
    assert_error(photo(tip["id"], "0" * 64, jpeg), 404, "not_found")
    # Another tip's token does not open this one.
    assert_error(photo(tip["id"], other["photo_upload_token"], jpeg), 404, "not_found")
    assert_error(photo(999999999, tip["photo_upload_token"], jpeg), 404, "not_found")
    assert_error(photo(tip["id"], "abc", jpeg), 422, "validation_failed", fields=["token"])
    assert_error(anonymous().post(f"{PUBLIC_TIPS}/{tip['id']}/photo", data=jpeg,
                                  headers={"Content-Type": "image/jpeg"}),
                 422, "validation_failed", fields=["token"])
    assert sql_value("select count(*) from attachment where entity_type = 'tip'") == before
    assert tip_row(tip["id"])["photo_attachment_id"] is None


@pytest.mark.parametrize("name, content_type", [("not-an-image.jpg", "image/jpeg"),
                                                ("letter.pdf", "application/pdf")])
def test_only_photos_are_taken(gate, name, content_type):
    tip = new_tip(gate)
    assert_error(photo(tip["id"], tip["photo_upload_token"], read(name), content_type),
                 415, "unsupported_media_type")
    assert tip_row(tip["id"])["photo_attachment_id"] is None
    # The token still works for a real photo.
    assert photo(tip["id"], tip["photo_upload_token"], read("stamp.png"), "image/png").status_code == 201


def test_an_empty_or_too_large_photo_is_refused(gate):
    tip = new_tip(gate)
    assert_error(photo(tip["id"], tip["photo_upload_token"], b""), 422, "validation_failed",
                 fields=["body"])
    big = b"\xff\xd8\xff\xe0" + b"\0" * (5 * 1024 * 1024)
    assert_error(photo(tip["id"], tip["photo_upload_token"], big), 413, "payload_too_large")
    assert tip_row(tip["id"])["photo_attachment_id"] is None


def test_a_photo_comes_within_the_hour(gate):
    tip = new_tip(gate)
    sql("update tip set created_at = now() - interval '61 minutes' where id = %s", (tip["id"],))
    assert_error(photo(tip["id"], tip["photo_upload_token"], read("letter-scan.jpg")), 409, "bad_state")
    assert tip_row(tip["id"])["photo_attachment_id"] is None


# --- The queue -------------------------------------------------------------------------------

def test_the_township_lists_its_tips_newest_first_with_filters(gate):
    first, second = new_tip(gate, text="第一条举报"), new_tip(gate, text="第二条举报")
    other = make_enterprise()
    elsewhere = new_tip(other)
    c = signed_in("difang.safety")
    r = c.get(TIPS, params={"enterprise_id": gate["id"], "status": "pending"})
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert all(set(t) == TIP_KEYS for t in items)
    ids = [t["id"] for t in items]
    assert ids.index(second["id"]) < ids.index(first["id"]) and elsewhere["id"] not in ids
    assert ids == sorted(ids, reverse=True)
    row = next(t for t in items if t["id"] == second["id"])
    assert row["text"] == "第二条举报" and row["enterprise_name"] == gate["name"]
    assert row["status"] == "pending" and row["photo_url"] is None
    assert "client_addr" not in r.text and "photo_token" not in r.text
    # Pages of one, following the cursor.
    seen, cursor = [], None
    while True:
        page = c.get(TIPS, params={"enterprise_id": gate["id"], "limit": 1,
                                   **({"cursor": cursor} if cursor else {})}).json()
        seen += [t["id"] for t in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen, reverse=True) and {first["id"], second["id"]} <= set(seen)
    # Status filter.
    c2 = signed_in("difang.committee")
    assert c2.post(f"{TIPS}/{first['id']}/dismiss", json={"reason": "重复举报"}).status_code == 200
    dismissed = [t["id"] for t in c.get(TIPS, params={"status": "dismissed",
                                                       "enterprise_id": gate["id"]}).json()["items"]]
    pending = [t["id"] for t in c.get(TIPS, params={"status": "pending",
                                                     "enterprise_id": gate["id"]}).json()["items"]]
    assert first["id"] in dismissed and first["id"] not in pending and second["id"] in pending
    # Another township sees none of them.
    assert elsewhere["id"] in [t["id"] for t in c.get(TIPS, params={"enterprise_id": other["id"]}).json()["items"]]
    bailin = [t["id"] for t in signed_in("bailin.safety").get(TIPS, params={"limit": 200}).json()["items"]]
    assert not {first["id"], second["id"], elsewhere["id"]} & set(bailin)


@pytest.mark.parametrize("query, field", [({"status": "open"}, "status"), ({"enterprise_id": "x"}, "enterprise_id"),
                                          ({"cursor": "abc"}, "cursor"), ({"limit": "0"}, "limit")])
def test_a_bad_filter_is_422(query, field):
    assert_error(signed_in("difang.safety").get(TIPS, params=query), 422, "validation_failed", fields=[field])


@pytest.mark.parametrize("user, status", [("difang.supervisor", 403), ("difang.ent1", 403),
                                          ("admin", 403), (None, 401)])
def test_only_the_committee_and_departments_handle_tips(gate, user, status):
    tip = new_tip(gate)
    c = signed_in(user) if user else anonymous()
    if user in ("difang.supervisor", "admin"):
        # They read the queue (tip.read), but handle none of it.
        assert tip["id"] in [t["id"] for t in c.get(TIPS).json()["items"]]
    else:
        assert_error(c.get(TIPS), status)
    assert_error(c.post(f"{TIPS}/{tip['id']}/accept", json={"severity": "general", "mode": "immediate"}), status)
    assert_error(c.post(f"{TIPS}/{tip['id']}/dismiss", json={"reason": "不属实"}), status)
    assert tip_row(tip["id"])["status"] == "pending"


# --- Accept and dismiss ----------------------------------------------------------------------

def accept(tip_id, user="difang.safety", **body):
    body = {"severity": "general", "mode": "deadline",
            "deadline": day(20), "description": "公示测试：部门核实后写的隐患描述", **body}
    return signed_in(user).post(f"{TIPS}/{tip_id}/accept", json=body)


def test_a_tip_becomes_a_hazard_that_the_gate_shows(gate):
    before = anonymous().get(PUBLIC + gate["token"]).json()["hazards"]
    tip = new_tip(gate, text="配电室门口堆满杂物，灭火器过期。")
    jpeg = read("letter-scan.jpg")
    assert photo(tip["id"], tip["photo_upload_token"], jpeg).status_code == 201
    deadline = day(15)
    r = accept(tip["id"], deadline=deadline, measure="清理杂物，更换灭火器",
               description="配电室门前通道堵塞，灭火器超期")
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) == {"hazard_id", "tip"} and set(body["tip"]) == TIP_KEYS
    assert body["tip"]["status"] == "accepted" and body["tip"]["hazard_id"] == body["hazard_id"]
    safety = sql_value("select id from app_user where username = 'difang.safety'")
    assert body["tip"]["handled_by"] == safety and body["tip"]["handled_at"]
    hazard = sql("select * from hazard where id = %s", (body["hazard_id"],))[0]
    assert (hazard["source"], hazard["tip_id"], hazard["status"]) == ("tip", tip["id"], "reported")
    # In the department's words, not the tipster's (the enterprise reads them).
    assert hazard["description"] == "配电室门前通道堵塞，灭火器超期"
    assert (hazard["enterprise_id"], hazard["grid_node_id"], hazard["sector_id"]) == \
        (gate["id"], gate["grid_node_id"], gate["sector_id"])
    assert hazard["measure"] == "清理杂物，更换灭火器" and hazard["deadline"].isoformat() == deadline
    assert hazard["created_by"] == safety and hazard["township_id"] == gate["township_id"]
    # The campaign of the enterprise's cadre, whatever other campaigns are active.
    assert hazard["campaign_id"] == gate["campaign_id"]
    events = sql("select * from hazard_event where hazard_id = %s", (hazard["id"],))
    assert len(events) == 1 and events[0]["action"] == "report" and events[0]["actor_id"] == safety
    # The tipster's photo is the hazard's first "before" photo.
    copies = sql("select * from attachment where entity_type = 'hazard' and entity_id = %s", (hazard["id"],))
    assert len(copies) == 1 and copies[0]["tag"] == "before"
    assert copies[0]["sha256"] == hashlib.sha256(jpeg).hexdigest()
    assert events[0]["attachment_ids"] == [copies[0]["id"]]
    # The gate shows it now: a registered hazard, its mode, deadline and status.
    after = anonymous().get(PUBLIC + gate["token"]).json()["hazards"]
    assert len(after) == len(before) + 1
    assert {"item_code": None, "item": "登记隐患", "mode": "deadline", "deadline": deadline,
            "status": "reported", "overdue": False,
            "reported_on": day(), "closed_on": None} in after
    assert "配电室" not in anonymous().get(PUBLIC + gate["token"]).text


def test_accepting_with_a_description_and_a_major_hazard(gate):
    tip = new_tip(gate)
    r = accept(tip["id"], user="difang.committee", severity="major", mode="major",
               description="公示测试：尾矿库坝体渗漏")
    assert r.status_code == 201, r.text
    hazard = sql("select * from hazard where id = %s", (r.json()["hazard_id"],))[0]
    assert (hazard["severity"], hazard["mode"]) == ("major", "major")
    assert hazard["description"] == "公示测试：尾矿库坝体渗漏"
    # No photo: no attachment, an event without one.
    assert sql_value("select attachment_ids from hazard_event where hazard_id = %s", (hazard["id"],)) == []
    # Immediate rectification needs no deadline; without a cadre, no campaign.
    other = make_enterprise()
    r = accept(new_tip(other)["id"], mode="immediate", deadline=None)
    assert r.status_code == 201, r.text
    assert sql_value("select campaign_id from hazard where id = %s", (r.json()["hazard_id"],)) is None


@pytest.mark.parametrize("body, field", [
    ({"severity": "major", "mode": "deadline"}, "mode"),
    ({"severity": "general", "mode": "major"}, "mode"),
    ({"deadline": None}, "deadline"),
    ({"deadline": day(-1)}, "deadline"),
    ({"deadline": in_year(2, 30)}, "deadline"),
    ({"severity": "minor"}, "severity"),
    ({"mode": None}, "mode"),
    ({"description": ""}, "description"),
    ({"measure": "长" * 2001}, "measure"),
    ({"version": 1}, "version"),
])
def test_a_bad_accept_is_422_and_changes_nothing(gate, body, field):
    tip = new_tip(gate)
    hazards = sql_value("select count(*) from hazard where tip_id = %s", (tip["id"],))
    assert_error(accept(tip["id"], **body), 422, "validation_failed", fields=[field])
    assert tip_row(tip["id"])["status"] == "pending"
    assert sql_value("select count(*) from hazard where tip_id = %s", (tip["id"],)) == hazards == 0


def test_dismissing_and_handling_twice(gate):
    tip = new_tip(gate)
    c = signed_in("difang.safety")
    assert_error(c.post(f"{TIPS}/{tip['id']}/dismiss", json={}), 422, "validation_failed", fields=["reason"])
    r = c.post(f"{TIPS}/{tip['id']}/dismiss", json={"reason": "经核实不属实"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == TIP_KEYS and body["status"] == "dismissed" and body["reason"] == "经核实不属实"
    assert body["handled_at"] and body["hazard_id"] is None
    # Handled once: neither a second dismissal nor an acceptance.
    assert_error(c.post(f"{TIPS}/{tip['id']}/dismiss", json={"reason": "再次"}), 409, "bad_state")
    assert_error(accept(tip["id"]), 409, "bad_state")
    assert sql_value("select count(*) from hazard where tip_id = %s", (tip["id"],)) == 0
    accepted = new_tip(gate)
    assert accept(accepted["id"]).status_code == 201
    assert_error(accept(accepted["id"]), 409, "bad_state")
    assert_error(c.post(f"{TIPS}/{accepted['id']}/dismiss", json={"reason": "不属实"}), 409, "bad_state")
    assert sql_value("select count(*) from hazard where tip_id = %s", (accepted["id"],)) == 1
    assert tip_row(accepted["id"])["reason"] is None


@pytest.mark.parametrize("user", ["bailin.safety", "bailin.committee"])
def test_another_townships_tip_is_404_and_unchanged(gate, user):
    tip = new_tip(gate)
    c = signed_in(user)
    assert_error(accept(tip["id"], user=user), 404, "not_found")
    assert_error(c.post(f"{TIPS}/{tip['id']}/dismiss", json={"reason": "不属实"}), 404, "not_found")
    assert_error(c.post(f"{TIPS}/999999999/dismiss", json={"reason": "不属实"}), 404, "not_found")
    row = tip_row(tip["id"])
    assert row["status"] == "pending" and row["handled_by"] is None


def test_handling_needs_the_csrf_token(gate):
    tip = new_tip(gate)
    c = signed_in("difang.safety", csrf=False)
    assert_error(c.post(f"{TIPS}/{tip['id']}/dismiss", json={"reason": "不属实"}), 403, "csrf")
    assert tip_row(tip["id"])["status"] == "pending"


# --- The demo -------------------------------------------------------------------------------

def test_the_demo_has_a_pending_tip_in_every_township_and_handled_ones_in_difang():
    rows = sql("select t.slug, p.status, p.hazard_id, p.reason, h.source, h.tip_id = p.id as linked"
               "  from tip p join township t on t.id = p.township_id"
               "  left join hazard h on h.id = p.hazard_id"
               " where p.client_addr like '198.51.100.%%'")
    for town in ("difang", "bailin", "zhongcun"):
        assert any(r["slug"] == town and r["status"] == "pending" for r in rows), town
    accepted = [r for r in rows if r["slug"] == "difang" and r["status"] == "accepted"]
    assert accepted and all(r["source"] == "tip" and r["linked"] for r in accepted)
    assert any(r["slug"] == "difang" and r["status"] == "dismissed" and r["reason"] for r in rows)
    # The demo's pending tip is in difang's queue.
    items = signed_in("difang.safety").get(TIPS, params={"status": "pending", "limit": 200}).json()["items"]
    assert any(t["text"].startswith("厂区后面的老采空区") for t in items)
