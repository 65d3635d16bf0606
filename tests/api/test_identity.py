"""Identity: signing in and out, sessions and their lifetimes, CSRF, the login
throttle, passwords, users, and the audit log of all of it.
"""
import os
import re
import statistics
import time
from datetime import datetime, timedelta, timezone

import pytest

from conftest import (CLIENT_ADDR, COOKIE, DEMO_PASSWORD, anonymous, assert_error, delete_user,
                      expire_session, in_year, login, signed_in, sql, sql_value, try_login, unique)

SESSION_IDLE = int(os.environ.get("SAFEGRID_SESSION_IDLE") or 7200)
SESSION_MAX = int(os.environ.get("SAFEGRID_SESSION_MAX") or 43200)
NEW_PASSWORD = "a-new-password-2024"
HEX64 = re.compile(r"^[0-9a-f]{64}$")


def set_cookie_header(response):
    """The raw Set-Cookie header for the session cookie."""
    values = [v for k, v in response.raw.headers.items() if k.lower() == "set-cookie"]
    values = [v for v in values if v.startswith(COOKIE + "=")]
    assert len(values) == 1, f"expected one {COOKIE} Set-Cookie, got {values}"
    return values[0]


def cookie_attributes(header):
    parts = [p.strip() for p in header.split(";")]
    attrs = {}
    for p in parts[1:]:
        name, _, value = p.partition("=")
        attrs[name.lower()] = value
    return parts[0].split("=", 1)[1], attrs


def session_row(client):
    rows = sql("select * from session where token_hash = %s", (client.token_hash,))
    assert len(rows) == 1
    return rows[0]


def user_row(user_id):
    return sql("select * from app_user where id = %s", (user_id,))[0]


def me_status(client):
    return client.get("/api/v1/me").status_code


def shanghai_today():
    return sql_value("select (now() at time zone 'Asia/Shanghai')::date")


# --- Signing in ---------------------------------------------------------------

def test_login_answers_the_user_and_sets_an_httponly_samesite_cookie(ids):
    client = anonymous()
    r = try_login("difang.safety", client=client)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"user", "csrf_token", "unread_notifications"}   # as GET /api/v1/me answers
    user = body["user"]
    assert user["id"] == ids.user["difang.safety"]
    assert user["username"] == "difang.safety"
    assert user["role"] == "department"
    assert user["township_id"] == ids.township["difang"]
    assert user["county_id"] == ids.county
    assert user["active"] is True
    assert sorted(user["sector_ids"]) == sorted([ids.sector["non_coal_mine"], ids.sector["industry"]])
    assert "password_hash" not in user and "password" not in user
    assert HEX64.match(body["csrf_token"])

    token, attrs = cookie_attributes(set_cookie_header(r))
    assert HEX64.match(token)
    assert "httponly" in attrs
    assert attrs.get("samesite", "").lower() == "lax"
    assert "secure" not in attrs, "Secure over plain http would lose the cookie"
    assert attrs.get("path") == "/"
    assert int(attrs["max-age"]) == SESSION_MAX

    # The database keeps only the token's hash, and the CSRF token handed out.
    assert client.token == token
    row = session_row(client)
    assert row["user_id"] == user["id"]
    assert row["csrf_token"] == body["csrf_token"]
    assert row["ended_at"] is None
    assert row["client_addr"] == CLIENT_ADDR
    assert sql_value("select count(*) from session where token_hash = %s", (token,)) == 0


def test_login_with_missing_or_unknown_fields_is_422():
    assert_error(anonymous().post("/api/v1/auth/login", json={}), 422, "validation_failed",
                 fields=["username", "password"])
    assert_error(anonymous().post("/api/v1/auth/login", json={"username": "admin"}), 422,
                 "validation_failed", fields=["password"])
    assert_error(anonymous().post("/api/v1/auth/login",
                                  json={"username": "admin", "password": DEMO_PASSWORD, "otp": "1"}),
                 422, "validation_failed", fields=["otp"])


def test_wrong_password_unknown_user_and_disabled_user_fail_alike(make_user, clean_login_attempts):
    user = make_user()
    disabled = make_user()
    sql("update app_user set active = false where id = %s", (disabled["id"],))
    unknown_name = unique("nobody")
    wrong, unknown = [], []
    answers = []
    for _ in range(3):
        started = time.perf_counter()
        r = try_login(user["username"], "not-the-password")
        wrong.append(time.perf_counter() - started)
        answers.append(r)
        started = time.perf_counter()
        r = try_login(unknown_name, "not-the-password")
        unknown.append(time.perf_counter() - started)
        answers.append(r)
    answers.append(try_login(disabled["username"], DEMO_PASSWORD))

    first = answers[0]
    assert_error(first, 401, "bad_credentials")
    for r in answers:
        assert r.status_code == first.status_code
        assert r.content == first.content
        assert COOKIE not in r.cookies
        assert "Retry-After" not in r.headers
    ratio = statistics.median(wrong) / statistics.median(unknown)
    assert 0.5 <= ratio <= 2, f"wrong password {wrong} vs unknown user {unknown}"


