"""The dashboards, the daily report and the grid with counts served as last
computed (0030: answer, answer_stamp; the grid 0033): an answer is stored
under its township (or county), view and user, and served while no write
has changed what it counts and the day has not turned.

Every view is asked (and so stored) before the mixed series of hazard
writes of test_tallies, and afterwards every served answer equals the same
answer computed afresh from the rows (0026's tests prove those figures
against the rows).  Then each other kind of write that changes a figure --
a task, a letter signed, an order, a daily report and its read mark, a grid
node, user, sector or township renamed, an enterprise moved in the grid, a
department user's sectors, an enterprise's own hazard -- alone, between a
stored answer and the next request: each shows in some answer, and every
answer equals the one computed afresh.
"""
import pytest

from conftest import signed_in, sql, sql_value
from test_tallies import series  # noqa: F401 (a fixture)
from test_tasks import campaign  # noqa: F401 (a fixture)

DASHBOARD = "/api/v1/dashboard"
DAILY = "/api/v1/reports/daily"
GRID = "/api/v1/grid"

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
    ("difang.committee", GRID, "counts"),
    ("difang.supervisor", GRID, "counts"),
    ("difang.safety", GRID, "counts"),
    ("admin", GRID, "counts"),
]


def ask(who, path, query):
    params = None
    if query == "yesterday":
        params = {"date": sql_value("select (app.today() - 1)::text")}
    elif query == "counts":
        params = {"with": "counts"}
        if who == "admin":
            params["township_id"] = sql_value("select id from township where slug = 'difang'")
    r = signed_in(who).get(path, params=params)
    assert r.status_code == 200, (who, path, r.text)
    return r.json()


def strip_versions(answers):
    """The answers with the grid's nodes' "version" left out."""
    def strip(node):
        return {k: ([strip(c) for c in v] if k == "children" else v) for k, v in node.items() if k != "version"}
    return {view: strip(a) if view[1] == GRID else a for view, a in answers.items()}


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


