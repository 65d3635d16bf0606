"""The files of a supervision order's answers live on the order (0029).

POST /api/v1/supervision-orders/{id}/attachments takes a file from the
order's addressee or the supervisor who issued it; an answer names only this
order's files; a file is read by exactly those who may read the order.
"""
from pathlib import Path

import pytest

from conftest import assert_error, signed_in, sql, sql_value
from test_oversight import hazards, issue, orders, remove_orders  # noqa: F401 (fixtures)

ORDERS = "/api/v1/supervision-orders"
FILES = Path(__file__).parent / "files"
JPEG = (FILES / "letter-scan.jpg").read_bytes()
PDF = (FILES / "letter.pdf").read_bytes()


def upload(client, order_id, data=PDF, content_type="application/pdf", name=None):
    headers = {"Content-Type": content_type}
    if name:
        headers["X-File-Name"] = name
    return client.post(f"{ORDERS}/{order_id}/attachments", data=data, headers=headers)


@pytest.fixture
def order_files():
    """Removes the files uploaded to the test's orders."""
    made = []
    yield made
    if made:
        sql("delete from attachment where entity_type = 'supervision_order' and entity_id = any(%s)", (made,))


def new_order(ids, hazards, orders, order_files, **fields):  # noqa: F811
    supervisor = signed_in("difang.supervisor")
    body = {"addressee_user_id": ids.user["difang.safety"]}
    if "task_ids" not in fields:
        body["hazard_ids"] = [hazards()]
    body.update(fields)
    r = issue(supervisor, orders, **body)
    assert r.status_code == 201, r.text
    order_files.append(r.json()["id"])
    return r.json()


def test_the_addressee_answers_with_a_file_of_the_order_that_the_supervisor_opens(
        ids, hazards, orders, order_files):  # noqa: F811
    order = new_order(ids, hazards, orders, order_files)
    safety = signed_in("difang.safety")
    r = upload(safety, order["id"], name="%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A.pdf")
    assert r.status_code == 201, r.text
    attachment = r.json()
    assert attachment["content_type"] == "application/pdf" and attachment["file_name"] == "整改报告.pdf"
    row = sql("select entity_type, entity_id, tag, uploaded_by from attachment where id = %s", (attachment["id"],))[0]
    assert row == {"entity_type": "supervision_order", "entity_id": order["id"], "tag": "document",
                   "uploaded_by": ids.user["difang.safety"]}

    r = safety.post(f"{ORDERS}/{order['id']}/responses", json={"note": "已整改，报告附后", "attachment_ids": [attachment["id"]]})
    assert r.status_code == 200, r.text
    answered = r.json()
    assert answered["state"] == "answered"
    assert answered["events"][-1]["attachment_ids"] == [attachment["id"]]
    assert [a["id"] for a in answered["attachments"]] == [attachment["id"]]

    # Those who read the order read its file: the issuing supervisor, the committee, the county.
    for who in ("difang.supervisor", "difang.committee", "admin", "difang.safety"):
        got = signed_in(who).get(attachment["url"])
        assert got.status_code == 200, who
        assert got.content == PDF and got.headers["Content-Type"] == "application/pdf", who


def test_a_file_is_hidden_from_whoever_does_not_read_the_order(ids, hazards, orders, order_files, make_user, app_db):  # noqa: F811
    order = new_order(ids, hazards, orders, order_files)
    attachment = upload(signed_in("difang.safety"), order["id"]).json()
    other = make_user("department")
    for client in (signed_in(other["username"]), signed_in("bailin.committee"),
                   signed_in("bailin.safety"), signed_in("bailin.supervisor")):
        assert_error(client.get(attachment["url"]), 404, "not_found")
        assert_error(client.get(f"{ORDERS}/{order['id']}"), 404, "not_found")
    # An enterprise reads no order at all, nor its files.
    assert_error(signed_in("difang.ent1").get(f"{ORDERS}/{order['id']}"), 403, "forbidden")
    assert_error(signed_in("difang.ent1").get(attachment["url"]), 404, "not_found")
    # Under row-level security itself, not only in the handler: the row is not there for them,
    # and is for the addressee.
    for user, seen in ((other["id"], 0), (ids.user["difang.safety"], 1)):
        with app_db.cursor() as cur:
            cur.execute("select set_config('app.user_id', %s, true), set_config('app.role', 'department', true),"
                        " set_config('app.township_id', %s, true), set_config('app.county_id', %s, true),"
                        " set_config('app.townships', %s, true)",
                        (str(user), str(ids.township["difang"]), str(ids.county), "{%d}" % ids.township["difang"]))
            cur.execute("select count(*) from attachment where id = %s", (attachment["id"],))
            assert cur.fetchone()[0] == seen, user
        app_db.rollback()