# --- Who am I ---------------------------------------------------------------------

def test_me_without_a_session_is_401():
    assert_error(anonymous().get("/api/v1/me"), 401, "not_signed_in")
    forged = anonymous()
    forged.cookies.set(COOKIE, "0" * 64)
    assert_error(forged.get("/api/v1/me"), 401, "not_signed_in")
    garbage = anonymous()
    garbage.cookies.set(COOKIE, "not-a-token")
    assert_error(garbage.get("/api/v1/me"), 401, "not_signed_in")


def test_me_with_a_session_answers_the_user_and_csrf_token(ids):
    client = signed_in("difang.supervisor")
    r = client.get("/api/v1/me")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["user"]["id"] == ids.user["difang.supervisor"]
    assert body["user"]["role"] == "supervisor"
    assert body["user"]["township_id"] == ids.township["difang"]
    assert body["csrf_token"] == client.csrf_token
    assert "password_hash" not in body["user"]


# --- Signing out --------------------------------------------------------------------

def test_logout_ends_the_session(make_user, ids):
    user = make_user()
    client = login(user["username"])
    other = login(user["username"])
    replay = client.copy()          # keeps the cookie that the answer below clears
    r = client.post("/api/v1/auth/logout")
    assert r.status_code == 204, r.text
    value, attrs = cookie_attributes(set_cookie_header(r))
    assert value == "" and int(attrs["max-age"]) == 0
    row = session_row(replay)
    assert row["ended_at"] is not None and row["end_reason"] == "logout"

    assert_error(replay.get("/api/v1/me"), 401, "not_signed_in")
    assert_error(replay.post("/api/v1/auth/logout"), 401, "not_signed_in")
    # Only that session: the user's other one goes on.
    assert me_status(other) == 200

    admin = signed_in("admin")
    r = admin.get("/api/v1/audit", params={"actor_id": user["id"], "action": "auth.logout"})
    assert r.status_code == 200
    assert [i["entity_id"] for i in r.json()["items"]] == [row["id"]]


def test_logout_without_the_csrf_token_is_refused(make_user):
    user = make_user()
    client = login(user["username"])
    assert_error(client.without_csrf().post("/api/v1/auth/logout"), 403, "csrf")
    wrong = client.without_csrf()
    wrong.headers["X-CSRF-Token"] = "f" * 64
    assert_error(wrong.post("/api/v1/auth/logout"), 403, "csrf")
    assert me_status(client) == 200
    assert session_row(client)["ended_at"] is None


# --- CSRF -----------------------------------------------------------------------------

