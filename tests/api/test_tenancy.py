"""Tenancy: every route x every role, and another township's (or county's) ids.

The table below is driven by the server's own route table (`safegridctl
routes`) and permission matrix (`safegridctl permissions`): anonymous callers
get 401 on every route that is not public, a role without the route's action
gets 403, and a role with it gets the route's answer -- whenever the {id}
belongs to another township (for county admins: another county), the same
answer as for an id nobody has (404 for a well-formed request), never 403,
never a success, and the row does not change.
"""
import uuid

import pytest

from conftest import (DEMO_PASSWORD, anonymous, assert_error, day, delete_user, login, safegridctl,
                      signed_in, sql, sql_value, try_login, unique, year_end, year_start)

# The callers: the county admin and every role of difang, and nobody.
CALLERS = ["admin", "difang.committee", "difang.supervisor", "difang.safety", "difang.ent1", None]
ROLE_OF = {"admin": "county_admin", "difang.committee": "committee",
           "difang.supervisor": "supervisor", "difang.safety": "department",
           "difang.ent1": "enterprise"}


def routes():
    out = safegridctl("routes")
    assert out.returncode == 0, out.stderr
    table = []
    for line in out.stdout.splitlines():
        method, pattern, action = line.split()
        table.append((method, pattern, action))
    assert table, "safegridctl routes printed nothing"
    return table


