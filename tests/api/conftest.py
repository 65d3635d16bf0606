"""Shared fixtures for the API tests.

The suite runs against the private stack that tests/run-integration.sh starts;
it reads where that stack is from the environment:

  SAFEGRID_TEST_URL        http base, e.g. http://127.0.0.1:PORT
  SAFEGRID_TEST_PG_URL     superuser DSN to database safegrid
  SAFEGRID_TEST_APP_URL    DSN as safegrid_app (what safegridd connects as)
  SAFEGRID_TEST_OWNER_URL  DSN as safegrid_owner (migrations, safegridctl)
  SAFEGRID_DEMO_PASSWORD   the demo users' password

Signing in costs an Argon2id hash (50-100 ms), so `signed_in(username)` keeps
one server-side session per demo user for the whole run and hands out a fresh
requests.Session on it each time (so a test may change its headers freely).
Tests that end a session (logout, password change, disabling, expiry) must
use `login()` for a session of their own, or `make_user()` for a user of
their own.

Failed logins count towards the throttle (4 a username at an address, 20 an address, in 15
minutes, and every test comes from 127.0.0.1): a test that fails logins on
purpose uses the `clean_login_attempts` fixture, which forgets 127.0.0.1's
attempts before and after it.

Every create is retried: a signed-in ApiSession sends each POST that names no
Idempotency-Key with a fresh one, and after a 201 sends it again with the same key,
which must answer the same status and body with `Idempotent-Replayed: true` (so it
created nothing). `retried_creates` collects the (method, path) of the routes so
tried; test_zz_idempotency_coverage.py checks that every 201 route is among them.

No test writes a calendar date: every date is worked out from today in the
county's time zone (Asia/Shanghai, as the database's app.today() does), with
`today()`, `day(n)`, `at(n, hh, mm)`, `year(n)` and `in_year(m, d)` below, so the suite passes
on any day (`make test-future` runs it under faketime 18 months ahead).
"""
import datetime
import hashlib
import os
import re
import subprocess
import uuid

import psycopg2
import psycopg2.extras
import pytest
import requests

import response_schema

# Empty outside a test stack, so that tests that need none (test_docs.py) still run.
BASE_URL = os.environ.get("SAFEGRID_TEST_URL", "").rstrip("/")
PG_URL = os.environ.get("SAFEGRID_TEST_PG_URL", "")
APP_URL = os.environ.get("SAFEGRID_TEST_APP_URL", "")
OWNER_URL = os.environ.get("SAFEGRID_TEST_OWNER_URL", "")
DEMO_PASSWORD = os.environ.get("SAFEGRID_DEMO_PASSWORD", "safegrid-demo")
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("SAFEGRID_BIN", "build")
TOWNS = ("difang", "bailin", "zhongcun")
COOKIE = "safegrid_session"
# Set, answers that differ from docs/openapi.yaml are written there instead of failing.
SCHEMA_LOG = os.environ.get("SAFEGRID_TEST_SCHEMA_LOG", "")
CLIENT_ADDR = "127.0.0.1"


# --- Dates ------------------------------------------------------------------

ZONE = datetime.timezone(datetime.timedelta(hours=8), "Asia/Shanghai")  # no DST since 1991


def today():
    """Today in Asia/Shanghai, as a datetime.date (the server's app.today())."""
    return datetime.datetime.now(ZONE).date()


def day(n=0):
    """The date n days from today (n < 0: ago), as 'YYYY-MM-DD'."""
    return (today() + datetime.timedelta(days=n)).isoformat()


def at(n=0, hh=0, mm=0):
    """The moment hh:mm Asia/Shanghai n days from today, as an ISO 8601 timestamp
    with its offset ('YYYY-MM-DDThh:mm:00+08:00')."""
    moment = datetime.datetime.combine(today() + datetime.timedelta(days=n),
                                       datetime.time(hh, mm), ZONE)
    return moment.isoformat()


def year(n=0):
    """This year (plus n) in Asia/Shanghai, as an int."""
    return today().year + n


def in_year(month, dom, n=0):
    """The day dom of month in year(n), as 'YYYY-MM-DD' -- for dates that are never
    compared with today (a campaign's period, a letter signed long ago); not
    checked, so in_year(2, 30) is a date that does not exist."""
    return f"{year(n):04d}-{month:02d}-{dom:02d}"


