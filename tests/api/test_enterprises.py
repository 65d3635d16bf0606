"""The enterprise register and assigned cadres (包扶): registration with the
credit-code check, search and filters, edits, the CSV import, assignments,
roles and township isolation, and the demo seed.

Enterprises made here carry credit codes whose organization part starts with
"TE" (the demo seed's start with "MA"), so the module removes exactly its own
rows afterwards; its grid nodes and campaigns have names of their own.
"""
import random
import uuid

import pytest

from conftest import (DEMO_CAMPAIGN, assert_error, day, in_year, signed_in, sql, sql_value, year_end,
                      year_start)

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]
HEADER = "统一社会信用代码,企业名称,行业领域,所属网格,地址,法定代表人,安全负责人,联系电话"
FIELDS = {"id", "township_id", "credit_code", "name", "sector_id", "grid_node_id", "address",
          "legal_representative", "contact_name", "contact_phone", "status", "risk_level",
          "public_token", "cadres", "version", "created_at", "updated_at"}
CAMPAIGN_NAME = DEMO_CAMPAIGN

_issued = set()


def check_char(first17):
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def new_code(kind="91"):
    """A valid credit code no other test has used: 91 371326 TE nnnnnnn + check."""
    while True:
        first17 = kind + "371326" + "TE" + f"{random.randrange(10 ** 7):07d}"
        if first17 not in _issued:
            _issued.add(first17)
            return first17 + check_char(first17)


def wrong_check(code):
    """The same code with another check character."""
    other = ALPHABET[(ALPHABET.index(code[-1]) + 1) % len(ALPHABET)]
    return code[:-1] + other


def tag():
    return uuid.uuid4().hex[:8]


def csv_bytes(rows, bom=True, newline="\r\n", header=HEADER):
    """A CSV file as Excel saves it (UTF-8 with BOM, CRLF), fields quoted where needed."""
    def quote(value):
        value = "" if value is None else str(value)
        if any(c in value for c in ',"\r\n'):
            return '"' + value.replace('"', '""') + '"'
        return value
    lines = [header] + [",".join(quote(v) for v in row) for row in rows]
    text = newline.join(lines) + newline
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def post_csv(client, body, content_type="text/csv"):
    return client.post("/api/v1/enterprises/import", data=body,
                       headers={"Content-Type": content_type})


def count_enterprises(township_id):
    return sql_value("select count(*) from enterprise where township_id = %s", (township_id,))


# --- Fixtures ---------------------------------------------------------------

def grid_node(township_id, parent_id, level, kind, name):
    return sql_value("insert into grid_node (township_id, parent_id, level, kind, name)"
                     " values (%s, %s, %s, %s, %s) returning id",
                     (township_id, parent_id, level, kind, name))


@pytest.fixture(scope="module")
def world(ids):
    """Grid nodes and campaigns of this module's own in difang (and a node in
    bailin), removed afterwards with every enterprise it registered."""
    t = tag()
    made_nodes, made_campaigns, made_sectors = [], [], []

    def root_of(town):
        township_id = ids.township[town]
        root = sql_value("select id from grid_node where township_id = %s and level = 1",
                         (township_id,))
        if root is None:
            root = grid_node(township_id, None, 1, "township", f"{town}根{t}")
            made_nodes.append(root)
        return root

    def node(town, parent, level, kind, name):
        node_id = grid_node(ids.township[town], parent, level, kind, name)
        made_nodes.append(node_id)
        return node_id

    w = {"tag": t}
    w["root"] = root_of("difang")
    w["area"] = node("difang", w["root"], 2, "work_area", f"测试工作区{t}")
    w["village"] = node("difang", w["area"], 3, "village", f"测试村{t}")
    w["area2"] = node("difang", w["root"], 2, "work_area", f"测试二区{t}")
    w["village2"] = node("difang", w["area2"], 3, "village", f"测试二村{t}")
    # The same village name under both work areas: ambiguous in an import.
    w["twin_name"] = f"重名村{t}"
    node("difang", w["area"], 3, "village", w["twin_name"])
    node("difang", w["area2"], 3, "village", w["twin_name"])
    w["bailin_root"] = root_of("bailin")
    w["bailin_village_area"] = node("bailin", w["bailin_root"], 2, "work_area", f"柏林测试区{t}")

    def campaign(town, status, name):
        campaign_id = sql_value(
            "insert into campaign (county_id, township_id, name, starts_on, ends_on, status)"
            " values (%s, %s, %s, %s, %s, %s) returning id",
            (ids.county, ids.township[town], name, year_start(), year_end(), status))
        made_campaigns.append(campaign_id)
        return campaign_id

    w["campaign"] = campaign("difang", "active", f"测试行动{t}")
    w["campaign2"] = campaign("difang", "active", f"测试行动二{t}")
    w["closed"] = campaign("difang", "closed", f"已结束行动{t}")
    w["bailin_campaign"] = campaign("bailin", "active", f"柏林测试行动{t}")
    w["retired_sector"] = sql_value(
        "insert into sector (county_id, code, name, retired_at) values (%s, %s, %s, now())"
        " returning id", (ids.county, f"retired_{t}", f"已撤销领域{t}"))
    made_sectors.append(w["retired_sector"])
    yield w
    ours = "select id from enterprise where substr(credit_code, 9, 2) = 'TE'"
    sql(f"delete from enterprise_assignment where enterprise_id in ({ours})"
        " or campaign_id = any(%s)", (made_campaigns,))
    sql("update app_user set enterprise_id = null, role = 'department'"
        f" where enterprise_id in ({ours})")
    sql(f"delete from enterprise where id in ({ours})")
    for node_id in reversed(made_nodes):
        sql("delete from grid_node_move where node_id = %s", (node_id,))
        sql("delete from grid_node where id = %s", (node_id,))
    for campaign_id in made_campaigns:
        sql("delete from campaign where id = %s", (campaign_id,))
    for sector_id in made_sectors:
        sql("delete from sector where id = %s", (sector_id,))


