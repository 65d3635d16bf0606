"""The workers never run as root: started by root (as the test stack is here, and as CI
runs it), deploy/stack.sh runs safegridd -- supervisor and workers -- as an
unprivileged user through setpriv, and nginx's workers as that user too; none of them
keeps a capability. (The containers: tests/ops/test_compose.py.)
"""
import os
from pathlib import Path

import pytest

RUN_DIR = Path(os.environ.get("SAFEGRID_TEST_LOG", "/nonexistent/log/x")).parent.parent / "run"


def status(pid):
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.split()
    return fields


def children(pid):
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(entry.name))
    return kids


def pid_of(name):
    return int((RUN_DIR / f"{name}.pid").read_text().split()[0])


def unprivileged(pid):
    s = status(pid)
    return all(int(u) != 0 for u in s["Uid"]) and all(int(g) != 0 for g in s["Gid"]) \
        and int(s["CapEff"][0], 16) == 0 and int(s["CapPrm"][0], 16) == 0


pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the stack runs as its starter when not root")


def test_safegridd_supervisor_and_workers_are_not_root():
    supervisor = pid_of("safegridd")
    workers = children(supervisor)
    assert workers, "safegridd has no workers"
    for pid in [supervisor, *workers]:
        assert unprivileged(pid), (pid, status(pid)["Uid"], status(pid)["CapEff"])


def test_nginx_workers_are_not_root():
    workers = children(pid_of("nginx"))
    assert workers, "nginx has no workers"
    for pid in workers:
        assert unprivileged(pid), (pid, status(pid)["Uid"], status(pid)["CapEff"])
