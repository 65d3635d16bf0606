"""The stack past one process: two safegridd instances on TCP behind one nginx, as the
web container renders it (deploy/docker/nginx-entrypoint.sh: an upstream, TLS with the
HTTP port redirecting, trusted proxies, /metrics for the internal network only), and
the app container's FastCGI health check."""
import os
import shutil
import signal
import warnings

import pytest
import requests

from conftest import (APP_PASSWORD, REPO, Cluster, Nginx, Safegridd, free_port, run,
                      shared_dir, wait_for)

HEALTHCHECK = os.path.join(REPO, "deploy", "docker", "healthcheck.sh")
DEMO_PASSWORD = "safegrid-demo"


@pytest.fixture(scope="module")
def stack():
    root = shared_dir("sg-ops-scale-")
    pg = Cluster(os.path.join(root, "pg")).init().start()
    apps, nginx = [], None
    try:
        pg.safegrid(seed=True)
        url = pg.url("safegrid_app", APP_PASSWORD)
        apps = [Safegridd(root, "a", url), Safegridd(root, "b", url)]

        nginx = Nginx(root, apps, tls=True, SAFEGRID_TRUSTED_PROXIES="127.0.0.1")
        http_port, https_port, var = nginx.http_port, nginx.https_port, nginx.var
        yield {"apps": apps, "http": http_port, "https": https_port, "var": var, "root": root,
               "cluster": pg}
    finally:
        if nginx:
            nginx.stop()
        for app in apps:
            app.stop()
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)


def client():
    session = requests.Session()
    session.verify = False
    session.trust_env = False
    return session


@pytest.fixture(autouse=True)
def quiet_tls_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def test_a_session_made_on_one_instance_continues_on_the_other(stack):
    base = f"https://127.0.0.1:{stack['https']}"
    apps = stack["apps"]
    seen = [len(a.requests_logged()) for a in apps]
    session = client()
    r = session.post(f"{base}/api/v1/auth/login",
                     json={"username": "bailin.committee", "password": DEMO_PASSWORD})
    assert r.status_code == 200, r.text
    user_id = r.json()["user"]["id"]
    session.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    for _ in range(8):
        me = session.get(f"{base}/api/v1/me")
        assert me.status_code == 200 and me.json()["user"]["id"] == user_id
    # Both instances answered for this session.
    for app, before in zip(apps, seen):
        mine = [e for e in app.requests_logged()[before:]
                if e.get("path") == "/api/v1/me" and e.get("status") == 200
                and e.get("user") == user_id]
        assert mine, f"instance on {app.port} served none of the session's requests"
    # Ended on whichever instance, it is ended on both.
    assert session.post(f"{base}/api/v1/auth/logout").status_code in (200, 204)
    for _ in range(4):
        assert session.get(f"{base}/api/v1/me").status_code == 401


def test_http_redirects_to_the_public_https_address(stack):
    r = client().get(f"http://127.0.0.1:{stack['http']}/api/v1/me?x=1", allow_redirects=False)
    assert r.status_code == 301
    assert r.headers["Location"] == f"https://127.0.0.1:{stack['https']}/api/v1/me?x=1"
    secure = client().get(f"https://127.0.0.1:{stack['https']}/api/v1/health")
    assert secure.status_code == 200 and secure.json()["database"] == "ok"
    assert "max-age=" in secure.headers.get("Strict-Transport-Security", "")


def test_a_trusted_proxys_client_address_is_the_clients(stack):
    r = client().get(f"https://127.0.0.1:{stack['https']}/api/v1/ping",
                     headers={"X-Forwarded-For": "198.51.100.23"})
    assert r.status_code == 200
    request_id = r.headers["X-Request-Id"]

    def logged():
        with open(os.path.join(stack["var"], "log", "nginx-access.log")) as f:
            return [line for line in f if request_id in line]
    wait_for(lambda: logged(), seconds=5, what="the access log line")
    assert logged()[0].startswith("198.51.100.23 ")


def test_metrics_answer_only_the_internal_network(stack):
    base = f"https://127.0.0.1:{stack['https']}"
    inside = client().get(f"{base}/metrics")
    assert inside.status_code == 200
    assert "# TYPE safegrid_requests_total counter" in inside.text
    outside = client().get(f"{base}/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert outside.status_code == 403


def test_the_app_health_check_speaks_fastcgi_to_the_tcp_socket(stack):
    app = stack["apps"][0]
    ok = run(["sh", HEALTHCHECK], env=dict(os.environ, SAFEGRID_LISTEN=f"0.0.0.0:{app.port}"),
             check=False)
    assert ok.returncode == 0, ok.stderr
    closed = run(["sh", HEALTHCHECK], env=dict(os.environ, SAFEGRID_LISTEN=f"0.0.0.0:{free_port()}"),
                 check=False)
    assert closed.returncode != 0


def fastcgi_get(port, path):
    """GET path straight from a safegridd over FastCGI (cgi-fcgi), past nginx."""
    env = {"REQUEST_METHOD": "GET", "SCRIPT_NAME": path, "DOCUMENT_URI": path,
           "REQUEST_URI": path, "QUERY_STRING": "", "SERVER_PROTOCOL": "HTTP/1.1",
           "REMOTE_ADDR": "127.0.0.1", "PATH": os.environ["PATH"]}
    return run(["cgi-fcgi", "-bind", "-connect", f"127.0.0.1:{port}"], env=env).stdout


def test_a_killed_worker_is_replaced_and_counted(stack):
    app = stack["apps"][1]
    children = open(f"/proc/{app.proc.pid}/task/{app.proc.pid}/children").read().split()
    assert len(children) == 2
    os.kill(int(children[0]), signal.SIGKILL)

    def replaced():
        now = open(f"/proc/{app.proc.pid}/task/{app.proc.pid}/children").read().split()
        return len(now) == 2 and children[0] not in now
    wait_for(replaced, seconds=10, what="a new worker")
    text = fastcgi_get(app.port, "/metrics")
    assert "\nsafegrid_worker_restarts_total 1\n" in text


def test_requests_go_on_while_one_instance_is_down(stack):
    base = f"https://127.0.0.1:{stack['https']}"
    stack["apps"][0].stop()
    session = client()
    for _ in range(6):
        assert session.get(f"{base}/api/v1/health").status_code == 200


def test_an_app_addressed_by_name_is_looked_up_while_nginx_runs(stack, tmp_path):
    """compose addresses the app by its service name, which nginx looks up only when it
    loads: nginx-entrypoint.sh then keeps nginx as its child and looks the name up again
    (reloading nginx when the address changes; make test-docker makes it change). Here:
    the child, requests through it, and a graceful stop passed on to nginx."""
    app = next(a for a in stack["apps"] if a.proc.poll() is None)   # one may have been stopped
    nginx = Nginx(str(tmp_path), [app], SAFEGRID_FCGI=f"localhost:{app.port}",
                  SAFEGRID_NGINX_RECHECK="1")
    try:
        assert client().get(f"{nginx.base}/api/v1/health").status_code == 200
        assert run(["ps", "-o", "comm=", "-p", str(nginx.proc.pid)]).stdout.strip() == "sh"
        children = run(["ps", "-o", "pid=,comm=", "--ppid", str(nginx.proc.pid)]).stdout.split("\n")
        masters = [int(line.split()[0]) for line in children if line.split()[1:] == ["nginx"]]
        assert len(masters) == 1, children
    finally:
        nginx.stop()
    assert nginx.proc.returncode == 0
    with pytest.raises(ProcessLookupError):
        os.kill(masters[0], 0)
