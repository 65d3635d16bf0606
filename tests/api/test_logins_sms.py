"""An enterprise login's activation code by SMS, through the notification outbox (0028).

Issuing a code to a login with a mobile number queues one outbox row of kind
`activation_code`; `safegridctl jobs` POSTs it to the gateway (a local
webhook here) with the code and the SMS's text, and the code in the row is
wiped as soon as the row leaves the queue: delivered, superseded by a newer
code, used, or expired unsent.  No code reaches a log.
"""
import time

import psycopg2
import pytest

from conftest import assert_error, signed_in, sql
from test_jobs import gateway, jobs, quiet_outbox  # noqa: F401 (gateway is a fixture)
from test_logins import (ISSUE, LOG, NEW_PASSWORD, activate, assert_no_secret_in_logs, login, make_enterprise,
                         remove_ours)

MOBILE = "13905398888"


@pytest.fixture(scope="module", autouse=True)
def cleanup():
    remove_ours()
    yield
    remove_ours()


def issue_json(enterprise, client=None):
    r = (client or signed_in("difang.committee")).post(ISSUE, json={"enterprise_ids": [enterprise["id"]],
                                                                    "format": "json"})
    assert r.status_code == 200, r.text
    return r.json()["items"][0]


def sms_rows(user_id):
    return sql("select id, kind, code, payload, delivered_at, withdrawn, withdrawn_at, notification_id"
               "  from notification_outbox where user_id = %s order by id", (user_id,))


def run_jobs(webhook):
    process = jobs("--once", SAFEGRID_NOTIFY_WEBHOOK=webhook.url)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return out + err


def received(webhook, user_id):
    with webhook.lock:
        return [body for _, body, status in webhook.seen
                if body.get("kind") == "activation_code" and body.get("user_id") == user_id]


def test_a_code_goes_by_sms_and_the_row_forgets_it_once_delivered(gateway):
    quiet_outbox()
    item = issue_json(make_enterprise(phone="139 0539 8888"))
    assert item["sms_queued"] is True
    rows = sms_rows(item["user_id"])
    assert len(rows) == 1
    row = rows[0]
    assert row["kind"] == "activation_code" and row["notification_id"] is None
    assert row["code"] == item["code"] and row["delivered_at"] is None
    assert row["payload"]["phone"] == MOBILE and row["payload"]["username"] == item["username"]
    assert item["code"] not in str(row["payload"]), "the payload keeps no code: only the code column does"

    webhook = gateway(fail=0)
    output = run_jobs(webhook)
    sent = received(webhook, item["user_id"])
    assert len(sent) == 1
    message = sent[0]
    assert message["code"] == item["code"] and message["phone"] == MOBILE
    assert item["code"] in message["body"] and item["username"] in message["body"]
    assert message["activation_url"] == item["activation_url"]
    # Delivered: the row no longer holds the code; the jobs process logged none of it.
    row = sms_rows(item["user_id"])[0]
    assert row["delivered_at"] is not None and row["code"] is None
    assert item["code"] not in output and item["code"].replace("-", "") not in output
    # The code the gateway received activates the login.
    assert activate(message["username"], message["code"]).status_code == 200
    login(item["username"], NEW_PASSWORD)


def test_without_a_mobile_number_nothing_is_queued():
    for phone in (None, "0530-5201314"):
        item = issue_json(make_enterprise(phone=phone))
        assert item["sms_queued"] is False
        assert sms_rows(item["user_id"]) == []


def test_a_pdf_says_how_many_codes_went_by_sms_too():
    with_mobile, without = make_enterprise(), make_enterprise(phone=None)
    r = signed_in("difang.committee").post(ISSUE, json={"enterprise_ids": [with_mobile["id"], without["id"]]})
    assert r.status_code == 200, r.text
    assert r.headers["X-Logins-Issued"] == "2" and r.headers["X-Sms-Queued"] == "1"