def permissions():
    """{action: set of roles allowed} from the Markdown matrix."""
    out = safegridctl("permissions")
    assert out.returncode == 0, out.stderr
    lines = [l for l in out.stdout.splitlines() if l.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    roles = header[1:]
    matrix = {}
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        action = cells[0].strip("`")
        matrix[action] = {role for role, cell in zip(roles, cells[1:]) if cell == "yes"}
    assert set(ROLE_OF.values()) <= set(roles), roles
    return matrix


ROUTES = routes()
MATRIX = permissions()


def allowed(caller, action):
    if action == "public":
        return True
    if caller is None:
        return False
    return ROLE_OF[caller] in MATRIX[action]


# --- Another county, for the county admin's "other" rows -------------------------------

def make_county(tag):
    """A second county with a township, a committee and a county admin of its
    own, inserted as the superuser (all with the demo password)."""
    digits = "".join(str(int(c, 16) % 10) for c in tag)
    demo_hash = sql_value("select password_hash from app_user where username = 'admin'")
    county_id = sql_value("insert into county (name, code) values (%s, %s) returning id",
                          (f"测试县{tag}", "9" + digits[:5]))
    slug = f"other-{tag}"
    township_id = sql_value("insert into township (county_id, name, code, slug)"
                            " values (%s, %s, %s, %s) returning id",
                            (county_id, f"测试镇{tag}", "99" + digits + "0000", slug))
    made = {"county_id": county_id, "township_id": township_id,
            "committee": f"{slug}.committee", "admin": f"{slug}.admin"}
    for key, role, township in (("committee", "committee", township_id),
                                ("admin", "county_admin", None)):
        made[key + "_id"] = sql_value(
            "insert into app_user (county_id, township_id, username, display_name, role,"
            " password_hash) values (%s, %s, %s, %s, %s, %s) returning id",
            (county_id, township, made[key], f"他县{role}", role, demo_hash))
    return made


def drop_county(county_id):
    for row in sql("select id from app_user where county_id = %s", (county_id,)):
        delete_user(row["id"])
    sql("delete from township where county_id = %s", (county_id,))
    sql("delete from sector where county_id = %s", (county_id,))
    sql("delete from checklist where county_id = %s", (county_id,))
    sql("delete from county where id = %s", (county_id,))


@pytest.fixture(scope="module")
def other_county():
    made = make_county(uuid.uuid4().hex[:6])
    yield made
    drop_county(made["county_id"])


def test_safegridctl_creates_a_county_with_a_township_and_users():
    tag = uuid.uuid4().hex[:6]
    digits = "".join(str(int(c, 16) % 10) for c in tag)
    county, slug = f"命令县{tag}", f"ctl-{tag}"
    env = {"SAFEGRID_PASSWORD": DEMO_PASSWORD}
    try:
        out = safegridctl("create-township", "--county", county, "--county-code", "8" + digits[:5],
                          "--name", f"命令镇{tag}", "--code", "88" + digits + "0000", "--slug", slug)
        assert out.returncode == 0, out.stderr
        out = safegridctl("create-user", "--role", "committee", "--username", f"{slug}.committee",
                          "--name", "命令县指挥部", "--township", slug, env=env)
        assert out.returncode == 0, out.stderr
        out = safegridctl("create-user", "--role", "county_admin", "--username", f"{slug}.admin",
                          "--name", "命令县管理员", "--county", county, env=env)
        assert out.returncode == 0, out.stderr
        rows = sql("select u.username, u.role, u.township_id, t.slug from app_user u"
                   " join county c on c.id = u.county_id left join township t on t.id = u.township_id"
                   " where c.name = %s order by u.username", (county,))
        assert [(r["username"], r["role"], r["slug"]) for r in rows] == [
            (f"{slug}.admin", "county_admin", None), (f"{slug}.committee", "committee", slug)]
        me = login(f"{slug}.committee").get("/api/v1/me").json()["user"]
        assert me["role"] == "committee" and me["township_id"] == rows[1]["township_id"]
    finally:
        county_id = sql_value("select id from county where name = %s", (county,))
        if county_id:
            drop_county(county_id)


# The table behind each {id} route's first path segment.
RESOURCE_TABLE = {
    "townships": "township", "users": "app_user", "sectors": "sector",
    "campaigns": "campaign", "groups": "working_group", "grid": "grid_node", "tasks": "task",
    "responsibility-letters": "responsibility_letter", "enterprises": "enterprise",
    "documents": "document", "attachments": "attachment",
    "checklists": "checklist", "inspections": "inspection", "hazards": "hazard", "tips": "tip",
    # /public/tips/{id}/photo: the public's way to a tip.
    "public": "tip",
    "supervision-orders": "supervision_order", "accountability": "accountability",
    "enterprise-staff": "app_user", "login-applications": "login_application",
    "notifications": "notification",
}


def resource_of(pattern):
    return pattern.split("/")[3]


CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code(first17):
    """A unified social credit code: the 17 characters and their check character."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return first17 + CREDIT_ALPHABET[(31 - total % 31) % 31]


def seed_rows(county_id, township_id, tag):
    """One row of every tenant table in the township (an existing one where
    there is one), as the superuser: {table: id}, and the ids made here."""
    rows, made = {}, []

    def existing(table):
        return sql_value(f"select min(id) from {table} where township_id = %s", (township_id,))

    def insert(table, columns):
        names = ", ".join(columns)
        marks = ", ".join(["%s"] * len(columns))
        row_id = sql_value(f"insert into {table} ({names}) values ({marks}) returning id",
                           tuple(columns.values()))
        made.append((table, row_id))
        return row_id

    def one(table, columns):
        rows[table] = existing(table) or insert(table, columns())
        return rows[table]

    rows["township"] = township_id
    rows["sector"] = sql_value("select min(id) from sector where county_id = %s", (county_id,))
    rows["app_user"] = sql_value("select min(id) from app_user where township_id = %s", (township_id,))
    one("enterprise", lambda: {
        "township_id": township_id, "name": f"他镇企业{tag}", "sector_id": rows["sector"],
        "credit_code": credit_code("91" + "".join(str(int(c, 16) % 10) for c in tag)[:6].ljust(6, "0")
                                   + "706000099")})
    one("campaign", lambda: {"county_id": county_id, "township_id": township_id,
                             "name": f"他镇行动{tag}", "starts_on": year_start(),
                             "ends_on": year_end()})
    one("grid_node", lambda: {"township_id": township_id, "level": 1, "kind": "township",
                              "name": f"他镇网格{tag}"})
    one("working_group", lambda: {"township_id": township_id, "campaign_id": rows["campaign"],
                                  "kind": "coordination", "name": f"他镇协调组{tag}"})
    one("task", lambda: {"township_id": township_id, "campaign_id": rows["campaign"],
                         "title": f"他镇任务{tag}", "target": 1, "deadline": day(30),
                         "grid_node_id": rows["grid_node"]})
    one("responsibility_letter", lambda: {
        "township_id": township_id, "campaign_id": rows["campaign"],
        "grid_node_id": rows["grid_node"], "issuer_name": "他镇书记"})
    one("document", lambda: {"township_id": township_id, "title": f"他镇文件{tag}"})
    if not existing("attachment"):
        digest = uuid.uuid4().hex * 2
        sql("insert into attachment_blob (township_id, sha256, content_type, size, bytes)"
            " values (%s, %s, 'application/pdf', 8, '%%PDF-1.4'::bytea)", (township_id, digest))
        made.append(("attachment_blob", digest))
        insert("attachment", {"township_id": township_id, "sha256": digest,
                              "content_type": "application/pdf", "size": 8, "tag": "document",
                              "entity_type": "document", "entity_id": rows["document"]})
    rows["attachment"] = existing("attachment")
    # Templates are the county's: the other county's is the one nobody here may reach.
    rows["checklist"] = (sql_value("select min(id) from checklist where county_id = %s", (county_id,))
                         or insert("checklist", {"county_id": county_id, "code": f"other-{tag}",
                                                 "version": 1, "name": f"他县检查表{tag}"}))
    one("inspection", lambda: {"township_id": township_id, "enterprise_id": rows["enterprise"],
                               "campaign_id": rows["campaign"], "checklist_id": rows["checklist"],
                               "kind": "routine", "inspected_on": day(-30)})
    one("hazard", lambda: {"township_id": township_id, "enterprise_id": rows["enterprise"],
                           "sector_id": rows["sector"], "source": "registration",
                           "description": f"他镇隐患{tag}", "severity": "general", "mode": "deadline",
                           "deadline": day(30)})
    one("tip", lambda: {"township_id": township_id, "enterprise_id": rows["enterprise"],
                        "text": f"他镇举报{tag}", "client_addr": "192.0.2.1"})
    one("supervision_order", lambda: {
        "township_id": township_id, "addressee_user_id": rows["app_user"], "matter": f"他镇督办{tag}",
        "action": "整改", "deadline": str(sql_value("select app.today() + 30")), "issued_by": rows["app_user"]})
    if ("supervision_order", rows["supervision_order"]) in made:
        # Its issue event, written by a trigger, goes before it.
        made.append(("supervision_order_event", sql_value(
            "select min(id) from supervision_order_event where order_id = %s", (rows["supervision_order"],))))
    one("login_application", lambda: {
        "township_id": township_id, "name": f"他镇申请{tag}", "legal_representative": "他镇法人",
        "credit_code": sql_value("select credit_code from enterprise where id = %s", (rows["enterprise"],)),
        "mobile": "13900000000", "client_addr": "192.0.2.1"})
    one("accountability", lambda: {
        "township_id": township_id, "user_id": rows["app_user"], "kind": "criticism",
        "reason": f"他镇问责{tag}", "date": str(sql_value("select app.today()")), "created_by": rows["app_user"]})
    one("notification", lambda: {
        "township_id": township_id, "user_id": rows["app_user"], "kind": "document_received",
        "subject_type": "document", "subject_id": rows["document"], "title": "收到文件", "body": f"他镇通知{tag}"})
    return rows, made


def unseed(made):
    for table, row_id in reversed(made):
        if table == "attachment_blob":
            sql("delete from attachment_blob where sha256 = %s", (row_id,))
        else:
            sql(f"delete from {table} where id = %s", (row_id,))


@pytest.fixture(scope="module")
def other_rows(ids, other_county):
    """Rows the callers must never reach: {"bailin": {table: id}, "other": {table: id}}."""
    bailin, made_bailin = seed_rows(ids.county, ids.township["bailin"], uuid.uuid4().hex[:6])
    other, made_other = seed_rows(other_county["county_id"], other_county["township_id"],
                                  uuid.uuid4().hex[:6])
    # Sectors and checklist templates belong to the county: difang's users share bailin's.
    bailin["sector"] = other["sector"]
    bailin["checklist"] = other["checklist"]
    yield {"bailin": bailin, "other": other}
    unseed(made_other)
    unseed(made_bailin)


def other_id(caller, table, other_rows):
    """The id of a row the caller must not see: bailin's for difang's users,
    another county's for the county admin."""
    rows = other_rows["other" if caller == "admin" else "bailin"]
    assert rows.get(table), f"no {table} row to test with"
    return rows[table]


def duplicate_user(ids):
    return {"username": "difang.safety", "display_name": "重名", "role": "department",
            "township_id": ids.township["difang"], "password": "long-enough-password"}


PDF = (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
PNG = (bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
                     "0000000c4944415478da6338a1a1010002d401193bad5c080000000049454e44ae426082"), "image/png")
# The other {name} segments of the patterns: an item code, and a public token nobody holds.
PATH_VALUES = {"{item}": "A01", "{token}": "0" * 32}

# Requests known to be well formed, and their answer for a caller allowed the
# action ("expect"; for {id} routes the answer is 404 not_found). Routes not
# listed get an empty JSON body and are held to the looser checks below.
RECIPES = {
    ("GET", "/api/v1/health"): {"expect": 200},
    ("GET", "/api/v1/ping"): {"expect": 200},
    ("POST", "/api/v1/auth/login"): {"body": lambda ids: {"username": "nobody"}, "expect": 422},
    ("POST", "/api/v1/auth/logout"): {"fresh_session": True, "expect": 204},
    ("GET", "/api/v1/me"): {"expect": 200},
    ("POST", "/api/v1/me/password"): {
        "body": lambda ids: {"current_password": "not-my-password-at-all",
                             "new_password": "whatever-new-password"},
        "expect": 422},
    ("GET", "/api/v1/townships"): {"expect": 200},
    ("POST", "/api/v1/townships"): {
        "body": lambda ids: {"name": "地方镇", "code": "371326104000", "slug": "difang"},
        "expect": 409},
    ("GET", "/api/v1/townships/{id}"): {"expect": 404},
    ("PATCH", "/api/v1/townships/{id}"): {
        "body": lambda ids: {"version": 1, "name": "被别人改了"}, "expect": 404},
    ("GET", "/api/v1/users"): {"expect": 200},
    ("POST", "/api/v1/users"): {"body": duplicate_user, "expect": 409},
    ("GET", "/api/v1/users/{id}"): {"expect": 404},
    ("PATCH", "/api/v1/users/{id}"): {
        "body": lambda ids: {"version": 1, "display_name": "被别人改了"}, "expect": 404},
    ("GET", "/api/v1/audit"): {"expect": 200},
    # Sub-resources of another township's row: well-formed requests, answered 404.
    ("POST", "/api/v1/campaigns/{id}/groups"): {
        "body": lambda ids: {"kind": "coordination", "name": "越界协调组"}, "expect": 404},
    ("POST", "/api/v1/campaigns/{id}/groups/from-template"): {
        "body": lambda ids: {}, "expect": 404},
    ("POST", "/api/v1/documents/{id}/acknowledge"): {"expect": 404},
    ("POST", "/api/v1/documents/{id}/attachment"): {"raw": PDF, "expect": 404},
    ("POST", "/api/v1/responsibility-letters/{id}/attachment"): {"raw": PDF, "expect": 404},
    ("POST", "/api/v1/enterprises/{id}/public-token"): {"expect": 404},
    ("PATCH", "/api/v1/checklists/{id}"): {
        "body": lambda ids: {"row_version": 1, "name": "被别人改了"}, "expect": 404},
    ("POST", "/api/v1/checklists/{id}/publish"): {"expect": 404},
    ("PUT", "/api/v1/inspections/{id}/results/{item}"): {
        "body": lambda ids: {"result": "ok"}, "expect": 404},
    ("POST", "/api/v1/inspections/{id}/results/{item}/attachments"): {
        "raw": PNG, "query": {"tag": "before"}, "expect": 404},
    ("POST", "/api/v1/inspections/{id}/submit"): {"expect": 404},
    ("POST", "/api/v1/hazards/{id}/transitions"): {
        "body": lambda ids: {"action": "start", "version": 1}, "expect": 404},
    ("POST", "/api/v1/hazards/{id}/attachments"): {"raw": PNG, "query": {"tag": "before"}, "expect": 404},
    ("POST", "/api/v1/supervision-orders/{id}/attachments"): {"raw": PDF, "expect": 404},
    ("POST", "/api/v1/tips/{id}/accept"): {
        "body": lambda ids: {"severity": "general", "mode": "deadline", "deadline": day(30),
                             "description": "越界受理"},
        "expect": 404},
    ("POST", "/api/v1/tips/{id}/dismiss"): {"body": lambda ids: {"reason": "越界处理"}, "expect": 404},
    # Another's notification, whatever the role: not found, and not marked.
    ("POST", "/api/v1/notifications/{id}/read"): {"expect": 404},
    # Public pages by token: a token nobody holds is no page, for anyone.
    ("GET", "/api/v1/public/enterprises/{token}"): {"expect": 404},
    ("GET", "/api/v1/public/enterprises/{token}/notice.svg"): {"expect": 404},
    ("GET", "/p/{token}"): {"expect": 404},
    ("GET", "/p/{token}/notice"): {"expect": 404},
    # A tip's photo needs the token handed out with the tip: another township's tip is no different.
    ("POST", "/api/v1/public/tips/{id}/photo"): {"raw": PNG, "query": {"token": "0" * 64}, "expect": 404},
    # A tip on a token nobody holds (no expectation: the per-address limit may answer first).
    ("POST", "/api/v1/public/tips"): {"body": lambda ids: {"token": "0" * 32, "text": "越界举报"}},
}


def recipe_for(method, pattern):
    """The route's recipe; by default, a GET or DELETE of another township's
    {id} is 404, and so is a PATCH with {"version": 1}."""
    if (method, pattern) in RECIPES:
        return RECIPES[(method, pattern)]
    if "{id}" in pattern and method in ("GET", "DELETE"):
        return {"expect": 404}
    if "{id}" in pattern and method == "PATCH":
        return {"body": lambda ids: {"version": 1}, "expect": 404}
    return {}


CASES = [(m, p, a, c) for (m, p, a) in ROUTES for c in CALLERS]
NOBODYS_ID = 2147483647


def client_for(caller, fresh=False):
    if caller is None:
        return anonymous()
    return login(caller) if fresh else signed_in(caller)


def row_snapshot(table, row_id):
    rows = sql(f"select to_jsonb(x) as row from {table} x where id = %s", (row_id,))
    return rows[0]["row"] if rows else None


def test_every_id_route_names_a_resource_with_a_table():
    unknown = sorted({resource_of(p) for (_, p, _) in ROUTES
                      if "{id}" in p and resource_of(p) not in RESOURCE_TABLE})
    assert unknown == [], "add these resources' tables to RESOURCE_TABLE"


@pytest.mark.parametrize("method,pattern,action,caller", CASES,
                         ids=[f"{m} {p} as {c or 'anonymous'}" for (m, p, a, c) in CASES])
def test_route_answers_each_role_as_the_matrix_says(ids, other_rows, method, pattern, action,
                                                    caller):
    recipe = recipe_for(method, pattern)
    client = client_for(caller, fresh=recipe.get("fresh_session", False))
    if "raw" in recipe:
        content, content_type = recipe["raw"]
        send = dict(data=content, headers={"Content-Type": content_type})
    elif "body" in recipe:
        send = dict(json=recipe["body"](ids))
    elif method in ("POST", "PUT", "PATCH") and not pattern.endswith("/acknowledge"):
        send = dict(json={})
    else:
        send = {}
    if "query" in recipe:
        send["params"] = recipe["query"]
    path = pattern
    for name, value in PATH_VALUES.items():
        path = path.replace(name, value)

    if "{id}" not in pattern:
        r = client.request(method, path, **send)
    else:
        table = RESOURCE_TABLE[resource_of(pattern)]
        target = other_id(caller or "difang.committee", table, other_rows)
        before = row_snapshot(table, target)
        r = client.request(method, path.replace("{id}", str(target)), **send)
        assert row_snapshot(table, target) == before, "another township's row changed"

    if not allowed(caller, action):
        if caller is None:
            assert_error(r, 401, "not_signed_in")
        else:
            assert_error(r, 403, "forbidden")
        return
    if "{id}" in pattern:
        # Another township's row is answered as if it did not exist: never a
        # success, never 403, and the same as for an id nobody has.
        assert r.status_code not in (200, 201, 204, 403), r.text
        nobody = client.request(method, path.replace("{id}", str(NOBODYS_ID)), **send)
        assert (r.status_code, r.json().get("error", {}).get("code")) == \
            (nobody.status_code, nobody.json().get("error", {}).get("code")), \
            f"another township's id: {r.text}; nobody's id: {nobody.text}"
        if "expect" in recipe:
            assert_error(r, 404, "not_found")
    elif "expect" in recipe:
        assert r.status_code == recipe["expect"], r.text
    else:
        assert r.status_code not in (401, 403), r.text
    assert r.status_code < 500, r.text


# Requests with bad input: who is asking is settled before what they sent.
BAD_INPUT = [
    ("POST", "/api/v1/users", {}, None),
    ("PATCH", "/api/v1/users/{id}", {"version": "x"}, None),
    ("POST", "/api/v1/townships", {}, None),
    ("PATCH", "/api/v1/townships/{id}", {}, None),
    ("POST", "/api/v1/me/password", {}, None),
    ("GET", "/api/v1/users", None, "limit=0"),
    ("GET", "/api/v1/audit", None, "from=never"),
]
ACTION_OF = {(m, p): a for (m, p, a) in ROUTES}
BAD_INPUT_CASES = [(m, p, b, q, c) for (m, p, b, q) in BAD_INPUT
                   for c in (None, "difang.safety", "difang.ent1")
                   if not allowed(c, ACTION_OF[(m, p)])]


@pytest.mark.parametrize("method,pattern,body,query,caller", BAD_INPUT_CASES,
                         ids=[f"{m} {p} {q or b} as {c or 'anonymous'}"
                              for (m, p, b, q, c) in BAD_INPUT_CASES])
def test_who_may_ask_is_decided_before_the_input_is_judged(ids, method, pattern, body, query,
                                                          caller):
    path = pattern.replace("{id}", str(ids.township["difang"] if "townships" in pattern
                                       else ids.user["difang.safety"]))
    if query:
        path += "?" + query
    r = client_for(caller).request(method, path, json=body)
    if caller is None:
        assert_error(r, 401, "not_signed_in")
    else:
        assert_error(r, 403, "forbidden")


# --- Own rows are there: the 404s above are not everything failing ---------------------

@pytest.mark.parametrize("caller", ["difang.committee", "difang.supervisor", "difang.safety",
                                    "difang.ent1"])
def test_own_township_is_readable(ids, caller):
    client = signed_in(caller)
    r = client.get(f"/api/v1/townships/{ids.township['difang']}")
    assert r.status_code == 200, r.text
    assert r.json()["slug"] == "difang"
    items = client.get("/api/v1/townships").json()["items"]
    assert [t["id"] for t in items] == [ids.township["difang"]]


@pytest.mark.parametrize("caller", ["difang.committee", "difang.supervisor"])
def test_own_users_are_readable_and_other_townships_users_are_not_listed(ids, caller):
    client = signed_in(caller)
    r = client.get(f"/api/v1/users/{ids.user['difang.safety']}")
    assert r.status_code == 200 and r.json()["username"] == "difang.safety"
    items = client.get("/api/v1/users", params={"limit": 200}).json()["items"]
    assert {u["township_id"] for u in items} == {ids.township["difang"]}
    assert client.get("/api/v1/users", params={"township_id": ids.township["bailin"]}).json()["items"] == []
    assert client.get("/api/v1/users", params={"q": "bailin"}).json()["items"] == []


@pytest.mark.parametrize("caller", ["difang.committee", "difang.supervisor"])
def test_audit_shows_only_the_own_township(ids, make_user, caller):
    # Something audited in bailin first.
    bailin = signed_in("bailin.committee")
    target = make_user(town="bailin")["id"]
    r = bailin.patch(f"/api/v1/users/{target}", json={"version": 1, "display_name": "柏林改的"})
    assert r.status_code == 200, r.text
    assert bailin.get("/api/v1/audit", params={"entity_type": "app_user", "entity_id": target}
                      ).json()["items"][0]["action"] == "app_user.update"

    client = signed_in(caller)
    items = client.get("/api/v1/audit", params={"limit": 200}).json()["items"]
    assert items and {i["township_id"] for i in items} == {ids.township["difang"]}
    r = client.get("/api/v1/audit", params={"entity_type": "app_user", "entity_id": target})
    assert r.status_code == 200 and r.json()["items"] == []
    r = client.get("/api/v1/audit", params={"actor_id": ids.user["bailin.committee"]})
    assert r.status_code == 200 and r.json()["items"] == []


def test_county_admin_sees_the_county_and_nothing_of_another(ids, other_county):
    admin = signed_in("admin")
    r = admin.get(f"/api/v1/townships/{ids.township['bailin']}")
    assert r.status_code == 200 and r.json()["slug"] == "bailin"
    townships = admin.get("/api/v1/townships", params={"limit": 200}).json()["items"]
    assert {t["county_id"] for t in townships} == {ids.county}
    assert {ids.township[s] for s in ("difang", "bailin", "zhongcun")} <= {t["id"] for t in townships}

    users = admin.get("/api/v1/users", params={"limit": 200}).json()["items"]
    assert {u["county_id"] for u in users} == {ids.county}
    r = admin.get("/api/v1/users", params={"township_id": other_county["township_id"]})
    assert r.json()["items"] == []
    assert_error(admin.get(f"/api/v1/users/{other_county['admin_id']}"), 404, "not_found")

    other_townships = {other_county["township_id"]}
    for item in admin.get("/api/v1/audit", params={"limit": 200}).json()["items"]:
        assert item["township_id"] not in other_townships
        assert item["actor_id"] not in (other_county["admin_id"], other_county["committee_id"])
    r = admin.get("/api/v1/audit", params={"entity_type": "township",
                                          "entity_id": other_county["township_id"]})
    assert r.json()["items"] == []


def test_another_countys_admin_sees_nothing_of_this_county(ids, other_county):
    stranger = login(other_county["admin"])
    for path in (f"/api/v1/townships/{ids.township['difang']}",
                 f"/api/v1/users/{ids.user['difang.safety']}",
                 f"/api/v1/users/{ids.user['admin']}"):
        assert_error(stranger.get(path), 404, "not_found")
    version = sql_value("select version from app_user where id = %s", (ids.user["difang.safety"],))
    r = stranger.patch(f"/api/v1/users/{ids.user['difang.safety']}",
                       json={"version": version, "display_name": "外县改的"})
    assert_error(r, 404, "not_found")
    r = stranger.patch(f"/api/v1/townships/{ids.township['difang']}",
                       json={"version": 1, "name": "外县改的"})
    assert_error(r, 404, "not_found")
    assert sql_value("select display_name from app_user where id = %s",
                     (ids.user["difang.safety"],)) != "外县改的"
    townships = stranger.get("/api/v1/townships").json()["items"]
    assert [t["id"] for t in townships] == [other_county["township_id"]]
    users = stranger.get("/api/v1/users", params={"limit": 200}).json()["items"]
    assert {u["county_id"] for u in users} == {other_county["county_id"]}
    for item in stranger.get("/api/v1/audit", params={"limit": 200}).json()["items"]:
        assert item["township_id"] in (None, other_county["township_id"])


def test_no_user_is_made_in_another_township_or_county(ids, other_county):
    admin = signed_in("admin")
    body = {"username": unique("cross"), "display_name": "越界", "role": "department",
            "township_id": other_county["township_id"], "password": "long-enough-password"}
    r = admin.post("/api/v1/users", json=body)
    assert_error(r, 422, "validation_failed", fields=["township_id"])
    committee = signed_in("difang.committee")
    body = {"username": unique("cross"), "display_name": "越界", "role": "enterprise",
            "enterprise_id": ids.enterprise["bailin"], "password": "long-enough-password"}
    r = committee.post("/api/v1/users", json=body)
    assert_error(r, 422, "validation_failed", fields=["enterprise_id"])
    assert sql_value("select count(*) from app_user where username like 'cross-%%'") == 0


# --- Townships -----------------------------------------------------------------------

def test_county_admin_creates_and_edits_a_township(ids):
    admin = signed_in("admin")
    tag = uuid.uuid4().hex[:6]
    digits = "".join(str(int(c, 16) % 10) for c in tag)
    body = {"name": f"新镇{tag}", "code": "371326" + digits, "slug": f"new-{tag}"}
    r = admin.post("/api/v1/townships", json=body)
    assert r.status_code == 201, r.text
    town = r.json()
    try:
        assert town["name"] == body["name"] and town["slug"] == body["slug"]
        assert town["county_id"] == ids.county and town["time_zone"] == "Asia/Shanghai"
        assert town["version"] == 1 and town["active"] is True
        listed = admin.get("/api/v1/townships", params={"limit": 200}).json()["items"]
        assert town["id"] in [t["id"] for t in listed]
        # Not one of the committee's.
        assert_error(signed_in("difang.committee").get(f"/api/v1/townships/{town['id']}"), 404)

        assert_error(admin.post("/api/v1/townships", json=body), 409, "duplicate")
        r = admin.post("/api/v1/townships", json={**body, "slug": "x"})
        assert_error(r, 422, "validation_failed", fields=["slug"])
        r = admin.post("/api/v1/townships", json={"name": f"火星镇{tag}", "code": "371326999999",
                                                  "slug": f"mars-{tag}", "time_zone": "Mars/Base"})
        assert_error(r, 422, "validation_failed", fields=["time_zone"])
        r = admin.post("/api/v1/townships", json={"name": "坏编码镇", "code": "abcdefghij",
                                                  "slug": f"bad-{tag}"})
        assert_error(r, 422, "validation_failed", fields=["code"])

        r = admin.patch(f"/api/v1/townships/{town['id']}",
                        json={"version": 1, "name": f"改名镇{tag}", "time_zone": "Asia/Urumqi"})
        assert r.status_code == 200, r.text
        assert r.json()["name"] == f"改名镇{tag}" and r.json()["version"] == 2
        request_id = r.headers["X-Request-Id"]
        r = admin.patch(f"/api/v1/townships/{town['id']}", json={"version": 1, "name": "晚了"})
        assert_error(r, 409, "stale_version")
        r = admin.patch(f"/api/v1/townships/{town['id']}", json={"version": 2, "time_zone": "Nowhere"})
        assert_error(r, 422, "validation_failed", fields=["time_zone"])
        assert sql_value("select name from township where id = %s", (town["id"],)) == f"改名镇{tag}"

        items = admin.get("/api/v1/audit", params={"entity_type": "township", "entity_id": town["id"],
                                                   "action": "township.update"}).json()["items"]
        assert len(items) == 1 and items[0]["request_id"] == request_id
        assert items[0]["before"]["name"] == body["name"]
        assert items[0]["after"]["name"] == f"改名镇{tag}"
    finally:
        sql("delete from township where id = %s", (town["id"],))


# --- Not done until -------------------------------------------------------------------

def test_not_done_until(ids, clean_login_attempts):
    """Signed in as difang's committee: /me works; the same cookie on a bailin
    user's id is 404; a POST without the CSRF header is 403; and the fifth
    wrong password in a row is 429."""
    committee = login("difang.committee")
    r = committee.get("/api/v1/me")
    assert r.status_code == 200 and r.json()["user"]["username"] == "difang.committee"

    assert_error(committee.get(f"/api/v1/users/{ids.user['bailin.safety']}"), 404, "not_found")

    username = unique("nocsrf")
    r = committee.without_csrf().post("/api/v1/users", json={
        "username": username, "display_name": "无令牌", "role": "department",
        "password": "long-enough-password"})
    assert_error(r, 403, "csrf")
    assert sql_value("select count(*) from app_user where username = %s", (username,)) == 0

    for _ in range(4):
        assert_error(try_login("difang.committee", "not-the-password"), 401, "bad_credentials")
    r = try_login("difang.committee", "not-the-password")
    assert_error(r, 429, "too_many_requests")
    assert int(r.headers["Retry-After"]) > 0


# --- A department's sector scope ------------------------------------------------------------
# Inside its own township, a department user acts on the hazards and
# inspections of its sectors and of the enterprises it is the cadre of: every
# write route of those resources, given a record outside that scope, answers
# 403 and changes nothing; the same request on a record inside it is not
# refused. (Reads stay township-wide: see docs/permissions.md.)

SCOPED_RESOURCES = ("/api/v1/hazards", "/api/v1/inspections")
SCOPED_ROUTES = [(m, p) for (m, p, a) in ROUTES
                 if m != "GET" and p.startswith(SCOPED_RESOURCES)]


# The request for a route, given the records of one side ({"enterprise",
# "hazard", "inspection", "campaign"}) and the hazard's version.
SCOPE_RECIPES = {
    ("POST", "/api/v1/hazards"): lambda r: dict(json={
        "enterprise_id": r["enterprise"], "description": "越界登记", "severity": "general",
        "mode": "deadline", "deadline": day(10)}),
    ("PATCH", "/api/v1/hazards/{id}"): lambda r: dict(json={"version": r["version"], "measure": "越界修改"}),
    ("POST", "/api/v1/hazards/{id}/transitions"): lambda r: dict(json={"action": "start", "version": r["version"]}),
    ("POST", "/api/v1/hazards/{id}/attachments"): lambda r: dict(
        data=PNG[0], headers={"Content-Type": PNG[1]}, params={"tag": "before"}),
    ("POST", "/api/v1/hazards/{id}/extensions"): lambda r: dict(json={
        "deadline": day(40), "reason": "越界延期", "version": r["version"]}),
    ("POST", "/api/v1/inspections"): lambda r: dict(json={
        "enterprise_id": r["enterprise"], "campaign_id": r["campaign"], "kind": "routine",
        "inspected_on": day(0)}),
    ("PUT", "/api/v1/inspections/{id}/results/{item}"): lambda r: dict(json={"result": "ok"}),
    ("POST", "/api/v1/inspections/{id}/results/{item}/attachments"): lambda r: dict(
        data=PNG[0], headers={"Content-Type": PNG[1]}, params={"tag": "before"}),
    ("POST", "/api/v1/inspections/{id}/submit"): lambda r: {},
}


def scope_side(ids, sector, tag):
    """An enterprise of difang in sector, with a hazard (reported, deadline in
    ten days) and a draft inspection whose every item is recorded 'ok'."""
    township = ids.township["difang"]
    campaign = sql_value("select id from campaign where township_id = %s and status = 'active'"
                         " order by id limit 1", (township,))
    code = credit_code("9137132" + uuid.uuid4().int.__str__()[:10])
    enterprise = sql_value(
        "insert into enterprise (township_id, name, credit_code, sector_id)"
        " values (%s, %s, %s, %s) returning id",
        (township, f"范围测试{tag}{uuid.uuid4().hex[:6]}", code, ids.sector[sector]))
    hazard = sql_value(
        "insert into hazard (township_id, enterprise_id, sector_id, source, description, severity, mode,"
        "                    deadline, campaign_id)"
        " values (%s, %s, %s, 'registration', '范围测试', 'general', 'deadline', %s::date, %s) returning id",
        (township, enterprise, ids.sector[sector], day(10), campaign))
    template = sql_value("select c.id from checklist c where c.county_id = %s and c.status = 'published'"
                         " and c.code = 'township-registration'", (ids.county,))
    inspection = sql_value(
        "insert into inspection (township_id, enterprise_id, campaign_id, checklist_id, kind, inspected_on)"
        " values (%s, %s, %s, %s, 'routine', %s::date) returning id",
        (township, enterprise, campaign, template, day(0)))
    sql("insert into inspection_result (township_id, inspection_id, item_id, result)"
        " select %s, %s, i.id, 'ok' from checklist_item i where i.checklist_id = %s",
        (township, inspection, template))
    return {"enterprise": enterprise, "hazard": hazard, "inspection": inspection, "campaign": campaign}


@pytest.fixture(scope="module")
def scope_sides(ids):
    user = sql_value(
        "insert into app_user (county_id, township_id, username, display_name, role, password_hash)"
        " select county_id, township_id, %s, '范围测试员', 'department', password_hash"
        "   from app_user where username = 'difang.safety' returning id", (unique("scope"),))
    sql("insert into user_sector (township_id, user_id, sector_id) values (%s, %s, %s)",
        (ids.township["difang"], user, ids.sector["food"]))
    sides = {"inside": scope_side(ids, "food", "内"), "outside": scope_side(ids, "tourism", "外")}
    username = sql_value("select username from app_user where id = %s", (user,))
    yield username, sides
    enterprises = [s["enterprise"] for s in sides.values()]
    sql("begin; set local session_replication_role = replica;"
        " delete from hazard_event where hazard_id in (select id from hazard where enterprise_id = any(%(e)s));"
        " delete from attachment where uploaded_by = %(u)s;"
        " delete from hazard where enterprise_id = any(%(e)s);"
        " delete from inspection_result where inspection_id in (select id from inspection where enterprise_id = any(%(e)s));"
        " delete from inspection where enterprise_id = any(%(e)s);"
        " delete from enterprise where id = any(%(e)s);"
        " commit;", {"e": enterprises, "u": user})
    delete_user(user)


def test_every_scoped_write_route_has_a_recipe():
    assert SCOPED_ROUTES, "no write routes of hazards or inspections"
    assert [r for r in SCOPED_ROUTES if r not in SCOPE_RECIPES] == [], "add them to SCOPE_RECIPES"


@pytest.mark.parametrize("method,pattern", SCOPED_ROUTES, ids=[f"{m} {p}" for (m, p) in SCOPED_ROUTES])
def test_a_department_acts_only_within_its_sectors(scope_sides, method, pattern):
    username, sides = scope_sides
    client = login(username)
    answers = {}
    for side in ("outside", "inside"):
        records = sides[side]
        table = "inspection" if pattern.startswith("/api/v1/inspections") else "hazard"
        target = records[table]
        records = {**records, "version": sql_value(f"select version from {table} where id = %s", (target,))}
        path = pattern.replace("{id}", str(target)).replace("{item}", "A01")
        watched = ("hazard", records["hazard"]), ("inspection", records["inspection"])
        before = [row_snapshot(t, i) for t, i in watched]
        counts = sql("select (select count(*) from hazard where enterprise_id = %(e)s) as hazards,"
                     " (select count(*) from inspection where enterprise_id = %(e)s) as inspections",
                     {"e": records["enterprise"]})
        r = client.request(method, path, **SCOPE_RECIPES[(method, pattern)](records))
        answers[side] = r
        if side == "outside":
            assert_error(r, 403, "forbidden")
            assert [row_snapshot(t, i) for t, i in watched] == before, "a record outside the scope changed"
            assert sql("select (select count(*) from hazard where enterprise_id = %(e)s) as hazards,"
                       " (select count(*) from inspection where enterprise_id = %(e)s) as inspections",
                       {"e": records["enterprise"]}) == counts
    assert answers["inside"].status_code not in (403, 404), answers["inside"].text
    assert answers["inside"].status_code < 500, answers["inside"].text
