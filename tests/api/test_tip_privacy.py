"""A citizen who sends a tip is protected (DESIGN.md): the photo is kept without where,
when and with what it was taken, and the enterprise reads the hazard a tip becomes in
the department's words -- never the tip's text, contact or photo metadata, nor that the
hazard came from a tip -- through every route it may read.
"""
import hashlib
import io
import struct
import zipfile

import pytest

from conftest import anonymous, assert_error, delete_user, login, signed_in, sql, sql_value
from test_public import cleanup, make_enterprise  # noqa: F401 (fixture)
from test_tips import FILES, PUBLIC_TIPS, TIPS, accept, new_tip, photo, read  # noqa: F401

TIP_TEXT = "公示测试：我是隔壁王五，看到仓库里违规存放了三桶汽油"
CONTACT = "王五 13812345678"
DEPARTMENT_SAYS = "公示测试：仓库内违规存放易燃液体"


def exif_app1():
    """An APP1 EXIF segment (big-endian TIFF) with a GPS IFD: latitude 35°6'3" N,
    longitude 118°21'36" E, and the camera's make."""
    def rational(*pairs):
        return b"".join(struct.pack(">II", n, d) for n, d in pairs)

    # IFD0: Make (ASCII, 8) and the GPS IFD pointer; then the GPS IFD: N, lat, E, lon.
    ifd0_offset = 8
    ifd0 = struct.pack(">H", 2)
    make = b"PHONEX1\x00"
    gps_offset = ifd0_offset + 2 + 2 * 12 + 4
    gps_entries = 4
    gps_data = gps_offset + 2 + gps_entries * 12 + 4
    make_offset = gps_data + 48
    ifd0 += struct.pack(">HHII", 0x010F, 2, len(make), make_offset)
    ifd0 += struct.pack(">HHII", 0x8825, 4, 1, gps_offset) + struct.pack(">I", 0)
    gps = struct.pack(">H", gps_entries)
    gps += struct.pack(">HHI4s", 1, 2, 2, b"N\x00\x00\x00")
    gps += struct.pack(">HHII", 2, 5, 3, gps_data)
    gps += struct.pack(">HHI4s", 3, 2, 2, b"E\x00\x00\x00")
    gps += struct.pack(">HHII", 4, 5, 3, gps_data + 24) + struct.pack(">I", 0)
    values = rational((35, 1), (6, 1), (3, 1)) + rational((118, 1), (21, 1), (36, 1))
    tiff = b"MM\x00\x2a" + struct.pack(">I", ifd0_offset) + ifd0 + gps + values + make
    body = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def xmp_app1():
    body = b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><exif:GPSLatitude>35,6.05N</exif:GPSLatitude></x:xmpmeta>"
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def comment(text):
    return b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text


def with_metadata(jpeg):
    """The JPEG with EXIF (GPS), XMP and a comment after its SOI, as a phone writes them."""
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + exif_app1() + xmp_app1() + comment(b"taken by Wang Wu") + jpeg[2:]


def png_with_text(png):
    """The PNG with tEXt and eXIf chunks after IHDR (CRCs as they come: nobody checks)."""
    ihdr_end = 8 + 12 + 13
    text = b"Author\x00Wang Wu 13812345678"
    chunk = struct.pack(">I", len(text)) + b"tEXt" + text + b"\x00\x00\x00\x00"
    exif = struct.pack(">I", 4) + b"eXIf" + b"MM\x00\x2a" + b"\x00\x00\x00\x00"
    return png[:ihdr_end] + chunk + exif + png[ihdr_end:]


def stored(attachment_id):
    return bytes(sql_value("select b.bytes from attachment a join attachment_blob b"
                           " on b.township_id = a.township_id and b.sha256 = a.sha256"
                           " where a.id = %s", (attachment_id,)))


@pytest.fixture(scope="module")
def gate():
    return make_enterprise()


@pytest.fixture(autouse=True)
def fresh_address():
    from test_public import forget_tip_addresses
    forget_tip_addresses()
    yield
    forget_tip_addresses()


