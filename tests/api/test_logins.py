"""Enterprise logins at county scale (issue #19).

A committee (its township) or the county admin issues logins for many
enterprises in one request: each enterprise's administrator login, named
after its credit code, gets a one-time activation code -- as a PDF of A4
letters, or as JSON.  The code, stored only as a hash, activates the login
once (POST /auth/activate sets the password and signs in), expires, and is
replaced when issued again; a wrong one counts as a failed login.  A
password someone else set must be replaced before anything else.  The
enterprise's administrator manages its own staff logins and no one else's;
a closed enterprise's logins are disabled and their sessions end.

Enterprises made here carry credit codes whose organization part is "LG";
the module removes them and their logins afterwards.
"""
import os
import random
import re
import subprocess
import time

import psycopg2
import pytest

from conftest import (BASE_URL, CLIENT_ADDR, DEMO_PASSWORD, anonymous, assert_error, login,
                      signed_in, sql, sql_value, try_login)

ISSUE = "/api/v1/enterprise-logins"
ACTIVATE = "/api/v1/auth/activate"
STAFF = "/api/v1/enterprise-staff"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]
OURS = "select id from enterprise where substr(credit_code, 9, 2) = 'LG'"
NEW_PASSWORD = "Sheng-chan-2026-quan"
LOG = os.environ.get("SAFEGRID_TEST_LOG", "")


def credit_code():
    """A valid credit code of this module: 91 371326 LG nnnnnnn + check character."""
    first17 = "91371326LG" + f"{random.randrange(10 ** 7):07d}"
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return first17 + ALPHABET[(31 - total % 31) % 31]


def remove_ours():
    sql("delete from login_application where substr(credit_code, 9, 2) = 'LG'")
    sql(f"delete from session where user_id in (select id from app_user where enterprise_id in ({OURS}))")
    sql(f"delete from activation_code where user_id in (select id from app_user where enterprise_id in ({OURS}))")
    sql(f"delete from app_user where enterprise_id in ({OURS})")
    sql(f"delete from enterprise where id in ({OURS})")


@pytest.fixture(scope="module", autouse=True)
def cleanup():
    remove_ours()
    yield
    remove_ours()


@pytest.fixture(autouse=True)
def fresh_attempts():
    sql("delete from login_attempt where client_addr = %s", (CLIENT_ADDR,))
    yield
    sql("delete from login_attempt where client_addr = %s", (CLIENT_ADDR,))


def make_enterprise(town="difang", phone="13905398888"):
    """An enterprise of the township, registered by its committee through the API."""
    r = signed_in(f"{town}.committee").post("/api/v1/enterprises", json={
        "credit_code": credit_code(), "name": f"账号测试企业{random.randrange(10 ** 6)}",
        "sector_id": sql_value("select s.id from sector s join township t on t.county_id = s.county_id"
                               " where t.slug = %s and s.code = 'industry'", (town,)),
        "contact_phone": phone})
    assert r.status_code == 201, r.text
    return r.json()


def issue(client, **body):
    body.setdefault("format", "json")
    r = client.post(ISSUE, json=body)
    assert r.status_code == 200, r.text
    return r.json()["items"]


def issue_one(enterprise, town="difang"):
    items = issue(signed_in(f"{town}.committee"), enterprise_ids=[enterprise["id"]])
    assert len(items) == 1
    return items[0]


def activate(username, code, password=NEW_PASSWORD, client=None):
    client = client or anonymous()
    return client.post(ACTIVATE, json={"username": username, "code": code, "password": password})


# --- Issuing ---------------------------------------------------------------------------------

def test_issuing_makes_the_administrator_login_named_after_the_credit_code():
    enterprise = make_enterprise()
    item = issue_one(enterprise)
    assert item["username"] == enterprise["credit_code"].lower()
    assert item["enterprise_id"] == enterprise["id"]
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", item["code"])
    assert item["activation_url"] == f"{BASE_URL}/activate?username={item['username']}"
    user = sql("select role, enterprise_admin, active, password_hash from app_user where id = %s",
               (item["user_id"],))[0]
    assert user["role"] == "enterprise" and user["enterprise_admin"] and user["active"]
    assert not user["password_hash"].startswith("$"), "no password until activation"
    # Only the hash is kept, and the code lives the default 14 days.
    row = sql("select code_hash, expires_at - issued_at as life from activation_code where user_id = %s",
              (item["user_id"],))[0]
    assert item["code"].replace("-", "") not in row["code_hash"]
    assert row["life"].days == 14
    # A login is not a password: signing in with the code does nothing.
    assert_error(try_login(item["username"], item["code"]), 401, "bad_credentials")


