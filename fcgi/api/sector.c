/*
 * sector.c -- the county's sectors (领域): everyone signed in reads them, a
 * county admin adds, renames, reorders and retires them.
 *
 * Sectors are never deleted: old enterprises, groups and hazards keep
 * pointing at a retired one.  Whether a retired sector may be chosen for a
 * new record is the business of the resource that records it; this file
 * only shows retired_at.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"
#include "server/list.h"

/* The list's cursor is "position,id". */
static const char *sector_cursor_valid(const struct field *f, struct field_value *v, const char **code)
{
	const char *why = list_cursor_valid(f, v, code);

	return why ? why : strchr(v->text, ',') ? NULL : "is not a cursor this list handed out";
}

const struct field sector_list_query[] = {
	{"include_retired", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	LIST_FIELDS_CURSOR(sector_cursor_valid),
	FIELDS_END,
};

/* Positions start at 0 so that the "position,id" cursor starts with a digit. */
const struct field sector_create_body[] = {
	{"code", FIELD_STRING, FIELD_REQUIRED, 2, 31, NULL, NULL, NULL},
	{"name", FIELD_STRING, FIELD_REQUIRED, 1, 30, NULL, NULL, NULL},
	{"position", FIELD_INT, 0, 0, 100000, NULL, NULL, NULL},
	FIELDS_END,
};

const struct field sector_update_body[] = {
	FIELD_VERSION("version"),
	{"name", FIELD_STRING, 0, 1, 30, NULL, NULL, NULL},
	{"position", FIELD_INT, 0, 0, 100000, NULL, NULL, NULL},
	{"retired", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	FIELDS_END,
};

#define SECTOR_JSON                                                                          \
	"json_build_object('id', s.id, 'county_id', s.county_id, 'code', s.code, 'name', s.name," \
	"  'position', s.position, 'retired', s.retired_at is not null, 'retired_at', s.retired_at," \
	"  'version', s.version, 'created_at', s.created_at, 'updated_at', s.updated_at)"

/* The portal shows sectors in the county's order; the cursor is "position,id". */
DB_STMT(stmt_list,
	"with page as ("
	"  select s.id, s.position, " SECTOR_JSON " as json from sector s"
	"   where ($1::boolean or s.retired_at is null)"
	"     and ($2::text is null or (s.position, s.id) > (split_part($2, ',', 1)::int,"
	"                                                    split_part($2, ',', 2)::bigint))"
	"   order by s.position, s.id limit $3::int + 1)"
	"select json_build_object("
	"  'items', coalesce((select json_agg(json order by position, id) from"
	"                      (select * from page order by position, id limit $3::int) p), '[]'),"
	"  'next_cursor', case when (select count(*) from page) > $3::int then"
	"    (select position || ',' || id from page order by position, id"
	"      offset $3::int - 1 limit 1) end)");

/* Without a position a new sector goes last.  Writes answer the row's JSON. */
DB_STMT(stmt_create,
	"insert into sector as s (county_id, code, name, position)"
	"select app.county_id(), b->>'code', b->>'name',"
	"       coalesce((b->>'position')::int,"
	"                (select coalesce(max(position), 0) + 1 from sector where county_id = app.county_id()))"
	"  from (select $1::jsonb as b) body returning " SECTOR_JSON);

/*
 * One round trip: the updated row's JSON (none: not visible, or the version
 * was stale) and the current version (none: not visible).  Retiring again
 * keeps the first date.
 */
DB_STMT(stmt_update,
	"with current as (select version from sector where id = $1::bigint),"
	" changed as ("
	"  update sector s set"
	"    name = case when b ? 'name' then b->>'name' else name end,"
	"    position = case when b ? 'position' then (b->>'position')::int else position end,"
	"    retired_at = case when not b ? 'retired' then retired_at"
	"                      when (b->>'retired')::boolean then coalesce(retired_at, now())"
	"                      else null end"
	"    from (select $2::jsonb as b) body"
	"   where s.id = $1::bigint and s.version = $3::int returning " SECTOR_JSON " as json)"
	"select (select json from changed), (select version from current)");

/* The unique keys are (county_id, code) and (county_id, name): say which one clashed. */
static enum err sector_duplicate(struct request *req)
{
	const char *field = strstr(req->db->constraint, "_code_") ? "code" : "name";

	json_detail_add(request_details(req), field, "duplicate", "another sector of the county has it");
	return ERR_DUPLICATE;
}

/*
 * GET /api/v1/sectors -- 200 {"items", "next_cursor"} in the county's order
 * (position, id); retired sectors only with ?include_retired=true; 422 for a
 * bad cursor.
 */
enum err sector_list(struct request *req)
{
	const char *retired = request_text(req, "include_retired");
	struct list_page page;
	const char *params[3];
	PGresult *res;
	enum err e;

	if ((e = list_page_read(req, &page)) != ERR_NONE)
		return e;
	params[0] = retired ? retired : "false";
	params[1] = page.cursor;
	params[2] = page.limit_text;
	if ((e = db_query(req->db, &stmt_list, &res, 3, params)) != ERR_NONE)
		return e;
	request_reply_result(req, res, 200);
	return ERR_NONE;
}

/*
 * POST /api/v1/sectors {"code", "name", "position"?} -- 201 the sector; 409
 * for a code or name the county has already (retired ones included); 422 for
 * invalid fields (code: a lower-case letter, then letters, digits, '_').
 */
enum err sector_create(struct request *req)
{
	const char *params[1] = {request_body_text(req)};
	PGresult *res;
	enum err e;

	e = db_query(req->db, &stmt_create, &res, 1, params);
	if (e == ERR_DUPLICATE)
		return sector_duplicate(req);
	if (e != ERR_NONE)
		return e;
	request_reply_result(req, res, 201);
	return ERR_NONE;
}

/*
 * PATCH /api/v1/sectors/{id} {"version", "name"?, "position"?, "retired"?}
 * -- 200 the sector; 404 if not the county's; 409 for a stale version or a
 * name in use; 422 for invalid fields.
 */
enum err sector_update(struct request *req)
{
	const char *params[3] = {req->params[0], request_body_text(req), request_version(req)};
	PGresult *res;
	enum err e;

	e = db_query(req->db, &stmt_update, &res, 3, params);
	if (e == ERR_DUPLICATE)
		return sector_duplicate(req);
	if (e != ERR_NONE)
		return e;
	if (PQgetisnull(res, 0, 0)) {
		e = PQgetisnull(res, 0, 1) ? ERR_NOT_FOUND : ERR_STALE_VERSION;
		PQclear(res);
		return e;
	}
	request_reply_result(req, res, 200);
	return ERR_NONE;
}
