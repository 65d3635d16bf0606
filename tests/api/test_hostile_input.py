"""Every route, every documented parameter and body field, with values a careless or
hostile client sends: a value its schema refuses answers a 4xx in the API's error shape,
never a 2xx or a 5xx, and a write given a value its field cannot take changes nothing. A
hostile-looking value the schema allows (free search text such as "'; select ...") is
answered like any other: a 2xx, or a 4xx in the error shape, never a 5xx.

The routes and their parameters come from docs/openapi.yaml, which test_docs.py holds to
the route and field tables of fcgi/*.c: a route or field added there is swept here too.
"""
import copy
import datetime
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import in_year, signed_in, sql, year

OPENAPI = yaml.safe_load((Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml")
                         .read_text(encoding="utf-8"))
WRITES = ("post", "put", "patch")
BIG = 2 ** 63    # one past bigint

# Ids that no row has or no bigint is.
HOSTILE_IDS = ["0", "-1", str(BIG), "99999999999999999999999", "1e3", "0x10", "1.5", "%20", "%E2%80%AE"]

# By the parameter's schema, values it cannot take (or takes only at its edge).
HOSTILE_QUERY = {
    "integer": ["-1", "0", str(BIG), str(-BIG - 1), "1e3", "0x1f", " 7", "７", "", "NaN"],
    "boolean": ["maybe", "TRUE", "1", ""],
    "date": [in_year(2, 30), "0000-01-01", "99999-01-01", "5874898-01-01", "infinity",
             f"{year()}-1-1", in_year(1, 1).replace("-", ""), ""],
    "string": ["", "x" * 5000, "'; select pg_sleep(10); --", "%", "_", "\\", "\u202e",
               "\U0001f600", ",", ",,,", "a,b,c,d,e,f,g,h,i,j,k"],
}


def resolve(node):
    """node with its $ref followed (one level; the schemas here are shallow)."""
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].split("/")
        node = OPENAPI
        for part in name[1:]:
            node = node[part]
    return node


def kind(schema):
    schema = resolve(schema or {})
    t = schema.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), "string")
    if t == "string" and schema.get("format") == "date":
        return "date"
    return t or "string"


def properties(schema):
    """The body's fields: {name: schema}, through allOf."""
    schema = resolve(schema)
    props = dict(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        props.update(properties(part))
    return props


def routes():
    for path, ops in OPENAPI["paths"].items():
        for method, op in ops.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield method, path, op


def fill(path, id_value="1"):
    return re.sub(r"\{[^}]+\}", id_value, path)


def allowed(schema, name, value):
    """Whether a query parameter of this schema takes value: True, False, or None where the
    schema alone does not say (free text the route may still refuse)."""
    schema = resolve(schema or {})
    k = kind(schema)
    if name == "cursor":
        return False      # only the API's own cursors are taken
    if k == "integer":
        if not re.fullmatch(r"-?[0-9]+", value) or not -2 ** 63 <= int(value) < 2 ** 63:
            return False
        return schema.get("minimum", -2 ** 63) <= int(value) <= schema.get("maximum", 2 ** 63)
    if k == "boolean":
        return value in ("true", "false")
    if k == "date":
        try:
            return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)) and \
                datetime.date.fromisoformat(value).year >= 1
        except ValueError:
            return False
    if "enum" in schema:
        return value in schema["enum"]
    if not schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", 10 ** 9):
        return False
    return None


def expect_answer(r, what, allowed_value):
    """A refused value is a 4xx in the error shape; an allowed one a 2xx; either where the
    schema does not decide; never a 5xx."""
    if allowed_value is None and r.status_code < 300:
        assert r.status_code == 200, f"{what}: {r.status_code} {r.text[:300]}"
    elif allowed_value:
        assert r.status_code == 200, f"{what}: {r.status_code} {r.text[:300]}"
    else:
        expect_client_error(r, what)


def expect_client_error(r, what):
    assert 400 <= r.status_code < 500, f"{what}: {r.status_code} {r.text[:300]}"
    body = r.json()
    assert set(body) == {"error"} and body["error"].get("code") and "message" in body["error"] \
        and isinstance(body["error"].get("details"), list), f"{what}: {r.text[:300]}"


CALLERS = ("difang.committee", "admin")