def test_only_the_addressee_and_the_issuer_upload(ids, hazards, orders, order_files, make_user):  # noqa: F811
    order = new_order(ids, hazards, orders, order_files)
    # The supervisor who issued it may add a file (the order's own paper, say).
    assert upload(signed_in("difang.supervisor"), order["id"]).status_code == 201
    # The committee reads the order but does not answer it: 403, nothing stored.
    before = sql_value("select count(*) from attachment where entity_type = 'supervision_order' and entity_id = %s",
                       (order["id"],))
    assert_error(upload(signed_in("difang.committee"), order["id"]), 403)
    # Another department user does not see it; another township's users neither; an enterprise has no orders.
    other = make_user("department")
    assert_error(upload(signed_in(other["username"]), order["id"]), 404, "not_found")
    assert_error(upload(signed_in("bailin.supervisor"), order["id"]), 404, "not_found")
    assert_error(upload(signed_in("difang.ent1"), order["id"]), 403)
    assert sql_value("select count(*) from attachment where entity_type = 'supervision_order' and entity_id = %s",
                     (order["id"],)) == before


def test_uploads_are_checked_as_every_upload_is(ids, hazards, orders, order_files):  # noqa: F811
    order = new_order(ids, hazards, orders, order_files)
    safety = signed_in("difang.safety")
    assert_error(upload(safety, order["id"], b"", "application/pdf"), 422, "validation_failed", ["body"])
    assert_error(upload(safety, order["id"], b"GIF89a not taken", "image/gif"), 415)
    assert_error(upload(safety, order["id"], PDF.replace(b"%%EOF", b""), "application/pdf"), 422,
                 "validation_failed", ["body"])
    assert_error(upload(safety, order["id"], JPEG[:40], "image/jpeg"), 422)
    assert sql_value("select count(*) from attachment where entity_type = 'supervision_order' and entity_id = %s",
                     (order["id"],)) == 0
    # A photo is kept, without its metadata like any other.
    assert upload(safety, order["id"], JPEG, "image/jpeg").status_code == 201


def test_an_answer_names_only_files_of_its_own_order(ids, hazards, orders, order_files):  # noqa: F811
    first = new_order(ids, hazards, orders, order_files)
    second = new_order(ids, hazards, orders, order_files)
    safety = signed_in("difang.safety")
    theirs = upload(safety, first["id"]).json()["id"]
    mine = upload(safety, second["id"]).json()["id"]
    # A hazard's photo is the township's, but not this order's.
    hazard = first["hazard_ids"][0]
    photo = signed_in("difang.committee").post(f"/api/v1/hazards/{hazard}/attachments", params={"tag": "before"},
                                               data=JPEG, headers={"Content-Type": "image/jpeg"})
    assert photo.status_code == 201, photo.text
    for wrong in ([theirs], [mine, theirs], [photo.json()["id"]]):
        assert_error(safety.post(f"{ORDERS}/{second['id']}/responses", json={"note": "答复", "attachment_ids": wrong}),
                     422, "validation_failed", ["attachment_ids"])
    assert signed_in("difang.supervisor").get(f"{ORDERS}/{second['id']}").json()["state"] == "issued"
    r = safety.post(f"{ORDERS}/{second['id']}/responses", json={"note": "答复", "attachment_ids": [mine]})
    assert r.status_code == 200 and r.json()["events"][-1]["attachment_ids"] == [mine]
    sql("delete from attachment where id = %s", (photo.json()["id"],))


def test_an_order_about_tasks_alone_carries_files_and_a_closed_one_takes_none(ids, hazards, orders, order_files):  # noqa: F811
    task = sql_value("select id from task where township_id = %s order by id limit 1", (ids.township["difang"],))
    assert task, "the demo township has a task"
    order = new_order(ids, hazards, orders, order_files, task_ids=[task])
    assert order["hazard_ids"] == []
    safety = signed_in("difang.safety")
    file_id = upload(safety, order["id"]).json()["id"]
    assert safety.post(f"{ORDERS}/{order['id']}/responses",
                       json={"note": "任务已完成", "attachment_ids": [file_id]}).status_code == 200
    closed = signed_in("difang.supervisor").post(f"{ORDERS}/{order['id']}/transitions", json={"action": "accept"})
    assert closed.json()["state"] == "closed"
    assert_error(upload(safety, order["id"]), 409, "bad_state")
