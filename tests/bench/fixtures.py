"""What the measured requests need from the benchmark county, found or made before
anything is measured.

Everything is done as bench1.dept1, a department user of township bench1 (基准第1镇):
department users register hazards, move them, record inspections, and read the
township's hazards, enterprises and grid -- every endpoint of the benchmark.

Read from the database (as the superuser, which row-level security does not limit):
the township, a sector, a work area, the campaign, enterprises, a sample of hazard
ids, the checklist's first item. Made through the API: draft inspections to record
results on. Made in SQL: pools of fresh 'reported' hazards for the transition
benchmark, each moved once (see make_hazard_pool).
"""
import concurrent.futures
import json
from dataclasses import dataclass, field

import psycopg2
import psycopg2.sql

from api import Api, session_headers

TOWNSHIP = "bench1"
USER = "bench1.dept1"
DETAIL_SAMPLE = 256      # hazards the detail and events requests pick from


@dataclass
class Fixtures:
    token: str
    csrf: str
    user_id: int
    township_id: int
    sector_id: int
    work_area_id: int
    campaign_id: int
    enterprise_id: int               # where created hazards go
    search: str                      # the enterprise name fragment searched for
    hazard_ids: list                 # for detail and events
    item_code: str                   # the checklist item results are saved to
    public_token: str = ""           # the gate's token of the enterprise with most open hazards
    drafts: list = field(default_factory=list)   # draft inspection ids
    today: str = ""

    def headers(self, csrf=False, json_body=False):
        return session_headers(self.token, self.csrf if csrf else None, json_body)


# The enterprises the signed-in cadre is the active assigned cadre of (one
# parameter: the user's id).
COVERED = """join enterprise_assignment a on a.township_id = e.township_id
               and a.enterprise_id = e.id and a.ends_on is null and a.user_id = %s"""


def connect(pg_port, user="postgres"):
    conn = psycopg2.connect(host="127.0.0.1", port=pg_port, user=user, dbname="safegrid")
    conn.autocommit = True
    return conn


def one(conn, sql, *args):
    with conn.cursor() as cur:
        cur.execute(sql, args)
        row = cur.fetchone()
    if row is None:
        raise RuntimeError(f"fixture query found nothing: {sql}")
    return row if len(row) > 1 else row[0]


def gather(conn, api, password):
    """Signs in and reads the ids the requests use."""
    token, csrf, user_id = api.login(USER, password)
    town = one(conn, "select id from township where slug = %s", TOWNSHIP)
    # The sector with the most hazards in the township, so the filtered list has rows.
    sector = one(conn, """select sector_id from hazard where township_id = %s
                          group by sector_id order by count(*) desc, sector_id limit 1""", town)
    work_area = one(conn, """select id from grid_node where township_id = %s and level = 2
                             order by position, id limit 1""", town)
    campaign = one(conn, "select id from campaign where township_id = %s order by id limit 1", town)
    # The user is a department cadre: it writes at the enterprises it is the
    # assigned cadre (包扶干部) of, which its scope covers (migration 0015).
    enterprise = one(conn, f"""select e.id from enterprise e {COVERED}
                              where e.township_id = %s and e.status = 'operating'
                              order by e.id limit 1""", user_id, town)
    # A fragment of a real name that few names share: "基准纺织有限公司1234" gives
    # "纺织有限公司123" -- the search reads the township's enterprises to find them.
    name = one(conn, """select name from enterprise where township_id = %s
                        order by id offset (select count(*) / 2 from enterprise where township_id = %s)
                        limit 1""", town, town)
    search = name.removeprefix("基准")[:-1]
    with conn.cursor() as cur:
        cur.execute("""select id from hazard where township_id = %s
                       order by hashint8(id), id limit %s""", (town, DETAIL_SAMPLE))
        hazard_ids = [r[0] for r in cur.fetchall()]
    item = one(conn, """select i.code from checklist_item i join checklist c on c.id = i.checklist_id
                        join township t on t.county_id = c.county_id
                        where t.id = %s and c.code = 'township-registration' and c.status = 'published'
                        order by i.position, i.id limit 1""", town)
    today = one(conn, "select (now() at time zone 'Asia/Shanghai')::date::text")
    # The public page of the township's enterprise with the most open hazards (not the
    # one created hazards go to, whose count the write rows change): the costliest gate.
    public_token = one(conn, """select e.public_token from enterprise e
                                join hazard h on h.township_id = e.township_id and h.enterprise_id = e.id
                               where e.township_id = %s and e.id <> %s and e.public_token is not null
                                 and h.status <> 'closed'
                               group by e.id order by count(*) desc, e.id limit 1""", town, enterprise)
    return Fixtures(public_token=public_token, token=token, csrf=csrf, user_id=user_id, township_id=town, sector_id=sector,
                    work_area_id=work_area, campaign_id=campaign, enterprise_id=enterprise,
                    search=search, hazard_ids=hazard_ids, item_code=item, today=today)


