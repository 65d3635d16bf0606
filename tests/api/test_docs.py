"""The documentation agrees with the code.

- docs/openapi.yaml has exactly the routes of `safegridctl routes`, each with its action
  as `x-action`, and the body fields and query parameters that the route's field tables
  declare (`safegridctl fields`);
- the matrix in docs/permissions.md is exactly `safegridctl permissions`;
- the README's configuration table lists every variable of fcgi/base/config.c with its default,
  and its layout names every file of fcgi/;
- the Error schema lists every code of the error table.

Needs only a build (`make build`; SAFEGRID_BIN names another build folder) and the
sources, no running stack. The API tests' conftest.py wants a stack's environment, so on
its own this file runs as:

    /usr/bin/python3 -m pytest --noconftest tests/api/test_docs.py
"""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
FCGI = REPO / "fcgi"
OPENAPI = REPO / "docs" / "openapi.yaml"
PERMISSIONS = REPO / "docs" / "permissions.md"
README = REPO / "README.md"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def safegridctl(*args):
    bin_dir = Path(os.environ.get("SAFEGRID_BIN", "build"))
    if not bin_dir.is_absolute():
        bin_dir = REPO / bin_dir
    exe = bin_dir / "safegridctl"
    assert os.access(exe, os.X_OK), f"{exe} not found: run `make build` first"
    done = subprocess.run([str(exe), *args], cwd=REPO, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, f"safegridctl {' '.join(args)} failed: {done.stderr}"
    return done.stdout


# --- what the code says --------------------------------------------------------------

def route_table():
    """[(METHOD, path, action)] as `safegridctl routes` prints them."""
    rows = []
    for line in safegridctl("routes").splitlines():
        method, path, action = line.split()
        rows.append((method, path, action))
    assert rows, "safegridctl routes printed nothing"
    return rows


def route_fields():
    """{(METHOD, path): (flags, body fields or None, query fields or None)} from
    `safegridctl fields`; fields are {name: {type, required, nullable, min, max, choices}}."""
    rows = {}
    for route in json.loads(safegridctl("fields")):
        rows[(route["method"], route["path"])] = (set(route["flags"]), route["body"], route["query"])
    assert rows, "safegridctl fields printed nothing"
    return rows


def error_codes():
    text = (FCGI / "base" / "error.h").read_text(encoding="utf-8")
    return [code for name, code in re.findall(r'X\(\s*(ERR_\w+)\s*,\s*\d+\s*,\s*"(\w+)"', text)
            if name != "ERR_NONE"]


def config_settings():
    """[(variable, fallback)] from the settings table of fcgi/base/config.c."""
    text = (FCGI / "base" / "config.c").read_text(encoding="utf-8")
    settings = re.findall(r'\{\s*"([A-Z][A-Z0-9_]*)"\s*,\s*KIND_\w+\s*,\s*offsetof\([^)]*\)\s*,'
                          r'\s*"([^"]*)"', text)
    assert settings, "no settings found in fcgi/base/config.c"
    return settings


# --- what the documents say ----------------------------------------------------------

class StrictLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice (PyYAML keeps the last silently)."""


def _mapping_without_duplicates(loader, node, deep=False):
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    twice = sorted({str(k) for k in keys if keys.count(k) > 1})
    if twice:
        raise yaml.constructor.ConstructorError(None, None, f"keys given twice: {twice}",
                                                node.start_mark)
    return loader.construct_mapping(node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                             _mapping_without_duplicates)


@pytest.fixture(scope="module")
def openapi():
    with OPENAPI.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=StrictLoader)


def operations(spec):
    """{(METHOD, path): (operation, path item)}"""
    ops = {}
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                ops[(method.upper(), path)] = (item[method], item)
    return ops


def resolve(spec, node):
    while isinstance(node, dict) and "$ref" in node:
        target = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def declared_parameters(spec, operation, item):
    params = {}
    for p in item.get("parameters", []) + operation.get("parameters", []):
        p = resolve(spec, p)
        params[(p["in"], p["name"])] = p
    return params


# --- the checks ----------------------------------------------------------------------

def test_openapi_is_3_0_3_and_every_operation_is_described(openapi):
    assert openapi["openapi"] == "3.0.3"
    for (method, path), (op, _item) in operations(openapi).items():
        assert op.get("summary"), f"{method} {path} has no summary"
        assert op.get("responses"), f"{method} {path} lists no responses"


SCHEMA_KEYS = {"title", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
               "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems",
               "maxProperties", "minProperties", "required", "enum", "type", "allOf", "oneOf",
               "anyOf", "not", "items", "properties", "additionalProperties", "description",
               "format", "default", "nullable", "discriminator", "readOnly", "writeOnly", "xml",
               "externalDocs", "example", "deprecated", "$ref"}
MEDIA_TYPE_KEYS = {"schema", "example", "examples", "encoding"}


def walk_schemas(schema, where):
    """Every (where, schema object) inside schema, itself included."""
    yield where, schema
    if not isinstance(schema, dict):
        return
    for key in ("items", "not", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from walk_schemas(schema[key], f"{where}.{key}")
    for key in ("allOf", "oneOf", "anyOf"):
        for i, sub in enumerate(schema.get(key, [])):
            yield from walk_schemas(sub, f"{where}.{key}[{i}]")
    for name, sub in (schema.get("properties") or {}).items():
        yield from walk_schemas(sub, f"{where}.properties.{name}")


def all_refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from all_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from all_refs(value)


def test_openapi_is_well_formed(openapi):
    """What a YAML parser lets through: broken references, unknown schema keywords (a comma
    in an unquoted flow-mapping description makes one), keys misplaced in media types."""
    problems = []
    for ref in set(all_refs(openapi)):
        try:
            resolve(openapi, {"$ref": ref})
        except (KeyError, TypeError):
            problems.append(f"$ref {ref} does not resolve")
    schemas = [(f"components.schemas.{n}", s) for n, s in openapi["components"]["schemas"].items()]
    for (method, path), (op, item) in operations(openapi).items():
        bodies = [resolve(openapi, op.get("requestBody", {}))]
        bodies += [resolve(openapi, r) for r in op["responses"].values()]
        for body in bodies:
            for media, content in (body.get("content") or {}).items():
                where = f"{method} {path} {media}"
                extra = set(content) - MEDIA_TYPE_KEYS
                if extra:
                    problems.append(f"{where}: not allowed in a media type: {sorted(extra)}")
                schemas.append((where, content.get("schema", {})))
        for (_, name), p in declared_parameters(openapi, op, item).items():
            schemas.append((f"{method} {path} parameter {name}", p.get("schema", {})))
        for status in op["responses"]:
            if not re.fullmatch(r"[1-5]\d\d|default", str(status)):
                problems.append(f"{method} {path}: response key {status!r} is not a status")
    for where, schema in schemas:
        for at, sub in walk_schemas(schema, where):
            if not isinstance(sub, dict):
                problems.append(f"{at}: a schema must be a mapping, not {sub!r}")
            elif set(sub) - SCHEMA_KEYS:
                problems.append(f"{at}: unknown schema keywords {sorted(set(sub) - SCHEMA_KEYS)}")
    assert not problems, "docs/openapi.yaml is malformed:\n" + "\n".join(sorted(set(problems)))


def test_openapi_has_exactly_the_routes_of_the_route_table(openapi):
    code = {(method, path) for method, path, _ in route_table()}
    docs = set(operations(openapi))
    assert not code - docs, f"routes missing from docs/openapi.yaml: {sorted(code - docs)}"
    assert not docs - code, f"docs/openapi.yaml has routes the server lacks: {sorted(docs - code)}"


def test_every_operation_names_its_routes_action(openapi):
    ops = operations(openapi)
    wrong = [(method, path, ops[(method, path)][0].get("x-action"), action)
             for method, path, action in route_table()
             if (method, path) in ops and ops[(method, path)][0].get("x-action") != action]
    assert not wrong, f"x-action differs from the route table (method, path, docs, code): {wrong}"


def test_path_parameters_are_declared(openapi):
    for (method, path), (op, item) in operations(openapi).items():
        names = set(re.findall(r"\{(\w+)\}", path))
        declared = {name for where, name in declared_parameters(openapi, op, item) if where == "path"}
        assert names == declared, f"{method} {path}: path parameters {names}, declared {declared}"


OPENAPI_TYPES = {
    "string": ("string", None),
    "int": ("integer", None),
    "id": ("integer", None),
    "bool": ("boolean", None),
    "date": ("string", "date"),
    "enum": ("string", None),
    "object": ("object", None),
    "array": ("array", None),
}


def check_field(where, field, schema):
    """Problems between one declared field and its schema in the docs."""
    problems = []
    want_type, want_format = OPENAPI_TYPES[field["type"]]
    if schema.get("type") != want_type:
        problems.append(f"{where}: type {schema.get('type')}, code says {want_type}")
    if want_format and schema.get("format") != want_format:
        problems.append(f"{where}: format {schema.get('format')}, code says {want_format}")
    if field["choices"] is not None and schema.get("enum") != field["choices"]:
        problems.append(f"{where}: enum {schema.get('enum')}, code says {field['choices']}")
    if bool(schema.get("nullable")) != field["nullable"]:
        problems.append(f"{where}: nullable {bool(schema.get('nullable'))}, code says {field['nullable']}")
    lo, hi = field["min"], field["max"]
    if field["type"] == "string":
        # The docs may state a stricter minimum that the handler enforces (passwords).
        if hi and schema.get("maxLength") != hi:
            problems.append(f"{where}: maxLength {schema.get('maxLength')}, code says {hi}")
        if lo and (schema.get("minLength") or 0) < lo:
            problems.append(f"{where}: minLength {schema.get('minLength')}, code says {lo}")
    elif field["type"] == "int":
        if lo is not None and schema.get("minimum") != lo:
            problems.append(f"{where}: minimum {schema.get('minimum')}, code says {lo}")
        if hi and schema.get("maximum") != hi:
            problems.append(f"{where}: maximum {schema.get('maximum')}, code says {hi}")
    elif field["type"] == "id":
        if schema.get("minimum") != 1:
            problems.append(f"{where}: an id has minimum 1")
    elif field["type"] == "array":
        if hi and schema.get("maxItems") != hi:
            problems.append(f"{where}: maxItems {schema.get('maxItems')}, code says {hi}")
        if lo and schema.get("minItems") != lo:
            problems.append(f"{where}: minItems {schema.get('minItems')}, code says {lo}")
    return problems


NONE = {"type": "string", "enum": ["none"]}


def test_bodies_and_query_parameters_match_the_field_tables(openapi):
    rows = route_fields()
    ops = operations(openapi)
    assert set(rows) == {(m, p) for m, p, _ in route_table()}, \
        "`safegridctl fields` and `safegridctl routes` list different routes"
    problems = []
    for (method, path), (flags, body_fields, query_fields) in sorted(rows.items()):
        if (method, path) not in ops:
            continue   # reported by test_openapi_has_exactly_the_routes_of_the_route_table
        op, item = ops[(method, path)]
        name = f"{method} {path}"
        content = resolve(openapi, op.get("requestBody", {})).get("content", {})

        body = body_fields or {}
        if "body_json" in flags:
            if list(content) != ["application/json"]:
                problems.append(f"{name}: takes a JSON body; document application/json only")
            schema = resolve(openapi, content.get("application/json", {}).get("schema", {}))
            props = {k: resolve(openapi, v) for k, v in schema.get("properties", {}).items()}
            if set(props) != set(body):
                problems.append(f"{name}: body fields {sorted(props)}, code declares {sorted(body)}")
            required = {f for f, d in body.items() if d["required"]}
            if set(schema.get("required", [])) != required:
                problems.append(f"{name}: required {sorted(schema.get('required', []))}, "
                                f"code requires {sorted(required)}")
            if schema.get("additionalProperties") is not False:
                problems.append(f"{name}: the body refuses undeclared fields; say additionalProperties: false")
            for field, decl in body.items():
                if field in props:
                    problems += check_field(f"{name} body.{field}", decl, props[field])
        elif "body_raw" in flags:
            if not content or "application/json" in content:
                problems.append(f"{name}: takes raw bytes; document their media types, not JSON")
        elif "requestBody" in op:
            problems.append(f"{name}: documents a body the route does not take")

        query = query_fields or {}
        params = {n: p for (where, n), p in declared_parameters(openapi, op, item).items()
                  if where == "query"}
        if set(params) != set(query):
            problems.append(f"{name}: query parameters {sorted(params)}, code declares {sorted(query)}")
        for param, decl in query.items():
            if param in params:
                p = params[param]
                if bool(p.get("required")) != decl["required"]:
                    problems.append(f"{name} ?{param}: required {bool(p.get('required'))}, "
                                    f"code says {decl['required']}")
                schema = resolve(openapi, p["schema"])
                if decl["nullable"]:
                    # A query has no null: a nullable id takes `none` (input/fields.h).
                    kinds = [resolve(openapi, k) for k in schema.get("anyOf", [])]
                    if len(kinds) != 2 or NONE not in kinds:
                        problems.append(f"{name} ?{param}: takes an id or none; say anyOf the id and {NONE}")
                        continue
                    schema, decl = next(k for k in kinds if k != NONE), dict(decl, nullable=False)
                problems += check_field(f"{name} ?{param}", decl, schema)
    assert not problems, "docs/openapi.yaml differs from the field tables:\n" + "\n".join(problems)


def test_error_schema_lists_every_error_code(openapi):
    schema = openapi["components"]["schemas"]["Error"]["properties"]["error"]
    documented = schema["properties"]["code"]["enum"]
    assert documented == error_codes(), "Error.code enum differs from FOR_EACH_ERROR in fcgi/base/error.h"


def test_the_csrf_exemptions_are_the_routes_flagged_no_csrf():
    text = PERMISSIONS.read_text(encoding="utf-8")
    found = re.search(r"^<!-- csrf-exempt:begin -->\n(.*?)^<!-- csrf-exempt:end -->$", text, re.S | re.M)
    assert found, "docs/permissions.md lacks the <!-- csrf-exempt:begin --> / end markers"
    documented = set(re.findall(r"^- `(\w+) (\S+)`", found.group(1), re.M))
    flagged = {route for route, (flags, _, _) in route_fields().items() if "no_csrf" in flags}
    assert flagged, "no route is flagged no_csrf"
    assert documented == flagged, \
        f"docs/permissions.md's CSRF exemptions {sorted(documented)} differ from ROUTE_NO_CSRF {sorted(flagged)}"


def test_permission_matrix_is_the_codes():
    text = PERMISSIONS.read_text(encoding="utf-8")
    found = re.search(r"^<!-- matrix:begin -->\n(.*?)^<!-- matrix:end -->$", text, re.S | re.M)
    assert found, "docs/permissions.md lacks the <!-- matrix:begin --> / <!-- matrix:end --> markers"
    assert found.group(1) == safegridctl("permissions"), \
        "docs/permissions.md's matrix differs from `safegridctl permissions`: paste its output between the markers"


def readme_configuration_rows():
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Configuration\n(.*?)(?=^## )", text, re.S | re.M)
    assert section, "README.md has no '## Configuration' section"
    rows = {}
    for line in section.group(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) >= 3:
            name = cells[0].strip("`")
            rows.setdefault(name, []).append(cells[1])
    return rows


def test_readme_configuration_lists_every_setting_with_its_default():
    rows = readme_configuration_rows()
    missing = [name for name, _ in config_settings() if name not in rows]
    assert not missing, f"README's configuration table lacks: {missing}"
    wrong = [(name, fallback) for name, fallback in config_settings()
             if fallback and not any(f"`{fallback}`" in cell for cell in rows[name])]
    assert not wrong, f"README's configuration table shows other defaults than fcgi/base/config.c for: {wrong}"


def test_readme_layout_names_every_source_file():
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Layout\n(.*?)(?=^## )", text, re.S | re.M)
    assert section, "README.md has no '## Layout' section"
    named = set()
    for folder, files in re.findall(r"^\| `fcgi/(\w+)/` ((?:`[\w.-]+\.[ch]` ?)+)\|", section.group(1), re.M):
        named |= {f"{folder}/{name}" for name in re.findall(r"`([\w.-]+\.[ch])`", files)}
    sources = {str(p.relative_to(FCGI)) for p in FCGI.glob("*/*.[ch]")}
    missing = sorted(sources - named)
    assert not missing, f"README's layout does not name: {missing}"
    gone = sorted(named - sources)
    assert not gone, f"README's layout names files that do not exist: {gone}"
