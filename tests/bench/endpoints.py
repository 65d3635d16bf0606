"""The measured endpoints: what wrk sends for each, and how the pgbench script of the
same transaction varies the same way.

An endpoint is a list of requests (method, path, body) -- wrk picks one at random
for each request ("random"), or sends each once ("once", for a write that uses up
its target) -- and the one request made while the SQL is captured. When the
requests vary (a hazard id, an inspection id), `vary` tells the pgbench script
generator (pgscript.py) which captured parameter value stands for the varying id
and how pgbench picks it:

  Choice(values, per_client)  one of the same ids the wrk requests use, at random;
                              per_client: client c only takes the ids at c, c+C,
                              c+2C, ... (C clients), so that no two clients lock the
                              same row at once (safegridd's 4 workers rarely do)
  Sequence(first, count)      consecutive ids, each used once across all clients
  Unique()                    a random number per transaction (a new session token)
"""
import datetime
import json
from dataclasses import dataclass, field

from fixtures import TOWNSHIP


@dataclass
class Choice:
    values: list
    per_client: bool = False


@dataclass
class Sequence:
    first: int
    count: int


@dataclass
class Unique:
    pass


@dataclass
class Endpoint:
    key: str                 # file names and the table's row id
    title: str               # the table's row
    requests: list           # [(method, path, body or None)]
    mode: str = "random"     # "random" or "once"
    capture: tuple = None    # the request whose SQL is captured (default: the first)
    vary: dict = field(default_factory=dict)   # captured parameter value -> Choice/Sequence/Unique
    write: bool = False
    signed_in: bool = True
    target: str = ""         # what the issue asks of it, shown with the result
    user: str = None         # who asks, when not fixtures.USER (a role's dashboard)

    @property
    def csrf(self):
        return self.signed_in and self.requests[0][0] not in ("GET", "HEAD")

    @property
    def json_body(self):
        return self.requests[0][2] is not None

    def capture_request(self):
        return self.capture or self.requests[0]


def transport():
    """The ceilings without a database: nginx alone, and nginx + FastCGI."""
    return [
        Endpoint("static", "static file (nginx: /index.html)", [("GET", "/index.html", None)],
                 signed_in=False),
        Endpoint("ping", "GET /api/v1/ping (FastCGI, no database)", [("GET", "/api/v1/ping", None)],
                 signed_in=False),
    ]


def reads(fx):
    hazard = fx.hazard_ids
    filters = (f"sector_id={fx.sector_id}&grid_node_id={fx.work_area_id}&overdue=true&limit=20")
    return [
        # No target of its own: the cheapest read a signed-in user can make (the session
        # check and the user's row), the ceiling of every authenticated read.
        Endpoint("me", "the session alone (GET /api/v1/me)", [("GET", "/api/v1/me", None)]),
        # Open = reported or rectifying (docs/openapi.yaml), newest first (the default sort).
        Endpoint("hazard_list", "hazard list: open, 20 newest (status=reported,rectifying)",
                 [("GET", "/api/v1/hazards?status=reported,rectifying&limit=20", None)],
                 target="list"),
        # One status travels as its own parameter and walks the hazard_status index.
        Endpoint("hazard_list_reported", "hazard list: status=reported, 20 newest",
                 [("GET", "/api/v1/hazards?status=reported&limit=20", None)], target="list"),
        Endpoint("hazard_list_filtered", "hazard list: sector + work-area subtree + overdue, 20 newest",
                 [("GET", f"/api/v1/hazards?{filters}", None)], target="list"),
        # The detail page is two requests: the hazard, and its timeline.
        Endpoint("hazard_detail", "hazard detail (GET /hazards/{id})",
                 [("GET", f"/api/v1/hazards/{i}", None) for i in hazard],
                 vary={str(hazard[0]): Choice(hazard)}, target="list"),
        Endpoint("hazard_events", "hazard events (GET /hazards/{id}/events)",
                 [("GET", f"/api/v1/hazards/{i}/events", None) for i in hazard],
                 vary={str(hazard[0]): Choice(hazard)}, target="list"),
        Endpoint("enterprise_search", f"enterprise search by name fragment (q={fx.search})",
                 [("GET", "/api/v1/enterprises?q=" + _quote(fx.search), None)], target="list"),
        Endpoint("grid_counts", "grid tree with counts (GET /grid?with=counts)",
                 [("GET", "/api/v1/grid?with=counts", None)], target="grid"),
        # No target of its own (the inspections issue came before the targets): the
        # township's inspections, 20 newest, each with its counts of results.
        Endpoint("inspection_list", "inspection list: 20 newest (GET /inspections)",
                 [("GET", "/api/v1/inspections?limit=20", None)]),
    ]


