/*
 * accountability.c -- accountability records (问责): who was held to
 * account, how (reminder talk, criticism notice, written warning, or a kind
 * the township adds), why, when, and for which orders and hazards.
 *
 * Supervisors write them; supervisors, the committee and the county read
 * them.  Row-level security hides every record from anyone else, so a
 * department or enterprise user finds none: 404, never 403, for an id.
 */
#include <stdio.h>

#include "db/db.h"
#include <string.h>

#include "api/handlers.h"
#include "input/json.h"
#include "server/list.h"

#define ACCOUNTABILITY_LINKS_MAX 200

const struct field accountability_list_query[] = {
	{"township_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"user_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"kind", FIELD_STRING, 0, 1, 40, NULL, NULL, NULL},
	LIST_FIELDS,
	FIELDS_END,
};

const struct field accountability_create_body[] = {
	{"user_id", FIELD_ID, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	{"unit", FIELD_STRING, FIELD_NULLABLE, 1, 100, NULL, NULL, NULL},
	{"kind", FIELD_STRING, FIELD_REQUIRED, 1, 40, NULL, NULL, NULL},
	{"reason", FIELD_STRING, FIELD_REQUIRED, 1, 2000, NULL, NULL, NULL},
	{"date", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	{"order_ids", FIELD_ARRAY, 0, 0, ACCOUNTABILITY_LINKS_MAX, NULL, field_ids, NULL},
	{"hazard_ids", FIELD_ARRAY, 0, 0, ACCOUNTABILITY_LINKS_MAX, NULL, field_ids, NULL},
	FIELDS_END,
};

/* A kind's code: lower-case letters, digits and underscores, starting with a letter. */
static const char *kind_code_valid(const struct field *f, struct field_value *v, const char **code)
{
	(void)f;
	(void)code;
	if (v->text[0] < 'a' || v->text[0] > 'z' ||
	    strspn(v->text, "abcdefghijklmnopqrstuvwxyz0123456789_") != v->len)
		return "lower-case letters, digits and underscores, starting with a letter";
	return NULL;
}

const struct field accountability_kind_body[] = {
	{"code", FIELD_STRING, FIELD_REQUIRED, 2, 40, NULL, kind_code_valid, NULL},
	{"name", FIELD_STRING, FIELD_REQUIRED, 1, 30, NULL, NULL, NULL},
	FIELDS_END,
};

DB_STMT(stmt_list,
	"with page as ("
	"  select a.id, a.json from app.accountability_json a"
	"   where ($1::bigint is null or a.township_id = $1)"
	"     and ($2::bigint is null or a.user_id = $2)"
	"     and ($3::text is null or a.kind = $3)"
	"     and ($4::bigint is null or a.id < $4)"
	"   order by a.id desc limit $5::int + 1)"
	LIST_PAGE_ANSWER("$5", "desc"));

DB_STMT(stmt_get,
	"select json from app.accountability_json where id = $1::bigint");

/*
 * The rules across fields and rows, as 422 details: the person is a user of
 * the township; the kind is one every township has or the township's own;
 * the orders and hazards are the township's; the date is not in the future.
 */
DB_STMT(stmt_check,
	"with b as (select $1::jsonb as b),"
	" v as (select app.json_ids(b->'order_ids') as orders, app.json_ids(b->'hazard_ids') as hazards,"
	"              (b->>'user_id')::bigint as user_id, b->>'kind' as kind, (b->>'date')::date as date"
	"         from b)"
	"select problem.field, problem.code, problem.message"
	"  from v cross join lateral (values"
	"   ('user_id', 'not_found', 'is not a user of your township',"
	"    not exists (select 1 from app_user u where u.id = v.user_id and u.township_id = app.township_id())),"
	"   ('kind', 'not_found', 'is not a kind of accountability of your township',"
	"    not exists (select 1 from accountability_kind k"
	"                 where k.code = v.kind and (k.township_id is null or k.township_id = app.township_id()))),"
	"   ('order_ids', 'not_found', 'names an order that is not your township''s',"
	"    exists (select 1 from unnest(v.orders) x where not exists (select 1 from supervision_order o"
	"             where o.id = x and o.township_id = app.township_id()))),"
	"   ('hazard_ids', 'not_found', 'names a hazard that is not your township''s',"
	"    exists (select 1 from unnest(v.hazards) x where not exists (select 1 from hazard h"
	"             where h.id = x and h.township_id = app.township_id()))),"
	"   ('date', 'future', 'must not be later than today', v.date > app.today())"
	"  ) as problem (field, code, message, failed)"
	" where problem.failed");

DB_STMT(stmt_create,
	"with b as (select $1::jsonb as b),"
	" a as (insert into accountability (township_id, user_id, unit, kind, reason, date, created_by)"
	"       select app.township_id(), (b->>'user_id')::bigint, b->>'unit', b->>'kind', b->>'reason',"
	"              (b->>'date')::date, app.user_id()"
	"         from b returning township_id, id),"
	" o as (insert into accountability_order (township_id, accountability_id, order_id)"
	"       select a.township_id, a.id, x from a, b, unnest(app.json_ids(b->'order_ids')) x),"
	" h as (insert into accountability_hazard (township_id, accountability_id, hazard_id)"
	"       select a.township_id, a.id, x from a, b, unnest(app.json_ids(b->'hazard_ids')) x)"
	"select id from a");

DB_STMT(stmt_kinds,
	"select coalesce(jsonb_agg(jsonb_build_object('code', k.code, 'name', k.name,"
	"                                             'township_id', k.township_id)"
	"                          order by k.township_id nulls first, k.id), '[]')"
	"  from accountability_kind k"
	" where k.township_id is null or k.township_id = coalesce($1::bigint, app.township_id())");

DB_STMT(stmt_kind_create,
	"insert into accountability_kind (township_id, code, name)"
	"select app.township_id(), b->>'code', b->>'name' from (select $1::jsonb as b) body"
	" where not exists (select 1 from accountability_kind k where k.township_id is null and k.code = b->>'code')"
	"returning jsonb_build_object('code', code, 'name', name, 'township_id', township_id)");

/*
 * GET /api/v1/accountability -- 200 {"items", "next_cursor"}, newest first;
 * filters township_id (the county's), user_id, kind.
 */
enum err accountability_list(struct request *req)
{
	static const char *const filters[] = {"township_id", "user_id", "kind", NULL};

	return list_answer(req, &stmt_list, filters);
}

/* GET /api/v1/accountability/{id} -- 200 the record; 404 if not visible. */
enum err accountability_get(struct request *req)
{
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}

/*
 * POST /api/v1/accountability {"user_id", "kind", "reason", "date",
 * "order_ids", "hazard_ids", "unit"} -- 201 the record.  Supervisors only
 * (403); 422 for invalid fields and broken rules.
 */
enum err accountability_create(struct request *req)
{
	enum err e;

	if ((e = request_check_rules(req, &stmt_check)) != ERR_NONE)
		return e;
	return request_create(req, &stmt_create, &stmt_get);
}

/*
 * GET /api/v1/accountability-kinds[?township_id=] -- 200 the kinds: the
 * three every township has, then the township's own.
 */
enum err accountability_kinds(struct request *req)
{
	const char *params[1] = {request_text(req, "township_id")};

	return request_reply_query(req, &stmt_kinds, 1, params, 200);
}

/*
 * POST /api/v1/accountability-kinds {"code", "name"} -- 201 the township's
 * new kind.  Supervisors only (403); 409 when the code is taken (by a kind
 * every township has, or by one of the township's); 422 for a code that is
 * not lower-case letters, digits and underscores.
 */
enum err accountability_kind_create(struct request *req)
{
	const char *params[1] = {request_body_text(req)};
	PGresult *res;
	enum err e;
	bool created;

	if ((e = db_query(req->db, &stmt_kind_create, &res, 1, params)) != ERR_NONE)
		return e;
	created = PQntuples(res) == 1;
	if (!created) {
		PQclear(res);
		return ERR_DUPLICATE;
	}
	request_reply_result(req, res, 201);
	return ERR_NONE;
}
