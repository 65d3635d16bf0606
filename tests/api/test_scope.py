"""Who may act on and read what, beyond the township: a department's sectors
and assigned enterprises, the supervision group's unannounced drafts, the
supervisors' accounts, usernames inside a township's name space, who reads
tips -- and the agreement of the write policies with the action table.

The rules live in the database (sql/migrations/0015_scope.sql); these tests
go through the API, and through safegrid_app directly where the policy
itself is the point.
"""
import re
import uuid

import psycopg2
import pytest

from conftest import (DEMO_PASSWORD, assert_error, day, delete_user, safegridctl, signed_in, sql,
                      sql_value, unique)
from test_hazards import make_enterprise, register
from test_inspections import INSPECTIONS, remove_inspections
from test_tasks import campaign  # noqa: F401 (a fixture)

HAZARDS = "/api/v1/hazards"
USERS = "/api/v1/users"


def remove_hazards(enterprise_ids):
    sql("begin; set local session_replication_role = replica;"
        " delete from hazard_event where hazard_id in (select id from hazard where enterprise_id = any(%(e)s));"
        " delete from hazard where enterprise_id = any(%(e)s);"
        " delete from enterprise_assignment where enterprise_id = any(%(e)s);"
        " delete from inspection_result where inspection_id in (select id from inspection where enterprise_id = any(%(e)s));"
        " delete from inspection where enterprise_id = any(%(e)s);"
        " delete from enterprise where id = any(%(e)s);"
        " commit;", {"e": list(enterprise_ids)})


@pytest.fixture
def scoped(make_user, ids):
    """A department user of difang who works in sector 'industry' only, an
    enterprise of that sector and one of 'special_equipment' (special
    equipment and fireworks), which nobody assigned it."""
    user = make_user(role="department")
    sql("insert into user_sector (township_id, user_id, sector_id) values (%s, %s, %s)",
        (ids.township["difang"], user["id"], ids.sector["industry"]))
    mine = make_enterprise(sector="industry")
    other = make_enterprise(sector="special_equipment")
    yield user, mine, other
    remove_hazards([mine["id"], other["id"]])


def hazard_count(enterprise_id):
    return sql_value("select count(*) from hazard where enterprise_id = %s", (enterprise_id,))


# --- A department's scope -------------------------------------------------------------------

def test_a_department_registers_hazards_in_its_sectors_only(scoped):
    user, mine, other = scoped
    client = signed_in(user["username"])
    r = register(client, mine["id"])
    assert r.status_code == 201, r.text
    assert_error(register(client, other["id"]), 403, "forbidden")
    assert hazard_count(other["id"]) == 0


def test_an_assigned_cadre_acts_on_its_enterprise_whatever_its_sector(scoped, campaign):
    user, _, other = scoped
    client = signed_in(user["username"])
    assert_error(register(client, other["id"]), 403, "forbidden")
    sql("insert into enterprise_assignment (township_id, enterprise_id, campaign_id, user_id)"
        " values (%s, %s, %s, %s)", (other["township_id"], other["id"], campaign, user["id"]))
    r = register(client, other["id"])
    assert r.status_code == 201, r.text
    # An assignment that has ended no longer counts.
    sql("update enterprise_assignment set ends_on = starts_on where enterprise_id = %s", (other["id"],))
    assert_error(register(client, other["id"]), 403, "forbidden")
    assert hazard_count(other["id"]) == 1


def test_a_department_reads_but_does_not_close_hazards_outside_its_scope(scoped):
    user, _, other = scoped
    committee = signed_in("difang.committee")
    r = register(committee, other["id"], mode="immediate", deadline=None)
    assert r.status_code == 201, r.text
    hazard = r.json()
    client = signed_in(user["username"])
    # It reads the township's hazards (docs/permissions.md) ...
    r = client.get(f"{HAZARDS}/{hazard['id']}")
    assert r.status_code == 200, r.text
    assert hazard["id"] in [h["id"] for h in client.get(HAZARDS, params={"enterprise_id": other["id"]}).json()["items"]]
    # ... and changes none outside its scope: not a move, not an edit.
    r = client.post(f"{HAZARDS}/{hazard['id']}/transitions",
                    json={"action": "start", "version": hazard["version"]})
    assert_error(r, 403, "forbidden")
    r = client.patch(f"{HAZARDS}/{hazard['id']}", json={"version": hazard["version"], "measure": "改"})
    assert_error(r, 403, "forbidden")
    row = sql("select status, measure, version from hazard where id = %s", (hazard["id"],))[0]
    assert (row["status"], row["measure"], row["version"]) == ("reported", hazard["measure"], hazard["version"])