def test_issuing_again_supersedes_the_waiting_sms(gateway):
    quiet_outbox()
    enterprise = make_enterprise()
    first = issue_json(enterprise)
    second = issue_json(enterprise)
    rows = sms_rows(first["user_id"])
    assert [(r["withdrawn"], r["code"]) for r in rows] == [("superseded", None), (None, second["code"])]
    webhook = gateway(fail=0)
    run_jobs(webhook)
    # Only the current code is sent: the enterprise never gets a stale one.
    assert [m["code"] for m in received(webhook, first["user_id"])] == [second["code"]]
    assert_error(activate(first["username"], first["code"]), 401, "bad_activation_code")
    assert activate(second["username"], second["code"]).status_code == 200
    # A login has one SMS waiting at most, whoever writes the outbox.
    third = issue_json(enterprise)
    with pytest.raises(psycopg2.errors.UniqueViolation):
        sql("insert into notification_outbox (township_id, kind, user_id, code, expires_at, payload)"
            " select township_id, kind, user_id, code, expires_at, payload from notification_outbox"
            "  where user_id = %s and delivered_at is null and withdrawn is null", (third["user_id"],))


def test_a_township_reset_sends_the_new_code_to_the_logins_mobile(gateway):
    quiet_outbox()
    enterprise = make_enterprise()
    item = issue_json(enterprise)
    assert activate(item["username"], item["code"]).status_code == 200
    # The letter's code was used: its SMS, not yet sent, is withdrawn and forgets the code.
    assert [(r["withdrawn"], r["code"]) for r in sms_rows(item["user_id"])] == [("used", None)]
    r = signed_in("difang.committee").post(f"/api/v1/users/{item['user_id']}/activation-code", json={})
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/pdf" and r.headers["X-Sms-Queued"] == "1"
    webhook = gateway(fail=0)
    run_jobs(webhook)
    sent = received(webhook, item["user_id"])
    assert len(sent) == 1
    code = sent[0]["code"]
    assert f"({code}) Tj".encode() in r.content, "the SMS carries the letter's code"
    assert activate(item["username"], code, "Reset-By-Sms-2026").status_code == 200


def test_an_sms_whose_code_expired_unsent_is_withdrawn_and_forgets_it(gateway):
    quiet_outbox()
    item = issue_json(make_enterprise())
    # The clock moves past the code's last day before a gateway is set up.
    sql("update notification_outbox set expires_at = now() - interval '1 minute' where user_id = %s",
        (item["user_id"],))
    webhook = gateway(fail=0)
    run_jobs(webhook)
    assert received(webhook, item["user_id"]) == []
    assert [(r["withdrawn"], r["code"], r["delivered_at"]) for r in sms_rows(item["user_id"])] == \
        [("expired", None, None)]


def test_the_outbox_queues_only_a_code_the_caller_has_just_issued(app_db, ids):
    item = issue_json(make_enterprise())
    committee = ids.user["difang.committee"]
    with app_db.cursor() as cur:
        cur.execute("select set_config('app.user_id', %s, true), set_config('app.role', 'committee', true),"
                    " set_config('app.township_id', %s, true), set_config('app.county_id', %s, true),"
                    " set_config('app.townships', %s, true)",
                    (str(committee), str(ids.township["difang"]), str(ids.county),
                     "{%d}" % ids.township["difang"]))
        # The login's real code, but issued in another transaction: nothing.
        cur.execute("select count(*) from app.activation_sms_queue(%s::jsonb)",
                    (f'[{{"user_id": {item["user_id"]}, "phone": "{MOBILE}", "code": "{item["code"]}", "url": "x"}}]',))
        assert cur.fetchone()[0] == 0
        # Nor can the server's role read or write the outbox itself.
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("select code from notification_outbox")
    app_db.rollback()


@pytest.mark.skipif(not LOG, reason="needs the test stack's logs")
def test_no_sms_code_reaches_any_log(gateway):
    quiet_outbox()
    item = issue_json(make_enterprise())
    webhook = gateway(fail=1)         # one failed try, then delivered: both logged as counts only
    output = run_jobs(webhook)
    time.sleep(1.5)     # SAFEGRID_NOTIFY_RETRY=1: the retry is due a second later
    output += run_jobs(webhook)
    assert [m["code"] for m in received(webhook, item["user_id"])] == [item["code"]] * 2
    secrets = [item["code"], item["code"].replace("-", "")]
    assert not any(s in output for s in secrets)
    assert_no_secret_in_logs(secrets)
