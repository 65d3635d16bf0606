"""The moves a hazard's answer offers its caller ("allowed_actions"): the life
cycle's table (fcgi/api/hazard_lifecycle.c) asked for this caller, so that
the portal shows the buttons the server allows and keeps no copy of its own.

Every move offered is one the server makes once the evidence is there;
every move not offered is refused (403 or 409) and changes nothing.
"""
import pytest

from conftest import assert_error, signed_in, sql
from test_hazards import (HAZARDS, JPEG, current, make_enterprise, move, moved, new_hazard,
                          snapshot, uploaded)
from test_scope import remove_hazards

ACTIONS = ["start", "submit", "verify", "reject", "close", "reopen"]
ROLES = ["difang.safety", "difang.committee", "difang.ent1", "difang.supervisor", "admin"]


def offered(username, hazard_id):
    r = signed_in(username).get(f"{HAZARDS}/{hazard_id}")
    assert r.status_code == 200, r.text
    return r.json()["allowed_actions"]


@pytest.fixture(scope="module")
def walk(ids):
    """A general hazard of mode deadline of difang.ent1's enterprise (registered
    by difang.safety) and one of mode immediate, taken through the life cycle
    as the test goes."""
    return {"deadline": new_hazard(ids.enterprise["difang"])["id"],
            "immediate": new_hazard(ids.enterprise["difang"], mode="immediate", deadline=...)["id"]}


def test_each_role_is_offered_the_moves_of_its_status(walk):
    deadline, immediate = walk["deadline"], walk["immediate"]
    safety, ent1 = signed_in("difang.safety"), signed_in("difang.ent1")
    expect = {"difang.safety": ["start"], "difang.committee": ["start"], "difang.ent1": ["start"],
              "difang.supervisor": [], "admin": []}
    assert {u: offered(u, deadline) for u in ROLES} == expect
    expect["difang.safety"] = expect["difang.committee"] = ["start", "close"]
    assert {u: offered(u, immediate) for u in ROLES} == expect

    # The answer to a move carries what comes next.
    started = moved(ent1, deadline, "start")
    assert started["allowed_actions"] == ["submit"]
    assert {u: offered(u, deadline) for u in ROLES} == {
        "difang.safety": ["submit"], "difang.committee": ["submit"], "difang.ent1": ["submit"],
        "difang.supervisor": [], "admin": []}

    # Submitted by the enterprise: the township judges it, and no one else.
    uploaded(ent1, deadline, JPEG, content_type="image/jpeg")
    submitted = moved(ent1, deadline, "submit")
    assert submitted["allowed_actions"] == []
    assert {u: offered(u, deadline) for u in ROLES} == {
        "difang.safety": ["verify", "reject"], "difang.committee": ["verify", "reject"],
        "difang.ent1": [], "difang.supervisor": [], "admin": []}

    closed = moved(safety, deadline, "verify")
    assert closed["allowed_actions"] == ["reopen"]
    assert {u: offered(u, deadline) for u in ROLES} == {
        "difang.safety": ["reopen"], "difang.committee": ["reopen"], "difang.ent1": [],
        "difang.supervisor": [], "admin": []}


def test_the_submitter_is_not_offered_to_judge_and_a_major_hazard_is_the_committees(ids):
    safety = signed_in("difang.safety")
    hazard = new_hazard(ids.enterprise["difang"])["id"]
    moved(safety, hazard, "start")
    uploaded(safety, hazard)
    moved(safety, hazard, "submit")
    assert offered("difang.safety", hazard) == []
    assert offered("difang.committee", hazard) == ["verify", "reject"]

    # A major hazard's five items are filled in on the way: start is offered before.
    major = new_hazard(ids.enterprise["difang"], severity="major", mode="major")["id"]
    assert offered("difang.safety", major) == ["start"]
    assert_error(move(safety, major, "start"), 422, "validation_failed", fields=["five_items"])


def test_a_department_outside_its_scope_is_offered_nothing(make_user, ids):
    user = make_user(role="department")
    sql("insert into user_sector (township_id, user_id, sector_id) values (%s, %s, %s)",
        (ids.township["difang"], user["id"], ids.sector["industry"]))
    mine, other = make_enterprise(sector="industry"), make_enterprise(sector="special_equipment")
    try:
        inside = new_hazard(mine["id"], client=signed_in("difang.committee"))["id"]
        outside = new_hazard(other["id"], client=signed_in("difang.committee"))["id"]
        assert offered(user["username"], inside) == ["start"]
        assert offered(user["username"], outside) == []
        assert_error(move(signed_in(user["username"]), outside, "start"), 403, "forbidden")
    finally:
        remove_hazards([mine["id"], other["id"]])


@pytest.mark.parametrize("username", ROLES)
def test_every_move_not_offered_is_refused_and_changes_nothing(ids, username):
    safety = signed_in("difang.safety")
    hazards = []
    for status in ("reported", "rectifying", "submitted", "closed"):
        hazard = new_hazard(ids.enterprise["difang"], mode="immediate", deadline=...)["id"]
        uploaded(safety, hazard, tag="before")
        if status in ("rectifying", "submitted"):
            moved(safety, hazard, "start")
        if status == "submitted":
            uploaded(safety, hazard, JPEG, content_type="image/jpeg")
            moved(safety, hazard, "submit")
        if status == "closed":
            moved(safety, hazard, "close")
        hazards.append(hazard)
    client = signed_in(username)
    for hazard in hazards:
        allowed = offered(username, hazard)
        for action in ACTIONS:
            if action in allowed:
                continue
            before = snapshot(hazard)
            r = client.post(f"{HAZARDS}/{hazard}/transitions",
                            json={"action": action, "note": "试一试", "version": current(hazard)["version"]})
            assert r.status_code in (403, 409), (username, before[0]["status"], action, r.text)
            assert snapshot(hazard) == before
