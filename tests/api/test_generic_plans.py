"""The statements the lists assemble from their filters (fcgi/db/sqlbuf.c) run on their
generic plans, with no parallel workers: safegridd runs `select set_config('plan_cache_mode',
'force_generic_plan', true), set_config('max_parallel_workers_per_gather', '0', true)` just
before each of them, inside the request's transaction, and before no other statement. The setting is a prepared statement like the others: parsed and planned anew
at every list, it cost a tenth of the list's time in PostgreSQL.
Left to itself, PostgreSQL plans such a statement anew at every call once its estimates
of the generic plan come out above those of the first calls' plans, which the data's
growth brings about; a list of 20 then costs three times as much.

What safegridd sends is read from PostgreSQL's own log, with every statement logged for
the time of the test. (This file runs before test_list_shapes.py, which fills every
worker's table of statements: the statements here are still prepared ones.)
"""
import os
import re
import time

from conftest import signed_in, sql, sql_value

LOG = os.path.join(os.path.dirname(os.environ["SAFEGRID_TEST_LOG"]), "postgresql.log")
GENERIC = ("select set_config('plan_cache_mode', 'force_generic_plan', true),"
           " set_config('max_parallel_workers_per_gather', '0', true)")
# A list's statement: a page of JSON (list.h LIST_PAGE_ANSWER, after a CTE), or the rows
# of a page of cards (LIST_CARDS_PAGE: "... order by ... limit $n::int + 1").
CARDS_PAGE = re.compile(r" limit \$\d+::int \+ 1$")


def assembled(text):
    return text.startswith(("with page as", "with hit as")) or bool(CARDS_PAGE.search(text))
# 'YYYY-MM-DD 02:18:22.745 UTC [25143] safegrid_app@safegrid LOG:  duration: 0.037 ms  execute s3: ...'
STATEMENT = re.compile(r"^\S+ \S+ \S+ \[(\d+)\] safegrid_app@\S+ LOG:  duration: [0-9.]+ ms  "
                       r"(?:execute ([^:]+)|statement): (.*)$")


def log_size():
    return os.path.getsize(LOG)


def statements_since(offset):
    """(pid, statement name or None, text) of each statement safegrid_app ran, in order."""
    with open(LOG, "rb") as f:
        f.seek(offset)
        lines = f.read().decode("utf-8", "replace").splitlines()
    return [(m.group(1), m.group(2), m.group(3)) for m in map(STATEMENT.match, lines) if m]


def logging_every_statement(on):
    if on:
        sql("alter system set log_min_duration_statement = 0")
    else:
        sql("alter system reset log_min_duration_statement")
    sql("select pg_reload_conf()")


def test_assembled_lists_run_on_their_generic_plans_and_nothing_else_does(ids):
    town = ids.township["difang"]
    hazard = sql_value("select id from hazard where township_id = %s order by id limit 1", (town,))
    client = signed_in("difang.committee")
    paths = ["/api/v1/hazards?limit=3", "/api/v1/hazards?status=reported,rectifying&limit=3",
             f"/api/v1/hazards/{hazard}", "/api/v1/enterprises?q=%E5%85%AC%E5%8F%B8&limit=3"]
    start = log_size()
    logging_every_statement(True)
    try:
        # The setting reaches each server process at its next command: wait until the
        # workers' statements are logged, then send every path to every worker.
        deadline = time.monotonic() + 10
        while not any(assembled(t) for _, _, t in statements_since(start)):
            assert time.monotonic() < deadline, "PostgreSQL did not start logging statements"
            assert client.get(paths[0]).status_code == 200
        start = log_size()
        for _ in range(3 * int(os.environ.get("SAFEGRID_WORKERS", "4"))):
            for path in paths:
                r = client.get(path)
                assert r.status_code == 200, (path, r.text)
    finally:
        logging_every_statement(False)

    lists = details = implicit = settings = 0
    previous, in_block = {}, {}
    for pid, name, text in statements_since(start):
        before, previous[pid] = previous.get(pid), text
        word = text.strip().lower()
        if word in ("begin", "commit", "rollback"):
            in_block[pid] = word == "begin"
        listed = assembled(text)
        if before == GENERIC:
            assert listed, f"{text[:60]}... ran on a generic plan"
        if text == GENERIC:
            assert name not in (None, "<unnamed>"), "the setting was parsed anew, not prepared"
            settings += 1
            continue
        if name is None or name == "<unnamed>":
            continue    # BEGIN and COMMIT
        if listed:
            lists += 1
            implicit += not in_block.get(pid, False)
            assert before == GENERIC, f"{text[:60]}... ran after {before!r}"
        # One hazard's statement: its JSON (its card, 0032), then the facts that decide its
        # allowed_actions.
        details += (not listed and text.startswith("select app.hazard_card_json")
                    and "from hazard h" in text[:600])
    assert lists >= 3 and details >= 1, f"{lists} lists and {details} details logged: nothing proved"
    assert settings == lists, f"{settings} settings for {lists} lists"
    # A read of one statement on a session its worker knows is one pipeline with the
    # session check, its own implicit transaction: no BEGIN, no COMMIT (db.c
    # pipeline_once). Only a worker's first read of the session begins a block.
    workers = int(os.environ.get("SAFEGRID_WORKERS", "4"))
    assert implicit >= lists - workers, f"only {implicit} of {lists} lists ran without BEGIN"



# SQL functions with a SET clause (search_path) are never inlined, and PostgreSQL
# plans their body again in every statement that calls them: the helpers that the
# reads and the write policies call are plpgsql, planned once a session (0031).
PLANNED_ONCE = (
    "app.department_covers(bigint,bigint,bigint)", "app.department_covers_enterprise(bigint,bigint)",
    "app.department_covers_record(bigint,text,bigint)", "app.hazard_listed_orders(bigint,bigint)",
    "app.recipient_users(bigint,text,bigint)", "app.enterprise_users(bigint,bigint)",
    "app.order_addressees(bigint,bigint,bigint)", "app.answers_for(bigint,text,bigint)",
    "app.dashboard_committee(bigint)", "app.dashboard_supervisor(bigint)",
    "app.dashboard_department(bigint)", "app.dashboard_county(bigint)",
    "app.daily_figures(bigint,date)", "app.daily_not_reported(bigint,date)", "app.daily_report(bigint,date)")


def test_the_helpers_a_request_calls_are_planned_once_a_session():
    languages = {r["f"]: r["lanname"] for r in sql(
        "select replace(p.oid::regprocedure::text, ' ', '') as f, l.lanname"
        "  from pg_proc p join pg_language l on l.oid = p.prolang"
        " where p.pronamespace = 'app'::regnamespace")}
    assert {f: languages.get(f) for f in PLANNED_ONCE} == {f: "plpgsql" for f in PLANNED_ONCE}
