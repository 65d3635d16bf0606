"""What safegridd and nginx write about a request: one JSON line a request with its
request id, and never a password, a session token or a cookie."""
import json
import os
import time

from conftest import DEMO_PASSWORD, login

LOG = os.environ["SAFEGRID_TEST_LOG"]
ACCESS_LOG = os.path.join(os.path.dirname(LOG), "nginx-access.log")


def test_a_request_is_one_json_line_with_its_request_id_and_no_secrets():
    client = login("zhongcun.supervisor")
    r = client.get("/api/v1/me")
    assert r.status_code == 200
    request_id = r.headers["X-Request-Id"]
    lines = [json.loads(line) for line in open(LOG, encoding="utf-8")
             if request_id in line]
    assert len(lines) == 1
    assert lines[0]["event"] == "request" and lines[0]["request_id"] == request_id
    assert lines[0]["path"] == "/api/v1/me" and lines[0]["status"] == 200

    time.sleep(1.2)     # nginx's access log is written once a second
    secrets = [DEMO_PASSWORD, client.token, client.csrf_token]
    for path in (LOG, ACCESS_LOG):
        text = open(path, encoding="utf-8", errors="replace").read()
        for secret in secrets:
            assert secret not in text, f"{os.path.basename(path)} holds a secret"
