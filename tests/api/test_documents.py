"""Documents (文件) sent by the committee to units -- users, enterprises, grid
nodes, working groups -- and their acknowledgements (签收).

Whoever answers for a unit acknowledges for it: the user itself, the
enterprise's users, a grid node's responsible person, a group's leader or
members.  The sender side sees every recipient and who has acknowledged; an
enterprise user sees only the documents sent to its enterprise, and only its
own recipient row.
"""
import datetime

import pytest

from conftest import assert_error, signed_in, sql, sql_value, year
from test_letters import committee, org, other  # noqa: F401 (fixtures)

DOCUMENTS = "/api/v1/documents"


def send(org, recipients, client=None, **fields):
    """POST a document to recipients [(kind, id)]; the created document."""
    body = {"title": f"测试文件{org.tag}", "recipients": [{"kind": k, "id": i} for k, i in recipients]}
    body.update(fields)
    r = (client or committee(org.town)).post(DOCUMENTS, json=body)
    assert r.status_code == 201, r.text
    return r.json()


def recipient(document, kind, unit):
    rows = [r for r in document["recipients"] if r["kind"] == kind and r["id"] == unit]
    assert len(rows) == 1, (kind, unit, document["recipients"])
    return rows[0]


def listed(client, **params):
    r = client.get(DOCUMENTS, params={"limit": 200, **params})
    assert r.status_code == 200, r.text
    return [item["id"] for item in r.json()["items"]]


# --- Sending -------------------------------------------------------------------------------

def test_send_answers_the_document_with_its_recipients(org):
    c = committee()
    r = c.post(DOCUMENTS, json={
        "title": f"测试文件{org.tag} 地方镇安全生产攻坚行动实施方案", "number": "地政发〔2026〕1号",
        "body": "各工作区、各村、各企业：现将实施方案印发给你们，请认真贯彻落实。",
        "campaign_id": org.campaign,
        "recipients": [{"kind": "user", "id": org.safety}, {"kind": "enterprise", "id": org.enterprise},
                       {"kind": "grid_node", "id": org.areas[1]}, {"kind": "group", "id": org.group},
                       {"kind": "user", "id": org.safety}]})
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["title"].endswith("实施方案") and doc["number"] == "地政发〔2026〕1号"
    assert doc["body"].startswith("各工作区") and doc["campaign_id"] == org.campaign
    assert doc["sent_by"] == org.committee and doc["sent_by_name"]
    assert datetime.datetime.fromisoformat(doc["sent_at"]).utcoffset() == datetime.timedelta(hours=8)
    assert doc["version"] == 1 and doc["attachment_id"] is None
    # A unit named twice is sent to once.
    assert doc["counts"] == {"recipients": 4, "acknowledged": 0}
    assert sorted((r["kind"], r["id"]) for r in doc["recipients"]) == sorted(
        [("user", org.safety), ("enterprise", org.enterprise), ("grid_node", org.areas[1]),
         ("group", org.group)])
    names = {r["kind"]: r["name"] for r in doc["recipients"]}
    assert names["grid_node"] == f"测试办{org.tag}" and names["group"] == f"测试协调组{org.tag}"
    assert names["enterprise"] == sql_value("select name from enterprise where id = %s", (org.enterprise,))
    assert names["user"] == sql_value("select display_name from app_user where id = %s", (org.safety,))
    assert all(r["acknowledged_at"] is None and r["acknowledged_by"] is None for r in doc["recipients"])
    assert doc["pending_for_me"] is True   # the committee leads the group

    got = c.get(f"{DOCUMENTS}/{doc['id']}")
    assert got.status_code == 200
    assert got.json() == doc
    assert sql_value("select count(*) from document_recipient where document_id = %s", (doc["id"],)) == 4


@pytest.mark.parametrize("changes, field", [
    ({"title": ""}, "title"),
    ({"title": "题" * 201}, "title"),
    ({"number": "号" * 61}, "number"),
    ({"recipients": []}, "recipients"),
    ({"recipients": {"kind": "user"}}, "recipients"),
    ({"campaign_id": -1}, "campaign_id"),
    ({"sent_by": 1}, "sent_by"),
])
def test_send_names_the_invalid_field(org, changes, field):
    body = {"title": f"测试文件{org.tag}", "recipients": [{"kind": "user", "id": org.safety}], **changes}
    assert_error(committee().post(DOCUMENTS, json=body), 422, "validation_failed", [field])


