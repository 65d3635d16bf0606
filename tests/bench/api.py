"""The few HTTP calls the harness makes itself (outside wrk): signing in, creating
the draft inspections, and the one request per endpoint whose SQL is captured.

Requests are built from the same (method, path, body) triples and the same headers
that wrk sends, so that the captured request is one of the measured ones.
"""
import json

import requests

COOKIE = "safegrid_session"


class ApiError(RuntimeError):
    pass


class Api:
    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.http = requests.Session()
        self.http.trust_env = False      # 127.0.0.1 only, never through a proxy

    def send(self, method, path, body=None, headers=None):
        """One request; returns (status, parsed JSON or None, raw response).

        Only a JSON answer is parsed. On anything else requests' r.json() first
        guesses the body's character set with chardet, in pure Python over every
        byte: for the 4.8 MB workbook of the 100,000-row ledger that took 18 s
        of the harness's own CPU (66 s on a loaded machine), which the export's
        time then counted as the server's."""
        data = body.encode() if isinstance(body, str) else body
        r = self.http.request(method, self.base_url + path, data=data,
                              headers=headers or {}, timeout=60, allow_redirects=False)
        parsed = None
        if r.headers.get("Content-Type", "").startswith("application/json"):
            try:
                parsed = r.json()
            except ValueError:
                pass
        return r.status_code, parsed, r

    def expect(self, method, path, body=None, headers=None, statuses=(200, 201)):
        status, parsed, r = self.send(method, path, body, headers)
        if status not in statuses:
            raise ApiError(f"{method} {path} answered {status}: {r.text[:500]}")
        return parsed

    def login(self, username, password):
        """Signs in; returns (session token, CSRF token, user id)."""
        body = json.dumps({"username": username, "password": password})
        status, parsed, r = self.send("POST", "/api/v1/auth/login", body,
                                      {"Content-Type": "application/json"})
        if status != 200:
            raise ApiError(f"login as {username} answered {status}: {r.text[:300]}")
        token = r.cookies.get(COOKIE)
        if not token:
            raise ApiError(f"login as {username} set no {COOKIE} cookie")
        # The cookie stays out of the requests.Session: every call names its headers.
        self.http.cookies.clear()
        return token, parsed["csrf_token"], parsed["user"]["id"]


def session_headers(token, csrf=None, json_body=False):
    """The headers of a signed-in request, as wrk sends them too."""
    headers = {"Cookie": f"{COOKIE}={token}"}
    if csrf:
        headers["X-CSRF-Token"] = csrf
    if json_body:
        headers["Content-Type"] = "application/json"
    return headers
