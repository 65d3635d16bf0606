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
