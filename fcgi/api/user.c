/*
 * user.c -- the users of a county and its townships.
 *
 * Which rows a caller sees and may change is row-level security's business
 * (county admins: the county; committees: their township, never a county
 * admin); this file checks the input and shapes the answers.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"
#include "server/list.h"
#include "server/password.h"

static const char *const roles[] = {"county_admin", "committee", "supervisor", "department",
                                    "enterprise", NULL};

const struct field user_list_query[] = {
	{"role", FIELD_ENUM, 0, 0, 0, roles, NULL, NULL},
	{"township_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"active", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	{"q", FIELD_STRING, 0, 1, 50, NULL, NULL, NULL},
	LIST_FIELDS,
	FIELDS_END,
};

/* An enterprise user needs its enterprise; a password is strong and not the username. */
static int user_create_check(const struct request *req, json_object *details)
{
	const char *problem = password_problem(request_text(req, "password"), request_text(req, "username"));
	int problems = 0;

	if (strcmp(request_text(req, "role"), "enterprise") == 0 && request_int(req, "enterprise_id") == 0) {
		json_detail_add(details, "enterprise_id", "required", "is required for an enterprise user");
		problems++;
	}
	if (problem) {
		json_detail_add(details, "password", "weak", problem);
		problems++;
	}
	return problems;
}

const struct field user_create_body[] = {
	{"username", FIELD_STRING, FIELD_REQUIRED, 3, 40, NULL, NULL, NULL},
	{"display_name", FIELD_STRING, FIELD_REQUIRED, 1, 50, NULL, NULL, NULL},
	{"phone", FIELD_STRING, FIELD_NULLABLE, 5, 20, NULL, NULL, NULL},
	{"role", FIELD_ENUM, FIELD_REQUIRED, 0, 0, roles, NULL, NULL},
	{"township_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"enterprise_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"sector_ids", FIELD_ARRAY, 0, 0, 20, NULL, field_ids, NULL},
	{"password", FIELD_STRING, FIELD_REQUIRED, 1, PASSWORD_MAX_LENGTH, NULL, NULL, NULL},
	FIELDS_END_CHECK(user_create_check),
};

