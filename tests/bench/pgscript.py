"""A pgbench script from a captured transaction: the same statements, the same
parameters, the same round trips.

  \\startpipeline                  safegridd sends BEGIN and the session check
  begin;                           (app.request_begin) in one pipeline (db.c)
  select ... app.request_begin(:c1, :c2, ...);
  \\endpipeline
  <each statement of the handler, in order>;
  commit;

A read (GET) goes as safegridd sends it when it knows the session (worker.c
read_on_guess): BEGIN, the session check and the handler's first statement in one
pipeline, and its COMMIT, which safegridd does not wait for, in that pipeline too.
A read of one statement is its own pipeline without BEGIN or COMMIT (db.c
pipeline_once), and goes so: \\startpipeline, its statements, \\endpipeline.

Run with -M prepared, every statement is prepared once per connection and executed
with its parameters as values, as safegridd does (PQprepare / PQexecPrepared with
untyped parameters). Each $n of the captured SQL becomes a pgbench variable:

  - a constant value: a variable defined with -D (returned as `defines`), so it
    still travels as a parameter, never pasted into the SQL;
  - NULL: a variable that is never defined -- pgbench sends an undefined variable
    as NULL in prepared mode, and has no other way to send one;
  - the varying id of the endpoint (endpoints.py): a variable the script sets
    with \\set for every transaction.

The SQL text is the captured text with $n replaced, with one exception pgbench
forces: inside a string literal, ':' followed by a letter would be read as a
variable (to_char's 'HH24:MI:SS'), so such a literal is written as E'...' with the
colon as \\072 -- the same string to PostgreSQL.
"""
import re

from endpoints import Choice, Sequence, Unique

NULL_VARIABLE = "sqlnull"          # never defined: sent as NULL
VARYING = "v"                      # the endpoint's varying id, set each transaction


def rewrite(sql, name_of):
    """sql with $n replaced by :name_of(n), and literals made safe for pgbench."""
    out, i, n = [], 0, len(sql)
    while i < n:
        c = sql[i]
        if c == "'":
            e_string = i > 0 and sql[i - 1] in "eE" and (i < 2 or not _ident(sql[i - 2]))
            j = i + 1
            while True:
                if e_string and sql[j] == "\\":
                    j += 2
                    continue
                if sql[j] == "'":
                    if j + 1 < n and sql[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            body = sql[i + 1:j]
            if re.search(r":[A-Za-z_\x80-\U0010ffff]", body):
                if not e_string:
                    body = body.replace("\\", "\\\\")
                    out.append("E")
                body = body.replace(":", "\\072")
            out.append("'" + body + "'")
            i = j + 1
        elif c == '"':
            j = sql.index('"', i + 1)
            while j + 1 < n and sql[j + 1] == '"':
                j = sql.index('"', j + 2)
            out.append(sql[i:j + 1])
            i = j + 1
        elif c == "$" and i + 1 < n and sql[i + 1].isdigit() and (i == 0 or not _ident(sql[i - 1])):
            j = i + 1
            while j < n and sql[j].isdigit():
                j += 1
            out.append(":" + name_of(int(sql[i + 1:j])))
            i = j
        elif c == ":" and i + 1 < n and sql[i + 1] == ":":
            out.append("::")
            i += 2
        elif c == ":" and i + 1 < n and (sql[i + 1].isalpha() or sql[i + 1] == "_"):
            raise ValueError(f"a ':' outside a literal that pgbench would take for a variable: "
                             f"{sql[max(0, i - 30):i + 30]!r}")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _ident(c):
    return c.isalnum() or c == "_"


def varying_lines(variation, clients):
    """The meta-commands that set :v for one transaction."""
    if isinstance(variation, Choice):
        values = variation.values
        if variation.per_client:
            per = len(values) // clients
            if per < 1:
                raise ValueError(f"{len(values)} ids cannot be split over {clients} clients")
            pick = [f"\\set i 1 + :client_id % {clients} + {clients} * random(0, {per - 1})"]
        else:
            pick = [f"\\set i random(1, {len(values)})"]
        cases = " ".join(f"when :i = {k} then {v}" for k, v in enumerate(values, 1))
        return pick + [f"\\set {VARYING} case {cases} else 0 end"]
    if isinstance(variation, Sequence):
        # k counts this client's transactions (-D k=0); ids first+c, first+c+C, ...
        end = variation.first + variation.count
        return ["\\set k :k + 1",
                f"\\set {VARYING} {variation.first} + :client_id + (:k - 1) * {clients}",
                f"\\if :{VARYING} >= {end}",
                "select 'bench: the pool of ids is used up; it needs to be larger'::int;",
                "\\endif"]
    if isinstance(variation, Unique):
        return [f"\\set {VARYING} random(1, 9223372036854775806)"]
    raise TypeError(variation)


def script(title, tx, vary, clients):
    """Returns (script text, -D defines) for a captured transaction."""
    if len(vary) > 1:
        raise ValueError("one varying value per endpoint")
    defines, by_value, used = {}, {}, set()
    (vary_value, variation), = vary.items() if vary else ((None, None),)

    def variable(value):
        if value is None:
            return NULL_VARIABLE
        if value == vary_value:
            used.add(value)
            return VARYING
        if value not in by_value:
            by_value[value] = f"c{len(by_value) + 1}"
            defines[by_value[value]] = value
        return by_value[value]

    lines = [f"-- {title}", "-- generated by tests/bench/pgscript.py from the captured transaction"]
    if variation is not None:
        lines += varying_lines(variation, clients)
    sql = [rewrite(s.sql, lambda n, s=s: variable(s.params[n - 1])) + ";" for s in tx.statements]
    # A read sends its first statement in the session check's pipeline, with the
    # settings (db.c PLAN_GENERIC) that go before it.
    first = 1
    while first < len(sql) - 1 and getattr(tx.statements[first], "setting", False):
        first += 1
    if getattr(tx, "implicit", False):
        lines += ["\\startpipeline"] + sql + ["\\endpipeline"]
    elif getattr(tx, "read", False) and len(sql) >= 2:
        lines += ["\\startpipeline", "begin;"] + sql[:first + 1]
        lines += (["commit;", "\\endpipeline"] if first + 1 == len(sql)
                  else ["\\endpipeline"] + sql[first + 1:] + ["commit;"])
    else:
        lines += ["\\startpipeline", "begin;", sql[0], "\\endpipeline"]
        lines += sql[1:]
        lines += ["commit;"]
    if vary_value is not None and vary_value not in used:
        raise ValueError(f"{title}: the varying value {vary_value!r} is not among the captured parameters")
    if isinstance(variation, Sequence):
        defines["k"] = "0"
    return "\n".join(lines) + "\n", defines
