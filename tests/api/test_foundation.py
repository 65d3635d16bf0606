"""The request pipeline end to end: nginx -> safegridd -> PostgreSQL.

Status codes and the error shape for malformed requests, request ids and
logs, the database going away and coming back, workers dying, and a clean
stop that lets requests in hand finish.
"""
import concurrent.futures
import json
import os
import signal
import socket
import subprocess
import time

import pytest
import requests

import fastcgi

BASE = os.environ["SAFEGRID_TEST_URL"]
STACK = os.environ["SAFEGRID_TEST_STACK"]
LOG = os.environ["SAFEGRID_TEST_LOG"]
VAR = os.environ["SAFEGRID_VAR"]
BIN = os.environ.get("SAFEGRID_BIN", "build")


def url(path):
    return BASE + path


def assert_error(response, status, code):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], list)
    assert response.headers.get("X-Request-Id")
    return body["error"]


def supervisor_pid():
    with open(os.path.join(VAR, "run", "safegridd.pid")) as f:
        return int(f.read().strip())


def worker_pids():
    out = subprocess.run(["pgrep", "-P", str(supervisor_pid())], capture_output=True, text=True)
    return sorted(int(p) for p in out.stdout.split())


def wait_for(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


# --- Health and request ids -------------------------------------------------

def test_health_reports_database_and_version():
    r = requests.get(url("/api/v1/health"))
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert isinstance(body["version"], str) and body["version"]


def test_every_answer_carries_a_request_id_that_the_log_names():
    r = requests.get(url("/api/v1/nothing-here"))
    rid = r.headers["X-Request-Id"]
    assert len(rid) >= 16
    assert rid != requests.get(url("/api/v1/health")).headers["X-Request-Id"]

    def logged():
        with open(LOG, encoding="utf-8") as f:
            for line in f:
                if rid in line:
                    entry = json.loads(line)
                    return entry
        return None
    assert wait_for(lambda: logged() is not None, 2)
    entry = logged()
    assert entry["event"] == "request" and entry["method"] == "GET"
    assert entry["path"] == "/api/v1/nothing-here" and entry["status"] == 404
    assert isinstance(entry["ms"], (int, float)) and "user" in entry and "township" in entry


def test_security_headers_are_sent():
    r = requests.get(url("/api/v1/health"))
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]


# --- Malformed requests ------------------------------------------------------

def test_unknown_path_is_404():
    assert_error(requests.get(url("/api/v1/no/such/thing")), 404, "no_route")


def test_wrong_method_is_405_with_allow():
    r = requests.delete(url("/api/v1/health"))
    assert_error(r, 405, "method_not_allowed")
    assert r.headers["Allow"] == "GET"
    r = requests.put(url("/api/v1/users"), json={})
    assert_error(r, 405, "method_not_allowed")
    assert r.headers["Allow"] == "GET, POST"


def test_body_over_the_limit_is_413():
    big = b'{"username":"' + b"a" * (1024 * 1024 + 10) + b'"}'
    r = requests.post(url("/api/v1/auth/login"), data=big,
                      headers={"Content-Type": "application/json"})
    assert_error(r, 413, "payload_too_large")


def test_body_over_the_proxy_limit_is_413_json_too():
    r = requests.post(url("/api/v1/auth/login"), data=b"x" * (13 * 1024 * 1024),
                      headers={"Content-Type": "application/json"})
    assert_error(r, 413, "payload_too_large")


