"""The dashboards and the daily report served as last computed (0030: answer,
answer_stamp): an answer is stored under its township (or county), view and
user, and served while no write has changed what it counts and the day has
not turned.

Every view is asked (and so stored) before a mixed series of writes -- the
hazard series of test_tallies, and besides: a task past its deadline, a
responsibility letter signed, a supervision order issued and answered late,
a daily report sent and marked read, a grid node and a user renamed, a
department user's sector taken away, a hazard of the enterprise's own
past its deadline -- and afterwards every served answer equals the same
answer computed afresh from the rows (0026's tests prove those figures
against the rows), and differs from the one stored before the writes.
"""
import pytest

from conftest import signed_in, sql, sql_value
from test_tallies import series  # noqa: F401 (a fixture)
from test_tasks import campaign  # noqa: F401 (a fixture)

DASHBOARD = "/api/v1/dashboard"
DAILY = "/api/v1/reports/daily"

# (who, path, query): every view of app.answer.
VIEWS = [
    ("difang.committee", DASHBOARD, None),
    ("difang.supervisor", DASHBOARD, None),
    ("difang.safety", DASHBOARD, None),
    ("difang.ent1", DASHBOARD, None),
    ("admin", DASHBOARD, None),
    ("difang.committee", DAILY, None),
    ("difang.committee", DAILY, "yesterday"),
    ("difang.supervisor", DAILY, None),
    ("admin", DAILY, None),
]


def ask(who, path, query):
    params = None
    if query == "yesterday":
        params = {"date": sql_value("select (app.today() - 1)::text")}
    r = signed_in(who).get(path, params=params)
    assert r.status_code == 200, (who, path, r.text)
    return r.json()


def served():
    return {view: ask(*view) for view in VIEWS}


def computed_afresh():
    sql("delete from answer")
    return served()


@pytest.fixture
def warmed():
    """Every view asked once, so that each is stored."""
    sql("delete from answer")
    before = served()
    assert sql_value("select count(*) from answer") == len(VIEWS)
    return before


@pytest.fixture
def more_writes(ids, campaign):  # noqa: F811 (campaign: the fixture)
    """The writes besides the hazards' that change a figure, undone afterwards."""
    town = ids.township["difang"]
    committee = ids.user["difang.committee"]
    safety = ids.user["difang.safety"]
    enterprise = sql_value("select enterprise_id from app_user where username = 'difang.ent1'")
    node = sql("select id, name from grid_node where township_id = %s and level = 2 order by id limit 1", (town,))[0]
    name = sql_value("select display_name from app_user where id = %s", (safety,))
    sectors = sql("select sector_id from user_sector where user_id = %s", (safety,))
    letter = sql_value("select id from responsibility_letter where township_id = %s and signed_on is null"
                       " order by id limit 1", (town,))
    group = sql_value("select id from working_group where township_id = %s and campaign_id = %s order by id limit 1",
                      (town, campaign))
    made = {}
    made["task"] = sql_value(
        "insert into task (township_id, campaign_id, title, target, deadline, grid_node_id, assignee_user_id)"
        " values (%s, %s, '缓存测试逾期任务', 3, app.today() - 2, %s, %s) returning id",
        (town, campaign, node["id"], safety))
    if letter is not None:
        sql("update responsibility_letter set signed_on = app.today() where id = %s", (letter,))
    made["order"] = sql_value(
        "insert into supervision_order (township_id, addressee_user_id, matter, action, deadline, issued_by)"
        " values (%s, %s, '缓存测试督办', '立即整改', app.today() - 1,"
        "         (select id from app_user where username = 'difang.supervisor')) returning id", (town, safety))
    sql("update supervision_order set state = 'answered' where id = %s", (made["order"],))
    had_report = sql_value("select id from daily_report where township_id = %s and group_id = %s"
                           " and report_date = app.today()", (town, group))
    if had_report is None:
        made["report"] = sql_value(
            "insert into daily_report (township_id, group_id, report_date, note, submitted_by)"
            " values (%s, %s, app.today(), '缓存测试日报', %s) returning id", (town, group, committee))
    had_read = sql("select read_by, read_at from daily_report_read where township_id = %s"
                   " and report_date = app.today()", (town,))
    sql("insert into daily_report_read (township_id, report_date, read_by) values (%s, app.today(), %s)"
        " on conflict (township_id, report_date) do update set read_by = excluded.read_by, read_at = now()",
        (town, committee))
    sql("update grid_node set name = name || '（改）' where id = %s", (node["id"],))
    sql("update app_user set display_name = '缓存测试改名' where id = %s", (safety,))
    sql("delete from user_sector where user_id = %s and sector_id = %s", (safety, sectors[0]["sector_id"]))
    made["hazard"] = sql_value(
        "insert into hazard (township_id, enterprise_id, sector_id, source, description, severity, mode, deadline)"
        " select township_id, id, sector_id, 'registration', '缓存测试企业隐患', 'general', 'deadline', app.today() - 3"
        "   from enterprise where id = %s returning id", (enterprise,))
    yield made

    sql("begin; set local session_replication_role = replica;"
        " delete from hazard_event where hazard_id = %(hazard)s; delete from hazard where id = %(hazard)s;"
        " delete from supervision_order_event where order_id = %(order)s;"
        " delete from supervision_order where id = %(order)s; delete from task where id = %(task)s; commit;", made)
    if "report" in made:
        sql("delete from daily_report where id = %s", (made["report"],))
    if had_read:
        sql("update daily_report_read set read_by = %s, read_at = %s where township_id = %s"
            " and report_date = app.today()", (had_read[0]["read_by"], had_read[0]["read_at"], town))
    else:
        sql("delete from daily_report_read where township_id = %s and report_date = app.today()", (town,))
    if letter is not None:
        sql("update responsibility_letter set signed_on = null where id = %s", (letter,))
    sql("update grid_node set name = %s where id = %s", (node["name"], node["id"]))
    sql("update app_user set display_name = %s where id = %s", (name, safety))
    sql("insert into user_sector (township_id, user_id, sector_id) values (%s, %s, %s) on conflict do nothing",
        (town, safety, sectors[0]["sector_id"]))


