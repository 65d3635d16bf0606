"""Secrets never reach a log.

Requests that carry every kind of secret the API handles -- passwords (right, wrong
and new), the session cookie, the CSRF token (right and forged), a tip's photo upload
token in its query string, a bad Idempotency-Key -- and then every log the test stack
has written so far (nginx's access and error logs, safegridd's, PostgreSQL's; the
whole suite's, when this runs in it) is searched for each of them: none may appear.
The database password: the test stack connects without one (trust on 127.0.0.1), so
the check below runs safegridctl against a closed port with a password in its URL
and searches what it prints.
"""
import os
import subprocess
import time
import uuid
from pathlib import Path

from conftest import BIN, REPO, anonymous, login, sql
from test_tips import gate, new_tip, photo, read  # noqa: F401 (gate: a fixture)

LOG_DIR = Path(os.environ.get("SAFEGRID_TEST_LOG", "/nonexistent/safegridd.log")).parent


def log_texts():
    texts = {}
    for path in sorted(LOG_DIR.glob("*.log")):
        texts[path.name] = path.read_bytes()
    assert {"safegridd.log", "nginx-access.log", "postgresql.log"} <= set(texts), sorted(texts)
    return texts


def assert_nowhere(secrets):
    time.sleep(1.5)                     # nginx writes its access log at least once a second
    for name, text in log_texts().items():
        for what, secret in secrets.items():
            assert secret.encode() not in text, f"{what} appears in {name}"


def test_passwords_tokens_and_csrf_never_appear_in_any_log(make_user, gate):
    user = make_user(role="department")
    client = login(user["username"])
    secrets = {"session token": client.token, "CSRF token": client.csrf_token}

    new_password = "new-" + uuid.uuid4().hex
    wrong_password = "wrong-" + uuid.uuid4().hex
    forged_csrf = uuid.uuid4().hex * 2
    secrets.update({"new password": new_password, "wrong password": wrong_password,
                    "forged CSRF token": forged_csrf})

    assert client.get("/api/v1/me").status_code == 200
    forged = client.copy(csrf=False)
    forged.headers["X-CSRF-Token"] = forged_csrf
    assert forged.post("/api/v1/auth/logout").status_code == 403
    r = client.post("/api/v1/me/password", json={"current_password": wrong_password,
                                                  "new_password": new_password})
    assert r.status_code == 422
    from conftest import DEMO_PASSWORD
    r = client.post("/api/v1/me/password", json={"current_password": DEMO_PASSWORD,
                                                  "new_password": new_password})
    assert r.status_code == 204, r.text
    assert anonymous().post("/api/v1/auth/login", json={"username": user["username"],
                                                         "password": wrong_password}).status_code == 401
    again = login(user["username"], new_password)
    secrets["second session token"] = again.token
    assert again.post("/api/v1/auth/logout").status_code == 204

    # A tip's upload token travels in the query string.
    tip = new_tip(gate)
    secrets["photo upload token"] = tip["photo_upload_token"]
    assert photo(tip["id"], tip["photo_upload_token"], read("letter-scan.jpg")).status_code == 201
    assert photo(tip["id"], tip["photo_upload_token"], read("letter-scan.jpg")).status_code >= 400
    sql("delete from login_attempt where username = %s", (user["username"],))

    assert_nowhere(secrets)


def test_a_database_password_is_not_printed():
    password = "pw-" + uuid.uuid4().hex
    exe = Path(REPO) / BIN / "safegridctl" if not os.path.isabs(BIN) else Path(BIN) / "safegridctl"
    done = subprocess.run([str(exe), "check-sql"], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, DATABASE_OWNER_URL=f"postgresql://safegrid_owner:{password}@127.0.0.1:1/safegrid",
                                   DATABASE_URL=f"postgresql://safegrid_app:{password}@127.0.0.1:1/safegrid"))
    assert done.returncode != 0
    assert password not in done.stdout + done.stderr