def test_a_department_inspects_enterprises_of_its_scope_only(scoped, campaign):
    user, mine, other = scoped
    client = signed_in(user["username"])
    made = []
    try:
        for enterprise, status in ((mine, 201), (other, 403)):
            r = client.post(INSPECTIONS, json={"enterprise_id": enterprise["id"], "campaign_id": campaign,
                                               "kind": "routine", "inspected_on": day(0)})
            assert r.status_code == status, r.text
            if status == 201:
                made.append(r.json()["id"])
        assert sql_value("select count(*) from inspection where enterprise_id = %s", (other["id"],)) == 0
    finally:
        remove_inspections(made)


def test_a_department_accepts_tips_of_its_scope_only(scoped):
    user, mine, other = scoped
    client = signed_in(user["username"])
    tips = {}
    for e in (mine, other):
        tips[e["id"]] = sql_value("insert into tip (township_id, enterprise_id, text, client_addr)"
                                  " values (%s, %s, '库房消防通道堵塞', '192.0.2.77') returning id",
                                  (e["township_id"], e["id"]))
    try:
        body = {"severity": "general", "mode": "deadline", "deadline": day(10),
                "description": "库房消防通道被杂物堵塞"}
        # It reads the whole queue, and accepts only into its own scope.
        listed = [t["id"] for t in client.get("/api/v1/tips", params={"limit": 200}).json()["items"]]
        assert set(tips.values()) <= set(listed)
        assert_error(client.post(f"/api/v1/tips/{tips[other['id']]}/accept", json=body), 403, "forbidden")
        assert sql_value("select status from tip where id = %s", (tips[other["id"]],)) == "pending"
        assert hazard_count(other["id"]) == 0
        r = client.post(f"/api/v1/tips/{tips[mine['id']]}/accept", json=body)
        assert r.status_code == 201, r.text
        assert hazard_count(mine["id"]) == 1
    finally:
        sql("begin; set local session_replication_role = replica;"
            " update hazard set tip_id = null where tip_id = any(%(t)s);"
            " delete from tip where id = any(%(t)s); commit;", {"t": list(tips.values())})


# --- The supervision group's unannounced drafts ---------------------------------------------

def test_an_unannounced_draft_is_the_supervision_groups_alone(campaign, ids):
    supervisor = signed_in("difang.supervisor")
    enterprise = sql_value("select enterprise_id from app_user where username = 'difang.ent1'")
    r = supervisor.post(INSPECTIONS, json={"enterprise_id": enterprise, "campaign_id": campaign,
                                           "kind": "unannounced", "inspected_on": day(0),
                                           "note": "暗访：夜间仓库无人值守"})
    assert r.status_code == 201, r.text
    draft = r.json()
    try:
        assert supervisor.get(f"{INSPECTIONS}/{draft['id']}").status_code == 200
        listed = supervisor.get(INSPECTIONS, params={"kind": "unannounced"}).json()["items"]
        assert draft["id"] in [i["id"] for i in listed]
        for username in ("difang.ent1", "difang.committee", "difang.safety", "admin"):
            client = signed_in(username)
            assert_error(client.get(f"{INSPECTIONS}/{draft['id']}"), 404, "not_found")
            listed = client.get(INSPECTIONS, params={"kind": "unannounced"}).json()["items"]
            assert draft["id"] not in [i["id"] for i in listed], username
            assert "暗访：夜间仓库无人值守" not in client.get(INSPECTIONS).text, username
    finally:
        remove_inspections([draft["id"]])


