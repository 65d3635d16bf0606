"""The public gate notice (张贴在企业门口的公示): what anyone with the QR code sees.

GET /public/enterprises/{token} answers without a login exactly what the
township posts at the gate -- the enterprise's name and address, its
township, its assigned cadre's name, the latest inspection, and each hazard's
item, mode, deadline and status -- and never a description, a note, a photo,
a phone number, an id, or another enterprise's hazard.  notice.svg is the
same on an A4 page with a QR code.  The committee rotates the token; the old
one stops working at once.

Enterprises made here (and by test_tips.py) carry credit codes whose
organization part is "PU"; the module removes them, their hazards, tips,
inspections and its checklist afterwards.
"""
import random
import re
import uuid
import xml.etree.ElementTree as ET

import pytest

from conftest import (CLIENT_ADDR, DEMO_CAMPAIGN, anonymous, assert_error, day, signed_in, sql,
                      sql_value, today)

PUBLIC = "/api/v1/public/enterprises/"
SVG = "{http://www.w3.org/2000/svg}"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]
CAMPAIGN_NAME = DEMO_CAMPAIGN
PAGE_KEYS = {"enterprise", "township", "cadre", "latest_inspection_on", "latest_inspection", "hazard_counts", "hazards",
             "as_of"}
HAZARD_KEYS = {"item_code", "item", "mode", "deadline", "status", "overdue", "reported_on",
               "closed_on"}
OURS = "select id from enterprise where substr(credit_code, 9, 2) = 'PU'"


def credit_code():
    """A valid credit code of this module: 91 371326 PU nnnnnnn + check character."""
    first17 = "91371326PU" + f"{random.randrange(10 ** 7):07d}"
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return first17 + ALPHABET[(31 - total % 31) % 31]


def make_enterprise(town="difang", name=None):
    """An enterprise registered through the API by the township's committee:
    its JSON plus its public token (read from the database)."""
    village = sql_value("select n.id from grid_node n join township t on t.id = n.township_id"
                        " where t.slug = %s and n.level = 3 and n.name = '东村'", (town,))
    r = signed_in(f"{town}.committee").post("/api/v1/enterprises", json={
        "credit_code": credit_code(), "name": name or f"公示测试企业{uuid.uuid4().hex[:6]}",
        "sector_id": sql_value("select s.id from sector s join township t on t.county_id = s.county_id"
                               " where t.slug = %s and s.code = 'industry'", (town,)),
        "grid_node_id": village, "address": "地方镇东村工业路8号", "contact_name": "企业联系人",
        "contact_phone": "13905398888"})
    assert r.status_code == 201, r.text
    made = r.json()
    made["token"] = sql_value("select public_token from enterprise where id = %s", (made["id"],))
    return made


def forget_tip_addresses():
    """Tips from 127.0.0.1 (every test's address) stop counting against its limit."""
    sql("update tip set client_addr = '192.0.2.1' where client_addr = %s", (CLIENT_ADDR,))


def remove_ours():
    sql(f"update tip set hazard_id = null where enterprise_id in ({OURS})")
    sql(f"delete from hazard where enterprise_id in ({OURS})")
    sql(f"update tip set photo_attachment_id = null where enterprise_id in ({OURS})")
    sql("delete from attachment where entity_type = 'tip' and entity_id in"
        f" (select id from tip where enterprise_id in ({OURS}))")
    sql(f"delete from tip where enterprise_id in ({OURS})")
    sql(f"delete from inspection where enterprise_id in ({OURS})")
    sql(f"delete from enterprise_assignment where enterprise_id in ({OURS})")
    sql(f"delete from enterprise where id in ({OURS})")


@pytest.fixture(scope="module", autouse=True)
def cleanup():
    forget_tip_addresses()
    yield
    remove_ours()
    sql("delete from hazard where description like '公示测试：%%'")
    sql("delete from checklist where code like 'pubtest-%%'")
    forget_tip_addresses()


