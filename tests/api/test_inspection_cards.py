"""Each inspection's card (0037: inspection_card), the list item the writes
keep so that the list does not look up names, count results and build JSON
for every row it shows.

After a mixed series of writes -- drafts made, results recorded, changed and
removed, an inspection submitted with hazard results, a draft deleted, then
every name a card shows changed: an inspector and the enterprise renamed
through the API, the checklist renamed in SQL (a published template changes
no other way) -- every stored card equals the card
app.inspection_cards_computed() makes from the rows, and there is no
inspection without a card nor a card without an inspection.  The list and
the detail show the new names and counts, to the staff and to the
enterprise; and a card altered in the store shows in the list, so the list
reads the store.
"""
import pytest

from conftest import signed_in, sql, sql_value
from test_inspections import INSPECTIONS, fill, make, mine, put, remove_inspections  # noqa: F401 (fixtures)
from test_tasks import campaign  # noqa: F401 (a fixture, make uses it)

ENTERPRISE_NAME = "改名后的检查测试企业"
INSPECTOR_NAME = "改名后的检查人员"
CHECKLIST_NAME = "改名后的检查表"


def assert_cards_equal_the_rows():
    differing = [r["id"] for r in sql("select id from app.inspection_cards_differing() id")]
    assert differing == [], f"inspections whose stored card is not the one computed from the rows: {differing}"


def listed(client, inspection_id, **filters):
    """The inspection as the list shows it to client."""
    items = client.get(INSPECTIONS, params={"limit": 200, **filters}).json()["items"]
    return next(i for i in items if i["id"] == inspection_id)


@pytest.fixture
def written(make, mine, make_user):  # noqa: F811 (make, mine: the fixtures)
    """The series of writes; the names are put back afterwards."""
    safety = signed_in("difang.safety")
    committee = signed_in("difang.committee")
    person = make_user(role="department")
    safety_id = sql_value("select id from app_user where username = 'difang.safety'")

    r = make(inspector_ids=[person["id"], safety_id])
    assert r.status_code == 201, r.text
    recorded = r.json()["id"]
    for code, result in (("A01", "ok"), ("A02", "ok"), ("A03", "na"), ("A04", "ok")):
        assert put(safety, recorded, code, result=result).status_code == 200
    assert put(safety, recorded, "A02", result="na").status_code == 200          # changed
    sql("begin; set local session_replication_role = replica;"                 # removed
        " delete from inspection_result r using checklist_item x"
        "  where x.id = r.item_id and r.inspection_id = %s and x.code = 'A04'; commit;", (recorded,))

    r = make()
    assert r.status_code == 201, r.text
    submitted = r.json()["id"]
    fill(safety, submitted, hazards={"B02": {"result": "hazard", "measure": "立即整改", "mode": "immediate"}})
    r = safety.post(f"{INSPECTIONS}/{submitted}/submit")
    assert r.status_code == 200, r.text

    r = make()
    assert r.status_code == 201, r.text
    removed = r.json()["id"]
    remove_inspections([removed])

    ent_version, ent_name = sql("select version, name from enterprise where id = %s", (mine,))[0].values()
    r = committee.patch(f"/api/v1/enterprises/{mine}", json={"version": ent_version, "name": ENTERPRISE_NAME})
    assert r.status_code == 200, r.text
    r = committee.patch(f"/api/v1/users/{person['id']}", json={"version": person["version"],
                                                                "display_name": INSPECTOR_NAME})
    assert r.status_code == 200, r.text
    checklist = sql("select id, name from checklist where id = (select checklist_id from inspection where id = %s)",
                    (recorded,))[0]
    rename = ("begin; set local session_replication_role = replica;"
              " update checklist set name = %s where id = %s; commit;")
    sql(rename, (CHECKLIST_NAME, checklist["id"]))

    yield {"recorded": recorded, "submitted": submitted, "removed": removed, "person": person["id"]}

    sql(rename, (checklist["name"], checklist["id"]))
    version = sql_value("select version from enterprise where id = %s", (mine,))
    r = committee.patch(f"/api/v1/enterprises/{mine}", json={"version": version, "name": ent_name})
    assert r.status_code == 200, r.text


def test_every_stored_card_equals_the_card_computed_from_the_rows(written):
    assert_cards_equal_the_rows()
    assert sql_value("select count(*) from inspection") == sql_value("select count(*) from inspection_card")
    assert sql_value("select count(*) from inspection_card where inspection_id = %s", (written["removed"],)) == 0
    # Not trivially: the renames and the counts are in the stored cards.
    card = sql_value("select json from inspection_card where inspection_id = %s", (written["recorded"],))
    assert f'"enterprise_name": "{ENTERPRISE_NAME}"' in card
    assert f'"display_name": "{INSPECTOR_NAME}"' in card
    assert f'"name": "{CHECKLIST_NAME}"' in card
    assert '"counts": {"na": 2, "ok": 1, "items": 43, "hazard": 0}' in card


def test_the_list_and_the_detail_show_the_new_names_and_counts(written, mine):  # noqa: F811
    safety = signed_in("difang.safety")
    shown = listed(safety, written["recorded"], enterprise_id=mine)
    assert shown["enterprise_name"] == ENTERPRISE_NAME
    assert shown["checklist"]["name"] == CHECKLIST_NAME
    assert [i["display_name"] for i in shown["inspectors"]][0] == INSPECTOR_NAME
    assert shown["counts"] == {"items": 43, "ok": 1, "hazard": 0, "na": 2}
    detail = safety.get(f"{INSPECTIONS}/{written['recorded']}").json()
    assert {k: detail[k] for k in shown} == shown

    done = listed(safety, written["submitted"], enterprise_id=mine)
    assert (done["status"], done["counts"]["hazard"], done["counts"]["ok"]) == ("submitted", 1, 42)
    assert all(i["id"] != written["removed"] for i in safety.get(INSPECTIONS, params={"limit": 200}).json()["items"])


def test_the_enterprise_reads_the_inspectors_names(written):
    """The enterprise may not read staff users' rows, yet is shown who inspected it, as on a hazard (0011)."""
    own = listed(signed_in("difang.ent1"), written["recorded"])
    assert own["inspectors"][0] == {"id": written["person"], "display_name": INSPECTOR_NAME}
    assert own == listed(signed_in("difang.safety"), written["recorded"])


def test_the_list_reads_the_stored_card(written):
    recorded = written["recorded"]
    sql("update inspection_card set json = replace(json, %s, '存的卡片') where inspection_id = %s",
        (ENTERPRISE_NAME, recorded))
    try:
        assert listed(signed_in("difang.safety"), recorded)["enterprise_name"] == "存的卡片"
    finally:
        sql("select app.inspection_cards_refresh(array[%s]::bigint[])", (recorded,))
    assert_cards_equal_the_rows()