def body_for(ids, world, **changes):
    body = {"credit_code": new_code(), "name": f"测试企业{tag()}", "sector_id": ids.sector["industry"],
            "grid_node_id": world["village"], "address": "平邑县地方镇测试村1号",
            "legal_representative": "王法人", "contact_name": "李安全", "contact_phone": "13905390000",
            "status": "operating", "risk_level": "yellow"}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


def create(ids, world, client=None, **changes):
    client = client or signed_in("difang.committee")
    r = client.post("/api/v1/enterprises", json=body_for(ids, world, **changes))
    assert r.status_code == 201, r.text
    return r.json()


# --- Registration -----------------------------------------------------------

def test_committee_registers_an_enterprise_and_reads_it_back(ids, world):
    committee = signed_in("difang.committee")
    body = body_for(ids, world, risk_level="red")
    r = committee.post("/api/v1/enterprises", json=body)
    assert r.status_code == 201, r.text
    made = r.json()
    assert set(made) == FIELDS
    for key, value in body.items():
        assert made[key] == value, key
    assert made["township_id"] == ids.township["difang"]
    assert made["version"] == 1 and made["cadres"] == []
    assert made["created_at"].endswith("+08:00")
    row = sql("select * from enterprise where id = %s", (made["id"],))[0]
    assert row["credit_code"] == body["credit_code"] and row["grid_node_id"] == world["village"]
    assert sql_value("select count(*) from audit_log where entity_type = 'enterprise'"
                     " and entity_id = %s and action = 'enterprise.insert'", (made["id"],)) == 1

    assert len(made["public_token"]) == 32    # the committee sees the gate notice's token
    for who in ("difang.committee", "difang.supervisor", "difang.safety", "admin"):
        r = signed_in(who).get(f"/api/v1/enterprises/{made['id']}")
        assert r.status_code == 200, (who, r.text)
        seen = dict(made, public_token=made["public_token"] if who == "difang.committee" else None)
        assert r.json() == seen, who


def test_optional_fields_default_and_empty_text_is_null(ids, world):
    made = create(ids, world, grid_node_id=None, address="", legal_representative=...,
                  contact_name=..., contact_phone="", status=..., risk_level=...)
    assert made["grid_node_id"] is None and made["address"] is None
    assert made["contact_phone"] is None and made["legal_representative"] is None
    assert made["status"] == "operating" and made["risk_level"] is None


@pytest.mark.parametrize("code, words", [
    ("wrong_check", "check character"),
    ("91350100m000100y43", "capital"),
    ("91350100I000100Y43", "except I, O, S, V and Z"),
    ("91350100O000100Y43", "except I, O, S, V and Z"),
    ("91350100M000100Y4", "18"),
    ("91350100M000100Y433", "18"),
    ("91A50100M000100Y43", "digits"),
])
def test_a_bad_credit_code_is_422_naming_the_problem(ids, world, code, words):
    if code == "wrong_check":
        code = wrong_check(new_code())
    before = count_enterprises(ids.township["difang"])
    r = signed_in("difang.committee").post("/api/v1/enterprises",
                                           json=body_for(ids, world, credit_code=code))
    error = assert_error(r, 422, "validation_failed", fields=["credit_code"])
    detail = next(d for d in error["details"] if d["field"] == "credit_code")
    assert words in detail["message"]
    assert count_enterprises(ids.township["difang"]) == before


def test_the_standard_example_code_is_accepted(ids, world):
    # 91350100M000100Y43 is GB 32100's own example; it may exist from an earlier run.
    sql("delete from enterprise where township_id = %s and credit_code = '91350100M000100Y43'",
        (ids.township["bailin"],))
    made = create(ids, world, client=signed_in("bailin.committee"), grid_node_id=None,
                  credit_code="91350100M000100Y43")
    assert made["credit_code"] == "91350100M000100Y43"
    sql("delete from enterprise where id = %s", (made["id"],))


def test_a_duplicate_code_in_the_township_is_409_but_another_township_may_have_it(ids, world):
    made = create(ids, world)
    r = signed_in("difang.committee").post(
        "/api/v1/enterprises", json=body_for(ids, world, credit_code=made["credit_code"]))
    error = assert_error(r, 409, "duplicate", fields=["credit_code"])
    assert error["details"][0]["field"] == "credit_code"
    other = create(ids, world, client=signed_in("bailin.committee"), grid_node_id=None,
                   credit_code=made["credit_code"])
    assert other["township_id"] == ids.township["bailin"]


@pytest.mark.parametrize("changes, field", [
    ({"sector_id": 999999999}, "sector_id"),
    ({"sector_id": "retired"}, "sector_id"),
    ({"grid_node_id": "root"}, "grid_node_id"),
    ({"grid_node_id": "bailin"}, "grid_node_id"),
    ({"grid_node_id": 999999999}, "grid_node_id"),
    ({"contact_phone": "call me"}, "contact_phone"),
    ({"contact_phone": "1234"}, "contact_phone"),
    ({"status": "bankrupt"}, "status"),
    ({"risk_level": "green"}, "risk_level"),
    ({"name": ""}, "name"),
    ({"name": "企" * 101}, "name"),
    ({"address": "址" * 201}, "address"),
    ({"name": ...}, "name"),
    ({"sector_id": ...}, "sector_id"),
    ({"credit_code": ...}, "credit_code"),
    ({"township_id": 1}, "township_id"),
])
def test_invalid_fields_are_422_naming_the_field(ids, world, changes, field):
    lookup = {"retired": world["retired_sector"], "root": world["root"],
              "bailin": world["bailin_village_area"]}
    changes = {k: lookup.get(v, v) if isinstance(v, str) and k.endswith("_id") else v
               for k, v in changes.items()}
    before = count_enterprises(ids.township["difang"])
    r = signed_in("difang.committee").post("/api/v1/enterprises", json=body_for(ids, world, **changes))
    assert_error(r, 422, "validation_failed", fields=[field])
    assert count_enterprises(ids.township["difang"]) == before


