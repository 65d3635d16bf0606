#!/usr/bin/python3
"""The benchmark itself, against the stack tests/bench/run.sh started:

  1. fixtures: sign in as bench1.dept1, find the ids the requests use, create draft
     inspections (fixtures.py)
  2. capture: one request per endpoint with statement logging on; the transaction
     each runs becomes its pgbench script (capture.py, pgscript.py)
  3. explain: every captured statement under EXPLAIN ANALYZE (explain.py)
  4. measure, in one run, each for the same fixed time: the transport ceilings
     (static file, ping), then every endpoint with wrk and its own SQL with pgbench
     (loadgen.py); the reads first, then the writes, so the writes' new rows do not
     change what the reads read
  5. the worker RSS, the table, docs/benchmarks.md when asked (report.py)

Exits 1 if any request or transaction failed, never because of a number.

  bench.py --render var/bench-1/results/run.json docs/benchmarks.md
      writes the document again from a finished run (after editing notes.md).
"""
import argparse
import copy
import io
import zipfile
import hashlib
import json
import math
import os
import secrets
import shutil
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import capture          # noqa: E402
import left_out         # noqa: E402
import cpu              # noqa: E402
import endpoints        # noqa: E402
import explain          # noqa: E402
import fixtures         # noqa: E402
import loadgen          # noqa: E402
import pgscript         # noqa: E402
import report           # noqa: E402
from api import COOKIE, Api, session_headers   # noqa: E402


def signed_headers(stack, ep):
    """The headers of ep's requests on a stack (a Bench or a Beside: its api, fixtures,
    password and sessions): the fixtures' user's session, or a role's own."""
    if not ep.signed_in:
        return {"Content-Type": "application/json"} if ep.json_body else {}
    if ep.user:
        if ep.user not in stack.sessions:
            stack.sessions[ep.user] = stack.api.login(ep.user, stack.password)[:2]
        token, csrf = stack.sessions[ep.user]
        return session_headers(token, csrf if ep.csrf else None, ep.json_body)
    return stack.fx.headers(csrf=ep.csrf, json_body=ep.json_body)


class Beside:
    """A second stack with the data set of another scale, running beside the measured one
    (BENCH_BESIDE): every read is measured on both, one right after the other, so that how
    a read's cost grows from one scale to the other is read in one window of the machine's
    speed rather than across two runs hours apart. Its own fixtures (the ids of its data
    set, draft inspections as many as the measured stack's), sessions and CPU sampler."""

    def __init__(self, args, password, drafts):
        self.url, self.scale = args.beside_url, args.beside_scale
        self.api = Api(self.url)
        self.password = password
        self.sessions = {}
        self.cpu = cpu.Sampler(args.beside_var)
        su = fixtures.connect(args.beside_pg_port)
        try:
            capture.disable(su)
            self.size = dataset_size(su)
            self.fx = fixtures.gather(su, self.api, password)
            fixtures.make_drafts(su, self.api, self.fx, drafts)
        finally:
            su.close()
        fx = self.fx
        self.reads = {ep.key: ep for ep in endpoints.reads(fx) + endpoints.oversight(fx) + endpoints.public(fx)}

    def headers(self, ep):
        return signed_headers(self, ep)


