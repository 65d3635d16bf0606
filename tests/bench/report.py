"""The one table, the targets of issue 6 against it, and docs/benchmarks.md.

The document is written whole by `make bench`: the measured parts come from this
run; the hand-written findings come from tests/bench/notes.md, so that editing the
findings means editing that file, and a new run never loses them.
"""
import dataclasses
import datetime
import json
import os
import platform
import statistics
import subprocess
from dataclasses import dataclass, field
from types import SimpleNamespace

import left_out

HERE = os.path.dirname(os.path.abspath(__file__))

# Issue 6, "Targets on this 2-core machine", at --scale 1 and 64 connections.
LIST_RATIO, LIST_P99_MS = 0.6, 20.0
GRID_P95_MS = 50.0
WRITE_RATIO = 0.5
WORKER_RSS_MB = 20.0


@dataclass
class Row:
    endpoint: object                  # endpoints.Endpoint
    http: object = None               # loadgen.Result
    sql: object = None                # loadgen.Result, pgbench at the HTTP concurrency
    sql_w: object = None              # loadgen.Result, pgbench with one client per worker
    tx: object = None                 # capture.Transaction
    explain: list = field(default_factory=list)
    cpu: dict = field(default_factory=dict)       # µs of CPU per HTTP request, by process
    others: list = field(default_factory=list)    # [(command, s)]: the busiest other processes
    before: dict = field(default_factory=dict)    # the BENCH_BEFORE build: rate, p99, cpu
    beside: dict = field(default_factory=dict)    # the BENCH_BESIDE stack: scale, rate, p99, cpu


def _f(value, digits=2):
    if value is None or value != value:
        return "—"
    if digits == 0:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def table(rows, ping_rate, pg_clients, workers):
    head = ("| endpoint | req/s | p50 ms | p95 ms | p99 ms | ÷ ping "
            f"| SQL tx/s ({pg_clients} cl.) | SQL p50 ms | SQL p99 ms | ÷ SQL "
            f"| SQL tx/s ({workers} cl.) | SQL p99 ms ({workers} cl.) | ÷ SQL ({workers} cl.) | failed |")
    lines = [head, "|" + "---|" * 14]
    for r in rows:
        h, s, w = r.http, r.sql, r.sql_w
        errors = sum(x.errors for x in (h, s, w) if x)
        lines.append("| " + " | ".join([
            r.endpoint.title,
            _f(h.rate, 0) if h else "—", _f(h.p50) if h else "—", _f(h.p95) if h else "—",
            _f(h.p99) if h else "—",
            _f(h.rate / ping_rate) if h and ping_rate else "—",
            _f(s.rate, 0) if s else "—", _f(s.p50) if s else "—", _f(s.p99) if s else "—",
            _f(h.rate / s.rate) if h and s and s.rate else "—",
            _f(w.rate, 0) if w else "—", _f(w.p99) if w else "—",
            _f(h.rate / w.rate) if h and w and w.rate else "—",
            str(errors),
        ]) + " |")
    return "\n".join(lines)


