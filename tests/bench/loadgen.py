"""Running wrk (HTTP) and pgbench (SQL) for a fixed time and reading their results.

wrk: tests/bench/wrk/bench.lua with a request file written here; its done() prints
the counts and latency percentiles. --timeout 30s: a slow answer is measured, not
counted as a socket error.

pgbench: -M prepared, the generated script, -l for the latency of every
transaction (pgbench itself prints no percentiles), connecting like safegridd does:
as safegrid_app over TCP to 127.0.0.1, with the session settings safegridd asks for
(fcgi/db/db.c: statement_timeout, idle_in_transaction_session_timeout, TimeZone,
client_min_messages).
"""
import glob
import json
import math
import os
import re
import subprocess
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
LUA = os.path.join(HERE, "wrk", "bench.lua")
STATEMENT_TIMEOUT_MS = int(os.environ.get("SAFEGRID_STATEMENT_TIMEOUT_MS", "10000"))
PGOPTIONS = (f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
             f" -c idle_in_transaction_session_timeout={STATEMENT_TIMEOUT_MS * 2}"
             " -c TimeZone=Asia/Shanghai -c client_min_messages=warning")


@dataclass
class Result:
    tool: str
    count: int            # requests or transactions completed
    seconds: float
    rate: float           # per second
    p50: float            # milliseconds
    p95: float
    p99: float
    errors: int           # failed requests / transactions
    detail: str = ""      # what the errors were

    @property
    def ok(self):
        return self.errors == 0


def write_requests(path, endpoint, headers):
    with open(path, "w", encoding="utf-8") as f:
        for name, value in headers.items():
            f.write(f"H\t{name}\t{value}\n")
        for method, target, body in endpoint.requests:
            for part in (method, target, body or ""):
                if "\t" in part or "\n" in part:
                    raise ValueError(f"tab or newline in a request of {endpoint.key}")
            f.write(f"R\t{method}\t{target}\t{body or ''}\n")


def wrk(url, request_file, mode, duration, connections, threads):
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s",
           "-s", LUA, url, "--", request_file, mode, str(threads)]
    run = subprocess.run(cmd, capture_output=True, text=True)
    line = next((l for l in run.stdout.splitlines() if l.startswith("BENCH_RESULT ")), None)
    if run.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({run.returncode}): {run.stderr.strip()} {run.stdout[-500:]}")
    r = json.loads(line[len("BENCH_RESULT "):])
    seconds = r["duration_us"] / 1e6
    socket = r["connect"] + r["read"] + r["write"] + r["timeout"]
    problems = []
    if r["status"]:
        problems.append(f"{r['status']} answers not 2xx/3xx")
    if socket:
        problems.append(f"socket errors: connect {r['connect']}, read {r['read']}, "
                        f"write {r['write']}, timeout {r['timeout']}")
    if r["exhausted_threads"]:
        problems.append(f"{r['exhausted_threads']} wrk threads ran out of ids (pool too small)")
    return Result("wrk", r["requests"], seconds, r["requests"] / seconds if seconds else 0.0,
                  r["p50"] / 1000, r["p95"] / 1000, r["p99"] / 1000,
                  r["status"] + socket + (1 if r["exhausted_threads"] else 0), "; ".join(problems))


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, math.ceil(q / 100 * len(sorted_values)) - 1))
    return sorted_values[k]


def pgbench(pg_port, script_path, defines, duration, clients, threads, log_dir, name):
    prefix = os.path.join(log_dir, f"pglog-{name}")
    for old in glob.glob(prefix + ".*"):
        os.remove(old)
    cmd = ["pgbench", "-n", "-M", "prepared", "-c", str(clients), "-j", str(threads),
           "-T", str(duration), "-f", script_path, "-l", "--log-prefix", prefix,
           "-h", "127.0.0.1", "-p", str(pg_port), "-U", "safegrid_app"]
    for key, value in defines.items():
        cmd += ["-D", f"{key}={value}"]
    cmd.append("safegrid")
    env = dict(os.environ, PGOPTIONS=PGOPTIONS, PGAPPNAME="safegrid-bench")
    run = subprocess.run(cmd, capture_output=True, text=True, env=env)
    out = run.stdout + run.stderr

    def number(pattern, default=None):
        m = re.search(pattern, out)
        return float(m.group(1)) if m else default

    processed = int(number(r"number of transactions actually processed: (\d+)", 0))
    failed = int(number(r"number of failed transactions: (\d+)", 0))
    tps = number(r"tps = ([0-9.]+) \(without initial connection time\)", 0.0)
    latencies = []
    for path in glob.glob(prefix + ".*"):
        with open(path) as f:
            for line in f:
                fields = line.split()
                # client_id transaction_no time script_no time_epoch time_us; time in us
                if len(fields) >= 6 and fields[2].isdigit():
                    latencies.append(int(fields[2]))
        os.remove(path)
    latencies.sort()
    problems = []
    aborted = [l for l in out.splitlines() if "aborted" in l or "error" in l.lower()]
    if run.returncode != 0 or aborted:
        problems.append(f"pgbench exit {run.returncode}: " + " | ".join(aborted[:3]))
    if failed:
        problems.append(f"{failed} failed transactions")
    errors = failed + (1 if problems and not failed else 0)
    return Result("pgbench", processed, float(duration), tps,
                  percentile(latencies, 50) / 1000, percentile(latencies, 95) / 1000,
                  percentile(latencies, 99) / 1000, errors, "; ".join(problems))