def test_issuing_again_replaces_the_code_and_keeps_the_login():
    enterprise = make_enterprise()
    first = issue_one(enterprise)
    second = issue_one(enterprise)
    assert second["user_id"] == first["user_id"] and second["code"] != first["code"]
    assert_error(activate(first["username"], first["code"]), 401, "bad_activation_code")
    assert activate(second["username"], second["code"]).status_code == 200


def test_without_login_leaves_out_the_enterprises_that_have_one():
    had = make_enterprise()
    issue_one(had)
    fresh = make_enterprise()
    items = issue(signed_in("difang.committee"), enterprise_ids=[had["id"], fresh["id"]],
                  without_login=True)
    assert [i["enterprise_id"] for i in items] == [fresh["id"]]


def test_the_credit_codes_of_an_import_choose_the_enterprises():
    a, b, _ = make_enterprise(), make_enterprise(), make_enterprise()
    items = issue(signed_in("difang.committee"), credit_codes=[a["credit_code"], b["credit_code"]])
    assert sorted(i["enterprise_id"] for i in items) == sorted([a["id"], b["id"]])


def test_a_committee_issues_for_its_own_township_only(ids):
    other = make_enterprise("bailin")
    r = signed_in("difang.committee").post(ISSUE, json={"enterprise_ids": [other["id"]], "format": "json"})
    assert_error(r, 422, "validation_failed", fields=["enterprise_ids"])
    r = signed_in("difang.committee").post(ISSUE, json={"township_id": ids.township["bailin"],
                                                        "format": "json"})
    assert_error(r, 422, "validation_failed", fields=["enterprise_ids"])
    assert sql_value("select count(*) from app_user where enterprise_id = %s", (other["id"],)) == 0
    # The county admin issues for any township.
    items = issue(signed_in("admin"), enterprise_ids=[other["id"]])
    assert items[0]["enterprise_id"] == other["id"]


@pytest.mark.parametrize("username", ["difang.supervisor", "difang.safety", "difang.ent1"])
def test_only_committees_and_the_county_admin_issue(username):
    enterprise = make_enterprise()
    r = signed_in(username).post(ISSUE, json={"enterprise_ids": [enterprise["id"]]})
    assert_error(r, 403, "forbidden")


# --- The letters -----------------------------------------------------------------------------

def qr_texts(pdf):
    """What a phone reads from each page's QR code: its rectangles (module units,
    between "%qr <side>" and "%qr end") drawn as a bitmap and decoded by zbarimg."""
    texts = []
    for side, body in re.findall(rb"%qr (\d+)\n(.*?)%qr end", pdf, re.S):
        side = int(side)
        grid = [[0] * side for _ in range(side)]
        for x, y, w in re.findall(rb"^(\d+) (\d+) (\d+) 1 re$", body, re.M):
            for col in range(int(x), int(x) + int(w)):
                grid[int(y)][col] = 1
        scale = 8
        rows = [" ".join(str(v) for v in row for _ in range(scale)) for row in grid for _ in range(scale)]
        pbm = f"P1\n{side * scale} {side * scale}\n" + "\n".join(rows) + "\n"
        out = subprocess.run(["zbarimg", "--quiet", "--raw", "-"], input=pbm.encode(),
                             capture_output=True, check=True)
        texts.append(out.stdout.decode().strip())
    return texts