# --- Supervisors' accounts: the county admin's only ----------------------------------------

def test_a_committee_neither_makes_nor_changes_a_supervisor(make_user, ids):
    committee = signed_in("difang.committee")
    supervisor = make_user(role="supervisor")
    before = sql("select role, active, password_hash, version from app_user where id = %s", (supervisor["id"],))
    for change in ({"password": "another-good-password-2"}, {"role": "department"}, {"active": False},
                   {"display_name": "改名"}):
        r = committee.patch(f"{USERS}/{supervisor['id']}", json={"version": 1, **change})
        assert_error(r, 403, "forbidden")
    assert sql("select role, active, password_hash, version from app_user where id = %s",
               (supervisor["id"],)) == before
    department = make_user(role="department")
    r = committee.patch(f"{USERS}/{department['id']}", json={"version": 1, "role": "supervisor"})
    assert_error(r, 403, "forbidden")
    body = {"username": f"difang.{unique('sup')}", "display_name": "督考组", "role": "supervisor",
            "password": "a-good-password-1"}
    assert_error(committee.post(USERS, json=body), 403, "forbidden")
    assert sql_value("select count(*) from app_user where username = %s", (body["username"],)) == 0


def test_the_county_admin_manages_supervisors(make_user, ids):
    admin = signed_in("admin")
    supervisor = make_user(role="supervisor")
    r = admin.patch(f"{USERS}/{supervisor['id']}", json={"version": 1, "active": False})
    assert r.status_code == 200, r.text
    body = {"username": f"difang.{unique('sup')}", "display_name": "督考组", "role": "supervisor",
            "township_id": ids.township["difang"], "password": "a-good-password-1"}
    r = admin.post(USERS, json=body)
    assert r.status_code == 201, r.text
    delete_user(r.json()["id"])


def test_a_supervisor_still_changes_its_own_password(make_user):
    supervisor = make_user(role="supervisor")
    client = signed_in(supervisor["username"])
    r = client.post("/api/v1/me/password", json={"current_password": DEMO_PASSWORD,
                                                 "new_password": "another-good-password-2"})
    assert r.status_code in (200, 204), r.text


# --- Usernames: a committee names inside its township's prefix ------------------------------

def test_a_committee_names_users_inside_its_townships_prefix(ids):
    committee = signed_in("difang.committee")
    base = {"display_name": "新用户", "role": "department", "password": "a-good-password-1"}
    # A name taken in another township is refused exactly like any name
    # outside the prefix: nothing tells that it exists elsewhere.
    taken = committee.post(USERS, json={**base, "username": "bailin.safety"})
    free = committee.post(USERS, json={**base, "username": f"bailin.{unique('x')}"})
    plain = committee.post(USERS, json={**base, "username": unique("x")})
    for r in (taken, free, plain):
        assert_error(r, 422, "validation_failed", fields=["username"])
    assert taken.json() == free.json()
    r = committee.post(USERS, json={**base, "username": f"difang.{unique('x')}"})
    assert r.status_code == 201, r.text
    delete_user(r.json()["id"])


# --- Who reads tips --------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["difang.supervisor", "admin", "difang.committee", "difang.safety"])
def test_township_staff_and_the_county_read_tips(username):
    r = signed_in(username).get("/api/v1/tips")
    assert r.status_code == 200, r.text


def test_an_enterprise_reads_no_tips():
    assert_error(signed_in("difang.ent1").get("/api/v1/tips"), 403, "forbidden")


# --- The write policies agree with the action table -----------------------------------------

def action_table():
    """{action: {role: bool}} from `safegridctl permissions`."""
    out = safegridctl("permissions").stdout
    lines = [l for l in out.splitlines() if l.startswith("| `")]
    header = [c.strip() for c in out.splitlines()[0].strip("|").split("|")][1:]
    table = {}
    for line in lines:
        cells = [c.strip() for c in line.strip("|").split("|")]
        table[cells[0].strip("`")] = {role: cell == "yes" for role, cell in zip(header, cells[1:])}
    return table


