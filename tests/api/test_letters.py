"""Responsibility letters (责任书): one per campaign and grid node, who signed
on each side and when, and the coverage view that shows the committee which
nodes have not signed yet.

The tests bring their own organization (an `Org`, inserted as the
superuser and removed again): a township campaign of difang and one of bailin,
a closed campaign, grid nodes and a working group -- so that they hold
whether or not the demo seed has its campaign and grid yet.  The helpers are
shared with test_documents.py and test_attachments.py.
"""
import datetime
import os
import uuid

import pytest

from conftest import (DEMO_CAMPAIGN, assert_error, day, in_year, signed_in, sql, sql_value, superuser,
                      year_end, year_start)

LETTERS = "/api/v1/responsibility-letters"
COVERAGE = LETTERS + "/coverage"
FILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files")


# --- The organization the tests work in ----------------------------------------------------

class Org:
    """Rows of one township made for a test module: .campaign, .closed (a closed
    campaign), .root, .areas (two level-2 nodes), .village (level 3), .group
    (a working group of .campaign), .county_campaign (the county's, whose
    campaign rows the tests may not touch)."""

    def __init__(self, town, tag):
        self.town = town
        self.tag = tag
        self.township = sql_value("select id from township where slug = %s", (town,))
        self.county = sql_value("select county_id from township where id = %s", (self.township,))
        self.committee = sql_value("select id from app_user where username = %s", (f"{town}.committee",))
        self.safety = sql_value("select id from app_user where username = %s", (f"{town}.safety",))
        self.ent1 = sql_value("select id from app_user where username = %s", (f"{town}.ent1",))
        self.enterprise = sql_value("select enterprise_id from app_user where id = %s", (self.ent1,))
        self.made_root = False
        self.campaign = self._campaign("active")
        self.closed = self._campaign("active")
        self.county_campaign = sql_value(
            "insert into campaign (county_id, name, starts_on, ends_on, status)"
            " values (%s, %s, %s, %s, 'active') returning id",
            (self.county, f"测试县级行动{tag}", year_start(), year_end()))
        self.root = sql_value("select id from grid_node where township_id = %s and level = 1",
                              (self.township,))
        if self.root is None:
            self.root = self._node(None, 1, "township", f"测试镇{tag}")
            self.made_root = True
        # The safety office answers for the first work area.
        self.areas = [self._node(self.root, 2, "work_area", f"测试工作区{tag}", self.safety),
                      self._node(self.root, 2, "department", f"测试办{tag}")]
        self.village = self._node(self.areas[0], 3, "village", f"测试村{tag}")
        self.nodes = [self.village, *self.areas] + ([self.root] if self.made_root else [])
        self.group = sql_value(
            "insert into working_group (township_id, campaign_id, kind, name, leader_user_id)"
            " values (%s, %s, 'coordination', %s, %s) returning id",
            (self.township, self.campaign, f"测试协调组{tag}", self.committee))
        sql("insert into group_member (township_id, group_id, user_id) values (%s, %s, %s)",
            (self.township, self.group, self.safety))

    def _campaign(self, status):
        return sql_value(
            "insert into campaign (county_id, township_id, name, starts_on, ends_on, status)"
            " values (%s, %s, %s, %s, %s, %s) returning id",
            (self.county, self.township, f"测试行动{self.tag}-{uuid.uuid4().hex[:6]}", year_start(),
             year_end(), status))

    def _node(self, parent, level, kind, name, responsible=None):
        return sql_value(
            "insert into grid_node (township_id, parent_id, level, kind, name, responsible_user_id)"
            " values (%s, %s, %s, %s, %s, %s) returning id",
            (self.township, parent, level, kind, name, responsible))

    def close(self, campaign):
        sql("update campaign set status = 'closed' where id = %s", (campaign,))

    def drop(self):
        """Remove everything made here, the tests' letters, documents and
        attachments too; triggers (closed campaigns, the audit) stay out of it."""
        campaigns = [self.campaign, self.closed, self.county_campaign]
        conn = superuser()
        conn.autocommit = False
        try:
            with conn.cursor() as cur:
                cur.execute("set local session_replication_role = replica")
                cur.execute("create temporary table gone_letter on commit drop as"
                            " select id from responsibility_letter where campaign_id = any(%s)",
                            (campaigns,))
                cur.execute("create temporary table gone_document on commit drop as"
                            " select id from document where township_id = %s"
                            "   and (campaign_id = any(%s) or title like %s)",
                            (self.township, campaigns, f"%{self.tag}%"))
                cur.execute("delete from responsibility_letter where id in (select id from gone_letter)")
                cur.execute("delete from document_recipient where document_id in (select id from gone_document)")
                cur.execute("delete from document where id in (select id from gone_document)")
                cur.execute("delete from attachment where (entity_type = 'responsibility_letter'"
                            "   and entity_id in (select id from gone_letter))"
                            " or (entity_type = 'document' and entity_id in (select id from gone_document))")
                cur.execute("delete from attachment_blob b where not exists (select 1 from attachment a"
                            " where a.township_id = b.township_id and a.sha256 = b.sha256)")
                cur.execute("delete from group_member where group_id = %s", (self.group,))
                cur.execute("delete from working_group where id = %s", (self.group,))
                cur.execute("delete from grid_node where id = any(%s)", (self.nodes,))
                cur.execute("delete from campaign where id = any(%s)", (campaigns,))
            conn.commit()
        finally:
            conn.rollback()
            conn.autocommit = True