def oversight(fx):
    """Each role's dashboard and the daily report (issue 13): one request each, as
    the role that reads it; p95 under 50 ms, the county's under 100 ms."""
    town = TOWNSHIP
    return [
        Endpoint("dashboard_committee", "dashboard: committee (GET /dashboard)",
                 [("GET", "/api/v1/dashboard", None)], user=f"{town}.committee", target="p95:50"),
        Endpoint("dashboard_supervisor", "dashboard: supervisor (GET /dashboard)",
                 [("GET", "/api/v1/dashboard", None)], user=f"{town}.supervisor", target="p95:50"),
        Endpoint("dashboard_department", "dashboard: department (GET /dashboard)",
                 [("GET", "/api/v1/dashboard", None)], target="p95:50"),
        Endpoint("dashboard_enterprise", "dashboard: enterprise (GET /dashboard)",
                 [("GET", "/api/v1/dashboard", None)], user=f"{town}.ent1", target="p95:50"),
        Endpoint("dashboard_county", "dashboard: county, every township (GET /dashboard)",
                 [("GET", "/api/v1/dashboard", None)], user="bench.admin", target="p95:100"),
        Endpoint("daily_report", "daily report: today (GET /reports/daily)",
                 [("GET", "/api/v1/reports/daily", None)], user=f"{town}.committee", target="p95:50"),
        # No targets of their own: the bell's inbox, which every page of the portal
        # asks for, and the supervision group's orders.
        Endpoint("notifications", "notifications: my 20 newest (GET /notifications)",
                 [("GET", "/api/v1/notifications?limit=20", None)]),
        Endpoint("order_list", "supervision orders: 20 newest (GET /supervision-orders)",
                 [("GET", "/api/v1/supervision-orders?limit=20", None)], user=f"{town}.supervisor"),
    ]


def public(fx):
    """What a phone at the gate asks for, signed out: the enterprise's page as the
    portal's public view reads it (JSON) and as the QR code opens it (HTML)."""
    token = fx.public_token
    return [
        Endpoint("public_json", "public page data (GET /api/v1/public/enterprises/{token})",
                 [("GET", f"/api/v1/public/enterprises/{token}", None)], signed_in=False),
        Endpoint("public_page", "public page at the gate (GET /p/{token})",
                 [("GET", f"/p/{token}", None)], signed_in=False),
    ]


# The ledgers (issue 13): one export of EXPORT_ROWS hazards of one enterprise, in each
# format, timed alone after every other row; the targets: under 5 s, and no worker's peak
# RSS over 64 MB.
EXPORT_ROWS = 100_000
EXPORT_SECONDS = 5
EXPORT_RSS_MB = 64


def exports(fx):
    """(key, title, path) of each measured export: the hazard ledger of fx's enterprise."""
    return [(f"export_hazards_{fmt}", f"hazard ledger, {EXPORT_ROWS:,} rows (GET /exports/hazards.{fmt})",
             f"/api/v1/exports/hazards.{fmt}?enterprise_id={fx.enterprise_id}")
            for fmt in ("xlsx", "csv")]


def create(fx):
    # A year from today in the county's time zone: never a deadline already past.
    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    deadline = (datetime.datetime.now(shanghai).date() + datetime.timedelta(days=365)).isoformat()
    body = json.dumps({"enterprise_id": fx.enterprise_id, "description": "基准压测：消防通道堵塞",
                       "severity": "general", "mode": "deadline", "measure": "清理通道",
                       "deadline": deadline}, ensure_ascii=False)
    return Endpoint("hazard_create", "create a hazard (POST /hazards)",
                    [("POST", "/api/v1/hazards", body)], write=True, target="write")


def transition(http_first, http_count, pg_first, pg_count, capture_id):
    """start on hazards of the pools (fixtures.make_hazard_pool), each once."""
    def req(i):
        return ("POST", f"/api/v1/hazards/{i}/transitions",
                json.dumps({"action": "start", "version": 1}))
    return Endpoint("hazard_transition", "hazard transition: start (POST /hazards/{id}/transitions)",
                    [req(i) for i in range(http_first, http_first + http_count)], mode="once",
                    capture=req(capture_id), vary={str(capture_id): Sequence(pg_first, pg_count)},
                    write=True, target="write")


def result_save(fx):
    body = json.dumps({"result": "ok", "note": "基准压测：已检查"}, ensure_ascii=False)

    def req(i):
        return ("PUT", f"/api/v1/inspections/{i}/results/{fx.item_code}", body)
    return Endpoint("result_save", f"save one inspection result (PUT /inspections/{{id}}/results/{fx.item_code})",
                    [req(i) for i in fx.drafts],
                    vary={str(fx.drafts[0]): Choice(fx.drafts, per_client=True)}, write=True)


def login(password, username):
    body = json.dumps({"username": username, "password": password})
    # The session token's hash is the one value that must differ every time.
    return Endpoint("login", f"login (POST /auth/login as {username})",
                    [("POST", "/api/v1/auth/login", body)], write=True, signed_in=False,
                    vary={"<token hash>": Unique()})


def _quote(text):
    from urllib.parse import quote
    return quote(text, safe="")
