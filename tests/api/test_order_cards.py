"""Each supervision order's card (0041: supervision_order_card), the order's
JSON the writes keep so that the list does not look up names and links and
build JSON for every row it shows.

After a mixed series of writes -- orders issued to a person (about two
hazards) and to a grid node (about a task), answered, rejected, answered
again, accepted, escalated past a deadline moved back in SQL, a hazard's
link removed and a task's added in SQL, an order deleted, then every name a
card shows changed through the API (the addressee renamed, the grid node
renamed) -- every stored card equals the card
app.supervision_order_cards_computed() makes from the rows, and there is no
order without a card nor a card without an order.  The list and the detail
show the new names and links; "overdue" follows today and is not stored; and
a card altered in the store shows in the list, so the list reads the store.
"""
import pytest

from conftest import signed_in, sql, sql_value
from test_grid import committee, root_id, scratch  # noqa: F401 (fixtures)
from test_oversight import hazards, issue, orders, remove_orders, today  # noqa: F401 (fixtures)

ORDERS = "/api/v1/supervision-orders"
PERSON_NAME = "改名后的督办对象"
UNIT_NAME = "改名后的督办网格"


def assert_cards_equal_the_rows():
    differing = [r["id"] for r in sql("select id from app.supervision_order_cards_differing() id")]
    assert differing == [], f"orders whose stored card is not the one computed from the rows: {differing}"


def listed(client, order_id, **filters):
    """The order as the list shows it to client."""
    items = client.get(ORDERS, params={"limit": 100, **filters}).json()["items"]
    return next(o for o in items if o["id"] == order_id)


@pytest.fixture
def written(ids, make_user, scratch, hazards, orders):  # noqa: F811 (fixtures)
    """The series of writes.  (orders comes last: its orders, addressed to the
    user and node of the fixtures before it, are removed before them.)"""
    supervisor = signed_in("difang.supervisor")
    person = make_user(role="department")
    answerer = signed_in(person["username"])
    node = scratch(scratch.area["id"], "village")
    tasks = sql("select id from task where township_id = %s order by id limit 2", (ids.township["difang"],))
    assert len(tasks) == 2, "the demo township has tasks"
    first_hazard, second_hazard = hazards(severity="major"), hazards()

    def step(order, path, body):
        r = (answerer if path == "responses" else supervisor).post(f"{ORDERS}/{order}/{path}", json=body)
        assert r.status_code == 200, r.text

    r = issue(supervisor, orders, addressee_user_id=person["id"], hazard_ids=[first_hazard, second_hazard],
              listed=True)
    assert r.status_code == 201, r.text
    to_person = r.json()["id"]
    step(to_person, "responses", {"note": "已整改"})
    step(to_person, "transitions", {"action": "reject", "note": "照片不清楚"})
    step(to_person, "responses", {"note": "补充照片"})
    step(to_person, "transitions", {"action": "accept"})

    r = issue(supervisor, orders, addressee_grid_node_id=node["id"], task_ids=[tasks[0]["id"]])
    assert r.status_code == 201, r.text
    to_node = r.json()["id"]
    sql("update supervision_order set deadline = app.today() - 2 where id = %s", (to_node,))
    step(to_node, "transitions", {"action": "escalate"})

    r = issue(supervisor, orders, addressee_user_id=person["id"], hazard_ids=[second_hazard],
              deadline=today(5))
    assert r.status_code == 201, r.text
    relinked = r.json()["id"]
    sql("begin; set local session_replication_role = replica;"
        " delete from supervision_order_hazard where order_id = %s;"
        " insert into supervision_order_task (township_id, order_id, task_id) values (%s, %s, %s); commit;",
        (relinked, ids.township["difang"], relinked, tasks[1]["id"]))

    r = issue(supervisor, orders, addressee_user_id=person["id"], hazard_ids=[first_hazard])
    assert r.status_code == 201, r.text
    removed = r.json()["id"]
    remove_orders([removed])

    committee = signed_in("difang.committee")
    r = committee.patch(f"/api/v1/users/{person['id']}",
                        json={"version": person["version"], "display_name": PERSON_NAME})
    assert r.status_code == 200, r.text
    r = committee.patch(f"/api/v1/grid/{node['id']}", json={"version": node["version"], "name": UNIT_NAME})
    assert r.status_code == 200, r.text

    return {"to_person": to_person, "to_node": to_node, "relinked": relinked, "removed": removed,
            "tasks": [t["id"] for t in tasks], "hazards": [first_hazard, second_hazard]}


def test_every_stored_card_equals_the_card_computed_from_the_rows(written):
    assert_cards_equal_the_rows()
    assert sql_value("select (select count(*) from supervision_order) = (select count(*) from supervision_order_card)")
    assert sql_value("select count(*) from supervision_order_card where order_id = %s", (written["removed"],)) == 0
    # Not trivially: the writes are in the stored cards.
    cards = {r["order_id"]: r["json"] for r in sql(
        "select order_id, json::jsonb as json from supervision_order_card where order_id = any(%s)",
        ([written["to_person"], written["to_node"], written["relinked"]],))}
    assert cards[written["to_person"]]["addressee_name"] == PERSON_NAME
    assert cards[written["to_person"]]["state"] == "closed"
    assert cards[written["to_node"]]["addressee_unit"] == UNIT_NAME
    assert cards[written["to_node"]]["state"] == "escalated"
    relinked = cards[written["relinked"]]
    assert (relinked["hazard_ids"], relinked["task_ids"]) == ([], [written["tasks"][1]])
    assert all("overdue" not in card for card in cards.values())


def test_the_list_and_the_detail_show_the_new_names_and_links(written):
    for who in ("difang.supervisor", "difang.committee", "admin"):
        client = signed_in(who)
        for order in (written["to_person"], written["to_node"], written["relinked"]):
            detail = client.get(f"{ORDERS}/{order}").json()
            assert {k: v for k, v in detail.items() if k not in ("events", "attachments")} \
                == listed(client, order), who
        assert listed(client, written["to_person"])["addressee_name"] == PERSON_NAME
        assert listed(client, written["to_person"])["hazard_ids"] == sorted(written["hazards"])
        assert listed(client, written["to_node"])["addressee_unit"] == UNIT_NAME
        assert listed(client, written["relinked"])["task_ids"] == [written["tasks"][1]]


def test_overdue_follows_today_and_is_not_stored(written):
    """No card holds "overdue" (above): the list works it out from the order's
    deadline and state on the day it is asked."""
    supervisor = signed_in("difang.supervisor")
    rows = sql("select id, state <> 'closed' and deadline < app.today() as overdue from supervision_order"
               " where id = any(%s)", ([written["to_person"], written["to_node"], written["relinked"]],))
    assert {r["id"]: r["overdue"] for r in rows} == {written["to_node"]: True,       # escalated, two days late
                                                     written["to_person"]: False,    # closed
                                                     written["relinked"]: False}     # due in five days
    late = [o["id"] for o in supervisor.get(ORDERS, params={"overdue": "true", "limit": 100}).json()["items"]]
    for r in rows:
        assert listed(supervisor, r["id"])["overdue"] is r["overdue"]
        assert (r["id"] in late) is r["overdue"]


def test_the_list_reads_the_stored_card(written):
    order = written["to_node"]
    sql("update supervision_order_card set json = replace(json, %s, '存的卡片') where order_id = %s",
        (UNIT_NAME, order))
    try:
        assert listed(signed_in("difang.supervisor"), order)["addressee_unit"] == "存的卡片"
    finally:
        sql("select app.supervision_order_cards_refresh(array[%s]::bigint[])", (order,))
    assert_cards_equal_the_rows()
