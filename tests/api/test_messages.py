"""Error messages in the language the request asks for (fcgi/base/message.c).

Simplified Chinese for `Accept-Language: zh-CN` and for a request that states no
language; English for `en`. Codes, fields and statuses are the same in both.
"""
import re

import pytest

from conftest import anonymous, signed_in

CHINESE = re.compile("[\u4e00-\u9fff]")


def languages(client, method, path, **kwargs):
    """The same request in zh-CN, en and with no Accept-Language."""
    out = {}
    for lang in ("zh-CN", "en", None):
        headers = dict(kwargs.pop("headers", {}) or {})
        other = client.copy() if hasattr(client, "copy") and client.user else anonymous()
        other.headers.pop("Accept-Language", None)
        if lang:
            headers["Accept-Language"] = lang
        out[lang] = other.request(method, path, headers=headers, **kwargs)
    return out


def test_an_error_message_is_chinese_when_asked_or_unstated_and_english_for_en():
    answers = languages(anonymous(), "GET", "/api/v1/me")
    for lang, r in answers.items():
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "not_signed_in"
    assert answers["zh-CN"].json()["error"]["message"] == "请先登录"
    assert answers[None].json()["error"]["message"] == "请先登录"
    assert answers["en"].json()["error"]["message"] == "sign in first"


def test_validation_details_keep_field_and_code_and_are_translated():
    client = signed_in("difang.safety")
    body = {"enterprise_id": 1, "description": "", "severity": "grave", "mode": "deadline"}
    answers = languages(client, "POST", "/api/v1/hazards", json=body)
    zh, en = answers["zh-CN"].json()["error"], answers["en"].json()["error"]
    assert answers["zh-CN"].status_code == answers["en"].status_code == 422
    assert [(d["field"], d["code"]) for d in zh["details"]] == [(d["field"], d["code"]) for d in en["details"]]
    by_field = {d["field"]: d for d in zh["details"]}
    assert by_field["severity"]["message"] == "应为以下之一：general major"
    assert CHINESE.search(by_field["description"]["message"]), by_field
    assert zh["message"] == "部分内容填写有误"
    assert all(not CHINESE.search(d["message"]) for d in en["details"])


def test_a_handler_message_is_answered_in_chinese():
    client = signed_in("difang.ent1")
    # An enterprise user may not verify: the life cycle says so in its own words.
    hazards = client.get("/api/v1/hazards", params={"limit": 1}).json()["items"]
    if not hazards:
        pytest.skip("the enterprise has no hazard in the demo county")
    h = hazards[0]
    answers = languages(client, "POST", f"/api/v1/hazards/{h['id']}/transitions",
                        json={"action": "verify", "version": h["version"]})
    zh = answers["zh-CN"].json()["error"]
    assert answers["zh-CN"].status_code == 403 and zh["code"] == "forbidden"
    assert CHINESE.search(zh["message"]), zh
    assert not CHINESE.search(answers["en"].json()["error"]["message"])


def test_a_weak_new_password_is_answered_beside_its_field_in_chinese():
    client = signed_in("difang.supervisor")
    r = languages(client, "POST", "/api/v1/me/password",
                  json={"current_password": "safegrid-demo", "new_password": "short"})["zh-CN"]
    assert r.status_code == 422
    detail = next(d for d in r.json()["error"]["details"] if d["field"] == "new_password")
    assert CHINESE.search(detail["message"]), detail


def test_nginx_answers_its_own_errors_in_the_same_language():
    big = b"x" * (13 * 1024 * 1024)
    zh = anonymous().post("/api/v1/auth/login", data=big, headers={"Accept-Language": "zh-CN",
                                                                     "Content-Type": "application/json"})
    en = anonymous().post("/api/v1/auth/login", data=big, headers={"Accept-Language": "en-US,en;q=0.9",
                                                                     "Content-Type": "application/json"})
    assert zh.status_code == en.status_code == 413
    assert zh.json()["error"] == {"code": "payload_too_large", "message": "请求内容过大", "details": []}
    assert en.json()["error"]["message"] == "request body too large"


def test_an_import_row_problem_is_answered_in_chinese_with_its_column():
    from test_enterprises import new_code, wrong_check
    client = signed_in("difang.committee")
    sector = client.get("/api/v1/sectors").json()["items"][0]["name"]
    header = "统一社会信用代码,企业名称,行业领域,所属网格,地址,法定代表人,安全负责人,联系电话"
    body = f"{header}\n{wrong_check(new_code())},语言测试企业,{sector},,,,,\n".encode()
    other = client.copy()
    other.headers["Accept-Language"] = "zh-CN"
    r = other.post("/api/v1/enterprises/import", data=body, headers={"Content-Type": "text/csv"})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["message"] == "有的行有误，全部未导入"
    detail = error["details"][0]
    assert (detail["field"], detail["line"], detail["column"]) == ("line 2", 2, "统一社会信用代码")
    assert detail["message"] == "统一社会信用代码：校验位（第 18 位）不符，是否有字符输错？"


def test_an_id_list_is_checked_by_one_validator_whose_message_is_translated():
    """inspector_ids, sector_ids, hazard_ids ...: field_ids (fcgi/input/fields.c) says the same everywhere."""
    client = signed_in("difang.safety")
    answers = languages(client, "POST", "/api/v1/inspections", json={"inspector_ids": [1, "2"]})
    for lang, r in answers.items():
        assert r.status_code == 422, r.text
    zh = {d["field"]: d for d in answers["zh-CN"].json()["error"]["details"]}
    en = {d["field"]: d for d in answers["en"].json()["error"]["details"]}
    assert (en["inspector_ids"]["code"], en["inspector_ids"]["message"]) == ("type", "must be a list of ids")
    assert (zh["inspector_ids"]["code"], zh["inspector_ids"]["message"]) == ("type", "应为编号（正整数）的列表")


@pytest.mark.parametrize("body, zh", [
    (b"{a:1}", "此处应为带引号的字段名"),
    (b'{"a":1', "JSON 内容不完整，提前结束"),
    (b'{"a":"\x01"}', "字符串中含有未转义的控制字符，JSON 只允许转义形式"),
    (b"[1]", "请求内容应为 JSON 对象"),
])
def test_the_json_parsers_reasons_are_chinese_too(body, zh):
    client = signed_in("difang.safety")
    client.headers.pop("Accept-Language", None)
    headers = {"Content-Type": "application/json", "Idempotency-Key": "json-reasons"}
    r = client.post("/api/v1/hazards", data=body, headers=headers)
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_json"
    assert r.json()["error"]["message"] == zh
    english = client.post("/api/v1/hazards", data=body, headers=dict(headers, **{"Accept-Language": "en"}))
    assert not CHINESE.search(english.json()["error"]["message"])
