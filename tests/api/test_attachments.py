"""Attachments: the scanned responsibility letter and a document's file.

An upload is the raw body; its type is what its first bytes say (JPEG, PNG,
WebP, PDF), never its name; the bytes are kept once per township by SHA-256
and come back unchanged from GET /api/v1/attachments/{id} to whoever may see
the record they belong to.
"""
import hashlib
import os
import uuid

import pytest

from conftest import anonymous, assert_error, signed_in, sql, sql_value
from test_documents import send
from test_hazards import new_hazard, unique_jpeg, upload as upload_to_hazard
from test_tip_privacy import with_metadata
from test_letters import FILES, LETTERS, committee, new_letter, org, other  # noqa: F401 (fixtures)

DOCUMENTS = "/api/v1/documents"
ATTACHMENTS = "/api/v1/attachments"


def read(name):
    with open(os.path.join(FILES, name), "rb") as f:
        return f.read()


def upload(client, path, data, content_type, file_name=None):
    headers = {"Content-Type": content_type}
    if file_name:
        headers["X-File-Name"] = file_name
    return client.post(path, data=data, headers=headers)


@pytest.fixture
def letter(org):
    """A fresh letter of org's campaign on a node of its own."""
    node = org._node(org.root, 2, "work_area", f"附件测试区{uuid.uuid4().hex[:6]}")
    org.nodes.insert(0, node)
    return new_letter(org, node)


# --- Upload and download -------------------------------------------------------------------

@pytest.mark.parametrize("name, content_type", [("letter-scan.jpg", "image/jpeg"),
                                                ("letter.pdf", "application/pdf")])
def test_a_letters_scan_comes_back_byte_for_byte(org, letter, name, content_type):
    data = read(name)
    r = upload(committee(), f"{LETTERS}/{letter['id']}/attachment", data, content_type,
               file_name="%E8%B4%A3%E4%BB%BB%E4%B9%A6-" + name)   # 责任书-<name>
    assert r.status_code == 201, r.text
    updated = r.json()
    attachment_id = updated["attachment_id"]
    assert attachment_id and updated["attachment_url"] == f"{ATTACHMENTS}/{attachment_id}"
    assert updated["id"] == letter["id"] and updated["version"] == letter["version"] + 1
    row = sql("select content_type, size, tag, entity_type, entity_id, file_name, sha256, uploaded_by"
              " from attachment where id = %s", (attachment_id,))[0]
    assert row == {"content_type": content_type, "size": len(data), "tag": "document",
                   "entity_type": "responsibility_letter", "entity_id": letter["id"],
                   "file_name": "责任书-" + name, "sha256": hashlib.sha256(data).hexdigest(),
                   "uploaded_by": org.committee}

    for username in ("difang.committee", "difang.supervisor", "difang.safety", "admin"):
        got = signed_in(username).get(updated["attachment_url"])
        assert got.status_code == 200, (username, got.status_code, got.text[:200])
        assert got.content == data
        assert got.headers["Content-Type"] == content_type
    assert committee().get(f"{LETTERS}/{letter['id']}").json()["attachment_id"] == attachment_id


def test_a_new_scan_replaces_the_letters_link(org, letter):
    c = committee()
    first = upload(c, f"{LETTERS}/{letter['id']}/attachment", read("letter.pdf"), "application/pdf")
    second = upload(c, f"{LETTERS}/{letter['id']}/attachment", read("letter-scan.jpg"), "image/jpeg")
    assert first.status_code == 201 and second.status_code == 201, (first.text, second.text)
    assert second.json()["attachment_id"] != first.json()["attachment_id"]
    assert second.json()["version"] == letter["version"] + 2
    assert sql_value("select attachment_id from responsibility_letter where id = %s",
                     (letter["id"],)) == second.json()["attachment_id"]


def test_the_same_bytes_are_stored_once(org, letter):
    data = unique_jpeg(read("letter-scan.jpg"))
    sha = hashlib.sha256(data).hexdigest()
    c = committee()
    ids = []
    for _ in range(2):
        r = upload(c, f"{LETTERS}/{letter['id']}/attachment", data, "image/jpeg")
        assert r.status_code == 201, r.text
        ids.append(r.json()["attachment_id"])
    assert ids[0] != ids[1]
    assert sql_value("select count(*) from attachment_blob where township_id = %s and sha256 = %s",
                     (org.township, sha)) == 1
    assert sql_value("select count(*) from attachment where sha256 = %s", (sha,)) == 2
    for attachment_id in ids:
        assert c.get(f"{ATTACHMENTS}/{attachment_id}").content == data


# --- Refused uploads -----------------------------------------------------------------------

def test_a_text_file_named_jpg_is_415(org, letter):
    r = upload(committee(), f"{LETTERS}/{letter['id']}/attachment", read("not-an-image.jpg"),
               "image/jpeg", file_name="scan.jpg")
    assert_error(r, 415, "unsupported_media_type")
    assert sql_value("select attachment_id from responsibility_letter where id = %s", (letter["id"],)) is None
    assert sql_value("select count(*) from attachment where entity_type = 'responsibility_letter'"
                     " and entity_id = %s", (letter["id"],)) == 0


def test_an_empty_body_is_422(org, letter):
    assert_error(upload(committee(), f"{LETTERS}/{letter['id']}/attachment", b"", "image/jpeg"),
                 422, "validation_failed", ["body"])


