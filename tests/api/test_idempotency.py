"""Idempotency-Key: a retried create answers its first result and creates nothing.

Every create of the whole API suite is also retried with its key by ApiSession
(conftest.py, `_retried_creates`); test_zz_idempotency_coverage.py then checks that
every route answering 201 was among them. Here: the rules themselves, on hazards.
"""
import hashlib
import threading
import uuid

import pytest

from conftest import assert_error, signed_in, sql, sql_value
from conftest import day
from test_hazards import HAZARDS, make_enterprise


def register(client, enterprise_id, headers=None, **fields):
    body = {"enterprise_id": enterprise_id, "description": "配电箱未加锁", "severity": "general",
            "mode": "deadline", "deadline": day(10), "measure": "更换带锁配电箱"}
    body.update(fields)
    return client.post(HAZARDS, json=body, headers=headers)


@pytest.fixture(scope="module")
def ent():
    return make_enterprise()


def hazards_of(enterprise_id):
    return sql_value("select count(*) from hazard where enterprise_id = %s", (enterprise_id,))


def key():
    return "k-" + uuid.uuid4().hex


def stored(k):
    """What the table keeps for key k: its keyed BLAKE2b hash, never the key
    (fcgi/server/idempotency.c)."""
    return hashlib.blake2b(k.encode(), digest_size=32, key=b"safegrid idempotency key lookup").hexdigest()


def test_a_retried_create_answers_the_first_result_and_creates_nothing(ent):
    client = signed_in("difang.safety")
    k = key()
    first = register(client, ent["id"], description="重试也只登记一次", headers={"Idempotency-Key": k})
    assert first.status_code == 201, first.text
    assert "Idempotent-Replayed" not in first.headers
    count = hazards_of(ent["id"])
    for _ in range(2):
        again = register(client, ent["id"], description="重试也只登记一次", headers={"Idempotency-Key": k})
        assert again.status_code == 201
        assert again.json() == first.json()
        assert again.headers.get("Idempotent-Replayed") == "true"
    assert hazards_of(ent["id"]) == count
    # Stored with the write, in its transaction.
    assert sql_value("select status from idempotency_key where key = %s", (stored(k),)) == 201


def test_without_a_key_every_request_creates(ent):
    client = signed_in("difang.safety")
    count = hazards_of(ent["id"])
    a = register(client, ent["id"], headers={"Idempotency-Key": key()})
    b = register(client, ent["id"], headers={"Idempotency-Key": key()})
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]
    assert hazards_of(ent["id"]) == count + 2


def test_the_same_key_with_another_body_is_refused(ent):
    client = signed_in("difang.safety")
    k = key()
    assert register(client, ent["id"], description="第一次", headers={"Idempotency-Key": k}).status_code == 201
    count = hazards_of(ent["id"])
    r = register(client, ent["id"], description="另一份内容", headers={"Idempotency-Key": k})
    assert_error(r, 422, "idempotency_key_reused")
    assert hazards_of(ent["id"]) == count


def test_the_message_is_chinese_by_default(ent):
    client = signed_in("difang.safety")
    k = key()
    assert register(client, ent["id"], headers={"Idempotency-Key": k}).status_code == 201
    client.headers.pop("Accept-Language", None)
    r = register(client, ent["id"], description="不同", headers={"Idempotency-Key": k})
    assert r.status_code == 422
    assert r.json()["error"]["message"] == "该 Idempotency-Key 已用于另一个不同的请求"


def test_keys_belong_to_their_user(ent, make_user, ids):
    k = key()
    first = register(signed_in("difang.safety"), ent["id"], headers={"Idempotency-Key": k})
    assert first.status_code == 201
    other = signed_in("difang.committee")
    second = register(other, ent["id"], headers={"Idempotency-Key": k})
    assert second.status_code == 201, second.text
    assert second.json()["id"] != first.json()["id"]
    assert "Idempotent-Replayed" not in second.headers
    # Row-level security: the server's role sees only its user's keys.
    assert sql_value("select count(*) from idempotency_key where key = %s", (stored(k),)) == 2