const struct field user_update_body[] = {
	FIELD_VERSION("version"),
	{"display_name", FIELD_STRING, 0, 1, 50, NULL, NULL, NULL},
	{"phone", FIELD_STRING, FIELD_NULLABLE, 5, 20, NULL, NULL, NULL},
	{"role", FIELD_ENUM, 0, 0, 0, roles, NULL, NULL},
	{"enterprise_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"sector_ids", FIELD_ARRAY, 0, 0, 20, NULL, field_ids, NULL},
	{"active", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	{"password", FIELD_STRING, 0, 1, PASSWORD_MAX_LENGTH, NULL, NULL, NULL},
	FIELDS_END,
};

DB_STMT(stmt_list,
	"with page as ("
	"  select id, json from app.user_json"
	"   where ($1::text is null or role = $1)"
	"     and ($2::bigint is null or township_id = $2)"
	"     and ($3::boolean is null or active = $3)"
	"     and ($4::text is null or strpos(username, $4) > 0 or strpos(display_name, $4) > 0)"
	"     and ($5::bigint is null or id > $5)"
	"   order by id limit $6::int + 1)"
	LIST_PAGE_ANSWER("$6", ""));

DB_STMT(stmt_get, "select json from app.user_json where id = $1::bigint");

/* Committees create users of their own township; county admins say which. */
DB_STMT(stmt_create,
	"with body as (select $1::jsonb as b),"
	" target as (select case when app.role() = 'county_admin'"
	"                        then (b->>'township_id')::bigint else app.township_id() end as township_id"
	"              from body)"
	"insert into app_user (county_id, township_id, username, display_name, phone, role,"
	"                      enterprise_id, password_hash)"
	"select app.county_id(), case when b->>'role' = 'county_admin' then null else t.township_id end,"
	"       lower(b->>'username'), b->>'display_name', b->>'phone', b->>'role',"
	"       (b->>'enterprise_id')::bigint, $2"
	"  from body, target t "
	"returning id");

DB_STMT(stmt_township_visible,
	"select 1 from township where id = $1::bigint");
/* How many of the given ids are active sectors of the caller's county. */
DB_STMT(stmt_sectors_valid,
	"select count(distinct s.id) from sector s"
	" where s.id in (select jsonb_array_elements_text($1::jsonb)::bigint)"
	"   and s.county_id = app.county_id() and s.retired_at is null");
DB_STMT(stmt_enterprise_visible,
	"select 1 from enterprise where id = $1::bigint and township_id = $2::bigint");
DB_STMT(stmt_user_township,
	"select township_id, role, version, username from app_user where id = $1::bigint");
DB_STMT(stmt_sectors_clear,
	"delete from user_sector where user_id = $1::bigint");
DB_STMT(stmt_sectors_set,
	"insert into user_sector (township_id, user_id, sector_id)"
	"select u.township_id, u.id, s.id"
	"  from app_user u, sector s"
	" where u.id = $1::bigint and s.id in (select jsonb_array_elements_text($2::jsonb)::bigint)"
	"   and s.county_id = u.county_id and s.retired_at is null");

/* The server's role may write password hashes but never read them. */
DB_STMT(stmt_password_reset,
	"update app_user set password_hash = $2, password_changed_at = now() where id = $1::bigint");

DB_STMT(stmt_update,
	"with body as (select $2::jsonb as b) "
	"update app_user u set"
	"  display_name = case when b ? 'display_name' then b->>'display_name' else display_name end,"
	"  phone = case when b ? 'phone' then b->>'phone' else phone end,"
	"  role = case when b ? 'role' then b->>'role' else role end,"
	"  enterprise_id = case when b ? 'enterprise_id' then (b->>'enterprise_id')::bigint"
	"                       when b ? 'role' and b->>'role' <> 'enterprise' then null"
	"                       else enterprise_id end,"
	"  active = case when b ? 'active' then (b->>'active')::boolean else active end"
	"  from body"
	" where u.id = $1::bigint and u.version = $3::int"
	" returning u.id");

/* The problems with a user's sectors and enterprise, as 422 details. */
static int check_links(struct request *req, const char *township_id)
{
	const struct field_value *sectors = request_field(req, "sector_ids");
	const char *params[2];
	PGresult *res;
	int problems = 0;

	if (request_text(req, "sector_ids")) {
		size_t distinct = 0;

		for (size_t i = 0; i < sectors->count; i++) {
			size_t j = 0;
			while (j < i && sectors->ids[j] != sectors->ids[i])
				j++;
			distinct += j == i;
		}
		params[0] = sectors->text;
		if (db_query(req->db, &stmt_sectors_valid, &res, 1, params) != ERR_NONE)
			return -1;
		if ((size_t)atoll(PQgetvalue(res, 0, 0)) != distinct) {
			json_detail_add(request_details(req), "sector_ids", "not_found",
			                "has an id that is not an active sector of the county");
			problems++;
		}
		PQclear(res);
	}
	if (request_text(req, "enterprise_id")) {
		params[0] = request_text(req, "enterprise_id");
		params[1] = township_id;
		if (db_query(req->db, &stmt_enterprise_visible, &res, 2, params) != ERR_NONE)
			return -1;
		if (PQntuples(res) == 0) {
			json_detail_add(request_details(req), "enterprise_id", "not_found",
			                "no such enterprise in the user's township");
			problems++;
		}
		PQclear(res);
	}
	return problems;
}

/*
 * A role change that would move a user across the county/township line, or
 * make an enterprise user without an enterprise, is refused by field.
 */
static const char *role_change_problem(const struct request *req, const char *current)
{
	const char *next = request_text(req, "role");
	bool county_now = strcmp(current, "county_admin") == 0;

	if (next == NULL)
		return NULL;
	if ((strcmp(next, "county_admin") == 0) != county_now)
		return county_now ? "a county admin cannot become a township user; create a new user"
		                  : "a township user cannot become a county admin; create a new user";
	if (strcmp(next, "enterprise") == 0 && strcmp(current, "enterprise") != 0 &&
	    request_int(req, "enterprise_id") == 0)
		return "an enterprise user needs enterprise_id";
	return NULL;
}

static enum err set_sectors(struct request *req, const char *user_id)
{
	const char *params[2] = {user_id, request_text(req, "sector_ids")};
	enum err e;

	if (params[1] == NULL)
		return ERR_NONE;
	if ((e = db_query(req->db, &stmt_sectors_clear, NULL, 1, params)) != ERR_NONE)
		return e;
	return db_query(req->db, &stmt_sectors_set, NULL, 2, params);
}

/* GET /api/v1/users -- 200 {"items", "next_cursor"}; filters role, township_id, active, q. */
enum err user_list(struct request *req)
{
	static const char *const filters[] = {"role", "township_id", "active", "q", NULL};

	return list_answer(req, &stmt_list, filters);
}

/* GET /api/v1/users/{id} -- 200 the user; 404 if unknown or not visible to the caller. */
enum err user_get(struct request *req)
{
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}

/*
 * POST /api/v1/users -- 201 the user; 403 for a role the caller may not
 * create; 409 for a username in use; 422 for invalid fields.
 */
enum err user_create(struct request *req)
{
	const char *role = request_text(req, "role");
	const char *password = request_text(req, "password");
	char hash[crypto_pwhash_STRBYTES], township[24];
	const char *params[2];
	PGresult *res = NULL;
	long long township_id;
	int problems = 0;
	enum err e;

	if (strcmp(role, "county_admin") == 0 && req->who.role != ROLE_COUNTY_ADMIN)
		return ERR_FORBIDDEN;
	township_id = req->who.role == ROLE_COUNTY_ADMIN ? request_int(req, "township_id")
	                                                 : req->who.township_id;
	snprintf(township, sizeof(township), "%lld", township_id);
	if (strcmp(role, "county_admin") != 0) {
		params[0] = township;
		if (township_id == 0) {
			json_detail_add(request_details(req), "township_id", "required",
			                "is required for a township user");
			problems++;
		} else if ((e = db_query(req->db, &stmt_township_visible, &res, 1, params)) != ERR_NONE) {
			return e;
		} else if (PQntuples(res) == 0) {
			json_detail_add(request_details(req), "township_id", "not_found", "no such township");
			problems++;
		}
		PQclear(res);
		res = NULL;
	}
	if (problems == 0 && township_id > 0) {
		int n = check_links(req, township);
		if (n < 0)
			return ERR_UNAVAILABLE;
		problems += n;
	}
	if (problems > 0)
		return ERR_VALIDATION;
	if (password_hash(password, hash) != 0)
		return ERR_INTERNAL;
	params[0] = request_body_text(req);
	params[1] = hash;
	if ((e = db_query(req->db, &stmt_create, &res, 2, params)) != ERR_NONE)
		return e;
	{
		char id[24];
		snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
		PQclear(res);
		if (strcmp(role, "department") == 0 && (e = set_sectors(req, id)) != ERR_NONE)
			return e;
		return request_reply_row(req, &stmt_get, id, 201);
	}
}

/*
 * PATCH /api/v1/users/{id} {"version", ...} -- 200 the user; 404 if not
 * visible; 403 for a change the caller may not make (a committee making a
 * county admin); 409 for a stale version; 422 for invalid fields.  A new
 * password or "active": false ends the user's sessions.
 */
enum err user_update(struct request *req)
{
	char hash[crypto_pwhash_STRBYTES], township[24];
	const char *problem;
	long long current_version;
	const char *password = request_text(req, "password");
	const char *params[3];
	PGresult *res = NULL;
	enum err e;

	if (request_text(req, "role") && strcmp(request_text(req, "role"), "county_admin") == 0 &&
	    req->who.role != ROLE_COUNTY_ADMIN)
		return ERR_FORBIDDEN;
	params[0] = req->params[0];
	if ((e = db_query(req->db, &stmt_user_township, &res, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ERR_NOT_FOUND;
	}
	snprintf(township, sizeof(township), "%s", PQgetvalue(res, 0, 0));
	current_version = atoll(PQgetvalue(res, 0, 2));
	if ((problem = role_change_problem(req, PQgetvalue(res, 0, 1))) != NULL) {
		PQclear(res);
		json_detail_add(request_details(req), "role", "invalid", problem);
		return ERR_VALIDATION;
	}
	if ((e = request_version_matches(req, current_version)) != ERR_NONE) {
		PQclear(res);
		return e;
	}
	if (password) {
		problem = password_problem(password, PQgetvalue(res, 0, 3));
		if (problem) {
			PQclear(res);
			json_detail_add(request_details(req), "password", "weak", problem);
			return ERR_VALIDATION;
		}
	}
	PQclear(res);
	if (township[0]) {
		int n = check_links(req, township);
		if (n != 0)
			return n < 0 ? ERR_UNAVAILABLE : ERR_VALIDATION;
	}
	if (password && password_hash(password, hash) != 0)
		return ERR_INTERNAL;
	if ((e = request_update(req, &stmt_update)) != ERR_NONE)
		return e;
	params[1] = hash;
	if (password && (e = db_query(req->db, &stmt_password_reset, NULL, 2, params)) != ERR_NONE)
		return e;
	if ((e = set_sectors(req, req->params[0])) != ERR_NONE)
		return e;
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}
