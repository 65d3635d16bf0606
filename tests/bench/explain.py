"""Where a request's database time goes: EXPLAIN (ANALYZE, BUFFERS) of every
statement of the captured transaction, in order, as safegrid_app, in a transaction
that is rolled back. The first statement is the captured app.request_begin, which
sets the request's settings that row-level security reads for the others.

Each statement is PREPAREd like safegridd prepares it, and the whole transaction
runs five times first (the handler's statements in a savepoint that is rolled back
each time, so that writes repeat), then once more under EXPLAIN: the caches are
warm, and the plan shown is the one the plan cache settles on (the first five
executions of a prepared statement always get a custom plan; from the sixth a
generic plan may be used instead). The full plans go to the results folder; the
summary says, per statement, the planning and execution time and the scans and
sorts that touch many rows.
"""
import re

import psycopg2

from loadgen import PGOPTIONS

BIG = 1000            # a scan or sort of at least this many rows is worth a line
WARM = 6              # executions before the one explained
NODE = re.compile(r"^\s*(?:->\s+)?([A-Z][A-Za-z ]+?)(?: on (\S+)(?: \S+)?)?  \(cost=.*?\)"
                  r" \(actual time=[0-9.]+\.\.[0-9.]+ rows=(\d+) loops=(\d+)\)")


def label(sql):
    """A short name for a statement: its first words."""
    words = " ".join(sql.split())
    return words[:56] + ("…" if len(words) > 56 else "")


def analyse(pg_port, tx):
    """Returns ([{label, planning_ms, execution_ms, plan, plans, notes}], full plan text)."""
    conn = psycopg2.connect(host="127.0.0.1", port=pg_port, user="safegrid_app", dbname="safegrid",
                            options=PGOPTIONS)
    summary, text = [], []
    try:
        with conn.cursor() as cur:
            calls = []          # (SQL to run, its arguments, whether to explain it)
            for i, st in enumerate(tx.statements):
                if st.setting:
                    calls.append((st.sql, None, False))
                    continue
                cur.execute(f"prepare q{i} as {st.sql}")     # no arguments: no % formatting
                args = "(" + ", ".join(["%s"] * len(st.params)) + ")" if st.params else ""
                calls.append((f"execute q{i}{args}", st.params, True))
            # The session check first, outside any savepoint: the settings it makes
            # would go with a rolled-back savepoint.
            for _ in range(WARM):
                cur.execute(*calls[0][:2])
            explained = [_explain(cur, *calls[0][:2])]
            # The handler's statements, WARM times as a whole, each time undone.
            for _ in range(WARM):
                cur.execute("savepoint warm")
                try:
                    for call in calls[1:]:
                        cur.execute(*call[:2])
                except psycopg2.Error:
                    pass
                cur.execute("rollback to savepoint warm")
            cur.execute("savepoint warm")
            for call in calls[1:]:
                if call[2]:
                    explained.append(_explain(cur, *call[:2]))
                else:
                    cur.execute(call[0])
                    explained.append(None)
            cur.execute("rollback to savepoint warm")
            for i, (st, plan) in enumerate(zip(tx.statements, explained)):
                if plan is None:
                    text.append(f"-- statement {i}: {label(st.sql)} (a setting: not explained)\n")
                    continue
                cur.execute("select generic_plans, custom_plans from pg_prepared_statements"
                            " where name = %s", (f"q{i}",))
                generic, custom = cur.fetchone()
                summary.append(summarise(st.sql, plan, generic, custom))
                text.append(f"-- statement {i}: {label(st.sql)}\n-- parameters: {st.params}\n"
                            f"-- plans so far: {generic} generic, {custom} custom\n{plan}\n")
    finally:
        conn.rollback()
        conn.close()
    return summary, "\n".join(text)


def _explain(cur, execute, params):
    cur.execute("savepoint one")
    try:
        cur.execute("explain (analyze, buffers) " + execute, params)
        plan = "\n".join(r[0] for r in cur.fetchall())
        cur.execute("release savepoint one")
    except psycopg2.Error as e:
        cur.execute("rollback to savepoint one")
        plan = f"(explain failed: {e.pgerror or e})"
    return plan


def summarise(sql, plan, generic, custom):
    def ms(name):
        m = re.search(name + r": ([0-9.]+) ms", plan)
        return float(m.group(1)) if m else float("nan")

    notes = []
    for line in plan.splitlines():
        m = NODE.match(line)
        if not m:
            continue
        node, relation, rows, loops = m.group(1).strip(), m.group(2), int(m.group(3)), int(m.group(4))
        total = rows * loops
        if node == "Seq Scan" and total >= BIG:
            notes.append(f"Seq Scan on {relation}: {total} rows")
        elif node.startswith("Sort") and total >= BIG:
            method = re.search(r"Sort Method: ([a-z -]+)", plan)
            notes.append(f"Sort of {total} rows" + (f" ({method.group(1).strip()})" if method else ""))
        elif ("Index" in node or "Bitmap Heap" in node) and total >= 10 * BIG:
            notes.append(f"{node} on {relation}: {total} rows")
    m = re.search(r"Rows Removed by Filter: (\d+)", plan)
    if m and int(m.group(1)) >= 10 * BIG:
        notes.append(f"{m.group(1)} rows removed by a filter")
    return {"label": label(sql), "planning_ms": ms("Planning Time"), "execution_ms": ms("Execution Time"),
            "plan": "generic" if generic > 0 else "custom",
            "plans": f"{generic} generic / {custom} custom", "notes": notes}
