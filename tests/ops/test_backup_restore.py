"""deploy/backup.sh, deploy/restore.sh and deploy/migrate.sh against a real PostgreSQL:
a dump restored into an emptied cluster gives back every row and every attachment."""
import glob
import os
import shutil
import time

import pytest

from conftest import APP_PASSWORD, REPO, SUPER_PASSWORD, run, safegrid_cluster, snapshot

BACKUP = os.path.join(REPO, "deploy", "backup.sh")
RESTORE = os.path.join(REPO, "deploy", "restore.sh")
MIGRATE = os.path.join(REPO, "deploy", "migrate.sh")


@pytest.fixture(scope="module")
def cluster():
    yield from safegrid_cluster("sg-ops-backup-", seed=True)


def backup(cluster, directory, *args, keep=None, password=SUPER_PASSWORD):
    env = dict(cluster.pg_env(password), SAFEGRID_BACKUP_DIR=directory)
    if keep:
        env["SAFEGRID_BACKUP_KEEP"] = str(keep)
    return run(["bash", BACKUP, *args], env=env, check=False)


def test_backup_destroy_restore_gives_back_every_row_and_attachment(cluster, tmp_path):
    # Something of every kind the demo lacks: an attachment of our own.
    blob = os.urandom(4096)
    cluster.psql("insert into attachment_blob (township_id, sha256, content_type, size, bytes)"
                 " select id, encode(sha256(decode('" + blob.hex() + "', 'hex')), 'hex'),"
                 " 'image/png', 4096, decode('" + blob.hex() + "', 'hex')"
                 " from township where slug = 'bailin'", "safegrid")
    before = snapshot(cluster)
    attachments = cluster.psql("select count(*) || ' ' || md5(string_agg(sha256 || encode("
                               "sha256(bytes), 'hex'), ',' order by sha256, township_id))"
                               " from attachment_blob", "safegrid")
    assert int(before["public.hazard"].split()[0]) > 0
    assert int(attachments.split()[0]) >= 2

    made = backup(cluster, str(tmp_path))
    assert made.returncode == 0, made.stderr
    dumps = glob.glob(str(tmp_path / "safegrid-*-manual.dump"))
    assert len(dumps) == 1
    assert not glob.glob(str(tmp_path / ".*.partial"))

    # Destroyed: the database and the roles with it.
    cluster.psql("drop database safegrid with (force)")
    cluster.psql("drop owned by safegrid_app; drop role safegrid_app")
    restored = run(["bash", RESTORE, dumps[0]], env=cluster.pg_env(), check=False)
    assert restored.returncode == 0, restored.stderr

    assert snapshot(cluster) == before
    assert cluster.psql("select count(*) || ' ' || md5(string_agg(sha256 || encode("
                        "sha256(bytes), 'hex'), ',' order by sha256, township_id))"
                        " from attachment_blob", "safegrid") == attachments
    # The server's role is back with its grants; row-level security is still forced.
    assert cluster.psql("select has_table_privilege('safegrid_app', 'hazard', 'select')",
                        "safegrid") == "t"
    assert cluster.psql("select relforcerowsecurity from pg_class where relname = 'hazard'",
                        "safegrid") == "t"
    # The recreated role has no password: set it again, as operations.md says.
    cluster.psql(f"alter role safegrid_app password '{APP_PASSWORD}'")


def test_restore_refuses_a_database_that_holds_tables(cluster, tmp_path):
    assert backup(cluster, str(tmp_path)).returncode == 0
    dump = glob.glob(str(tmp_path / "*.dump"))[0]
    before = snapshot(cluster)
    refused = run(["bash", RESTORE, dump], env=cluster.pg_env(), check=False)
    assert refused.returncode == 1
    assert "restore only into an empty one" in refused.stderr
    assert snapshot(cluster) == before