def test_wrong_content_type_is_415():
    r = requests.post(url("/api/v1/auth/login"), data="username=a&password=b",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_error(r, 415, "unsupported_media_type")


@pytest.mark.parametrize("body", [
    b"{", b'{"username": }', b"[1, 2]", b'"text"', b'{"a":1} trailing',
    b"{'username': 'x'}", b'{"username": "\xff\xfe"}', b'{"a":' * 40 + b"1" + b"}" * 40,
])
def test_malformed_json_is_400(body):
    r = requests.post(url("/api/v1/auth/login"), data=body,
                      headers={"Content-Type": "application/json"})
    assert_error(r, 400, "bad_json")


def test_undeclared_and_missing_fields_are_422_with_details():
    r = requests.post(url("/api/v1/auth/login"), json={"user": "x", "password": 5})
    error = assert_error(r, 422, "validation_failed")
    fields = {(d["field"], d["code"]) for d in error["details"]}
    assert ("user", "unknown") in fields
    assert ("password", "type") in fields
    assert ("username", "required") in fields


def test_malformed_query_string_is_400():
    # %FF decodes to a byte that is not UTF-8; a repeated key is ambiguous.
    assert_error(requests.get(url("/api/v1/health?q=%FF")), 400, "bad_request")
    assert_error(requests.get(url("/api/v1/health?limit=1&limit=2")), 400, "bad_request")


def test_raw_garbage_never_harms_a_worker():
    before = worker_pids()
    for garbage in [b"\x00\x01\x02garbage\r\n\r\n", b"GET /api/v1/health HTTP/9.9\r\n\r\n",
                    b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                    b"GET /api/v1/%00 HTTP/1.1\r\nHost: x\r\n\r\n"]:
        host, port = BASE.split("//")[1].split(":")
        with socket.create_connection((host, int(port)), timeout=5) as s:
            s.sendall(garbage)
            answer = s.recv(4096)
            assert answer.startswith((b"HTTP/1.1 4", b"HTTP/1.1 505")), answer[:80]
    assert requests.get(url("/api/v1/health")).status_code == 200
    assert worker_pids() == before


def raw_answer(request):
    """What nginx answers to these raw bytes: (status line, headers, body)."""
    host, port = BASE.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=5) as s:
        s.sendall(request)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return lines[0], headers, body