def test_the_letters_are_one_pdf_with_a_page_and_a_qr_code_each():
    a, b = make_enterprise(), make_enterprise()
    r = signed_in("difang.committee").post(ISSUE, json={"enterprise_ids": [a["id"], b["id"]],
                                                        "contact": "地方镇安委办 0530-1234567"})
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.headers["X-Logins-Issued"] == "2"
    pdf = r.content
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 2
    # The cross-reference table points at every object.
    xref = int(re.search(rb"startxref\n(\d+)", pdf).group(1))
    assert pdf[xref:xref + 4] == b"xref"
    for offset, number in zip(re.findall(rb"^(\d{10}) 00000 n $", pdf, re.M), range(1, 100)):
        assert pdf[int(offset):].startswith(f"{number} 0 obj".encode())
    names = [a["credit_code"].lower(), b["credit_code"].lower()]
    assert qr_texts(pdf) == [f"{BASE_URL}/activate?username={n}" for n in names]
    for name in names:
        assert f"({name}) Tj".encode() in pdf
    # The code printed on the letter activates the login.
    code = re.findall(rb"\(([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\) Tj", pdf)[0].decode()
    assert activate(names[0], code).status_code == 200


# --- Activation ------------------------------------------------------------------------------

def test_activation_with_the_right_code_sets_the_password_and_signs_in():
    item = issue_one(make_enterprise())
    client = anonymous()
    r = activate(item["username"], item["code"].lower().replace("-", " "), client=client)
    assert r.status_code == 200, r.text
    assert r.json()["user"]["username"] == item["username"]
    assert client.get("/api/v1/me").status_code == 200
    # The code is used up; the new password is the login's from now on.
    assert_error(activate(item["username"], item["code"], "another-Password-77"), 401, "bad_activation_code")
    login(item["username"], NEW_PASSWORD)
    used = sql_value("select used_at from activation_code where user_id = %s", (item["user_id"],))
    assert used is not None


def test_a_wrong_code_is_refused_and_changes_nothing():
    item = issue_one(make_enterprise())
    wrong = "ABCD-EFGH-JKLM" if item["code"] != "ABCD-EFGH-JKLM" else "MLKJ-HGFE-DCBA"
    for code in (wrong, "x", item["code"] + "A"):
        assert_error(activate(item["username"], code), 401, "bad_activation_code")
    assert not sql_value("select password_hash from app_user where id = %s", (item["user_id"],)).startswith("$")
    assert sql_value("select used_at from activation_code where user_id = %s", (item["user_id"],)) is None


def test_an_expired_code_is_refused():
    item = issue_one(make_enterprise())
    sql("update activation_code set issued_at = now() - interval '15 days',"
        " expires_at = now() - interval '1 minute' where user_id = %s", (item["user_id"],))
    assert_error(activate(item["username"], item["code"]), 401, "bad_activation_code")


def test_wrong_codes_are_throttled_like_wrong_passwords():
    item = issue_one(make_enterprise())
    for _ in range(4):
        assert_error(activate(item["username"], "ABCD-ABCD-ABCD"), 401, "bad_activation_code")
    r = activate(item["username"], item["code"])
    assert_error(r, 429, "too_many_requests")
    assert int(r.headers["Retry-After"]) > 0
    # The same count as the login's: the password login waits too.
    assert_error(try_login(item["username"], "whatever-it-is"), 429, "too_many_requests")


def test_a_weak_password_is_refused_before_the_code_is_used():
    item = issue_one(make_enterprise())
    for weak in ("short", "password123", item["username"]):
        assert_error(activate(item["username"], item["code"], weak), 422, "validation_failed",
                     fields=["password"])
    assert activate(item["username"], item["code"]).status_code == 200


def test_a_disabled_login_cannot_activate():
    item = issue_one(make_enterprise())
    sql("update app_user set active = false where id = %s", (item["user_id"],))
    assert_error(activate(item["username"], item["code"]), 401, "bad_activation_code")


# --- Resets ----------------------------------------------------------------------------------

