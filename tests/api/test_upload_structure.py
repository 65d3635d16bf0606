"""Every upload route takes a file only when its structure holds (fcgi/input/upload.c).

Three bytes that look like a JPEG, "%PDF-" alone, a PNG signature without its
IHDR, a file cut off in the middle: 422 with a Chinese message on `body`, and
nothing stored -- on hazard evidence, inspection photos, letters' and
documents' scans and tip photos alike. Whole files are still taken.
"""
import base64

import pytest

from conftest import assert_error, signed_in, sql_value
from test_attachments import DOCUMENTS, committee, letter, read, send, upload  # noqa: F401
from test_hazards import make_enterprise, new_hazard
from test_inspections import INSPECTIONS, campaign, draft, make, mine  # noqa: F401 (fixtures)
from test_letters import LETTERS, org, other  # noqa: F401 (fixtures)
from test_tips import gate, new_tip, photo  # noqa: F401 (gate: a fixture)

JPEG = read("letter-scan.jpg")
PDF = read("letter.pdf")
PNG = read("stamp.png")

BROKEN = {
    "three-byte jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    "jpeg cut before its frame": (JPEG[:20], "image/jpeg"),
    "jpeg without its scan": (JPEG[:JPEG.index(b"\xff\xda")], "image/jpeg"),
    "jpeg cut in its scan header": (JPEG[:JPEG.index(b"\xff\xda") + 6], "image/jpeg"),
    "png signature only": (b"\x89PNG\r\n\x1a\n", "image/png"),
    "png cut before IEND": (PNG[:-12], "image/png"),
    "webp without a picture": (b"RIFF\x04\x00\x00\x00WEBP", "image/webp"),
    "five-byte pdf": (b"%PDF-", "application/pdf"),
    "pdf without its end": (PDF[:len(PDF) // 2], "application/pdf"),
    "pdf with a startxref past its end": (PDF.replace(b"startxref\n417", b"startxref\n99999"),
                                          "application/pdf"),
}
IMAGES = {name: v for name, v in BROKEN.items() if v[1].startswith("image/")}


def blobs():
    return sql_value("select count(*) from attachment_blob")


def refused(r):
    assert_error(r, 422, "validation_failed", ["body"])
    assert r.json()["error"]["details"][0]["code"] == "damaged"


@pytest.fixture(scope="module")
def hazard():
    return new_hazard(make_enterprise()["id"])


@pytest.mark.parametrize("name", BROKEN)
def test_hazard_evidence(hazard, name):
    data, content_type = BROKEN[name]
    before = blobs()
    refused(signed_in("difang.safety").post(f"/api/v1/hazards/{hazard['id']}/attachments",
                                            params={"tag": "before"}, data=data,
                                            headers={"Content-Type": content_type}))
    assert blobs() == before


@pytest.mark.parametrize("name", BROKEN)
def test_letter_scans(org, letter, name):
    data, content_type = BROKEN[name]
    before = blobs()
    refused(upload(committee(), f"{LETTERS}/{letter['id']}/attachment", data, content_type))
    assert blobs() == before
    assert sql_value("select attachment_id from responsibility_letter where id = %s", (letter["id"],)) is None


@pytest.mark.parametrize("name", BROKEN)
def test_document_files(org, name):
    doc = send(org, [("enterprise", org.enterprise)])
    data, content_type = BROKEN[name]
    refused(upload(committee(), f"{DOCUMENTS}/{doc['id']}/attachment", data, content_type))
    assert sql_value("select attachment_id from document where id = %s", (doc["id"],)) is None


@pytest.mark.parametrize("name", IMAGES)
def test_inspection_photos(draft, name):
    data, content_type = BROKEN[name]
    before = blobs()
    refused(signed_in("difang.safety").post(
        f"{INSPECTIONS}/{draft['id']}/results/C03/attachments?tag=before", data=data,
        headers={"Content-Type": content_type}))
    assert blobs() == before


@pytest.mark.parametrize("name", IMAGES)
def test_tip_photos(gate, name):
    from test_public import forget_tip_addresses
    forget_tip_addresses()
    tip = new_tip(gate)
    data, content_type = BROKEN[name]
    refused(photo(tip["id"], tip["photo_upload_token"], data, content_type))
    assert sql_value("select photo_attachment_id from tip where id = %s", (tip["id"],)) is None


def test_the_message_is_chinese_without_accept_language(hazard):
    client = signed_in("difang.safety")
    client.headers.pop("Accept-Language", None)
    r = client.post(f"/api/v1/hazards/{hazard['id']}/attachments", params={"tag": "before"},
                    data=b"\xff\xd8\xff", headers={"Content-Type": "image/jpeg"})
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["message"] == "图片已损坏或不完整，无法读取其尺寸"
    r = client.post(f"/api/v1/hazards/{hazard['id']}/attachments", params={"tag": "before"},
                    data=b"%PDF-", headers={"Content-Type": "application/pdf"})
    assert r.json()["error"]["details"][0]["message"] == "PDF 文件已损坏或不完整，缺少交叉引用表或文件结尾"


# The portal's browser tests' 1x1 JPEG: its headers and no coded data, as a phone's
# photo cut off after its scan header may be; its size is readable.
HEADERS_ONLY_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////"
    "////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=")


@pytest.mark.parametrize("data, content_type", [(JPEG, "image/jpeg"), (PNG, "image/png"),
                                                (PDF, "application/pdf"),
                                                (HEADERS_ONLY_JPEG, "image/jpeg")])
def test_whole_files_are_taken(hazard, data, content_type):
    r = signed_in("difang.safety").post(f"/api/v1/hazards/{hazard['id']}/attachments",
                                        params={"tag": "before"}, data=data,
                                        headers={"Content-Type": content_type})
    assert r.status_code == 201, r.text