def test_a_malformed_recipient_is_named_by_its_position(org):
    recipients = [{"kind": "user", "id": org.safety}, {"kind": "village", "id": 1}, "x",
                  {"kind": "user", "id": org.safety, "note": "x"}, {"kind": "user", "id": 0},
                  {"kind": "group"}]
    error = assert_error(committee().post(DOCUMENTS, json={"title": f"测试文件{org.tag}",
                                                           "recipients": recipients}),
                         422, "validation_failed")
    assert {d["field"] for d in error["details"]} == {f"recipients[{i}]" for i in range(1, 6)}


def test_a_recipient_outside_the_township_is_named_by_its_position(org, other):
    recipients = [{"kind": "user", "id": org.safety},
                  {"kind": "enterprise", "id": other.enterprise},
                  {"kind": "user", "id": other.safety},
                  {"kind": "grid_node", "id": 999999999},
                  {"kind": "group", "id": other.group},
                  {"kind": "grid_node", "id": org.village},
                  {"kind": "user", "id": org.ent1}]   # enterprise users are reached by enterprise
    error = assert_error(committee().post(DOCUMENTS, json={"title": f"测试文件{org.tag}",
                                                           "recipients": recipients}),
                         422, "validation_failed")
    assert {d["field"] for d in error["details"]} == {"recipients[1]", "recipients[2]", "recipients[3]",
                                                     "recipients[4]", "recipients[6]"}
    assert sql_value("select count(*) from document where title = %s", (f"测试文件{org.tag}",)) == 0


def test_a_campaign_outside_the_township_is_422_and_a_closed_one_409(org, other):
    c = committee()
    body = {"title": f"测试文件{org.tag}", "recipients": [{"kind": "user", "id": org.safety}]}
    for campaign in (other.campaign, org.county_campaign, 999999999):
        assert_error(c.post(DOCUMENTS, json={**body, "campaign_id": campaign}), 422,
                     "validation_failed", ["campaign_id"])
    org.close(org.closed)
    assert_error(c.post(DOCUMENTS, json={**body, "campaign_id": org.closed}), 409, "bad_state")
    assert sql_value("select count(*) from document where campaign_id = %s", (org.closed,)) == 0


@pytest.mark.parametrize("username", ["difang.supervisor", "difang.safety", "difang.ent1"])
def test_only_the_committee_sends(org, username):
    body = {"title": f"测试文件{org.tag}", "recipients": [{"kind": "user", "id": org.safety}]}
    assert_error(signed_in(username).post(DOCUMENTS, json=body), 403, "forbidden")


def test_the_county_sends_to_townships_not_to_a_townships_units(org):
    """The county admin sends documents down to townships (test_scope.py), never
    to a township's user, enterprise, grid node or group."""
    body = {"title": f"测试文件{org.tag}", "recipients": [{"kind": "user", "id": org.safety}]}
    assert_error(signed_in("admin").post(DOCUMENTS, json=body), 422, "validation_failed",
                 fields=["recipients[0]"])


# --- Reading -------------------------------------------------------------------------------

def test_an_enterprise_user_sees_only_what_was_sent_to_its_enterprise(org):
    to_enterprise = send(org, [("enterprise", org.enterprise), ("user", org.safety)])
    to_staff = send(org, [("user", org.safety)])
    ent = signed_in("difang.ent1")
    seen = listed(ent)
    assert to_enterprise["id"] in seen and to_staff["id"] not in seen
    r = ent.get(f"{DOCUMENTS}/{to_enterprise['id']}")
    assert r.status_code == 200, r.text
    doc = r.json()
    assert [(x["kind"], x["id"]) for x in doc["recipients"]] == [("enterprise", org.enterprise)]
    assert doc["counts"] == {"recipients": 1, "acknowledged": 0}
    assert doc["pending_for_me"] is True
    assert_error(ent.get(f"{DOCUMENTS}/{to_staff['id']}"), 404, "not_found")
    assert_error(ent.post(f"{DOCUMENTS}/{to_staff['id']}/acknowledge"), 404, "not_found")
    # The staff see both, with every recipient.
    for username in ("difang.supervisor", "difang.safety", "admin"):
        r = signed_in(username).get(f"{DOCUMENTS}/{to_enterprise['id']}")
        assert r.status_code == 200, (username, r.text)
        assert r.json()["counts"]["recipients"] == 2