def one_of_each_write(town, campaign):
    """(name, do, undo): every kind of write besides the hazards' that changes
    a figure, each as SQL (the stamp's triggers see every write path)."""
    p = {"town": town, "campaign": campaign}
    p["safety"] = sql_value("select id from app_user where username = 'difang.safety'")
    p["committee"] = sql_value("select id from app_user where username = 'difang.committee'")
    p["supervisor"] = sql_value("select id from app_user where username = 'difang.supervisor'")
    p["enterprise"] = sql_value("select enterprise_id from app_user where username = 'difang.ent1'")
    p["node"] = sql_value("select min(id) from grid_node where township_id = %s and level = 2", (town,))
    p["hazard_node"] = sql_value("select min(grid_node_id) from hazard where township_id = %s", (town,))
    p["sector"] = sql_value(
        "select h.sector_id from hazard h where h.township_id = %(t)s and h.status <> 'closed'"
        "   and h.sector_id not in (select sector_id from user_sector where user_id = %(u)s)"
        "   and h.enterprise_id not in (select enterprise_id from enterprise_assignment where user_id = %(u)s)"
        " group by 1 order by count(*) desc limit 1", {"t": town, "u": p["safety"]})
    p["letter"] = sql_value("select min(id) from responsibility_letter where township_id = %s"
                            " and signed_on is null", (town,))
    p["group"] = sql_value("select min(id) from working_group where township_id = %s and campaign_id = %s",
                           (town, campaign))
    p["moved"] = sql_value("select min(e.id) from enterprise e where e.township_id = %s"
                           " and e.grid_node_id <> %s", (town, p["hazard_node"]))
    p["moved_from"] = sql_value("select grid_node_id from enterprise where id = %s", (p["moved"],))
    p["county_sector"] = sql_value("select min(h.sector_id) from hazard h where h.township_id = %s", (town,))
    return p, [
        ("a task past its deadline",
         "insert into task (township_id, campaign_id, title, target, deadline, grid_node_id, assignee_user_id)"
         " values (%(town)s, %(campaign)s, '缓存测试逾期任务', 3, app.today() - 2, %(node)s, %(safety)s)",
         "delete from task where title = '缓存测试逾期任务'"),
        ("a responsibility letter signed",
         "update responsibility_letter set signed_on = app.today() where id = %(letter)s",
         "update responsibility_letter set signed_on = null where id = %(letter)s"),
        ("a supervision order issued to the department user, overdue",
         "insert into supervision_order (township_id, addressee_user_id, matter, action, deadline, issued_by)"
         " values (%(town)s, %(safety)s, '缓存测试督办', '立即整改', app.today() - 1, %(supervisor)s)",
         "begin; set local session_replication_role = replica;"
         " delete from supervision_order_event where order_id in"
         "   (select id from supervision_order where matter = '缓存测试督办');"
         " delete from supervision_order where matter = '缓存测试督办'; commit;"),
        ("a daily report sent",
         "insert into daily_report (township_id, group_id, report_date, note, submitted_by)"
         " values (%(town)s, %(group)s, app.today(), '缓存测试日报', %(committee)s)",
         "delete from daily_report where note = '缓存测试日报'"),
        ("the daily report marked read",
         "insert into daily_report_read (township_id, report_date, read_by) values (%(town)s, app.today(), %(committee)s)",
         "delete from daily_report_read where township_id = %(town)s and report_date = app.today()"),
        ("a grid node renamed",
         "update grid_node set name = name || '（改）' where id = %(hazard_node)s",
         "update grid_node set name = left(name, -3) where id = %(hazard_node)s"),
        ("an enterprise moved to another grid node",
         "update enterprise set grid_node_id = %(hazard_node)s where id = %(moved)s",
         "update enterprise set grid_node_id = %(moved_from)s where id = %(moved)s"),
        ("a user renamed",
         "update app_user set display_name = display_name || '（改）' where id = %(safety)s",
         "update app_user set display_name = left(display_name, -3) where id = %(safety)s"),
        ("a sector given to a department user",
         "insert into user_sector (township_id, user_id, sector_id) values (%(town)s, %(safety)s, %(sector)s)",
         "delete from user_sector where user_id = %(safety)s and sector_id = %(sector)s"),
        ("a sector renamed",
         "update sector set name = name || '改' where id = %(county_sector)s",
         "update sector set name = left(name, -1) where id = %(county_sector)s"),
        ("the township renamed",
         "update township set name = name || '改' where id = %(town)s",
         "update township set name = left(name, -1) where id = %(town)s"),
        ("a hazard of the enterprise's own past its deadline",
         "insert into hazard (township_id, enterprise_id, sector_id, source, description, severity, mode, deadline)"
         " select township_id, id, sector_id, 'registration', '缓存测试企业隐患', 'general', 'deadline',"
         "        app.today() - 3 from enterprise where id = %(enterprise)s",
         "begin; set local session_replication_role = replica;"
         " delete from hazard where description = '缓存测试企业隐患'; commit;"),
    ]


def test_every_served_answer_equals_one_computed_afresh_after_a_mixed_series_of_writes(warmed, request):
    request.getfixturevalue("series")
    after = served()
    assert after == computed_afresh()
    # Not trivially: the series shows in them.
    for view in VIEWS:
        if view[0] != "difang.ent1":   # the series' hazards are not the enterprise's
            assert after[view] != warmed[view], view


def test_each_kind_of_write_is_seen_by_the_answers_it_changes(ids, campaign):  # noqa: F811
    params, writes = one_of_each_write(ids.township["difang"], campaign)
    for name, do, undo in writes:
        sql("delete from answer")
        before = served()
        sql(do, params)
        try:
            after = served()
            assert after != before, f"{name}: no answer shows it"
            assert after == computed_afresh(), name
        finally:
            sql(undo, params)
        undone = served()
        assert undone == computed_afresh(), f"{name}: undone"
        # As before, but for the grid's nodes' versions, which the write and
        # its undoing both moved on.
        assert strip_versions(undone) == strip_versions(before), f"{name}: undone"