def test_a_township_reset_issues_a_new_code_audited_and_never_a_password():
    item = issue_one(make_enterprise())
    assert activate(item["username"], item["code"]).status_code == 200
    committee = signed_in("difang.committee")
    r = committee.post(f"/api/v1/users/{item['user_id']}/activation-code", json={"format": "json"})
    assert r.status_code == 200, r.text
    fresh = r.json()["items"][0]
    assert fresh["user_id"] == item["user_id"] and fresh["code"] != item["code"]
    assert "password" not in r.text
    assert activate(item["username"], fresh["code"], "a-Brand-New-Pass-9").status_code == 200
    login(item["username"], "a-Brand-New-Pass-9")
    rows = committee.get("/api/v1/audit", params={"entity_type": "app_user",
                                                   "entity_id": item["user_id"]})
    assert rows.status_code == 200
    actions = [(i["action"], i["actor_id"]) for i in rows.json()["items"]]
    assert ("auth.code_issued", committee.user["id"]) in actions
    assert actions.count(("auth.activated", item["user_id"])) == 2
    assert fresh["code"] not in rows.text and "code_hash" not in rows.text
    # Another township's committee cannot reset it.
    r = signed_in("bailin.committee").post(f"/api/v1/users/{item['user_id']}/activation-code", json={})
    assert_error(r, 404, "not_found")


def test_a_password_set_by_the_township_must_be_replaced_first(ids):
    item = issue_one(make_enterprise())
    assert activate(item["username"], item["code"]).status_code == 200
    version = sql_value("select version from app_user where id = %s", (item["user_id"],))
    r = signed_in("difang.committee").patch(f"/api/v1/users/{item['user_id']}",
                                            json={"version": version, "password": "Given-by-town-123"})
    assert r.status_code == 200, r.text
    client = login(item["username"], "Given-by-town-123")
    assert client.get("/api/v1/me").status_code == 200
    assert_error(client.get("/api/v1/hazards"), 403, "password_change_required")
    assert_error(client.post("/api/v1/inspections", json={}), 403, "password_change_required")
    r = client.post("/api/v1/me/password", json={"current_password": "Given-by-town-123",
                                                 "new_password": "My-Own-Password-42"})
    assert r.status_code == 204, r.text
    client = login(item["username"], "My-Own-Password-42")
    assert client.get("/api/v1/hazards").status_code == 200


# --- The enterprise administrator and its staff ------------------------------------------------

def admin_of(enterprise, town="difang"):
    item = issue_one(enterprise, town)
    assert activate(item["username"], item["code"]).status_code == 200
    return login(item["username"], NEW_PASSWORD), item


def test_the_enterprise_administrator_adds_and_disables_its_staff():
    admin, item = admin_of(make_enterprise())
    r = admin.post(STAFF, json={"display_name": "王安全（安全员）", "phone": "13900000001"})
    assert r.status_code == 201, r.text
    staff = r.json()
    assert staff["username"] == f"{item['username']}.2"
    assert staff["user"]["enterprise_admin"] is False
    assert activate(staff["username"], staff["code"], "Staff-Password-2026").status_code == 200
    staff_client = login(staff["username"], "Staff-Password-2026")
    listed = admin.get(STAFF).json()["items"]
    assert {u["username"] for u in listed} == {item["username"], staff["username"]}
    # Staff are no administrators.
    assert_error(staff_client.get(STAFF), 403, "forbidden")
    assert_error(staff_client.post(STAFF, json={"display_name": "冒名"}), 403, "forbidden")
    # Disabling ends the staff's sessions.
    version = sql_value("select version from app_user where id = %s", (staff["user_id"],))
    r = admin.patch(f"{STAFF}/{staff['user_id']}", json={"version": version, "active": False})
    assert r.status_code == 200, r.text
    assert r.json()["active"] is False
    assert_error(staff_client.get("/api/v1/me"), 401, "not_signed_in")
    # The administrator cannot disable itself.
    version = sql_value("select version from app_user where id = %s", (item["user_id"],))
    assert_error(admin.patch(f"{STAFF}/{item['user_id']}", json={"version": version, "active": False}),
                 404, "not_found")


def test_an_enterprise_administrator_cannot_touch_another_enterprises_staff():
    admin_a, _ = admin_of(make_enterprise())
    admin_b, item_b = admin_of(make_enterprise())
    staff_b = admin_b.post(STAFF, json={"display_name": "李四"}).json()
    for r in (admin_a.patch(f"{STAFF}/{staff_b['user_id']}", json={"version": 1, "active": False}),
              admin_a.post(f"{STAFF}/{staff_b['user_id']}/activation-code"),
              admin_a.patch(f"{STAFF}/{item_b['user_id']}", json={"version": 1, "active": False})):
        assert_error(r, 404, "not_found")
    assert sql_value("select active from app_user where id = %s", (staff_b["user_id"],)) is True
    assert staff_b["user_id"] not in {u["id"] for u in admin_a.get(STAFF).json()["items"]}
    # Nor, through the users' API, anyone at all.
    assert_error(admin_a.get("/api/v1/users"), 403, "forbidden")