def test_state_changes_without_the_right_csrf_token_are_403_and_change_nothing(make_user, ids):
    admin = signed_in("admin")
    target = make_user()
    someone_elses = login("admin").csrf_token      # a real token, of another session
    township_before = sql("select * from township where id = %s", (ids.township["difang"],))[0]

    for header in (None, "", "0" * 64, someone_elses, admin.csrf_token[:-1]):
        client = admin.without_csrf()
        if header is not None:
            client.headers["X-CSRF-Token"] = header
        username = unique("csrf")
        r = client.post("/api/v1/users", json={
            "username": username, "display_name": "不该存在", "role": "department",
            "township_id": ids.township["difang"], "password": "long-enough-password"})
        assert_error(r, 403, "csrf")
        assert sql_value("select count(*) from app_user where username = %s", (username,)) == 0

        r = client.patch(f"/api/v1/users/{target['id']}",
                         json={"version": target["version"], "display_name": "被篡改"})
        assert_error(r, 403, "csrf")
        r = client.patch(f"/api/v1/townships/{ids.township['difang']}",
                         json={"version": township_before["version"], "name": "被篡改镇"})
        assert_error(r, 403, "csrf")

    row = user_row(target["id"])
    assert row["display_name"] != "被篡改" and row["version"] == target["version"]
    township_after = sql("select * from township where id = %s", (ids.township["difang"],))[0]
    assert township_after == township_before

    # The user's own password: nothing changes without the token either.
    own = login(target["username"], csrf=False)
    hash_before = user_row(target["id"])["password_hash"]
    r = own.post("/api/v1/me/password",
                 json={"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD})
    assert_error(r, 403, "csrf")
    assert user_row(target["id"])["password_hash"] == hash_before
    assert me_status(own) == 200
    # And with it, the same request goes through (the 403 was the token's doing).
    own.headers["X-CSRF-Token"] = own.csrf_token
    r = own.post("/api/v1/me/password",
                 json={"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD})
    assert r.status_code == 204, r.text


# --- Passwords ------------------------------------------------------------------------------

def test_password_change_rules_end_sessions_and_new_password_works(make_user, clean_login_attempts):
    user = make_user()
    assert len(user["username"]) >= 10     # so that "the username" passes the length rule
    first = login(user["username"])
    second = login(user["username"])
    hash_before = user_row(user["id"])["password_hash"]

    def change(current, new):
        return first.post("/api/v1/me/password",
                          json={"current_password": current, "new_password": new})

    assert_error(change(DEMO_PASSWORD, "short"), 422, "validation_failed", fields=["new_password"])
    assert_error(change(DEMO_PASSWORD, "123456789"), 422, "validation_failed", fields=["new_password"])
    assert_error(change(DEMO_PASSWORD, user["username"]), 422, "validation_failed",
                 fields=["new_password"])
    assert_error(change(DEMO_PASSWORD, user["username"].upper()), 422, "validation_failed",
                 fields=["new_password"])
    assert_error(change("not-my-password", NEW_PASSWORD), 422, "validation_failed",
                 fields=["current_password"])
    assert_error(first.post("/api/v1/me/password", json={"new_password": NEW_PASSWORD}), 422,
                 "validation_failed", fields=["current_password"])
    # None of that changed anything or ended a session.
    assert user_row(user["id"])["password_hash"] == hash_before
    assert me_status(first) == 200 and me_status(second) == 200

    replay = first.copy()           # keeps the cookie that the answer below clears
    r = change(DEMO_PASSWORD, NEW_PASSWORD)
    assert r.status_code == 204, r.text
    value, attrs = cookie_attributes(set_cookie_header(r))
    assert value == "" and int(attrs["max-age"]) == 0
    row = user_row(user["id"])
    assert row["password_hash"] != hash_before and row["password_hash"].startswith("$argon2id$")
    assert NEW_PASSWORD not in row["password_hash"]

    # Every session of the user ends, the one that asked included.
    assert_error(replay.get("/api/v1/me"), 401, "not_signed_in")
    assert_error(second.get("/api/v1/me"), 401, "not_signed_in")
    open_sessions = sql_value("select count(*) from session where user_id = %s and ended_at is null",
                              (user["id"],))
    assert open_sessions == 0

    assert_error(try_login(user["username"], DEMO_PASSWORD), 401, "bad_credentials")
    again = login(user["username"], NEW_PASSWORD)
    assert again.get("/api/v1/me").json()["user"]["id"] == user["id"]


# --- Session lifetimes ---------------------------------------------------------------------

def test_session_ends_after_idle_time(make_user):
    user = make_user()
    client = login(user["username"])
    expire_session(client, "last_seen_at", SESSION_IDLE - 300)
    assert me_status(client) == 200
    # Being used moves last_seen_at forward.
    age = sql_value("select extract(epoch from now() - last_seen_at) from session"
                    " where token_hash = %s", (client.token_hash,))
    assert age < 60

    expire_session(client, "last_seen_at", SESSION_IDLE + 60)
    assert_error(client.get("/api/v1/me"), 401, "not_signed_in")
    assert_error(client.patch(f"/api/v1/users/{user['id']}", json={"version": 1}), 401,
                 "not_signed_in")


def test_session_ends_after_its_maximum_age_however_busy(make_user):
    user = make_user()
    client = login(user["username"])
    expire_session(client, "created_at", SESSION_MAX - 300)
    assert me_status(client) == 200
    expire_session(client, "created_at", SESSION_MAX + 60)
    assert_error(client.get("/api/v1/me"), 401, "not_signed_in")


# --- The login throttle --------------------------------------------------------------------

def test_four_failures_in_a_row_throttle_the_username(make_user, clean_login_attempts):
    user = make_user()
    for _ in range(4):
        assert_error(try_login(user["username"], "not-the-password"), 401, "bad_credentials")
    # The fifth try waits, even with the right password.
    r = try_login(user["username"], DEMO_PASSWORD)
    assert_error(r, 429, "too_many_requests")
    assert COOKIE not in r.cookies
    retry_after = int(r.headers["Retry-After"])
    assert 800 <= retry_after <= 900, retry_after      # 15 minutes from the first failure
    assert sql_value("select count(*) from session where user_id = %s", (user["id"],)) == 0

    # An unknown username is throttled the same way: no telling which names exist.
    nobody = unique("nobody")
    for _ in range(4):
        assert_error(try_login(nobody, "not-the-password"), 401, "bad_credentials")
    r = try_login(nobody, "not-the-password")
    assert_error(r, 429, "too_many_requests")
    assert 800 <= int(r.headers["Retry-After"]) <= 900

    # Another username from the same address is not held up.
    login("difang.safety")

    # Once the failures are older than the window, the right password works again.
    sql("update login_attempt set at = at - interval '16 minutes' where username = %s",
        (user["username"],))
    login(user["username"])


def test_failures_from_another_address_never_lock_the_user_out(make_user, clean_login_attempts):
    # Someone elsewhere who knows the username tries wrong passwords, many times.
    user = make_user()
    sql("insert into login_attempt (username, client_addr, ok)"
        " select %s, '198.51.100.7', false from generate_series(1, 12)", (user["username"],))
    sql("insert into login_attempt (username, client_addr, ok)"
        " select %s, '198.51.100.' || g, false from generate_series(8, 30) g", (user["username"],))
    try:
        # The address that failed is held for that username.
        assert sql_value("select retry_after from app.login_lookup(%s, '198.51.100.7')",
                         (user["username"],)) > 0
        # Its owner, here, still signs in; and still gets four tries of its own.
        login(user["username"])
        for _ in range(3):
            assert_error(try_login(user["username"], "not-the-password"), 401, "bad_credentials")
        login(user["username"])
    finally:
        sql("delete from login_attempt where client_addr like '198.51.100.%'")


def test_a_success_resets_the_count_of_failures(make_user, clean_login_attempts):
    user = make_user()
    for _ in range(3):
        assert_error(try_login(user["username"], "not-the-password"), 401, "bad_credentials")
    login(user["username"])
    for _ in range(3):
        assert_error(try_login(user["username"], "not-the-password"), 401, "bad_credentials")
    login(user["username"])


def test_twenty_failures_from_one_address_throttle_the_address(make_user, clean_login_attempts):
    user = make_user()
    # Nineteen failures, under as many usernames, just now from this address.
    sql("insert into login_attempt (username, client_addr, ok)"
        " select 'flood-' || g, %s, false from generate_series(1, 19) g", (CLIENT_ADDR,))
    login(user["username"])
    sql("insert into login_attempt (username, client_addr, ok) values ('flood-20', %s, false)",
        (CLIENT_ADDR,))
    r = try_login(user["username"], DEMO_PASSWORD)
    assert_error(r, 429, "too_many_requests")
    assert 1 <= int(r.headers["Retry-After"]) <= 900


# --- Users: create ----------------------------------------------------------------------------

def user_body(ids, **changes):
    body = {"username": "difang." + unique("new"), "display_name": "新用户", "phone": "13800000000",
            "role": "department", "township_id": ids.township["difang"],
            "password": "a-good-password-1"}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


def test_county_admin_creates_a_user_who_can_sign_in(ids):
    admin = signed_in("admin")
    sectors = sorted([ids.sector["fire"], ids.sector["non_coal_mine"]])
    body = user_body(ids, sector_ids=list(reversed(sectors)))
    r = admin.post("/api/v1/users", json=body)
    assert r.status_code == 201, r.text
    user = r.json()
    try:
        assert user["username"] == body["username"]
        assert user["display_name"] == "新用户" and user["phone"] == "13800000000"
        assert user["role"] == "department" and user["active"] is True
        assert user["township_id"] == ids.township["difang"] and user["county_id"] == ids.county
        assert user["sector_ids"] == sectors
        assert user["version"] == 1
        assert "password_hash" not in user and "password" not in user
        row = user_row(user["id"])
        assert row["password_hash"].startswith("$argon2id$")
        assert admin.get(f"/api/v1/users/{user['id']}").json() == user
        session = login(body["username"], body["password"])
        assert session.user["id"] == user["id"]
    finally:
        delete_user(user["id"])


def test_county_admin_creates_a_county_admin_and_an_enterprise_user(ids):
    admin = signed_in("admin")
    made = []
    try:
        r = admin.post("/api/v1/users", json=user_body(ids, role="county_admin", township_id=...))
        assert r.status_code == 201, r.text
        made.append(r.json()["id"])
        assert r.json()["township_id"] is None and r.json()["role"] == "county_admin"

        r = admin.post("/api/v1/users", json=user_body(ids, role="enterprise",
                                                        enterprise_id=ids.enterprise["difang"]))
        assert r.status_code == 201, r.text
        made.append(r.json()["id"])
        assert r.json()["enterprise_id"] == ids.enterprise["difang"]
    finally:
        for user_id in made:
            delete_user(user_id)


def test_committee_creates_users_of_its_own_township_only(ids):
    committee = signed_in("difang.committee")
    made = []
    try:
        r = committee.post("/api/v1/users", json=user_body(ids, township_id=...))
        assert r.status_code == 201, r.text
        made.append(r.json()["id"])
        assert r.json()["township_id"] == ids.township["difang"]

        # Naming another township never puts a user there.
        body = user_body(ids, township_id=ids.township["bailin"])
        r = committee.post("/api/v1/users", json=body)
        assert r.status_code in (201, 403, 404, 422), r.text
        if r.status_code == 201:
            made.append(r.json()["id"])
        assert sql_value("select count(*) from app_user where username = %s and township_id = %s",
                         (body["username"], ids.township["bailin"])) == 0
    finally:
        for user_id in made:
            delete_user(user_id)


def test_committee_cannot_create_a_county_admin(ids):
    committee = signed_in("difang.committee")
    body = user_body(ids, role="county_admin", township_id=...)
    assert_error(committee.post("/api/v1/users", json=body), 403, "forbidden")
    assert sql_value("select count(*) from app_user where username = %s", (body["username"],)) == 0


INVALID_USERS = [
    # (name, changes to a good body, fields the 422 must name)
    ("nothing", {"username": ..., "display_name": ..., "role": ..., "password": ...},
     ["username", "display_name", "role", "password"]),
    ("unknown_role", {"role": "boss"}, ["role"]),
    ("short_password", {"password": "short"}, ["password"]),
    ("password_is_username", {"username": "same-as-password", "password": "same-as-password"},
     ["password"]),
    ("enterprise_without_enterprise", {"role": "enterprise"}, ["enterprise_id"]),
    ("enterprise_of_another_township", {"role": "enterprise", "enterprise_id": "bailin"},
     ["enterprise_id"]),
    ("no_township", {"township_id": ...}, ["township_id"]),
    ("unknown_township", {"township_id": 999999999}, ["township_id"]),
    ("undeclared_field", {"email": "x@example.com"}, ["email"]),
    ("empty_display_name", {"display_name": ""}, ["display_name"]),
    ("long_display_name", {"display_name": "长" * 51}, ["display_name"]),
    ("long_username", {"username": "u" * 41}, ["username"]),
    ("username_with_spaces", {"username": "bad user!"}, ["username"]),
    ("phone_with_letters", {"phone": "call-me-now"}, ["phone"]),
    ("sector_ids_not_ids", {"sector_ids": ["fire"]}, ["sector_ids"]),
    ("unknown_sector", {"sector_ids": [999999999]}, ["sector_ids"]),
    ("township_id_not_a_number", {"township_id": "difang"}, ["township_id"]),
]


@pytest.mark.parametrize("changes,fields", [c[1:] for c in INVALID_USERS],
                         ids=[c[0] for c in INVALID_USERS])
def test_user_create_validation_names_the_fields(ids, changes, fields):
    admin = signed_in("admin")
    if changes.get("enterprise_id") == "bailin":
        changes = dict(changes, enterprise_id=ids.enterprise["bailin"])
    body = user_body(ids, **changes)
    r = admin.post("/api/v1/users", json=body)
    if r.status_code == 201:
        delete_user(r.json()["id"])
    assert_error(r, 422, "validation_failed", fields=fields)
    if isinstance(body.get("username"), str):
        assert sql_value("select count(*) from app_user where username = lower(%s)",
                         (body["username"],)) == 0


@pytest.mark.parametrize("username", ["difang.safety", "DiFang.Safety", "admin"])
def test_duplicate_username_is_409(ids, username):
    admin = signed_in("admin")
    r = admin.post("/api/v1/users", json=user_body(ids, username=username))
    assert_error(r, 409, "duplicate")
    assert sql_value("select count(*) from app_user where lower(username) = lower(%s)",
                     (username,)) == 1


# --- Users: read ------------------------------------------------------------------------------

def test_user_list_filters_and_pages(make_user, ids):
    admin = signed_in("admin")
    tag = unique("list")
    made = [make_user(username=f"{tag}-{i}", role=role, display_name=f"列表{tag}{i}")
            for i, role in enumerate(["department", "supervisor", "department"])]
    sql("update app_user set active = false where id = %s", (made[2]["id"],))

    r = admin.get("/api/v1/users", params={"q": tag})
    assert r.status_code == 200, r.text
    assert [u["id"] for u in r.json()["items"]] == [u["id"] for u in made]
    assert r.json()["next_cursor"] is None
    r = admin.get("/api/v1/users", params={"q": f"列表{tag}1"})
    assert [u["id"] for u in r.json()["items"]] == [made[1]["id"]]
    r = admin.get("/api/v1/users", params={"q": tag, "role": "department"})
    assert [u["id"] for u in r.json()["items"]] == [made[0]["id"], made[2]["id"]]
    r = admin.get("/api/v1/users", params={"q": tag, "active": "false"})
    assert [u["id"] for u in r.json()["items"]] == [made[2]["id"]]
    r = admin.get("/api/v1/users", params={"q": tag, "township_id": ids.township["bailin"]})
    assert r.json()["items"] == []

    r = admin.get("/api/v1/users", params={"township_id": ids.township["bailin"], "limit": 200})
    items = r.json()["items"]
    assert items and all(u["township_id"] == ids.township["bailin"] for u in items)
    r = admin.get("/api/v1/users", params={"role": "county_admin"})
    assert ids.user["admin"] in [u["id"] for u in r.json()["items"]]
    assert all(u["role"] == "county_admin" for u in r.json()["items"])

    # Keyset pages of two: in id order, no overlap, together the whole list.
    everyone = [u["id"] for u in admin.get("/api/v1/users", params={"limit": 200}).json()["items"]]
    assert everyone == sorted(everyone) and len(everyone) >= 13
    seen, cursor = [], None
    for _ in range(100):
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = admin.get("/api/v1/users", params=params).json()
        assert len(page["items"]) <= 2
        seen += [u["id"] for u in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everyone

    assert_error(admin.get("/api/v1/users", params={"role": "boss"}), 422, fields=["role"])
    assert_error(admin.get("/api/v1/users", params={"active": "maybe"}), 422, fields=["active"])
    assert_error(admin.get("/api/v1/users", params={"cursor": "abc"}), 422, fields=["cursor"])
    assert_error(admin.get("/api/v1/users", params={"sort": "id"}), 422, fields=["sort"])


@pytest.mark.parametrize("q", ["%", "%%", "%a%"])
def test_user_search_takes_q_literally(q):
    """q is text to find, not a LIKE pattern: "%" finds only names with a "%"."""
    admin = signed_in("admin")
    r = admin.get("/api/v1/users", params={"q": q, "limit": 200})
    assert r.status_code == 200, r.text
    for user in r.json()["items"]:
        assert q in user["username"] or q in user["display_name"], user


def test_committee_sees_its_township_and_never_a_county_admin(ids):
    committee = signed_in("difang.committee")
    items = committee.get("/api/v1/users", params={"limit": 200}).json()["items"]
    assert {u["township_id"] for u in items} == {ids.township["difang"]}
    assert ids.user["difang.safety"] in [u["id"] for u in items]
    assert committee.get("/api/v1/users", params={"role": "county_admin"}).json()["items"] == []
    assert_error(committee.get(f"/api/v1/users/{ids.user['admin']}"), 404, "not_found")
    r = committee.get(f"/api/v1/users/{ids.user['difang.safety']}")
    assert r.status_code == 200 and r.json()["username"] == "difang.safety"


def test_supervisor_reads_users_but_cannot_write(make_user, ids):
    supervisor = signed_in("difang.supervisor")
    target = make_user()
    r = supervisor.get("/api/v1/users")
    assert r.status_code == 200
    assert {u["township_id"] for u in r.json()["items"]} == {ids.township["difang"]}
    assert supervisor.get(f"/api/v1/users/{target['id']}").status_code == 200
    body = user_body(ids, township_id=...)
    assert_error(supervisor.post("/api/v1/users", json=body), 403, "forbidden")
    assert sql_value("select count(*) from app_user where username = %s", (body["username"],)) == 0
    assert_error(supervisor.patch(f"/api/v1/users/{target['id']}",
                                  json={"version": 1, "display_name": "被督考组改了"}), 403, "forbidden")
    assert user_row(target["id"])["version"] == 1


@pytest.mark.parametrize("username", ["difang.safety", "difang.ent1"])
def test_department_and_enterprise_cannot_read_users(ids, username):
    client = signed_in(username)
    assert_error(client.get("/api/v1/users"), 403, "forbidden")
    assert_error(client.get(f"/api/v1/users/{ids.user[username]}"), 403, "forbidden")
    assert_error(client.post("/api/v1/users", json=user_body(ids, township_id=...)), 403, "forbidden")


# --- Users: update ----------------------------------------------------------------------------

def test_user_update_and_stale_version(make_user, ids):
    admin = signed_in("admin")
    target = make_user()
    r = admin.patch(f"/api/v1/users/{target['id']}",
                    json={"version": 1, "display_name": "改过的名字", "phone": "0539-1234567",
                          "sector_ids": [ids.sector["fire"]]})
    assert r.status_code == 200, r.text
    user = r.json()
    assert user["display_name"] == "改过的名字" and user["phone"] == "0539-1234567"
    assert user["sector_ids"] == [ids.sector["fire"]]
    assert user["version"] == 2
    assert user["username"] == target["username"]

    r = admin.patch(f"/api/v1/users/{target['id']}", json={"version": 1, "display_name": "晚了一步"})
    assert_error(r, 409, "stale_version")
    row = user_row(target["id"])
    assert row["display_name"] == "改过的名字" and row["version"] == 2

    r = admin.patch(f"/api/v1/users/{target['id']}", json={"version": 2, "phone": None})
    assert r.status_code == 200 and r.json()["phone"] is None and r.json()["version"] == 3

    assert_error(admin.patch(f"/api/v1/users/{target['id']}", json={"display_name": "x"}), 422,
                 "validation_failed", fields=["version"])
    assert_error(admin.patch("/api/v1/users/999999999", json={"version": 1}), 404, "not_found")


@pytest.mark.parametrize("changes,fields", [
    ({"display_name": ""}, ["display_name"]),
    ({"role": "boss"}, ["role"]),
    ({"active": "no"}, ["active"]),
    ({"password": "short"}, ["password"]),
    ({"username": "renamed"}, ["username"]),
    ({"phone": "call-me-now"}, ["phone"]),
    ({"enterprise_id": "bailin"}, ["enterprise_id"]),
    ({"sector_ids": [999999999]}, ["sector_ids"]),
    ({"role": "county_admin"}, ["role"]),
], ids=["empty_name", "unknown_role", "active_not_bool", "short_password", "username_is_fixed",
        "phone_with_letters", "enterprise_of_another_township", "unknown_sector",
        "township_user_made_county_admin"])
def test_user_update_validation_names_the_fields(make_user, ids, changes, fields):
    admin = signed_in("admin")
    target = make_user()
    if changes.get("enterprise_id") == "bailin":
        changes = {"role": "enterprise", "enterprise_id": ids.enterprise["bailin"]}
    before = user_row(target["id"])
    r = admin.patch(f"/api/v1/users/{target['id']}", json={"version": 1, **changes})
    assert_error(r, 422, "validation_failed", fields=fields)
    assert user_row(target["id"]) == before


def test_committee_manages_its_township_users_but_makes_no_county_admin(make_user, ids):
    committee = signed_in("difang.committee")
    target = make_user()
    r = committee.patch(f"/api/v1/users/{target['id']}", json={"version": 1, "role": "committee"})
    assert r.status_code == 200, r.text
    assert r.json()["role"] == "committee"
    r = committee.patch(f"/api/v1/users/{target['id']}", json={"version": 2, "role": "county_admin"})
    assert_error(r, 403)
    assert user_row(target["id"])["role"] == "committee"
    r = committee.patch(f"/api/v1/users/{ids.user['admin']}", json={"version": 1, "display_name": "x"})
    assert_error(r, 404, "not_found")


def test_disabling_a_user_ends_their_sessions(make_user, clean_login_attempts):
    admin = signed_in("admin")
    target = make_user()
    first, second = login(target["username"]), login(target["username"])
    r = admin.patch(f"/api/v1/users/{target['id']}", json={"version": 1, "active": False})
    assert r.status_code == 200, r.text
    assert r.json()["active"] is False
    assert_error(first.get("/api/v1/me"), 401, "not_signed_in")
    assert_error(second.get("/api/v1/me"), 401, "not_signed_in")
    reasons = sql("select end_reason from session where user_id = %s", (target["id"],))
    assert [r["end_reason"] for r in reasons] == ["user disabled", "user disabled"]
    assert_error(try_login(target["username"]), 401, "bad_credentials")

    r = admin.patch(f"/api/v1/users/{target['id']}", json={"version": 2, "active": True})
    assert r.status_code == 200 and r.json()["active"] is True
    login(target["username"])
    # The old sessions stay ended.
    assert me_status(first) == 401


def test_a_manager_setting_a_password_ends_the_users_sessions(make_user, clean_login_attempts):
    committee = signed_in("difang.committee")
    target = make_user()
    old = login(target["username"])
    r = committee.patch(f"/api/v1/users/{target['id']}", json={"version": 1, "password": NEW_PASSWORD})
    assert r.status_code == 200, r.text
    assert "password" not in r.json() and "password_hash" not in r.json()
    assert_error(old.get("/api/v1/me"), 401, "not_signed_in")
    assert_error(try_login(target["username"], DEMO_PASSWORD), 401, "bad_credentials")
    login(target["username"], NEW_PASSWORD)
    # A password equal to the username is refused here as well.
    version = user_row(target["id"])["version"]
    r = committee.patch(f"/api/v1/users/{target['id']}",
                        json={"version": version, "password": target["username"]})
    assert_error(r, 422, "validation_failed", fields=["password"])


# --- The audit log --------------------------------------------------------------------------

def audit(client, **params):
    r = client.get("/api/v1/audit", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_patch_is_audited_with_before_after_and_the_request_id(make_user, ids):
    admin = signed_in("admin")
    target = make_user(display_name="审计前")
    r = admin.patch(f"/api/v1/users/{target['id']}", json={"version": 1, "display_name": "审计后"})
    assert r.status_code == 200, r.text
    request_id = r.headers["X-Request-Id"]
    assert request_id

    items = audit(admin, entity_type="app_user", entity_id=target["id"], action="app_user.update")["items"]
    assert len(items) == 1, items
    row = items[0]
    assert row["actor_id"] == ids.user["admin"]
    assert row["township_id"] == ids.township["difang"]
    assert row["entity_id"] == target["id"]
    assert row["before"]["display_name"] == "审计前" and row["after"]["display_name"] == "审计后"
    assert row["before"]["version"] == 1 and row["after"]["version"] == 2
    assert row["request_id"] == request_id
    assert row["client_addr"] == CLIENT_ADDR
    assert "password_hash" not in row["before"] and "password_hash" not in row["after"]
    at = datetime.fromisoformat(row["at"])
    assert at.utcoffset() is not None

    # A password set by a manager is audited too, and the hash appears nowhere.
    r = admin.patch(f"/api/v1/users/{target['id']}", json={"version": 2, "password": NEW_PASSWORD})
    assert r.status_code == 200, r.text
    rows = audit(admin, entity_type="app_user", entity_id=target["id"])["items"]
    assert any(i["request_id"] == r.headers["X-Request-Id"] for i in rows)
    text = str(rows)
    assert "password_hash" not in text and "$argon2" not in text and NEW_PASSWORD not in text


def test_a_change_of_a_users_sectors_is_audited(make_user, ids):
    """Every write is audited: a PATCH that changes only sector_ids too."""
    admin = signed_in("admin")
    target = make_user()
    sql("insert into user_sector (township_id, user_id, sector_id) values (%s, %s, %s)",
        (target["township_id"], target["id"], ids.sector["industry"]))
    r = admin.patch(f"/api/v1/users/{target['id']}",
                    json={"version": 1, "sector_ids": [ids.sector["fire"]]})
    assert r.status_code == 200, r.text
    assert r.json()["sector_ids"] == [ids.sector["fire"]]
    rows = sql("select action, before, after from audit_log where request_id = %s",
               (r.headers["X-Request-Id"],))
    assert rows, "the change of sectors left no audit row"
    text = str(rows)
    assert str(ids.sector["fire"]) in text and str(ids.sector["industry"]) in text


def test_create_login_and_logout_are_audited(ids):
    admin = signed_in("admin")
    body = user_body(ids)
    r = admin.post("/api/v1/users", json=body)
    assert r.status_code == 201, r.text
    user_id = r.json()["id"]
    try:
        items = audit(admin, entity_type="app_user", entity_id=user_id)["items"]
        assert [i["action"] for i in items] == ["app_user.insert"]
        assert items[0]["request_id"] == r.headers["X-Request-Id"]
        assert items[0]["after"]["username"] == body["username"]
        assert "password_hash" not in items[0]["after"]

        client = login(body["username"], body["password"])
        assert client.post("/api/v1/auth/logout").status_code == 204
        actions = [i["action"] for i in audit(admin, actor_id=user_id)["items"]]
        assert actions == ["auth.logout", "auth.login"]
    finally:
        delete_user(user_id)


def test_audit_filters_pages_and_dates(make_user, ids):
    admin = signed_in("admin")
    target = make_user()
    for version, name in enumerate(["一", "二", "三"], start=1):
        r = admin.patch(f"/api/v1/users/{target['id']}", json={"version": version, "display_name": name})
        assert r.status_code == 200, r.text

    mine = audit(admin, entity_type="app_user", entity_id=target["id"], action="app_user.update")["items"]
    assert [i["after"]["display_name"] for i in mine] == ["三", "二", "一"]      # newest first
    ids_desc = [i["id"] for i in mine]
    assert ids_desc == sorted(ids_desc, reverse=True)

    for item in audit(admin, actor_id=ids.user["admin"], limit=50)["items"]:
        assert item["actor_id"] == ids.user["admin"]
    for item in audit(admin, action="app_user.update", limit=50)["items"]:
        assert item["action"] == "app_user.update"
    for item in audit(admin, entity_type="township", limit=50)["items"]:
        assert item["entity_type"] == "township"

    # Keyset pages of one, newest first, no overlap.
    pages, cursor = [], None
    for _ in range(3):
        params = dict(entity_type="app_user", entity_id=target["id"], limit=1)
        if cursor:
            params["cursor"] = cursor
        page = audit(admin, **params)
        pages += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
    assert pages == ids_desc[:3]

    today = shanghai_today()
    day = timedelta(days=1)
    found = audit(admin, entity_id=target["id"], action="app_user.update",
                  **{"from": today.isoformat(), "to": today.isoformat()})["items"]
    assert [i["id"] for i in found] == ids_desc
    assert audit(admin, entity_id=target["id"], to=(today - day).isoformat())["items"] == []
    assert audit(admin, entity_id=target["id"], **{"from": (today + day).isoformat()})["items"] == []
    shanghai = timezone(timedelta(hours=8))
    start_of_today = datetime.combine(today, datetime.min.time(), tzinfo=shanghai)
    for item in audit(admin, to=(today - day).isoformat(), limit=50)["items"]:
        assert datetime.fromisoformat(item["at"]) < start_of_today
    for item in audit(admin, **{"from": today.isoformat()}, limit=50)["items"]:
        assert datetime.fromisoformat(item["at"]) >= start_of_today

    assert_error(admin.get("/api/v1/audit", params={"from": in_year(13, 1)}), 422, fields=["from"])
    assert_error(admin.get("/api/v1/audit", params={"to": "yesterday"}), 422, fields=["to"])
    assert_error(admin.get("/api/v1/audit", params={"entity_id": "x"}), 422, fields=["entity_id"])
    assert_error(admin.get("/api/v1/audit", params={"cursor": "next"}), 422, fields=["cursor"])


def test_audit_is_read_by_committee_supervisor_and_county_only(make_user, ids):
    admin = signed_in("admin")
    target = make_user()
    r = admin.patch(f"/api/v1/users/{target['id']}", json={"version": 1, "display_name": "谁能看见"})
    assert r.status_code == 200
    for username in ("difang.committee", "difang.supervisor"):
        client = signed_in(username)
        items = audit(client, limit=200)["items"]
        assert items and {i["township_id"] for i in items} == {ids.township["difang"]}
        found = audit(client, entity_type="app_user", entity_id=target["id"])["items"]
        assert [i["after"]["display_name"] for i in found if i["action"] == "app_user.update"] == ["谁能看见"]
    for username in ("bailin.committee", "bailin.supervisor"):
        assert audit(signed_in(username), entity_type="app_user", entity_id=target["id"])["items"] == []
    for username in ("difang.safety", "difang.ent1"):
        assert_error(signed_in(username).get("/api/v1/audit"), 403, "forbidden")
    assert_error(anonymous().get("/api/v1/audit"), 401, "not_signed_in")
