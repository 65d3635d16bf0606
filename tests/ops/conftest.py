"""Shared helpers for the operations tests (`make test-ops`, tests/run-ops.sh).

These tests start their own processes -- PostgreSQL clusters, safegridd, nginx,
PgBouncer -- on free ports of 127.0.0.1 below the kernel's ephemeral range, each under
a folder of its own in /tmp (reachable by the postgres and www-data accounts when the
tests run as root), and stop them by pid.
"""
import os
import random
import subprocess

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.abspath(os.environ.get("SAFEGRID_BIN") or os.path.join(REPO, "build"))
PG_BIN = "/usr/lib/postgresql/15/bin"

_taken = set()


def ephemeral_low():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except OSError:
        return 32768


def port_is_free(port):
    out = subprocess.run(["ss", "-Htan", f"sport = :{port}"], capture_output=True, text=True)
    return out.stdout.strip() == ""


def free_port():
    """A TCP port of 127.0.0.1 that no socket holds, from 20000 to below the ephemeral
    range, and not handed out before in this run."""
    high = min(ephemeral_low() - 1, 39999)
    if high < 21000:
        high = 39999
    start = random.randint(20000, high)
    for i in range(high - 20000 + 1):
        port = 20000 + (start - 20000 + i) % (high - 20000 + 1)
        if port not in _taken and port_is_free(port):
            _taken.add(port)
            return port
    raise RuntimeError("no free port")


def run(args, **kwargs):
    """subprocess.run with text output captured; raises with the output on failure."""
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    check = kwargs.pop("check", True)
    result = subprocess.run(args, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result
