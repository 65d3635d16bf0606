"""Which routes of `safegridctl routes` the benchmark does not measure, and why.

Every run lists them (on the terminal and in docs/benchmarks.md), so a route that
lands without a row shows up at once; LEFT_OUT says why each kind is left out, and
a route no rule covers is listed as "no reason given" -- add a row to
endpoints.py or a rule here.
"""
import re
import subprocess

# (pattern over "METHOD /path" as safegridctl routes prints it, why it is not measured);
# the first that matches.
LEFT_OUT = [
    (r"GET /api/v1/health|GET /metrics",
     "an operator's probe, no heavier than ping (no session, one trivial query at most)"),
    (r"POST /api/v1/auth/logout",
     "once a session: one row deleted, after a session check like the session row's"),
    (r"POST /api/v1/auth/activate|POST /api/v1/public/login-applications",
     "once an enterprise login: its cost is the password hash, which the login row measures;"
     " the public form is rate-limited per address"),
    (r"POST /api/v1/enterprise-logins",
     "a batch of up to thousands of letters, a one-off per township: timed by"
     " tests/api/test_logins_scale.py (5,000 in one request, in the findings below)"),
    (r"(GET|POST|PATCH) /api/v1/enterprise-staff.*|(GET|POST) /api/v1/login-applications.*",
     "an enterprise administrator's or a clerk's occasional work on a handful of rows"),
    (r"POST /api/v1/notifications/read-all|POST /api/v1/notifications/\{id\}/read",
     "one user's own rows marked read: an update by key, lighter than a hazard transition"),
    (r"POST /api/v1/me/password",
     "rare; its cost is the password hash, which the login row measures"),
    (r"(POST|PATCH|DELETE) /api/v1/(townships|users|sectors|campaigns|groups|grid|checklists)\b.*",
     "an administrator's occasional write, not a request the county makes at volume"),
    (r"POST /api/v1/campaigns/\{id\}/groups.*|POST /api/v1/checklists/\{id\}/publish",
     "an administrator's occasional write, not a request the county makes at volume"),
    (r"POST /api/v1/enterprises/import",
     "a bulk import of up to 5,000 rows: a one-off, checked for what it stores by tests/api"),
    (r"POST .*/(attachment|attachments|photo)|POST /api/v1/inspections/\{id\}/results/\{item\}/attachments",
     "an upload of up to megabytes: measures the disk and the image check, not the database"),
    (r"GET /api/v1/attachments/\{id\}",
     "sends a stored file (a bytea read and its bytes); nginx-side, not a database cost"),
    (r"GET /api/v1/(townships|users|sectors|campaigns|groups|tasks|responsibility-letters|documents"
     r"|checklists|enterprises|supervision-orders|accountability)/\{id\}|GET /api/v1/grid/\{id\}"
     r"|GET /api/v1/campaigns/\{id\}/groups|GET /api/v1/enterprises/\{id\}/assignments"
     r"|GET /api/v1/grid/\{id\}/moves|GET /api/v1/hazards/\{id\}/attachments",
     "one record by its key under row-level security, the same work as the hazard detail row"),
    (r"GET /api/v1/inspections/\{id\}",
     "one record by its key (with its 43 items); the inspection list row reads the same rows"),
    (r"GET /api/v1/(townships|users|sectors|campaigns|audit|tasks|responsibility-letters.*|documents"
     r"|checklists|tips|supervision-orders|accountability|accountability-kinds)",
     "a list with the machinery of the measured lists (sqlbuf filters, keyset page, RLS) over"
     " tables far smaller than the hazards"),
    (r"(POST|PATCH) /api/v1/(tasks|responsibility-letters|documents|enterprises|supervision-orders"
     r"|accountability|accountability-kinds)\b.*|POST /api/v1/documents/\{id\}/acknowledge",
     "a write of the same shape as the measured ones (check, write, audit, answer) on a table"
     " written far less often than hazards and inspection results"),
    (r"PATCH /api/v1/hazards/\{id\}|POST /api/v1/hazards/\{id\}/extensions",
     "the same transaction as the transition row (check, update with its tallies, event, answer)"),
    (r"POST /api/v1/inspections|POST /api/v1/inspections/\{id\}/submit",
     "once an inspection; the result save row measures the write inspectors repeat"),
    (r"POST /api/v1/tips/\{id\}/(accept|dismiss)",
     "once a tip; accepting is a hazard registration, which the create row measures"),
    (r"POST /api/v1/reports/daily.*",
     "once a group a day"),
    (r"GET /api/v1/public/enterprises/\{token\}/notice.svg|GET /p/\{token\}/notice",
     "the printable gate notice: the public page's data (its row) drawn once as SVG, printed"
     " once a campaign"),
    (r"GET /p/tip.js|GET /api/v1/public/townships",
     "a static script, and the list of the county's township names: cheaper than the public"
     " page's row"),
    (r"POST /api/v1/public/tips.*|POST /p/\{token\}/tip",
     "a citizen's tip: a write of the measured shape, rate-limited per address and per"
     " enterprise (a few an hour), with a photo at most"),
    (r"GET /api/v1/exports/hazards\.(xlsx|csv)",
     "not a rate: timed once each, 100,000 rows, in the ledgers' table (bench.py measure_exports)"),
    (r"GET /api/v1/exports/(enterprises|inspections|supervision-orders)\.(xlsx|csv)",
     "the hazard ledger's writer and cursor over tables a township holds far fewer rows of"),
]


def routes(bin_dir):
    """[(method, pattern)] of `safegridctl routes`."""
    out = subprocess.run([f"{bin_dir}/safegridctl", "routes"], check=True, capture_output=True,
                         text=True).stdout
    return [tuple(line.split()[:2]) for line in out.splitlines() if line.strip()]


def _matches(pattern, path):
    regex = "^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(pattern)) + "$"
    return re.match(regex, path.split("?", 1)[0]) is not None


def unmeasured(bin_dir, endpoints):
    """[(route, reason or None)] for each route no endpoint sends a request to."""
    sent = {(method, path) for ep in endpoints for method, path, _ in ep.requests}
    left = []
    for method, pattern in routes(bin_dir):
        if any(m == method and _matches(pattern, p) for m, p in sent):
            continue
        route = f"{method} {pattern}"
        reason = next((why for rule, why in LEFT_OUT if re.fullmatch(rule, route)), None)
        left.append((route, reason))
    return left


def section(left):
    """The document's part: every route not measured and why."""
    lines = ["## Routes not measured", "",
             "Every route of `safegridctl routes` that no row above sends a request to, and why",
             "(tests/bench/left_out.py).", "",
             "| route | why it is not measured |", "|---|---|"]
    lines += [f"| `{route}` | {reason or '**no reason given**: add a row or a rule'} |"
              for route, reason in left]
    return "\n".join(lines)
