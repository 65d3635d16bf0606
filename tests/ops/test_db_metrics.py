"""The campaign's gauges -- open and overdue hazards per township -- as PostgreSQL's own
Prometheus exporter reads them with deploy/prometheus/queries.yaml."""
import os
import re
import signal
import subprocess

import pytest
import requests

from conftest import (REPO, SUPER_PASSWORD, free_port, safegrid_cluster, stop_process,
                      tcp_open, wait_for)

EXPORTER = "/usr/bin/prometheus-postgres-exporter"

pytestmark = pytest.mark.skipif(not os.path.exists(EXPORTER),
                                reason="prometheus-postgres-exporter is installed by deploy/install-deps.sh")


@pytest.fixture(scope="module")
def cluster():
    yield from safegrid_cluster("sg-ops-dbmetrics-", seed=True)


def gauges(text, name):
    return {m.group(1): float(m.group(2)) for m in
            re.finditer(rf'^{name}\{{.*?township="([^"]+)".*?\}} (\S+)$', text, re.M)}


def test_open_and_overdue_hazards_per_township(cluster):
    # One hazard of bailin made overdue here, so the count is known to move.
    cluster.psql("update hazard set deadline = app.today() - 3, status = 'rectifying'"
                 " where id = (select min(h.id) from hazard h join township t on t.id = h.township_id"
                 " where t.slug = 'bailin' and h.deadline is not null)", "safegrid")
    expected = {}
    for line in cluster.psql(
            "select t.slug || ' ' || count(h.id) filter (where h.status <> 'closed') || ' ' ||"
            " count(h.id) filter (where app.hazard_overdue(h.status, h.deadline))"
            " from township t left join hazard h on h.township_id = t.id group by t.slug",
            "safegrid").splitlines():
        slug, open_, overdue = line.split()
        expected[slug] = (float(open_), float(overdue))
    assert expected["bailin"][1] >= 1

    # Started as the db-metrics container starts it: the entrypoint makes the
    # connection URL from the superuser's password, which is full of URL characters.
    port = free_port()
    env = {"PATH": "/usr/bin:/bin", "SAFEGRID_SECRETS_SH": os.path.join(REPO, "deploy", "docker", "secrets.sh"),
           "SAFEGRID_DB_HOST": "127.0.0.1", "SAFEGRID_DB_PORT": str(cluster.port),
           "POSTGRES_PASSWORD": SUPER_PASSWORD}
    proc = subprocess.Popen(["sh", os.path.join(REPO, "deploy", "docker", "app-entrypoint.sh"),
                             EXPORTER, f"--web.listen-address=127.0.0.1:{port}",
                             f"--extend.query-path={os.path.join(REPO, 'deploy', 'prometheus', 'queries.yaml')}"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        wait_for(lambda: tcp_open(port), what="the exporter")
        session = requests.Session()
        session.trust_env = False
        text = session.get(f"http://127.0.0.1:{port}/metrics", timeout=30).text
        assert gauges(text, "safegrid_hazards_open") == {k: v[0] for k, v in expected.items()}
        assert gauges(text, "safegrid_hazards_overdue") == {k: v[1] for k, v in expected.items()}
    finally:
        stop_process(proc, signal.SIGTERM)
