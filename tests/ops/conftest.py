"""Shared helpers for the operations tests (`make test-ops`, tests/run-ops.sh).

These tests start their own processes -- PostgreSQL clusters, safegridd, nginx,
PgBouncer -- on free ports of 127.0.0.1 below the kernel's ephemeral range, each under
a folder of its own in /tmp (reachable by the postgres and www-data accounts when the
tests run as root), and stop them by pid.
"""
import json
import os
import random
import shutil
import signal
import subprocess
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.abspath(os.environ.get("SAFEGRID_BIN") or os.path.join(REPO, "build"))
PG_BIN = "/usr/lib/postgresql/15/bin"

_taken = set()

# The tests stop what they start with SIGINT (Ctrl-C on `make run`) and SIGQUIT (nginx's
# graceful stop, through its entrypoint). A run started in the background of a shell
# without job control inherits both ignored, every child inherits that, and a shell
# script cannot trap a signal it was started with ignored: the tests would fail for how
# they were started. Every process the tests start gets them at their defaults.
signal.signal(signal.SIGQUIT, signal.SIG_DFL)
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


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


# --- PostgreSQL clusters of their own --------------------------------------------------

# Passwords with every character a URL gives meaning to, as county IT may choose them.
OWNER_PASSWORD = "Own@er:pass/w%rd?#1"
APP_PASSWORD = "app@host:5432/db?x=1&y#z"
SUPER_PASSWORD = "sup:er@pw/2026-密码"


def as_postgres(args, **kwargs):
    """Run args as the postgres account when root (PostgreSQL refuses root)."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
        kwargs.setdefault("cwd", "/")
    return run(args, **kwargs)


def shared_dir(prefix):
    """A new folder under /tmp that the postgres and www-data accounts can use."""
    import tempfile
    path = tempfile.mkdtemp(prefix=prefix, dir="/tmp")
    os.chmod(path, 0o755)
    return path


class Cluster:
    """A PostgreSQL 15 cluster on 127.0.0.1:port under root/: local socket trusted,
    TCP with SCRAM passwords; ready for streaming replication."""

    def __init__(self, root, port=None):
        self.root = root
        self.data = os.path.join(root, "data")
        self.sock = os.path.join(root, "sock")
        self.log = os.path.join(root, "postgresql.log")
        self.port = port or free_port()

    def chown(self, *paths):
        if os.geteuid() == 0:
            run(["chown", "-R", "postgres:postgres", *paths])

    def init(self):
        os.makedirs(self.sock, exist_ok=True)
        os.makedirs(self.data, mode=0o700, exist_ok=True)
        open(self.log, "a").close()
        self.chown(self.data, self.sock, self.log)
        as_postgres([f"{PG_BIN}/initdb", "-D", self.data, "-U", "postgres", "--encoding=UTF8",
                     "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256"])
        self.configure()
        with open(os.path.join(self.data, "pg_hba.conf"), "a") as f:
            f.write("host replication postgres 127.0.0.1/32 scram-sha-256\n")
        return self

    def configure(self):
        with open(os.path.join(self.data, "postgresql.auto.conf"), "a") as f:
            f.write(f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                    f"unix_socket_directories = '{self.sock}'\n"
                    "wal_level = replica\nmax_wal_senders = 4\nfsync = off\n")

    def start(self):
        as_postgres([f"{PG_BIN}/pg_ctl", "-w", "-t", "60", "-D", self.data, "-l", self.log,
                     "start"])
        return self

    def stop(self):
        as_postgres([f"{PG_BIN}/pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"],
                    check=False)

    def psql(self, sql, database="postgres"):
        """Run sql as postgres over the trusted socket; the output, unaligned."""
        return as_postgres(["psql", "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-h", self.sock,
                            "-p", str(self.port), "-U", "postgres", "-d", database,
                            "-c", sql]).stdout.strip()

    def url(self, user, password, database="safegrid"):
        from urllib.parse import quote
        return (f"postgresql://{quote(user, safe='')}:{quote(password, safe='')}"
                f"@127.0.0.1:{self.port}/{database}")

    def pg_env(self, password=SUPER_PASSWORD):
        """libpq's variables for the superuser over TCP, as the scripts get them."""
        return dict(os.environ, PGHOST="127.0.0.1", PGPORT=str(self.port), PGUSER="postgres",
                    PGPASSWORD=password)

    def safegrid(self, seed=True):
        """Roles with passwords, the database, the migrations and the demo county."""
        self.psql(f"alter role postgres password '{SUPER_PASSWORD}'")
        as_postgres(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.sock, "-p",
                     str(self.port), "-U", "postgres", "-d", "postgres", "-f",
                     os.path.join(REPO, "sql", "bootstrap.sql")])
        self.psql(f"alter role safegrid_owner password '{OWNER_PASSWORD}'")
        self.psql(f"alter role safegrid_app password '{APP_PASSWORD}'")
        self.psql("create database safegrid owner safegrid_owner")
        self.ctl("migrate")
        if seed:
            self.ctl("seed-demo")
        return self

    def ctl(self, *args, env=None):
        full = dict(os.environ, DATABASE_OWNER_URL=self.url("safegrid_owner", OWNER_PASSWORD),
                    SAFEGRID_SQL_DIR=os.path.join(REPO, "sql"),
                    SAFEGRID_DEMO_PASSWORD="safegrid-demo")
        full.update(env or {})
        return run([os.path.join(BIN, "safegridctl"), *args], env=full, cwd=REPO)


