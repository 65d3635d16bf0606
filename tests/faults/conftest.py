"""Shared parts of the fault tests (tests/run-faults.sh starts their stack).

Environment, from the runner:
  SAFEGRID_TEST_URL     http base of the private stack
  SAFEGRID_TEST_PG_URL  superuser DSN to database safegrid
  SAFEGRID_TEST_VAR     the stack's folder (pidfiles in run/, the cluster in pg/)
  SAFEGRID_TEST_STACK   deploy/stack.sh, which the tests call `up` to restart what died

The writers: threads that each create tasks in their township's campaign as its
committee, one after another, and record every answer -- a write acknowledged with
a 2xx is checked afterwards to be in the database with what was sent.

Every test adds its figures to FIGURES; at the end of the run they are written to
docs/reliability.md (between its markers), so the document shows a real run.
"""
import datetime
import os
import resource
import subprocess
import threading
import time
import uuid

import psycopg2
import psycopg2.extras
import requests

BASE_URL = os.environ.get("SAFEGRID_TEST_URL", "").rstrip("/")
PG_URL = os.environ.get("SAFEGRID_TEST_PG_URL", "")
VAR = os.environ.get("SAFEGRID_TEST_VAR", "")
STACK = os.environ.get("SAFEGRID_TEST_STACK", "")
DEMO_PASSWORD = os.environ.get("SAFEGRID_DEMO_PASSWORD", "safegrid-demo")
SECONDS = float(os.environ.get("SAFEGRID_FAULTS_SECONDS", "5"))
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TOWNS = ("difang", "bailin", "zhongcun")
ZONE = datetime.timezone(datetime.timedelta(hours=8), "Asia/Shanghai")

# name -> {figure: value}, in the order the tests ran.
FIGURES = {}

# Python's default 1,024 descriptors are too few for the overload test.
_soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (max(_soft, min(_hard, 8192)), _hard))


def day(n=0):
    return (datetime.datetime.now(ZONE).date() + datetime.timedelta(days=n)).isoformat()


def sql(query, params=None):
    conn = psycopg2.connect(PG_URL, connect_timeout=5)
    try:
        conn.autocommit = True
        with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            cur.execute(query, params)
            return [dict(r) for r in cur.fetchall()] if cur.description else []
    finally:
        conn.close()


# --- processes ---------------------------------------------------------------

def _pid_in(path):
    try:
        with open(path) as f:
            pid = int(f.readline().strip())
    except (OSError, ValueError):
        return None
    return pid if alive(pid) else None


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def supervisor_pid():
    return _pid_in(os.path.join(VAR, "run", "safegridd.pid"))


def nginx_pid():
    return _pid_in(os.path.join(VAR, "run", "nginx.pid"))


def postmaster_pid():
    return _pid_in(os.path.join(VAR, "pg", "postmaster.pid"))


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return sorted(int(p) for p in f.read().split())
    except OSError:
        return []


def worker_pids():
    sup = supervisor_pid()
    return children(sup) if sup else []


class StackUp:
    """What one `deploy/stack.sh up` took (seconds) and printed (output)."""

    def __init__(self, seconds, output):
        self.seconds, self.output = seconds, output


def stack_up():
    """deploy/stack.sh up: starts whatever of the stack is not running."""
    started = time.monotonic()
    run = subprocess.run([STACK, "up"], check=True, stdout=subprocess.PIPE, text=True, timeout=120)
    return StackUp(time.monotonic() - started, run.stdout)


def wait_for(predicate, seconds, step=0.05):
    """Seconds until predicate() was true, or None after seconds."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if predicate():
            return time.monotonic() - started
        time.sleep(step)
    return None


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


# --- HTTP --------------------------------------------------------------------

def login(username):
    client = requests.Session()
    client.headers["Accept-Language"] = "en"
    r = client.post(f"{BASE_URL}/api/v1/auth/login",
                    json={"username": username, "password": DEMO_PASSWORD}, timeout=10)
    assert r.status_code == 200, f"login {username}: {r.status_code} {r.text}"
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client


def error_shape(r):
    """Whether r is the API's JSON error shape."""
    try:
        body = r.json()
    except ValueError:
        return False
    error = body.get("error") if isinstance(body, dict) else None
    return (r.headers.get("Content-Type", "").startswith("application/json")
            and isinstance(error, dict) and isinstance(error.get("code"), str)
            and isinstance(error.get("message"), str))