def made_org(town):
    made = Org(town, uuid.uuid4().hex[:8])
    yield made
    made.drop()


# Module-scoped: each test module that imports these gets an organization of its own.
@pytest.fixture(scope="module")
def org():
    yield from made_org("difang")


@pytest.fixture(scope="module")
def other():
    yield from made_org("bailin")


def committee(town="difang"):
    return signed_in(f"{town}.committee")


def new_letter(org, node, client=None, **fields):
    """POST a letter for node in org.campaign; the created letter."""
    body = {"campaign_id": org.campaign, "grid_node_id": node, "issuer_name": "镇党委书记 王明"}
    body.update(fields)
    r = (client or committee(org.town)).post(LETTERS, json=body)
    assert r.status_code == 201, r.text
    return r.json()


def drop_letter(letter_id):
    sql("delete from responsibility_letter where id = %s", (letter_id,))


def ids_of(page):
    return [item["id"] for item in page["items"]]


# --- Create and read -----------------------------------------------------------------------

def test_create_answers_the_letter_and_get_reads_it_back(org):
    c = committee()
    r = c.post(LETTERS, json={
        "campaign_id": org.campaign, "grid_node_id": org.areas[0],
        "issuer_name": "镇长 李强", "issuer_user_id": org.committee,
        "signer_name": "第一工作区主任 赵刚", "signer_user_id": org.safety,
        "signed_on": day(-30), "note": "一式两份"})
    assert r.status_code == 201, r.text
    letter = r.json()
    assert letter["id"] > 0
    assert letter["campaign_id"] == org.campaign
    assert letter["grid_node_id"] == org.areas[0]
    assert letter["grid_node_name"] == f"测试工作区{org.tag}"
    assert letter["issuer_name"] == "镇长 李强" and letter["issuer_user_id"] == org.committee
    assert letter["signer_name"] == "第一工作区主任 赵刚" and letter["signer_user_id"] == org.safety
    assert letter["signed_on"] == day(-30) and letter["signed"] is True
    assert letter["note"] == "一式两份"
    assert letter["attachment_id"] is None and letter["attachment_url"] is None
    assert letter["version"] == 1
    assert datetime.datetime.fromisoformat(letter["created_at"]).utcoffset() == datetime.timedelta(hours=8)
    row = sql("select township_id, signed_on from responsibility_letter where id = %s", (letter["id"],))[0]
    assert row == {"township_id": org.township, "signed_on": datetime.date.fromisoformat(day(-30))}

    got = c.get(f"{LETTERS}/{letter['id']}")
    assert got.status_code == 200
    assert got.json() == letter
    drop_letter(letter["id"])


def test_an_unsigned_letter_has_no_signing_day(org):
    letter = new_letter(org, org.areas[1])
    assert letter["signed"] is False
    assert letter["signed_on"] is None and letter["signer_name"] is None
    drop_letter(letter["id"])