def test_a_work_area_may_be_the_grid_node(ids, world):
    assert create(ids, world, grid_node_id=world["area"])["grid_node_id"] == world["area"]


@pytest.mark.parametrize("who", ["difang.supervisor", "difang.safety", "difang.ent1", "admin"])
def test_only_the_committee_writes(ids, world, who):
    made = create(ids, world)
    client = signed_in(who)
    r = client.post("/api/v1/enterprises", json=body_for(ids, world))
    assert_error(r, 403, "forbidden")
    r = client.patch(f"/api/v1/enterprises/{made['id']}", json={"version": 1, "name": "改名"})
    assert_error(r, 403, "forbidden")
    r = post_csv(client, csv_bytes([[new_code(), "某企业", "工业企业", "", "", "", "", ""]]))
    assert_error(r, 403, "forbidden")
    assert sql_value("select name from enterprise where id = %s", (made["id"],)) == made["name"]


# --- Edits ------------------------------------------------------------------

def test_update_changes_the_fields_given_and_bumps_the_version(ids, world):
    made = create(ids, world)
    committee = signed_in("difang.committee")
    code = new_code()
    r = committee.patch(f"/api/v1/enterprises/{made['id']}", json={
        "version": 1, "name": "改名后的企业", "credit_code": code, "status": "suspended",
        "risk_level": None, "grid_node_id": None, "sector_id": ids.sector["fire"],
        "contact_phone": "0539-4211000"})
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["version"] == 2 and got["name"] == "改名后的企业" and got["credit_code"] == code
    assert got["status"] == "suspended" and got["risk_level"] is None
    assert got["grid_node_id"] is None and got["sector_id"] == ids.sector["fire"]
    assert got["contact_phone"] == "0539-4211000"
    assert got["address"] == made["address"] and got["contact_name"] == made["contact_name"]
    assert sql_value("select count(*) from audit_log where entity_type = 'enterprise'"
                     " and entity_id = %s and action = 'enterprise.update'", (made["id"],)) == 1

    r = committee.patch(f"/api/v1/enterprises/{made['id']}", json={"version": 1, "name": "旧版本"})
    assert_error(r, 409, "stale_version")
    assert sql_value("select name from enterprise where id = %s", (made["id"],)) == "改名后的企业"


@pytest.mark.parametrize("changes, field, status", [
    ({"credit_code": "wrong"}, "credit_code", 422),
    ({"credit_code": "taken"}, "credit_code", 409),
    ({"sector_id": "retired"}, "sector_id", 422),
    ({"grid_node_id": "root"}, "grid_node_id", 422),
    ({"status": None}, "status", 422),
    ({"name": None}, "name", 422),
    ({"id": 5}, "id", 422),
    ({}, "version", 422),
])
def test_invalid_updates_are_refused_and_change_nothing(ids, world, changes, field, status):
    made = create(ids, world)
    other = create(ids, world)
    lookup = {"wrong": wrong_check(new_code()), "taken": other["credit_code"],
              "retired": world["retired_sector"], "root": world["root"]}
    body = {k: lookup.get(v, v) if isinstance(v, str) else v for k, v in changes.items()}
    if field != "version":
        body["version"] = 1
    r = signed_in("difang.committee").patch(f"/api/v1/enterprises/{made['id']}", json=body)
    assert_error(r, status, None, fields=[field])
    assert sql_value("select version from enterprise where id = %s", (made["id"],)) == 1


# --- Isolation --------------------------------------------------------------

def test_another_townships_enterprise_is_404_everywhere(ids, world):
    made = create(ids, world)
    path = f"/api/v1/enterprises/{made['id']}"
    for who in ("bailin.committee", "bailin.supervisor", "bailin.safety", "bailin.ent1"):
        assert_error(signed_in(who).get(path), 404, "not_found")
    bailin = signed_in("bailin.committee")
    assert_error(bailin.patch(path, json={"version": 1, "name": "越界"}), 404, "not_found")
    assert_error(bailin.get(path + "/assignments"), 404, "not_found")
    r = bailin.post(path + "/assignments",
                    json={"campaign_id": world["bailin_campaign"], "user_id": ids.user["bailin.safety"]})
    assert_error(r, 404, "not_found")
    r = bailin.get("/api/v1/enterprises", params={"q": made["name"]})
    assert r.status_code == 200 and r.json()["items"] == []
    assert sql_value("select version from enterprise where id = %s", (made["id"],)) == 1


def test_an_enterprise_user_sees_only_its_own_enterprise(ids, world):
    made = create(ids, world)
    ent = signed_in("difang.ent1")
    r = ent.get("/api/v1/enterprises")
    assert r.status_code == 200, r.text
    assert [e["id"] for e in r.json()["items"]] == [ids.enterprise["difang"]]
    assert ent.get(f"/api/v1/enterprises/{ids.enterprise['difang']}").status_code == 200
    assert_error(ent.get(f"/api/v1/enterprises/{made['id']}"), 404, "not_found")
    # Assignments are the township's organization: not an enterprise user's to read.
    assert_error(ent.get(f"/api/v1/enterprises/{ids.enterprise['difang']}/assignments"), 403, "forbidden")


def test_the_county_admin_sees_every_township_of_the_county(ids, world):
    made = create(ids, world)
    other = create(ids, world, client=signed_in("bailin.committee"), grid_node_id=None)
    admin = signed_in("admin")
    assert admin.get(f"/api/v1/enterprises/{made['id']}").status_code == 200
    assert admin.get(f"/api/v1/enterprises/{other['id']}").status_code == 200
    r = admin.get("/api/v1/enterprises", params={"township_id": ids.township["bailin"], "limit": 200})
    items = r.json()["items"]
    assert items and {e["township_id"] for e in items} == {ids.township["bailin"]}
    assert other["id"] in {e["id"] for e in items}


# --- Search and filters -----------------------------------------------------

