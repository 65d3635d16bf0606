"""The public page a phone opens from the gate notice's QR code (/p/{token}).

The QR code, decoded as a phone decodes it (zbarimg), leads to /p/{token} on the
address and port the request reached -- never to a host the client's Host header
named -- unless SAFEGRID_PUBLIC_URL says otherwise.  The page is HTML in Chinese
with what the gate shows (the latest inspection with its kind; an on-the-spot hazard
without a deadline), every text escaped, and a tip form that works without scripts
and says what happens next.
"""
import re
import subprocess
import uuid
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from conftest import BASE_URL, anonymous, day, sql, sql_value, today
from test_public import (PUBLIC, SVG, cleanup, forget_tip_addresses, gate,  # noqa: F401 (fixtures)
                         make_enterprise)

PAGE = "/p/"


def qr_text(svg_bytes):
    """What a phone reads from the notice's QR code: its modules drawn as a bitmap
    (PBM, 8 pixels a module) and decoded by zbarimg."""
    root = ET.fromstring(svg_bytes)
    group = next(g for g in root.iter(SVG + "g") if g.get("class") == "qr")
    rects = group.findall(SVG + "rect")
    side = int(rects[0].get("width"))
    grid = [[0] * side for _ in range(side)]
    for r in rects[1:]:
        x, y, w = int(r.get("x")), int(r.get("y")), int(r.get("width"))
        for col in range(x, x + w):
            grid[y][col] = 1
    scale = 8
    rows = [" ".join(str(v) for v in row for _ in range(scale)) for row in grid for _ in range(scale)]
    pbm = f"P1\n{side * scale} {side * scale}\n" + "\n".join(rows) + "\n"
    out = subprocess.run(["zbarimg", "--quiet", "--raw", "-"], input=pbm.encode(),
                         capture_output=True, check=True)
    return out.stdout.decode().strip()


def test_the_qr_code_leads_to_the_public_page_at_the_address_and_port_reached(gate):
    r = anonymous().get(PUBLIC + gate["token"] + "/notice.svg")
    assert r.status_code == 200, r.text
    assert qr_text(r.content) == f"{BASE_URL}{PAGE}{gate['token']}"
    assert urlsplit(BASE_URL).port, "the test stack listens on a port of its own"


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8443", "127.0.0.1:1", "[::1]:80"])
def test_a_forged_host_header_never_reaches_the_qr_code(gate, host):
    r = anonymous().get(PUBLIC + gate["token"] + "/notice.svg", headers={"Host": host})
    assert r.status_code == 200, r.text
    assert qr_text(r.content) == f"{BASE_URL}{PAGE}{gate['token']}"