def test_the_write_policies_ask_the_action_table():
    """app.action_role -- the roles the write policies allow, through app.may() --
    holds exactly the action table's roles for every action it names, and
    every action a policy names is there."""
    table = action_table()
    rows = sql("select action, role from app.action_role")
    named = {r["action"] for r in rows}
    assert named, "app.action_role is empty"
    for action in named:
        assert action in table, f"{action} is not in the action table (fcgi/server/permission.h)"
        policy = {r["role"] for r in rows if r["action"] == action}
        c_table = {role for role, yes in table[action].items() if yes}
        assert policy == c_table, f"{action}: policies allow {sorted(policy)}, the action table {sorted(c_table)}"
    used = set()
    for p in sql("select coalesce(qual, '') || ' ' || coalesce(with_check, '') as text from pg_policies"
                 " where 'safegrid_app' = any(roles)"):
        used |= set(re.findall(r"may\('([a-z_.]+)'::text\)", p["text"]))
    assert used and used <= named, f"policies name actions app.action_role lacks: {sorted(used - named)}"


@pytest.mark.parametrize("role, source, allowed", [
    ("committee", "registration", True),
    ("department", "registration", True),
    ("supervisor", "registration", False),
    ("enterprise", "registration", False),
    ("enterprise", "self_report", True),
    ("department", "self_report", False),
    ("supervisor", "inspection", True),
    ("committee", "tip", True),
    ("supervisor", "tip", False),
])
def test_a_hazard_is_inserted_only_as_the_action_table_allows(app_db, ids, role, source, allowed):
    """Straight through safegrid_app: hazard_insert_app lets a role open a
    hazard of a source exactly when its action (hazard.register,
    inspection.write, tip.handle) allows that role."""
    user = ids.user[{"committee": "difang.committee", "department": "difang.safety",
                     "supervisor": "difang.supervisor", "enterprise": "difang.ent1"}[role]]
    enterprise = ids.enterprise["difang"]
    row = sql("select e.sector_id, e.grid_node_id from enterprise e where e.id = %s", (enterprise,))[0]
    tip = inspection = item = None
    if source == "tip":
        tip = sql_value("select id from tip where township_id = %s limit 1", (ids.township["difang"],))
    if source == "inspection":
        inspection, item = sql("select r.inspection_id, r.item_id from inspection_result r"
                               " join inspection i on i.id = r.inspection_id"
                               " where i.township_id = %s and not exists (select 1 from hazard h"
                               "   where h.inspection_id = r.inspection_id and h.item_id = r.item_id)"
                               " limit 1", (ids.township["difang"],))[0].values()
    with app_db.cursor() as cur:
        cur.execute("select set_config('app.user_id', %s, true), set_config('app.role', %s, true),"
                    " set_config('app.township_id', %s, true), set_config('app.enterprise_id', %s, true),"
                    " set_config('app.county_id', %s, true), set_config('app.townships', %s, true)",
                    (str(user), role, str(ids.township["difang"]),
                     str(enterprise) if role == "enterprise" else "", str(ids.county),
                     "{%d}" % ids.township["difang"]))
        cur.execute("savepoint s")
        try:
            cur.execute("insert into hazard (township_id, enterprise_id, grid_node_id, sector_id, source,"
                        " inspection_id, item_id, tip_id, description, severity, mode, deadline, created_by)"
                        " values (%s, %s, %s, %s, %s, %s, %s, %s, '策略测试', 'general', 'deadline',"
                        " current_date + 10, %s)",
                        (ids.township["difang"], enterprise, row["grid_node_id"], row["sector_id"], source,
                         inspection, item, tip, user))
            inserted = True
        except psycopg2.errors.InsufficientPrivilege:
            inserted = False
        cur.execute("rollback to savepoint s")
    assert inserted == allowed


# --- The county admin: reads every township, one township at a time if it asks ---------------

