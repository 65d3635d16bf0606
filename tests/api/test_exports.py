"""The ledgers (台账): /api/v1/exports/{hazards,enterprises,inspections,
supervision-orders}.{xlsx,csv} with the list's own filters, every matching
row, under the caller's row-level security.

The xlsx is unzipped and its sheet's XML read back (headers, a known row, a
date cell as a date); the CSV is parsed.
"""
import csv
import datetime
import io
import re
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile

import pytest

from conftest import assert_error, day, signed_in, sql, sql_value, today
from test_hazards import make_enterprise, new_hazard

EXPORTS = "/api/v1/exports"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HAZARD_HEADERS = ["隐患编号", "企业名称", "网格", "领域", "来源", "隐患描述", "隐患等级", "整改方式", "整改措施",
                  "整改期限", "整改责任人", "状态", "是否逾期", "登记时间", "销号时间"]


def column_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def read_xlsx(content):
    """The workbook's sheet names, and its one sheet as rows of (value, style)
    cells: text as str, numbers as float."""
    book = zipfile.ZipFile(io.BytesIO(content))
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    names = [s.get("name") for s in workbook.find("m:sheets", NS)]
    styles = ET.fromstring(book.read("xl/styles.xml"))
    formats = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iter(f"{{{NS['m']}}}numFmt")}
    xfs = [int(x.get("numFmtId", 0)) for x in styles.find("m:cellXfs", NS)]
    sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{{{NS['m']}}}row"):
        cells = {}
        for c in row.findall("m:c", NS):
            style = formats.get(xfs[int(c.get("s", 0))])
            if c.get("t") == "inlineStr":
                value = "".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t"))
            elif c.get("t") == "s":
                raise AssertionError("shared strings: not constant-memory mode")
            else:
                value = float(c.find("m:v", NS).text)
            cells[column_index(c.get("r"))] = (value, style)
        width = max(max(cells) + 1 if cells else 0, len(rows[0]) if rows else 0)
        rows.append([cells.get(i, (None, None)) for i in range(width)])
    return names, rows


def excel_day(date):
    return (datetime.date.fromisoformat(str(date)) - datetime.date(1899, 12, 30)).days


def get(client, name, **params):
    return client.get(f"{EXPORTS}/{name}", params=params)


def sheet(client, name, **params):
    r = get(client, name, **params)
    assert r.status_code == 200, r.text
    return read_xlsx(r.content)


@pytest.fixture(scope="module")
def ent():
    return make_enterprise()


@pytest.fixture(scope="module")
def two(ent):
    """Two hazards of a fresh difang enterprise: one with a deadline, one major and overdue."""
    committee = signed_in("difang.committee")
    first = new_hazard(ent["id"], client=committee, description="=HYPERLINK(\"x\"),配电箱未加锁",
                       deadline=day(7))
    second = new_hazard(ent["id"], client=committee, description="消防通道堵塞", deadline=day(3))
    sql("update hazard set deadline = app.today() - 1 where id = %s", (second["id"],))
    return first, second


def test_hazards_xlsx_reads_back(ids, ent, two):
    first, second = two
    r = get(signed_in("difang.committee"), "hazards.xlsx", enterprise_id=ent["id"])
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == XLSX_TYPE
    zh = urllib.parse.quote("隐患台账")
    assert r.headers["Content-Disposition"] == (
        f"attachment; filename=\"hazards-{today()}.xlsx\"; filename*=UTF-8''{zh}-{today()}.xlsx")
    names, rows = read_xlsx(r.content)
    assert names == ["隐患台账"]
    assert [v for v, _ in rows[0]] == HAZARD_HEADERS
    # Newest first, as the list; every row of the filter, nothing else.
    assert [int(row[0][0]) for row in rows[1:]] == [second["id"], first["id"]]
    row = {HAZARD_HEADERS[i]: cell for i, cell in enumerate(rows[2])}
    assert row["隐患描述"][0] == "=HYPERLINK(\"x\"),配电箱未加锁"   # text, never a formula
    assert row["企业名称"][0] == first["enterprise_name"]
    assert row["状态"][0] == "待整改" and row["隐患等级"][0] == "一般隐患" and row["整改方式"][0] == "限期整改"
    assert row["是否逾期"][0] == "否" and rows[1][HAZARD_HEADERS.index("是否逾期")][0] == "是"
    # The deadline is a date cell: Excel's day number with a date format.
    assert row["整改期限"] == (excel_day(day(7)), "yyyy-mm-dd")
    created, fmt = row["登记时间"]
    assert fmt == "yyyy-mm-dd hh:mm" and int(created) == excel_day(today())
    assert row["销号时间"] == (None, None)


