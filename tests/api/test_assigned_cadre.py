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

from conftest import signed_in, sql
from test_enterprise_cadres import campaign  # noqa: F401 (fixture)
from test_enterprises import assign
from test_hazards import make_enterprise, new_hazard

HAZARDS = "/api/v1/hazards"


def listed(client, path, **params):
    r = client.get(path, params={"limit": 100, **params})
    assert r.status_code == 200, r.text
    assert r.json()["next_cursor"] is None
    return r.json()["items"]


def test_every_reader_of_an_enterprises_cadres_agrees(ids, make_user, campaign):  # noqa: F811
    under_way, planned, replaced, closing = (campaign(s) for s in ("active", "planned", "active", "active"))
    cadre, other = make_user(role="department"), make_user(role="department")
    enterprises = [make_enterprise() for _ in range(4)]
    ours = {e["id"] for e in enterprises}
    for enterprise, campaign_id in zip(enterprises, (under_way, planned, replaced, closing)):
        assert assign(enterprise["id"], campaign_id, cadre["id"]).status_code == 201
        new_hazard(enterprise["id"], client=signed_in("difang.committee"))
    assert assign(enterprises[2]["id"], replaced, other["id"]).status_code == 201
    sql("update campaign set status = 'closed' where id = %s", (closing,))
    counted = {enterprises[0]["id"], enterprises[1]["id"]}

    assert {r["enterprise_id"] for r in sql(
        "select enterprise_id from app.assigned_cadre where user_id = %s", (cadre["id"],))} == counted

    committee, own = signed_in("difang.committee"), signed_in(cadre["username"])
    # The enterprise list: by cadre, the caller's own, and the cadres each one shows.
    assert {e["id"] for e in listed(committee, "/api/v1/enterprises", cadre_id=cadre["id"])} == counted
    assert {e["id"] for e in listed(own, "/api/v1/enterprises", mine="true")} == counted
    shown = {e["id"] for e in listed(committee, "/api/v1/enterprises", q="隐患测试企业")
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
    assert {h["enterprise_id"] for h in listed(committee, HAZARDS, cadre_id=cadre["id"])} == counted
    assert {h["enterprise_id"] for h in listed(own, HAZARDS, mine="true")} == counted
