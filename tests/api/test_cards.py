"""Each hazard's card (0032: hazard_card), the list item the writes keep so
that the list does not look up names and build JSON for every row it shows.

After test_tallies' mixed series of writes (registrations in every mode and
severity, every move of the life cycle, an edit, an extension, photos, a
move to another sector, grid node and enterprise, a deletion, an inspection
opening hazards, a tip accepted, dates moved back in time), a responsible
person named, then every name a card shows changed -- the enterprise and the
responsible person renamed through the API, the checklist item's code
changed in SQL (a published template changes no other way) -- every stored
card equals the card app.hazard_cards_computed() makes from the rows, and
there is no hazard without a card nor a card without a hazard.  The list and
the detail show the new names, to the staff and to the enterprise (to whom a
tip's hazard reads as a registration); and a card altered in the store shows
in the list, so the list reads the store.
"""
import pytest

from conftest import day, signed_in, sql, sql_value
from test_tallies import series  # noqa: F401 (a fixture)
from test_tasks import campaign  # noqa: F401 (a fixture, series uses it)

HAZARDS = "/api/v1/hazards"


def assert_cards_equal_the_rows():
    differing = [r["id"] for r in sql("select id from app.hazard_cards_differing() id")]
    assert differing == [], f"hazards whose stored card is not the one computed from the rows: {differing}"


def listed(client, hazard_id, **filters):
    """The hazard as the list shows it to client (filters narrowing it to the few of the series)."""
    items = client.get(HAZARDS, params=filters).json()["items"]
    return next(h for h in items if h["id"] == hazard_id)


@pytest.fixture
def renamed(series, make_user):  # noqa: F811 (series: the fixture)
    """The series, then its hazards given a responsible person, and every name their cards show
    changed; the names are put back afterwards."""
    ent = series["enterprise"]
    committee = signed_in("difang.committee")
    safety = signed_in("difang.safety")
    person = make_user(role="department")
    hazards = sql("select id, version, source from hazard where enterprise_id = %s order by id", (ent["id"],))
    named = next(h for h in hazards if h["source"] == "registration")
    r = safety.patch(f"{HAZARDS}/{named['id']}",
                     json={"version": named["version"], "responsible_user_id": person["id"]})
    assert r.status_code == 200, r.text

    version = sql_value("select version from enterprise where id = %s", (ent["id"],))
    r = committee.patch(f"/api/v1/enterprises/{ent['id']}", json={"version": version, "name": "改名后的隐患测试企业"})
    assert r.status_code == 200, r.text
    r = committee.patch(f"/api/v1/users/{person['id']}", json={"version": person["version"], "display_name": "改名后的责任人"})
    assert r.status_code == 200, r.text
    item = sql("select i.id, i.code from hazard h join checklist_item i on i.id = h.item_id"
               " where h.enterprise_id = %s order by h.id limit 1", (ent["id"],))[0]
    sql("begin; set local session_replication_role = replica;"
        " update checklist_item set code = 'Z' || substr(code, 2) where id = %s; commit;", (item["id"],))

    yield {**series, "named": named["id"], "item": item}

    sql("begin; set local session_replication_role = replica;"
        " update checklist_item set code = %s where id = %s; commit;", (item["code"], item["id"]))
    sql("update hazard set responsible_user_id = null where responsible_user_id = %s", (person["id"],))


def test_every_stored_card_equals_the_card_computed_from_the_rows(renamed):
    assert_cards_equal_the_rows()
    assert sql_value("select count(*) from hazard") == sql_value("select count(*) from hazard_card")
    # Not trivially: the renames are in the stored cards.
    ent = renamed["enterprise"]
    cards = sql("select k.head, k.ident, k.body from hazard_card k join hazard h on h.id = k.hazard_id"
                " where h.enterprise_id = %s", (ent["id"],))
    assert cards and all('"enterprise_name":"改名后的隐患测试企业"' in k["head"] for k in cards)
    assert any(f'"item_code":"Z{renamed["item"]["code"][1:]}"' in k["ident"] for k in cards)
    assert any('"responsible_name":"改名后的责任人"' in k["body"] for k in cards)


def test_the_list_and_the_detail_show_the_new_names(renamed):
    ent = renamed["enterprise"]
    committee = signed_in("difang.committee")
    shown = listed(committee, renamed["named"], enterprise_id=ent["id"])
    assert shown["enterprise_name"] == "改名后的隐患测试企业"
    assert shown["responsible_name"] == "改名后的责任人"
    detail = committee.get(f"{HAZARDS}/{renamed['named']}").json()
    assert {k: detail[k] for k in shown} == shown
    opened = sql_value("select id from hazard where enterprise_id = %s and item_id = %s limit 1",
                       (ent["id"], renamed["item"]["id"]))
    assert listed(committee, opened, enterprise_id=ent["id"])["item_code"] == "Z" + renamed["item"]["code"][1:]


def test_the_members_of_the_reader_and_the_day_are_not_stored(renamed, make_user):
    """A tip's origin is hidden from the enterprise and overdue follows today:
    neither is in the stored card, which every reader on every day shares."""
    ent = renamed["enterprise"]
    cards = sql("select k.body, k.tail, h.source, h.tip_id, h.id,"
                "       coalesce(h.status in ('reported', 'rectifying') and h.deadline < app.today(), false) as overdue"
                "  from hazard_card k join hazard h on h.id = k.hazard_id where h.enterprise_id = %s", (ent["id"],))
    assert all(k["body"].endswith(',"overdue":') and k["tail"].startswith(',"submitted_by":') for k in cards)
    committee = signed_in("difang.committee")
    assert any(k["overdue"] for k in cards) and not all(k["overdue"] for k in cards)
    for k in cards:
        assert listed(committee, k["id"], enterprise_id=ent["id"])["overdue"] is k["overdue"]

    tip = next(k for k in cards if k["source"] == "tip")
    staff = listed(committee, tip["id"], enterprise_id=ent["id"])
    assert (staff["source"], staff["tip_id"]) == ("tip", tip["tip_id"])
    own = listed(signed_in(make_user(role="enterprise", enterprise_id=ent["id"])["username"]), tip["id"])
    assert (own["source"], own["tip_id"]) == ("registration", None)


def test_the_list_reads_the_stored_card(renamed):
    hazard = renamed["named"]
    sql("update hazard_card set head = replace(head, '改名后的隐患测试企业', '存的卡片') where hazard_id = %s",
        (hazard,))
    try:
        shown = listed(signed_in("difang.committee"), hazard, enterprise_id=renamed["enterprise"]["id"])
        assert shown["enterprise_name"] == "存的卡片"
    finally:
        sql("select app.hazard_cards_refresh(array[%s]::bigint[])", (hazard,))
    assert_cards_equal_the_rows()