def test_a_body_past_the_upload_limit_is_413_json(org, letter):
    data = read("letter-scan.jpg") + b"\0" * (11 * 1024 * 1024)
    r = upload(committee(), f"{LETTERS}/{letter['id']}/attachment", data, "image/jpeg")
    assert_error(r, 413, "payload_too_large")
    assert sql_value("select count(*) from attachment where entity_type = 'responsibility_letter'"
                     " and entity_id = %s", (letter["id"],)) == 0


def test_uploads_need_a_session_and_the_csrf_token(org, letter):
    data = read("letter.pdf")
    assert_error(upload(anonymous(), f"{LETTERS}/{letter['id']}/attachment", data, "application/pdf"),
                 401, "not_signed_in")
    assert_error(upload(committee().without_csrf(), f"{LETTERS}/{letter['id']}/attachment", data,
                        "application/pdf"), 403, "csrf")
    assert_error(anonymous().get(f"{ATTACHMENTS}/1"), 401, "not_signed_in")


# --- Who reads what ------------------------------------------------------------------------

def test_another_townships_attachment_is_404(org, other, letter):
    r = upload(committee(), f"{LETTERS}/{letter['id']}/attachment", read("letter.pdf"), "application/pdf")
    assert r.status_code == 201, r.text
    url = r.json()["attachment_url"]
    for username in ("bailin.committee", "bailin.supervisor", "bailin.ent1"):
        assert_error(signed_in(username).get(url), 404, "not_found")
    assert_error(committee().get(f"{ATTACHMENTS}/999999999"), 404, "not_found")


def test_an_enterprise_user_cannot_read_a_letters_attachment(org, letter):
    r = upload(committee(), f"{LETTERS}/{letter['id']}/attachment", read("letter-scan.jpg"), "image/jpeg")
    assert r.status_code == 201, r.text
    assert_error(signed_in("difang.ent1").get(r.json()["attachment_url"]), 404, "not_found")


def test_a_documents_file_is_read_by_the_enterprise_it_was_sent_to(org):
    data = read("stamp.png")
    sent = send(org, [("enterprise", org.enterprise)])
    not_sent = send(org, [("user", org.safety)])
    c = committee()
    urls = {}
    for doc in (sent, not_sent):
        r = upload(c, f"{DOCUMENTS}/{doc['id']}/attachment", data, "image/png")
        assert r.status_code == 201, r.text
        assert r.json()["id"] == doc["id"] and r.json()["version"] == doc["version"] + 1
        urls[doc["id"]] = r.json()["attachment_url"]
        assert r.json()["attachment_url"] == f"{ATTACHMENTS}/{r.json()['attachment_id']}"
    ent = signed_in("difang.ent1")
    got = ent.get(urls[sent["id"]])
    assert got.status_code == 200, got.text
    assert got.content == data and got.headers["Content-Type"] == "image/png"
    assert_error(ent.get(urls[not_sent["id"]]), 404, "not_found")
    assert_error(signed_in("bailin.ent1").get(urls[sent["id"]]), 404, "not_found")
    assert signed_in("difang.safety").get(urls[not_sent["id"]]).content == data


def test_only_the_committee_attaches_to_a_document(org):
    doc = send(org, [("enterprise", org.enterprise)])
    for username in ("difang.supervisor", "difang.safety", "difang.ent1"):
        assert_error(upload(signed_in(username), f"{DOCUMENTS}/{doc['id']}/attachment",
                            read("letter.pdf"), "application/pdf"), 403, "forbidden")
    assert_error(upload(committee(), f"{DOCUMENTS}/{doc['id']}/attachment", read("not-an-image.jpg"),
                        "image/jpeg"), 415, "unsupported_media_type")
    assert sql_value("select attachment_id from document where id = %s", (doc["id"],)) is None


# --- Metadata ------------------------------------------------------------------------------

def test_a_photo_is_kept_without_where_and_with_what_it_was_taken(ids):
    """A phone's photo of a hazard or an inspection item is stored as the tip's is: EXIF
    (with GPS), XMP and comments taken out, the picture's own segments kept."""
    picture = unique_jpeg(read("letter-scan.jpg"))
    hazard = new_hazard(ids.enterprise["difang"])
    r = upload_to_hazard(signed_in("difang.ent1"), hazard["id"], with_metadata(picture), tag="before",
                         content_type="image/jpeg")
    assert r.status_code == 201, r.text
    photo = r.json()
    assert (photo["size"], photo["sha256"]) == (len(picture), hashlib.sha256(picture).hexdigest())
    kept = signed_in("difang.committee").get(photo["url"]).content
    assert kept == picture
    for trace in (b"Exif", b"GPSLatitude", b"PHONEX1", b"Wang Wu"):
        assert trace not in kept


def test_a_photo_whose_structure_does_not_hold_is_refused_as_damaged(ids):
    hazard = new_hazard(ids.enterprise["difang"])
    broken = read("letter-scan.jpg")[:2] + b"\xff\xe1\xff\xff" + b"Exif"   # a segment longer than the file
    r = upload_to_hazard(signed_in("difang.safety"), hazard["id"], broken, content_type="image/jpeg")
    assert_error(r, 422, "validation_failed")
    assert [d["code"] for d in r.json()["error"]["details"]] == ["damaged"]
    assert sql_value("select count(*) from attachment where entity_type = 'hazard' and entity_id = %s",
                     (hazard["id"],)) == 0
