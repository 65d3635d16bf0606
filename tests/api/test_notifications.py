"""Notifications (站内提醒): made in the transaction of the write that causes
them (a hazard assigned, a rejection, an order addressed or escalated, a
document sent), each with its outbox row; read by their user only; marked
read one by one or all at once; counted in /api/v1/me.

Reminders (app.make_reminders, what `safegridctl jobs` runs) are made once
per user, kind, subject and day however often a pass runs.
"""
import pytest

from conftest import assert_error, day, signed_in, sql, sql_value
from test_hazards import make_enterprise, moved, new_hazard, uploaded

NOTIFICATIONS = "/api/v1/notifications"
FIELDS = {"id", "kind", "title", "body", "subject_type", "subject_id", "township_id", "created_at",
          "read_at"}


def mine(username, **params):
    r = signed_in(username).get(NOTIFICATIONS, params={"limit": 200, **params})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def about(username, subject_type, subject_id, kind=None):
    return [n for n in mine(username) if n["subject_type"] == subject_type and n["subject_id"] == subject_id
            and (kind is None or n["kind"] == kind)]


def unread(username):
    r = signed_in(username).get("/api/v1/me")
    assert r.status_code == 200, r.text
    return r.json()["unread_notifications"]


@pytest.fixture(scope="module")
def ent():
    return make_enterprise()


@pytest.fixture
def ent_user(make_user, ent):
    return make_user(role="enterprise", enterprise_id=ent["id"])


# --- Made by the writes ------------------------------------------------------

def test_a_registered_hazard_notifies_its_responsible_person_and_enterprise_not_the_author(ids, ent, ent_user):
    before = unread("difang.safety")
    hazard = new_hazard(ent["id"], client=signed_in("difang.committee"),
                        responsible_user_id=ids.user["difang.safety"], description="消防通道堵塞待清理")
    got = about("difang.safety", "hazard", hazard["id"])
    assert [n["kind"] for n in got] == ["hazard_assigned"]
    n = got[0]
    assert set(n) == FIELDS and n["read_at"] is None and n["township_id"] == ids.township["difang"]
    assert "消防通道堵塞待清理" in n["body"] and n["title"] == "新隐患待整改"
    assert unread("difang.safety") == before + 1
    assert [n["kind"] for n in about(ent_user["username"], "hazard", hazard["id"])] == ["hazard_assigned"]
    assert about("difang.committee", "hazard", hazard["id"]) == []
    # Each one has its outbox row, with a delivery id, in the same transaction.
    rows = sql("select o.delivery_id, o.payload, o.delivered_at from notification_outbox o"
               " join notification n on n.id = o.notification_id where n.subject_type = 'hazard'"
               " and n.subject_id = %s", (hazard["id"],))
    assert len(rows) == 2 and all(r["delivery_id"] and r["delivered_at"] is None for r in rows)
    assert {r["payload"]["username"] for r in rows} == {"difang.safety", ent_user["username"]}


def test_a_write_that_fails_makes_no_notification(ids, ent):
    count = sql_value("select count(*) from notification")
    r = signed_in("difang.committee").post("/api/v1/hazards", json={
        "enterprise_id": ent["id"], "description": "期限早于今天", "severity": "general", "mode": "deadline",
        "deadline": day(-30), "measure": "整改", "responsible_user_id": ids.user["difang.safety"]})
    assert r.status_code == 422, r.text
    assert sql_value("select count(*) from notification") == count


def test_a_rejection_notifies_who_submitted_and_the_enterprise(ids, ent, ent_user, make_user):
    safety = signed_in("difang.safety")
    checker = make_user(role="department")
    sql("insert into user_sector (township_id, user_id, sector_id)"
        " select township_id, %s, sector_id from user_sector where user_id = %s",
        (checker["id"], ids.user["difang.safety"]))
    hazard = new_hazard(ent["id"])
    moved(safety, hazard["id"], "start")
    uploaded(safety, hazard["id"])
    moved(safety, hazard["id"], "submit")
    moved(signed_in(checker["username"]), hazard["id"], "reject", note="照片看不清楚")
    for username in ("difang.safety", ent_user["username"]):
        got = about(username, "hazard", hazard["id"], "hazard_rejected")
        assert len(got) == 1 and "照片看不清楚" in got[0]["body"], username
    assert about(checker["username"], "hazard", hazard["id"]) == []