def test_every_served_answer_equals_one_computed_afresh_after_a_mixed_series_of_writes(warmed, request):
    request.getfixturevalue("series")
    request.getfixturevalue("more_writes")
    after = served()
    assert after == computed_afresh()
    # Not trivially: every view shows the writes.
    for view in VIEWS:
        assert after[view] != warmed[view], view


def test_a_stored_answer_is_served_until_a_write_changes_what_it_counts(ids):
    committee = signed_in("difang.committee")
    board = committee.get(DASHBOARD).json()
    marked = sql("update answer set body = body || '{\"marker\": 1}' where township_id = %s and view = 'committee/'"
                 " returning 1", (ids.township["difang"],))
    assert marked, "the committee's dashboard was stored"
    assert committee.get(DASHBOARD).json()["marker"] == 1   # as stored
    tasks = board["tasks"]["total"]
    task = sql_value("insert into task (township_id, campaign_id, title, target, deadline)"
                     " select township_id, id, '缓存测试任务', 1, app.today() + 5 from campaign"
                     "  where township_id = %s order by id limit 1 returning id", (ids.township["difang"],))
    try:
        fresh = committee.get(DASHBOARD).json()
        assert "marker" not in fresh
        assert fresh["tasks"]["total"] == tasks + 1
    finally:
        sql("delete from task where id = %s", (task,))
    assert committee.get(DASHBOARD).json()["tasks"]["total"] == tasks


def test_an_answer_stored_on_another_day_is_never_served(ids):
    committee = signed_in("difang.committee")
    today = committee.get(DASHBOARD).json()["today"]
    report = committee.get(DAILY).json()
    stale = sql("update answer set day = day - 1, body = body || '{\"marker\": 1}'"
                " where township_id = %s and view in ('committee/', %s) returning view",
                (ids.township["difang"], f"daily/committee/{report['date']}"))
    assert len(stale) == 2
    board = committee.get(DASHBOARD).json()
    assert "marker" not in board and board["today"] == today
    assert "marker" not in committee.get(DAILY).json()


def test_writes_bump_the_township_stamp_once_at_commit(ids):
    town = ids.township["difang"]
    stamp = sql_value("select coalesce((select stamp from answer_stamp where township_id = %s), 0)", (town,))
    # One transaction writing several rows of several tables bumps it once.
    sql("begin;"
        " update task set title = title where township_id = %(t)s;"
        " update grid_node set name = name where township_id = %(t)s;"
        " commit;", {"t": town})
    assert sql_value("select stamp from answer_stamp where township_id = %s", (town,)) == stamp + 1
    # A sign-in (which writes app_user, not what an answer shows) leaves it.
    signed_in("difang.committee").get("/api/v1/me")
    sql("update app_user set password_must_change = password_must_change where username = 'difang.committee'")
    assert sql_value("select stamp from answer_stamp where township_id = %s", (town,)) == stamp + 1
