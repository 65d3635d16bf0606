/*
 * enterprise.c -- the enterprise register: search, registration, edits and
 * the CSV import.
 *
 * Row-level security decides who sees which enterprises (an enterprise user:
 * its own; the township's staff: the township's; a county admin: the
 * county's) and lets only the township's committee write.  This file checks
 * what the database would only refuse without saying why: the credit code's
 * check character, the sector and the grid node.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/creditcode.h"
#include "input/csv.h"
#include "db/db.h"
#include "api/enterprise.h"
#include "api/handlers.h"
#include "server/http.h"
#include "input/json.h"
#include "server/list.h"
#include "db/sqlbuf.h"
#include "api/export.h"

static const char *const statuses[] = {"operating", "suspended", "closed", "unlicensed", NULL};
static const char *const risk_levels[] = {"red", "orange", "yellow", "blue", NULL};
/* "none": enterprises not rated yet. */
static const char *const risk_filters[] = {"red", "orange", "yellow", "blue", "none", NULL};

/* The list's filters, which its ledger (export) takes too. */
#define ENTERPRISE_FILTER_FIELDS \
	{"q", FIELD_STRING, 0, 1, 50, NULL, NULL, NULL}, \
	{"sector_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL}, \
	{"grid_node_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL}, \
	{"status", FIELD_ENUM, 0, 0, 0, statuses, NULL, NULL}, \
	{"risk_level", FIELD_ENUM, 0, 0, 0, risk_filters, NULL, NULL}, \
	{"cadre_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL}, \
	{"has_cadre", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL}, \
	{"mine", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL}, \
	{"inspected", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL}, \
	{"township_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL}

const struct field enterprise_list_query[] = {
	ENTERPRISE_FILTER_FIELDS,
	LIST_FIELDS,
	FIELDS_END,
};

const struct field enterprise_export_query[] = {
	ENTERPRISE_FILTER_FIELDS,
	FIELDS_END,
};

