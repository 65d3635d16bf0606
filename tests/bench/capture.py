"""The SQL an endpoint runs, read from PostgreSQL's own log rather than copied from
the C sources.

While capturing, log_min_duration_statement is 0 (ALTER SYSTEM as the superuser,
then pg_reload_conf), so the server logs every statement it executes:

  YYYY-MM-DD 02:18:22.745 UTC [25143] safegrid_app@safegrid LOG:  duration: 3.016 ms  execute s0: select ...
  YYYY-MM-DD 02:18:22.745 UTC [25143] safegrid_app@safegrid DETAIL:  parameters: $1 = 'c917...', $2 = NULL
  YYYY-MM-DD 02:18:22.749 UTC [25143] safegrid_app@safegrid LOG:  duration: 0.037 ms  statement: commit

(log_line_prefix '%m [%p] %q%u@%d ', deploy/stack.sh). The harness makes one request
at a time and reads what the log gained meanwhile: the transaction of that request,
from BEGIN to COMMIT, as safegrid_app. Parse and bind steps are logged too and left
out: the statements and their parameters are in the execute lines.
"""
import os
import re
import time
from dataclasses import dataclass, field

LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \[(\d+)\] (\S*)@(\S*) "
                  r"([A-Z]+):  (.*)$")
DURATION = re.compile(r"^duration: ([0-9.]+) ms  (execute [^:]+|statement): (.*)$", re.S)
PARAM = re.compile(r"\$(\d+) = ")


@dataclass
class Statement:
    sql: str
    params: list = field(default_factory=list)   # text values, None for NULL
    ms: float = 0.0                               # server time as logged (one request)

    @property
    def setting(self):
        """The setting sent in the same pipeline as the statement after it (db.c
        PLAN_GENERIC, a set_config): run as it is, with no plan and no round trip of
        its own."""
        return self.sql.lstrip().lower().startswith("select set_config(")


@dataclass
class Transaction:
    statements: list            # between BEGIN and COMMIT
    read: bool = False          # a GET: its COMMIT is sent without waiting
    implicit: bool = False      # no BEGIN or COMMIT: one pipeline, committed at its sync

    def round_trips(self):
        """The round trips safegridd waits for: BEGIN and the session check in
        one pipeline (db.c begin_once), then each statement on its own, then
        COMMIT. A read of a session the worker has served before -- every read
        of a measurement but the first on each worker -- sends its first
        statement in the session check's pipeline and does not wait for its
        COMMIT (worker.c read_on_guess, db_commit_later). A read of one
        statement is one pipeline, without BEGIN or COMMIT (db.c
        pipeline_once)."""
        statements = sum(not st.setting for st in self.statements)
        if self.implicit:
            return 1
        if self.read:
            return max(1, statements - 1)
        return 1 + (statements - 1) + 1


def enable(conn):
    with conn.cursor() as cur:
        cur.execute("alter system set log_min_duration_statement = 0")
        cur.execute("select pg_reload_conf()")
    time.sleep(0.3)     # the reload reaches the backends at their next command


def disable(conn):
    with conn.cursor() as cur:
        cur.execute("alter system reset log_min_duration_statement")
        cur.execute("select pg_reload_conf()")


def parse_params(text):
    """'$1 = 'a''b', $2 = NULL' -> ['a\\'b', None]."""
    values, i = {}, 0
    while i < len(text):
        m = PARAM.match(text, i)
        if not m:
            raise ValueError(f"cannot read parameters at {text[i:i + 40]!r}")
        n, i = int(m.group(1)), m.end()
        if text.startswith("NULL", i):
            values[n], i = None, i + 4
        elif text[i] == "'":
            out, i = [], i + 1
            while True:
                j = text.index("'", i)
                out.append(text[i:j])
                if text.startswith("''", j):
                    out.append("'")
                    i = j + 2
                else:
                    i = j + 1
                    break
            values[n] = "".join(out)
        else:
            raise ValueError(f"cannot read parameter ${n} at {text[i:i + 40]!r}")
        if text.startswith(", ", i):
            i += 2
    return [values[k] for k in range(1, len(values) + 1)]


def read_entries(path, offset):
    """The log's entries from offset: (pid, user, level, message), with continuation
    lines joined to the entry they belong to."""
    with open(path, "rb") as f:
        f.seek(offset)
        text = f.read().decode("utf-8", "replace")
    entries = []
    for line in text.split("\n"):
        m = LINE.match(line)
        if m:
            entries.append([m.group(1), m.group(2), m.group(4), m.group(5)])
        elif entries and line:
            entries[-1][3] += "\n" + line
    return entries


def transactions(entries, user="safegrid_app"):
    """The executed statements of user, grouped into transactions per backend: from
    BEGIN to COMMIT, or, for a pipeline that is its own transaction (no BEGIN), from
    the session check to the backend's next transaction or the end of the entries."""
    open_tx, implicit, done = {}, {}, []
    last = {}

    def end_implicit(pid):
        if pid in implicit:
            done.append(("commit", Transaction(implicit.pop(pid), implicit=True)))
    for pid, who, level, message in entries:
        if who != user:
            continue
        if level == "DETAIL" and message.startswith("parameters: ") and pid in last:
            last[pid].params = parse_params(message[len("parameters: "):])
            continue
        if level != "LOG":
            continue
        m = DURATION.match(message)
        if not m:
            last.pop(pid, None)   # a parse or bind step: its DETAIL is not an execute's
            continue
        stmt = Statement(m.group(3), [], float(m.group(1)))
        last[pid] = stmt
        word = stmt.sql.strip().lower()
        if word == "begin":
            end_implicit(pid)
            open_tx[pid] = []
        elif word in ("commit", "rollback"):
            if pid in open_tx:
                done.append((word, Transaction(open_tx.pop(pid))))
        elif pid in open_tx:
            open_tx[pid].append(stmt)
        elif "app.request_begin(" in stmt.sql:
            end_implicit(pid)
            implicit[pid] = [stmt]
        elif pid in implicit:
            implicit[pid].append(stmt)
    for pid in list(implicit):
        end_implicit(pid)
    return done


def capture(log_path, send, timeout=10.0):
    """Runs send() (one HTTP request) and returns the one transaction it made."""
    offset = os.path.getsize(log_path)
    send()
    deadline = time.monotonic() + timeout
    while True:
        found = transactions(read_entries(log_path, offset))
        if found or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    time.sleep(0.2)       # anything else this request wrote
    found = transactions(read_entries(log_path, offset))
    if len(found) != 1:
        raise RuntimeError(f"expected one transaction in the log, found {len(found)}")
    end, tx = found[0]
    if end != "commit":
        raise RuntimeError("the captured transaction was rolled back")
    if not tx.statements:
        raise RuntimeError("the captured transaction ran no statement")
    return tx