def test_a_jpeg_tip_photo_loses_its_gps_exif_xmp_and_comment_before_it_is_kept(gate):
    clean = read("letter-scan.jpg")
    tagged = with_metadata(clean)
    assert b"Exif" in tagged and b"PHONEX1" in tagged and len(tagged) > len(clean)
    tip = new_tip(gate)
    r = anonymous().post(f"{PUBLIC_TIPS}/{tip['id']}/photo", params={"token": tip["photo_upload_token"]},
                         data=tagged, headers={"Content-Type": "image/jpeg",
                                               "X-File-Name": "IMG_20261204_%E7%8E%8B%E4%BA%94.jpg"})
    assert r.status_code == 201, r.text
    assert r.json()["size"] == len(clean)
    attachment = sql("select * from attachment where entity_type = 'tip' and entity_id = %s", (tip["id"],))[0]
    kept = stored(attachment["id"])
    # Exactly the picture: the segments a decoder needs, none of the metadata.
    assert kept == clean
    assert attachment["sha256"] == hashlib.sha256(clean).hexdigest() and attachment["size"] == len(clean)
    # The phone's file name says who and when too: not kept.
    assert attachment["file_name"] is None
    for trace in (b"Exif", b"PHONEX1", b"GPSLatitude", b"Wang Wu"):
        assert trace not in kept


def test_a_png_tip_photo_loses_its_text_chunks(gate):
    clean = read("stamp.png")
    tip = new_tip(gate)
    r = photo(tip["id"], tip["photo_upload_token"], png_with_text(clean), "image/png")
    assert r.status_code == 201, r.text
    row = sql_value("select photo_attachment_id from tip where id = %s", (tip["id"],))
    assert stored(row) == clean


@pytest.mark.parametrize("data", [
    b"\xff\xd8\xff",                                    # three bytes that look like a JPEG
    b"\xff\xd8\xff\xe1\x7f\xffExif",                    # a segment longer than the file
    b"\x89PNG\r\n\x1a\n",                               # a PNG signature and nothing else
    b"RIFF\x04\x00\x00\x00WEBP",                        # a WebP with no picture
])
def test_a_photo_whose_structure_does_not_hold_is_422_and_kept_nowhere(gate, data):
    tip = new_tip(gate)
    before = sql_value("select count(*) from attachment_blob")
    assert_error(photo(tip["id"], tip["photo_upload_token"], data), 422, "validation_failed", ["body"])
    assert sql_value("select count(*) from attachment_blob") == before
    assert sql_value("select photo_attachment_id from tip where id = %s", (tip["id"],)) is None


def test_accepting_a_tip_needs_the_departments_own_description(gate):
    tip = new_tip(gate)
    r = signed_in("difang.safety").post(f"{TIPS}/{tip['id']}/accept", json={
        "severity": "general", "mode": "immediate"})
    assert_error(r, 422, "validation_failed", fields=["description"])
    assert sql_value("select status from tip where id = %s", (tip["id"],)) == "pending"


def test_the_demo_enterprise_reads_its_tips_hazard_in_the_departments_words_everywhere():
    """The demo's hazard opened from a tip (sql/seed/demo/80_tips.sql) as difang.ent1 reads it
    through each route that shows it -- the hazard, its moves, its notification and the
    ledger in both formats: never the citizen's text, nor a word of a tip."""
    tip_text = "石膏仓库的消防通道被成品垛堵死了，消防栓前面也堆满了袋子。"
    hazard_id = sql_value("select hazard_id from tip where text = %s", (tip_text,))
    assert hazard_id, "the demo's accepted tip"
    ent = signed_in("difang.ent1")
    hazard = ent.get(f"/api/v1/hazards/{hazard_id}")
    assert hazard.status_code == 200, hazard.text
    events = ent.get(f"/api/v1/hazards/{hazard_id}/events")
    notifications = ent.get("/api/v1/notifications", params={"limit": 200})
    assert events.status_code == 200 and notifications.status_code == 200
    told = [n for n in notifications.json()["items"] if (n["subject_type"], n["subject_id"]) == ("hazard", hazard_id)]
    assert told, "difang.ent1 was notified of the hazard"
    filters = {"enterprise_id": hazard.json()["enterprise_id"]}
    csv_ledger = ent.get("/api/v1/exports/hazards.csv", params=filters)
    xlsx_ledger = ent.get("/api/v1/exports/hazards.xlsx", params=filters)
    assert csv_ledger.status_code == 200 and xlsx_ledger.status_code == 200
    row = next(line for line in csv_ledger.content.decode("utf-8-sig").splitlines()
               if line.startswith(f"{hazard_id},"))
    sheet = zipfile.ZipFile(io.BytesIO(xlsx_ledger.content)).read("xl/worksheets/sheet1.xml").decode()
    assert ",登记," in row and hazard.json()["source"] == "registration"
    assert tip_text not in csv_ledger.content.decode("utf-8-sig") and tip_text not in sheet
    for text in (hazard.text, events.text, str(told), row):
        for secret in (tip_text, "群众举报", "举报", "群众"):
            assert secret not in text, (secret, text)


