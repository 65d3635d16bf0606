"""Soak: the workers' memory and descriptors do not grow with requests.

wrk (tests/faults/soak.lua) sends mixed reads and writes as a township's
committee: 1,000 requests, then the workers' RSS and open descriptors are read
from /proc; then on to SAFEGRID_SOAK_REQUESTS in all (default 5,000, what CI
runs), and they are read again.
Allowed: at most one descriptor more (nginx's FastCGI connection, if the worker
holds one when /proc is read), and RSS at most 8 MB more a worker (the caches of
prepared statements and the session guesses fill early, then stay).
"""
import os
import signal
import subprocess
import time

from conftest import (BASE_URL, VAR, campaign_of, day, fd_count, grid_root_of, login, record,
                      rss_kb, worker_pids)

REQUESTS = int(os.environ.get("SAFEGRID_SOAK_REQUESTS", "5000"))
RSS_GROWTH_KB = 8 * 1024


def run_wrk(env, requests):
    done = os.path.join(VAR, "soak.done")
    if os.path.exists(done):
        os.unlink(done)
    proc = subprocess.Popen(
        ["wrk", "-t1", "-c4", "-d3600s", "--timeout", "10s",
         "-s", os.path.join(os.path.dirname(__file__), "soak.lua"), BASE_URL],
        env=dict(env, SOAK_REQUESTS=str(requests), SOAK_DONE=done),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while proc.poll() is None and not os.path.exists(done):
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)   # wrk then stops waiting, and reports
    out, err = proc.communicate(timeout=60)
    line = [l for l in out.splitlines() if l.startswith("soak:")]
    assert line, out + err
    return line[0], out


def sample():
    return {pid: (rss_kb(pid), fd_count(pid)) for pid in worker_pids()}


def test_workers_do_not_grow():
    client = login("difang.committee")
    env = dict(os.environ, SOAK_COOKIE="; ".join(f"{c.name}={c.value}" for c in client.cookies),
               SOAK_CSRF=client.headers["X-CSRF-Token"], SOAK_CAMPAIGN=str(campaign_of("difang")),
               SOAK_NODE=str(grid_root_of("difang")), SOAK_DEADLINE=day(30))
    first, _ = run_wrk(env, 1000)
    at_first = sample()
    last, out = run_wrk(env, REQUESTS - 1000)
    at_last = sample()
    assert set(at_first) == set(at_last), "a worker was replaced during the soak"
    record(f"Soak: {REQUESTS:,} mixed requests (a write in four), 4 workers",
           **{f"worker {i + 1} RSS kB at 1,000 / at {REQUESTS:,}": f"{at_first[p][0]} / {at_last[p][0]}"
              for i, p in enumerate(sorted(at_first))},
           **{f"worker {i + 1} fds at 1,000 / at {REQUESTS:,}": f"{at_first[p][1]} / {at_last[p][1]}"
              for i, p in enumerate(sorted(at_first))},
           wrk_first=first, wrk_rest=last)
    assert " 0 non-2xx" in first and " 0 non-2xx" in last, out
    for pid in at_first:
        # One more is a FastCGI connection in hand when /proc was read, not a leak.
        assert at_last[pid][1] <= at_first[pid][1] + 1, f"worker {pid} holds more descriptors"
        assert at_last[pid][0] - at_first[pid][0] <= RSS_GROWTH_KB, f"worker {pid} grew"
