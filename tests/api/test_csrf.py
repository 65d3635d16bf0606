"""CSRF: every state-changing route of the route table refuses a signed-in caller's
request without its X-CSRF-Token (403 `csrf`), except exactly the routes flagged
ROUTE_NO_CSRF, which docs/permissions.md lists (test_docs.py holds the list equal to
the flags). The routes come from `safegridctl routes`, the roles that may use each
from `safegridctl permissions`: nothing here is hand-listed.
"""
import json

import pytest

from conftest import signed_in
from test_docs import safegridctl

# A demo user of each role (the permission matrix's columns).
USER_OF_ROLE = {"county_admin": "admin", "committee": "difang.committee",
                "supervisor": "difang.supervisor", "department": "difang.safety",
                "enterprise": "difang.ent1"}
PATH_VALUES = {"{id}": "1", "{item}": "A01", "{token}": "0" * 32}


def permitted_roles():
    """{action: [roles that may]} from the matrix `safegridctl permissions` prints."""
    lines = [line for line in safegridctl("permissions").splitlines() if line.startswith("| `")]
    header = safegridctl("permissions").splitlines()[0].strip("|").split("|")
    roles = [h.strip() for h in header[1:]]
    out = {}
    for line in lines:
        cells = [c.strip() for c in line.strip("|").split("|")]
        out[cells[0].strip("`")] = [r for r, c in zip(roles, cells[1:]) if c == "yes"]
    return out


def writes():
    """[(method, path, action, flags)] of every route that is not GET or HEAD."""
    flags = {(r["method"], r["path"]): set(r["flags"]) for r in json.loads(safegridctl("fields"))}
    rows = []
    for line in safegridctl("routes").splitlines():
        method, path, action = line.split()
        if method not in ("GET", "HEAD"):
            rows.append((method, path, action, flags[(method, path)]))
    return rows


def concrete(path):
    for name, value in PATH_VALUES.items():
        path = path.replace(name, value)
    return path


def without_token(method, path, action, roles):
    role = roles[action][0]
    client = signed_in(USER_OF_ROLE[role], csrf=False)
    return client.request(method, concrete(path), json={}, headers={"Content-Type": "application/json"})


@pytest.fixture(scope="module")
def roles():
    return permitted_roles()


def test_every_write_but_the_flagged_ones_needs_the_token(roles):
    checked = 0
    for method, path, action, flags in writes():
        if "no_csrf" in flags:
            continue
        r = without_token(method, path, action, roles)
        assert r.status_code == 403 and r.json()["error"]["code"] == "csrf", \
            f"{method} {path} without X-CSRF-Token: {r.status_code} {r.text[:200]}"
        checked += 1
    assert checked >= 50


def test_the_flagged_routes_answer_without_the_token(roles):
    exempt = [(m, p, a) for m, p, a, f in writes() if "no_csrf" in f]
    assert exempt, "no route is flagged no_csrf"
    for method, path, action in exempt:
        r = without_token(method, path, action, roles)
        assert not (r.status_code == 403 and r.json()["error"]["code"] == "csrf"), \
            f"{method} {path} is flagged no_csrf but asked for the token"
