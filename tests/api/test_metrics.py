"""GET /metrics: Prometheus text with the requests of every worker, through nginx."""
import re

import requests

from conftest import BASE_URL


def counter(text, name, **labels):
    """The value of one sample, 0 when absent."""
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    match = re.search(rf"^{re.escape(name)}\{{{re.escape(wanted)}\}} (\S+)$", text, re.M)
    return float(match.group(1)) if match else 0.0


def metrics():
    r = requests.get(f"{BASE_URL}/metrics", timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return r.text


def test_metrics_count_requests_by_route_and_status():
    before = metrics()
    for _ in range(5):
        assert requests.get(f"{BASE_URL}/api/v1/ping", timeout=10).status_code == 200
    assert requests.get(f"{BASE_URL}/api/v1/me", timeout=10).status_code == 401
    after = metrics()
    ping = {"method": "GET", "route": "/api/v1/ping", "status": "200"}
    me = {"method": "GET", "route": "/api/v1/me", "status": "401"}
    # The workers count together, whichever answered.
    assert counter(after, "safegrid_requests_total", **ping) - \
        counter(before, "safegrid_requests_total", **ping) == 5
    assert counter(after, "safegrid_requests_total", **me) - \
        counter(before, "safegrid_requests_total", **me) == 1
    labels = {"method": "GET", "route": "/api/v1/ping"}
    count = counter(after, "safegrid_request_duration_seconds_count", **labels)
    assert counter(after, "safegrid_request_duration_seconds_bucket", **labels, le="+Inf") == count
    assert counter(after, "safegrid_request_duration_seconds_bucket", **labels, le="10") <= count


def test_metrics_name_their_types_and_the_process_counters():
    text = metrics()
    for name, kind in (("safegrid_requests_total", "counter"),
                       ("safegrid_request_duration_seconds", "histogram"),
                       ("safegrid_worker_restarts_total", "counter"),
                       ("safegrid_database_errors_total", "counter")):
        assert f"# TYPE {name} {kind}\n" in text
    assert re.search(r"^safegrid_worker_restarts_total \d+$", text, re.M)


def test_a_path_no_route_knows_is_counted_as_unmatched():
    before = counter(metrics(), "safegrid_requests_total", method="", route="unmatched", status="404")
    assert requests.get(f"{BASE_URL}/api/v1/no-such-thing", timeout=10).status_code == 404
    after = counter(metrics(), "safegrid_requests_total", method="", route="unmatched", status="404")
    assert after - before == 1