def year_start(n=0):
    """1 January of year(n), as 'YYYY-MM-DD'."""
    return f"{year(n):04d}-01-01"


def year_end(n=0):
    """31 December of year(n), as 'YYYY-MM-DD'."""
    return f"{year(n):04d}-12-31"


# The demo county's campaign (sql/seed/demo/10_campaign.sql) runs through the
# year the demo was seeded in, and is named after it.
DEMO_CAMPAIGN = f"{year()}年安全生产攻坚行动"


# --- HTTP -------------------------------------------------------------------

_send = requests.Session.send

# The paths of the creates (201) that ApiSession retried with their Idempotency-Key.
retried_creates = set()
_public_posts = []


def _public_post(path):
    """Whether path is a POST route of action `public` (login, the tip routes), which acts
    for no user and so keeps no Idempotency-Key (`safegridctl routes`, read once)."""
    if not _public_posts:
        for line in safegridctl("routes").stdout.splitlines():
            method, pattern, action = line.split()
            if method == "POST" and action == "public":
                parts = pattern.strip("/").split("/")
                _public_posts.append(re.compile(
                    "/" + "/".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)))
        assert _public_posts, "safegridctl routes names no public POST route"
    return any(r.fullmatch(path) for r in _public_posts)


def _send_and_check(self, request, **kwargs):
    """Every answer any test receives over HTTP (an ApiSession's or a plain
    requests.get's) fits its status and response schema in docs/openapi.yaml."""
    response = _send(self, request, **kwargs)
    problems = response_schema.check(request.method, request.url, response)
    if problems:
        if SCHEMA_LOG:
            with open(SCHEMA_LOG, "a", encoding="utf-8") as log:
                log.write("\n".join(problems) + "\n")
        else:
            raise AssertionError("the answer differs from docs/openapi.yaml:\n" + "\n".join(problems))
    return response


requests.Session.send = _send_and_check


class ApiSession(requests.Session):
    """A requests.Session whose paths are relative to the stack's base URL.

    After a login it knows its user (`.user`), its CSRF token (`.csrf_token`)
    and its session cookie (`.token`); the token is sent as X-CSRF-Token on
    every request unless made with csrf=False.
    """

    def __init__(self, base_url=BASE_URL):
        super().__init__()
        self.base_url = base_url
        self.trust_env = False          # never through a proxy: 127.0.0.1 only
        # Messages in English, which the tests match; a request that states no
        # language gets Simplified Chinese (test_messages.py).
        self.headers["Accept-Language"] = "en"
        self.user = None
        self.csrf_token = None

    def request(self, method, url, *args, **kwargs):
        if url.startswith("/"):
            url = self.base_url + url
        kwargs.setdefault("timeout", 30)
        if method.upper() == "POST" and self._retries_creates(url, kwargs):
            return self._create_twice(method, url, *args, **kwargs)
        return super().request(method, url, *args, **kwargs)

    def _retries_creates(self, url, kwargs):
        headers = {k.lower() for k in list(self.headers) + list(kwargs.get("headers") or {})}
        data = kwargs.get("data")
        return (self.cookies.get(COOKIE) is not None and "idempotency-key" not in headers
                and (data is None or isinstance(data, (bytes, str))) and "files" not in kwargs
                and not _public_post(url.split("?")[0][len(self.base_url):]))

    def _create_twice(self, method, url, *args, **kwargs):
        """The request with a fresh Idempotency-Key; after a 201, once more with the
        same key, which must answer the same and create nothing (the Idempotent-Replayed
        answer comes from the stored result: the handler did not run)."""
        kwargs["headers"] = dict(kwargs.get("headers") or {}, **{"Idempotency-Key": uuid.uuid4().hex})
        first = super().request(method, url, *args, **kwargs)
        if first.status_code == 201:
            again = super().request(method, url, *args, **kwargs)
            assert (again.status_code, again.content) == (201, first.content), \
                f"POST {url} retried with its Idempotency-Key: {again.status_code} {again.text}"
            assert again.headers.get("Idempotent-Replayed") == "true", f"POST {url}: not a replay"
            retried_creates.add(url.split("?")[0][len(self.base_url):])
        return first

    @property
    def token(self):
        return self.cookies.get(COOKIE)

    @property
    def token_hash(self):
        """What the session table keeps: the SHA-256 of the cookie's token, hex."""
        return hashlib.sha256(self.token.encode()).hexdigest()

    def copy(self, csrf=True):
        """Another client on the same server-side session."""
        other = ApiSession(self.base_url)
        other.cookies.update(self.cookies)
        other.user = self.user
        other.csrf_token = self.csrf_token
        if csrf and self.csrf_token:
            other.headers["X-CSRF-Token"] = self.csrf_token
        return other

    def without_csrf(self):
        return self.copy(csrf=False)


