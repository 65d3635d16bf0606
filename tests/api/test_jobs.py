"""`safegridctl jobs`: the reminders and the notification outbox.

The outbox is delivered to a local webhook (http.server on 127.0.0.1) that
fails each delivery twice before it takes it: every notification arrives,
retried with the same delivery id, and is marked delivered once.  Two jobs
processes at once never send a row twice nor make a reminder twice.
"""
import json
import os
import signal
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import BIN, OWNER_URL, REPO, day, signed_in, sql, sql_value
from test_hazards import make_enterprise, new_hazard

CTL = os.path.join(BIN if os.path.isabs(BIN) else os.path.join(REPO, BIN), "safegridctl")


class Gateway:
    """A webhook that answers 500 to the first `fail` tries of each delivery id."""

    def __init__(self, fail=2):
        self.fail = fail
        self.seen = []          # (delivery id header, body, status answered)
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                key = self.headers.get("Idempotency-Key")
                with gateway.lock:
                    tries = sum(1 for k, _, _ in gateway.seen if k == key)
                    status = 500 if tries < gateway.fail else 200
                    gateway.seen.append((key, body, status))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/notify"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def tries(self, delivery_id):
        with self.lock:
            return [(body, status) for k, body, status in self.seen if k == delivery_id]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway():
    made = []

    def make(fail=2):
        g = Gateway(fail)
        made.append(g)
        return g

    yield make
    for g in made:
        g.close()


def jobs_env(**extra):
    env = dict(os.environ, DATABASE_OWNER_URL=OWNER_URL, SAFEGRID_JOBS_INTERVAL="1", SAFEGRID_NOTIFY_RETRY="1")
    env.pop("SAFEGRID_NOTIFY_WEBHOOK", None)
    env.update(extra)
    return env


def jobs(*args, **env):
    return subprocess.Popen([CTL, "jobs", *args], cwd=REPO, env=jobs_env(**env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def quiet_outbox():
    """Whatever earlier tests left in the outbox is taken as sent, so a test sees its own rows only."""
    sql("update notification_outbox set delivered_at = now() where delivered_at is null and withdrawn is null")


def notes(user_id, township_id, n, subject=910000):
    """n new notifications of the user (and their outbox rows): their delivery ids."""
    for i in range(n):
        sql("select app.notify(%s, array[%s]::bigint[], 'document_received', 'document', %s, '收到文件', %s)",
            (township_id, user_id, subject + i, f"测试投递{i}"))
    return [r["delivery_id"] for r in sql(
        "select o.delivery_id::text from notification_outbox o join notification n on n.id = o.notification_id"
        " where n.user_id = %s and n.subject_id >= %s order by o.id", (user_id, subject))]


def outbox(delivery_ids):
    return {r["delivery_id"]: r for r in sql(
        "select delivery_id::text, attempts, delivered_at, last_error from notification_outbox"
        " where delivery_id = any(%s::uuid[])", (delivery_ids,))}


def test_the_outbox_is_retried_with_backoff_and_delivered_once(ids, make_user, gateway):
    quiet_outbox()
    user = make_user(role="department", phone="13800000000")
    made = notes(user["id"], ids.township["difang"], 2)
    webhook = gateway(fail=2)
    process = jobs(SAFEGRID_NOTIFY_WEBHOOK=webhook.url)
    try:
        # The gateway answers 200 before the jobs process records the delivery:
        # wait for the record itself, which is what is asserted.
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            rows = outbox(made)
            if all(rows[d]["delivered_at"] for d in made):
                break
            time.sleep(0.2)
        assert all(rows[d]["delivered_at"] for d in made), (rows, webhook.seen)
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    assert '"jobs_stopped"' in err
    for d in made:
        tries = webhook.tries(d)
        # Failed twice, then taken; each try carried the same delivery id in the body.
        assert [status for _, status in tries] == [500, 500, 200], tries
        assert all(body["delivery_id"] == d and body["user_id"] == user["id"] for body, _ in tries)
        assert tries[0][0]["phone"] == "13800000000" and tries[0][0]["title"] == "收到文件"
        assert rows[d]["attempts"] == 3 and rows[d]["last_error"] is None


def test_two_jobs_at_once_send_each_row_once_and_make_each_reminder_once(ids, make_user, gateway):
    quiet_outbox()
    user = make_user(role="department")
    ent = make_enterprise()
    hazard = new_hazard(ent["id"], client=signed_in("difang.committee"), deadline=day(1),
                        responsible_user_id=ids.user["difang.safety"])
    quiet_outbox()
    made = notes(user["id"], ids.township["difang"], 30, subject=930000)
    webhook = gateway(fail=0)
    first, second = (jobs("--once", SAFEGRID_NOTIFY_WEBHOOK=webhook.url) for _ in range(2))
    for process in (first, second):
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
    for d in made:
        assert [status for _, status in webhook.tries(d)] == [200], d
    assert all(r["delivered_at"] and r["attempts"] == 1 for r in outbox(made).values())
    assert sql_value("select count(*) from notification where kind = 'hazard_due_soon' and subject_id = %s"
                     " and user_id = %s", (hazard["id"], ids.user["difang.safety"])) == 1


def test_without_a_webhook_the_outbox_is_kept(ids, make_user):
    quiet_outbox()
    user = make_user(role="department")
    made = notes(user["id"], ids.township["difang"], 1, subject=940000)
    process = jobs("--once")
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert outbox(made)[made[0]]["delivered_at"] is None and outbox(made)[made[0]]["attempts"] == 0


def test_a_bad_setting_is_refused():
    for env in ({"SAFEGRID_JOBS_INTERVAL": "0"}, {"SAFEGRID_NOTIFY_WEBHOOK": "ftp://127.0.0.1/x"}):
        process = jobs("--once", **env)
        _, err = process.communicate(timeout=30)
        assert process.returncode == 2, err


def test_a_finished_pass_writes_the_heartbeat_and_a_failed_one_does_not(tmp_path):
    """The jobs container is healthy while the file SAFEGRID_JOBS_HEARTBEAT names
    is young (docker-compose.yml): a pass writes the time into it only when it
    reached the database and finished."""
    beat = tmp_path / "heartbeat"
    before = int(time.time())
    process = jobs("--once", SAFEGRID_JOBS_HEARTBEAT=str(beat))
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert before <= int(beat.read_text()) <= int(time.time())

    beat.write_text("1\n")
    nowhere = "postgresql://safegrid_owner@127.0.0.1:1/safegrid?connect_timeout=2"
    process = jobs("--once", SAFEGRID_JOBS_HEARTBEAT=str(beat), DATABASE_OWNER_URL=nowhere)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1, err
    assert beat.read_text() == "1\n"