def test_an_order_notifies_its_addressee_and_its_escalation_the_committee(ids, ent):
    supervisor = signed_in("difang.supervisor")
    hazard = new_hazard(ent["id"])
    r = supervisor.post("/api/v1/supervision-orders", json={
        "matter": "通知测试督办事项", "action": "立即整改", "deadline": day(3),
        "addressee_user_id": ids.user["difang.safety"], "hazard_ids": [hazard["id"]]})
    assert r.status_code == 201, r.text
    order = r.json()
    try:
        got = about("difang.safety", "supervision_order", order["id"])
        assert [n["kind"] for n in got] == ["order_addressed"] and order["number"] in got[0]["body"]
        assert about("difang.committee", "supervision_order", order["id"]) == []
        sql("update supervision_order set deadline = app.today() - 1 where id = %s", (order["id"],))
        r = supervisor.post(f"/api/v1/supervision-orders/{order['id']}/transitions", json={"action": "escalate"})
        assert r.status_code == 200, r.text
        got = about("difang.committee", "supervision_order", order["id"])
        assert [n["kind"] for n in got] == ["order_escalated"]
    finally:
        sql("begin; set local session_replication_role = replica;"
            " delete from supervision_order_event where order_id = %s;"
            " delete from supervision_order_hazard where order_id = %s;"
            " delete from supervision_order where id = %s; commit;", (order["id"],) * 3)


def test_a_document_notifies_whoever_answers_for_each_recipient(ids, ent, ent_user):
    r = signed_in("difang.committee").post("/api/v1/documents", json={
        "title": "通知测试文件", "recipients": [{"kind": "enterprise", "id": ent["id"]},
                                                {"kind": "user", "id": ids.user["difang.safety"]}]})
    assert r.status_code == 201, r.text
    document = r.json()["id"]
    for username in (ent_user["username"], "difang.safety"):
        got = about(username, "document", document)
        assert [n["kind"] for n in got] == ["document_received"] and "通知测试文件" in got[0]["body"]
    assert about("difang.ent1", "document", document) == []


# --- Reading and marking -------------------------------------------------------

def make_notes(user_id, township_id, n):
    """n notifications of the user, made as app.notify makes them; their ids, oldest first."""
    for i in range(n):
        assert sql_value("select app.notify(%s, array[%s]::bigint[], 'document_received', 'document', %s,"
                         " '收到文件', '测试正文')", (township_id, user_id, 900000 + i)) == 1
    return [r["id"] for r in sql("select id from notification where user_id = %s order by id", (user_id,))]


def test_the_list_pages_filters_and_marks_read(ids, make_user):
    user = make_user(role="department")
    made = make_notes(user["id"], ids.township["difang"], 3)
    client = signed_in(user["username"])
    r = client.get(NOTIFICATIONS, params={"limit": 2})
    assert r.status_code == 200, r.text
    page = r.json()
    assert [n["id"] for n in page["items"]] == made[::-1][:2] and page["next_cursor"]
    rest = client.get(NOTIFICATIONS, params={"limit": 2, "cursor": page["next_cursor"]}).json()
    assert [n["id"] for n in rest["items"]] == [made[0]] and rest["next_cursor"] is None
    assert client.get("/api/v1/me").json()["unread_notifications"] == 3

    r = client.post(f"{NOTIFICATIONS}/{made[1]}/read")
    assert r.status_code == 200, r.text
    first_read = r.json()["read_at"]
    assert first_read and r.json()["id"] == made[1]
    # Read again, the first time is kept.
    assert client.post(f"{NOTIFICATIONS}/{made[1]}/read").json()["read_at"] == first_read
    assert [n["id"] for n in client.get(NOTIFICATIONS, params={"unread": "true"}).json()["items"]] == [made[2], made[0]]
    assert [n["id"] for n in client.get(NOTIFICATIONS, params={"unread": "false"}).json()["items"]] == [made[1]]
    assert client.get("/api/v1/me").json()["unread_notifications"] == 2
    # A read mark is audited.
    assert sql_value("select count(*) from audit_log where entity_type = 'notification' and entity_id = %s",
                     (made[1],)) == 1

    r = client.post(f"{NOTIFICATIONS}/read-all")
    assert r.status_code == 200 and r.json() == {"updated": 2}
    assert client.post(f"{NOTIFICATIONS}/read-all").json() == {"updated": 0}
    assert client.get("/api/v1/me").json()["unread_notifications"] == 0


def test_bad_input_is_422_and_marks_nothing(ids, make_user):
    user = make_user(role="department")
    made = make_notes(user["id"], ids.township["difang"], 1)
    client = signed_in(user["username"])
    assert_error(client.get(NOTIFICATIONS, params={"unread": "maybe"}), 422, fields=["unread"])
    assert_error(client.get(NOTIFICATIONS, params={"cursor": "abc"}), 422, fields=["cursor"])
    assert_error(client.get(NOTIFICATIONS, params={"limit": 0}), 422, fields=["limit"])
    assert_error(client.copy(csrf=False).post(f"{NOTIFICATIONS}/{made[0]}/read"), 403, "csrf")
    assert_error(client.copy(csrf=False).post(f"{NOTIFICATIONS}/read-all"), 403, "csrf")
    assert sql_value("select read_at from notification where id = %s", (made[0],)) is None


