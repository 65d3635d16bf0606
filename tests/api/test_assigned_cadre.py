"""Who an enterprise's cadre (包扶干部) is now: app.assigned_cadre (0044), the
one home of the rule -- an assignment with no end, in a campaign that is not
closed.  Every reader of it agrees: the enterprise list's cadre filters, the
cadres each enterprise shows (0043's stored arrays), the enterprise ledger's
包扶干部 column, and the hazard list's cadre filters.

One cadre is assigned to four enterprises: in a campaign under way and in
one still planned (both count), in one campaign and then replaced by another
cadre, and in a campaign since closed (neither counts).
"""
import csv
import io

import pytest

from conftest import signed_in, sql, sql_value
from test_hazards import make_enterprise, new_hazard

HAZARDS = "/api/v1/hazards"


@pytest.fixture
def campaign(ids):
    """A difang campaign of the test's own, removed afterwards with its
    assignments (a closed one opened again first, past its guard)."""
    made = []

    def make(status):
        made.append(sql_value(
            "insert into campaign (county_id, township_id, name, starts_on, ends_on, status)"
            " values (%s, %s, %s, app.today() - 90, app.today() + 90, %s) returning id",
            (ids.county, ids.township["difang"], f"包扶规则行动{len(made)}", status)))
        return made[-1]

    yield make
    for campaign_id in made:
        sql("begin; set local session_replication_role = replica;"
            " update campaign set status = 'active' where id = %s;"
            " delete from enterprise_assignment where campaign_id = %s;"
            " update hazard set campaign_id = null where campaign_id = %s;"
            " delete from campaign where id = %s; commit;", (campaign_id,) * 4)


def assign(enterprise_id, campaign_id, user_id):
    r = signed_in("difang.committee").post(f"/api/v1/enterprises/{enterprise_id}/assignments",
                                           json={"campaign_id": campaign_id, "user_id": user_id})
    assert r.status_code == 201, r.text


def listed_ids(client, path, **params):
    r = client.get(path, params={"limit": 100, **params})
    assert r.status_code == 200, r.text
    assert r.json()["next_cursor"] is None
    return r.json()["items"]


def test_every_reader_of_an_enterprises_cadres_agrees(ids, make_user, campaign):
    under_way, planned, replaced, closing = (campaign(s) for s in ("active", "planned", "active", "active"))
    cadre, other = make_user(role="department"), make_user(role="department")
    enterprises = [make_enterprise() for _ in range(4)]
    ours = {e["id"] for e in enterprises}
    for enterprise, campaign_id in zip(enterprises, (under_way, planned, replaced, closing)):
        assign(enterprise["id"], campaign_id, cadre["id"])
        new_hazard(enterprise["id"], client=signed_in("difang.committee"))
    assign(enterprises[2]["id"], replaced, other["id"])
    sql("update campaign set status = 'closed' where id = %s", (closing,))
    counted = {enterprises[0]["id"], enterprises[1]["id"]}

    assert {r["enterprise_id"] for r in sql(
        "select enterprise_id from app.assigned_cadre where user_id = %s", (cadre["id"],))} == counted

    committee, own = signed_in("difang.committee"), signed_in(cadre["username"])
    # The enterprise list: by cadre, the caller's own, and the cadres each one shows.
    assert {e["id"] for e in listed_ids(committee, "/api/v1/enterprises", cadre_id=cadre["id"])} == counted
    assert {e["id"] for e in listed_ids(own, "/api/v1/enterprises", mine="true")} == counted
    shown = {e["id"] for e in listed_ids(committee, "/api/v1/enterprises", q="隐患测试企业")
             if e["id"] in ours and cadre["id"] in [c["user_id"] for c in e["cadres"]]}
    assert shown == counted
    # The ledger's 包扶干部 column.
    r = committee.get("/api/v1/exports/enterprises.csv", params={"q": "隐患测试企业"})
    assert r.status_code == 200, r.text
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    column = rows[0].index("包扶干部")
    named = {int(row[0]) for row in rows[1:]
             if int(row[0]) in ours and f"测试{cadre['username']}" in row[column].split("、")}
    assert named == counted
    # The hazard list: by cadre, and the caller's own.
    assert {h["enterprise_id"] for h in listed_ids(committee, HAZARDS, cadre_id=cadre["id"])} == counted
    assert {h["enterprise_id"] for h in listed_ids(own, HAZARDS, mine="true")} == counted
