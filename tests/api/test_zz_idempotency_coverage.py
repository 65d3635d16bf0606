"""Every route that answers 201 had its creates retried with their Idempotency-Key.

ApiSession (conftest.py) retries each 201 the suite receives with the same key and
checks that the answer is the stored one; this file (last by name) checks that the
suite did so for every POST route that docs/openapi.yaml says answers 201, so a new
create route without a test of it, or one the key does not cover, fails here.
Anonymous creates (the public tip routes) have no user to scope a key to and are
left out. Runs only when the whole tests/api suite ran.
"""
import re
from pathlib import Path

import pytest
import yaml

import conftest

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
ANONYMOUS = {"public"}


def create_routes():
    spec = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    return sorted(path for path, item in spec["paths"].items()
                  if "post" in item and 201 in {int(s) for s in item["post"]["responses"]
                                                if str(s).isdigit()}
                  and item["post"].get("x-action") not in ANONYMOUS)


def matches(pattern, path):
    parts = pattern.strip("/").split("/")
    regex = "/" + "/".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
    return re.fullmatch(regex, path) is not None


def test_every_create_route_was_retried_with_its_key(request):
    files = {item.fspath.basename for item in request.session.items}
    everything = {p.name for p in Path(__file__).parent.glob("test_*.py")}
    if files != everything:
        pytest.skip("only meaningful after the whole tests/api suite")
    routes = create_routes()
    assert len(routes) >= 20, routes
    missed = [r for r in routes if not any(matches(r, p) for p in conftest.retried_creates)]
    assert not missed, f"creates never retried with an Idempotency-Key: {missed}"