@pytest.mark.parametrize("role", ["county_admin", "committee", "supervisor", "department", "enterprise"])
def test_each_user_sees_and_marks_only_their_own(ids, make_user, role):
    """Every role, the county admin too: another user's notification is not
    listed, and reading it is 404 and marks nothing."""
    town = ids.township["difang"]
    other = make_user(role="department")
    theirs = make_notes(other["id"], town, 1)[0]
    me = make_user(role=role)
    own = make_notes(me["id"], town, 1)[0]
    client = signed_in(me["username"])
    assert [n["id"] for n in client.get(NOTIFICATIONS).json()["items"]] == [own]
    assert_error(client.post(f"{NOTIFICATIONS}/{theirs}/read"), 404)
    assert client.post(f"{NOTIFICATIONS}/read-all").json() == {"updated": 1}
    assert sql_value("select read_at from notification where id = %s", (theirs,)) is None


def test_signed_out_is_401():
    from conftest import anonymous
    assert_error(anonymous().get(NOTIFICATIONS), 401)


# --- Reminders -------------------------------------------------------------------

def test_reminders_are_made_once_per_user_kind_subject_and_day(ids, ent, ent_user):
    safety = ids.user["difang.safety"]
    due = new_hazard(ent["id"], client=signed_in("difang.committee"), responsible_user_id=safety,
                     deadline=day(1), description="明天到期的隐患")
    late = new_hazard(ent["id"], client=signed_in("difang.committee"), responsible_user_id=safety,
                      deadline=day(3), description="已逾期的隐患")
    sql("update hazard set deadline = app.today() - 2 where id = %s", (late["id"],))
    far = new_hazard(ent["id"], client=signed_in("difang.committee"), responsible_user_id=safety,
                     deadline=day(20))
    sql("select app.make_reminders()")
    sql("select app.make_reminders()")
    for username in ("difang.safety", ent_user["username"]):
        assert [n["kind"] for n in about(username, "hazard", due["id"])] == ["hazard_due_soon", "hazard_assigned"]
        assert [n["kind"] for n in about(username, "hazard", late["id"])] == ["hazard_overdue", "hazard_assigned"]
        assert [n["kind"] for n in about(username, "hazard", far["id"])] == ["hazard_assigned"]
    assert "还剩1天" in about("difang.safety", "hazard", due["id"], "hazard_due_soon")[0]["body"]
    # An extension is a new deadline: reminded again.
    sql("update hazard set deadline = app.today() where id = %s", (due["id"],))
    sql("select app.make_reminders()")
    assert len(about("difang.safety", "hazard", due["id"], "hazard_due_soon")) == 2


def test_a_pass_skips_the_hazards_reminded_and_reminds_whoever_joined_since(ids, make_user):
    ent = make_enterprise()
    safety = ids.user["difang.safety"]
    due = new_hazard(ent["id"], client=signed_in("difang.committee"), responsible_user_id=safety,
                     deadline=day(2), description="后天到期的隐患")
    sql("select app.make_reminders()")
    assert sql_value("select count(*) from app.hazard_reminders_owed('hazard_due_soon', app.today(),"
                     " app.today() + 2) x where x = %s", (due["id"],)) == 0
    # The enterprise's first login, issued after the pass: owed its reminder, made on the next.
    late_comer = make_user(role="enterprise", enterprise_id=ent["id"])
    assert sql_value("select count(*) from app.hazard_reminders_owed('hazard_due_soon', app.today(),"
                     " app.today() + 2) x where x = %s", (due["id"],)) == 1
    sql("select app.make_reminders()")
    assert [n["kind"] for n in about(late_comer["username"], "hazard", due["id"])] == ["hazard_due_soon"]
    assert len(about("difang.safety", "hazard", due["id"], "hazard_due_soon")) == 1
    assert sql_value("select app.make_reminders()") == 0