def test_an_administrator_gives_its_staff_a_new_code():
    admin, _ = admin_of(make_enterprise())
    staff = admin.post(STAFF, json={"display_name": "赵六"}).json()
    r = admin.post(f"{STAFF}/{staff['user_id']}/activation-code")
    assert r.status_code == 200, r.text
    assert r.json()["code"] != staff["code"]
    assert_error(activate(staff["username"], staff["code"]), 401, "bad_activation_code")
    assert activate(staff["username"], r.json()["code"]).status_code == 200


# --- Closing ---------------------------------------------------------------------------------

def test_closing_an_enterprise_disables_its_logins_and_ends_their_sessions():
    enterprise = make_enterprise()
    admin, item = admin_of(enterprise)
    staff = admin.post(STAFF, json={"display_name": "钱七"}).json()
    assert activate(staff["username"], staff["code"], "Staff-Password-2026").status_code == 200
    staff_client = login(staff["username"], "Staff-Password-2026")
    version = sql_value("select version from enterprise where id = %s", (enterprise["id"],))
    r = signed_in("difang.committee").patch(f"/api/v1/enterprises/{enterprise['id']}",
                                            json={"version": version, "status": "closed"})
    assert r.status_code == 200, r.text
    for client in (admin, staff_client):
        assert_error(client.get("/api/v1/me"), 401, "not_signed_in")
    assert_error(try_login(item["username"], NEW_PASSWORD), 401, "bad_credentials")
    assert sql_value("select count(*) from app_user where enterprise_id = %s and active",
                     (enterprise["id"],)) == 0
    # A closed enterprise is left out of a batch.
    r = signed_in("difang.committee").post(ISSUE, json={"enterprise_ids": [enterprise["id"]]})
    assert_error(r, 422, "validation_failed", fields=["enterprise_ids"])


# --- Secrets ---------------------------------------------------------------------------------

def assert_no_secret_in_logs(secrets):
    """None of secrets is in any log of the test stack (safegridd's, nginx's, PostgreSQL's, ...)."""
    time.sleep(1.2)     # nginx's access log is written once a second
    checked = 0
    for root, _, files in os.walk(os.path.dirname(LOG)):
        for name in files:
            if not name.endswith(".log") and "log" not in root:
                continue
            path = os.path.join(root, name)
            try:
                text = open(path, encoding="utf-8", errors="replace").read()
            except OSError:
                continue
            checked += 1
            for secret in secrets:
                assert secret not in text, f"{path} holds a secret"
    assert checked >= 2


@pytest.mark.skipif(not LOG, reason="needs the test stack's safegridd log")
def test_no_activation_code_or_password_reaches_any_log():
    item = issue_one(make_enterprise())
    assert activate(item["username"], item["code"], "Log-Secret-Password-1").status_code == 200
    assert_error(activate(item["username"], "WRNG-CODE-ABCD", "Log-Secret-Password-2"), 401)
    assert_no_secret_in_logs([item["code"], item["code"].replace("-", ""), "Log-Secret-Password-1",
                              "Log-Secret-Password-2", "WRNG-CODE-ABCD"])


# --- Self-registration and the township's queue ----------------------------------------------

APPLY = "/api/v1/public/login-applications"
QUEUE = "/api/v1/login-applications"


@pytest.fixture
def fresh_applications():
    """Applications from 127.0.0.1 stop counting against its hourly limit."""
    sql("update login_application set client_addr = '192.0.2.1' where client_addr = %s", (CLIENT_ADDR,))
    yield
    sql("update login_application set client_addr = '192.0.2.1' where client_addr = %s", (CLIENT_ADDR,))


def application(ids, code=None, town="difang", name=None):
    return {"township_id": ids.township[town], "credit_code": code or credit_code(),
            "name": name or f"自主申请企业{random.randrange(10 ** 6)}",
            "legal_representative": "张法人", "mobile": "13912345678"}