@pytest.fixture(scope="module")
def clients():
    return {name: signed_in(name) for name in CALLERS}


QUERY_CASES = [(m, p, param) for m, p, op in routes() if m == "get"
               for param in map(resolve, op.get("parameters", [])) if param.get("in") == "query"]


@pytest.mark.parametrize("method,path,param", QUERY_CASES,
                         ids=[f"{p}?{q['name']}" for _, p, q in QUERY_CASES])
def test_query_parameters_take_hostile_values_with_4xx(clients, method, path, param):
    values = HOSTILE_QUERY[kind(param.get("schema"))]
    if "enum" in resolve(param.get("schema", {})):
        values = values + ["nope", "GENERAL"]
    for name, client in clients.items():
        for value in values:
            r = client.get(fill(path), params={param["name"]: value})
            expect_answer(r, f"{name} GET {path}?{param['name']}={value[:40]!r}",
                          allowed(param.get("schema"), param["name"], value))


ID_CASES = [(m, p) for m, p, _ in routes() if "{" in p and "{token}" not in p]


@pytest.mark.parametrize("method,path", ID_CASES, ids=[f"{m} {p}" for m, p in ID_CASES])
def test_path_ids_that_are_no_row_or_no_number_are_4xx(clients, method, path):
    for name, client in clients.items():
        for value in HOSTILE_IDS:
            r = client.request(method.upper(), fill(path, value),
                               json={} if method in WRITES else None)
            expect_client_error(r, f"{name} {method.upper()} {fill(path, value)}")


def hostile_values(schema):
    """Values a field of this schema cannot take."""
    schema = resolve(schema)
    k = kind(schema)
    values = [[], {"a": {"b": [1, {"c": None}]}}]
    if k == "integer":
        values += ["1", 1.5, BIG, -BIG - 1, 1e300, True]
        if "minimum" in schema:
            values.append(schema["minimum"] - 1)
        if "maximum" in schema:
            values.append(schema["maximum"] + 1)
    elif k == "boolean":
        values += ["true", 1]
    elif k == "date":
        values += [in_year(2, 30), "0000-01-01", "99999-01-01", "5874898-01-01", year() * 10000 + 101,
                   "infinity"]
    elif k == "string":
        values += [5, True, "a\u0000b", "\ud800"]
        if "maxLength" in schema:
            values.append("长" * (schema["maxLength"] + 1))
        if "enum" in schema:
            values.append("nope")
        if "minLength" in schema and schema["minLength"] > 0:
            values.append("")
    elif k == "array":
        values += ["a", [[[[[[[[1]]]]]]]], [None] * 10001]
    elif k == "object":
        values += ["a", [1]]
    return values


BODY_CASES = []
for m, p, op in routes():
    if m not in WRITES or "requestBody" not in op:
        continue
    content = op["requestBody"].get("content", {})
    if "application/json" not in content:
        continue
    for field, schema in properties(content["application/json"]["schema"]).items():
        BODY_CASES.append((m, p, field, schema))


def counts():
    """Rows of every table of the schema public (one query): what a refused write must leave."""
    tables = [r["relname"] for r in sql("select relname from pg_stat_user_tables where schemaname = 'public'"
                                        " and relname not in ('session', 'login_attempt', 'audit_log')"
                                        " order by relname")]
    return sql("select " + ", ".join(f'(select count(*) from public."{t}") as "{t}"' for t in tables))[0]


@pytest.mark.parametrize("method,path,field,schema", BODY_CASES,
                         ids=[f"{m} {p} {f}" for m, p, f, _ in BODY_CASES])
def test_body_fields_given_what_they_cannot_take_are_4xx_and_change_nothing(
        clients, method, path, field, schema):
    target = fill(path)
    before = counts()
    for name, client in clients.items():
        for value in hostile_values(schema):
            body = {field: copy.deepcopy(value)}
            r = client.request(method.upper(), target, data=json.dumps(body),
                               headers={"Content-Type": "application/json"})
            expect_client_error(r, f"{name} {method.upper()} {target} {field}={json.dumps(value)[:60]}")
            assert r.status_code >= 400, \
                f"{name} {method.upper()} {target} took {field}={json.dumps(value)[:60]}: {r.text[:200]}"
    assert counts() == before