class Page(HTMLParser):
    """The page's elements (tag, attributes) and its text, as a browser parses them."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements, self.text = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag):
        return [a for t, a in self.elements if t == tag]

    @property
    def plain(self):
        return "".join(self.text)


def public_page(token):
    r = anonymous().get(PAGE + token)
    return r, Page(r.text)


def test_the_page_is_html_in_chinese_with_what_the_gate_shows(gate):
    r, page = public_page(gate["token"])
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert page.all("html")[0]["lang"] == "zh-CN"
    assert "width=device-width" in next(m["content"] for m in page.all("meta") if m.get("name") == "viewport")
    text = page.plain
    # The name with & < > " ' is text again after parsing, exactly.
    assert gate["name"] in text and page.all("title") and gate["name"] in r.text.replace("&amp;", "&") \
        .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
    assert "地方镇东村工业路8号" in text and "地方镇" in text and "地方镇安监办" in text
    self_on = sql_value("select inspected_on::text from inspection where enterprise_id = %s"
                        " and kind = 'self' and status = 'submitted'", (gate["id"],))
    assert f"{self_on}（企业自查）" in text
    # Open hazards with mode, deadline and status; the closed ones only counted.
    assert "P01 消防通道是否畅通，消火栓前是否堆放物品" in text and "已逾期·待整改" in text
    assert "重大隐患" in text and "整改中" in text and "已整改销号 1 项" in text
    assert "未销号隐患：2 项，其中逾期 1 项" in text
    for secret in ("公示测试：", "内部", "13900001111", "P02", "别家企业"):
        assert secret not in r.text, secret
    # What happens to a tip, and who handles it.
    assert "举报人信息严格保密" in text and "地方镇安全生产攻坚行动指挥部受理" in text
    # The form posts here without scripts; the script is a file of the site (the CSP
    # allows no inline script).
    form = page.all("form")[0]
    assert form["method"] == "post" and form["action"] == f"{PAGE}{gate['token']}/tip"
    names = {a.get("name") for a in page.all("textarea") + page.all("input")}
    assert {"text", "photo", "contact"} <= names
    scripts = page.all("script")
    assert scripts == [{"src": "/p/tip.js", "defer": None}]
    assert "<script>" not in r.text
    # The printable notice is a link away.
    assert {"href": f"{PAGE}{gate['token']}/notice"} in page.all("a")


def test_the_page_of_an_enterprise_with_many_hazards_lists_50_and_says_how_many_more():
    e = make_enterprise()
    sql("insert into hazard (township_id, enterprise_id, sector_id, source, description, severity,"
        " mode, deadline) select %s, %s, %s, 'registration', '公示测试：第' || n || '项', 'general',"
        " 'deadline', %s::date + n from generate_series(1, 57) n",
        (e["township_id"], e["id"], e["sector_id"], today()))
    r, page = public_page(e["token"])
    assert r.status_code == 200, r.text
    assert len([li for li in page.all("li") if "hazard" in li.get("class", "")]) == 50
    assert "未销号隐患：57 项" in page.plain
    assert "以上列出整改期限最近的 50 项，另有 7 项未列出。" in page.plain
    assert day(50) in page.plain and day(51) not in page.plain


def test_an_immediate_hazard_shows_no_deadline():
    e = make_enterprise()
    sql("insert into hazard (township_id, enterprise_id, sector_id, source, description, severity,"
        " mode, deadline) values (%s, %s, %s, 'registration', '公示测试：现场整改', 'general', 'immediate',"
        " null)", (e["township_id"], e["id"], e["sector_id"]))
    r, page = public_page(e["token"])
    assert "立即整改 · 待整改" in page.plain and "整改期限" not in page.plain
    assert "尚未检查" in page.plain


@pytest.mark.parametrize("name", [
    "<script>alert(1)</script>企业",
    "\"><img src=x onerror=alert(1)>企业",
    "' onmouseover='alert(1)企业",
    "</title><script>alert(1)</script>",
    "企业&lt;script&gt;",
    "名称\u0000\u0001\u202e\ufffe企业",
])
def test_the_page_is_safe_for_any_enterprise_name(name):
    made = make_enterprise(name=name.replace("\u0000", "") + uuid.uuid4().hex[:4])
    r, page = public_page(made["token"])
    assert r.status_code == 200, r.text
    # No element or attribute the name brought: only the page's own script and images.
    assert page.all("script") == [{"src": "/p/tip.js", "defer": None}]
    assert page.all("img") == []
    assert not any(k.startswith("on") for _, attrs in page.elements for k in attrs)
    assert "<script>alert" not in r.text and "<img" not in r.text
    # The text reads as given (control characters become spaces, U+FFFE U+FFFD).
    shown = made["name"].replace("\u0001", " ").replace("\ufffe", "\ufffd")
    assert shown in page.plain


def test_an_unknown_token_is_an_html_404():
    for token in ("0" * 32, "not-a-token", "a" * 64):
        r = anonymous().get(PAGE + token)
        assert r.status_code == 404
        assert r.headers["Content-Type"] == "text/html; charset=utf-8" and "不存在" in r.text


def test_the_print_page_frames_the_a4_notice(gate):
    r = anonymous().get(f"{PAGE}{gate['token']}/notice")
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "@page{size:A4 portrait;margin:0}" in r.text
    src = Page(r.text).all("img")[0]["src"]
    assert src == f"{PUBLIC}{gate['token']}/notice.svg"
    assert anonymous().get(src).status_code == 200
    assert anonymous().get(f"{PAGE}{'0' * 32}/notice").status_code == 404


def test_the_tip_script_is_served_as_a_script_under_the_sites_csp():
    r = anonymous().get(PAGE + "tip.js")
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert "/api/v1/public/tips" in r.text and "photo_upload_token" in r.text
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]


@pytest.fixture
def fresh_address():
    forget_tip_addresses()
    yield
    forget_tip_addresses()


def test_the_form_without_scripts_sends_a_tip(gate, fresh_address):
    text = f"公示测试：表单举报，配电房漏水（{uuid.uuid4().hex[:6]}）"
    r = anonymous().post(f"{PAGE}{gate['token']}/tip", data={"text": text, "contact": "138 0000 0000",
                                                             "photo": "IMG_0001.jpg"})
    assert r.status_code == 201, r.text
    assert r.headers["Content-Type"] == "text/html; charset=utf-8" and "举报已收到" in r.text
    row = sql("select * from tip where text = %s", (text,))
    assert len(row) == 1 and row[0]["enterprise_id"] == gate["id"] and row[0]["contact"] == "138 0000 0000"
    assert row[0]["status"] == "pending"


@pytest.mark.parametrize("token, body, status", [
    (None, {"text": "   "}, 422),
    (None, {"contact": "x"}, 422),
    (None, {"text": "长" * 1001}, 422),
    (None, {"text": "可以", "contact": "号" * 61}, 422),
    ("0" * 32, {"text": "找不到的企业"}, 404),
])
def test_a_bad_form_answers_a_page_and_stores_nothing(gate, fresh_address, token, body, status):
    before = sql_value("select count(*) from tip")
    r = anonymous().post(f"{PAGE}{token or gate['token']}/tip", data=body)
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert sql_value("select count(*) from tip") == before
    assert re.search(r"<h1>[^<]+</h1>", r.text)
