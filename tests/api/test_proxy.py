"""Behind the county's TLS proxy (SAFEGRID_TRUSTED_PROXIES).

The test stack trusts 127.0.0.2 as its proxy (tests/run-integration.sh). A request
that connects from 127.0.0.2 is believed about the client's address
(X-Forwarded-For) and scheme (X-Forwarded-Proto); the same headers from 127.0.0.1,
an address nobody trusts, change nothing: not the cookie, not HSTS, not the address
that the login throttle counts and the audit log records.
"""
import uuid

from requests.adapters import HTTPAdapter

from conftest import ApiSession, DEMO_PASSWORD, sql, sql_value

PROXY = "127.0.0.2"
OUTSIDER = "127.0.0.1"


class _From(HTTPAdapter):
    """Connections from a chosen local address (any 127.x reaches 127.0.0.1)."""

    def __init__(self, source):
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def client_from(source, **headers):
    client = ApiSession()
    client.mount("http://", _From(source))
    client.headers.update(headers)
    return client


def login_from(source, username="difang.committee", password=DEMO_PASSWORD, **headers):
    client = client_from(source, **headers)
    r = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    return client, r


def cookie_header(response):
    return response.headers.get("Set-Cookie", "")


def test_https_at_the_trusted_proxy_makes_the_cookie_secure_and_sends_hsts():
    _, r = login_from(PROXY, **{"X-Forwarded-Proto": "https"})
    assert r.status_code == 200, r.text
    assert "; Secure" in cookie_header(r)
    assert r.headers.get("Strict-Transport-Security", "").startswith("max-age=")
    # The portal's pages too, not only the API.
    page = client_from(PROXY, **{"X-Forwarded-Proto": "https"}).get("/")
    assert page.headers.get("Strict-Transport-Security", "").startswith("max-age=")


def test_plain_http_at_the_trusted_proxy_is_not_https():
    _, r = login_from(PROXY, **{"X-Forwarded-Proto": "http"})
    assert r.status_code == 200, r.text
    assert "Secure" not in cookie_header(r)
    assert "Strict-Transport-Security" not in r.headers


def test_a_forged_proto_from_an_untrusted_address_changes_nothing():
    _, r = login_from(OUTSIDER, **{"X-Forwarded-Proto": "https"})
    assert r.status_code == 200, r.text
    assert "Secure" not in cookie_header(r)
    assert "Strict-Transport-Security" not in r.headers
    page = client_from(OUTSIDER, **{"X-Forwarded-Proto": "https"}).get("/")
    assert "Strict-Transport-Security" not in page.headers


def _client_addrs(request_id):
    return {row["client_addr"] for row in sql("select client_addr from audit_log where request_id = %s",
                                  (request_id,))}


def test_the_client_address_comes_from_the_trusted_proxy_only():
    real = "198.51.100.%d" % (uuid.uuid4().int % 250 + 1)
    client, r = login_from(PROXY, **{"X-Forwarded-For": real})
    assert r.status_code == 200, r.text
    token_hash = client.token_hash
    assert sql_value("select client_addr from session where token_hash = %s", (token_hash,)) == real
    assert _client_addrs(r.headers["X-Request-Id"]) == {real}

    forged = "203.0.113.%d" % (uuid.uuid4().int % 250 + 1)
    client, r = login_from(OUTSIDER, **{"X-Forwarded-For": forged, "X-Real-IP": forged})
    assert r.status_code == 200, r.text
    assert sql_value("select client_addr from session where token_hash = %s",
                     (client.token_hash,)) == OUTSIDER
    assert _client_addrs(r.headers["X-Request-Id"]) == {OUTSIDER}
    assert sql_value("select count(*) from session where client_addr = %s", (forged,)) == 0


def test_the_login_throttle_counts_the_real_client_behind_the_proxy():
    """Four wrong passwords from one citizen behind the proxy hold that username at that
    citizen's address only: the same user signing in through the proxy from another
    address is not held. A forged X-Forwarded-For from an untrusted address neither
    escapes the throttle nor charges the address it names."""
    attacker = "198.51.100.%d" % (uuid.uuid4().int % 250 + 1)
    colleague = "192.0.2.%d" % (uuid.uuid4().int % 250 + 1)
    username = "bailin.committee"
    try:
        for _ in range(4):
            _, r = login_from(PROXY, username, "wrong-password", **{"X-Forwarded-For": attacker})
            assert r.status_code == 401, r.text
        _, r = login_from(PROXY, username, **{"X-Forwarded-For": attacker})
        assert r.status_code == 429, r.text
        _, r = login_from(PROXY, username, **{"X-Forwarded-For": colleague})
        assert r.status_code == 200, r.text
        assert sql_value("select count(*) from login_attempt where client_addr = %s and not ok",
                         (attacker,)) >= 4
        assert sql_value("select count(*) from login_attempt where client_addr = %s and not ok",
                         (PROXY,)) == 0

        # From an untrusted address the header is ignored: the failure is charged to
        # the socket's address, not to the colleague it names.
        _, r = login_from(OUTSIDER, username, "wrong-password", **{"X-Forwarded-For": colleague})
        assert r.status_code == 401, r.text
        assert sql_value("select count(*) from login_attempt where client_addr = %s and not ok",
                         (colleague,)) == 0
    finally:
        sql("delete from login_attempt where client_addr in (%s, %s, %s)",
            (attacker, colleague, OUTSIDER))