@pytest.fixture(scope="module")
def listed(ids, world):
    """Five enterprises of this module with one shared name token."""
    token = f"检索{world['tag']}"
    committee = signed_in("difang.committee")
    specs = [
        dict(sector_id=ids.sector["fire"], grid_node_id=world["village"], status="operating",
             risk_level="red"),
        dict(sector_id=ids.sector["food"], grid_node_id=world["area"], status="suspended",
             risk_level="blue"),
        dict(sector_id=ids.sector["fire"], grid_node_id=world["village2"], status="closed",
             risk_level=None),
        dict(sector_id=ids.sector["tourism"], grid_node_id=None, status="unlicensed",
             risk_level="orange"),
        dict(sector_id=ids.sector["fire"], grid_node_id=world["village"], status="operating",
             risk_level="yellow"),
    ]
    made = [create(ids, world, client=committee, name=f"{token}企业{i}_x", **spec)
            for i, spec in enumerate(specs)]
    # Cadres: the safety office for 0 and 3, the committee for 1.
    for index, who in ((0, "difang.safety"), (3, "difang.safety"), (1, "difang.committee")):
        r = committee.post(f"/api/v1/enterprises/{made[index]['id']}/assignments",
                           json={"campaign_id": world["campaign"], "user_id": ids.user[who]})
        assert r.status_code == 201, r.text
    return token, made


def list_ids(client=None, **params):
    client = client or signed_in("difang.committee")
    r = client.get("/api/v1/enterprises", params={"limit": 200, **params})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"items", "next_cursor"}
    return [e["id"] for e in body["items"]]


def test_list_items_have_the_enterprise_shape(listed):
    token, made = listed
    r = signed_in("difang.committee").get("/api/v1/enterprises", params={"q": token})
    items = r.json()["items"]
    assert [e["id"] for e in items] == [e["id"] for e in made]
    assert set(items[0]) == FIELDS
    assert items[0]["cadres"][0]["user_id"]


@pytest.mark.parametrize("params, expected", [
    ({}, [0, 1, 2, 3, 4]),
    ({"sector_id": "fire"}, [0, 2, 4]),
    ({"grid_node_id": "village"}, [0, 4]),
    ({"grid_node_id": "area"}, [0, 1, 4]),
    ({"grid_node_id": "root"}, [0, 1, 2, 4]),
    ({"status": "operating"}, [0, 4]),
    ({"status": "unlicensed"}, [3]),
    ({"risk_level": "red"}, [0]),
    ({"risk_level": "none"}, [2]),
    ({"cadre_id": "difang.safety"}, [0, 3]),
    ({"cadre_id": "difang.committee"}, [1]),
    ({"sector_id": "fire", "status": "operating", "risk_level": "yellow"}, [4]),
])
def test_list_filters(ids, world, listed, params, expected):
    token, made = listed
    resolved = {}
    for key, value in params.items():
        if key == "sector_id":
            value = ids.sector[value]
        elif key == "grid_node_id":
            value = world[value]
        elif key == "cadre_id":
            value = ids.user[value]
        resolved[key] = value
    assert list_ids(q=token, **resolved) == [made[i]["id"] for i in expected]


def test_search_by_name_fragment_and_code_prefix(listed):
    token, made = listed
    assert list_ids(q=f"{token}企业3") == [made[3]["id"]]
    code = made[2]["credit_code"]
    assert list_ids(q=code[:16]) == [made[2]["id"]]
    assert list_ids(q=code) == [made[2]["id"]]
    # Letters of a code are looked for in capitals, as every code is written.
    assert list_ids(q=code[:16].lower()) == [made[2]["id"]]
    # A fragment inside the code is not a prefix.
    assert made[2]["id"] not in list_ids(q=code[2:])
    # LIKE's wildcards are taken literally: "_x" matches, "_" alone matches only names with "_".
    assert list_ids(q=f"{token}企业_x") == []
    assert len(list_ids(q=f"{token}企业1_x")) == 1
    assert list_ids(q="%" + token) == []


def cjk_token(length=6):
    """Random common Chinese characters: a name part no other row has by chance."""
    return "".join(chr(random.randrange(0x4E00, 0x9FA6)) for _ in range(length))


def search_all(client, q):
    """Every enterprise the search finds, page after page."""
    found, cursor = [], None
    while True:
        params = {"q": q, "limit": 200, **({"cursor": cursor} if cursor else {})}
        r = client.get("/api/v1/enterprises", params=params)
        assert r.status_code == 200, r.text
        found += [e["id"] for e in r.json()["items"]]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return found


@pytest.fixture(scope="module")
def named(ids, world):
    """Enterprises whose names test the search's masks of pairs of characters
    (0045): four-byte characters, ASCII beside Chinese, a pair twice, and a
    name changed after registration."""
    t = cjk_token()
    committee = signed_in("difang.committee")
    names = [f"甲乙乙丙{t}", f"𠀀𠀁化工{t}", f"ABC有限公司{t}", f"丙乙甲{t}", f"临时名称{t}"]
    made = [create(ids, world, client=committee, name=name) for name in names]
    names[4] = f"乙丙丁戊{t}"
    r = committee.patch(f"/api/v1/enterprises/{made[4]['id']}", json={"version": 1, "name": names[4]})
    assert r.status_code == 200, r.text
    return t, {e["id"]: name for e, name in zip(made, names)}, f"临时名称{t}"


def test_search_finds_every_name_holding_the_fragment_and_no_other(named):
    """Each fragment of each name, of two characters or more: the search finds
    exactly the names (of these) that hold it; the masks leave none out."""
    _, names, _ = named
    committee = signed_in("difang.committee")
    fragments = {name[i:j] for name in names.values()
                 for i in range(len(name)) for j in range(i + 2, len(name) + 1)}
    fragments |= {"甲", "𠀀", "戊"}
    for fragment in sorted(fragments):
        expected = {i for i, name in names.items() if fragment in name}
        found = set(search_all(committee, fragment)) & set(names)
        assert found == expected, fragment


