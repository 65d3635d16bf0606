"""Every answer the API tests receive is checked against its response schema in
docs/openapi.yaml: conftest.py's ApiSession hands each response to check().

An answer fails the test that made it when its status is not documented for the
operation (nor a `default`), or when its JSON body does not fit the documented
schema. Bodies that are not JSON (files, SVG) and HEAD answers are checked for their
status only.
"""
import re
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import yaml

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
OPENAPI_ONLY = {"nullable", "example", "examples", "discriminator", "readOnly", "writeOnly",
                "xml", "externalDocs", "deprecated"}


def to_json_schema(node):
    """OpenAPI 3.0's schema dialect as JSON Schema draft 4: nullable becomes a null type."""
    if isinstance(node, list):
        return [to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: to_json_schema(v) for k, v in node.items()
           if k not in OPENAPI_ONLY and not k.startswith("x-")}
    if node.get("nullable"):
        if "type" in out and "$ref" not in out:
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = list(out["enum"]) + [None]
        else:
            out = {"anyOf": [{"type": "null"}, out]}
    return out


class Spec:
    def __init__(self):
        raw = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
        self.root = {"components": to_json_schema(raw.get("components", {}))}
        self.operations = []      # (method, regex, template, operation)
        for template, item in raw["paths"].items():
            regex = re.compile("^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template)) + "$")
            for method, op in item.items():
                if isinstance(op, dict) and method in ("get", "post", "put", "patch", "delete"):
                    self.operations.append((method.upper(), regex, template, op))
        # A literal segment wins over a parameter: /hazards/export before /hazards/{id}.
        self.operations.sort(key=lambda o: o[2].count("{"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            self.resolver = jsonschema.RefResolver.from_schema(self.root)

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                node = self.resolver.resolve(node["$ref"])[1]
        return node

    def find(self, method, path):
        for m, regex, template, op in self.operations:
            if m == method and regex.match(path):
                return template, op
        return None, None

    def problems(self, method, url, response):
        method = "GET" if method.upper() == "HEAD" else method.upper()
        path = urlsplit(url).path
        if not path.startswith("/api/"):
            return []
        template, op = self.find(method, path)
        if op is None:
            return []     # no route: the answer is checked by the tests that ask for it
        where = f"{method} {template} -> {response.status_code}"
        responses = op.get("responses", {})
        doc = responses.get(str(response.status_code)) or responses.get(response.status_code) \
            or responses.get("default")
        if doc is None:
            return [f"{where}: status not documented"]
        doc = self.resolve(doc)
        media = (response.headers.get("Content-Type") or "").split(";")[0].strip()
        if media != "application/json" or not response.content:
            return []
        schema = doc.get("content", {}).get("application/json", {}).get("schema")
        if schema is None:
            return [f"{where}: answers JSON, documents {sorted(doc.get('content', {}))}"]
        schema = to_json_schema(schema)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            validator = jsonschema.Draft4Validator(schema, resolver=self.resolver)
            errors = sorted(validator.iter_errors(response.json()), key=lambda e: list(e.path))
        return [f"{where}: at {'/'.join(map(str, e.path)) or '(top)'}: {e.message[:300]}"
                for e in errors[:5]]


_spec = []


def check(method, url, response):
    """Problems of one answer against docs/openapi.yaml (a list of lines, [] if none)."""
    if not _spec:
        _spec.append(Spec())
    return _spec[0].problems(method, url, response)