def test_the_township_staff_read_letters_and_an_enterprise_user_cannot(org):
    letter = new_letter(org, org.village)
    for username in ("admin", "difang.supervisor", "difang.safety"):
        r = signed_in(username).get(f"{LETTERS}/{letter['id']}")
        assert r.status_code == 200, (username, r.text)
        assert r.json()["id"] == letter["id"]
    assert_error(signed_in("difang.ent1").get(f"{LETTERS}/{letter['id']}"), 403, "forbidden")
    assert_error(signed_in("difang.ent1").get(LETTERS), 403, "forbidden")
    drop_letter(letter["id"])


def test_create_writes_an_audit_row(org):
    letter = new_letter(org, org.areas[0])
    rows = sql("select actor_id, township_id from audit_log"
               " where entity_type = 'responsibility_letter' and entity_id = %s"
               "   and action = 'responsibility_letter.insert'", (letter["id"],))
    assert rows == [{"actor_id": org.committee, "township_id": org.township}]
    drop_letter(letter["id"])


# --- Invalid input -------------------------------------------------------------------------

@pytest.mark.parametrize("changes, field", [
    ({"issuer_name": None}, "issuer_name"),
    ({"issuer_name": ""}, "issuer_name"),
    ({"issuer_name": "长" * 51}, "issuer_name"),
    ({"campaign_id": "one"}, "campaign_id"),
    ({"grid_node_id": 0}, "grid_node_id"),
    ({"signed_on": in_year(2, 30)}, "signed_on"),
    ({"note": "注" * 501}, "note"),
    ({"colour": "red"}, "colour"),
])
def test_create_names_the_invalid_field(org, changes, field):
    body = {"campaign_id": org.campaign, "grid_node_id": org.areas[0], "issuer_name": "王明"}
    body.update(changes)
    body = {k: v for k, v in body.items() if not (k == "issuer_name" and v is None)}
    assert_error(committee().post(LETTERS, json=body), 422, "validation_failed", [field])
    assert sql_value("select count(*) from responsibility_letter where campaign_id = %s",
                     (org.campaign,)) == 0


def test_a_signing_day_needs_a_signer(org):
    r = committee().post(LETTERS, json={"campaign_id": org.campaign, "grid_node_id": org.areas[0],
                                        "issuer_name": "王明", "signed_on": day(-30)})
    assert_error(r, 422, "validation_failed", ["signed_on"])
    letter = new_letter(org, org.areas[0])
    r = committee().patch(f"{LETTERS}/{letter['id']}", json={"version": 1, "signed_on": day(-30)})
    assert_error(r, 422, "validation_failed", ["signed_on"])
    assert sql_value("select signed_on from responsibility_letter where id = %s", (letter["id"],)) is None
    drop_letter(letter["id"])


def test_a_signing_day_in_the_future_is_refused(org):
    tomorrow = day(1)
    r = committee().post(LETTERS, json={"campaign_id": org.campaign, "grid_node_id": org.areas[0],
                                        "issuer_name": "王明", "signer_name": "赵刚",
                                        "signed_on": tomorrow})
    assert_error(r, 422, "validation_failed", ["signed_on"])


def test_references_outside_the_township_are_422(org, other):
    c = committee()
    base = {"campaign_id": org.campaign, "grid_node_id": org.areas[0], "issuer_name": "王明"}
    for changes, field in (({"campaign_id": other.campaign}, "campaign_id"),
                           ({"campaign_id": org.county_campaign}, "campaign_id"),
                           ({"campaign_id": 999999999}, "campaign_id"),
                           ({"grid_node_id": other.areas[0]}, "grid_node_id"),
                           ({"issuer_user_id": other.committee}, "issuer_user_id"),
                           ({"signer_user_id": other.safety, "signer_name": "赵刚"}, "signer_user_id")):
        assert_error(c.post(LETTERS, json={**base, **changes}), 422, "validation_failed", [field])
    assert sql_value("select count(*) from responsibility_letter where campaign_id = %s",
                     (org.campaign,)) == 0


