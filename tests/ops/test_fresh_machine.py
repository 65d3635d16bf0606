"""A fresh machine starts the first time: the Makefile, install-deps.sh, the default
ports, the ignored .env, and Ctrl-C on `make run | tee log`."""
import os
import re
import signal
import subprocess
import tempfile
import time

import pytest

from conftest import REPO, ephemeral_low, free_port, run


# --- the Makefile asks pkg-config only when it compiles ------------------------------

def test_targets_that_compile_nothing_never_ask_pkg_config():
    # A library pkg-config cannot find is what a machine without the -dev packages has.
    for target in ("down", "clean", "deps"):
        result = run(["make", "-n", "--no-print-directory", target, "PKGS=no-such-library"],
                     cwd=REPO, check=False)
        assert result.returncode == 0, (target, result.stderr)


def test_a_compile_without_the_libraries_stops_with_what_to_do(tmp_path):
    result = run(["make", "-n", "--no-print-directory", f"BUILD={tmp_path}/b", "build",
                  "PKGS=no-such-library"], cwd=REPO, check=False)
    assert result.returncode != 0
    assert "pkg-config cannot find no-such-library; run `make deps`" in result.stderr


def test_the_targets_that_install_build_in_a_second_make():
    """run, up and test name deps alone as a prerequisite and build in a sub-make, so
    that even `make -j` compiles nothing before the packages are in."""
    rules = open(os.path.join(REPO, "Makefile"), encoding="utf-8").read()
    for target in ("run", "up", "test"):
        match = re.search(rf"^{target}:(.*)\n((?:\t.*\n)+)", rules, re.M)
        assert match, target
        assert match.group(1).split() == ["deps"], target
        assert "$(MAKE) --no-print-directory build" in match.group(2), target


# --- install-deps.sh waits for the apt lock ------------------------------------------

def stub_apt(tmp_path, failures, message):
    """Stand-ins: dpkg-query says wrk is missing; apt-get fails `failures` times with
    `message`, then succeeds; every call is logged."""
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    log = tmp_path / "calls"
    count = tmp_path / "count"
    count.write_text("0")
    (stubs / "dpkg-query").write_text(
        "#!/bin/sh\nfor a; do last=$a; done\n"
        "[ \"$last\" = wrk ] && { printf not-installed; exit 0; }\nprintf installed\n")
    (stubs / "apt-get").write_text(
        f"#!/bin/sh\necho \"$*\" >> {log}\nn=$(cat {count})\necho $((n + 1)) > {count}\n"
        f"if [ \"$n\" -lt {failures} ]; then echo '{message}' >&2; exit 100; fi\n"
        "echo done\n")
    for stub in stubs.iterdir():
        stub.chmod(0o755)
    env = dict(os.environ, PATH=f"{stubs}:{os.environ['PATH']}")
    return env, log