def test_another_townships_document_is_404(org, other):
    doc = send(other, [("user", other.safety)])
    for username in ("difang.committee", "difang.safety", "difang.ent1"):
        client = signed_in(username)
        assert_error(client.get(f"{DOCUMENTS}/{doc['id']}"), 404, "not_found")
        assert_error(client.post(f"{DOCUMENTS}/{doc['id']}/acknowledge"), 404, "not_found")
        assert doc["id"] not in listed(client)
    assert_error(committee().post(f"{DOCUMENTS}/{doc['id']}/attachment", data=b"%PDF-1.4\n",
                                  headers={"Content-Type": "application/pdf"}), 404, "not_found")
    assert sql_value("select count(*) from document_recipient where document_id = %s"
                     " and acknowledged_at is not null", (doc["id"],)) == 0


def test_list_is_newest_first_filters_by_campaign_and_pages(org):
    first = send(org, [("user", org.safety)], campaign_id=org.campaign)
    second = send(org, [("user", org.safety)])
    third = send(org, [("user", org.safety)], campaign_id=org.campaign)
    c = committee()
    assert listed(c, campaign_id=org.campaign)[:2] == [third["id"], first["id"]]
    assert second["id"] not in listed(c, campaign_id=org.campaign)
    everything = listed(c)
    assert everything == sorted(everything, reverse=True)
    assert everything[:3] == [third["id"], second["id"], first["id"]]
    item = c.get(DOCUMENTS, params={"limit": 1}).json()["items"][0]
    assert item["id"] == third["id"] and "body" not in item
    assert item["counts"] == {"recipients": 1, "acknowledged": 0}

    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = c.get(DOCUMENTS, params=params).json()
        assert len(page["items"]) <= 2
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything
    for params, field in (({"unacknowledged": "1"}, "unacknowledged"), ({"campaign_id": "a"}, "campaign_id"),
                          ({"cursor": "x"}, "cursor"), ({"mine": "true"}, "mine")):
        assert_error(c.get(DOCUMENTS, params=params), 422, "validation_failed", [field])


# --- Acknowledging -------------------------------------------------------------------------

def test_an_enterprise_acknowledges_once(org):
    doc = send(org, [("enterprise", org.enterprise), ("user", org.safety)])
    ent = signed_in("difang.ent1")
    r = ent.post(f"{DOCUMENTS}/{doc['id']}/acknowledge")
    assert r.status_code == 200, r.text
    mine = recipient(r.json(), "enterprise", org.enterprise)
    assert mine["acknowledged_by"] == org.ent1
    at = datetime.datetime.fromisoformat(mine["acknowledged_at"])
    assert abs((datetime.datetime.now(datetime.timezone.utc) - at).total_seconds()) < 60
    assert r.json()["pending_for_me"] is False

    again = ent.post(f"{DOCUMENTS}/{doc['id']}/acknowledge")
    assert again.status_code == 200
    assert recipient(again.json(), "enterprise", org.enterprise) == mine
    assert sql_value("select count(*) from audit_log where entity_type = 'document_recipient'"
                     " and action = 'document_recipient.update' and after->>'document_id' = %s",
                     (str(doc["id"]),)) == 1

    sender = committee().get(f"{DOCUMENTS}/{doc['id']}").json()
    assert sender["counts"] == {"recipients": 2, "acknowledged": 1}
    assert recipient(sender, "enterprise", org.enterprise)["acknowledged_at"] == mine["acknowledged_at"]
    assert recipient(sender, "user", org.safety)["acknowledged_at"] is None