def test_a_second_letter_for_the_same_campaign_and_node_is_409(org):
    letter = new_letter(org, org.areas[0])
    r = committee().post(LETTERS, json={"campaign_id": org.campaign, "grid_node_id": org.areas[0],
                                        "issuer_name": "另一位"})
    assert_error(r, 409, "duplicate", ["grid_node_id"])
    # The same node in another campaign is another letter.
    other_campaign = org._campaign("active")
    second = committee().post(LETTERS, json={"campaign_id": other_campaign,
                                             "grid_node_id": org.areas[0], "issuer_name": "王明"})
    assert second.status_code == 201, second.text
    drop_letter(second.json()["id"])
    drop_letter(letter["id"])
    sql("delete from campaign where id = %s", (other_campaign,))


@pytest.mark.parametrize("username", ["difang.supervisor", "difang.safety", "difang.ent1", "admin"])
def test_only_the_committee_writes_letters(org, username):
    letter = new_letter(org, org.areas[0])
    client = signed_in(username)
    body = {"campaign_id": org.campaign, "grid_node_id": org.areas[1], "issuer_name": "王明"}
    assert_error(client.post(LETTERS, json=body), 403, "forbidden")
    assert_error(client.patch(f"{LETTERS}/{letter['id']}", json={"version": 1, "note": "x"}),
                 403, "forbidden")
    assert_error(client.post(f"{LETTERS}/{letter['id']}/attachment", data=b"%PDF-1.4\n",
                             headers={"Content-Type": "application/pdf"}), 403, "forbidden")
    assert sql_value("select version from responsibility_letter where id = %s", (letter["id"],)) == 1
    drop_letter(letter["id"])


def test_another_townships_letter_is_404(org, other):
    letter = new_letter(other, other.areas[0])
    c = committee("difang")
    assert_error(c.get(f"{LETTERS}/{letter['id']}"), 404, "not_found")
    assert_error(c.patch(f"{LETTERS}/{letter['id']}", json={"version": 1, "note": "x"}), 404, "not_found")
    assert_error(c.post(f"{LETTERS}/{letter['id']}/attachment", data=b"%PDF-1.4\n",
                        headers={"Content-Type": "application/pdf"}), 404, "not_found")
    assert_error(signed_in("difang.supervisor").get(f"{LETTERS}/{letter['id']}"), 404, "not_found")
    assert letter["id"] not in ids_of(c.get(LETTERS, params={"limit": 200}).json())
    assert_error(c.get(COVERAGE, params={"campaign_id": other.campaign}), 404, "not_found")
    assert sql_value("select version from responsibility_letter where id = %s", (letter["id"],)) == 1
    drop_letter(letter["id"])


# --- Update --------------------------------------------------------------------------------

def test_update_signs_the_letter_and_a_stale_version_is_409(org):
    letter = new_letter(org, org.areas[1], note="待签")
    c = committee()
    r = c.patch(f"{LETTERS}/{letter['id']}", json={
        "version": 1, "signer_name": "镇安监办主任 孙丽", "signer_user_id": org.safety,
        "signed_on": day(-27)})
    assert r.status_code == 200, r.text
    signed = r.json()
    assert signed["version"] == 2
    assert signed["signed"] is True and signed["signed_on"] == day(-27)
    assert signed["signer_name"] == "镇安监办主任 孙丽" and signed["signer_user_id"] == org.safety
    assert signed["note"] == "待签" and signed["issuer_name"] == letter["issuer_name"]

    assert_error(c.patch(f"{LETTERS}/{letter['id']}", json={"version": 1, "note": "旧"}),
                 409, "stale_version")
    assert sql_value("select note from responsibility_letter where id = %s", (letter["id"],)) == "待签"

    # null clears: the letter is unsigned again.
    r = c.patch(f"{LETTERS}/{letter['id']}", json={"version": 2, "signed_on": None, "note": None})
    assert r.status_code == 200, r.text
    assert r.json()["signed"] is False and r.json()["note"] is None
    assert r.json()["signer_name"] == "镇安监办主任 孙丽"
    drop_letter(letter["id"])