def all_keys(value):
    """Every key of every object inside value."""
    if isinstance(value, dict):
        return set(value) | set().union(*(all_keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(all_keys(v) for v in value)) if value else set()
    return set()


# --- The gate: an enterprise with a cadre, inspections and hazards in every state ------------

@pytest.fixture(scope="module")
def gate():
    """An enterprise (its name needs XML escaping) with an active and an ended
    cadre, a routine inspection 30 days ago (a later self-inspection and a
    draft do not count), and hazards: an overdue one from a checklist item, a
    major one under way, one closed 10 days ago, one closed 100 days ago; and a
    hazard of another enterprise."""
    e = make_enterprise(name=f"公示&<测试>\"企业'{uuid.uuid4().hex[:4]}")
    t = uuid.uuid4().hex[:6]
    town = e["township_id"]
    campaign = sql_value("select id from campaign where township_id = %s and name = %s",
                         (town, CAMPAIGN_NAME))
    safety = sql_value("select id from app_user where username = 'difang.safety'")
    committee = sql_value("select id from app_user where username = 'difang.committee'")
    sql("insert into enterprise_assignment (township_id, enterprise_id, campaign_id, user_id,"
        " starts_on, ends_on) values (%s, %s, %s, %s, %s, %s)",
        (town, e["id"], campaign, committee, day(-60), day(-45)))
    sql("insert into enterprise_assignment (township_id, enterprise_id, campaign_id, user_id,"
        " starts_on) values (%s, %s, %s, %s, %s)", (town, e["id"], campaign, safety, day(-45)))
    county = sql_value("select county_id from township where id = %s", (town,))
    checklist = sql_value("insert into checklist (county_id, code, version, name)"
                          " values (%s, %s, 1, '公示测试登记表') returning id", (county, f"pubtest-{t}"))
    category = sql_value("insert into checklist_category (checklist_id, position, name)"
                         " values (%s, 1, '消防安全') returning id", (checklist,))
    items = {}
    for position, (code, text) in enumerate([("P01", "消防通道是否畅通，消火栓前是否堆放物品"),
                                             ("P02", "别家企业的检查项目不应出现")], 1):
        items[code] = sql_value(
            "insert into checklist_item (checklist_id, category_id, code, position, text)"
            " values (%s, %s, %s, %s, %s) returning id", (checklist, category, code, position, text))
    sql("update checklist set status = 'published', published_at = now() where id = %s", (checklist,))
    inspections = {}
    for kind, inspected_on, status in [("routine", day(-30), "submitted"), ("self", day(-15), "submitted"),
                                       ("joint", day(-10), "draft")]:
        inspections[kind] = sql_value(
            "insert into inspection (township_id, enterprise_id, campaign_id, checklist_id, kind,"
            " inspected_on, note, status, submitted_at) values (%s, %s, %s, %s, %s, %s,"
            " '内部检查备注：老板不配合', %s, case when %s = 'submitted' then now() end) returning id",
            (town, e["id"], campaign, checklist, kind, inspected_on, status, status))

    def hazard(enterprise, **columns):
        row = {"township_id": town, "enterprise_id": enterprise, "sector_id": e["sector_id"],
               "source": "registration", "severity": "general", "mode": "deadline",
               "measure": "公示测试：内部整改措施", "created_by": safety}
        row.update(columns)
        names = ", ".join(row)
        marks = ", ".join(["%s"] * len(row))
        return sql_value(f"insert into hazard ({names}) values ({marks}) returning id",
                         tuple(row.values()))

    hazards = {
        "overdue": hazard(e["id"], source="inspection", inspection_id=inspections["routine"],
                          item_id=items["P01"], description="公示测试：仓库门口堆满成品，老板电话13900001111",
                          deadline=sql_value("select app.today() - 3")),
        "major": hazard(e["id"], severity="major", mode="major", status="rectifying",
                        description="公示测试：重大隐患内部描述",
                        deadline=sql_value("select app.today() + 30"),
                        five_items='{"responsibility": "厂长", "measures": "停产整改", "funds": "20万元",'
                                   ' "time_limit": "30天", "contingency_plan": "已制定"}'),
        "closed": hazard(e["id"], mode="immediate", status="closed", description="公示测试：已整改",
                         closed_at=sql_value("select now() - interval '10 days'")),
        "old": hazard(e["id"], status="closed", description="公示测试：很久以前销号",
                      deadline=day(-120), closed_at=sql_value("select now() - interval '100 days'")),
    }
    other = make_enterprise()
    other_inspection = sql_value(
        "insert into inspection (township_id, enterprise_id, campaign_id, checklist_id, kind,"
        " inspected_on, status, submitted_at) values (%s, %s, %s, %s, 'routine', %s,"
        " 'submitted', now()) returning id", (town, other["id"], campaign, checklist, day(-20)))
    hazards["elsewhere"] = hazard(other["id"], source="inspection", inspection_id=other_inspection,
                                  item_id=items["P02"], description="公示测试：别家企业的隐患",
                                  deadline=day(27))
    e.update(hazards=hazards, other=other, checklist=checklist)
    return e


def page(token, client=None):
    return (client or anonymous()).get(PUBLIC + token)


def test_a_visitor_sees_what_the_gate_shows(gate):
    r = page(gate["token"])
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == PAGE_KEYS
    assert body["enterprise"] == {"name": gate["name"], "address": "地方镇东村工业路8号"}
    assert body["township"] == {"name": "地方镇"}
    # The active assignment's cadre, not the ended one's.
    assert body["cadre"] == {"display_name": "地方镇安监办"}
    # The township's submitted inspection: not the later self-inspection, not the draft.
    assert body["latest_inspection_on"] == day(-30)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", body["as_of"])
    hazards = body["hazards"]
    assert all(set(h) == HAZARD_KEYS for h in hazards)
    # Open ones first (the overdue one's deadline is sooner), then the recently closed;
    # the one closed 100 days ago is gone.
    assert [(h["status"], h["mode"]) for h in hazards] == [
        ("reported", "deadline"), ("rectifying", "major"), ("closed", "immediate")]
    overdue, major, closed = hazards
    assert overdue["item_code"] == "P01" and overdue["item"] == "消防通道是否畅通，消火栓前是否堆放物品"
    assert overdue["overdue"] is True
    assert major["item_code"] is None and major["item"] == "登记隐患" and major["overdue"] is False
    assert closed["deadline"] is None and closed["closed_on"] is not None and not closed["overdue"]
    assert body["hazard_counts"] == {"open": 2, "overdue": 1, "closed_recently": 1}


def test_the_gate_never_shows_internal_fields_or_other_enterprises(gate):
    r = page(gate["token"])
    text = r.text
    body = r.json()
    # No ids, descriptions, notes, measures, five items, people's accounts or photos.
    assert not {k for k in all_keys(body) if k == "id" or k.endswith("_id") or k.endswith("_ids")}
    assert not all_keys(body) & {"description", "note", "measure", "five_items", "phone",
                                 "contact_phone", "contact_name", "username", "photo_url",
                                 "attachments", "credit_code", "responsible_user_id", "created_by"}
    for secret in ("公示测试：", "内部", "13900001111", "13905398888", "13805390003", "企业联系人",
                   "difang.safety", "老板", "停产整改", gate["credit_code"], "attachments"):
        assert secret not in text, secret
    # Another enterprise's hazard and its item.
    assert "P02" not in text and "别家企业" not in text
    assert len(body["hazards"]) == 3


def test_a_signed_in_visitor_sees_the_same_page(gate):
    anonymous_body = page(gate["token"]).json()
    assert page(gate["token"], signed_in("bailin.ent1")).json() == anonymous_body
    assert page(gate["token"], signed_in("difang.committee")).json() == anonymous_body


@pytest.mark.parametrize("token", ["0123456789abcdef0123456789abcdef", "0" * 32, "xyz",
                                   "0123456789ABCDEF0123456789ABCDEF", "a" * 65])
def test_an_unknown_token_is_404(token):
    assert_error(page(token), 404, "not_found")
    assert_error(anonymous().get(PUBLIC + token + "/notice.svg"), 404, "not_found")


# --- The A4 notice --------------------------------------------------------------------------

def notice(token):
    r = anonymous().get(PUBLIC + token + "/notice.svg")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "image/svg+xml; charset=utf-8"
    return r, ET.fromstring(r.content)


def texts(root):
    return ["".join(t.itertext()) for t in root.iter(SVG + "text")]


def test_a_name_with_characters_xml_forbids_still_makes_a_well_formed_notice():
    """U+FFFE and U+FFFF are text to PostgreSQL but not characters to XML."""
    made = make_enterprise(name="名称\ufffe与\uffff测试" + uuid.uuid4().hex[:4])
    _, root = notice(made["token"])
    assert any(line.startswith("企业名称：名称\ufffd与\ufffd测试") for line in texts(root))


def test_the_notice_is_a_well_formed_a4_svg_with_the_page_and_a_qr_code(gate):
    r, root = notice(gate["token"])
    assert root.tag == SVG + "svg"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("210mm", "297mm", "0 0 210 297")
    lines = texts(root)
    assert "安全生产隐患排查整改公示" in lines
    # The name with & < > " ' went through escaping and back.
    assert "企业名称：" + gate["name"] in lines
    assert "所属乡镇：地方镇" in lines and "包扶干部：地方镇安监办" in lines
    # The latest submitted inspection of any kind (the self-inspection), and its kind.
    assert "最近检查：" + day(-15) + "（企业自查）" in lines
    assert "P01 消防通道是否畅通，消火栓前是否堆放物品" in lines
    for label in ("限期整改", "重大隐患", "立即整改", "已逾期·待整改", "整改中", "已销号"):
        assert label in lines, label
    assert any("举报" in line for line in lines)
    qr = [g for g in root.iter(SVG + "g") if g.get("class") == "qr"]
    assert len(qr) == 1
    modules = qr[0].findall(SVG + "rect")
    assert len(modules) > 20 and "scale(" in qr[0].get("transform")
    for secret in ("公示测试：", "内部", "13900001111", "P02", "别家企业"):
        assert secret not in r.text, secret


def test_a_long_list_is_cut_on_the_page_and_points_to_the_qr_code(gate):
    e = make_enterprise()
    for n in range(20):
        sql("insert into hazard (township_id, enterprise_id, sector_id, source, description, severity,"
            " mode, deadline) values (%s, %s, %s, 'registration', %s, 'general', 'deadline', %s)",
            (e["township_id"], e["id"], e["sector_id"], f"公示测试：第{n}项", day(n + 1)))
    assert len(page(e["token"]).json()["hazards"]) == 20
    _, root = notice(e["token"])
    lines = texts(root)
    assert "另有 5 项隐患，请扫码查看全部" in lines
    assert "15" in lines and "16" not in lines
    assert "隐患：共 20 项，未销号 20 项，逾期 0 项" in lines


def test_a_page_lists_at_most_50_and_counts_every_one():
    """An enterprise with more hazards than a gate can show: the page stays small,
    its first 50 are the ones with the soonest deadlines, and the counts hold all."""
    e = make_enterprise()
    sql("insert into hazard (township_id, enterprise_id, sector_id, source, description, severity,"
        " mode, deadline) select %s, %s, %s, 'registration', '公示测试：第' || n || '项', 'general',"
        " 'deadline', %s::date + n from generate_series(1, 60) n",
        (e["township_id"], e["id"], e["sector_id"], today()))
    sql("insert into hazard (township_id, enterprise_id, sector_id, source, description, severity,"
        " mode, deadline) select %s, %s, %s, 'registration', '公示测试：逾期' || n, 'general', 'deadline',"
        " %s::date - n from generate_series(1, 3) n", (e["township_id"], e["id"], e["sector_id"], today()))
    body = page(e["token"]).json()
    assert body["hazard_counts"] == {"open": 63, "overdue": 3, "closed_recently": 0}
    deadlines = [h["deadline"] for h in body["hazards"]]
    assert len(deadlines) == 50
    assert deadlines == sorted(deadlines) and deadlines[:3] == [day(-3), day(-2), day(-1)]
    assert deadlines[-1] == day(47)
    _, root = notice(e["token"])
    lines = texts(root)
    assert "隐患：共 63 项，未销号 63 项，逾期 3 项" in lines
    assert "另有 48 项隐患，请扫码查看全部" in lines


def test_an_enterprise_without_hazards_says_so():
    e = make_enterprise()
    body = page(e["token"]).json()
    assert body["hazards"] == [] and body["cadre"] is None and body["latest_inspection_on"] is None
    _, root = notice(e["token"])
    assert "经排查，暂未发现安全隐患" in texts(root) and "最近检查：尚未检查" in texts(root)


# --- The token --------------------------------------------------------------------------------

def test_an_enterprise_registered_through_the_api_gets_an_unguessable_token():
    a, b = make_enterprise(), make_enterprise()
    assert re.fullmatch(r"[0-9a-f]{32}", a["token"]) and re.fullmatch(r"[0-9a-f]{32}", b["token"])
    assert a["token"] != b["token"]


def rotate(client, enterprise_id):
    return client.post(f"/api/v1/enterprises/{enterprise_id}/public-token")


def test_the_committee_rotates_the_token_and_the_old_one_stops_at_once():
    e = make_enterprise()
    old = e["token"]
    assert page(old).status_code == 200
    r = rotate(signed_in("difang.committee"), e["id"])
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"public_token", "public_url", "notice_url"}
    new = body["public_token"]
    assert re.fullmatch(r"[0-9a-f]{32}", new) and new != old
    assert body["public_url"] == PUBLIC + new and body["notice_url"] == PUBLIC + new + "/notice.svg"
    assert sql_value("select public_token from enterprise where id = %s", (e["id"],)) == new
    # The old token answers exactly as a token nobody ever had.
    unknown = page("0123456789abcdef0123456789abcdef")
    gone = page(old)
    assert_error(gone, 404, "not_found")
    assert gone.json() == unknown.json()
    assert_error(anonymous().get(PUBLIC + old + "/notice.svg"), 404, "not_found")
    assert page(new).status_code == 200 and anonymous().get(body["notice_url"]).status_code == 200


@pytest.mark.parametrize("user, status", [("difang.safety", 403), ("difang.supervisor", 403),
                                          ("difang.ent1", 403), ("admin", 403),
                                          ("bailin.committee", 404)])
def test_only_the_township_committee_rotates(user, status):
    e = make_enterprise()
    assert_error(rotate(signed_in(user), e["id"]), status)
    assert sql_value("select public_token from enterprise where id = %s", (e["id"],)) == e["token"]


def test_rotation_needs_a_session_a_csrf_token_and_a_real_enterprise():
    e = make_enterprise()
    assert_error(rotate(anonymous(), e["id"]), 401, "not_signed_in")
    assert_error(rotate(signed_in("difang.committee", csrf=False), e["id"]), 403, "csrf")
    assert_error(rotate(signed_in("difang.committee"), 999999999), 404, "not_found")
    assert sql_value("select public_token from enterprise where id = %s", (e["id"],)) == e["token"]