def test_after_a_pass_no_hazard_is_owed_a_reminder(ids, make_user):
    # The pass (app.notify) and the list of hazards owed a reminder name the same
    # recipients: a user app.notify would never reach must not keep a hazard owed,
    # or every pass would try it again.  Here an enterprise user who left, and a
    # responsible person from another township's staff who was deactivated.
    ent = make_enterprise()
    left = make_user(role="enterprise", enterprise_id=ent["id"])
    stays = make_user(role="enterprise", enterprise_id=ent["id"])
    sql("update app_user set active = false where id = %s", (left["id"],))
    due = new_hazard(ent["id"], client=signed_in("difang.committee"), responsible_user_id=ids.user["difang.safety"],
                     deadline=day(1), description="明天到期，一位企业用户已停用")
    late = new_hazard(ent["id"], client=signed_in("difang.committee"), deadline=day(3),
                      description="已逾期，没有责任人")
    sql("update hazard set deadline = app.today() - 3, responsible_user_id = null where id = %s", (late["id"],))
    sql("select app.make_reminders()")
    for kind, low, high in (("hazard_due_soon", 0, 2), ("hazard_overdue", -7, -1)):
        assert sql_value("select count(*) from app.hazard_reminders_owed(%s, app.today() + %s, app.today() + %s)",
                         (kind, low, high)) == 0, kind
    assert len(about(stays["username"], "hazard", due["id"], "hazard_due_soon")) == 1
    assert len(about(stays["username"], "hazard", late["id"], "hazard_overdue")) == 1
    assert sql_value("select count(*) from notification where user_id = %s", (left["id"],)) == 0
    # Back at work: owed the reminder again, and made it on the next pass.
    sql("update app_user set active = true where id = %s", (left["id"],))
    owed = sql("select x from app.hazard_reminders_owed('hazard_due_soon', app.today(), app.today() + 2) x")
    assert due["id"] in {r["x"] for r in owed}
    sql("select app.make_reminders()")
    assert len(about(left["username"], "hazard", due["id"], "hazard_due_soon")) == 1


def test_a_group_without_the_days_report_is_reminded_at_the_cutoff(ids):
    town = ids.township["difang"]
    groups = sql("select g.id, g.leader_user_id from working_group g join campaign c on c.id = g.campaign_id"
                 " where g.township_id = %s and c.status = 'active'"
                 "   and app.today() between c.starts_on and c.ends_on"
                 "   and not exists (select 1 from daily_report d where d.township_id = g.township_id"
                 "                    and d.group_id = g.id and d.report_date = app.today())", (town,))
    assert groups, "the demo township has a group without today's report"
    old = sql_value("select report_cutoff::text from township where id = %s", (town,))
    try:
        # Whatever an earlier pass made today goes, so this test's passes start afresh.
        sql("delete from notification where kind = 'report_missing' and township_id = %s"
            " and reminder_day = app.today()", (town,))
        sql("update township set report_cutoff = '23:59' where id = %s", (town,))
        sql("select app.make_reminders(app.today()::timestamp at time zone 'Asia/Shanghai' + interval '12 hours')")
        assert sql_value("select count(*) from notification where kind = 'report_missing' and subject_id = %s"
                         " and reminder_day = app.today()", (groups[0]["id"],)) == 0
        sql("update township set report_cutoff = '00:00' where id = %s", (town,))
        sql("select app.make_reminders()")
        sql("select app.make_reminders()")
        rows = sql("select user_id, township_id from notification where kind = 'report_missing'"
                   " and subject_type = 'daily_report' and subject_id = %s and reminder_day = app.today()",
                   (groups[0]["id"],))
        expected = ({groups[0]["leader_user_id"]} if groups[0]["leader_user_id"] else
                    {r["id"] for r in sql("select id from app_user where township_id = %s"
                                          " and role = 'committee' and active", (town,))})
        assert {r["user_id"] for r in rows} == expected and len(rows) == len(expected)
    finally:
        sql("update township set report_cutoff = %s where id = %s", (old, town))


def test_the_report_cutoff_is_a_township_setting(ids):
    admin = signed_in("admin")
    url = f"/api/v1/townships/{ids.township['zhongcun']}"
    town = admin.get(url).json()
    assert town["report_cutoff"] == "17:00"
    try:
        r = admin.patch(url, json={"version": town["version"], "report_cutoff": "18:30"})
        assert r.status_code == 200, r.text
        assert r.json()["report_cutoff"] == "18:30"
        for bad in ("25:00", "noon"):
            assert_error(admin.patch(url, json={"version": r.json()["version"], "report_cutoff": bad}), 422)
        assert sql_value("select report_cutoff::text from township where id = %s",
                         (ids.township["zhongcun"],)) == "18:30:00"
        assert_error(signed_in("zhongcun.committee").patch(url, json={"version": 1, "report_cutoff": "16:00"}), 403)
    finally:
        sql("update township set report_cutoff = '17:00' where id = %s", (ids.township["zhongcun"],))