def test_a_failed_create_keeps_no_key(ent):
    client = signed_in("difang.safety")
    k = key()
    bad = register(client, ent["id"], severity="catastrophic", headers={"Idempotency-Key": k})
    assert bad.status_code == 422
    assert sql_value("select count(*) from idempotency_key where key = %s", (stored(k),)) == 0
    # The corrected request with the same key then creates.
    good = register(client, ent["id"], headers={"Idempotency-Key": k})
    assert good.status_code == 201, good.text


@pytest.mark.parametrize("bad", ["", "a" * 256, "with space", "中文"])
def test_a_malformed_key_is_400_and_creates_nothing(ent, bad):
    client = signed_in("difang.safety")
    count = hazards_of(ent["id"])
    r = register(client, ent["id"], headers={"Idempotency-Key": bad.encode()})
    assert_error(r, 400, "bad_idempotency_key")
    assert hazards_of(ent["id"]) == count


def test_two_identical_requests_at_once_create_one_row(ent):
    client = signed_in("difang.safety")
    k = key()
    count = hazards_of(ent["id"])
    answers = [None] * 6
    start = threading.Barrier(len(answers))

    def send(i):
        c = client.copy()
        start.wait()
        answers[i] = register(c, ent["id"], description="同时提交两次", headers={"Idempotency-Key": k})

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(answers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [a.status_code for a in answers] == [201] * len(answers)
    assert len({a.json()["id"] for a in answers}) == 1
    assert sum("Idempotent-Replayed" not in a.headers for a in answers) == 1
    assert hazards_of(ent["id"]) == count + 1


def test_a_key_is_kept_a_day(ent):
    client = signed_in("difang.safety")
    k = key()
    first = register(client, ent["id"], headers={"Idempotency-Key": k})
    assert first.status_code == 201
    sql("update idempotency_key set created_at = now() - interval '23 hours' where key = %s", (stored(k),))
    assert register(client, ent["id"], headers={"Idempotency-Key": k}).json()["id"] == first.json()["id"]
    sql("update idempotency_key set created_at = now() - interval '25 hours' where key = %s", (stored(k),))
    later = register(client, ent["id"], headers={"Idempotency-Key": k})
    assert later.status_code == 201 and later.json()["id"] != first.json()["id"]


def test_public_routes_ignore_the_key():
    """Login and the tip routes act for no session: a key there is no user's, and a
    second login with it is a second login (its own cookie), not a replay."""
    from conftest import DEMO_PASSWORD
    k = key()
    cookies = set()
    for _ in range(2):
        client = signed_in("difang.safety").copy()
        r = client.post("/api/v1/auth/login", json={"username": "difang.committee", "password": DEMO_PASSWORD},
                        headers={"Idempotency-Key": k})
        assert r.status_code == 200, r.text
        assert "Idempotent-Replayed" not in r.headers
        cookies.add(r.headers.get("Set-Cookie"))
    assert len(cookies) == 2 and None not in cookies
    assert sql_value("select count(*) from idempotency_key where key = %s", (stored(k),)) == 0


def test_the_table_holds_neither_the_key_nor_a_readable_answer():
    """A batch of logins answers activation codes, which are kept only as hashes: under
    its Idempotency-Key the answer is stored sealed, under a hash of the key the table
    does not hold, so the code is in no byte of the row, and the replay still answers it."""
    from test_logins import ISSUE, make_enterprise as enterprise_without_login
    enterprise = enterprise_without_login()
    client = signed_in("difang.committee")
    k = key()
    body = {"enterprise_ids": [enterprise["id"]], "format": "json"}
    first = client.post(ISSUE, json=body, headers={"Idempotency-Key": k})
    assert first.status_code == 200, first.text
    code = first.json()["items"][0]["code"]
    again = client.post(ISSUE, json=body, headers={"Idempotency-Key": k})
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json()["items"][0]["code"] == code
    row = sql("select key, encode(body, 'escape') as body, encode(body, 'hex') as hex "
              "from idempotency_key where key = %s", (stored(k),))
    assert len(row) == 1
    assert row[0]["key"] != k and k not in row[0]["body"]
    assert code not in row[0]["body"] and code.encode().hex() not in row[0]["hex"]
    assert len(bytes.fromhex(row[0]["hex"])) == len(first.content) + 40   # nonce and MAC