def anonymous():
    """A client with no session."""
    return ApiSession()


def try_login(username, password=DEMO_PASSWORD, client=None):
    """POST /auth/login and return the response, whatever it is."""
    client = client or anonymous()
    return client.post("/api/v1/auth/login", json={"username": username, "password": password})


def login(username, password=DEMO_PASSWORD, csrf=True):
    """A new session for username: an ApiSession carrying the cookie and, unless
    csrf=False, the X-CSRF-Token header. Fails the test if the login fails."""
    client = anonymous()
    r = try_login(username, password, client)
    assert r.status_code == 200, f"login {username}: {r.status_code} {r.text}"
    body = r.json()
    client.user = body["user"]
    client.csrf_token = body["csrf_token"]
    assert client.token, f"login {username}: no {COOKIE} cookie"
    if csrf:
        client.headers["X-CSRF-Token"] = client.csrf_token
    return client


_signed_in = {}


def signed_in(username, csrf=True):
    """A client on the cached session of username (logged in once per run, again
    if the cached session has stopped working)."""
    cached = _signed_in.get(username)
    if cached is not None and cached.get("/api/v1/me").status_code != 200:
        cached = None
    if cached is None:
        cached = _signed_in[username] = login(username)
    return cached.copy(csrf=csrf)


@pytest.fixture(scope="session")
def base_url():
    return BASE_URL


@pytest.fixture(scope="session", name="login")
def login_fixture():
    """login(username, password=DEMO, csrf=True) -> a fresh ApiSession."""
    return login


@pytest.fixture(scope="session", name="signed_in")
def signed_in_fixture():
    """signed_in(username, csrf=True) -> an ApiSession on a cached session."""
    return signed_in


@pytest.fixture(scope="session", name="anonymous")
def anonymous_fixture():
    """anonymous() -> an ApiSession with no cookie."""
    return anonymous


@pytest.fixture(scope="session", name="try_login")
def try_login_fixture():
    """try_login(username, password) -> the login response, whatever it is."""
    return try_login


def assert_error(response, status, code=None, fields=None):
    """The response is the API's error shape with this status (and code, and a
    detail for each of fields); returns the error object."""
    assert response.status_code == status, f"{response.request.method} {response.url}: " \
        f"expected {status}, got {response.status_code} {response.text}"
    assert response.headers.get("Content-Type", "").startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert isinstance(error.get("message"), str) and error["message"]
    assert isinstance(error.get("details"), list)
    if code is not None:
        assert error["code"] == code, error
    for field in fields or ():
        assert field in {d.get("field") for d in error["details"]}, \
            f"no detail names {field!r}: {error}"
    return error


# --- Database ---------------------------------------------------------------

def connect(dsn, autocommit=True):
    conn = psycopg2.connect(dsn, connect_timeout=5)
    conn.autocommit = autocommit
    return conn


_pg = {}


def superuser():
    """The shared superuser connection (autocommit), reopened if it died (the
    foundation tests stop and start PostgreSQL)."""
    conn = _pg.get("conn")
    if conn is not None and not conn.closed:
        try:
            with conn.cursor() as cur:
                cur.execute("select 1")
            return conn
        except psycopg2.Error:
            conn.close()
    conn = _pg["conn"] = connect(PG_URL)
    return conn


def sql(query, params=None):
    """Run query as the superuser; the rows as dicts ([] for statements)."""
    with superuser().cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(query, params)
        return [dict(r) for r in cur.fetchall()] if cur.description else []


def sql_value(query, params=None):
    with superuser().cursor() as cur:
        cur.execute(query, params)
        row = cur.fetchone()
        return row[0] if row else None


@pytest.fixture
def pg():
    """The superuser connection to database safegrid, autocommit."""
    return superuser()


@pytest.fixture(name="sql")
def sql_fixture():
    """sql(query, params) -> rows as dicts, run as the superuser."""
    return sql


@pytest.fixture
def app_db():
    """A connection as safegrid_app (not autocommit: set_config(..., true)
    lasts the transaction); rolled back and closed afterwards."""
    conn = connect(APP_URL, autocommit=False)
    yield conn
    conn.rollback()
    conn.close()