def apply(ids, **kwargs):
    body = application(ids, **kwargs)
    r = anonymous().post(APPLY, json=body)
    assert r.status_code == 202, r.text
    row = sql("select id, version from login_application where credit_code = %s order by id desc limit 1",
              (body["credit_code"],))[0]
    return body, row


def test_the_township_list_is_public(ids):
    r = anonymous().get("/api/v1/public/townships")
    assert r.status_code == 200, r.text
    names = {t["id"]: t["name"] for t in r.json()["items"]}
    assert set(ids.township.values()) <= set(names)


def test_an_applicant_learns_nothing_of_which_codes_are_registered(ids, fresh_applications):
    registered = make_enterprise()
    known = anonymous().post(APPLY, json=application(ids, code=registered["credit_code"]))
    unknown = anonymous().post(APPLY, json=application(ids))
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert set(known.headers) - {"Date", "X-Request-Id", "Content-Length"} == \
        set(unknown.headers) - {"Date", "X-Request-Id", "Content-Length"}


def test_a_bad_check_character_is_refused_at_once(ids, fresh_applications):
    code = credit_code()
    wrong = code[:17] + next(c for c in ALPHABET if c != code[17])
    before = sql_value("select count(*) from login_application")
    r = anonymous().post(APPLY, json=application(ids, code=wrong))
    assert_error(r, 422, "validation_failed", fields=["credit_code"])
    r = anonymous().post(APPLY, json={**application(ids), "mobile": "12345678901"})
    assert_error(r, 422, "validation_failed", fields=["mobile"])
    assert sql_value("select count(*) from login_application") == before


def test_applications_are_limited_per_address(ids, fresh_applications):
    for _ in range(5):
        assert anonymous().post(APPLY, json=application(ids)).status_code == 202
    r = anonymous().post(APPLY, json=application(ids))
    assert_error(r, 429, "too_many_requests")
    assert int(r.headers["Retry-After"]) > 0


def test_an_approved_application_registers_the_enterprise_and_issues_its_login(ids, fresh_applications):
    body, row = apply(ids)
    committee = signed_in("difang.committee")
    queue = committee.get(QUEUE, params={"status": "pending"}).json()["items"]
    mine = next(a for a in queue if a["id"] == row["id"])
    assert mine["registered_enterprise_id"] is None and mine["mobile"] == body["mobile"]
    # Another township's committee neither sees nor decides it.
    other = signed_in("bailin.committee")
    assert row["id"] not in {a["id"] for a in other.get(QUEUE).json()["items"]}
    assert_error(other.post(f"{QUEUE}/{row['id']}/approve", json={"version": row["version"]}), 404)
    # A new enterprise needs its sector.
    r = committee.post(f"{QUEUE}/{row['id']}/approve", json={"version": row["version"], "format": "json"})
    assert_error(r, 422, "validation_failed", fields=["sector_id"])
    r = committee.post(f"{QUEUE}/{row['id']}/approve", json={
        "version": row["version"], "format": "json", "sector_id": ids.sector["industry"]})
    assert r.status_code == 200, r.text
    item = r.json()["items"][0]
    assert item["username"] == body["credit_code"].lower()
    enterprise = sql("select name, township_id, legal_representative, contact_phone from enterprise"
                     " where id = %s", (item["enterprise_id"],))[0]
    assert enterprise == {"name": body["name"], "township_id": ids.township["difang"],
                          "legal_representative": "张法人", "contact_phone": body["mobile"]}
    decided = committee.get(QUEUE, params={"status": "approved"}).json()["items"]
    assert any(a["id"] == row["id"] and a["user_id"] == item["user_id"] for a in decided)
    assert activate(item["username"], item["code"]).status_code == 200
    # Decided once.
    r = committee.post(f"{QUEUE}/{row['id']}/refuse", json={"version": row["version"] + 1, "reason": "重复"})
    assert_error(r, 409, "bad_state")


