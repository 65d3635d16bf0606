"""safegridctl migrate: order, the ledger, and refusing changed or missing files.

Runs against a throwaway database of the test cluster, with a copy of sql/.
"""
import os
import shutil
import subprocess
import uuid

import psycopg2
import pytest

BIN = os.environ.get("SAFEGRID_BIN", "build")
SUPER = os.environ["SAFEGRID_TEST_PG_URL"]
OWNER = os.environ["SAFEGRID_TEST_OWNER_URL"]
REPO_SQL = os.path.join(os.path.dirname(__file__), "..", "..", "sql")


@pytest.fixture
def scratch(tmp_path):
    """A new empty database owned by safegrid_owner, and a copy of sql/ to edit."""
    name = "migrate_" + uuid.uuid4().hex[:8]
    admin = psycopg2.connect(SUPER)
    admin.autocommit = True
    admin.cursor().execute(f'create database "{name}" owner safegrid_owner')
    sql = tmp_path / "sql"
    shutil.copytree(REPO_SQL, sql)
    yield name, sql
    admin.cursor().execute(f'drop database "{name}" with (force)')
    admin.close()


def owner_url(database):
    return OWNER.rsplit("/", 1)[0] + "/" + database


def migrate(database, sql_dir):
    env = dict(os.environ, DATABASE_OWNER_URL=owner_url(database), SAFEGRID_SQL_DIR=str(sql_dir))
    return subprocess.run([os.path.join(BIN, "safegridctl"), "migrate"], env=env,
                          capture_output=True, text=True)


def ledger(database):
    with psycopg2.connect(owner_url(database)) as conn, conn.cursor() as cur:
        cur.execute("select name, sha256 from schema_migration order by name")
        return cur.fetchall()


def test_applies_in_order_once_and_records_hashes(scratch):
    database, sql = scratch
    files = sorted(f for f in os.listdir(sql / "migrations") if f.endswith(".sql"))
    first = migrate(database, sql)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [f"applied {f}" for f in files]
    rows = ledger(database)
    assert [r[0] for r in rows] == files
    assert all(len(r[1]) == 64 for r in rows)
    again = migrate(database, sql)
    assert again.returncode == 0 and again.stdout.strip() == "database is up to date"
    assert ledger(database) == rows


def test_a_new_migration_is_applied_after_the_others(scratch):
    database, sql = scratch
    assert migrate(database, sql).returncode == 0
    (sql / "migrations" / "9999_extra.sql").write_text("create table extra_probe (id int);\n")
    result = migrate(database, sql)
    assert result.returncode == 0, result.stderr
    applied, vacuumed = result.stdout.splitlines()
    assert applied == "applied 9999_extra.sql"
    assert vacuumed.startswith("vacuumed and analyzed ") and vacuumed.endswith(" tables")
    assert ledger(database)[-1][0] == "9999_extra.sql"


def test_a_table_an_upgrade_rewrote_is_vacuumed_and_analyzed(scratch):
    # Adding a stored column writes the table anew: an empty visibility map
    # (index-only scans read the heap) and no statistics for the column.
    database, sql = scratch
    assert migrate(database, sql).returncode == 0
    (sql / "migrations" / "9998_probe.sql").write_text(
        "create table probe (g int primary key);\n"
        "insert into probe select g from generate_series(1, 20000) g;\n")
    assert migrate(database, sql).returncode == 0
    (sql / "migrations" / "9999_rewrite.sql").write_text(
        "alter table probe add column twice int generated always as (g * 2) stored;\n")
    result = migrate(database, sql)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout.splitlines()[0] == "applied 9999_rewrite.sql"
    with psycopg2.connect(owner_url(database)) as conn, conn.cursor() as cur:
        cur.execute("select relpages, relallvisible from pg_class where relname = 'probe'")
        pages, visible = cur.fetchone()
        assert pages > 10 and visible == pages
        cur.execute("select count(*) from pg_stats where tablename = 'probe' and attname = 'twice'")
        assert cur.fetchone()[0] == 1


def test_a_new_database_is_not_vacuumed(scratch):
    database, sql = scratch
    result = migrate(database, sql)
    assert result.returncode == 0 and "vacuum" not in result.stdout + result.stderr


def test_a_failing_migration_leaves_nothing_behind(scratch):
    database, sql = scratch
    assert migrate(database, sql).returncode == 0
    (sql / "migrations" / "9998_half.sql").write_text(
        "create table half_done (id int);\nselect no_such_function();\n")
    result = migrate(database, sql)
    assert result.returncode == 1 and "9998_half.sql failed" in result.stderr
    with psycopg2.connect(owner_url(database)) as conn, conn.cursor() as cur:
        cur.execute("select to_regclass('public.half_done')")
        assert cur.fetchone()[0] is None
    assert "9998_half.sql" not in [r[0] for r in ledger(database)]


def test_refuses_when_an_applied_file_changed(scratch):
    database, sql = scratch
    assert migrate(database, sql).returncode == 0
    first = sorted((sql / "migrations").iterdir())[0]
    first.write_text(first.read_text() + "\n-- edited after the fact\n")
    (sql / "migrations" / "9999_extra.sql").write_text("create table extra_probe (id int);\n")
    result = migrate(database, sql)
    assert result.returncode == 1
    assert f"{first.name} has changed since it was applied" in result.stderr
    assert "9999_extra.sql" not in [r[0] for r in ledger(database)]


def test_refuses_when_an_applied_file_is_missing(scratch):
    database, sql = scratch
    assert migrate(database, sql).returncode == 0
    last = sorted((sql / "migrations").iterdir())[-1]
    last.unlink()
    result = migrate(database, sql)
    assert result.returncode == 1 and f"applied migration {last.name} is missing" in result.stderr


def test_the_server_role_owns_nothing_and_cannot_bypass_rls(scratch):
    database, sql = scratch
    assert migrate(database, sql).returncode == 0
    url = SUPER.rsplit("/", 1)[0] + "/" + database
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("select rolbypassrls, rolsuper from pg_roles where rolname = 'safegrid_app'")
        assert cur.fetchone() == (False, False)
        cur.execute("""select count(*) from pg_class c join pg_roles r on r.oid = c.relowner
                        where r.rolname = 'safegrid_app'""")
        assert cur.fetchone()[0] == 0
        cur.execute("""select count(*) from pg_proc p join pg_roles r on r.oid = p.proowner
                        where r.rolname = 'safegrid_app'""")
        assert cur.fetchone()[0] == 0