def test_hazards_csv_parses(ent, two):
    first, second = two
    r = get(signed_in("difang.committee"), "hazards.csv", enterprise_id=ent["id"])
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.headers["Content-Disposition"].startswith(f"attachment; filename=\"hazards-{today()}.csv\"")
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"), newline="")))
    assert rows[0] == HAZARD_HEADERS
    assert [int(row[0]) for row in rows[1:]] == [second["id"], first["id"]]
    by_id = {int(row[0]): dict(zip(HAZARD_HEADERS, row)) for row in rows[1:]}
    # A cell a spreadsheet would run as a formula is kept as text.
    assert by_id[first["id"]]["隐患描述"] == "'=HYPERLINK(\"x\"),配电箱未加锁"
    assert by_id[first["id"]]["整改期限"] == day(7) and by_id[second["id"]]["是否逾期"] == "是"


def test_the_lists_filters_pick_the_same_rows(ids, ent, two):
    committee = signed_in("difang.committee")
    for params in ({"overdue": "true"}, {"status": "reported,rectifying", "sort": "deadline"},
                   {"q": "消防通道"}, {"severity": "general", "overdue": "false"}):
        params = dict(params, enterprise_id=ent["id"])
        listed = [h["id"] for h in committee.get("/api/v1/hazards", params=dict(params, limit=200)).json()["items"]]
        rows = list(csv.reader(io.StringIO(get(committee, "hazards.csv", **params).content.decode("utf-8-sig"))))
        assert [int(row[0]) for row in rows[1:]] == listed, params
        assert listed, params


def test_a_township_never_exports_anothers_rows(ids, ent, two):
    first, _ = two
    for username in ("bailin.committee", "bailin.safety"):
        client = signed_in(username)
        for params in ({}, {"township_id": ids.township["difang"]}, {"enterprise_id": ent["id"]}):
            _, rows = sheet(client, "hazards.xlsx", **params)
            assert first["id"] not in [int(row[0][0]) for row in rows[1:]], (username, params)
            params.pop("enterprise_id", None)   # not a filter of the enterprise list
            _, rows = sheet(client, "enterprises.xlsx", **params)
            assert ent["id"] not in [int(row[0][0]) for row in rows[1:]], (username, params)
    # The county admin names the township.
    _, rows = sheet(signed_in("admin"), "hazards.xlsx", township_id=ids.township["difang"],
                            enterprise_id=ent["id"])
    assert first["id"] in [int(row[0][0]) for row in rows[1:]]
    # An enterprise user exports its own enterprise's hazards only.
    own = sql_value("select count(*) from hazard where enterprise_id = %s", (ids.enterprise["difang"],))
    _, rows = sheet(signed_in("difang.ent1"), "hazards.xlsx")
    assert len(rows) - 1 == own
    assert first["id"] not in [int(row[0][0]) for row in rows[1:]]


@pytest.mark.parametrize("name, params, field", [
    ("hazards.xlsx", {"status": "lost"}, "status"),
    ("hazards.csv", {"sort": "name"}, "sort"),
    ("hazards.xlsx", {"limit": "10"}, "limit"),
    ("hazards.csv", {"cursor": "1"}, "cursor"),
    ("enterprises.xlsx", {"risk_level": "purple"}, "risk_level"),
    ("inspections.csv", {"from": "yesterday"}, "from"),
    ("supervision-orders.xlsx", {"overdue": "perhaps"}, "overdue"),
])
def test_a_bad_filter_is_422(name, params, field):
    assert_error(get(signed_in("difang.committee"), name, **params), 422, fields=[field])


def test_who_may_export_is_who_may_list():
    assert_error(get(signed_in("difang.ent1"), "supervision-orders.xlsx"), 403)
    from conftest import anonymous
    assert_error(anonymous().get(f"{EXPORTS}/hazards.xlsx"), 401)


def test_enterprises_inspections_and_orders_ledgers(ids, ent):
    committee = signed_in("difang.committee")
    names, rows = sheet(committee, "enterprises.xlsx", q=ent["id"] and "隐患测试企业")
    assert names == ["企业台账"] and rows[0][0][0] == "企业编号" and rows[0][2][0] == "统一社会信用代码"
    assert ent["id"] in [int(row[0][0]) for row in rows[1:]]
    expected = sql_value("select count(*) from inspection where township_id = %s and status = 'submitted'",
                         (ids.township["difang"],))
    r = get(committee, "inspections.csv", status="submitted")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["检查编号", "企业名称", "检查类型", "检查日期"] and len(rows) - 1 == expected
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[3]) for row in rows[1:])
    names, rows = sheet(signed_in("difang.supervisor"), "supervision-orders.xlsx")
    orders = sql_value("select count(*) from supervision_order where township_id = %s", (ids.township["difang"],))
    assert names == ["督办台账"] and rows[0][0][0] == "督办单号" and len(rows) - 1 == orders
    if orders:
        assert re.match(r"^地方督〔\d{4}〕\d+号$", rows[1][0][0])
        assert rows[1][4][1] == "yyyy-mm-dd"