def test_a_user_acknowledges_for_every_unit_they_answer_for(org):
    doc = send(org, [("user", org.safety), ("grid_node", org.areas[0]), ("group", org.group),
                     ("grid_node", org.areas[1]), ("enterprise", org.enterprise)])
    r = signed_in("difang.safety").post(f"{DOCUMENTS}/{doc['id']}/acknowledge")
    assert r.status_code == 200, r.text
    acked = {(x["kind"], x["id"]) for x in r.json()["recipients"] if x["acknowledged_at"]}
    # Themselves, the node they are responsible for, the group they belong to.
    assert acked == {("user", org.safety), ("grid_node", org.areas[0]), ("group", org.group)}
    assert all(x["acknowledged_by"] == org.safety for x in r.json()["recipients"] if x["acknowledged_at"])
    assert r.json()["counts"] == {"recipients": 5, "acknowledged": 3}

    # The group's leader answers for it too: already acknowledged, so nothing changes.
    r = committee().post(f"{DOCUMENTS}/{doc['id']}/acknowledge")
    assert r.status_code == 200, r.text
    assert recipient(r.json(), "group", org.group)["acknowledged_by"] == org.safety


def test_acknowledging_a_document_one_answers_nothing_for_is_403(org):
    doc = send(org, [("grid_node", org.areas[1]), ("user", org.safety)])
    for username in ("difang.supervisor", "difang.committee", "difang.ent1"):
        r = signed_in(username).post(f"{DOCUMENTS}/{doc['id']}/acknowledge")
        if username == "difang.ent1":
            assert_error(r, 404, "not_found")     # not sent to its enterprise: not even visible
        else:
            assert_error(r, 403, "forbidden")
    assert_error(signed_in("admin").post(f"{DOCUMENTS}/{doc['id']}/acknowledge"), 403, "forbidden")
    assert sql_value("select count(*) from document_recipient where document_id = %s"
                     " and acknowledged_at is not null", (doc["id"],)) == 0
    assert_error(signed_in("difang.safety").without_csrf().post(f"{DOCUMENTS}/{doc['id']}/acknowledge"),
                 403, "csrf")


def test_the_inbox_lists_what_one_has_still_to_acknowledge(org):
    doc = send(org, [("grid_node", org.areas[0])])
    not_mine = send(org, [("grid_node", org.areas[1])])
    safety = signed_in("difang.safety")
    assert doc["id"] in listed(safety, unacknowledged="true")
    assert doc["id"] not in listed(safety, unacknowledged="false")
    assert not_mine["id"] not in listed(safety, unacknowledged="true")
    assert not_mine["id"] not in listed(safety, unacknowledged="false")
    assert safety.get(f"{DOCUMENTS}/{doc['id']}").json()["pending_for_me"] is True

    assert safety.post(f"{DOCUMENTS}/{doc['id']}/acknowledge").status_code == 200
    assert doc["id"] not in listed(safety, unacknowledged="true")
    assert doc["id"] in listed(safety, unacknowledged="false")
    # Every document in the inbox really waits for the caller.
    for item in safety.get(DOCUMENTS, params={"unacknowledged": "true", "limit": 200}).json()["items"]:
        assert item["pending_for_me"] is True


# --- The demo ------------------------------------------------------------------------------

def test_the_demo_documents_are_partly_acknowledged():
    # The demo's documents are numbered in the year the demo was seeded.
    y = year()
    if not sql_value("select count(*) from document d join township t on t.id = d.township_id"
                     " where t.slug = 'difang' and d.number = %s", (f"地政发〔{y}〕1号",)):
        pytest.skip("the demo campaign or grid is not seeded")
    items = committee().get(DOCUMENTS, params={"limit": 200}).json()["items"]
    plan = {d["number"]: d for d in items if d["number"] and f"〔{y}〕" in d["number"]}
    assert {f"地政发〔{y}〕1号", f"地安办发〔{y}〕2号", f"地安办发〔{y}〕3号"} <= set(plan)
    for doc in plan.values():
        assert 0 < doc["counts"]["acknowledged"] < doc["counts"]["recipients"], doc["counts"]
    # The enterprise user has the inspection notice still to acknowledge.
    inbox = signed_in("difang.ent1").get(DOCUMENTS, params={"unacknowledged": "true"}).json()["items"]
    assert f"地安办发〔{y}〕2号" in [d["number"] for d in inbox]