def test_a_stored_answer_is_served_until_a_write_changes_what_it_counts(ids):
    committee = signed_in("difang.committee")
    board = committee.get(DASHBOARD).json()
    marked = sql("update answer set body = (body::jsonb || '{\"marker\": 1}')::json"
                 " where township_id = %s and view = 'committee/' returning 1", (ids.township["difang"],))
    assert marked, "the committee's dashboard was stored"
    assert committee.get(DASHBOARD).json()["marker"] == 1   # as stored
    tasks = board["tasks"]["total"]
    task = sql_value("insert into task (township_id, campaign_id, title, target, deadline, grid_node_id)"
                     " select c.township_id, c.id, '缓存测试任务', 1, app.today() + 5,"
                     "        (select min(n.id) from grid_node n where n.township_id = c.township_id and n.level = 2)"
                     "   from campaign c where c.township_id = %s order by c.id limit 1 returning id",
                     (ids.township["difang"],))
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
    stale = sql("update answer set day = day - 1, body = (body::jsonb || '{\"marker\": 1}')::json"
                " where township_id = %s and view in ('committee/', %s) returning view",
                (ids.township["difang"], f"daily/committee/{report['date']}"))
    assert len(stale) == 2
    board = committee.get(DASHBOARD).json()
    assert "marker" not in board and board["today"] == today
    assert "marker" not in committee.get(DAILY).json()


def test_writes_bump_the_township_stamp_once_at_commit(ids):
    town = ids.township["difang"]
    stamp = sql_value("select coalesce(sum(stamp), 0) from answer_stamp where township_id = %s", (town,))
    # One transaction writing several rows of several tables bumps it once.
    sql("begin;"
        " update task set title = title where township_id = %(t)s;"
        " update grid_node set name = name where township_id = %(t)s;"
        " commit;", {"t": town})
    assert sql_value("select sum(stamp) from answer_stamp where township_id = %s", (town,)) == stamp + 1
    # A sign-in (which writes app_user, not what an answer shows) leaves it.
    signed_in("difang.committee").get("/api/v1/me")
    sql("update app_user set password_must_change = password_must_change where username = 'difang.committee'")
    assert sql_value("select sum(stamp) from answer_stamp where township_id = %s", (town,)) == stamp + 1


def county_stamp(county):
    return sql_value("select coalesce(sum(stamp), 0) from answer_county_stamp where county_id = %s", (county,))


def test_writes_bump_the_county_stamp_once_at_commit_and_the_county_answer_is_told_by_it(ids):
    """The county admin's answers are current while the county's stamp is (0038): one sum of
    16 counters, however many townships, moved by every write that moves a township's."""
    town, other = ids.township["difang"], ids.township["bailin"]
    county = sql_value("select county_id from township where id = %s", (town,))
    stamp = county_stamp(county)
    sql("begin;"
        " update task set title = title where township_id = %(t)s;"
        " update grid_node set name = name where township_id in (%(t)s, %(o)s);"
        " commit;", {"t": town, "o": other})
    assert county_stamp(county) == stamp + 1
    ask("admin", DASHBOARD, None)
    version = sql_value("select version from answer where county_id = %s and township_id is null"
                        " and view = 'county/'", (county,))
    assert version == f"county:{stamp + 1}"
    # Another township's write alone changes the county's answer.
    before = ask("admin", DASHBOARD, None)
    sql("update township set name = name || '改' where id = %s", (other,))
    try:
        after = ask("admin", DASHBOARD, None)
        assert after != before and after == computed_afresh()[("admin", DASHBOARD, None)]
    finally:
        sql("update township set name = left(name, -1) where id = %s", (other,))


def test_a_township_removed_leaves_the_county_answers(ids):
    county = sql_value("select county_id from township where id = %s", (ids.township["difang"],))
    made = sql_value("insert into township (county_id, name, code, slug)"
                     " values (%s, '缓存测试镇', '371326999001', 'cache-test') returning id", (county,))
    try:
        listed = ask("admin", DASHBOARD, None)
        assert "缓存测试镇" in str(listed)
        stamp = county_stamp(county)
        sql("delete from township where id = %s", (made,))
        made = None
        assert county_stamp(county) == stamp + 1
        after = ask("admin", DASHBOARD, None)
        assert "缓存测试镇" not in str(after) and after == computed_afresh()[("admin", DASHBOARD, None)]
    finally:
        if made:
            sql("delete from township where id = %s", (made,))