/* The fields that create and update share, and that both may leave out. */
#define ENTERPRISE_OPTIONAL_FIELDS \
	{"grid_node_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL}, \
	{"address", FIELD_STRING, FIELD_NULLABLE, 0, 200, NULL, NULL, NULL}, \
	{"legal_representative", FIELD_STRING, FIELD_NULLABLE, 0, 50, NULL, NULL, NULL}, \
	{"contact_name", FIELD_STRING, FIELD_NULLABLE, 0, 50, NULL, NULL, NULL}, \
	{"contact_phone", FIELD_STRING, FIELD_NULLABLE, 0, 20, NULL, field_phone, NULL}, \
	{"status", FIELD_ENUM, 0, 0, 0, statuses, NULL, NULL}, \
	{"risk_level", FIELD_ENUM, FIELD_NULLABLE, 0, 0, risk_levels, NULL, NULL}

const struct field enterprise_create_body[] = {
	{"credit_code", FIELD_STRING, FIELD_REQUIRED, CREDITCODE_LENGTH, CREDITCODE_LENGTH, NULL, field_credit_code, NULL},
	{"name", FIELD_STRING, FIELD_REQUIRED, 1, 100, NULL, NULL, NULL},
	{"sector_id", FIELD_ID, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	ENTERPRISE_OPTIONAL_FIELDS,
	FIELDS_END,
};

const struct field enterprise_update_body[] = {
	FIELD_VERSION("version"),
	{"credit_code", FIELD_STRING, 0, CREDITCODE_LENGTH, CREDITCODE_LENGTH, NULL, field_credit_code, NULL},
	{"name", FIELD_STRING, 0, 1, 100, NULL, NULL, NULL},
	{"sector_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	ENTERPRISE_OPTIONAL_FIELDS,
	FIELDS_END,
};

/* An enterprise's (alias e) cadres now: app.assigned_cadre (0044) says which assignments count. */
#define ACTIVE_ASSIGNMENTS "app.assigned_cadre a"
#define OF_THE_ENTERPRISE " a.enterprise_id = e.id"

/* The enterprise's (alias e) assignments now, whoever the cadre. */
#define ENTERPRISE_HAS_CADRE                                                        \
	"select 1 from " ACTIVE_ASSIGNMENTS " where" OF_THE_ENTERPRISE                   \
	" and a.township_id = e.township_id"

/* The enterprise (alias e) has user USER as an assigned cadre now. */
#define ENTERPRISE_CADRE(USER) " and " SQLBUF_ASSIGNED_CADRE("e.township_id", "e.id", USER)

/*
 * How the API shows an enterprise (alias e): a row named "item" whose
 * columns are its members; to_json(item) is the enterprise (a row, as a
 * hazard is: hazard.c says why).  Its cadres are the array the writes keep
 * (0043, where what it holds is defined), [] when it has none or the caller
 * reads no assignment.
 */
#define ENTERPRISE_ITEM                                                                   \
	" cross join lateral (select"                                                        \
	"  e.id, e.township_id, e.credit_code, e.name, e.sector_id, e.grid_node_id,"         \
	"  e.address, e.legal_representative, e.contact_name, e.contact_phone,"             \
	"  e.status, e.risk_level,"                                                          \
	"  case when (select app.role()) = 'committee' then e.public_token end as public_token," \
	"  coalesce((select k.json from enterprise_cadres k where k.enterprise_id = e.id),"  \
	"           '[]') as cadres,"                                                        \
	"  e.version, e.created_at, e.updated_at) item"

DB_STMT(stmt_get,
	"select to_json(item) from enterprise e" ENTERPRISE_ITEM " where e.id = $1::bigint");

DB_STMT(stmt_version,
	"select version from enterprise where id = $1::bigint");

/* Whether a sector and a grid node (either may be null: not asked) may be used. */
DB_STMT(stmt_references,
	"select $1::bigint is null or exists (select 1 from sector s where s.id = $1::bigint"
	"                                      and s.county_id = app.county_id() and s.retired_at is null),"
	"       $2::bigint is null or exists (select 1 from grid_node g where g.id = $2::bigint"
	"                                      and g.township_id = app.township_id() and g.level in (2, 3))");

/* Create and update answer with the row as the API shows it. */
DB_STMT(stmt_create,
	"with e as ("
	"  insert into enterprise (township_id, credit_code, name, sector_id, grid_node_id, address,"
	"                          legal_representative, contact_name, contact_phone, status, risk_level)"
	"  select app.township_id(), b->>'credit_code', b->>'name', (b->>'sector_id')::bigint,"
	"         (b->>'grid_node_id')::bigint, nullif(b->>'address', ''),"
	"         nullif(b->>'legal_representative', ''), nullif(b->>'contact_name', ''),"
	"         nullif(b->>'contact_phone', ''), coalesce(b->>'status', 'operating'), b->>'risk_level'"
	"    from (select $1::jsonb as b) body returning *)"
	"select to_json(item) from e" ENTERPRISE_ITEM);

DB_STMT(stmt_update,
	"with e as ("
	"  update enterprise x set"
	"    credit_code = case when b ? 'credit_code' then b->>'credit_code' else credit_code end,"
	"    name = case when b ? 'name' then b->>'name' else name end,"
	"    sector_id = case when b ? 'sector_id' then (b->>'sector_id')::bigint else sector_id end,"
	"    grid_node_id = case when b ? 'grid_node_id' then (b->>'grid_node_id')::bigint else grid_node_id end,"
	"    address = case when b ? 'address' then nullif(b->>'address', '') else address end,"
	"    legal_representative = case when b ? 'legal_representative'"
	"                                then nullif(b->>'legal_representative', '') else legal_representative end,"
	"    contact_name = case when b ? 'contact_name' then nullif(b->>'contact_name', '') else contact_name end,"
	"    contact_phone = case when b ? 'contact_phone' then nullif(b->>'contact_phone', '') else contact_phone end,"
	"    status = case when b ? 'status' then b->>'status' else status end,"
	"    risk_level = case when b ? 'risk_level' then b->>'risk_level' else risk_level end"
	"    from (select $2::jsonb as b) body"
	"   where x.id = $1::bigint and x.version = $3::int returning x.*)"
	"select to_json(item) from e" ENTERPRISE_ITEM);

/*
 * The body's sector and grid node, checked (the credit code and the phone
 * are the fields' own validators): 0 if fine, else the number of 422
 * details added, or -1 with *e set for a database error.
 */
static int check_body(struct request *req, enum err *e)
{
	const char *params[2] = {request_text(req, "sector_id"), request_text(req, "grid_node_id")};
	PGresult *res;
	int problems = 0;

	if (params[0] == NULL && params[1] == NULL)
		return problems;
	if ((*e = db_query(req->db, &stmt_references, &res, 2, params)) != ERR_NONE)
		return -1;
	if (PQgetvalue(res, 0, 0)[0] != 't') {
		json_detail_add(request_details(req), "sector_id", "not_found",
		                "is not an active sector of the county");
		problems++;
	}
	if (PQgetvalue(res, 0, 1)[0] != 't') {
		json_detail_add(request_details(req), "grid_node_id", "not_found",
		                "is not a work area, department or village of the township's grid");
		problems++;
	}
	PQclear(res);
	return problems;
}

/* The list's filters that are one fragment each (the rest are in enterprise_list). */
static const struct sqlbuf_filter enterprise_filters[] = {
	SQLBUF_FILTER("sector_id", " and e.sector_id = $?::bigint"),
	SQLBUF_FILTER("grid_node_id", " and e.grid_node_id = any (" SQLBUF_GRID_SUBTREE("$?::bigint") ")"),
	SQLBUF_FILTER("status", " and e.status = $?"),
	SQLBUF_FILTER("cadre_id", ENTERPRISE_CADRE("$?::bigint")),
	/* with a submitted inspection, as the county's dashboard counts them (inspected_enterprise, 0026) */
	SQLBUF_FILTER("inspected", " and exists (select 1 from inspected_enterprise x"
	                           "              where x.township_id = e.township_id and x.enterprise_id = e.id"
	                           "                and x.inspections > 0) = $?::boolean"),
	SQLBUF_FILTER("township_id", " and e.township_id = $?::bigint"),
	SQLBUF_FILTERS_END,
};

/* The enterprises (alias e) that the request's filters name, as a WHERE clause; what the list and its ledger share. */
static void enterprise_where(const struct request *req, struct sqlbuf *sql)
{
	const char *value, *q = request_text(req, "q");

	if (req->who.township_id)
		sqlbuf_add(sql, " where e.township_id = app.township_id()");
	else
		sqlbuf_add(sql, " where true");
	/*
	 * A search reads the caller's enterprises: under row-level security a
	 * trigram index of the names is out of reach (LIKE is not leakproof),
	 * and common trigrams (有限公司) match most names anyway.  strpos is the
	 * cheapest test of a fragment, and it runs only on the names whose
	 * mask of pairs of characters holds the fragment's (0045); the CASE
	 * keeps that order, which PostgreSQL would choose by cost otherwise.
	 * The codes are looked at only when the fragment, its ASCII letters
	 * upper-cased, could begin one: a fragment of a Chinese name costs one
	 * test a row, not two.
	 */
	if (q) {
		char code[CREDITCODE_LENGTH + 1];
		size_t len = strlen(q);

		sqlbuf_bind(sql, " and (case when (e.name_pairs | (select m.mask from app.pairs_mask($?) m))"
		                 " = e.name_pairs", q);
		sqlbuf_bind(sql, " then strpos(e.name, $?) > 0 else false end", q);
		if (len <= CREDITCODE_LENGTH) {
			for (size_t i = 0; i < len; i++)
				code[i] = q[i] >= 'a' && q[i] <= 'z' ? (char)(q[i] - 'a' + 'A') : q[i];
			code[len] = '\0';
			if (creditcode_prefix(code, len))
				sqlbuf_bind(sql, " or starts_with(e.credit_code, $?)", code);
		}
		sqlbuf_add(sql, ")");
	}
	list_filters(sql, enterprise_filters, req);
	if ((value = request_text(req, "risk_level")) && strcmp(value, "none") == 0)
		sqlbuf_add(sql, " and e.risk_level is null");
	else if (value)
		sqlbuf_bind(sql, " and e.risk_level = $?", value);
	if (request_true(req, "mine"))
		sqlbuf_add(sql, ENTERPRISE_CADRE("app.user_id()"));
	if (request_true(req, "has_cadre"))
		sqlbuf_add(sql, " and exists (" ENTERPRISE_HAS_CADRE ")");
	else if (request_sent(req, "has_cadre"))
		sqlbuf_add(sql, " and not exists (" ENTERPRISE_HAS_CADRE ")");
}

/*
 * GET /api/v1/enterprises -- 200 {"items", "next_cursor"}; q (name fragment
 * or code prefix), sector_id, grid_node_id (with the nodes below), status,
 * risk_level (or "none"), cadre_id, has_cadre (false: no cadre assigned),
 * mine=true (the caller's assigned enterprises), inspected (with a submitted
 * inspection), township_id; 422 for a bad filter or cursor.
 */
void enterprise_list_sql(const struct request *req, const struct list_page *page, struct sqlbuf *sql)
{
	/*
	 * The page's ids first, then their JSON: the ids of a search can come
	 * from an index-only scan of the township's part of enterprise_list
	 * (0012), which carries the name and the code; only the rows shown are
	 * read whole.
	 */
	sqlbuf_add(sql, "with hit as (select e.id from enterprise e");
	enterprise_where(req, sql);
	if (page->cursor)
		sqlbuf_bind(sql, " and e.id > $?::bigint", page->cursor);
	sqlbuf_bind(sql, " order by e.id limit $?::int + 1),"
	                 " page as (select e.id, to_json(item) as json"
	                 "            from hit join enterprise e on e.id = hit.id" ENTERPRISE_ITEM ")"
	                 LIST_PAGE_ANSWER("$?", ""), page->limit_text);
}

enum err enterprise_list(struct request *req)
{
	return list_answer_shaped(req, enterprise_list_sql);
}

/* ---------------------------------------------------------------------------
 * The ledger (企业台账): the list's filters and order, every matching row
 * ------------------------------------------------------------------------- */

static const struct public_label status_labels[] = {
	{"operating", "正常经营"}, {"suspended", "停产停业"}, {"closed", "已关闭"}, {"unlicensed", "无证经营"},
	{NULL, NULL},
};
static const struct public_label risk_labels[] = {
	{"red", "重大风险（红）"}, {"orange", "较大风险（橙）"}, {"yellow", "一般风险（黄）"},
	{"blue", "低风险（蓝）"}, {NULL, NULL},
};

static const struct export_column enterprise_columns[] = {
	{"企业编号", EXPORT_NUMBER, 10, NULL},
	{"企业名称", EXPORT_TEXT, 30, NULL},
	{"统一社会信用代码", EXPORT_TEXT, 22, NULL},
	{"领域", EXPORT_TEXT, 16, NULL},
	{"网格", EXPORT_TEXT, 14, NULL},
	{"地址", EXPORT_TEXT, 30, NULL},
	{"法定代表人", EXPORT_TEXT, 12, NULL},
	{"联系人", EXPORT_TEXT, 12, NULL},
	{"联系电话", EXPORT_TEXT, 15, NULL},
	{"经营状态", EXPORT_LABEL, 10, status_labels},
	{"风险等级", EXPORT_LABEL, 14, risk_labels},
	{"包扶干部", EXPORT_TEXT, 16, NULL},
	{"录入时间", EXPORT_TIME, 17, NULL},
	{NULL, 0, 0, NULL},
};

static enum err enterprise_ledger_rows(struct request *req, struct sqlbuf *sql, char scratch[EXPORT_SCRATCH])
{
	sqlbuf_add(sql, "select e.id, e.name, e.credit_code, s.name, g.name, e.address, e.legal_representative, e.contact_name, e.contact_phone, e.status, e.risk_level,"
	                " (select string_agg(distinct u.display_name, '、') from " ACTIVE_ASSIGNMENTS
	                "   join app_user u on u.id = a.user_id where" OF_THE_ENTERPRISE
	                "    and a.township_id = e.township_id),"
	                " to_char(e.created_at, 'YYYY-MM-DD HH24:MI:SS')"
	                " from enterprise e left join sector s on s.id = e.sector_id"
	                " left join grid_node g on g.township_id = e.township_id and g.id = e.grid_node_id");
	(void)scratch;
	enterprise_where(req, sql);
	sqlbuf_add(sql, " order by e.id");
	return ERR_NONE;
}

static const struct export_ledger enterprise_ledger = {"enterprises", "企业台账", enterprise_columns,
                                                       enterprise_ledger_rows};

/*
 * GET /api/v1/exports/enterprises.xlsx and .csv -- 200 the enterprises the
 * list would show with the same filters, every one, as the ledger (企业台账);
 * 422 for a bad filter.
 */
enum err enterprise_export(struct request *req)
{
	return export_answer(req, &enterprise_ledger);
}

/* GET /api/v1/enterprises/{id} -- 200 with its active cadres; 404 if not visible to the caller. */
enum err enterprise_get(struct request *req)
{
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}

/*
 * POST /api/v1/enterprises -- 201 the enterprise; 409 for a credit code
 * registered in the township already; 422 for invalid fields (a wrong
 * credit code, a retired or unknown sector, a grid node that is not a level
 * 2 or 3 node of the township).
 */
enum err enterprise_create(struct request *req)
{
	const char *params[1] = {request_body_text(req)};
	enum err e = ERR_NONE;
	PGresult *res;
	int problems;

	if ((problems = check_body(req, &e)) != 0)
		return problems < 0 ? e : ERR_VALIDATION;
	if ((e = db_query(req->db, &stmt_create, &res, 1, params)) != ERR_NONE)
		return e;
	request_reply_result(req, res, 201);
	return ERR_NONE;
}

/*
 * PATCH /api/v1/enterprises/{id} {"version", ...} -- 200 the enterprise;
 * 404 if not visible; 409 for a stale version or a credit code in use; 422
 * for invalid fields.
 */
enum err enterprise_update(struct request *req)
{
	const char *params[3];
	enum err e = ERR_NONE;
	PGresult *res;
	int problems, found;

	params[0] = req->params[0];
	if ((e = db_query(req->db, &stmt_version, &res, 1, params)) != ERR_NONE)
		return e;
	found = PQntuples(res) == 1;
	e = found ? request_version_matches(req, atoll(PQgetvalue(res, 0, 0))) : ERR_NOT_FOUND;
	PQclear(res);
	if (e != ERR_NONE)
		return e;
	if ((problems = check_body(req, &e)) != 0)
		return problems < 0 ? e : ERR_VALIDATION;
	params[1] = request_body_text(req);
	params[2] = request_version(req);
	if ((e = db_query(req->db, &stmt_update, &res, 3, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		/* Visible and current a moment ago: changed meanwhile. */
		PQclear(res);
		return ERR_STALE_VERSION;
	}
	request_reply_result(req, res, 200);
	return ERR_NONE;
}

/* ------------------------------------------------------------------------
 * The CSV import
 * ------------------------------------------------------------------------ */

/*
 * The file's columns, in the order of its header row: the field of POST
 * /enterprises each fills (whether it is required), and the field whose
 * rules check its text -- the same field, or for the sector and the grid
 * node, which a file names, the name of POST /sectors and POST /grid.
 */
static const struct import_column {
	const char *header;
	const char *fills;                 /* in enterprise_create_body */
	const struct field *text_table;    /* NULL: enterprise_create_body */
	const char *text_field;            /* NULL: fills */
} import_columns[] = {
	{"统一社会信用代码", "credit_code", NULL, NULL},
	{"企业名称", "name", NULL, NULL},
	{"行业领域", "sector_id", sector_create_body, "name"},
	{"所属网格", "grid_node_id", grid_create_body, "name"},
	{"地址", "address", NULL, NULL},
	{"法定代表人", "legal_representative", NULL, NULL},
	{"安全负责人", "contact_name", NULL, NULL},
	{"联系电话", "contact_phone", NULL, NULL},
};
_Static_assert(sizeof(import_columns) / sizeof(import_columns[0]) == ENTERPRISE_IMPORT_COLUMNS,
               "a header for every column");
#define IMPORT_COLUMNS ENTERPRISE_IMPORT_COLUMNS
#define IMPORT_HEADER ENTERPRISE_IMPORT_HEADER
#define IMPORT_MAX_ROWS ENTERPRISE_IMPORT_MAX_ROWS
#define IMPORT_MAX_DETAILS ENTERPRISE_IMPORT_MAX_DETAILS

/*
 * The rows travel as one JSON array of arrays
 * [line, code, name, sector, grid, address, legal, contact, phone].
 */
#define IMPORT_ROWS                                                                 \
	"rows as (select (x->>0)::int as line, x->>1 as credit_code, x->>2 as name,"    \
	"                x->>3 as sector, x->>4 as grid, x->>5 as address, x->>6 as legal," \
	"                x->>7 as contact, x->>8 as phone"                                \
	"           from jsonb_array_elements($1::jsonb) x)"

/*
 * What only the database can tell: unknown sectors and grid nodes, grid
 * names that several nodes share, codes registered already or repeated in
 * the file.  Rows (line, column index, code, message) in line order.
 */
DB_STMT(stmt_import_check,
	"with " IMPORT_ROWS ","
	" grid as (select g.name, count(*) as n from grid_node g"
	"           where g.township_id = app.township_id() and g.level in (2, 3) group by g.name)"
	"select line, col, code, message from ("
	"  select r.line, 2 as col, 'not_found' as code, 'no active sector of the county has this name' as message"
	"    from rows r where r.sector <> '' and not exists ("
	"      select 1 from sector s where s.county_id = app.county_id() and s.name = r.sector"
	"         and s.retired_at is null)"
	"  union all"
	"  select r.line, 3, 'not_found', 'no work area, department or village of the township has this name'"
	"    from rows r where r.grid <> '' and not exists (select 1 from grid where grid.name = r.grid)"
	"  union all"
	"  select r.line, 3, 'ambiguous', format('%s grid nodes of the township have this name', grid.n)"
	"    from rows r join grid on grid.name = r.grid where grid.n > 1"
	"  union all"
	"  select r.line, 0, 'duplicate', 'is registered in the township already'"
	"    from rows r where exists (select 1 from enterprise e where e.township_id = app.township_id()"
	"                                 and e.credit_code = r.credit_code)"
	"  union all"
	"  select d.line, 0, 'duplicate', format('is the same as on line %s', d.first)"
	"    from (select r.line, min(r.line) over (partition by r.credit_code) as first"
	"            from rows r where r.credit_code <> '') d where d.line > d.first"
	") problems order by line, col");

DB_STMT(stmt_import_insert,
	"with " IMPORT_ROWS ","
	" added as ("
	"  insert into enterprise (township_id, credit_code, name, sector_id, grid_node_id, address,"
	"                          legal_representative, contact_name, contact_phone)"
	"  select app.township_id(), r.credit_code, r.name, s.id, g.id, nullif(r.address, ''),"
	"         nullif(r.legal, ''), nullif(r.contact, ''), nullif(r.phone, '')"
	"    from rows r"
	"    join sector s on s.county_id = app.county_id() and s.name = r.sector and s.retired_at is null"
	"    left join grid_node g on g.township_id = app.township_id() and g.level in (2, 3)"
	"                          and g.name = r.grid"
	"   order by r.line"
	"  returning 1)"
	"select count(*) from added");

/* One 422 detail about a row: "field" says "line N" (the line the row starts on). */
static json_object *import_problem(long line, int column, const char *code, const char *message)
{
	json_object *d = json_object_new_object();
	char field[32], text[256];

	snprintf(field, sizeof(field), "line %ld", line);
	if (column >= 0)
		snprintf(text, sizeof(text), "%s: %s", import_columns[column].header, message);
	else
		snprintf(text, sizeof(text), "%s", message);
	json_object_object_add(d, "field", json_object_new_string(field));
	json_object_object_add(d, "code", json_object_new_string(code));
	json_object_object_add(d, "message", json_object_new_string(text));
	json_object_object_add(d, "line", json_object_new_int64(line));
	json_object_object_add(d, "column", column >= 0 ? json_object_new_string(import_columns[column].header)
	                                                : NULL);
	return d;
}

/* A field without the spaces and tabs around it, as a (start, length) pair. */
static const char *import_trim(const char *s, size_t *len)
{
	size_t n = strlen(s);

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*len = n;
	return s;
}

/* The record's field count less empty fields at its end (spreadsheets pad rows). */
static size_t import_width(const struct csv_record *rec)
{
	size_t n = rec->count, len;

	while (n > 0) {
		import_trim(rec->fields[n - 1], &len);
		if (len > 0)
			break;
		n--;
	}
	return n;
}

static bool import_header_valid(const struct csv_record *rec)
{
	size_t len;

	if (import_width(rec) != IMPORT_COLUMNS)
		return false;
	for (size_t i = 0; i < IMPORT_COLUMNS; i++) {
		const char *s = import_trim(rec->fields[i], &len);
		if (len != strlen(import_columns[i].header) || memcmp(s, import_columns[i].header, len) != 0)
			return false;
	}
	return true;
}

/*
 * The row of a field table that a column names.  Each exists: a typo would
 * stop `make test-unit`, whose replay of the import's fuzz corpus fills
 * every column.
 */
static const struct field *import_field(const struct field *table, const char *name)
{
	const struct field *f = input_field(table, name);

	if (f == NULL)
		abort();
	return f;
}

/*
 * One cell's text (not empty) checked as the field it fills; its problem, if
 * any, appended to problems as one about its line and column.
 */
static void import_cell_check(long line, int column, const char *s, size_t len, json_object *problems)
{
	const struct import_column *c = &import_columns[column];
	const struct field *f = import_field(c->text_table ? c->text_table : enterprise_create_body,
	                                     c->text_field ? c->text_field : c->fills);
	json_object *details = json_object_new_array();

	input_check_text(f, s, len, details);
	for (size_t i = 0; i < json_object_array_length(details); i++) {
		json_object *d = json_object_array_get_idx(details, i), *code = NULL, *message = NULL;

		json_object_object_get_ex(d, "code", &code);
		json_object_object_get_ex(d, "message", &message);
		json_object_array_add(problems, import_problem(line, column, json_object_get_string(code),
		                                               json_object_get_string(message)));
	}
	json_object_put(details);
}

/*
 * One data record: appended to rows as [line, fields...], its problems
 * to problems.
 */
static void import_row(const struct csv_record *rec, json_object *rows, json_object *problems)
{
	json_object *row = json_object_new_array_ext(IMPORT_COLUMNS + 1);
	size_t width = import_width(rec);

	json_object_array_add(row, json_object_new_int64(rec->line));
	if (width > IMPORT_COLUMNS) {
		char text[96];
		snprintf(text, sizeof(text), "the row has %zu columns; the header has %d", width,
		         IMPORT_COLUMNS);
		json_object_array_add(problems, import_problem(rec->line, -1, "columns", text));
	}
	for (int i = 0; i < IMPORT_COLUMNS; i++) {
		size_t len = 0;
		const char *s = (size_t)i < rec->count ? import_trim(rec->fields[i], &len) : "";
		json_object *cell = json_object_new_string_len(s, (int)len);

		json_object_array_add(row, cell);
		/* The cell's own copy: the text ends where the trimmed cell does. */
		if (len > 0)
			import_cell_check(rec->line, i, json_object_get_string(cell), len, problems);
		else if (import_field(enterprise_create_body, import_columns[i].fills)->flags & FIELD_REQUIRED)
			json_object_array_add(problems, import_problem(rec->line, i, "required", "is required"));
	}
	json_object_array_add(rows, row);
}

static long detail_line(json_object *d)
{
	json_object *line;

	return json_object_object_get_ex(d, "line", &line) ? (long)json_object_get_int64(line) : 0;
}

/*
 * The problems found here and those the database found, both in line order,
 * merged into the answer's details, at most IMPORT_MAX_DETAILS of them.
 */
static void import_details(struct request *req, json_object *mine, PGresult *theirs)
{
	json_object *details = request_details(req);
	size_t i = 0, n = json_object_array_length(mine);
	int j = 0, m = PQntuples(theirs);
	size_t total = n + (size_t)m, shown = 0;

	for (; (i < n || j < m) && shown < IMPORT_MAX_DETAILS; shown++) {
		json_object *d;

		if (j >= m || (i < n && detail_line(json_object_array_get_idx(mine, i)) <=
		                        atol(PQgetvalue(theirs, j, 0)))) {
			d = json_object_get(json_object_array_get_idx(mine, i++));
		} else {
			d = import_problem(atol(PQgetvalue(theirs, j, 0)), atoi(PQgetvalue(theirs, j, 1)),
			                   PQgetvalue(theirs, j, 2), PQgetvalue(theirs, j, 3));
			j++;
		}
		json_object_array_add(details, d);
	}
	if (total > shown) {
		char text[96];
		snprintf(text, sizeof(text), "%zu more problems are not listed", total - shown);
		json_detail_add(details, "file", "more_problems", text);
	}
}

/* A refusal of the file as a whole. */
static enum err import_refuse(struct enterprise_import *out, const char *field, const char *code,
                              const char *message)
{
	out->field = field;
	out->code = code;
	snprintf(out->message, sizeof(out->message), "%s", message);
	return ERR_VALIDATION;
}

enum err enterprise_import_read(const char *bytes, size_t len, struct enterprise_import *out)
{
	struct csv_reader reader;
	struct csv_record rec;
	enum csv_status status;
	char text[64];
	enum err e = ERR_NONE;

	memset(out, 0, sizeof(*out));
	if (len == 0)
		return import_refuse(out, "file", "empty", "the file is empty");
	if (!utf8_valid(bytes, len))
		return import_refuse(out, "file", "encoding",
		                     csv_looks_like_gbk(bytes, len)
		                     ? "the file is not UTF-8; it looks like GBK (GB18030) — save it as CSV UTF-8"
		                     : "the file is not UTF-8");
	if (!csv_init(&reader, bytes, len))
		return ERR_INTERNAL;
	status = csv_next(&reader, &rec);
	if (status != CSV_RECORD || !import_header_valid(&rec)) {
		e = status == CSV_ERROR ? import_refuse(out, "file", "csv", reader.message)
		    : import_refuse(out, "line 1", "header", "the first row must be the header " IMPORT_HEADER);
		goto out;
	}
	out->rows = json_object_new_array();
	out->problems = json_object_new_array();
	while ((status = csv_next(&reader, &rec)) == CSV_RECORD) {
		if (import_width(&rec) == 0)
			continue;   /* a blank row */
		if (json_object_array_length(out->rows) == IMPORT_MAX_ROWS) {
			snprintf(text, sizeof(text), "the file has more than %d rows; split it", IMPORT_MAX_ROWS);
			e = import_refuse(out, "file", "too_many_rows", text);
			goto out;
		}
		import_row(&rec, out->rows, out->problems);
	}
	if (status == CSV_ERROR)
		e = import_refuse(out, "file", "csv", reader.message);
	else if (json_object_array_length(out->rows) == 0)
		e = import_refuse(out, "file", "empty", "the file has a header but no enterprises");
out:
	csv_free(&reader);
	if (e != ERR_NONE) {
		json_object_put(out->rows);
		json_object_put(out->problems);
		out->rows = out->problems = NULL;
	}
	return e;
}

void enterprise_import_free(struct enterprise_import *import)
{
	json_object_put(import->rows);
	json_object_put(import->problems);
	import->rows = import->problems = NULL;
}

/*
 * POST /api/v1/enterprises/import (text/csv) -- 201 {"imported": n}: every
 * row, in one statement, or none.  415 for another content type; 422 for a
 * file that is not UTF-8 (naming GBK when it looks like it), a wrong header
 * row, a CSV syntax error, more than IMPORT_MAX_ROWS rows, or any bad row,
 * with a detail per problem ("field": "line N", plus "line" and "column");
 * 409 if a credit code was registered meanwhile.
 */
enum err enterprise_import(struct request *req)
{
	struct enterprise_import file;
	const char *params[1];
	PGresult *res = NULL;
	enum err e;

	/* Browsers on Windows label .csv files with Excel's type. */
	if (!http_is_media_type(req->content_type, "text/csv") &&
	    !http_is_media_type(req->content_type, "application/vnd.ms-excel")) {
		request_message(req, "send the file as text/csv");
		return ERR_MEDIA_TYPE;
	}
	if ((e = enterprise_import_read(req->raw_body, req->raw_len, &file)) != ERR_NONE) {
		if (e == ERR_VALIDATION) {
			request_message(req, file.message);
			json_detail_add(request_details(req), file.field, file.code, file.message);
		}
		goto out;
	}
	params[0] = json_object_to_json_string_ext(file.rows, JSON_C_TO_STRING_PLAIN);
	if ((e = db_query(req->db, &stmt_import_check, &res, 1, params)) != ERR_NONE)
		goto out;
	if (PQntuples(res) > 0 || json_object_array_length(file.problems) > 0) {
		request_message(req, "nothing was imported: some rows are invalid");
		import_details(req, file.problems, res);
		e = ERR_VALIDATION;
		goto out;
	}
	PQclear(res);
	if ((e = db_query(req->db, &stmt_import_insert, &res, 1, params)) != ERR_NONE)
		goto out;
	if ((size_t)atol(PQgetvalue(res, 0, 0)) != json_object_array_length(file.rows)) {
		/* A sector retired or a grid node renamed between the check and the insert. */
		request_message(req, "the sectors or the grid changed during the import; try again");
		e = ERR_CONFLICT;
		goto out;
	}
	req->reply = json_object_new_object();
	json_object_object_add(req->reply, "imported", json_object_new_int64(atol(PQgetvalue(res, 0, 0))));
	req->status = 201;
	e = ERR_NONE;
out:
	PQclear(res);
	enterprise_import_free(&file);
	return e;
}