@pytest.mark.parametrize("changes, field", [
    ({}, "version"),
    ({"version": 1, "campaign_id": 1}, "campaign_id"),
    ({"version": 1, "issuer_name": None}, "issuer_name"),
    ({"version": 1, "signed_on": "yesterday"}, "signed_on"),
    ({"version": "1"}, "version"),
])
def test_update_names_the_invalid_field(org, changes, field):
    letter = new_letter(org, org.areas[0])
    assert_error(committee().patch(f"{LETTERS}/{letter['id']}", json=changes),
                 422, "validation_failed", [field])
    drop_letter(letter["id"])


def test_update_with_a_user_of_another_township_is_422(org, other):
    letter = new_letter(org, org.areas[0])
    r = committee().patch(f"{LETTERS}/{letter['id']}", json={"version": 1, "signer_user_id": other.safety})
    assert_error(r, 422, "validation_failed", ["signer_user_id"])
    drop_letter(letter["id"])


def test_a_closed_campaigns_letters_cannot_change(org):
    letter = committee().post(LETTERS, json={"campaign_id": org.closed, "grid_node_id": org.areas[0],
                                             "issuer_name": "王明"})
    assert letter.status_code == 201, letter.text
    letter = letter.json()
    org.close(org.closed)
    c = committee()
    assert_error(c.patch(f"{LETTERS}/{letter['id']}", json={"version": 1, "note": "x"}), 409, "bad_state")
    assert_error(c.post(LETTERS, json={"campaign_id": org.closed, "grid_node_id": org.areas[1],
                                       "issuer_name": "王明"}), 409, "bad_state")
    with open(pdf_path(), "rb") as f:
        assert_error(c.post(f"{LETTERS}/{letter['id']}/attachment", data=f.read(),
                            headers={"Content-Type": "application/pdf"}), 409, "bad_state")
    assert sql_value("select count(*) from attachment where entity_type = 'responsibility_letter'"
                     " and entity_id = %s", (letter["id"],)) == 0
    # Reading stays possible.
    assert c.get(f"{LETTERS}/{letter['id']}").status_code == 200


def pdf_path():
    return os.path.join(FILES, "letter.pdf")


# --- Lists ---------------------------------------------------------------------------------