@pytest.fixture(scope="module")
def accepted(gate):
    """A tip with a GPS-tagged photo, accepted by the safety office in its own words, and
    a user of the enterprise."""
    tip = new_tip(gate, text=TIP_TEXT, contact=CONTACT)
    assert photo(tip["id"], tip["photo_upload_token"], with_metadata(read("letter-scan.jpg"))).status_code == 201
    r = accept(tip["id"], description=DEPARTMENT_SAYS)
    assert r.status_code == 201, r.text
    hazard_id = r.json()["hazard_id"]
    username = f"pubtest.ent{gate['id']}"
    demo_hash = sql_value("select password_hash from app_user where username = 'admin'")
    user = sql_value(
        "insert into app_user (county_id, township_id, username, display_name, role, enterprise_id,"
        " password_hash) select t.county_id, t.id, %s, '公示测试企业用户', 'enterprise', %s, %s"
        "  from township t where t.id = %s returning id",
        (username, gate["id"], demo_hash, gate["township_id"]))
    yield {"tip": tip, "hazard_id": hazard_id, "username": username}
    delete_user(user)


def test_the_enterprise_reads_the_hazard_in_the_departments_words_and_not_as_a_tip(gate, accepted):
    ent = login(accepted["username"])
    hazard_id = accepted["hazard_id"]
    staff = signed_in("difang.safety").get(f"/api/v1/hazards/{hazard_id}").json()
    assert (staff["source"], staff["tip_id"]) == ("tip", accepted["tip"]["id"])

    one = ent.get(f"/api/v1/hazards/{hazard_id}")
    assert one.status_code == 200, one.text
    hazard = one.json()
    assert hazard["description"] == DEPARTMENT_SAYS
    assert (hazard["source"], hazard["tip_id"]) == ("registration", None)
    listed = ent.get("/api/v1/hazards", params={"limit": 200})
    assert listed.status_code == 200, listed.text
    row = next(h for h in listed.json()["items"] if h["id"] == hazard_id)
    assert (row["source"], row["tip_id"]) == ("registration", None)
    events = ent.get(f"/api/v1/hazards/{hazard_id}/events")
    assert events.status_code == 200, events.text
    assert [e["note"] for e in events.json()["items"]] == [None]
    everything = one.text + listed.text + events.text
    for secret in (TIP_TEXT, "王五", "13812345678", "群众举报", "举报"):
        assert secret not in everything, secret
    # Staff still see where it came from.
    staff_events = signed_in("difang.safety").get(f"/api/v1/hazards/{hazard_id}/events").json()["items"]
    assert staff_events[0]["note"] == f"群众举报 #{accepted['tip']['id']}"


def test_the_enterprise_gets_the_photo_without_its_metadata_and_not_the_tips_own(gate, accepted):
    ent = login(accepted["username"])
    hazard = ent.get(f"/api/v1/hazards/{accepted['hazard_id']}").json()
    assert len(hazard["photos"]) == 1
    r = ent.get(hazard["photos"][0]["url"])
    assert r.status_code == 200
    assert r.content == read("letter-scan.jpg") and b"Exif" not in r.content
    # The tip, its queue and its own photo are not the enterprise's to read.
    tip_photo = sql_value("select photo_attachment_id from tip where id = %s", (accepted["tip"]["id"],))
    assert_error(ent.get(f"/api/v1/attachments/{tip_photo}"), 404, "not_found")
    assert ent.get(TIPS).status_code == 403


def test_row_level_security_hides_a_tips_photo_row_from_the_enterprise(gate, accepted, app_db):
    tip_photo = sql_value("select photo_attachment_id from tip where id = %s", (accepted["tip"]["id"],))
    user = sql("select id, township_id, enterprise_id from app_user where username = %s",
               (accepted["username"],))[0]
    staff = sql_value("select id from app_user where username = 'difang.safety'")

    def visible(role, user_id, enterprise_id):
        with app_db.cursor() as cur:
            cur.execute("select set_config('app.user_id', %s, true), set_config('app.role', %s, true),"
                        " set_config('app.township_id', %s, true), set_config('app.townships', %s, true),"
                        " set_config('app.enterprise_id', coalesce(%s, ''), true)",
                        (str(user_id), role, str(user["township_id"]), "{%d}" % user["township_id"],
                         str(enterprise_id) if enterprise_id else None))
            cur.execute("select count(*) from attachment where id = %s", (tip_photo,))
            return cur.fetchone()[0]

    assert visible("enterprise", user["id"], user["enterprise_id"]) == 0
    assert visible("department", staff, None) == 1

