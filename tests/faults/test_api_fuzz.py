"""A structure-aware fuzzer of the running stack's write routes.

Bodies are built from the request schemas of docs/openapi.yaml: valid in shape
but odd in content -- strings of exactly their longest length in CJK, emoji,
combining marks, zero-width and right-to-left characters, escaped control
characters, numbers at and just past their bounds and at 2^31 and 2^63, far and
leap dates, empty and longest arrays, null where null is allowed, an unknown
member now and then, optional members left out -- and sent to every write route
(POST, PUT, PATCH, DELETE; uploads and the CSV import get odd bytes) as the
county admin and a township's committee, supervisor, safety department and
enterprise, with path ids of real rows, of rows that do not exist and past 2^63.

For SAFEGRID_API_FUZZ_SECONDS (default 60): no answer may be a 5xx, every error
must be the JSON error shape, and no worker may die (the supervisor's workers
are the same processes before and after).
"""
import json
import os
import random
import time

import requests
import yaml

from conftest import (BASE_URL, REPO, alive, day, error_shape, login, record, sql,
                      worker_pids)

SECONDS = float(os.environ.get("SAFEGRID_API_FUZZ_SECONDS", "60"))
USERS = ("admin", "difang.committee", "difang.supervisor", "difang.safety", "difang.ent1")
WRITE_METHODS = ("post", "put", "patch", "delete")

ODD_TEXT = [
    "安全生产", "𠀀𪚥🏭⚠️👷‍♀️", "e\u0301\u0301\u0301", "\u200b\u200d\ufeff", "\u202eRTL\u202c",
    "\u0001\u001f\u007f", "' OR 1=1 --", "<script>alert(1)</script>", "%00%2e%2e/",
    "\\u0000", "  ", "\u3000全角空格\u3000", "\U0010fffd", "ℌ𝔢𝔩𝔩𝔬", "Ａ１２",
]
ODD_DATES = ["1970-01-01", "2024-02-29", "9999-12-31", "0001-01-01", "2100-02-28"]


class Schemas:
    def __init__(self, spec):
        self.spec = spec

    def resolve(self, schema):
        while isinstance(schema, dict) and "$ref" in schema:
            node = self.spec
            for part in schema["$ref"].lstrip("#/").split("/"):
                node = node[part]
            schema = node
        return schema or {}