class Bench:
    def __init__(self, args):
        self.args = args
        self.results = os.path.join(args.var, "results")
        shutil.rmtree(self.results, ignore_errors=True)
        os.makedirs(self.results)
        self.api = Api(args.url)
        self.su = fixtures.connect(args.pg_port)
        self.log = os.path.join(args.var, "log", "postgresql.log")
        self.password = os.environ.get("SAFEGRID_BENCH_PASSWORD", "safegrid-bench")
        self.failures = []
        self.rows = {}
        self.sessions = {}     # username -> (token, csrf) for endpoints asked as another role
        self.cpu = cpu.Sampler(args.var)
        self.url = args.url
        self.beside = None

    # --- steps ---------------------------------------------------------------

    def prepare(self):
        a = self.args
        capture.disable(self.su)          # a run killed while capturing left it on
        self.size = dataset_size(self.su)
        self.disk = dataset_disk(self.su, a.var)
        print("== bench: fixtures", flush=True)
        self.fx = fixtures.gather(self.su, self.api, self.password)
        # Enough drafts that every pgbench client has ids of its own (pgscript.Choice).
        drafts = a.pg_clients * (8 if float(a.scale) >= 0.05 else 1)
        fixtures.make_drafts(self.su, self.api, self.fx, drafts)
        if a.beside_url:
            print(f"== bench: fixtures of the stack beside (scale {a.beside_scale})", flush=True)
            self.beside = Beside(a, self.password, drafts)
        # Hazards for the captures and EXPLAINs of the transition, outside the pools.
        self.spare = fixtures.make_hazard_pool(self.su, self.fx, 2)
        fx = self.fx
        print(f"   township {fixtures.TOWNSHIP} (id {fx.township_id}), user {fixtures.USER} "
              f"(id {fx.user_id}); sector {fx.sector_id}, work area {fx.work_area_id}, "
              f"search '{fx.search}', {len(fx.hazard_ids)} hazards for detail, "
              f"{len(fx.drafts)} draft inspections", flush=True)
        self.transport = endpoints.transport()
        self.reads = endpoints.reads(fx) + endpoints.oversight(fx) + endpoints.public(fx)
        self.create = endpoints.create(fx)
        # The pools are sized from the create rates; this one serves the capture.
        self.transition = endpoints.transition(self.spare, 1, 0, 0, self.spare)
        self.result_save = endpoints.result_save(fx)
        self.login = endpoints.login(self.password, fixtures.USER)
        for ep in self.transport + self.reads + [self.create, self.transition,
                                                 self.result_save, self.login]:
            self.rows[ep.key] = report.Row(ep)
        # The routes no row sends a request to, and why (left_out.LEFT_OUT).
        self.unmeasured = left_out.unmeasured(self.args.bin, [r.endpoint for r in self.rows.values()])
        print(f"   {len(self.unmeasured)} routes not measured"
              f" ({sum(why is None for _, why in self.unmeasured)} without a reason):", flush=True)
        for route, why in self.unmeasured:
            print(f"     {route}: {why or 'NO REASON GIVEN'}", flush=True)

    def headers(self, ep):
        return signed_headers(self, ep)

    def capture_all(self):
        print("== bench: capturing each endpoint's SQL from the PostgreSQL log", flush=True)
        capture.enable(self.su)
        try:
            for ep in self.reads + [self.create, self.transition, self.result_save, self.login]:
                method, path, body = ep.capture_request()
                answer = {}
                headers = self.headers(ep)   # a role's first sign-in stays out of the capture

                def send(method=method, path=path, body=body, ep=ep, headers=headers):
                    status, _, r = self.api.send(method, path, body, headers)
                    if status >= 300:
                        raise RuntimeError(f"{ep.key}: {method} {path} answered {status}: {r.text[:300]}")
                    answer["response"] = r

                tx = capture.capture(self.log, send)
                tx.read = method in ("GET", "HEAD")
                if ep is self.login:
                    # The new session's token hash: the value that must vary.
                    token = answer["response"].cookies.get(COOKIE)
                    ep.vary = {hashlib.sha256(token.encode()).hexdigest(): endpoints.Unique()}
                self.rows[ep.key].tx = tx
                print(f"   {ep.key}: {len(tx.statements)} statements, {tx.round_trips()} round trips",
                      flush=True)
        finally:
            capture.disable(self.su)

    def explain_all(self):
        print("== bench: EXPLAIN ANALYZE of the captured statements", flush=True)
        for key, row in self.rows.items():
            if not row.tx:
                continue
            tx = row.tx
            if key == "hazard_transition":
                tx = substitute(tx, str(self.spare), str(self.spare + 1))   # a hazard still reported
            elif key == "login":
                (token_hash,) = row.endpoint.vary
                tx = substitute(tx, token_hash, secrets.token_hex(32))      # a new session
            row.explain, plans = explain.analyse(self.args.pg_port, tx)
            with open(os.path.join(self.results, f"plans-{key}.txt"), "w", encoding="utf-8") as f:
                f.write(plans)

    def scripts(self, ep, clients, suffix=""):
        """The pgbench script of ep for that many clients, written to the results folder."""
        text, defines = pgscript.script(ep.title, self.rows[ep.key].tx, ep.vary, clients)
        path = os.path.join(self.results, f"pgbench-{ep.key}{suffix}.sql")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
            f.write("".join(f"-- -D {k}={v}\n" for k, v in defines.items()))
        return path, defines

    # --- measuring ----------------------------------------------------------

    def wrk(self, ep, seconds=None, stack=None):
        """wrk on ep's requests to a stack (this one, or the one beside), with its CPU read
        either side: (result, before, after)."""
        a, stack = self.args, stack or self
        path = os.path.join(self.results, f"wrk-{ep.key}{'-beside' if stack is not self else ''}.txt")
        loadgen.write_requests(path, ep, stack.headers(ep))
        before = stack.cpu.snapshot()
        result = loadgen.wrk(stack.url, path, ep.mode, seconds or a.duration, a.connections, a.threads)
        return result, before, stack.cpu.snapshot()

    def http(self, ep, seconds=None, record=True):
        result, before, after = self.wrk(ep, seconds)
        if not result.ok:
            self.fail(f"{ep.title} (HTTP): {result.detail}")
            self.show_failed_requests()
        if record:
            self.rows[ep.key].http = result
            self.rows[ep.key].cpu = cpu.Sampler.per_request(before, after, result.count)
            self.rows[ep.key].others = cpu.Sampler.other_processes(before, after)
        return result

    def sql(self, ep, clients, suffix=""):
        a = self.args
        path, defines = self.scripts(ep, clients, suffix)
        result = loadgen.pgbench(a.pg_port, path, defines, a.duration, clients, min(a.threads, clients),
                                 self.results, ep.key + suffix)
        if not result.ok:
            self.fail(f"{ep.title} (pgbench, {clients} clients): {result.detail}")
        return result

    def measure(self, ep, sql=True, warm=False, second_ep=None, then=None):
        """wrk, then pgbench with as many clients as wrk has connections, then pgbench
        with one client per worker (second_ep: the same endpoint with its own pool);
        then(), if given, right after wrk."""
        a, row = self.args, self.rows[ep.key]
        if warm and a.warmup > 0:
            self.http(ep, a.warmup, record=False)
        h = self.http(ep)
        line = f"   {ep.key:22} HTTP {h.rate:8.0f}/s p50 {h.p50:6.2f} p99 {h.p99:7.2f} ms"
        if then:
            then()
        if sql:
            row.sql = self.sql(ep, a.pg_clients)
            row.sql_w = self.sql(second_ep or ep, a.workers, "-workers")
            for s in (row.sql, row.sql_w):
                line += f" | SQL {s.rate:7.0f}/s p50 {s.p50:6.2f} p99 {s.p99:7.2f}"
        print(line, flush=True)

    def run(self):
        a = self.args
        print(f"== bench: measuring, {a.duration} s each: wrk {a.connections} connections,"
              f" pgbench {a.pg_clients} clients", flush=True)
        with self.su.cursor() as cur:
            cur.execute("checkpoint")
        for ep in self.transport:
            self.measure(ep, sql=False, warm=True)
        for i, ep in enumerate(self.reads):
            if self.beside and i % 2 == 0:       # this stack, the one beside; then the other way
                self.measure(ep, warm=True, then=lambda ep=ep: self.measure_beside(ep))
            elif self.beside:
                self.measure_beside(ep)
                self.measure(ep, warm=True)
            elif not a.before_bin:
                self.measure(ep, warm=True)
            elif i % 2 == 0:      # this build, the other; the other, this: one swap a row
                self.use_build(a.bin)
                self.measure(ep, warm=True)
                self.measure_before(ep)
            else:
                self.measure_before(ep)
                self.use_build(a.bin)
                self.measure(ep, warm=True)
        self.use_build(a.bin)
        self.measure_pairs()
        self.measure(self.create)
        self.measure_transition()
        self.measure(self.result_save)
        self.measure(self.login)
        self.measure_portal()
        self.measure_exports()

    def use_build(self, bin_dir):
        """safegridd from bin_dir (deploy/stack.sh restart-safegridd), unless it runs."""
        if getattr(self, "build", self.args.bin) == bin_dir:
            return
        env = dict(os.environ, SAFEGRID_BIN=bin_dir)
        subprocess.run(["bash", os.path.join(REPO, "deploy", "stack.sh"), "restart-safegridd"],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        self.build = bin_dir

    def timed(self, ep, stack=None):
        """The warm-up, then wrk on ep's requests to a stack (this one, or the one beside):
        (result, CPU a request; None if a request failed)."""
        a, stack = self.args, stack or self
        if a.warmup > 0:
            self.wrk(ep, a.warmup, stack)
        h, before, after = self.wrk(ep, stack=stack)
        return h, cpu.Sampler.per_request(before, after, h.count) if h.ok else None

    def measure_before(self, ep):
        """The read over HTTP with the BENCH_BEFORE build: rate, p99 and CPU a request."""
        a, row = self.args, self.rows[ep.key]
        self.use_build(a.before_bin)
        method, path, _ = ep.requests[0]
        status, _, _ = self.api.send(method, path, headers=self.headers(ep))
        if status >= 400:     # a route that build does not have, or cannot serve on this schema
            row.before = {"error": f"answers {status}"}
            print(f"   {ep.key:22} ({a.before}: answers {status}, not measured)", flush=True)
            return
        h, per_request = self.timed(ep)
        if not h.ok:          # the older build's failure, not this one's: reported in its table
            row.before = {"error": h.detail}
            print(f"   {ep.key:22} ({a.before}: {h.detail})", flush=True)
            return
        row.before = {"rate": h.rate, "p99": h.p99, "cpu": per_request}
        print(f"   {ep.key:22} HTTP {h.rate:8.0f}/s p50 {h.p50:6.2f} p99 {h.p99:7.2f} ms ({a.before})",
              flush=True)

    def measure_beside(self, ep):
        """The read over HTTP on the stack beside: rate, p99 and CPU a request."""
        row = self.rows[ep.key]
        there = self.beside.reads.get(ep.key)
        if there is None:
            return
        h, per_request = self.timed(there, self.beside)
        if not h.ok:
            self.fail(f"{ep.title} (HTTP, the stack beside at scale {self.beside.scale}): {h.detail}")
            return
        row.beside = {"scale": self.beside.scale, "rate": h.rate, "p99": h.p99, "cpu": per_request}
        print(f"   {ep.key:22} HTTP {h.rate:8.0f}/s p50 {h.p50:6.2f} p99 {h.p99:7.2f} ms"
              f" (scale {self.beside.scale}, beside)", flush=True)

    def measure_pairs(self):
        """More pairs of the two measurements a verdict compares, as BENCH_PAIRS asks:
        with BENCH_BEFORE, the two builds, for each read with a target of issue 18
        (report.HALVED); with BENCH_BESIDE, the two stacks, for every read.  A single pair
        is one reading of a machine whose speed drifts by more than some targets' margins
        (and a p99 is one tail), so the verdict is on the median of the pairs' ratios.  HTTP
        only, the order alternating pair by pair; each pair is kept in the row
        (before["pairs"], beside["pairs"])."""
        a = self.args
        if a.pairs <= 1 or not (a.before_bin or self.beside):
            return
        print(f"== bench: {a.pairs - 1} more pairs of the two "
              f"{'builds for the reads with a target' if a.before_bin else 'stacks for every read'}",
              flush=True)
        for n in range(1, a.pairs):
            for ep in self.reads:
                row = self.rows[ep.key]
                # (which, the build to run or None, the read, the stack) of each side
                if a.before_bin:
                    if ep.key not in report.HALVED or "cpu" not in row.before:
                        continue
                    kept = row.before
                    sides = [("before", a.before_bin, ep, self), ("after", a.bin, ep, self)]
                else:
                    there = self.beside.reads.get(ep.key)
                    if there is None or "cpu" not in row.beside:
                        continue
                    kept = row.beside
                    sides = [("here", None, ep, self), ("there", None, there, self.beside)]
                pair = {}
                for which, build, read, stack in (sides if n % 2 else sides[::-1]):
                    if build:
                        self.use_build(build)
                    h, per_request = self.timed(read, stack)
                    if not h.ok:
                        self.fail(f"{ep.title} (HTTP, pair {n + 1}, {which}): {h.detail}")
                        pair = None
                        break
                    pair[which] = {"p99": h.p99, "cpu": per_request}
                if pair:
                    kept.setdefault("pairs", []).append(pair)
                    print(f"   {ep.key:22} pair {n + 1}: {report.pair_line(pair)}", flush=True)
        self.use_build(a.bin)

    def measure_portal(self):
        """tests/bench/portal.mjs: what the sign-in and public pages download, and how long the
        sign-in page and the public page (/p/<token>) take to be usable on slow 4G.
        A browser that cannot start is reported, not a failed run."""
        print("== bench: the portal in headless Chromium (slow 4G)", flush=True)
        try:
            token, csrf, _ = self.api.login(f"{fixtures.TOWNSHIP}.committee", self.password)
            public = self.api.expect("POST", f"/api/v1/enterprises/{self.fx.enterprise_id}/public-token",
                                     None, session_headers(token, csrf))["public_token"]
            out = subprocess.run(["node", os.path.join(HERE, "portal.mjs"), self.args.url, public],
                                 check=True, capture_output=True, text=True, timeout=900).stdout
            self.portal = json.loads(out.strip().splitlines()[-1])
            for p in self.portal["usable"]:
                print(f"   {p['path']}: usable after {p['ms']} ms", flush=True)
        except Exception as e:    # noqa: BLE001 (any way the browser fails is reported alike)
            detail = getattr(e, "stderr", None) or str(e)
            print(f"bench: the portal was not measured: {detail.strip()[-400:]}", file=sys.stderr, flush=True)
            self.portal = {"error": detail.strip()[-400:]}

    def measure_exports(self):
        """Each ledger once, alone, after the rest (its pool of hazards would change
        what the reads read): the time to the last byte, the rows it holds, the CPU
        the workers spent on it, and their peak RSS (VmHWM, reset just before through
        /proc/PID/clear_refs, so it is the export's own peak)."""
        fx = self.fx
        have = fixtures.one(self.su, "select count(*) from hazard where enterprise_id = %s", fx.enterprise_id)
        t0 = time.monotonic()
        if have < endpoints.EXPORT_ROWS:
            fixtures.make_hazard_pool(self.su, fx, endpoints.EXPORT_ROWS - have)
        with self.su.cursor() as cur:
            cur.execute("vacuum analyze hazard")
        print(f"   (the enterprise's hazards topped up to {endpoints.EXPORT_ROWS:,} in "
              f"{time.monotonic() - t0:.1f} s)", flush=True)
        self.exports = []
        for key, title, path in endpoints.exports(fx):
            pids = self.worker_pids()
            # Not while the login row's last queued requests still run: their password
            # hashes (~64 MB each) would be counted as the export's peak.
            self.wait_idle(pids)
            for pid in pids:
                try:
                    with open(f"/proc/{pid}/clear_refs", "w") as f:
                        f.write("5")     # the peak RSS starts again from the RSS now
                except OSError:
                    pass
            ticks = self.cpu_ticks(pids)
            start = time.monotonic()
            status, _, r = self.api.send("GET", path, headers=fx.headers())
            seconds = time.monotonic() - start
            cpu_seconds = (self.cpu_ticks(pids) - ticks) / os.sysconf("SC_CLK_TCK")
            if status != 200:
                self.fail(f"{title}: answered {status}: {r.text[:300]}")
                continue
            if path.split("?")[0].endswith(".csv"):
                rows = r.content.count(b"\r\n") - 1
            else:
                book = zipfile.ZipFile(io.BytesIO(r.content))
                rows = book.read("xl/worksheets/sheet1.xml").count(b"<row ") - 1
            if rows != endpoints.EXPORT_ROWS:
                self.fail(f"{title}: {rows} rows, not {endpoints.EXPORT_ROWS}")
            peak = max((w["hwm_kb"] for w in self.worker_rss()), default=0)
            load = os.getloadavg()[0]
            self.exports.append({"key": key, "title": title, "seconds": round(seconds, 3),
                                 "worker_cpu_seconds": round(cpu_seconds, 2), "load": round(load, 1),
                                 "bytes": len(r.content), "rows": rows, "peak_rss_kb": peak})
            print(f"   {key:22} {seconds:6.2f} s (worker CPU {cpu_seconds:.2f} s, load {load:.1f})"
                  f"  {len(r.content) / 1e6:6.1f} MB  {rows} rows  workers' peak RSS {peak / 1024:.1f} MB",
                  flush=True)

    def worker_pids(self):
        """safegridd's workers: the supervisor's children."""
        try:
            with open(os.path.join(self.args.var, "run", "safegridd.pid")) as f:
                parent = f.readline().strip()
            out = subprocess.run(["ps", "-o", "pid=", "--ppid", parent], capture_output=True, text=True).stdout
            return [int(p) for p in out.split()]
        except (OSError, ValueError):
            return []

    def wait_idle(self, pids):
        """Until the workers pids spend no CPU for half a second (60 s at most): after
        wrk stops, nginx has already handed them the requests still queued, and they
        finish them (the login row's queue takes seconds, each hash ~64 MB)."""
        deadline, last = time.monotonic() + 60, self.cpu_ticks(pids)
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.cpu_ticks(pids)
            if now == last:
                return
            last = now

    @staticmethod
    def cpu_ticks(pids):
        total = 0
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
            except (OSError, IndexError, ValueError):
                pass
        return total

    def measure_transition(self):
        """start moves a reported hazard once, so each of the three measurements gets a
        pool of its own, sized generously from the create rates (a move costs about
        what a registration does) and, over HTTP, never beyond what ping allows."""
        a = self.args
        ping = self.rows["ping"].http.rate
        create = self.rows["hazard_create"]
        sql_rate = max(create.sql.rate, create.sql_w.rate)
        http_count = math.ceil(min(ping, 3 * create.http.rate) * a.duration * 1.3) + 200
        sql_count = math.ceil(3 * sql_rate * a.duration * 1.3) + 200 + a.pg_clients
        t0 = time.monotonic()
        http_first = fixtures.make_hazard_pool(self.su, self.fx, http_count)
        sql_first = fixtures.make_hazard_pool(self.su, self.fx, sql_count)
        sql_w_first = fixtures.make_hazard_pool(self.su, self.fx, sql_count)
        print(f"   (pools of {http_count} + 2 × {sql_count} reported hazards made in "
              f"{time.monotonic() - t0:.1f} s)", flush=True)
        ep = endpoints.transition(http_first, http_count, sql_first, sql_count, self.spare)
        ep_w = endpoints.transition(http_first, http_count, sql_w_first, sql_count, self.spare)
        self.rows[ep.key].endpoint = ep
        self.transition = ep
        self.measure(ep, second_ep=ep_w)
        row = self.rows[ep.key]
        moved = fixtures.count_status(self.su, http_first, http_count, "rectifying")
        if moved < row.http.count:
            self.fail(f"{ep.title}: wrk counted {row.http.count} answers but {moved} hazards moved")
        for result, first, clients in ((row.sql, sql_first, a.pg_clients),
                                       (row.sql_w, sql_w_first, a.workers)):
            moved = fixtures.count_status(self.su, first, sql_count, "rectifying")
            if not result.count <= moved <= result.count + clients:
                self.fail(f"{ep.title}: pgbench counted {result.count} transactions"
                          f" but {moved} hazards moved")

    # --- the end ----------------------------------------------------------------

    def worker_rss(self):
        """RSS and peak RSS (VmHWM) of each safegridd worker (the supervisor's children),
        once they are idle: after wrk stops, nginx has already handed the workers the
        requests still queued, and they finish them (a login takes long)."""
        try:
            with open(os.path.join(self.args.var, "run", "safegridd.pid")) as f:
                parent = f.readline().strip()
            out = subprocess.run(["ps", "-o", "pid=", "--ppid", parent],
                                 capture_output=True, text=True).stdout
            pids = [int(p) for p in out.split()]
        except (OSError, ValueError):
            return []

        self.wait_idle(pids)
        workers = []
        for pid in pids:
            try:
                with open(f"/proc/{pid}/status") as f:
                    status = dict(line.split(":", 1) for line in f if ":" in line)
                workers.append({"pid": pid, "rss_kb": int(status["VmRSS"].split()[0]),
                                "hwm_kb": int(status["VmHWM"].split()[0])})
            except (OSError, KeyError, ValueError):
                pass
        return workers

    def fail(self, message):
        print(f"bench: FAILED: {message}", file=sys.stderr, flush=True)
        self.failures.append(message)

    def show_failed_requests(self):
        """The last answers that were not 2xx/3xx, from nginx's access log."""
        path = os.path.join(self.args.var, "log", "nginx-access.log")
        time.sleep(1.2)    # the access log is buffered for a second
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                bad = [l.rstrip() for l in f if '" 2' not in l and '" 3' not in l]
        except OSError:
            return
        for line in bad[-5:]:
            print(f"   nginx: {line}", file=sys.stderr)

    def finish(self):
        a = self.args
        rss = self.worker_rss()
        rows = list(self.rows.values())
        ping = self.rows["ping"].http.rate if self.rows["ping"].http else 0
        print()
        print(report.table(rows, ping, a.pg_clients, a.workers))
        print()
        print(f"safegridd workers ({a.workers}) RSS after the run: {report.rss_line(rss)}")
        for text, ok in report.targets(rows, ping, rss) + report.export_targets(getattr(self, "exports", [])):
            print(f"{'met    ' if ok else 'NOT MET'}  {text}")
        for text in report.disturbed(rows):
            print(f"warning: disturbed row: {text}")
        settings = {
            "scale": a.scale, "seed": a.seed, "workers": a.workers, "connections": a.connections,
            "threads": a.threads, "pg_clients": a.pg_clients, "duration": a.duration,
            "warmup": a.warmup, "opt": "-O2 -DNDEBUG", "user": fixtures.USER,
            "township": fixtures.TOWNSHIP, "size": self.size,
            "unmeasured": self.unmeasured, "portal": getattr(self, "portal", None),
            "exports": getattr(self, "exports", []),
            "seeded_in_s": seeded_in(a.var), "disk": self.disk, "before": a.before,
            "beside": {"scale": a.beside_scale, "size": self.beside.size} if self.beside else None,
        }
        report.save(os.path.join(self.results, "run.json"), rows, ping, rss, settings, self.failures)
        settings["scales"] = report.scale_runs(self.results)
        doc = report.document(rows, ping, rss, settings, self.failures)
        with open(os.path.join(self.results, "benchmarks.md"), "w", encoding="utf-8") as f:
            f.write(doc)
        if a.doc:
            with open(a.doc, "w", encoding="utf-8") as f:
                f.write(doc)
            print(f"\nwritten to {a.doc}")
        print(f"scripts, request files and plans: {self.results}")
        if self.failures:
            print(f"\nbench: {len(self.failures)} measurement(s) had failed requests", file=sys.stderr)
            return 1
        return 0


def substitute(tx, old, new):
    """tx with every parameter value old replaced by new."""
    tx = copy.deepcopy(tx)
    for st in tx.statements:
        st.params = [new if p == old else p for p in st.params]
    return tx


def dataset_size(conn):
    labels = (("township", "townships"), ("enterprise", "enterprises"), ("app_user", "users"),
              ("inspection", "inspections"), ("inspection_result", "inspection results"),
              ("hazard", "hazards"), ("hazard_event", "hazard events"))
    counts = []
    with conn.cursor() as cur:
        for table, label in labels:
            cur.execute(f"select count(*) from {table}")
            counts.append(f"{cur.fetchone()[0]:,} {label}")
    return ", ".join(counts) + " before the run's writes"


def dataset_disk(conn, var):
    """The data set's size on disk: the database, and the PostgreSQL folder (which holds
    the saved copy too, and the WAL)."""
    with conn.cursor() as cur:
        cur.execute("select pg_database_size('safegrid')")
        database = cur.fetchone()[0]
    folder = 0
    for root, _, files in os.walk(os.path.join(var, "pg")):
        for name in files:
            try:
                folder += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return f"database {database / 2**30:.1f} GiB, PostgreSQL's folder {folder / 2**30:.1f} GiB"


def seeded_in(var):
    """Seconds seed-bench took when this data set was made (dataset.sh), if known."""
    try:
        with open(os.path.join(var, "bench-seeded-in"), encoding="utf-8") as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def render(path, doc):
    """Writes the document again from a run's run.json (after editing notes.md)."""
    rows, ping, rss, settings, failures = report.load(path)
    settings["scales"] = report.scale_runs(os.path.dirname(path))
    text = report.document(rows, ping, rss, settings, failures)
    with open(doc, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"written to {doc}")
    return 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--render":
        return render(sys.argv[2], sys.argv[3])
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", required=True)
    p.add_argument("--pg-port", type=int, required=True)
    p.add_argument("--var", required=True)
    p.add_argument("--bin", required=True)
    p.add_argument("--scale", required=True)
    p.add_argument("--seed", required=True)
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--pg-clients", type=int, default=64)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--doc", default="")
    p.add_argument("--before-bin", default="", help="a build to measure every read with as well")
    p.add_argument("--before", default="", help="what that build is (a commit)")
    p.add_argument("--beside-url", default="", help="a second stack, of another scale: every read on it too")
    p.add_argument("--beside-pg-port", type=int, default=0)
    p.add_argument("--beside-var", default="")
    p.add_argument("--beside-scale", default="")
    p.add_argument("--pairs", type=int, default=1,
                   help="pairs of the two builds for each read with a target (the median decides)")
    bench = Bench(p.parse_args())
    try:
        bench.prepare()
        bench.capture_all()
        bench.explain_all()
        bench.run()
    except Exception as e:      # the harness broke: say so; run.sh stops the stack
        bench.fail(f"harness error: {type(e).__name__}: {e}")
        traceback.print_exc()
        return 1
    return bench.finish()


if __name__ == "__main__":
    sys.exit(main())