@pytest.fixture
def owner_db():
    """A connection as safegrid_owner, autocommit."""
    conn = connect(OWNER_URL)
    yield conn
    conn.close()


# --- Demo data --------------------------------------------------------------

class Ids:
    """The demo county's ids, looked up by name: .county, .township[slug],
    .user[username], .enterprise[slug], .sector[code]."""

    def __init__(self):
        self.county = sql_value("select id from county where code = '371326'")
        assert self.county, "the demo county is missing: was the stack seeded?"
        self.township = {r["slug"]: r["id"] for r in sql(
            "select slug, id from township where county_id = %s", (self.county,))}
        self.user = {r["username"]: r["id"] for r in sql(
            "select username, id from app_user where county_id = %s", (self.county,))}
        self.enterprise = {r["slug"]: r["id"] for r in sql(
            "select t.slug, min(e.id) as id from enterprise e join township t on t.id = e.township_id"
            " where t.county_id = %s group by t.slug", (self.county,))}
        self.sector = {r["code"]: r["id"] for r in sql(
            "select code, id from sector where county_id = %s", (self.county,))}
        for town in TOWNS:
            assert town in self.township, f"demo township {town} missing"
            for suffix in ("committee", "supervisor", "safety", "ent1"):
                assert f"{town}.{suffix}" in self.user, f"demo user {town}.{suffix} missing"


@pytest.fixture(scope="session")
def ids():
    return Ids()


def unique(prefix="t"):
    """A fresh name that fits the username rule ^[a-z0-9][a-z0-9._-]{2,39}$."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def make_user(ids):
    """make_user(role='department', town='difang', **columns) -> dict of the new
    row (with its 'username'): a user of one's own, inserted as the superuser,
    whose password is the demo password. Removed again after the test."""
    made = []
    demo_hash = sql_value("select password_hash from app_user where username = 'admin'")

    def make(role="department", town="difang", username=None, county_id=None,
             township_id=None, enterprise_id=None, display_name=None, phone=None):
        username = username or unique(role[:4])
        if role != "county_admin" and township_id is None:
            township_id = ids.township[town]
        if role == "enterprise" and enterprise_id is None:
            enterprise_id = ids.enterprise[town]
        row = sql(
            "insert into app_user (county_id, township_id, username, display_name, phone, role,"
            "                      enterprise_id, password_hash)"
            " values (%s, %s, %s, %s, %s, %s, %s, %s)"
            " returning id, county_id, township_id, username, role, enterprise_id, version",
            (county_id or ids.county, township_id, username, display_name or f"测试{username}",
             phone, role, enterprise_id, demo_hash))[0]
        made.append(row["id"])
        return row

    yield make
    for user_id in made:
        delete_user(user_id)


def delete_user(user_id):
    sql("delete from session where user_id = %s", (user_id,))
    sql("delete from user_sector where user_id = %s", (user_id,))
    sql("delete from app_user where id = %s", (user_id,))


@pytest.fixture
def clean_login_attempts():
    """Forget 127.0.0.1's login attempts before and after the test, so that
    failed logins on purpose never throttle another test."""
    sql("delete from login_attempt where client_addr = %s", (CLIENT_ADDR,))
    yield
    sql("delete from login_attempt where client_addr = %s", (CLIENT_ADDR,))


def expire_session(client, column, seconds):
    """Move a session's created_at or last_seen_at `seconds` into the past."""
    assert column in ("created_at", "last_seen_at")
    n = sql(f"update session set {column} = now() - make_interval(secs => %s)"
            " where token_hash = %s returning id", (seconds, client.token_hash))
    assert len(n) == 1, "the session is not in the session table"


def safegridctl(*args, env=None):
    """Run build/safegridctl from the repository root; the CompletedProcess."""
    exe = os.path.join(BIN if os.path.isabs(BIN) else os.path.join(REPO, BIN), "safegridctl")
    full_env = dict(os.environ, DATABASE_OWNER_URL=OWNER_URL, SAFEGRID_SQL_DIR=os.path.join(REPO, "sql"))
    full_env.update(env or {})
    return subprocess.run([exe, *args], cwd=REPO, env=full_env, capture_output=True, text=True,
                          timeout=60)


@pytest.fixture(scope="session", name="safegridctl")
def safegridctl_fixture():
    return safegridctl