def test_an_application_of_a_registered_enterprise_is_matched(ids, fresh_applications):
    registered = make_enterprise()
    _, row = apply(ids, code=registered["credit_code"])
    r = signed_in("difang.committee").post(f"{QUEUE}/{row['id']}/approve",
                                           json={"version": row["version"], "format": "json"})
    assert r.status_code == 200, r.text
    assert r.json()["items"][0]["enterprise_id"] == registered["id"]
    assert sql_value("select count(*) from enterprise where credit_code = %s",
                     (registered["credit_code"],)) == 1


def test_a_refused_application_keeps_its_reason_and_issues_nothing(ids, fresh_applications):
    body, row = apply(ids)
    committee = signed_in("difang.committee")
    assert_error(committee.post(f"{QUEUE}/{row['id']}/refuse", json={"version": row["version"]}),
                 422, "validation_failed", fields=["reason"])
    r = committee.post(f"{QUEUE}/{row['id']}/refuse", json={"version": row["version"],
                                                           "reason": "营业执照信息与申请不符"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "refused" and r.json()["reason"] == "营业执照信息与申请不符"
    assert sql_value("select count(*) from enterprise where credit_code = %s", (body["credit_code"],)) == 0
    assert sql_value("select count(*) from app_user where username = %s", (body["credit_code"].lower(),)) == 0
    assert_error(committee.post(f"{QUEUE}/{row['id']}/approve",
                                json={"version": r.json()["version"], "sector_id": ids.sector["industry"]}),
                 409, "bad_state")


def test_the_county_admin_approves_an_application_that_registers_a_new_enterprise(ids, fresh_applications):
    body, row = apply(ids, town="bailin")
    # A committee of another township neither sees nor decides it.
    other = signed_in("difang.committee")
    assert row["id"] not in {a["id"] for a in other.get(QUEUE).json()["items"]}
    assert_error(other.post(f"{QUEUE}/{row['id']}/approve", json={
        "version": row["version"], "sector_id": ids.sector["industry"]}), 404, "not_found")
    r = signed_in("admin").post(f"{QUEUE}/{row['id']}/approve", json={
        "version": row["version"], "format": "json", "sector_id": ids.sector["industry"]})
    assert r.status_code == 200, r.text
    item = r.json()["items"][0]
    enterprise = sql("select township_id, name, credit_code, sector_id from enterprise where id = %s",
                     (item["enterprise_id"],))[0]
    assert enterprise == {"township_id": ids.township["bailin"], "name": body["name"],
                          "credit_code": body["credit_code"], "sector_id": ids.sector["industry"]}
    login_row = sql("select township_id, enterprise_id, enterprise_admin from app_user where id = %s",
                    (item["user_id"],))[0]
    assert login_row == {"township_id": ids.township["bailin"], "enterprise_id": item["enterprise_id"],
                         "enterprise_admin": True}
    assert item["sms_queued"] is True, "the application's mobile number receives the code"
    assert sql_value("select status from login_application where id = %s", (row["id"],)) == "approved"
    assert activate(item["username"], item["code"]).status_code == 200


def test_deciding_applications_registers_only_the_enterprise_an_application_names(ids, app_db, fresh_applications):
    """enterprise_insert_applied: the county admin (application.decide) inserts an
    enterprise of a pending application's credit code and township, and no other."""
    body, _ = apply(ids, town="bailin")
    admin = ids.user["admin"]
    with app_db.cursor() as cur:
        cur.execute("select set_config('app.user_id', %s, true), set_config('app.role', 'county_admin', true),"
                    " set_config('app.township_id', '', true), set_config('app.county_id', %s, true),"
                    " set_config('app.townships', %s, true)",
                    (str(admin), str(ids.county), "{" + ",".join(str(t) for t in ids.township.values()) + "}"))
        insert = ("insert into enterprise (township_id, name, credit_code, sector_id)"
                  " values (%s, '县级登记测试', %s, %s) returning id")
        for town, code in (("bailin", credit_code()), ("difang", body["credit_code"])):
            cur.execute("savepoint s")
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cur.execute(insert, (ids.township[town], code, ids.sector["industry"]))
            cur.execute("rollback to savepoint s")
        cur.execute(insert, (ids.township["bailin"], body["credit_code"], ids.sector["industry"]))
        assert cur.fetchone()[0] > 0
    app_db.rollback()
