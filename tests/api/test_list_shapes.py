"""The lists assemble their statement from the filters present (fcgi/db/sqlbuf.c): each
combination of filters is a statement of its own, prepared once per connection, up to
512 a worker; past that they run unprepared. These tests send more combinations than
every worker can keep and require the same answers either way.
"""
import concurrent.futures
import itertools
import json
import os

from conftest import day, signed_in, sql, sql_value

LOG = os.environ["SAFEGRID_TEST_LOG"]
WORKER_SHAPES = 512          # DB_SHAPES_MAX in fcgi/db/db.c


def test_more_combinations_of_filters_than_a_worker_keeps_give_the_same_answers(ids):
    town = ids.township["difang"]
    enterprise = sql_value("select enterprise_id from hazard where township_id = %s"
                           " group by 1 order by count(*) desc limit 1", (town,))
    sector = sql_value("select sector_id from hazard where enterprise_id = %s limit 1", (enterprise,))
    filters = [("severity", "general"), ("sector_id", str(sector)), ("enterprise_id", str(enterprise)),
               ("overdue", "false"), ("due_within", "366"), ("created_from", day(-3650)),
               ("created_to", day(3650)), ("q", "的"), ("status", "reported,rectifying,submitted"),
               ("mine", "false"), ("closed_to", day(3650))]
    queries = []
    for sort in ("created", "deadline"):
        for present in itertools.product((False, True), repeat=len(filters)):
            query = {k: v for (k, v), on in zip(filters, present) if on}
            query.update(sort=sort, limit="5")
            queries.append(query)
    assert len(queries) > 4 * WORKER_SHAPES    # more than any worker keeps, whichever serves what
    client = signed_in("difang.committee")

    def ids_of(query):
        r = client.get("/api/v1/hazards", params=query)
        assert r.status_code == 200, (query, r.text)
        return [h["id"] for h in r.json()["items"]]

    with open(LOG, "rb") as f:
        log_before = len(f.read())
    # Whichever worker accepts a request serves it: on a busy machine one may serve
    # too few of a round to fill its table, so the rounds go on (at most three) until
    # every worker has said so.
    workers = int(os.environ.get("SAFEGRID_WORKERS", "4"))
    for _ in range(3):
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(ids_of, queries))
        assert any(answers), "the filters select nothing: the test proves nothing"
        with open(LOG, "rb") as f:
            f.seek(log_before)
            full = {json.loads(line)["pid"] for line in f.read().splitlines()
                    if b'"event":"statement_shapes_full"' in line}
        if len(full) == workers:
            break
    assert len(full) == workers, f"{len(full)} of {workers} workers filled their statements"

    # Every worker is full: a combination none has seen runs unprepared, wherever it
    # lands. The work areas' lists, against the same rows read directly.
    areas = [r["id"] for r in sql("select id from grid_node where township_id = %s and level = 2"
                                  " order by id", (town,))]
    assert areas
    for area in areas:
        for sort, order in (("created", "created_at desc, id desc"), ("deadline", "due_key, id")):
            expected = [r["id"] for r in sql(
                "with recursive below as (select id from grid_node where id = %s"
                " union all select g.id from grid_node g join below b on g.parent_id = b.id)"
                f" select id from hazard where township_id = %s and grid_node_id in (select id from below)"
                f" order by {order} limit 5", (area, town))]
            for _ in range(workers * 2):
                assert ids_of({"grid_node_id": str(area), "sort": sort, "limit": "5"}) == expected
