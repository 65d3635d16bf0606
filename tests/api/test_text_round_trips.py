"""Text comes back as it was sent. Strings that are valid but awkward -- control
characters, quotes and backslashes, four-byte characters up to a field's length in
characters, joiners, right-to-left marks, SQL and JSON and HTML lookalikes, unusual
spaces -- through the writes that take free text (a hazard's registration and update,
an anonymous tip and its acceptance, an enterprise): each is valid text, is stored, and
reads back unchanged, byte for byte.
"""
import uuid

import pytest

from conftest import anonymous, day, signed_in, sql_value
from test_hazards import credit_code
from test_public import cleanup, forget_tip_addresses, make_enterprise  # noqa: F401 (fixture)

AWKWARD = [
    "制表符\t换行\n回车\r\n结尾",
    "引号\"反斜杠\\斜杠/单引号'",
    "'; delete from hazard; --",
    "%_百分号与下划线%%__",
    '{"json": [1, "二"], "x": null}',
    "<script>alert('x')</script>&amp;",
    "不间断\u00a0空格\u3000全角空格\u200b零宽",
    "从右到左\u202e标记\u202c结束",
    "组合字符 e\u0301 与 emoji 😀👍🏽 👨\u200d👩\u200d👧",
    "\\u0000 只是文字",
    "  前后空格  ",
]


def hostile_ids(values):
    return [repr(v)[:24] for v in values]


@pytest.fixture(scope="module")
def gate():
    return make_enterprise()


@pytest.fixture(autouse=True)
def fresh_address():
    forget_tip_addresses()
    yield
    forget_tip_addresses()


def stored(r, what):
    assert r.status_code == 201, f"{what}: {r.status_code} {r.text[:300]}"
    return r.json()


@pytest.mark.parametrize("text", AWKWARD, ids=hostile_ids(AWKWARD))
def test_a_hazard_keeps_its_text(gate, text):
    client = signed_in("difang.safety")
    r = client.post("/api/v1/hazards", json={
        "enterprise_id": gate["id"], "description": text, "measure": text, "severity": "general",
        "mode": "deadline", "deadline": day(10)})
    made = stored(r, f"register {text!r}")
    assert (made["description"], made["measure"]) == (text, text)
    again = client.get(f"/api/v1/hazards/{made['id']}").json()
    assert (again["description"], again["measure"]) == (text, text)
    r = client.patch(f"/api/v1/hazards/{made['id']}",
                     json={"version": again["version"], "description": text[::-1]})
    assert r.status_code == 200, r.text
    assert client.get(f"/api/v1/hazards/{made['id']}").json()["description"] == text[::-1]


def test_the_longest_text_counts_characters_not_bytes(gate):
    """2,000 four-byte characters are 8,000 bytes and still a description of 2,000."""
    limit = 2000
    client = signed_in("difang.safety")
    body = {"enterprise_id": gate["id"], "severity": "general", "mode": "immediate"}
    r = client.post("/api/v1/hazards", json={**body, "description": "😀" * limit})
    assert r.status_code == 201, r.text
    assert client.get(f"/api/v1/hazards/{r.json()['id']}").json()["description"] == "😀" * limit
    r = client.post("/api/v1/hazards", json={**body, "description": "😀" * (limit + 1)})
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "description"


@pytest.mark.parametrize("text", AWKWARD, ids=hostile_ids(AWKWARD))
def test_a_tip_keeps_its_text_from_the_gate_to_the_hazard(gate, text):
    r = anonymous().post("/api/v1/public/tips", json={"token": gate["token"], "text": text,
                                                      "contact": text[:20]})
    tip = stored(r, f"tip {text!r}")
    committee = signed_in("difang.committee")
    queue = committee.get("/api/v1/tips", params={"enterprise_id": gate["id"], "limit": 100})
    seen_tip = next(t for t in queue.json()["items"] if t["id"] == tip["id"])
    assert (seen_tip["text"], seen_tip["contact"]) == (text, text[:20])
    r = committee.post(f"/api/v1/tips/{tip['id']}/accept",
                       json={"severity": "general", "mode": "deadline", "deadline": day(5),
                             "description": text})
    assert r.status_code == 201, r.text
    hazard = committee.get(f"/api/v1/hazards/{r.json()['hazard_id']}").json()
    assert hazard["description"] == text


@pytest.mark.parametrize("text", AWKWARD, ids=hostile_ids(AWKWARD))
def test_an_enterprise_keeps_its_name_and_address(text):
    committee = signed_in("difang.committee")
    name = (text + uuid.uuid4().hex[:6])[:100]
    r = committee.post("/api/v1/enterprises", json={
        "credit_code": credit_code(), "name": name, "address": text,
        "sector_id": sql_value("select s.id from sector s join township t on t.county_id = s.county_id"
                               " where t.slug = 'difang' and s.code = 'industry'")})
    made = stored(r, f"enterprise {text!r}")
    again = committee.get(f"/api/v1/enterprises/{made['id']}").json()
    assert (again["name"], again["address"]) == (name, text)