def test_backups_keep_the_newest_of_their_tag(cluster, tmp_path):
    for _ in range(3):
        assert backup(cluster, str(tmp_path), keep=2).returncode == 0
        time.sleep(1.1)          # names carry the second
    assert backup(cluster, str(tmp_path), "--tag", "pre-upgrade", keep=2).returncode == 0
    manual = sorted(os.path.basename(p) for p in glob.glob(str(tmp_path / "*-manual.dump")))
    assert len(manual) == 2
    assert len(glob.glob(str(tmp_path / "*-pre-upgrade.dump"))) == 1
    assert open(tmp_path / ".last-status").read().startswith("ok ")


def test_a_failed_backup_leaves_no_dump_and_says_so(cluster, tmp_path):
    failed = backup(cluster, str(tmp_path), password="wrong-password-here")
    assert failed.returncode != 0
    assert glob.glob(str(tmp_path / "*.dump")) == []
    assert open(tmp_path / ".last-status").read().startswith("failed ")


def migrate_env(cluster, sql_dir, backups, password=SUPER_PASSWORD, database="safegrid"):
    env = dict(cluster.pg_env(password), SAFEGRID_BACKUP_DIR=str(backups),
               SAFEGRID_SQL_DIR=str(sql_dir), SAFEGRID_DB_NAME=database,
               SAFEGRID_CTL=os.path.join(os.environ.get("SAFEGRID_BIN", "build"), "safegridctl"),
               DATABASE_OWNER_URL=cluster.url("safegrid_owner", "Own@er:pass/w%rd?#1", database))
    env["SAFEGRID_CTL"] = os.path.join(os.path.abspath(os.environ.get("SAFEGRID_BIN") or
                                                       os.path.join(REPO, "build")), "safegridctl")
    return env


def test_an_upgrade_is_backed_up_before_its_migrations(cluster, tmp_path):
    sql = tmp_path / "sql"
    shutil.copytree(os.path.join(REPO, "sql"), sql)
    (sql / "migrations" / "9999_probe.sql").write_text("create table upgrade_probe (id int);\n")
    backups = tmp_path / "backups"
    result = run(["bash", MIGRATE], env=migrate_env(cluster, sql, backups), check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "backing up first" in result.stdout
    dumps = glob.glob(str(backups / "safegrid-*-pre-upgrade.dump"))
    assert len(dumps) == 1
    # The dump is of the database before the migration.
    listing = run(["pg_restore", "--list", dumps[0]]).stdout
    assert "upgrade_probe" not in listing and "TABLE public hazard" in listing
    assert cluster.psql("select to_regclass('public.upgrade_probe') is not null",
                        "safegrid") == "t"
    cluster.psql("drop table upgrade_probe; delete from schema_migration"
                 " where name = '9999_probe.sql'", "safegrid")


def test_an_upgrade_whose_backup_fails_migrates_nothing(cluster, tmp_path):
    sql = tmp_path / "sql"
    shutil.copytree(os.path.join(REPO, "sql"), sql)
    (sql / "migrations" / "9999_probe.sql").write_text("create table upgrade_probe (id int);\n")
    env = migrate_env(cluster, sql, tmp_path / "backups", password="wrong-password-here")
    result = run(["bash", MIGRATE], env=env, check=False)
    assert result.returncode == 1
    assert "nothing was migrated" in result.stderr
    assert cluster.psql("select to_regclass('public.upgrade_probe') is null", "safegrid") == "t"


def test_a_new_database_is_migrated_without_a_backup(cluster, tmp_path):
    cluster.psql("create database fresh_install owner safegrid_owner")
    try:
        backups = tmp_path / "backups"
        env = migrate_env(cluster, os.path.join(REPO, "sql"), backups, database="fresh_install")
        result = run(["bash", MIGRATE], env=env, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "new database" in result.stdout
        assert not glob.glob(str(backups / "*.dump"))
        again = run(["bash", MIGRATE], env=env, check=False)
        assert "database is up to date" in again.stdout
    finally:
        cluster.psql("drop database fresh_install with (force)")
