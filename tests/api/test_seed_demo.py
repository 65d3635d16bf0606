"""safegridctl seed-demo runs again whatever the county holds.

The README shows how to add a township and its first user with safegridctl; every later
`make run` seeds the demo again. Each test works in a throwaway database of the test
cluster, so the shared demo database is left as it is.
"""
import uuid

import pytest

from conftest import OWNER_URL, PG_URL, connect, safegridctl, superuser


@pytest.fixture
def scratch():
    """The owner URL of a new, migrated, empty database."""
    name = "seed_" + uuid.uuid4().hex[:8]
    admin = superuser()
    admin.cursor().execute(f'create database "{name}" owner safegrid_owner')
    url = OWNER_URL.rsplit("/", 1)[0] + "/" + name
    result = safegridctl("migrate", env={"DATABASE_OWNER_URL": url})
    assert result.returncode == 0, result.stderr
    yield url, PG_URL.rsplit("/", 1)[0] + "/" + name
    admin.cursor().execute(f'drop database "{name}" with (force)')
    admin.close()


def run(urls, *args, password=None):
    env = {"DATABASE_OWNER_URL": urls[0]}
    if password:
        env["SAFEGRID_PASSWORD"] = password
    return safegridctl(*args, env=env)


def count(urls, query, params=None):
    """A count read as the superuser, past row-level security."""
    conn = connect(urls[1])
    try:
        with conn.cursor() as cur:
            cur.execute(query, params)
            return cur.fetchone()[0]
    finally:
        conn.close()


def test_seeding_again_after_the_readmes_township_and_user(scratch):
    first = run(scratch, "seed-demo")
    assert first.returncode == 0, first.stderr
    users = count(scratch, "select count(*) from app_user")

    # The README's example, in the demo county: a township with no enterprise yet.
    made = run(scratch, "create-township", "--name", "测试镇", "--code", "371326199000",
               "--slug", "ceshi")
    assert made.returncode == 0, made.stderr
    made = run(scratch, "create-user", "--role", "committee", "--username", "ceshi.committee",
               "--name", "测试镇指挥部", "--township", "ceshi", password="a-long-password")
    assert made.returncode == 0, made.stderr

    again = run(scratch, "seed-demo")
    assert again.returncode == 0, again.stderr
    # The new township got no demo users, and nothing of the demo was made twice.
    assert count(scratch, "select count(*) from app_user") == users + 1
    assert count(scratch, "select count(*) from app_user u join township t"
                          " on t.id = u.township_id where t.slug = 'ceshi'") == 1
    assert count(scratch, "select count(*) from enterprise e join township t"
                          " on t.id = e.township_id where t.slug = 'ceshi'") == 0


def test_seeding_a_county_whose_townships_came_first(scratch):
    # The county and a township of it exist before the demo is ever loaded.
    made = run(scratch, "create-township", "--county", "平邑县", "--county-code", "371326",
               "--name", "温水镇", "--code", "371326107000", "--slug", "wenshui")
    assert made.returncode == 0, made.stderr
    for attempt in range(2):
        result = run(scratch, "seed-demo")
        assert result.returncode == 0, (attempt, result.stderr)
    assert count(scratch, "select count(*) from app_user where username like 'wenshui.%%'") == 0
    assert count(scratch, "select count(*) from app_user where username = 'bailin.ent1'") == 1

