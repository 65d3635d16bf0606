"""Reads in one round trip: a worker builds a read on the identity it last saw for
the session, and the session check in the same pipeline confirms it (fcgi/server/worker.c
read_on_guess). These tests change the identity behind a session between reads —
the role, the enterprise, the session itself — and require every read after the
change to answer for the new identity, on whichever worker serves it.

Each check repeats its read many times, so that every worker has seen the session
before the change and serves it at least once after. The enterprise check holds even
if the confirmation were skipped: the statement always runs with the settings the
session check made in the same transaction; the others would not.
"""
from conftest import assert_error, login, sql, sql_value

ROUNDS = 40   # requests per check: several per worker (tests/run-integration.sh: 4)


def statuses(client, path):
    return {client.get(path).status_code for _ in range(ROUNDS)}


def test_a_role_changed_between_reads_counts_at_once(make_user):
    user = make_user(role="supervisor")
    client = login(user["username"])
    assert statuses(client, "/api/v1/users") == {200}        # supervisors read users
    sql("update app_user set role = 'department' where id = %s", (user["id"],))
    assert statuses(client, "/api/v1/users") == {403}        # departments do not
    for _ in range(ROUNDS):
        assert client.get("/api/v1/me").json()["user"]["role"] == "department"
    sql("update app_user set role = 'supervisor' where id = %s", (user["id"],))
    assert statuses(client, "/api/v1/users") == {200}


def test_a_session_ended_between_reads_is_401_at_once(make_user):
    user = make_user()
    client = login(user["username"])
    assert statuses(client, "/api/v1/hazards") == {200}
    sql("update session set ended_at = now(), end_reason = 'logout' where token_hash = %s",
        (client.token_hash,))
    # A list first: built on the guess it would answer 200 with nothing in it.
    for _ in range(ROUNDS):
        assert_error(client.get("/api/v1/hazards"), 401, "not_signed_in")
    for _ in range(ROUNDS):
        assert_error(client.get("/api/v1/me"), 401, "not_signed_in")


def test_a_disabled_user_reads_nothing_at_once(make_user):
    user = make_user()
    client = login(user["username"])
    assert statuses(client, "/api/v1/hazards") == {200}
    sql("update app_user set active = false where id = %s", (user["id"],))
    assert statuses(client, "/api/v1/hazards") == {401}


def test_an_enterprise_user_moved_sees_only_the_new_enterprise(make_user, ids):
    town = ids.township["difang"]
    first, second = [r["enterprise_id"] for r in sql(
        "select enterprise_id from hazard where township_id = %s"
        " group by enterprise_id order by count(*) desc, enterprise_id limit 2", (town,))]
    user = make_user(role="enterprise", enterprise_id=first)
    client = login(user["username"])
    for _ in range(ROUNDS):
        items = client.get("/api/v1/hazards", params={"limit": 200}).json()["items"]
        assert items and {h["enterprise_id"] for h in items} == {first}
    sql("update app_user set enterprise_id = %s where id = %s", (second, user["id"]))
    for _ in range(ROUNDS):
        items = client.get("/api/v1/hazards", params={"limit": 200}).json()["items"]
        assert items and {h["enterprise_id"] for h in items} == {second}
        hazard = sql_value("select id from hazard where enterprise_id = %s limit 1", (first,))
        assert_error(client.get(f"/api/v1/hazards/{hazard}"), 404, "not_found")


def test_a_read_that_fails_in_the_database_leaves_the_connection_fit(make_user):
    """The cursor passes the list's own check but not the database's (bigint):
    the pipeline of BEGIN, session check, statement and COMMIT fails at the
    statement; the transaction must be rolled back before the worker's next
    request, or that request would fail too."""
    client = login(make_user(role="committee")["username"])
    assert statuses(client, "/api/v1/enterprises") == {200}
    for _ in range(ROUNDS):
        r = client.get("/api/v1/enterprises", params={"cursor": "1,2"})
        assert r.status_code == 422, r.text
        assert client.get("/api/v1/enterprises", params={"limit": 1}).status_code == 200
        assert client.get("/api/v1/me").status_code == 200