@pytest.mark.parametrize("request_line, status, code", [
    (b"GET /api/v1/%00 HTTP/1.1", 400, "bad_request"),
    (b"GET /api/v1/health%00x HTTP/1.1", 400, "bad_request"),
    (b"TRACE /api/v1/health HTTP/1.1", 405, "method_not_allowed"),
    (b"GET /api/v1/" + b"a" * 9000 + b" HTTP/1.1", 414, "uri_too_long"),
    (b"GET /api/v1/health HTTP/1.1\r\nX-Long: " + b"a" * 9000, 400, "bad_request"),
])
def test_errors_nginx_makes_itself_are_json(request_line, status, code):
    line, headers, body = raw_answer(request_line + b"\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert line.startswith(f"HTTP/1.1 {status} "), line
    assert headers["content-type"].startswith("application/json"), headers
    error = json.loads(body)["error"]
    assert error["code"] == code and error["message"] and error["details"] == []
    assert headers["x-content-type-options"] == "nosniff"
    # In Chinese unless English is asked for, like safegridd's own errors (a request
    # refused in its first line has no headers nginx read, so it is answered in Chinese).
    assert any("\u4e00" <= c <= "\u9fff" for c in error["message"]), error
    if status == 405:
        _, _, body = raw_answer(request_line + b"\r\nHost: x\r\nAccept-Language: en\r\n"
                                b"Connection: close\r\n\r\n")
        assert json.loads(body)["error"]["message"] == "method not allowed here"


def test_redirects_never_reflect_the_host_header():
    line, headers, _ = raw_answer(b"GET /api HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
    assert line.startswith("HTTP/1.1 301 "), line
    assert headers["location"] == "/api/"


# --- Workers -----------------------------------------------------------------

def test_a_killed_worker_is_replaced_and_service_continues():
    before = worker_pids()
    assert len(before) == int(os.environ.get("SAFEGRID_WORKERS", "4"))
    victim = before[0]
    os.kill(victim, signal.SIGKILL)
    statuses = [requests.get(url("/api/v1/health")).status_code for _ in range(20)]
    assert wait_for(lambda: len(worker_pids()) == len(before) and victim not in worker_pids(), 5)
    statuses += [requests.get(url("/api/v1/health")).status_code for _ in range(20)]
    # The request the dying worker held may fail; everything after it succeeds.
    assert statuses.count(200) >= len(statuses) - 1
    assert statuses[-20:] == [200] * 20


def test_sigterm_finishes_the_request_in_hand_then_exits_zero(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, SAFEGRID_LISTEN=f"127.0.0.1:{port}", SAFEGRID_WORKERS="1",
               DATABASE_URL=os.environ["SAFEGRID_TEST_APP_URL"])
    log = open(tmp_path / "safegridd.log", "w")
    proc = subprocess.Popen([os.path.join(BIN, "safegridd")], env=env, stderr=log, stdout=log)
    try:
        def listening():
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return True
            except OSError:
                return False
        assert wait_for(listening, 5)
        body = json.dumps({"username": "nobody-here", "password": "x"}).encode()
        req = fastcgi.Request("127.0.0.1", port, {
            "REQUEST_METHOD": "POST", "DOCUMENT_URI": "/api/v1/auth/login",
            "SCRIPT_NAME": "/api/v1/auth/login", "QUERY_STRING": "",
            "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": "127.0.0.9"})
        req.send(body[:10])

        def accepted():
            # The listening socket's accept queue (Recv-Q) is empty: a worker holds the request.
            out = subprocess.run(["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True)
            return out.stdout.split()[1:2] == ["0"]
        assert wait_for(accepted, 5)
        time.sleep(0.2)              # inside the request, waiting for the rest of its body
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        assert proc.poll() is None   # still finishing the request in hand
        req.send(body[10:])
        req.finish()
        answer = req.read().decode()
        assert answer.startswith("Status: 401 Unauthorized\r\n"), answer[:200]
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()


def start_safegridd(tmp_path, workers):
    """A private safegridd on a free port: (process, port, its log file)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, SAFEGRID_LISTEN=f"127.0.0.1:{port}", SAFEGRID_WORKERS=str(workers),
               DATABASE_URL=os.environ["SAFEGRID_TEST_APP_URL"])
    log = open(tmp_path / "safegridd.log", "w")
    proc = subprocess.Popen([os.path.join(BIN, "safegridd")], env=env, stderr=log, stdout=log)

    def ready():
        out = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True)
        return len(out.stdout.split()) == workers
    assert wait_for(ready, 5)
    return proc, port, log


def children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return sorted(int(p) for p in out.stdout.split())


def alive(pid):
    """Whether pid is a process that still runs (a zombie has stopped)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        # Gone, or going while its stat was read (ESRCH).
        return False


class Load:
    """Clients that keep more health requests waiting than there are workers; each
    holds the worker hold seconds before it ends its request (the worker waits for
    the end of the request's input before it closes the connection)."""

    def __init__(self, port, clients=12, hold=0.0):
        self.port, self.stop, self.answered, self.hold = port, False, 0, hold
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=clients)
        for _ in range(clients):
            self.pool.submit(self.client)

    def client(self):
        while not self.stop:
            try:
                req = fastcgi.Request("127.0.0.1", self.port, {
                    "REQUEST_METHOD": "GET", "DOCUMENT_URI": "/api/v1/health",
                    "SCRIPT_NAME": "/api/v1/health", "QUERY_STRING": "",
                    "REMOTE_ADDR": "127.0.0.9"})
                time.sleep(self.hold)
                req.finish()
                if req.read():
                    self.answered += 1
            except OSError:
                time.sleep(0.01)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop = True
        self.pool.shutdown(wait=True)


def stops_on_sigterm_under(tmp_path, workers, load, answered):
    """SIGTERM one of the workers under load: it stops within 2 s, the supervisor
    replaces it, and the load is served on. load: Load's settings; answered: the
    answers to wait for before the signal (and half as many after it)."""
    proc, port, log = start_safegridd(tmp_path, workers)
    try:
        with Load(port, **load) as client:
            assert wait_for(lambda: client.answered > answered, 10)
            victim = children(proc.pid)[0]
            os.kill(victim, signal.SIGTERM)
            assert wait_for(lambda: not alive(victim), 2), "the worker kept serving after SIGTERM"
            assert wait_for(lambda: len(children(proc.pid)) == workers
                            and victim not in children(proc.pid), 5)
            before = client.answered
            assert wait_for(lambda: client.answered > before + answered // 2, 5)
    finally:
        proc.kill()
        proc.wait()
        log.close()


def test_sigterm_stops_a_busy_worker_from_taking_more(tmp_path):
    # epoll reports the waiting connections before the pending signal: the
    # worker must look for SIGTERM itself, or it serves on for the whole grace.
    stops_on_sigterm_under(tmp_path, 2, {}, 50)


def test_sigterm_stops_a_worker_whose_queue_never_empties(tmp_path):
    # One worker, and clients that each hold it a while: whenever epoll reports
    # the signal, it reports waiting connections beside it. The worker must take
    # the signal then, not only when no connection waits.
    stops_on_sigterm_under(tmp_path, 1, {"clients": 8, "hold": 0.03}, 20)


def test_workers_die_with_their_supervisor_even_under_load(tmp_path):
    proc, port, log = start_safegridd(tmp_path, 2)
    workers = children(proc.pid)
    try:
        with Load(port) as load:
            assert wait_for(lambda: load.answered > 50, 10)
            proc.kill()
            proc.wait()
            assert wait_for(lambda: not any(alive(w) for w in workers), 3), "orphaned workers serve on"
    finally:
        for w in workers:
            if alive(w):
                os.kill(w, signal.SIGKILL)
        log.close()


def fastcgi_get(port, path, **params):
    req = fastcgi.Request("127.0.0.1", port, {
        "REQUEST_METHOD": "GET", "DOCUMENT_URI": path, "SCRIPT_NAME": path, "QUERY_STRING": "",
        "REMOTE_ADDR": "127.0.0.9", **params})
    req.finish()
    return req


def test_a_worker_is_free_once_it_has_answered_a_request_read_whole(tmp_path):
    # The only worker answers a GET and closes at once: it does not wait for the
    # client (nginx) to close its end before it takes the next request.
    proc, port, log = start_safegridd(tmp_path, 1)
    try:
        first = fastcgi_get(port, "/api/v1/health")
        assert first.read(close=False).startswith(b"Status: 200")
        assert first.sock.recv(1) == b""          # closed by the server
        started = time.monotonic()
        second = fastcgi_get(port, "/api/v1/health")
        assert second.read().startswith(b"Status: 200")
        assert time.monotonic() - started < 1.0, "the worker waited for the first client to close"
        first.sock.close()
    finally:
        proc.kill()
        proc.wait()
        log.close()


def test_a_body_refused_unread_is_drained_and_its_answer_arrives_whole(tmp_path):
    # Refused before it is read (413): the rest of the body that still comes is
    # read and dropped, not met with a reset, and the answer arrives whole.
    proc, port, log = start_safegridd(tmp_path, 1)
    try:
        big = 2 * 1024 * 1024
        req = fastcgi.Request("127.0.0.1", port, {
            "REQUEST_METHOD": "POST", "DOCUMENT_URI": "/api/v1/auth/login",
            "SCRIPT_NAME": "/api/v1/auth/login", "QUERY_STRING": "",
            "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(big), "REMOTE_ADDR": "127.0.0.9"})
        req.send(b"x" * 60000)
        answer = req.read(close=False).decode()
        assert answer.startswith("Status: 413"), answer[:200]
        assert json.loads(answer.split("\r\n\r\n", 1)[1])["error"]["code"] == "payload_too_large"
        for _ in range(5):                            # still read by the server: no reset
            req.send(b"x" * 60000)
            time.sleep(0.05)
        req.sock.close()
        assert fastcgi_get(port, "/api/v1/health").read().startswith(b"Status: 200")
    finally:
        proc.kill()
        proc.wait()
        log.close()


def test_each_worker_logs_its_own_pid(tmp_path):
    proc, port, log = start_safegridd(tmp_path, 2)
    try:
        workers = set(children(proc.pid))
        for _ in range(8):
            assert fastcgi_get(port, "/api/v1/health").read().startswith(b"Status: 200")
    finally:
        proc.kill()
        proc.wait()
        log.close()
    lines = [json.loads(line) for line in (tmp_path / "safegridd.log").read_text().splitlines()
             if line.startswith("{")]
    started = {line["pid"] for line in lines if line["event"] == "worker_started"}
    served = {line["pid"] for line in lines if line["event"] == "request"}
    assert started == workers
    assert served and served <= workers
    assert proc.pid in {line["pid"] for line in lines if line["event"] not in ("worker_started", "request")}


# --- The database going away -------------------------------------------------

def all_at_once(path, count=64):
    """The statuses of count requests made 16 at a time: enough to reach every worker."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(lambda _: requests.get(url(path)).status_code, range(count)))


def log_lines_from(offset):
    with open(LOG, encoding="utf-8") as f:
        f.seek(offset)
        return [json.loads(line) for line in f if line.startswith("{")]


def test_database_down_gives_503_quickly_and_service_comes_back():
    # Every worker connects (lazily) before the database goes away.
    assert all_at_once("/api/v1/health") == [200] * 64
    offset = os.path.getsize(LOG)
    subprocess.run(["bash", STACK, "pg-stop"], check=True, capture_output=True)
    try:
        # A write too, while it is down.
        assert_error(requests.post(url("/api/v1/auth/login"),
                                   json={"username": "nobody-here", "password": "x"}),
                     503, "service_unavailable")
        started = time.monotonic()
        r = requests.get(url("/api/v1/health"))
        assert time.monotonic() - started < 1.0
        assert r.status_code == 503
        assert r.json()["status"] == "degraded" and r.json()["database"] == "unavailable"
        assert r.headers["Retry-After"] == "1"
        started = time.monotonic()
        r = requests.get(url("/api/v1/me"))
        assert time.monotonic() - started < 1.0
        assert_error(r, 503, "service_unavailable")
        assert r.headers["Retry-After"] == "1"
    finally:
        subprocess.run(["bash", STACK, "pg-start"], check=True, capture_output=True)
    # pg-start returns once PostgreSQL accepts connections.  Every worker still
    # holds its dead connection; each replaces it on its next request, which
    # succeeds: many requests at once reach every worker, and none fails --
    # first a request that begins a transaction (the server's farewell on the
    # old connection is read in its pipeline), then one that does not.
    assert all_at_once("/api/v1/me") == [401] * 64
    assert all_at_once("/api/v1/health") == [200] * 64
    # Every failed request's line says why, and every database error has words.
    time.sleep(0.2)
    lines = log_lines_from(offset)
    failed = [e for e in lines if e.get("event") == "request" and e["status"] >= 500]
    assert failed
    for entry in failed:
        assert entry.get("db_error"), entry
    for entry in lines:
        if entry.get("event") == "request" and entry["status"] == 503 and entry["path"] != "/api/v1/health":
            assert entry["error"] == "service_unavailable", entry
        if entry.get("event") == "database_error":
            assert entry.get("message"), entry
        if entry.get("event") == "database_notice":
            assert not entry["message"].startswith(("FATAL", "PANIC")), entry
    assert any(e.get("event") == "request" and e["status"] == 401 and e["error"] == "not_signed_in"
               for e in lines)


def test_head_is_get_without_a_body():
    r = requests.head(url("/api/v1/health"))
    assert r.status_code == 200
    assert r.content == b""
    assert int(r.headers["Content-Length"]) == len(requests.get(url("/api/v1/health")).content)


def test_the_login_limit_takes_its_rate_and_burst_from_the_settings():
    """nginx's login limit is rendered from SAFEGRID_LOGIN_RATE and SAFEGRID_LOGIN_BURST
    (tests/run-integration.sh sets the rate; the burst is the default)."""
    with open(os.path.join(VAR, "nginx", "nginx.conf")) as f:
        conf = f.read()
    assert f"rate={os.environ['SAFEGRID_LOGIN_RATE']};" in conf
    assert "limit_req zone=login burst=20 nodelay;" in conf


@pytest.mark.parametrize("burst", ["0", "abc", "20 nodelay; deny all", "100000"])
def test_the_stack_refuses_a_login_burst_that_is_not_a_small_whole_number(burst):
    env = dict(os.environ, SAFEGRID_LOGIN_BURST=burst)
    run = subprocess.run(["bash", STACK, "status"], env=env, capture_output=True, text=True)
    assert run.returncode != 0
    assert "SAFEGRID_LOGIN_BURST must be a whole number" in run.stderr
