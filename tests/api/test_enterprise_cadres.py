"""Each enterprise's cadres (0043: enterprise_cadres), the array of its
assignments that count, with the cadres' names, that the writes keep so that
the enterprise list, its search and the detail do not look them up for every
enterprise they show.

After a mixed series of writes -- cadres assigned in two campaigns through
the API, one replaced by another, a cadre renamed, an assignment ended in
SQL under session_replication_role = replica, a campaign closed -- every
stored array equals the one app.enterprise_cadres_computed() makes from the
rows, and no enterprise lacks its array or has one it should not.  The list,
the search and the detail show the new cadres to the township's staff and
the county admin; the enterprise's own user reads []; and an array altered in
the store shows in the list, so the list reads the store.
"""
import pytest

from conftest import signed_in, sql, sql_value
from test_enterprises import assign, create, world  # noqa: F401 (fixtures)

RENAMED = "改名后的包扶干部"


def assert_cadres_equal_the_rows():
    differing = [r["id"] for r in sql("select id from app.enterprise_cadres_differing() id")]
    assert differing == [], f"enterprises whose stored cadres are not those computed from the rows: {differing}"


def cadres_listed(client, enterprise):
    """The enterprise's cadres as the list's search by its code shows them to client."""
    r = client.get("/api/v1/enterprises", params={"q": enterprise["credit_code"]})
    assert r.status_code == 200, r.text
    items = [e for e in r.json()["items"] if e["id"] == enterprise["id"]]
    assert len(items) == 1, r.text
    return items[0]["cadres"]


@pytest.fixture
def campaign(ids):
    """campaign(status='active'): a campaign of difang of the test's own, around
    today. Afterwards closed ones are opened again (under the replica role, past
    the closed-campaign guard), and each is removed with its assignments and
    without the hazards registered under it."""
    made = []

    def make(status="active"):
        made.append(sql_value(
            "insert into campaign (county_id, township_id, name, starts_on, ends_on, status)"
            " values (%s, %s, %s, app.today() - 90, app.today() + 90, %s) returning id",
            (ids.county, ids.township["difang"], f"包扶测试行动{len(made)}", status)))
        return made[-1]

    yield make
    for campaign_id in made:
        sql("begin; set local session_replication_role = replica;"
            " update campaign set status = 'active' where id = %s;"
            " delete from enterprise_assignment where campaign_id = %s;"
            " update hazard set campaign_id = null where campaign_id = %s;"
            " delete from campaign where id = %s; commit;", (campaign_id,) * 4)


def test_every_stored_array_equals_the_rows_after_a_mixed_series(ids, world, make_user, campaign):  # noqa: F811
    first, second = campaign(), campaign()
    cadre = make_user(role="department")
    other = make_user(role="department")
    one, two = create(ids, world), create(ids, world)

    assert assign(one["id"], first, cadre["id"]).status_code == 201
    assert assign(one["id"], second, other["id"]).status_code == 201
    assert assign(two["id"], first, cadre["id"]).status_code == 201
    assert assign(two["id"], first, other["id"]).status_code == 201     # replaces cadre in first
    sql("begin; set local session_replication_role = replica;"
        " update enterprise_assignment set ends_on = app.today()"
        "  where enterprise_id = %s and campaign_id = %s and ends_on is null; commit;", (one["id"], second))
    sql("update app_user set display_name = %s where id = %s", (RENAMED, cadre["id"]))
    assert_cadres_equal_the_rows()

    committee, county = signed_in("difang.committee"), signed_in("admin")
    for client in (committee, signed_in("difang.safety"), county):
        assert [(c["user_id"], c["display_name"]) for c in cadres_listed(client, one)] == [(cadre["id"], RENAMED)]
        assert [(c["campaign_id"], c["user_id"]) for c in cadres_listed(client, two)] == \
            [(first, other["id"])]
    detail = committee.get(f"/api/v1/enterprises/{one['id']}").json()
    assert detail["cadres"] == cadres_listed(committee, one)

    # A campaign closed: its assignments no longer count.
    sql("update campaign set status = 'closed' where id = %s", (first,))
    assert cadres_listed(committee, one) == [] and cadres_listed(committee, two) == []
    assert sql_value("select count(*) from enterprise_cadres where enterprise_id in (%s, %s)",
                     (one["id"], two["id"])) == 0
    assert_cadres_equal_the_rows()
    assert sql_value("select count(*) from app.enterprise_cadres_computed()") == \
        sql_value("select count(*) from enterprise_cadres")


def test_the_list_reads_the_stored_array(ids, world, make_user, campaign):  # noqa: F811
    cadre = make_user(role="department")
    made = create(ids, world)
    assert assign(made["id"], campaign(), cadre["id"]).status_code == 201
    committee = signed_in("difang.committee")
    assert [c["user_id"] for c in cadres_listed(committee, made)] == [cadre["id"]]
    sql("update enterprise_cadres set json = '[]' where enterprise_id = %s", (made["id"],))
    try:
        assert cadres_listed(committee, made) == []
        assert committee.get(f"/api/v1/enterprises/{made['id']}").json()["cadres"] == []
    finally:
        sql("select app.enterprise_cadres_rebuild()")
    assert [c["user_id"] for c in cadres_listed(committee, made)] == [cadre["id"]]


def test_an_enterprises_own_user_reads_no_cadres(ids):
    """The demo enterprise has cadres, which its own user does not read."""
    enterprise = ids.enterprise["difang"]
    assert sql_value("select json_array_length(json) from enterprise_cadres where enterprise_id = %s",
                     (enterprise,)) > 0, "the demo enterprise has a cadre"
    own = signed_in("difang.ent1").get(f"/api/v1/enterprises/{enterprise}")
    assert own.status_code == 200, own.text
    assert own.json()["cadres"] == []
    assert signed_in("difang.committee").get(f"/api/v1/enterprises/{enterprise}").json()["cadres"]