def classify(status):
    if status is None:
        return "no answer"
    return f"{status // 100}xx" if status not in (502, 503, 504) else str(status)


def campaign_of(town):
    rows = sql("select c.id from campaign c join township t on t.id = c.township_id"
               " where t.slug = %s and c.parent_id is not null and c.status <> 'closed'"
               " order by c.id limit 1", (town,))
    return rows[0]["id"] if rows else None


def grid_root_of(town):
    rows = sql("select g.id from grid_node g join township t on t.id = g.township_id"
               " where t.slug = %s and g.parent_id is null order by g.id limit 1", (town,))
    return rows[0]["id"] if rows else None


class Writers:
    """Threads creating tasks as the townships' committees until stopped.

    Each attempt is recorded: (started, finished, status, error_shape_ok, body, id).
    """

    def __init__(self, threads=4, run=None):
        self.run = run or uuid.uuid4().hex[:8]
        self.records = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.clients = []
        self.resent = 0
        for i in range(threads):
            town = TOWNS[i % len(TOWNS)]
            campaign = campaign_of(town)
            assert campaign, f"no open campaign in {town} (the demo seed)"
            self.clients.append((login(f"{town}.committee"), (campaign, grid_root_of(town))))
        # One write first, to fail with the reason if writing does not work at all.
        client, campaign = self.clients[0]
        r = client.post(f"{BASE_URL}/api/v1/tasks", json=self._body(campaign, "probe", 0), timeout=15)
        assert r.status_code == 201, f"the writers cannot write: {r.status_code} {r.text}"
        self.threads = [threading.Thread(target=self._loop, args=(i,), daemon=True)
                        for i in range(threads)]

    def _body(self, where, i, n):
        campaign, node = where
        return {"campaign_id": campaign, "grid_node_id": node, "title": f"故障测试 {self.run}-{i}-{n}",
                "description": f"写入 {n}：{uuid.uuid4()}", "target": 1 + n % 1000,
                "unit": "家", "deadline": day(30 + n % 60)}

    def _loop(self, i):
        client, campaign = self.clients[i]
        n = 0
        while not self.stopping.is_set():
            n += 1
            body = self._body(campaign, i, n)
            started = time.monotonic()
            status, shape, ident = None, None, None
            r = self._post(client, body)
            if r is not None:
                status = r.status_code
                if 200 <= status < 300:
                    ident = r.json()["id"]
                else:
                    shape = error_shape(r)
            else:
                time.sleep(0.05)   # refused while nginx is down: do not spin
            with self.lock:
                self.records.append((started, time.monotonic(), status, shape, body, ident))

    def _post(self, client, body):
        """One create under its own Idempotency-Key. A kept-alive connection that the
        server closes as the request goes out (nginx closes its idle connections when
        it reloads) fails with no answer; as HTTP allows a client that knows a request
        is idempotent, and as the key makes it, the writer sends it again once, with the
        same key: the API answers the first's result if it had been applied."""
        headers = {"Idempotency-Key": str(uuid.uuid4())}
        for attempt in (1, 2):
            try:
                return client.post(f"{BASE_URL}/api/v1/tasks", json=body, headers=headers,
                                   timeout=15)
            except requests.ConnectionError as e:
                if attempt == 2 or _refused(e):
                    return None
                with self.lock:
                    self.resent += 1
            except requests.RequestException:
                return None
        return None

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for t in self.threads:
            t.join(30)

    def since(self, moment):
        with self.lock:
            return [r for r in self.records if r[0] >= moment]

    def first_success_after(self, moment):
        with self.lock:
            done = [r[1] for r in self.records if r[0] >= moment and r[2] and 200 <= r[2] < 300]
        return min(done) if done else None

    def figures(self):
        """Counts by class, and the check of every write against the database."""
        by_class = {}
        for r in self.records:
            by_class[classify(r[2])] = by_class.get(classify(r[2]), 0) + 1
        acknowledged = [r for r in self.records if r[5] is not None]
        failed = [r for r in self.records if r[5] is None]
        stored = sql(
            "select id, title, description, target, unit, deadline::text as deadline, campaign_id"
            " from task where title like %s", (f"故障测试 {self.run}-%",))
        rows = {row["title"]: row for row in stored}
        duplicated = len(stored) - len(rows)
        lost, wrong, half_done, stored_though_failed = [], [], [], 0
        fields = ("title", "description", "target", "unit", "deadline", "campaign_id")
        for r in acknowledged:
            row = rows.get(r[4]["title"])
            if row is None or row["id"] != r[5]:
                lost.append(r[4]["title"])
            elif any(row[f] != r[4][f] for f in fields):
                wrong.append(r[4]["title"])
        for r in failed:
            row = rows.get(r[4]["title"])
            if row is not None:
                stored_though_failed += 1
                if any(row[f] != r[4][f] for f in fields):
                    half_done.append(r[4]["title"])
        bad_shape = sum(1 for r in failed if r[2] is not None and r[3] is False)
        return {
            "requests": len(self.records), "by_class": by_class,
            "acknowledged": len(acknowledged), "lost": lost, "wrong": wrong,
            "half_done": half_done, "stored_though_failed": stored_though_failed,
            "errors_not_json": bad_shape, "duplicated": duplicated, "resent": self.resent,
        }


