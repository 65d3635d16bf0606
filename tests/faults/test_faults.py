"""Crashes and overload under a write load, with nothing acknowledged lost.

Each test runs the writers (conftest.Writers) for SAFEGRID_FAULTS_SECONDS around
its fault, then checks every write acknowledged with a 2xx against the database
(present, with what was sent), that a write that got an error is not there
half-done, and that every error answer was the API's JSON error shape. The
figures go to docs/reliability.md.
"""
import asyncio
import os
import signal
import socket
import time

import pytest
import requests

from conftest import (REPO, BASE_URL, SECONDS, Writers, alive, assert_nothing_lost, classify,
                      error_shape, login, nginx_pid, postmaster_pid, record, stack_up,
                      supervisor_pid, wait_for, worker_pids)


def healthy():
    try:
        return requests.get(f"{BASE_URL}/api/v1/health", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def test_postgresql_killed_and_restarted():
    """kill -9 the postmaster: answers meanwhile are JSON 503s within a second; the
    service is back by itself within 5 s of the database; nothing acknowledged is lost."""
    probe = login("difang.committee")
    with Writers() as w:
        time.sleep(SECONDS / 2)
        pid = postmaster_pid()
        assert pid
        os.kill(pid, signal.SIGKILL)
        killed = time.monotonic()
        assert wait_for(lambda: not alive(pid), 5) is not None
        # While it is down: every answer an error in the JSON shape, and quick.
        slowest, down_statuses = 0.0, {}
        while time.monotonic() - killed < SECONDS / 2:
            started = time.monotonic()
            r = probe.get(f"{BASE_URL}/api/v1/tasks?limit=1", timeout=10)
            slowest = max(slowest, time.monotonic() - started)
            down_statuses[r.status_code] = down_statuses.get(r.status_code, 0) + 1
            if r.status_code >= 400:
                assert error_shape(r), r.text
            time.sleep(0.1)
        # The orphaned backends leave the shared memory as they notice; then it starts.
        restart = time.monotonic()
        wait_for(lambda: _start_postgresql(), 30, step=0.5)
        assert postmaster_pid(), "postgresql did not start again"
        database_back = time.monotonic()
        back = wait_for(lambda: w.first_success_after(database_back) is not None, 15)
        time.sleep(SECONDS / 2)
    f = w.figures()
    record("PostgreSQL killed (kill -9 of the postmaster) and started again",
           writes=f["requests"], answers_by_class=f["by_class"],
           acknowledged_writes=f["acknowledged"], acknowledged_writes_lost=f["lost"],
           failed_writes_found_stored=f["stored_though_failed"],
           answers_while_down=down_statuses, slowest_answer_while_down_s=slowest,
           database_restart_s=database_back - restart,
           service_back_after_database_s=back)
    assert_nothing_lost(f)
    assert set(down_statuses) <= {503}, down_statuses
    assert slowest < 1.0, f"an answer took {slowest:.2f} s while the database was down"
    assert back is not None and back <= 5, f"service back {back} s after the database"


def _start_postgresql():
    try:
        stack_up()
    except Exception:   # noqa: BLE001 -- the old shared memory is still attached: try again
        return False
    return postmaster_pid() is not None


def test_worker_killed():
    """kill -9 a worker: the supervisor starts another; the others go on serving."""
    before = worker_pids()
    assert len(before) >= 2
    with Writers() as w:
        time.sleep(SECONDS / 2)
        victim = before[0]
        os.kill(victim, signal.SIGKILL)
        replaced = wait_for(lambda: len(worker_pids()) == len(before) and victim not in worker_pids(), 10)
        time.sleep(SECONDS / 2)
    f = w.figures()
    record("A worker killed (kill -9)", writes=f["requests"], answers_by_class=f["by_class"],
           acknowledged_writes=f["acknowledged"], acknowledged_writes_lost=f["lost"],
           failed_writes_found_stored=f["stored_though_failed"], worker_replaced_after_s=replaced)
    assert_nothing_lost(f)
    assert replaced is not None, "the supervisor did not replace the killed worker"
    assert supervisor_pid() is not None


# How soon `deploy/stack.sh up` must bring a dead safegridd back. It starts safegridd
# alone (PostgreSQL runs and its database is current: no bootstrap, migration or seed)
# and its workers answer at once: about a second on an idle machine, 8.4 s measured
# with 2 cores under a load average of 18 (every process `up` starts is slow then).
SUPERVISOR_RECOVERY_S = 15.0


def test_supervisor_killed():
    """kill -9 the supervisor: its workers follow it out at once (nginx answers 502
    in the JSON shape); the stack's start brings safegridd back within seconds,
    starting only safegridd."""
    sup, workers = supervisor_pid(), worker_pids()
    assert sup and workers
    with Writers() as w:
        time.sleep(SECONDS / 2)
        os.kill(sup, signal.SIGKILL)
        orphans_gone = wait_for(lambda: not any(alive(p) for p in workers), 10)
        time.sleep(1)
        restart = time.monotonic()
        up = stack_up()
        wait_for(lambda: w.first_success_after(restart) is not None, 15)
        back = w.first_success_after(restart)
        back = back - restart if back else None
        time.sleep(SECONDS / 2)
    f = w.figures()
    record("The supervisor killed (kill -9), then `deploy/stack.sh up`",
           writes=f["requests"], answers_by_class=f["by_class"],
           acknowledged_writes=f["acknowledged"], acknowledged_writes_lost=f["lost"],
           failed_writes_found_stored=f["stored_though_failed"],
           workers_gone_after_s=orphans_gone, stack_up_took_s=up.seconds,
           service_back_after_restart_began_s=back)
    assert_nothing_lost(f)
    assert orphans_gone is not None and orphans_gone < 3, "workers outlived their supervisor"
    assert back is not None, "safegridd did not come back with the stack's start"
    # Only what was missing started: not PostgreSQL, nginx or the jobs, and no migration.
    assert "database current" in up.output, up.output
    assert "safegridd: started" in up.output, up.output
    for running in ("postgresql: already running", "nginx: already running"):
        assert running in up.output, up.output
    assert back <= SUPERVISOR_RECOVERY_S, f"safegridd answered {back:.2f} s after `up` began"


def test_nginx_reloaded_and_restarted():
    """A reload (SIGHUP) loses no request; a restart's failures are counted."""
    with Writers() as w:
        time.sleep(SECONDS / 2)
        pid = nginx_pid()
        os.kill(pid, signal.SIGHUP)
        reloaded = time.monotonic()
        time.sleep(SECONDS / 2)
        during_reload = w.since(reloaded - 0.5)
        os.kill(nginx_pid(), signal.SIGQUIT)
        stopped = time.monotonic()
        wait_for(lambda: nginx_pid() is None and not alive(pid), 15)
        stack_up()
        wait_for(lambda: w.first_success_after(stopped) is not None, 15)
        back = w.first_success_after(stopped)
        back = back - stopped if back else None
        during_restart = w.since(stopped)
        time.sleep(SECONDS / 2)
    f = w.figures()
    reload_failed = sum(1 for r in during_reload if r[2] is None or r[2] >= 500)
    restart_failed = sum(1 for r in during_restart if r[2] is None or r[2] >= 500)
    record("nginx reloaded (SIGHUP), then stopped and started",
           writes=f["requests"], answers_by_class=f["by_class"],
           acknowledged_writes=f["acknowledged"], acknowledged_writes_lost=f["lost"],
           requests_failed_during_reload=reload_failed,
           writes_sent_again_after_the_connection_closed=f["resent"],
           requests_failed_during_restart=restart_failed,
           service_back_after_nginx_stopped_s=back)
    assert_nothing_lost(f)
    assert reload_failed == 0, (f"{reload_failed} requests failed during a reload: "
                                f"{[r[2] for r in during_reload if r[2] is None or r[2] >= 500]}")


# --- overload ----------------------------------------------------------------

HOST, PORT = BASE_URL.split("//")[1].split(":")[0], int(BASE_URL.rsplit(":", 1)[1])


async def _one_request(path, cookie, results, hold=0.0):
    """One connection, one request; its status and whether an error was JSON."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, PORT), 20)
    except (OSError, asyncio.TimeoutError):
        results.append(("connect failed", None))
        return
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept-Language: en\r\n"
                     f"Cookie: {cookie}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        data = await asyncio.wait_for(reader.read(), 60)
        head, _, body = data.partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else None
        json_ok = None
        if status and status >= 400:
            json_ok = b"application/json" in head.lower() and body.lstrip().startswith(b"{\"error\"")
        results.append((status if status else "no answer", json_ok))
    except (OSError, asyncio.TimeoutError, ValueError, IndexError):
        results.append(("reset", None))
    finally:
        writer.close()


def test_overload_1024_connections():
    """1,024 connections at once: every one gets an answer, 2xx or a 502/503/504 in
    the JSON shape, and the stack answers normally right after."""
    client = login("bailin.committee")
    cookie = "; ".join(f"{c.name}={c.value}" for c in client.cookies)

    async def burst():
        results = []
        await asyncio.gather(*(_one_request("/api/v1/tasks?limit=5", cookie, results)
                               for _ in range(1024)))
        return results

    started = time.monotonic()
    results = asyncio.run(burst())
    took = time.monotonic() - started
    recovered = wait_for(lambda: client.get(f"{BASE_URL}/api/v1/tasks?limit=1", timeout=5).status_code == 200, 10)
    by_class = {}
    for status, _ in results:
        key = classify(status) if isinstance(status, int) else status
        by_class[key] = by_class.get(key, 0) + 1
    not_json = sum(1 for status, ok in results if isinstance(status, int) and status >= 400 and not ok)
    record("1,024 connections at once (GET /api/v1/tasks)", connections=len(results),
           answers_by_class=by_class, errors_not_json=not_json, burst_took_s=took,
           normal_answer_after_s=recovered)
    assert not_json == 0
    assert recovered is not None and recovered < 1
    unanswered = sum(1 for s, _ in results if not isinstance(s, int))
    if unanswered and not _nginx_limits_connections():
        pytest.xfail(f"{unanswered} of 1,024 connections got no answer: nginx has no limit_conn"
                     " to answer the excess with a JSON 503 yet (issue 17)")
    assert all(isinstance(s, int) and (s < 300 or s in (502, 503, 504)) for s, _ in results), by_class


def _nginx_limits_connections():
    with open(os.path.join(REPO, "nginx", "safegrid.conf.template"), encoding="utf-8") as f:
        return "limit_conn " in f.read()


def test_slow_clients():
    """200 clients sending a header a byte a second: normal requests are served
    meanwhile, and at once after."""
    client = login("zhongcun.committee")
    line = f"GET /api/v1/ping HTTP/1.1\r\nHost: {HOST}\r\nX-Slow: {'x' * 200}\r\n".encode()
    slow = []
    for _ in range(200):
        s = socket.create_connection((HOST, PORT), timeout=5)
        s.setblocking(False)
        slow.append(s)
    served, failed, slowest = 0, 0, 0.0
    started = time.monotonic()
    i = 0
    while time.monotonic() - started < max(SECONDS, 5):
        for s in list(slow):
            try:
                s.send(line[i % len(line):i % len(line) + 1])
            except OSError:
                slow.remove(s)   # nginx closed it (client_header_timeout): fine
        i += 1
        second = time.monotonic()
        while time.monotonic() - second < 1:
            t = time.monotonic()
            try:
                r = client.get(f"{BASE_URL}/api/v1/tasks?limit=1", timeout=10)
                ok = r.status_code == 200
            except requests.RequestException:
                ok = False
            slowest = max(slowest, time.monotonic() - t)
            served += ok
            failed += not ok
            time.sleep(0.1)
    still_open = len(slow)
    for s in slow:
        s.close()
    recovered = wait_for(lambda: client.get(f"{BASE_URL}/api/v1/tasks?limit=1", timeout=5).status_code == 200, 10)
    record("200 slow clients (a header byte a second)", normal_requests_served=served,
           normal_requests_failed=failed, slowest_normal_answer_s=slowest,
           slow_connections_still_open_at_end=still_open, normal_answer_after_s=recovered)
    assert failed == 0
    assert recovered is not None and recovered < 1