def test_a_name_with_every_pair_of_the_fragment_but_not_the_fragment_is_not_found(named):
    # 甲乙乙丙 holds 甲乙 and 乙丙, the pairs of 甲乙丙, but not 甲乙丙 itself:
    # its mask lets it through, and the name's own test keeps it out.
    token, names, _ = named
    committee = signed_in("difang.committee")
    assert set(search_all(committee, "甲乙丙" + token)) & set(names) == set()
    first = next(i for i, name in names.items() if name.startswith("甲乙乙丙"))
    assert search_all(committee, "甲乙乙丙" + token) == [first]


def test_a_renamed_enterprise_is_found_by_its_new_name_only(named):
    token, names, old_name = named
    committee = signed_in("difang.committee")
    renamed = next(i for i, name in names.items() if name.startswith("乙丙丁戊"))
    assert search_all(committee, "丁戊" + token) == [renamed]
    assert renamed not in search_all(committee, old_name)


def test_the_masks_are_the_names_and_stay_out_of_the_audit(named):
    _, names, _ = named
    ids_ = list(names)
    # The stored masks are computed from the names, in every write (a generated column).
    assert sql_value("select count(*) from enterprise where name_pairs <> app.pairs_mask_of(name)") == 0
    logged = sql("select before, after from audit_log where entity_type = 'enterprise'"
                 " and entity_id = any(%s)", (ids_,))
    assert len(logged) >= len(ids_) + 1
    for row in logged:
        for side in (row["before"], row["after"]):
            assert side is None or ("name_pairs" not in side and "name" in side)


@pytest.mark.parametrize("prefix", ["", "a", "ab"])
def test_long_chinese_search_text_is_searched_not_a_500(listed, prefix):
    # Longer than any code: only the names are searched, at every alignment
    # of its characters, and nothing is cut inside one (PostgreSQL's 22021).
    for length in (22, 24, 50 - len(prefix)):
        assert list_ids(q=prefix + "长" * length) == []


def test_mine_lists_the_callers_assigned_enterprises(listed):
    token, made = listed
    assert list_ids(signed_in("difang.safety"), q=token, mine="true") == [made[0]["id"], made[3]["id"]]
    assert list_ids(signed_in("difang.committee"), q=token, mine="true") == [made[1]["id"]]
    assert list_ids(signed_in("difang.supervisor"), q=token, mine="true") == []
    assert list_ids(signed_in("difang.safety"), q=token, mine="false") == [e["id"] for e in made]