def targets(rows, ping_rate, rss):
    """(text, met) for each target of the issue."""
    out = []
    for r in rows:
        h, s, goal = r.http, r.sql, r.endpoint.target
        if not h:
            continue
        if goal == "list":
            ratio = h.rate / ping_rate if ping_rate else 0
            met = ratio >= LIST_RATIO and h.p99 < LIST_P99_MS
            out.append((f"{r.endpoint.title}: {ratio:.2f} × ping (target ≥ {LIST_RATIO}"
                        f"{'' if ratio >= LIST_RATIO else f', {LIST_RATIO / ratio:.1f}× short' if ratio else ''}),"
                        f" p99 {h.p99:.1f} ms (target < {LIST_P99_MS:.0f}"
                        f"{'' if h.p99 < LIST_P99_MS else f', {h.p99 / LIST_P99_MS:.1f}× over'})", met))
        elif goal.startswith("p95:"):
            limit = float(goal[4:])
            met = h.rate > 0 and h.p95 < limit and h.errors == 0   # nothing answered is not met
            out.append((f"{r.endpoint.title}: p95 {h.p95:.1f} ms (target < {limit:.0f})", met))
        elif goal == "grid":
            met = h.p95 < GRID_P95_MS
            out.append((f"{r.endpoint.title}: p95 {h.p95:.1f} ms (target < {GRID_P95_MS:.0f})", met))
        elif goal == "write" and s:
            ratio = h.rate / s.rate if s.rate else 0
            failed = sum(x.errors for x in (h, s, r.sql_w) if x)
            met = ratio >= WRITE_RATIO and failed == 0
            also = (f"; {h.rate / r.sql_w.rate:.2f} × pgbench with one client per worker"
                    if r.sql_w and r.sql_w.rate else "")
            out.append((f"{r.endpoint.title}: {ratio:.2f} × its SQL in pgbench at the same concurrency"
                        f" (target ≥ {WRITE_RATIO}"
                        f"{'' if ratio >= WRITE_RATIO else f', {WRITE_RATIO / ratio:.1f}× short' if ratio else ''})"
                        f"{also}; {failed} failed", met))
    if rss:
        worst = max(w["rss_kb"] for w in rss) / 1024
        peak = max(w["hwm_kb"] for w in rss) / 1024
        out.append((f"worker memory after the run: at most {worst:.1f} MB RSS "
                    f"(target < {WORKER_RSS_MB:.0f} MB); the peak during the run was {peak:.1f} MB",
                    worst < WORKER_RSS_MB))
    return out


