/*
 * township.c -- the tenants: a county admin creates and edits them; everyone
 * else sees their own.
 */
#include <stdio.h>
#include <stdlib.h>

#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"
#include "server/list.h"

const struct field township_list_query[] = {
	LIST_FIELDS,
	FIELDS_END,
};

const struct field township_create_body[] = {
	{"name", FIELD_STRING, FIELD_REQUIRED, 1, 50, NULL, NULL, NULL},
	{"code", FIELD_STRING, FIELD_REQUIRED, 9, 12, NULL, NULL, NULL},
	{"slug", FIELD_STRING, FIELD_REQUIRED, 2, 31, NULL, NULL, NULL},
	{"time_zone", FIELD_STRING, 0, 1, 64, NULL, NULL, NULL},
	FIELDS_END,
};

const struct field township_update_body[] = {
	FIELD_VERSION("version"),
	{"name", FIELD_STRING, 0, 1, 50, NULL, NULL, NULL},
	{"time_zone", FIELD_STRING, 0, 1, 64, NULL, NULL, NULL},
	{"active", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	{"report_cutoff", FIELD_STRING, 0, 4, 5, NULL, NULL, NULL},   /* "HH:MM": the day's report is due by then */
	FIELDS_END,
};

DB_STMT(stmt_list,
	"with page as ("
	"  select id, json from app.township_json"
	"   where ($1::bigint is null or id > $1) order by id limit $2::int + 1)"
	LIST_PAGE_ANSWER("$2", ""));
DB_STMT(stmt_get, "select json from app.township_json where id = $1::bigint");
DB_STMT(stmt_version, "select version from township where id = $1::bigint");
DB_STMT(stmt_zone_valid, "select 1 from pg_timezone_names where name = $1");
DB_STMT(stmt_create,
	"insert into township (county_id, name, code, slug, time_zone)"
	"select app.county_id(), b->>'name', b->>'code', b->>'slug',"
	"       coalesce(b->>'time_zone', 'Asia/Shanghai')"
	"  from (select $1::jsonb as b) body returning id");
DB_STMT(stmt_update,
	"update township t set"
	"  name = case when b ? 'name' then b->>'name' else name end,"
	"  time_zone = case when b ? 'time_zone' then b->>'time_zone' else time_zone end,"
	"  active = case when b ? 'active' then (b->>'active')::boolean else active end,"
	"  report_cutoff = case when b ? 'report_cutoff' then (b->>'report_cutoff')::time else report_cutoff end"
	"  from (select $2::jsonb as b) body"
	" where t.id = $1::bigint and t.version = $3::int returning t.id");

/* 422 unless the body's time_zone (if any) is one PostgreSQL knows. */
static enum err check_zone(struct request *req)
{
	const char *params[1] = {request_text(req, "time_zone")};
	PGresult *res;
	enum err e;
	int known;

	if (params[0] == NULL)
		return ERR_NONE;
	if ((e = db_query(req->db, &stmt_zone_valid, &res, 1, params)) != ERR_NONE)
		return e;
	known = PQntuples(res) > 0;
	PQclear(res);
	if (!known) {
		json_detail_add(request_details(req), "time_zone", "invalid", "is not a known time zone");
		return ERR_VALIDATION;
	}
	return ERR_NONE;
}

/* GET /api/v1/townships -- 200 {"items", "next_cursor"}: the county's for its admins, else one's own. */
enum err township_list(struct request *req)
{
	static const char *const filters[] = {NULL};

	return list_answer(req, &stmt_list, filters);
}

/* GET /api/v1/townships/{id} -- 200; 404 for another county's or another township's. */
enum err township_get(struct request *req)
{
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}

/* POST /api/v1/townships -- 201; 409 for a code or slug in use; 422 for invalid fields. */
enum err township_create(struct request *req)
{
	enum err e;

	if ((e = check_zone(req)) != ERR_NONE)
		return e;
	return request_create(req, &stmt_create, &stmt_get);
}

/* PATCH /api/v1/townships/{id} {"version", ...} -- 200; 404; 409 for a stale version; 422. */
enum err township_update(struct request *req)
{
	enum err e;

	if ((e = request_check_version(req, &stmt_version)) != ERR_NONE ||
	    (e = check_zone(req)) != ERR_NONE ||
	    (e = request_update(req, &stmt_update)) != ERR_NONE)
		return e;
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}