def odd_string(rng, schema):
    if "enum" in schema:
        return rng.choice(schema["enum"])
    fmt = schema.get("format")
    if fmt == "date":
        return rng.choice(ODD_DATES + [day(rng.randint(-400, 400))])
    if fmt == "date-time":
        return rng.choice([f"{day(0)}T00:00:00+08:00", "9999-12-31T23:59:59Z", "2024-02-29T12:00:00.123456+14:00"])
    low, high = schema.get("minLength", 0), schema.get("maxLength", 60)
    length = rng.choice([low, high, high, max(low, 1), rng.randint(low, max(low, high))])
    piece = rng.choice(ODD_TEXT)
    text = (piece * (length // max(len(piece), 1) + 1))[:length]
    if schema.get("pattern") and rng.random() < 0.7:
        return rng.choice(["91350100M000100Y43", "13800000000", "A-01", "abc", "0"])
    return text


def odd_int(rng, schema):
    low = schema.get("minimum", -2 ** 31)
    high = schema.get("maximum", 2 ** 31 - 1)
    return rng.choice([low, high, high + 1, low - 1, 0, 1, -1, 2 ** 31 - 1, 2 ** 31, 2 ** 63 - 1,
                       2 ** 63, rng.randint(1, 50)])


def generate(schemas, rng, schema, depth=0):
    schema = schemas.resolve(schema)
    for combo in ("oneOf", "anyOf"):
        if combo in schema:
            return generate(schemas, rng, rng.choice(schema[combo]), depth)
    if "allOf" in schema:
        merged = {"type": "object", "properties": {}, "required": []}
        for part in schema["allOf"]:
            part = schemas.resolve(part)
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += part.get("required", [])
        schema = merged
    kind = schema.get("type")
    if isinstance(kind, list):
        if "null" in kind and rng.random() < 0.2:
            return None
        kind = rng.choice([k for k in kind if k != "null"] or ["string"])
    if schema.get("nullable") and rng.random() < 0.15:
        return None
    if kind == "object" or "properties" in schema:
        if depth > 4:
            return {}
        out = {}
        required = set(schema.get("required", []))
        for name, sub in schema.get("properties", {}).items():
            if name in required or rng.random() < 0.6:
                out[name] = generate(schemas, rng, sub, depth + 1)
        if rng.random() < 0.05:
            out["unexpected_" + rng.choice(["x", "版本", "__proto__"])] = 1
        return out
    if kind == "array":
        items = schema.get("items", {"type": "string"})
        low, high = schema.get("minItems", 0), min(schema.get("maxItems", 5), 60)
        n = rng.choice([low, high, rng.randint(low, max(low, high))])
        return [generate(schemas, rng, items, depth + 1) for _ in range(n)]
    if kind == "integer":
        return odd_int(rng, schema)
    if kind == "number":
        return rng.choice([0, -0.0, 1e-300, 1.7976931348623157e308, 0.1, odd_int(rng, schema)])
    if kind == "boolean":
        return rng.choice([True, False])
    return odd_string(rng, schema)


ODD_FILES = [
    b"", b"\xff\xd8\xff", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20, b"%PDF-", b"%PDF-1.7\n%%EOF",
    b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + b"\xff" * 17,
    b"RIFF\xff\xff\xff\xffWEBPVP8 ", b"GIF89a", "统一社会信用代码,企业名称\n".encode(),
    "统一社会信用代码,企业名称,行业领域,所属网格,地址,法定代表人,安全负责人,联系电话\n\"a".encode(),
    "企业名称\n".encode("gb18030"), b"\x00" * 100,
]


def path_for(rng, template, ids):
    out = []
    for part in template.split("/"):
        if part == "{id}":
            part = str(rng.choice(ids + [999999999, 9223372036854775807, 1]))
        elif part == "{item}":
            part = rng.choice(["A-01", "1", "%E4%B8%AD", "x" * 100])
        elif part == "{token}":
            part = rng.choice(["0" * 32, "zz", "a" * 200])
        out.append(part)
    return "/".join(out)


def write_routes(spec):
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method in WRITE_METHODS:
                yield method.upper(), path, op


def test_write_routes_survive_odd_bodies():
    with open(os.path.join(REPO, "docs", "openapi.yaml"), encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    schemas = Schemas(spec)
    routes = [r for r in write_routes(spec)
              # Ending the fuzzer's own sessions would only make it test 401s.
              if r[1] not in ("/api/v1/auth/logout",)]
    assert len(routes) > 40, "docs/openapi.yaml lists fewer write routes than expected"
    rng = random.Random(int(os.environ.get("SAFEGRID_API_FUZZ_SEED", time.time())))
    clients = {u: login(u) for u in USERS}
    ids = [r["id"] for r in sql("select id from (select id from task union select id from hazard"
                                " union select id from enterprise union select id from campaign"
                                " union select id from app_user) x order by random() limit 40")]
    before = worker_pids()
    assert before
    sent, by_status, failures, refused = 0, {}, [], set()
    users, lost_users = list(USERS), []
    started = time.monotonic()
    while time.monotonic() - started < SECONDS:
        method, template, op = rng.choice(routes)
        # A user the route has refused (403) is asked no more: the fuzzer's time goes to
        # the input checks and the handlers, not to the permission table.
        allowed = [u for u in users if (method, template, u) not in refused] or users
        user = rng.choice(allowed)
        client = clients[user]
        path = path_for(rng, template, ids)
        content = op.get("requestBody", {}).get("content", {})
        kwargs = {}
        if "application/json" in content:
            body = generate(schemas, rng, content["application/json"].get("schema", {}))
            kwargs = {"data": json.dumps(body, ensure_ascii=rng.random() < 0.5).encode(),
                      "headers": {"Content-Type": "application/json"}}
        elif content:
            kind = rng.choice(list(content))
            data = rng.choice(ODD_FILES)
            if kind == "application/x-www-form-urlencoded":
                data = ("text=" + "%E4%B8%AD" * rng.choice([0, 1, 1000, 3000]) + "&contact=%ZZ").encode()
            kwargs = {"data": data, "headers": {"Content-Type": kind,
                                                 "X-File-Name": rng.choice(["a.jpg", "%E7%85%A7.png", "%00", "../x"])}}
        try:
            r = client.request(method, f"{BASE_URL}{path}", timeout=30, **kwargs)
        except requests.RequestException as e:
            failures.append(f"{method} {path}: no answer ({e.__class__.__name__})")
            continue
        sent += 1
        by_status[r.status_code] = by_status.get(r.status_code, 0) + 1
        if r.status_code >= 500:
            failures.append(f"{method} {path} as {user}: {r.status_code} {r.text[:300]}"
                            f" <- {kwargs.get('data', b'')[:300]!r}")
        elif r.status_code >= 400 and path.startswith("/api/") and not error_shape(r):
            failures.append(f"{method} {path}: {r.status_code} not the JSON error shape")
        if r.status_code == 403:
            refused.add((method, template, user))
        if r.status_code == 401:
            # The fuzzer changed that user (its password, its role, disabled it): a new
            # session, or, if it can no longer sign in, the others go on without it.
            try:
                clients[user] = login(user)
            except AssertionError:
                users.remove(user)
                lost_users.append(user)
                if not users:
                    break
    after = worker_pids()
    died = [p for p in before if not alive(p)]
    record("Structure-aware API fuzzer (tests/faults/test_api_fuzz.py)",
           seconds=SECONDS, write_routes=len(routes), requests=sent,
           answers_by_status=by_status, failures=len(failures), workers_died=len(died),
           users_that_could_no_longer_sign_in=", ".join(lost_users) or "none")
    assert failures == [], "\n".join(failures[:20])
    assert died == [] and after == before, f"workers before {before}, after {after}"