def machine():
    def first(path, key):
        try:
            with open(path) as f:
                for line in f:
                    if line.startswith(key):
                        return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "?"

    def cmd(*argv):
        try:
            run = subprocess.run(argv, capture_output=True, text=True, timeout=10)
            return (run.stdout or run.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return "?"

    mem_kb = first("/proc/meminfo", "MemTotal").split()[0]
    return {
        "cpu": first("/proc/cpuinfo", "model name"),
        "cores": str(os.cpu_count()),
        "memory": f"{int(mem_kb) / 1024 / 1024:.1f} GiB" if mem_kb.isdigit() else "?",
        "kernel": platform.release(),
        "postgresql": cmd("/usr/lib/postgresql/15/bin/postgres", "--version"),
        "nginx": cmd("nginx", "-v"),
        "wrk": " ".join(cmd("wrk", "-v").split()[:2]),
        "commit": cmd("git", "-C", os.path.dirname(os.path.dirname(HERE)), "describe", "--always", "--dirty"),
    }


def rss_line(rss):
    if not rss:
        return "not found"
    return (", ".join(f"{w['rss_kb'] / 1024:.1f} MB" for w in rss) + " (peak during the run: "
            + ", ".join(f"{w['hwm_kb'] / 1024:.1f} MB" for w in rss) + ")")


def where_time_goes(rows):
    """Per endpoint: statements, round trips, and the server's time per statement."""
    lines = ["| endpoint | statements | round trips | statement (EXPLAIN ANALYZE, warm) | planning ms "
             "| execution ms | plan | notes |", "|" + "---|" * 8]
    for r in rows:
        if not r.tx:
            continue
        first = True
        for e in r.explain or [{"label": "—", "planning_ms": None, "execution_ms": None,
                                "plan": "—", "notes": []}]:
            lines.append("| " + " | ".join([
                r.endpoint.title if first else "",
                str(len(r.tx.statements)) if first else "",
                str(r.tx.round_trips()) if first else "",
                "`" + e["label"].replace("|", "\\|") + "`",
                _f(e["planning_ms"]), _f(e["execution_ms"]), e["plan"],
                "; ".join(e["notes"]) or "",
            ]) + " |")
            first = False
    return "\n".join(lines)


DISTURBED = 0.15     # "other" above this share of a row's CPU: something else ran
DISTURBED_MIN_S = 5  # shorter rows (the smoke run's) are too short to tell


def disturbed(rows):
    """Rows during which other processes took a noticeable share of the CPU."""
    out = []
    for r in rows:
        total = sum(r.cpu.values()) if r.cpu else 0
        if not total or not r.http or r.http.seconds < DISTURBED_MIN_S:
            continue
        if r.cpu.get("other", 0) / total > DISTURBED:
            seen = ", ".join(f"{c} {t:.1f} s" for c, t in r.others) or "none still running"
            out.append(f"{r.endpoint.title}: {r.cpu['other'] / total:.0%} of the CPU went to other"
                       f" processes (the busiest of those still running at the end: {seen})")
        if r.cpu.get("steal", 0) / total > DISTURBED:
            out.append(f"{r.endpoint.title}: the hypervisor took {r.cpu['steal'] / total:.0%}"
                       " of the CPU time (steal)")
    return out


def cpu_table(rows):
    names = ("wrk", "nginx", "safegridd", "postgres", "other", "steal")
    lines = ["| endpoint | " + " | ".join(names) + " | total | total ÷ ping's |",
             "|" + "---|" * (len(names) + 3)]
    ping = next((sum(r.cpu.values()) for r in rows if r.endpoint.key == "ping" and r.cpu), 0)
    for r in rows:
        if not r.cpu:
            continue
        total = sum(r.cpu.values())
        lines.append("| " + " | ".join([r.endpoint.title] + [_f(r.cpu.get(n), 0) for n in names]
                                       + [_f(total, 0), _f(total / ping, 1) if ping else "—"]) + " |")
    return "\n".join(lines)


# Issue 18's targets over what it measured then (PostgreSQL µs a request): the ratio
# a row's PostgreSQL CPU must come down to, after ÷ before, in one run of both builds.
HALVED = {"hazard_list": (150, 338), "hazard_list_filtered": (200, 439),
          "inspection_list": (250, 647), "grid_counts": (250, 721),
          "enterprise_search": (150, 246)}


def pair_line(pair):
    """One more pair of bench.Bench.measure_pairs, as its progress line."""
    if "before" in pair:
        ratio = pair["after"]["cpu"].get("postgres", 0) / (pair["before"]["cpu"].get("postgres") or 1)
        return f"PostgreSQL {ratio:.2f}x"
    here, there = pair["here"], pair["there"]
    return (f"CPU {sum(here['cpu'].values()):.0f} µs, p99 {here['p99']:.2f} ms;"
            f" beside {sum(there['cpu'].values()):.0f} µs, p99 {there['p99']:.2f} ms")


def pair_ratios(row, of):
    """After ÷ before of what of() takes from a CPU table, over the row's pairs of the two
    builds (the first pair, then before["pairs"]): (the median, the spread as it reads
    after the median: "" for one pair, " (median of 3: 0.41–0.47)" for three), or
    (None, "") when a pair lacks it."""
    pairs = [(row.before["cpu"], row.cpu)] + [(p["before"]["cpu"], p["after"]["cpu"])
                                              for p in row.before.get("pairs", [])]
    ratios = []
    for before, after in pairs:
        b, a = of(before), of(after)
        if a is None or not b:
            return None, ""
        ratios.append(a / b)
    if len(ratios) == 1:
        return ratios[0], ""
    return (statistics.median(ratios),
            f" (median of {len(ratios)}: {min(ratios):.2f}–{max(ratios):.2f})")


def before_section(rows, commit):
    pairs = max((1 + len(r.before.get("pairs", [])) for r in rows if r.before), default=1)
    lines = [f"### This build and `{commit}` (BENCH_BEFORE), read by read", "",
             f"Every read measured twice in this run on the same data, with this build and with"
             f" `{commit}`'s (built from its source by run.sh), one right after the other (the",
             "order alternating row by row); CPU µs a request as in the table above. The older",
             "build runs on this commit's schema: it reads the tables it always read, and a",
             "function a later migration replaced runs as replaced.", "",
             *([f"The reads with a target of issue 18 were measured in {pairs} such pairs",
                "(BENCH_PAIRS), the order of the builds alternating pair by pair: their × is the",
                "median of the pairs' ratios, with the lowest and the highest, and the verdict is",
                "the median's. The CPU columns are the first pair's.", ""]
               if pairs > 1 else []),
             "| endpoint | PostgreSQL before | after | × | total before | after | × | p99 ms before"
             " | after | issue 18 |", "|" + "---|" * 10]
    checks = []
    for r in rows:
        if not r.before or not r.cpu:
            continue
        if "error" in r.before:
            lines.append(f"| {r.endpoint.title} | not measured with `{commit}`: {r.before['error']} |"
                         + " |" * 8)
            continue
        pg_b, pg_a = r.before["cpu"].get("postgres"), r.cpu.get("postgres")
        tot_b, tot_a = sum(r.before["cpu"].values()), sum(r.cpu.values())
        ratio = lambda a, b: _f(a / b) if a is not None and b else "—"  # noqa: E731
        pg_x, pg_spread = pair_ratios(r, lambda cpu: cpu.get("postgres"))
        tot_x, tot_spread = pair_ratios(r, lambda cpu: sum(cpu.values()))
        goal = ""
        if r.endpoint.key in HALVED and pg_x is not None:
            target, then = HALVED[r.endpoint.key]
            ok = pg_x <= target / then
            goal = f"≤ {target / then:.2f}: {'met' if ok else '**not met**'}"
            checks.append((f"{r.endpoint.title}: PostgreSQL CPU {pg_x:.2f}×{pg_spread} of `{commit}`'s"
                           f" (issue 18: {target} of {then} µs, {target / then:.2f}×)", ok))
        if r.endpoint.key == "hazard_list" and tot_x is not None:
            checks.append((f"{r.endpoint.title}: all CPU {tot_x:.2f}×{tot_spread} of `{commit}`'s"
                           f" (issue 18: under 350 of 521 µs, {350 / 521:.2f}×)", tot_x < 350 / 521))
        lines.append("| " + " | ".join([r.endpoint.title, _f(pg_b, 0), _f(pg_a, 0),
                                        _f(pg_x) + pg_spread if pg_x is not None else ratio(pg_a, pg_b),
                                        _f(tot_b, 0), _f(tot_a, 0),
                                        _f(tot_x) + tot_spread if tot_x is not None else ratio(tot_a, tot_b),
                                        _f(r.before.get("p99")), _f(r.http.p99 if r.http else None),
                                        goal]) + " |")
    lines += [""] + [f"- {'met' if ok else '**not met**'}: {text}" for text, ok in checks]
    return "\n".join(lines)


def export_targets(exports):
    """The ledgers' targets (issue 13): each under 5 s, no worker's peak RSS over 64 MB."""
    import endpoints
    checks = []
    for e in exports:
        checks.append((f"{e['title']}: {e['seconds']:.2f} s (target < {endpoints.EXPORT_SECONDS} s)",
                       e["seconds"] < endpoints.EXPORT_SECONDS))
        checks.append((f"{e['title']}: workers' peak RSS {e['peak_rss_kb'] / 1024:.1f} MB"
                       f" (target < {endpoints.EXPORT_RSS_MB} MB)",
                       e["peak_rss_kb"] < endpoints.EXPORT_RSS_MB * 1024))
    return checks


def exports_table(exports):
    lines = ["| ledger | rows | size | time | safegridd CPU | load average | workers' peak RSS |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for e in exports:
        lines.append(f"| {e['title']} | {e['rows']:,} | {e['bytes'] / 1e6:.1f} MB | {e['seconds']:.2f} s"
                     f" | {e.get('worker_cpu_seconds', 0):.2f} s | {e.get('load', 0):.1f}"
                     f" | {e['peak_rss_kb'] / 1024:.1f} MB |")
    return "\n".join(lines)


def document(rows, ping_rate, rss, settings, failures):
    m = settings.get("machine") or machine()
    checks = targets(rows, ping_rate, rss)
    today = settings.get("date") or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    try:
        with open(os.path.join(HERE, "notes.md"), encoding="utf-8") as f:
            notes = f.read().strip()
    except OSError:
        notes = ""
    parts = [
        "# Benchmarks",
        "",
        "Written by `make bench` (tests/bench/); do not edit by hand -- the findings at the end",
        "come from `tests/bench/notes.md`. How the harness works: `tests/bench/README.md`.",
        "",
        "## This run",
        "",
        f"- date: {today}; commit `{m['commit']}`",
        f"- machine: {m['cores']} cores ({m['cpu']}), {m['memory']} memory, Linux {m['kernel']};"
        " wrk, pgbench, nginx, safegridd and PostgreSQL all on it",
        f"- {m['postgresql']}; {m['nginx']}; {m['wrk']}",
        f"- data: benchmark county at `--scale {settings['scale']}` `--seed {settings['seed']}`"
        f" ({settings['size']}); every request signed in as `{settings['user']}` of township"
        f" `{settings['township']}`",
        f"- server: `safegridd` built with `{settings['opt']}`, {settings['workers']} workers;"
        " PostgreSQL with the stack's settings (deploy/stack.sh: defaults, shared_buffers 128 MB)",
        f"- HTTP: wrk, {settings['connections']} connections, {settings['threads']} threads,"
        f" {settings['duration']} s a row (reads after {settings['warmup']} s unmeasured warm-up)",
        f"- SQL: pgbench -M prepared, {settings['threads']} threads, {settings['duration']} s a row,"
        f" the endpoint's own transaction, twice: with {settings['pg_clients']} clients (the HTTP"
        f" concurrency) and with {settings['workers']} (one a safegridd worker, which is all the"
        " connections safegridd ever opens)",
        f"- safegridd workers' RSS after the whole run: {rss_line(rss)}",
        "",
        "## Results",
        "",
        "req/s and latencies are wrk's over HTTP (nginx → FastCGI → PostgreSQL); ÷ ping is the",
        "endpoint's rate over the rate of `GET /api/v1/ping`; SQL columns are pgbench running the",
        "transaction that endpoint runs, and ÷ SQL is the endpoint's rate over that; `failed`",
        "counts failed requests and transactions of all three measurements.",
        "",
        table(rows, ping_rate, settings["pg_clients"], settings["workers"]),
        "",
    ]
    if failures:
        parts += ["**Failed requests in this run:**", ""] + [f"- {f}" for f in failures] + [""]
    noisy = disturbed(rows)
    if noisy:
        parts += ["**Disturbed rows** (the machine was busy with something else; these numbers are",
                  "low and should be measured again):", ""] + [f"- {n}" for n in noisy] + [""]
    if settings.get("exports"):
        parts += [
            "## Ledgers (exports)",
            "",
            "Each export once, alone, after every other row: the hazard ledger of one enterprise",
            "topped up to 100,000 hazards, timed to its last byte over HTTP, with the CPU",
            "safegridd's workers spent on it and the machine's load average then; the peak RSS",
            "is the largest VmHWM of the workers, reset just before the export",
            "(/proc/PID/clear_refs), so it is the export's own.",
            "",
            exports_table(settings["exports"]),
            "",
            *[f"- {'met' if ok else '**not met**'}: {text}" for text, ok in export_targets(settings["exports"])],
            "",
        ]
    parts += [
        "## Against the targets of issue 6",
        "",
        *[f"- {'met' if ok else '**not met**'}: {text}" for text, ok in checks],
        "",
        "## Where the time goes (measured)",
        "",
        "### CPU per request, by process",
        "",
        "Microseconds of CPU per answered request during each wrk row, from /proc",
        "(tests/bench/cpu.py): wrk itself, nginx, safegridd's workers, PostgreSQL's backends,",
        "`other` -- the rest of the machine's busy time (kernel interrupt work, processes",
        "that ended during the row such as autovacuum workers, anything else running) -- and",
        "`steal`, time the hypervisor gave to other machines. With 2 cores busy, the rate is",
        "about 2,000,000 ÷ total.",
        "",
        cpu_table(rows),
        "",
        *([before_section(rows, settings["before"]), ""] if settings.get("before") else []),
        "### Statements and plans",
        "",
        "Statements per request and round trips to PostgreSQL come from the captured",
        "transaction: the round trips safegridd waits for (BEGIN and the session check share",
        "one, and COMMIT is one; a GET of one statement sends the session check and that",
        "statement in one pipeline without BEGIN or COMMIT, its implicit transaction ending",
        "at the pipeline's sync, and its pgbench twin pipelines them the same way). The",
        "times are one warm execution under EXPLAIN ANALYZE as safegrid_app with the",
        "request's settings (see tests/bench/explain.py; full plans in",
        "`var/bench-<scale>/results/plans-*.txt`). Each request's first statement is the",
        "session check (`app.request_begin`).",
        "",
        where_time_goes(rows),
        "",
    ]
    if len(settings.get("scales") or []) > 1:
        parts += [growth_section(settings["scales"]), ""]
    # This run's stack beside, or the latest saved run of another scale that had one.
    window = beside_runs(rows, settings) or next(
        (run["window"] for run in reversed(settings.get("scales") or []) if run.get("window")), [])
    if window:
        if len(settings.get("scales") or []) <= 1:
            parts += ["## As the county grows", ""]
        parts += [beside_section(*window), ""]
    if settings.get("portal") is not None:
        parts += [portal_section(settings["portal"]), ""]
    if settings.get("unmeasured") is not None:
        parts += [left_out.section(settings["unmeasured"]), ""]
    if notes:
        parts += [notes, ""]
    return "\n".join(parts)


def portal_section(portal):
    """The portal's weight per page and the time to usable on slow 4G (tests/bench/portal.mjs)."""
    lines = ["## The portal", "",
             "Headless Chromium (tests/bench/portal.mjs), a phone's screen, an empty cache: what the",
             "sign-in page and the public page download as nginx sends them (compressed, headers",
             "included; the signed-in pages are not weighed yet), and how long the",
             "sign-in page and the public page behind the gate's QR code take until their form is on",
             "the screen and every script has run, on DevTools' slow-4G profile (562.5 ms latency,",
             "1.44 Mbit/s down, 675 kbit/s up, set through the DevTools protocol).", ""]
    if "error" in portal:
        return "\n".join(lines + [f"Not measured in this run: `{portal['error']}`"])
    kb = lambda n: f"{n / 1024:.1f}"    # noqa: E731
    lines += ["| page | requests | JS KB | CSS KB | HTML KB | other KB | total KB |", "|" + "---|" * 7]
    for p in portal["pages"]:
        b = p["bytes"]
        path = '/p/<token>' if p['path'].startswith('/p/') else p['path']
        lines.append(f"| `{path}` | {p['requests']} | {kb(b['script'])} | {kb(b['stylesheet'])}"
                     f" | {kb(b['document'])} | {kb(b['other'])} | {kb(sum(b.values()))} |")
    lines += ["", "| page | usable after (slow 4G) |", "|---|---|"]
    lines += [f"| `{u['path'].split('/p/')[0] + '/p/<token>' if '/p/' in u['path'] else u['path']}`"
              f" | {u['ms'] / 1000:.2f} s |" for u in portal["usable"]]
    return "\n".join(lines)


# Issue 18: a read's CPU and p99 at five times the county within this of scale 1's.
GROWTH_RATIO = 1.3


def _is_read(endpoint):
    """A GET (a run saved before runs said so: no method but GET in its title)."""
    if hasattr(endpoint, "read"):
        return endpoint.read
    if hasattr(endpoint, "requests"):
        return endpoint.requests[0][0] == "GET"
    return not any(f"{m} " in endpoint.title for m in ("POST", "PUT", "PATCH", "DELETE"))


def scale_runs(results_dir):
    """The last saved run of each scale beside this one (var/bench-<scale>/results/
    run.json, the smoke run's excepted), smallest scale first: [(scale, rows, settings)]."""
    var = os.path.dirname(os.path.dirname(os.path.abspath(results_dir)))
    runs = []
    for name in sorted(os.listdir(var)) if os.path.isdir(var) else []:
        path = os.path.join(var, name, "results", "run.json")
        if not name.startswith(("bench-", "safegrid-bench-")) or name.endswith("smoke") \
                or not os.path.isfile(path):
            continue
        try:
            rows, _, _, settings, _ = load(path)
            runs.append((float(settings["scale"]), rows, settings))
        except (OSError, ValueError, KeyError):
            continue
    runs.sort(key=lambda run: run[0])
    return [{"scale": scale, "date": st.get("date"), "commit": (st.get("machine") or {}).get("commit"),
             "size": st.get("size"), "seeded_in_s": st.get("seeded_in_s"), "disk": st.get("disk"),
             "rows": {r.endpoint.key: growth_row(r, r.cpu, r.http.p99 if r.http else None) for r in rows},
             "window": beside_runs(rows, st)}
            for scale, rows, st in runs]


def growth_row(row, cpu, p99):
    """What growth() compares of one row measured with that CPU table and p99."""
    return {"title": row.endpoint.title, "read": _is_read(row.endpoint),
            "cpu": sum(cpu.values()) if cpu else None,
            "postgres": cpu.get("postgres") if cpu else None,
            "fixed": (cpu.get("wrk", 0) + cpu.get("nginx", 0)) if cpu else None,
            "p99": p99}


def beside_runs(rows, settings):
    """The BENCH_BESIDE measurements of this run as scale_runs gives runs: the stack
    beside (its scale) and this one, smaller scale first; [] if there was none.  A row's
    more pairs (BENCH_PAIRS) go with it, each side's in the same order."""
    beside = settings.get("beside")
    if not beside:
        return []

    def rows_of(side, first):
        return {r.endpoint.key: dict(growth_row(r, *first(r)),
                                     pairs=[growth_row(r, p[side]["cpu"], p[side]["p99"])
                                            for p in r.beside.get("pairs", [])])
                for r in rows if r.beside}
    here = {"scale": float(settings["scale"]), "size": settings.get("size"),
            "rows": rows_of("here", lambda r: (r.cpu, r.http.p99 if r.http else None))}
    there = {"scale": float(beside["scale"]), "size": beside.get("size"),
             "rows": rows_of("there", lambda r: (r.beside["cpu"], r.beside["p99"]))}
    return sorted([here, there], key=lambda run: run["scale"])


def growth(small, big):
    """[(title, read, (cpu, cpu, ratio), (pg, pg, ratio), (p99, p99, ratio), fixed ratio)] for
    the rows both runs measured, in the bigger run's order. A ratio of CPU figures under
    1 µs (a process the row does not use, and rounding) is None; fixed is that of wrk's and nginx's
    CPU a request, whose work does not depend on the data set (None for an older run.json).
    Rows measured beside in pairs give the median of the pairs' ratios, and the figures of
    the first pair."""
    out = []
    for key, b in big["rows"].items():
        a = small["rows"].get(key)
        if not a:
            continue
        def ratio(k, least=1.0):
            """The median over the pairs (one, unless measured beside in pairs) of b ÷ a."""
            ratios = [y[k] / x[k] for x, y in zip([a] + a.get("pairs", []), [b] + b.get("pairs", []))
                      if x.get(k) is not None and y.get(k) is not None and min(x[k], y[k]) >= least]
            return statistics.median(ratios) if ratios else None

        def triple(k):
            return a[k], b[k], ratio(k, 1.0 if k != "p99" else 0.001)
        out.append((b["title"], b["read"] and a["read"], triple("cpu"), triple("postgres"), triple("p99"),
                    ratio("fixed")))
    return out


def growth_section(scales):
    small, big = scales[0], scales[-1]
    lines = [f"## As the county grows: scale {small['scale']:g} and scale {big['scale']:g}", "",
             "The same rows on both data sets, each from its own last `make bench"
             " BENCH_SCALE=...` run (the dates below: compare the ratios, as the machine's"
             " load was not the same); CPU is all processes' µs per request as in the table"
             " above, PostgreSQL's part beside it. The last column is the ratio of what wrk and"
             " nginx spent a request: their work is the same on both data sets, so where it"
             " moves, the machine itself was faster or slower during one of the two rows.", ""]
    for run in (small, big):
        extra = []
        if run.get("seeded_in_s"):
            extra.append(f"seeded in {run['seeded_in_s'] / 60:.0f} min")
        if run.get("disk"):
            extra.append(run["disk"])
        lines.append(f"- scale {run['scale']:g}: run {run['date']}, commit `{run['commit']}`;"
                     f" {run['size']}" + (f"; {'; '.join(extra)}" if extra else ""))
    return "\n".join(lines + [""] + growth_table(small, big))


def beside_section(small, big):
    pairs = 1 + max((len(r.get("pairs", [])) for r in big["rows"].values()), default=0)
    lines = [f"### In one window: scale {small['scale']:g} and scale {big['scale']:g} side by side", "",
             "Both data sets at once, each on a stack of its own (BENCH_BESIDE): every read"
             " measured on one and then on the other, the order alternating row by row, so that"
             " the two figures of a row are minutes apart rather than runs apart. The same"
             " columns as above."
             + (f" Each read was measured in {pairs} such pairs, the order alternating pair by"
                " pair: the µs and ms are the first pair's, each × is the median of the pairs'"
                " ratios (a p99 is one tail of a row's seconds of load)." if pairs > 1 else ""), ""]
    for run in (small, big):
        lines.append(f"- scale {run['scale']:g}: {run['size']}")
    return "\n".join(lines + [""] + growth_table(small, big))


def growth_table(small, big):
    """The lines of growth()'s table of two runs, and the verdict on issue 18's 1.3×."""
    lines = [f"| endpoint | CPU µs ({small['scale']:g}) | CPU µs ({big['scale']:g}) | × |"
             f" PostgreSQL µs ({small['scale']:g}) | PostgreSQL µs ({big['scale']:g}) | × |"
             f" p99 ms ({small['scale']:g}) | p99 ms ({big['scale']:g}) | × | wrk + nginx × |",
             "|" + "---|" * 11]
    grown = []
    for title, read, cpu, pg, p99, fixed in growth(small, big):
        def cells(t, digits):
            ratio = "—" if t[2] is None else (f"**{t[2]:.2f}**" if t[2] > GROWTH_RATIO and read
                                              else f"{t[2]:.2f}")
            return [_f(t[0], digits), _f(t[1], digits), ratio]
        lines.append("| " + " | ".join([title] + cells(cpu, 0) + cells(pg, 0) + cells(p99, 2)
                                      + ["—" if fixed is None else f"{fixed:.2f}"]) + " |")
        if read and any(t[2] is not None and t[2] > GROWTH_RATIO for t in (cpu, p99)):
            grown.append(title)
    return lines + ["", f"- {'met' if not grown else '**not met**'}: every read's CPU a request and p99"
                    f" at scale {big['scale']:g} within {GROWTH_RATIO}× of scale {small['scale']:g}"
                    + (f" (grown: {', '.join(grown)})" if grown else "")]


def save(path, rows, ping_rate, rss, settings, failures):
    """The run as JSON, enough to write the document again (bench.py --render)."""
    def result(r):
        return dataclasses.asdict(r) if r else None

    data = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "ping_rate": ping_rate, "rss": rss, "settings": settings, "failures": failures,
        "machine": machine(),
        "rows": [{"endpoint": {"key": r.endpoint.key, "title": r.endpoint.title,
                               "target": r.endpoint.target},
                  "read": _is_read(r.endpoint),
                  "http": result(r.http), "sql": result(r.sql), "sql_w": result(r.sql_w),
                  "tx": {"statements": len(r.tx.statements), "round_trips": r.tx.round_trips()}
                  if r.tx else None,
                  "explain": r.explain, "cpu": r.cpu, "others": r.others, "before": r.before,
                  "beside": r.beside}
                 for r in rows],
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)


def load(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    rows = []
    for r in data["rows"]:
        tx = None
        if r["tx"]:
            n, trips = r["tx"]["statements"], r["tx"]["round_trips"]
            tx = SimpleNamespace(statements=[None] * n, round_trips=lambda trips=trips: trips)
        endpoint = SimpleNamespace(**r["endpoint"])
        endpoint.read = r.get("read", _is_read(endpoint))
        rows.append(Row(endpoint,
                        *(SimpleNamespace(**r[k]) if r[k] else None for k in ("http", "sql", "sql_w")),
                        tx, r["explain"], r.get("cpu") or {}, r.get("others") or [],
                        r.get("before") or {}, r.get("beside") or {}))
    settings = dict(data["settings"], date=data["date"], machine=data["machine"])
    return rows, data["ping_rate"], data["rss"], settings, data["failures"]