def make_drafts(conn, api, fx, count):
    """Draft inspections through the API (POST /api/v1/inspections), over the
    township's enterprises, for the result-saving benchmark."""
    with conn.cursor() as cur:
        cur.execute(f"""select e.id from enterprise e {COVERED}
                        where e.township_id = %s and e.status = 'operating'
                        order by e.id limit %s""", (fx.user_id, fx.township_id, count))
        enterprises = [r[0] for r in cur.fetchall()]
    bodies = [json.dumps({"enterprise_id": enterprises[i % len(enterprises)],
                          "campaign_id": fx.campaign_id, "kind": "routine",
                          "inspected_on": fx.today, "note": "基准压测草稿"})
              for i in range(count)]
    headers = fx.headers(csrf=True, json_body=True)

    def create(body):
        return Api(api.base_url).expect("POST", "/api/v1/inspections", body, headers, (201,))["id"]

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        fx.drafts = sorted(pool.map(create, bodies))


def make_hazard_pool(conn, fx, count):
    """count fresh general hazards of the township, status reported, each with its
    report event, as one INSERT so that their ids are consecutive; returns the first
    id. A transition benchmark moves each of them once (start: reported ->
    rectifying). They are test fixtures, not requests: inserted in SQL with the
    audit and guard triggers off for this transaction, as sql/bench/seed.sql does,
    but the ones that keep the dashboards' tallies (0026) and the hazards' cards
    (0032) on, so that they still equal the rows. The triggers the migrations made
    ALWAYS are ALWAYS again afterwards (ENABLE TRIGGER USER leaves them ordinary)."""
    with conn.cursor() as cur:
        cur.execute("begin")
        cur.execute("select tgrelid::regclass::text, tgname from pg_trigger"
                    " where tgrelid in ('hazard'::regclass, 'hazard_event'::regclass) and tgenabled = 'A'")
        always = cur.fetchall()
        cur.execute("alter table hazard disable trigger user")
        cur.execute("alter table hazard enable always trigger hazard_tallies_insert")
        cur.execute("alter table hazard enable always trigger hazard_cards_insert")
        cur.execute("alter table hazard_event disable trigger user")
        cur.execute("""
            with made as (
              insert into hazard (township_id, enterprise_id, grid_node_id, sector_id, source,
                                  description, severity, mode, measure, deadline, created_by)
              select e.township_id, e.id, e.grid_node_id, e.sector_id, 'registration',
                     '基准压测待整改隐患' || g, 'general', 'deadline', '限期整改',
                     (now() at time zone 'Asia/Shanghai')::date + 30, %(user)s
                from generate_series(1, %(count)s) g
                join enterprise e on e.id = %(enterprise)s
               order by g
              returning id, township_id, created_by),
            events as (
              insert into hazard_event (township_id, hazard_id, action, from_status, to_status, actor_id)
              select township_id, id, 'report', null, 'reported', created_by from made)
            select min(id), max(id), count(*) from made""",
                    {"user": fx.user_id, "count": count, "enterprise": fx.enterprise_id})
        first, last, n = cur.fetchone()
        cur.execute("alter table hazard enable trigger user")
        cur.execute("alter table hazard_event enable trigger user")
        for table, trigger in always:
            cur.execute(psycopg2.sql.SQL("alter table {} enable always trigger {}").format(
                psycopg2.sql.Identifier(table), psycopg2.sql.Identifier(trigger)))
        cur.execute("commit")
    if n != count or last - first + 1 != count:
        raise RuntimeError(f"hazard pool ids are not consecutive: {first}..{last} for {n}")
    return first


def count_status(conn, first, count, status):
    """How many of the pool's hazards are in status."""
    return one(conn, "select count(*) from hazard where id >= %s and id < %s and status = %s",
               first, first + count, status)