def _refused(error):
    """Whether a connection error is a refusal (nothing listening): sending again at
    once cannot help, and nothing was sent."""
    e, seen = error, 0
    while e is not None and seen < 10:
        if isinstance(e, ConnectionRefusedError):
            return True
        seen += 1
        e = e.__cause__ or e.__context__ or getattr(e, "reason", None)
    return "Connection refused" in str(error)


def record(name, **figures):
    FIGURES.setdefault(name, {}).update(figures)


def assert_nothing_lost(f):
    assert f["lost"] == [], f"acknowledged writes missing: {f['lost'][:5]}"
    assert f["wrong"] == [], f"acknowledged writes stored differently: {f['wrong'][:5]}"
    assert f["half_done"] == [], f"failed writes stored half-done: {f['half_done'][:5]}"
    assert f["errors_not_json"] == 0, "an error answer was not the JSON error shape"
    assert f["duplicated"] == 0, f"{f['duplicated']} writes stored twice"


# --- docs/reliability.md -----------------------------------------------------

BEGIN = "<!-- faults:begin (written by make test-faults) -->"
END = "<!-- faults:end -->"


def _cell(v):
    if isinstance(v, float):
        return f"{v:.2f}"
    if isinstance(v, dict):
        return ", ".join(f"{k}: {n}" for k, n in sorted(v.items())) or "—"
    if isinstance(v, list):
        return str(len(v))
    return "—" if v is None else str(v)


def write_reliability(figures):
    """Replace the sections of the figures' names in docs/reliability.md (between its
    markers), keeping the others: a run of some tests updates those only."""
    path = os.path.join(REPO, "docs", "reliability.md")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return
    if BEGIN not in text or END not in text:
        return
    start, end = text.index(BEGIN), text.index(END) + len(END)
    sections = {}
    for block in text[start + len(BEGIN):end - len(END)].split("\n**")[1:]:
        name, _, rest = block.partition("**\n")
        sections[name] = rest.strip()
    commit = subprocess.run(["git", "-C", REPO, "describe", "--always", "--dirty"],
                            capture_output=True, text=True).stdout.strip() or "?"
    when = f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC"
    for name, f in figures.items():
        rows = [f"Run {when}, commit {commit}, {os.cpu_count()} cores,"
                f" SAFEGRID_FAULTS_SECONDS={SECONDS:g}.", "", "| figure | value |", "| --- | --- |"]
        rows += [f"| {k.replace('_', ' ')} | {_cell(v)} |" for k, v in f.items()]
        sections[name] = "\n".join(rows)
    body = "".join(f"\n**{name}**\n\n{rest}\n" for name, rest in sections.items())
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[:start] + BEGIN + "\n" + body + "\n" + END + text[end:])


def pytest_sessionfinish(session, exitstatus):
    if FIGURES:
        write_reliability(FIGURES)