def safegrid_cluster(prefix, seed):
    """A module's cluster with safegrid migrated (and the demo county if seed), removed
    with its folder afterwards; for `yield from` in a fixture."""
    root = shared_dir(prefix)
    pg = Cluster(root).init().start()
    try:
        pg.safegrid(seed=seed)
        yield pg
    finally:
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)


def snapshot(cluster, database="safegrid"):
    """Every table's row count and a digest of all its rows, in a stable order."""
    tables = cluster.psql(
        "select format('%I.%I', n.nspname, c.relname) from pg_class c"
        " join pg_namespace n on n.oid = c.relnamespace"
        " where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')"
        " and n.nspname !~ '^pg_toast' order by 1", database).split()
    digests = {}
    for table in tables:
        digests[table] = cluster.psql(
            f"select count(*) || ' ' || coalesce(md5(string_agg(t::text, '|'"
            f" order by t::text)), '-') from {table} t", database)
    return digests


# --- safegridd and nginx as the containers run them ----------------------------------

def stop_process(proc, sig):
    """Stop a server started in a session of its own: sig, then its whole group killed
    if it has not gone within 15 seconds."""
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def wait_for(predicate, seconds=30, what="condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def tcp_open(port):
    out = subprocess.run(["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True)
    return out.stdout.strip() != ""


class Safegridd:
    def __init__(self, root, name, database_url, **env):
        self.port = free_port()
        self.log = os.path.join(root, f"{name}.log")
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "DATABASE_URL": database_url,
               "SAFEGRID_LISTEN": f"127.0.0.1:{self.port}", "SAFEGRID_WORKERS": "2",
               "SAFEGRID_SHUTDOWN_GRACE": "5", **env}
        self.proc = subprocess.Popen([os.path.join(BIN, "safegridd")], env=env, cwd=root,
                                     stdout=open(self.log, "ab"), stderr=subprocess.STDOUT,
                                     start_new_session=True)
        wait_for(lambda: tcp_open(self.port), what=f"safegridd {name}")

    def requests_logged(self):
        lines = []
        for line in open(self.log, encoding="utf-8", errors="replace"):
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("event") == "request":
                lines.append(entry)
        return lines

    def stop(self):
        """Stop it; fail if its log has a sanitizer's report (SAFEGRID_BIN=build-asan)."""
        stop_process(self.proc, signal.SIGTERM)
        text = open(self.log, encoding="utf-8", errors="replace").read()
        for pattern in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:"):
            assert pattern not in text, f"{self.log}: {pattern}"


class Nginx:
    """nginx as the web container starts it (deploy/docker/nginx-entrypoint.sh), in
    front of the given safegridd instances, over HTTPS with a certificate made here
    when tls, on free ports; extra keyword arguments are the entrypoint's settings."""

    def __init__(self, root, apps, tls=False, **settings):
        self.etc, self.var, web = (os.path.join(root, d) for d in ("etc", "var", "web"))
        os.makedirs(os.path.join(self.etc, "tls"))
        shutil.copy(os.path.join(REPO, "nginx", "safegrid.conf.template"),
                    os.path.join(self.etc, "nginx.conf.template"))
        shutil.copytree(os.path.join(REPO, "web"), web)
        run(["chmod", "-R", "a+rX", web])
        self.http_port, self.https_port = free_port(), free_port()
        if tls:
            run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                 "-subj", "/CN=127.0.0.1", "-keyout", os.path.join(self.etc, "tls", "privkey.pem"),
                 "-out", os.path.join(self.etc, "tls", "fullchain.pem")])
            settings.setdefault("SAFEGRID_PUBLIC_URL", f"https://127.0.0.1:{self.https_port}")
        env = dict(os.environ, SAFEGRID_NGINX_VAR=self.var, SAFEGRID_NGINX_ETC=self.etc,
                   SAFEGRID_NGINX_WEB=web, SAFEGRID_NGINX_HTTP_PORT=str(self.http_port),
                   SAFEGRID_NGINX_HTTPS_PORT=str(self.https_port), SAFEGRID_NGINX_USER="",
                   SAFEGRID_FCGI=",".join(f"127.0.0.1:{a.port}" for a in apps),
                   SAFEGRID_LOGIN_RATE="600r/m", SAFEGRID_LOGIN_BURST="50")
        env.update(settings)
        self.proc = subprocess.Popen(
            ["sh", os.path.join(REPO, "deploy", "docker", "nginx-entrypoint.sh")], env=env,
            start_new_session=True, stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(root, "nginx.out"), "ab"))
        port = self.https_port if tls else self.http_port
        wait_for(lambda: tcp_open(port) or self.proc.poll() is not None, what="nginx")
        assert self.proc.poll() is None, open(os.path.join(root, "nginx.out")).read()
        self.base = f"https://127.0.0.1:{self.https_port}" if tls else f"http://127.0.0.1:{port}"

    def stop(self):
        stop_process(self.proc, signal.SIGQUIT)