@pytest.mark.skipif(os.geteuid() != 0, reason="install-deps.sh uses sudo when not root")
def test_install_deps_waits_while_another_apt_holds_the_lock(tmp_path):
    env, log = stub_apt(tmp_path, 2, "E: Could not get lock /var/lib/apt/lists/lock. "
                                     "It is held by process 4242 (apt-get)")
    started = time.monotonic()
    result = run(["bash", os.path.join(REPO, "deploy", "install-deps.sh")], env=env,
                 check=False, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "holds the lock; waiting" in result.stderr
    calls = log.read_text().splitlines()
    # Two refused updates, the one that went through, then the install.
    assert [c.split()[2] for c in calls] == ["update", "update", "update", "install"]
    assert all(c.startswith("-o DPkg::Lock::Timeout=") for c in calls)
    assert calls[-1].endswith("wrk")
    assert time.monotonic() - started >= 4


@pytest.mark.skipif(os.geteuid() != 0, reason="install-deps.sh uses sudo when not root")
def test_install_deps_fails_at_once_on_anything_but_the_lock(tmp_path):
    env, log = stub_apt(tmp_path, 5, "E: Unable to locate package wrk")
    result = run(["bash", os.path.join(REPO, "deploy", "install-deps.sh")], env=env,
                 check=False, timeout=60)
    assert result.returncode == 100
    assert len(log.read_text().splitlines()) == 1


# --- default ports ---------------------------------------------------------------------

def test_default_postgresql_port_is_below_the_ephemeral_range():
    low = min(32768, ephemeral_low())
    stack = open(os.path.join(REPO, "deploy", "stack.sh"), encoding="utf-8").read()
    port = int(re.search(r"pg_port=\$\{SAFEGRID_PG_PORT:-(\d+)\}", stack).group(1))
    http = int(re.search(r"http_port=\$\{SAFEGRID_HTTP_PORT:-(\d+)\}", stack).group(1))
    assert port < low and http < low
    # safegridd's and safegridctl's default URLs and the documents say the same port.
    for path in ("fcgi/base/config.c", "fcgi/ctl/ctl.c", "README.md", "docs/operations.md"):
        text = open(os.path.join(REPO, path), encoding="utf-8").read()
        ports = {int(p) for p in re.findall(r"127\.0\.0\.1:(\d+)/safegrid", text)}
        assert ports == {port}, path
    readme = open(os.path.join(REPO, "README.md"), encoding="utf-8").read()
    assert f"| `SAFEGRID_PG_PORT` | `{port}` |" in readme


# --- .env stays out of git and out of images -------------------------------------------

def test_env_is_ignored_by_git_and_docker_but_its_example_is_not():
    assert run(["git", "check-ignore", "-q", ".env"], cwd=REPO, check=False).returncode == 0
    assert run(["git", "check-ignore", "-q", ".env.example"], cwd=REPO,
               check=False).returncode == 1
    patterns = open(os.path.join(REPO, ".dockerignore"), encoding="utf-8").read().split()
    assert ".env" in patterns


# --- Ctrl-C on `make run | tee log` ----------------------------------------------------

def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_ctrl_c_on_make_run_piped_through_tee_stops_everything():
    var = tempfile.mkdtemp(prefix="sg-ops-run-", dir="/tmp")
    os.chmod(var, 0o755)
    http_port, pg_port = free_port(), free_port()
    env = dict(os.environ, SAFEGRID_VAR=var, SAFEGRID_HTTP_PORT=str(http_port),
               SAFEGRID_PG_PORT=str(pg_port), SAFEGRID_HTTP_ADDR="127.0.0.1",
               SAFEGRID_WORKERS="1", SAFEGRID_SEED_DEMO="0", SAFEGRID_SHUTDOWN_GRACE="5")
    env.pop("SAFEGRID_BIN", None)
    log = os.path.join(var, "tee.log")
    # A session and process group of its own, as a terminal gives a pipeline: Ctrl-C
    # is SIGINT to every process of the group -- make, the stack script and tee alike.
    shell = subprocess.Popen(["bash", "-c", f"make --no-print-directory run | tee {log}"],
                             cwd=REPO, env=env, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pids = {}
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            text = open(log).read() if os.path.exists(log) else ""
            if "Press Ctrl-C to stop" in text:
                break
            assert shell.poll() is None, text
            time.sleep(0.5)
        else:
            pytest.fail("make run did not come up")
        run_dir = os.path.join(var, "run")
        pids = {
            "postgres": int(open(os.path.join(var, "pg", "postmaster.pid")).readline()),
            "safegridd": int(open(os.path.join(run_dir, "safegridd.pid")).readline()),
            "nginx": int(open(os.path.join(run_dir, "nginx.pid")).readline()),
        }
        assert all(alive(pid) for pid in pids.values())

        os.killpg(shell.pid, signal.SIGINT)
        # The stop's own bounds (deploy/stack.sh down): the jobs process 30 + 5 s, safegridd
        # its grace + 10 s, nginx 15 s, then PostgreSQL's fast shutdown; on a loaded machine
        # (the sanitized build, under CI) the whole can pass a minute without anything hung.
        try:
            shell.wait(timeout=150)
        except subprocess.TimeoutExpired:
            stop_log = os.path.join(var, "log", "stack-stop.log")
            # What of the pipeline's session still runs, and what each process waits in.
            still = subprocess.run(["ps", "-o", "pid,ppid,stat,etimes,wchan:20,args", "-s", str(shell.pid)],
                                   capture_output=True, text=True).stdout
            pytest.fail("make run did not stop within 150 s of Ctrl-C; stack-stop.log so far:\n"
                        + (open(stop_log).read() if os.path.exists(stop_log) else "(none)")
                        + "\nstill running in its session:\n" + still)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(alive(p) for p in pids.values()):
            time.sleep(0.2)
        assert {name for name, pid in pids.items() if alive(pid)} == set()
        stopped = open(os.path.join(var, "log", "stack-stop.log")).read()
        for name in ("nginx: stopped", "safegridd: stopped", "postgresql: stopped"):
            assert name in stopped
    finally:
        if shell.poll() is None:
            os.killpg(shell.pid, signal.SIGKILL)
        for pid in pids.values():
            if alive(pid):
                subprocess.run(["bash", os.path.join(REPO, "deploy", "stack.sh"), "down"],
                               env=env, capture_output=True)
                break
        subprocess.run(["rm", "-rf", var])