def test_list_filters_by_campaign_node_and_signing_and_pages(org):
    signed = new_letter(org, org.areas[0], signer_name="赵刚", signed_on=day(-32))
    unsigned = new_letter(org, org.areas[1])
    village = new_letter(org, org.village, signer_name="村支书 钱程", signed_on=day(-31))
    c = committee()

    def listed(**params):
        r = c.get(LETTERS, params={"limit": 200, **params})
        assert r.status_code == 200, r.text
        return ids_of(r.json())

    mine = [signed["id"], unsigned["id"], village["id"]]
    assert listed(campaign_id=org.campaign) == mine
    assert listed(campaign_id=org.campaign, signed="true") == [signed["id"], village["id"]]
    assert listed(campaign_id=org.campaign, signed="false") == [unsigned["id"]]
    assert listed(campaign_id=org.campaign, grid_node_id=org.village) == [village["id"]]
    assert listed(grid_node_id=org.areas[1]) == [unsigned["id"]]

    seen, cursor = [], None
    while True:
        params = {"campaign_id": org.campaign, "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = c.get(LETTERS, params=params).json()
        assert len(page["items"]) <= 2
        seen += ids_of(page)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == mine

    for params, field in (({"signed": "yes"}, "signed"), ({"campaign_id": "x"}, "campaign_id"),
                          ({"cursor": "abc"}, "cursor"), ({"limit": 0}, "limit"),
                          ({"colour": "red"}, "colour")):
        assert_error(c.get(LETTERS, params=params), 422, "validation_failed", [field])
    for letter in (signed, unsigned, village):
        drop_letter(letter["id"])


# --- Coverage ------------------------------------------------------------------------------

def test_coverage_lists_every_node_with_its_letter_and_the_totals(org):
    signed = new_letter(org, org.areas[0], signer_name="赵刚", signed_on=day(-32))
    unsigned = new_letter(org, org.village)
    c = committee()
    r = c.get(COVERAGE, params={"campaign_id": org.campaign})
    assert r.status_code == 200, r.text
    body = r.json()
    nodes = sql_value("select count(*) from grid_node where township_id = %s", (org.township,))
    assert body["campaign_id"] == org.campaign
    assert body["totals"] == {"nodes": nodes, "signed": 1, "unsigned": nodes - 1}
    assert len(body["items"]) == nodes
    by_node = {item["node"]["id"]: item for item in body["items"]}
    assert set(by_node) == {r["id"] for r in sql("select id from grid_node where township_id = %s",
                                                  (org.township,))}
    assert by_node[org.areas[0]]["signed"] is True
    assert by_node[org.areas[0]]["letter"]["id"] == signed["id"]
    assert by_node[org.areas[0]]["letter"]["signer_name"] == "赵刚"
    assert by_node[org.village]["signed"] is False
    assert by_node[org.village]["letter"]["id"] == unsigned["id"]
    assert by_node[org.areas[1]] == {
        "node": {"id": org.areas[1], "parent_id": org.root, "level": 2, "kind": "department",
                 "name": f"测试办{org.tag}", "responsible_user_id": None},
        "letter": None, "signed": False}
    # Tree order: the root first, every node before its children.
    order = [item["node"]["id"] for item in body["items"]]
    assert order[0] == org.root
    assert order.index(org.areas[0]) < order.index(org.village)

    unsigned_only = c.get(COVERAGE, params={"campaign_id": org.campaign, "signed": "false"}).json()
    assert unsigned_only["totals"] == body["totals"]
    assert org.areas[0] not in [item["node"]["id"] for item in unsigned_only["items"]]
    assert len(unsigned_only["items"]) == nodes - 1
    only_signed = c.get(COVERAGE, params={"campaign_id": org.campaign, "signed": "true"}).json()
    assert [item["node"]["id"] for item in only_signed["items"]] == [org.areas[0]]

    # Another campaign of the same township: nothing signed.
    closed = c.get(COVERAGE, params={"campaign_id": org.closed}).json()
    assert closed["totals"]["signed"] == sql_value(
        "select count(*) from responsibility_letter where campaign_id = %s and signed_on is not null",
        (org.closed,))
    drop_letter(signed["id"])
    drop_letter(unsigned["id"])


def test_coverage_is_read_by_the_staff_and_needs_a_township_campaign(org):
    for username in ("difang.supervisor", "difang.safety", "admin"):
        r = signed_in(username).get(COVERAGE, params={"campaign_id": org.campaign})
        assert r.status_code == 200, (username, r.text)
    assert_error(signed_in("difang.ent1").get(COVERAGE, params={"campaign_id": org.campaign}),
                 403, "forbidden")
    c = committee()
    assert_error(c.get(COVERAGE), 422, "validation_failed", ["campaign_id"])
    assert_error(c.get(COVERAGE, params={"campaign_id": org.county_campaign}), 422,
                 "validation_failed", ["campaign_id"])
    assert_error(c.get(COVERAGE, params={"campaign_id": 999999999}), 404, "not_found")


# --- The demo ------------------------------------------------------------------------------

def test_the_demo_township_campaign_has_letters_signed_and_unsigned():
    campaign = sql_value("select c.id from campaign c join township t on t.id = c.township_id"
                         " where t.slug = 'difang' and c.name = %s", (DEMO_CAMPAIGN,))
    if campaign is None or not sql_value("select count(*) from grid_node g join township t"
                                         " on t.id = g.township_id where t.slug = 'difang'"):
        pytest.skip("the demo campaign or grid is not seeded")
    body = signed_in("difang.supervisor").get(COVERAGE, params={"campaign_id": campaign}).json()
    by_name = {item["node"]["name"]: item for item in body["items"]}
    assert by_name["第一工作区"]["signed"] is True
    assert by_name["第一工作区"]["letter"]["issuer_name"] == "地方镇攻坚行动指挥部"
    assert by_name["第三工作区"]["signed"] is False and by_name["第三工作区"]["letter"] is not None
    assert by_name["下庄"]["letter"] is None
    assert body["totals"]["signed"] == 9 and body["totals"]["unsigned"] == body["totals"]["nodes"] - 9
