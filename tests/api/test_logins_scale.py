"""Issuing logins at county scale: 5,000 enterprises of one township in one request.

The township is made for the test (the demo county has a few dozen
enterprises); its 5,000 enterprises are loaded as the superuser and removed
afterwards with their logins.  The county admin issues all of them at once as
one PDF of letters; the test checks what was stored and printed and writes
the time and the workers' peak memory to stdout (docs/benchmarks.md keeps a
run's figures), asserting only generous bounds: speed is the benchmark's to
measure, not a test's.
"""
import os
import random
import re
import time

import pytest

from conftest import signed_in, sql, sql_value

COUNT = 5000
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]
SLUG = "loginscale"


def credit_codes(n):
    """n distinct valid credit codes whose organization part is "LT"."""
    codes = set()
    while len(codes) < n:
        first17 = "91371326LT" + f"{random.randrange(10 ** 7):07d}"
        total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
        codes.add(first17 + ALPHABET[(31 - total % 31) % 31])
    return sorted(codes)


def remove():
    town = sql_value("select id from township where slug = %s", (SLUG,))
    if town is None:
        return
    sql("delete from session where user_id in (select id from app_user where township_id = %s)", (town,))
    sql("delete from activation_code where township_id = %s", (town,))
    sql("delete from app_user where township_id = %s", (town,))
    sql("delete from enterprise where township_id = %s", (town,))
    sql("delete from township where id = %s", (town,))


@pytest.fixture
def township(ids):
    remove()
    town = sql("insert into township (county_id, name, code, slug) values (%s, '发证测试镇', '371326990000', %s)"
               " returning id", (ids.county, SLUG))[0]["id"]
    sql("insert into enterprise (township_id, name, credit_code, sector_id, contact_phone)"
        " select %s, '批量发证企业' || n, code, %s, case when n %% 2 = 0 then '13900000000' end"
        "   from unnest(%s::text[]) with ordinality as c(code, n)",
        (town, ids.sector["industry"], credit_codes(COUNT)))
    yield town
    remove()


def worker_peaks():
    """Each safegridd process's peak resident memory (VmHWM), in kB, by pid."""
    peaks = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if not os.readlink(f"/proc/{pid}/exe").endswith("safegridd"):
                continue
            status = open(f"/proc/{pid}/status", encoding="ascii").read()
        except OSError:
            continue
        peaks[int(pid)] = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))
    return peaks


def test_logins_for_5000_enterprises_in_one_request(township):
    admin = signed_in("admin")
    before = worker_peaks()
    started = time.monotonic()
    r = admin.post("/api/v1/enterprise-logins", json={"township_id": township, "without_login": True},
                   timeout=300)
    seconds = time.monotonic() - started
    assert r.status_code == 200, r.text[:500]
    after = worker_peaks()
    assert r.headers["X-Logins-Issued"] == str(COUNT)
    pdf = r.content
    assert len(re.findall(rb"/Type /Page\b", pdf)) == COUNT
    assert len(re.findall(rb"%qr end", pdf)) == COUNT
    stored = sql("select count(distinct u.id) as users, count(c.user_id) as codes,"
                 "       count(*) filter (where u.enterprise_admin) as admins"
                 "  from app_user u left join activation_code c on c.user_id = u.id"
                 " where u.township_id = %s", (township,))[0]
    assert stored == {"users": COUNT, "codes": COUNT, "admins": COUNT}
    grown = max((after[p] - before.get(p, 0) for p in after), default=0)
    peak = max(after.values(), default=0)
    print(f"\n5000 logins: {seconds:.1f} s, PDF {len(pdf) / 1e6:.1f} MB, "
          f"worker peak RSS {peak / 1024:.0f} MB (grew {grown / 1024:.0f} MB)")
    assert seconds < 240
    assert peak < 1024 * 1024, "a worker's peak memory passed 1 GB"