def test_list_pages_by_id(listed):
    token, made = listed
    client = signed_in("difang.committee")
    seen, cursor, pages = [], None, 0
    while True:
        params = {"q": token, "limit": 2}
        if cursor:
            params["cursor"] = cursor
        body = client.get("/api/v1/enterprises", params=params).json()
        seen += [e["id"] for e in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [e["id"] for e in made] and pages == 3


@pytest.mark.parametrize("params, field", [
    ({"status": "bankrupt"}, "status"), ({"risk_level": "green"}, "risk_level"),
    ({"sector_id": "x"}, "sector_id"), ({"grid_node_id": "0"}, "grid_node_id"),
    ({"mine": "yes"}, "mine"), ({"cursor": "abc"}, "cursor"), ({"limit": "500"}, "limit"),
    ({"colour": "red"}, "colour"), ({"q": "字" * 51}, "q"),
])
def test_bad_list_parameters_are_422(params, field):
    r = signed_in("difang.committee").get("/api/v1/enterprises", params=params)
    assert_error(r, 422, "validation_failed", fields=[field])


# --- Assigned cadres --------------------------------------------------------

def assign(enterprise_id, campaign_id, user_id, client=None, **extra):
    client = client or signed_in("difang.committee")
    return client.post(f"/api/v1/enterprises/{enterprise_id}/assignments",
                       json={"campaign_id": campaign_id, "user_id": user_id, **extra})


def test_a_new_assignment_ends_the_active_one(ids, world):
    made = create(ids, world)
    r = assign(made["id"], world["campaign"], ids.user["difang.safety"], starts_on=day(-60),
               note="负责日常检查")
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["user_id"] == ids.user["difang.safety"] and first["active"] is True
    assert first["starts_on"] == day(-60) and first["ends_on"] is None
    assert first["note"] == "负责日常检查" and first["display_name"]

    got = signed_in("difang.supervisor").get(f"/api/v1/enterprises/{made['id']}").json()
    assert got["cadres"] == [{"campaign_id": world["campaign"], "user_id": ids.user["difang.safety"],
                              "display_name": first["display_name"], "starts_on": day(-60)}]

    r = assign(made["id"], world["campaign"], ids.user["difang.committee"], starts_on=day(-30))
    assert r.status_code == 201, r.text
    second = r.json()
    rows = sql("select id, user_id, starts_on::text, ends_on::text from enterprise_assignment"
               " where enterprise_id = %s order by id", (made["id"],))
    assert [(r["id"], r["ends_on"]) for r in rows] == [(first["id"], day(-30)), (second["id"], None)]

    # A cadre in a second campaign is a cadre of its own.
    r = assign(made["id"], world["campaign2"], ids.user["difang.safety"])
    assert r.status_code == 201, r.text
    third = r.json()
    assert third["starts_on"] == sql_value("select (now() at time zone 'Asia/Shanghai')::date::text")
    cadres = signed_in("difang.safety").get(f"/api/v1/enterprises/{made['id']}").json()["cadres"]
    assert [(c["campaign_id"], c["user_id"]) for c in cadres] == [
        (world["campaign"], ids.user["difang.committee"]), (world["campaign2"], ids.user["difang.safety"])]

    # History: newest first, filtered by campaign, paged.
    path = f"/api/v1/enterprises/{made['id']}/assignments"
    for who in ("difang.committee", "difang.supervisor", "difang.safety", "admin"):
        body = signed_in(who).get(path).json()
        assert [a["id"] for a in body["items"]] == [third["id"], second["id"], first["id"]], who
    body = signed_in("difang.safety").get(path, params={"campaign_id": world["campaign"]}).json()
    assert [(a["id"], a["active"]) for a in body["items"]] == [(second["id"], True), (first["id"], False)]
    page = signed_in("difang.safety").get(path, params={"limit": 2}).json()
    assert [a["id"] for a in page["items"]] == [third["id"], second["id"]]
    rest = signed_in("difang.safety").get(path, params={"limit": 2, "cursor": page["next_cursor"]}).json()
    assert [a["id"] for a in rest["items"]] == [first["id"]] and rest["next_cursor"] is None


def test_an_assignment_may_not_start_before_the_active_one(ids, world):
    made = create(ids, world)
    assert assign(made["id"], world["campaign"], ids.user["difang.safety"],
                  starts_on=day(-20)).status_code == 201
    r = assign(made["id"], world["campaign"], ids.user["difang.committee"], starts_on=day(-21))
    assert_error(r, 422, "validation_failed", fields=["starts_on"])
    assert sql_value("select count(*) from enterprise_assignment where enterprise_id = %s"
                     " and ends_on is null", (made["id"],)) == 1


def test_assignment_rules(ids, world, make_user):
    made = create(ids, world)
    enterprise_user = make_user(role="enterprise", town="difang", enterprise_id=made["id"])
    inactive = make_user(role="department", town="difang")
    sql("update app_user set active = false where id = %s", (inactive["id"],))
    cases = [
        ({"campaign_id": world["bailin_campaign"], "user_id": ids.user["difang.safety"]}, "campaign_id"),
        ({"campaign_id": 999999999, "user_id": ids.user["difang.safety"]}, "campaign_id"),
        ({"campaign_id": world["campaign"], "user_id": ids.user["bailin.safety"]}, "user_id"),
        ({"campaign_id": world["campaign"], "user_id": ids.user["difang.supervisor"]}, "user_id"),
        ({"campaign_id": world["campaign"], "user_id": enterprise_user["id"]}, "user_id"),
        ({"campaign_id": world["campaign"], "user_id": inactive["id"]}, "user_id"),
        ({"campaign_id": world["campaign"], "user_id": ids.user["admin"]}, "user_id"),
        ({"campaign_id": world["campaign"]}, "user_id"),
        ({"user_id": ids.user["difang.safety"]}, "campaign_id"),
        ({"campaign_id": world["campaign"], "user_id": ids.user["difang.safety"],
          "starts_on": in_year(2, 30)}, "starts_on"),
        ({"campaign_id": world["campaign"], "user_id": ids.user["difang.safety"],
          "note": "注" * 501}, "note"),
    ]
    committee = signed_in("difang.committee")
    for body, field in cases:
        r = committee.post(f"/api/v1/enterprises/{made['id']}/assignments", json=body)
        assert_error(r, 422, "validation_failed", fields=[field])
    assert sql_value("select count(*) from enterprise_assignment where enterprise_id = %s",
                     (made["id"],)) == 0


def test_a_closed_campaign_takes_no_assignments(ids, world):
    made = create(ids, world)
    r = assign(made["id"], world["closed"], ids.user["difang.safety"])
    error = assert_error(r, 409, "bad_state")
    assert "closed" in error["message"]
    assert sql_value("select count(*) from enterprise_assignment where enterprise_id = %s",
                     (made["id"],)) == 0


@pytest.mark.parametrize("who", ["difang.safety", "difang.supervisor", "admin", "difang.ent1"])
def test_only_the_committee_assigns_cadres(ids, world, who):
    made = create(ids, world)
    r = assign(made["id"], world["campaign"], ids.user["difang.safety"], client=signed_in(who))
    assert_error(r, 403, "forbidden")


def test_assignments_of_an_unknown_enterprise_are_404(world, ids):
    assert_error(signed_in("difang.committee").get("/api/v1/enterprises/999999999/assignments"),
                 404, "not_found")
    assert_error(assign(999999999, world["campaign"], ids.user["difang.safety"]), 404, "not_found")


# --- The CSV import ---------------------------------------------------------

def test_import_takes_an_excel_file_with_bom_crlf_and_quotes(ids, world):
    t = world["tag"]
    codes = [new_code() for _ in range(3)]
    rows = [
        [codes[0], f"导入{t}石膏矿", "非煤矿山", f"测试村{t}", "平邑县地方镇, 测试村 8号", "王五",
         "赵六", "13905391234"],
        [codes[1], f'导入{t}"宏发"建材厂', "工业企业", f"测试工作区{t}", "第一行\r\n第二行", "", "", ""],
        [codes[2], f"导入{t}加油站", "危险化学品", "", "", "", "", "0539-4211000"],
    ]
    before = count_enterprises(ids.township["difang"])
    r = post_csv(signed_in("difang.committee"), csv_bytes(rows))
    assert r.status_code == 201, r.text
    assert r.json() == {"imported": 3}
    assert count_enterprises(ids.township["difang"]) == before + 3
    got = {r["credit_code"]: r for r in sql(
        "select * from enterprise where credit_code = any(%s) and township_id = %s",
        (codes, ids.township["difang"]))}
    assert got[codes[0]]["name"] == f"导入{t}石膏矿"
    assert got[codes[0]]["sector_id"] == ids.sector["non_coal_mine"]
    assert got[codes[0]]["grid_node_id"] == world["village"]
    assert got[codes[0]]["address"] == "平邑县地方镇, 测试村 8号"
    assert got[codes[0]]["contact_phone"] == "13905391234"
    assert got[codes[1]]["name"] == f'导入{t}"宏发"建材厂'
    assert got[codes[1]]["address"] == "第一行\r\n第二行"
    assert got[codes[1]]["grid_node_id"] == world["area"]
    assert got[codes[1]]["legal_representative"] is None
    assert got[codes[2]]["grid_node_id"] is None and got[codes[2]]["status"] == "operating"
    assert sql_value("select count(*) from audit_log where action = 'enterprise.insert'"
                     " and entity_id = any(%s)", ([g["id"] for g in got.values()],)) == 3


def test_import_takes_utf8_without_bom_lf_blank_rows_and_padding(ids, world):
    code = new_code()
    body = csv_bytes([[code, f"无BOM{world['tag']}", " 消防 ", "", "", "", "", "", "", ""]],
                     bom=False, newline="\n") + b",,,,,,,\n\n"
    r = post_csv(signed_in("difang.committee"), body, "text/csv; charset=utf-8")
    assert r.status_code == 201, r.text
    assert r.json() == {"imported": 1}
    assert sql_value("select sector_id from enterprise where credit_code = %s and township_id = %s",
                     (code, ids.township["difang"])) == ids.sector["fire"]


def test_import_lists_every_bad_row_and_imports_nothing(ids, world):
    t = world["tag"]
    existing = create(ids, world)
    good = new_code()
    repeated = new_code()
    rows = [
        [good, f"好企业{t}", "消防", "", "", "", "", ""],                                # line 2
        [wrong_check(new_code()), f"坏码{t}", "消防", "", "", "", "", ""],               # line 3
        [new_code(), f"坏领域{t}", "不存在的领域", "", "", "", "", ""],                   # line 4
        [new_code(), f"坏网格{t}", "消防", "不存在的村", "", "", "", ""],                 # line 5
        [new_code(), f"重名{t}", "消防", world["twin_name"], "", "", "", ""],            # line 6
        [existing["credit_code"], f"已登记{t}", "消防", "", "", "", "", ""],             # line 7
        [repeated, f"首次{t}", "消防", "", "多行\n地址", "", "", ""],                      # line 8-9
        [repeated, f"再次{t}", "消防", "", "", "", "", ""],                              # line 10
        [new_code(), "", "", "", "", "", "", "电话号码"],                                 # line 11
        [new_code().lower(), f"小写{t}", "消防", "", "", "", "", ""],                     # line 12
        [new_code(), "名" * 101, "消防", "", "", "", "", ""],                             # line 13
        [new_code(), f"退役{t}", f"已撤销领域{t}", "", "", "", "", ""],                  # line 14
        [new_code(), f"多列{t}", "消防", "", "", "", "", "", "多余"],                     # line 15
    ]
    before = count_enterprises(ids.township["difang"])
    r = post_csv(signed_in("difang.committee"), csv_bytes(rows, newline="\n"))
    error = assert_error(r, 422, "validation_failed")
    assert "nothing was imported" in error["message"]
    problems = [(d["line"], d["column"], d["code"]) for d in error["details"]]
    assert problems == [
        (3, "统一社会信用代码", "invalid"),
        (4, "行业领域", "not_found"),
        (5, "所属网格", "not_found"),
        (6, "所属网格", "ambiguous"),
        (7, "统一社会信用代码", "duplicate"),
        (10, "统一社会信用代码", "duplicate"),
        (11, "企业名称", "required"),
        (11, "行业领域", "required"),
        (11, "联系电话", "invalid"),
        (12, "统一社会信用代码", "invalid"),
        (13, "企业名称", "length"),
        (14, "行业领域", "not_found"),
        (15, None, "columns"),
    ], error["details"]
    for d in error["details"]:
        assert d["field"] == f"line {d['line']}"
        assert d["message"]
    by_line = {d["line"]: d for d in error["details"]}
    assert "line 8" in by_line[10]["message"]
    assert "capital" in by_line[12]["message"]
    assert count_enterprises(ids.township["difang"]) == before
    assert sql_value("select count(*) from enterprise where credit_code = %s", (good,)) == 0


IMPORT_COLUMNS = {"credit_code": 0, "name": 1, "address": 4, "legal_representative": 5,
                  "contact_name": 6, "contact_phone": 7}


@pytest.mark.parametrize("member, value", [
    ("credit_code", "91371326TE000001"),       # 16 characters
    ("credit_code", "91371326TE00000012X"),    # 19
    ("credit_code", "91371326te0000001"),      # 17, lower case
    ("name", "名" * 101),
    ("address", "址" * 201),
    ("legal_representative", "法" * 51),
    ("contact_name", "联" * 51),
    ("contact_phone", "0539-42110OO"),
    ("contact_phone", "1" * 21),
])
def test_an_import_cell_is_refused_as_post_enterprises_refuses_its_field(ids, world, member, value):
    """The import checks each cell by the field of POST /enterprises it fills: the same
    code and the same words, in English and in Chinese, only led by the column."""
    committee = signed_in("difang.committee")
    zh = committee.copy()
    zh.headers["Accept-Language"] = "zh-CN"
    row = [new_code(), f"对照{world['tag']}", "消防", "", "", "", "", ""]
    row[IMPORT_COLUMNS[member]] = value
    column = HEADER.split(",")[IMPORT_COLUMNS[member]]
    for client in (committee, zh):
        posted = assert_error(client.post("/api/v1/enterprises", json=body_for(ids, world, **{member: value})),
                              422, "validation_failed", fields=[member])["details"][0]
        imported = assert_error(post_csv(client, csv_bytes([row])), 422, "validation_failed")["details"]
        assert [(d["line"], d["column"]) for d in imported] == [(2, column)], imported
        assert imported[0]["code"] == posted["code"]
        separator = "：" if client is zh else ": "
        assert imported[0]["message"] == column + separator + posted["message"]


def test_import_of_a_gbk_file_names_the_encoding(ids):
    rows = [[new_code(), "平邑县某某石膏矿", "非煤矿山", "东村", "平邑县地方镇", "张三", "李四",
             "13905390001"]]
    body = csv_bytes(rows, bom=False).decode("utf-8").encode("gbk")
    before = count_enterprises(ids.township["difang"])
    r = post_csv(signed_in("difang.committee"), body)
    error = assert_error(r, 422, "validation_failed", fields=["file"])
    assert "not UTF-8" in error["message"] and "GBK" in error["message"]
    assert error["details"][0]["code"] == "encoding"
    assert "CSV UTF-8" in error["details"][0]["message"]
    # Not UTF-8 and not GBK either (Latin-1): no guess.
    latin1 = (HEADER + "\n").encode("utf-8") + "café,x\n".encode("latin-1")
    error = assert_error(post_csv(signed_in("difang.committee"), latin1), 422, "validation_failed")
    assert "not UTF-8" in error["message"] and "GBK" not in error["message"]
    assert count_enterprises(ids.township["difang"]) == before


@pytest.mark.parametrize("body, field, words", [
    (b"", "file", "empty"),
    ("统一社会信用代码,企业名称\n".encode(), "line 1", "header"),
    ("企业名称,统一社会信用代码,行业领域,所属网格,地址,法定代表人,安全负责人,联系电话\n".encode(), "line 1", "header"),
    ((HEADER + "\r\n").encode(), "file", "no enterprises"),
    ((HEADER + "\n" + "x,\"未闭合,消防\n\n").encode(), "file", "line 2"),
    ((HEADER + "\n" + "a,\"b\"c,消防\n").encode(), "file", "line 2"),
])
def test_import_refuses_malformed_files(ids, body, field, words):
    before = count_enterprises(ids.township["difang"])
    r = post_csv(signed_in("difang.committee"), body)
    error = assert_error(r, 422, "validation_failed", fields=[field])
    assert words in error["message"]
    assert count_enterprises(ids.township["difang"]) == before


def test_import_wants_a_csv_content_type():
    r = post_csv(signed_in("difang.committee"), csv_bytes([]), "application/json")
    assert_error(r, 415, "unsupported_media_type")
    r = post_csv(signed_in("difang.committee"), b"{}", "application/octet-stream")
    assert_error(r, 415, "unsupported_media_type")


def test_import_without_csrf_is_refused(ids):
    r = post_csv(signed_in("difang.committee", csrf=False), csv_bytes([]))
    assert_error(r, 403, "csrf")


def test_an_import_of_5000_rows_is_one_answer(ids, world):
    """5,000 rows in one request, all stored or (sent again) none; how fast is make bench's to say."""
    t = world["tag"]
    villages = [f"测试村{t}", f"测试二村{t}", f"测试工作区{t}", ""]
    sectors = ["非煤矿山", "工业企业", "消防", "食品安全", "道路交通", "危险化学品", "文化教育",
               "特种设备及烟花爆竹", "建筑施工", "森林防火", "旅游", "城镇燃气"]
    rows = [[new_code(), f"批量{t}企业{i:05d}", sectors[i % 12], villages[i % 4],
             f"平邑县地方镇批量路{i}号", "法人", "联系人", f"1390539{i:04d}"] for i in range(5000)]
    body = csv_bytes(rows)
    before = count_enterprises(ids.township["difang"])
    client = signed_in("difang.committee")
    r = post_csv(client, body)
    assert r.status_code == 201, r.text[:2000]
    assert r.json() == {"imported": 5000}
    assert count_enterprises(ids.township["difang"]) == before + 5000
    assert sql_value("select count(*) from enterprise where name like %s and grid_node_id = %s",
                     (f"批量{t}企业%", world["village"])) == 1250
    # The same file again: every row is a duplicate now, and nothing changes.
    r = post_csv(client, body)
    error = assert_error(r, 422, "validation_failed")
    assert len(error["details"]) == 1001 and error["details"][-1]["code"] == "more_problems"
    assert "4000 more" in error["details"][-1]["message"]
    assert count_enterprises(ids.township["difang"]) == before + 5000


# --- The demo seed ----------------------------------------------------------

def test_the_demo_townships_have_forty_enterprises_across_the_sectors(ids):
    for town in ("difang", "bailin", "zhongcun"):
        township_id = ids.township[town]
        rows = sql("select e.credit_code, e.status, e.risk_level, s.code as sector, e.grid_node_id"
                   " from enterprise e join sector s on s.id = e.sector_id"
                   " where e.township_id = %s and substr(e.credit_code, 9, 2) <> 'TE'", (township_id,))
        assert len(rows) >= 40, town
        assert len({r["sector"] for r in rows}) == 12, town
        assert all(sql_value("select app.credit_code_valid(%s)", (r["credit_code"],)) for r in rows)
        assert {r["status"] for r in rows} == {"operating", "suspended", "closed", "unlicensed"}
        assert sum(r["status"] == "operating" for r in rows) > 30
        assert {r["risk_level"] for r in rows} >= {"red", "orange", "yellow", "blue", None}
        ent1 = sql("select e.* from enterprise e join app_user u on u.enterprise_id = e.id"
                   " where u.username = %s", (f"{town}.ent1",))[0]
        assert ent1["sector_id"] is not None
        if sql_value("select count(*) from grid_node where township_id = %s and name = '东村'",
                     (township_id,)):
            assert sum(r["grid_node_id"] is not None for r in rows) >= 40
            assert ent1["grid_node_id"] is not None
        campaign = sql_value("select id from campaign where township_id = %s and name = %s",
                             (township_id, CAMPAIGN_NAME))
        if campaign:
            active = sql("select u.username from enterprise_assignment a join app_user u on u.id = a.user_id"
                         " where a.campaign_id = %s and a.ends_on is null", (campaign,))
            assert len(active) >= 30
            assert {a["username"] for a in active} == {f"{town}.safety", f"{town}.committee"}


def test_a_department_user_sees_its_demo_enterprises_as_mine(ids):
    if not sql_value("select count(*) from campaign where township_id = %s and name = %s",
                     (ids.township["difang"], CAMPAIGN_NAME)):
        pytest.skip("the demo campaign (10_campaign.sql) is not there")
    mine = list_ids(signed_in("difang.safety"), mine="true")
    expected = sql("select a.enterprise_id from enterprise_assignment a"
                   " join campaign c on c.id = a.campaign_id and c.status <> 'closed'"
                   " where a.user_id = %s and a.ends_on is null order by 1",
                   (ids.user["difang.safety"],))
    assert mine and mine == sorted({r["enterprise_id"] for r in expected})