# Every list of township records, and the table its items are rows of.
TOWNSHIP_LISTS = {"/api/v1/hazards": "hazard", "/api/v1/inspections": "inspection",
                  "/api/v1/enterprises": "enterprise", "/api/v1/tips": "tip", "/api/v1/tasks": "task",
                  "/api/v1/responsibility-letters": "responsibility_letter",
                  "/api/v1/documents": "document", "/api/v1/users": "app_user",
                  "/api/v1/audit": "audit_log", "/api/v1/campaigns": "campaign"}


@pytest.mark.parametrize("path", sorted(TOWNSHIP_LISTS))
def test_the_county_admin_filters_every_list_by_township(ids, path):
    admin = signed_in("admin")
    table = TOWNSHIP_LISTS[path]
    for town in ("difang", "bailin"):
        r = admin.get(path, params={"township_id": ids.township[town], "limit": 200})
        assert r.status_code == 200, r.text
        listed = [i["id"] for i in r.json()["items"]]
        assert listed, f"{path}: {town} shows nothing to filter"
        townships = {r["township_id"] for r in sql(
            f"select distinct township_id from {table} where id = any(%s)", (listed,))}
        assert townships == {ids.township[town]}, path


def test_a_townships_filter_never_widens_a_township_users_view(ids):
    safety = signed_in("difang.safety")
    r = safety.get("/api/v1/hazards", params={"township_id": ids.township["bailin"]})
    assert r.status_code == 200 and r.json()["items"] == []


# --- The county sends documents down to townships --------------------------------------------

def test_the_county_admin_sends_a_document_down_to_townships(ids):
    admin = signed_in("admin")
    towns = [ids.township["difang"], ids.township["bailin"]]
    title = f"县安委办关于开展攻坚行动的通知 {uuid.uuid4().hex[:6]}"
    r = admin.post("/api/v1/documents", json={
        "title": title, "body": "各乡镇：请于本月底前完成全面排查。",
        "recipients": [{"kind": "township", "id": t} for t in towns]})
    assert r.status_code == 201, r.text
    sent = r.json()["items"]
    try:
        assert sorted(d["township_id"] for d in sent) == sorted(towns)
        for d in sent:
            assert d["sent_by"] == ids.user["admin"]
            assert [(x["kind"], x["id"]) for x in d["recipients"]] == [("township", d["township_id"])]
        difang = next(d for d in sent if d["township_id"] == ids.township["difang"])
        # The township's committee finds it in its inbox and acknowledges it.
        committee = signed_in("difang.committee")
        inbox = committee.get("/api/v1/documents", params={"unacknowledged": "true", "limit": 200}).json()["items"]
        assert difang["id"] in [d["id"] for d in inbox]
        r = committee.post(f"/api/v1/documents/{difang['id']}/acknowledge")
        assert r.status_code == 200, r.text
        assert r.json()["counts"] == {"recipients": 1, "acknowledged": 1}
        # Another township's committee does not see it; a department acknowledges nothing.
        bailin = next(d for d in sent if d["township_id"] == ids.township["bailin"])
        assert_error(committee.get(f"/api/v1/documents/{bailin['id']}"), 404, "not_found")
        assert_error(signed_in("bailin.safety").post(f"/api/v1/documents/{bailin['id']}/acknowledge"), 403)
    finally:
        sql("delete from document where title = %s", (title,))


def test_the_county_sends_to_townships_only_and_a_township_sends_to_none(ids):
    admin = signed_in("admin")
    r = admin.post("/api/v1/documents", json={"title": "错发", "recipients": [
        {"kind": "township", "id": ids.township["difang"]},
        {"kind": "enterprise", "id": ids.enterprise["difang"]}]})
    assert_error(r, 422, "validation_failed", fields=["recipients[1]"])
    committee = signed_in("difang.committee")
    r = committee.post("/api/v1/documents", json={"title": "错发", "recipients": [
        {"kind": "township", "id": ids.township["difang"]}]})
    assert_error(r, 422, "validation_failed", fields=["recipients[0]"])
    assert sql_value("select count(*) from document where title = '错发'") == 0
