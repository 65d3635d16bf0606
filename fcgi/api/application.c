/*
 * application.c -- an enterprise applies for its login from the sign-in
 * page; the township approves (the enterprise matched or registered, its
 * login issued) or refuses with a reason.
 *
 * The applicant learns nothing of the register: a well-formed application
 * is answered the same whether its credit code is known or not, and only
 * the credit code's own check character is verified at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "api/login.h"
#include "db/db.h"
#include "input/json.h"
#include "server/list.h"

static const char *const statuses[] = {"pending", "approved", "refused", NULL};
static const char *const formats[] = {"pdf", "json", NULL};

const struct field application_create_body[] = {
	{"township_id", FIELD_ID, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	{"credit_code", FIELD_STRING, FIELD_REQUIRED, 18, 18, NULL, field_credit_code, NULL},
	{"name", FIELD_STRING, FIELD_REQUIRED, 1, 100, NULL, NULL, NULL},
	{"legal_representative", FIELD_STRING, FIELD_REQUIRED, 1, 50, NULL, NULL, NULL},
	{"mobile", FIELD_STRING, FIELD_REQUIRED, 11, 11, NULL, field_mobile, NULL},
	FIELDS_END,
};

const struct field application_list_query[] = {
	{"status", FIELD_ENUM, 0, 0, 0, statuses, NULL, NULL},
	{"township_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	LIST_FIELDS,
	FIELDS_END,
};

const struct field application_approve_body[] = {
	FIELD_VERSION("version"),
	{"sector_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"contact", FIELD_STRING, 0, 1, 100, NULL, NULL, NULL},
	{"format", FIELD_ENUM, 0, 0, 0, formats, NULL, NULL},
	FIELDS_END,
};

const struct field application_refuse_body[] = {
	FIELD_VERSION("version"),
	{"reason", FIELD_STRING, FIELD_REQUIRED, 1, 500, NULL, NULL, NULL},
	FIELDS_END,
};

DB_STMT(stmt_apply, "select app.login_apply($1::bigint, $2, $3, $4, $5, $6)");

DB_STMT(stmt_townships, "select app.public_townships()");

DB_STMT(stmt_list,
	"with page as ("
	"  select id, json from app.login_application_json"
	"   where ($1::text is null or status = $1)"
	"     and ($2::bigint is null or township_id = $2)"
	"     and ($3::bigint is null or id > $3)"
	"   order by id limit $4::int + 1)"
	LIST_PAGE_ANSWER("$4", ""));

DB_STMT(stmt_get, "select json from app.login_application_json where id = $1::bigint");

DB_STMT(stmt_pending,
	"select version, status, township_id, credit_code from login_application where id = $1::bigint");

/* The enterprise of the application's credit code in its township, registered now if it is not. */
DB_STMT(stmt_enterprise_match,
	"select e.id from enterprise e join login_application a"
	"    on a.township_id = e.township_id and a.credit_code = e.credit_code"
	" where a.id = $1::bigint");
DB_STMT(stmt_enterprise_register,
	"insert into enterprise (township_id, name, credit_code, sector_id, legal_representative,"
	"                        contact_name, contact_phone)"
	"select a.township_id, a.name, a.credit_code, $2::bigint, a.legal_representative,"
	"       a.legal_representative, a.mobile"
	"  from login_application a where a.id = $1::bigint "
	"returning id");

/* The application's enterprise, for its login's code (login.h's targets). */
DB_STMT(stmt_approve_target,
	"select e.id, null::bigint, e.name, e.credit_code, t.name, a.mobile"
	"  from login_application a join enterprise e on e.id = $2::bigint"
	"  join township t on t.id = e.township_id"
	" where a.id = $1::bigint and e.status <> 'closed'");

DB_STMT(stmt_approve,
	"update login_application a set status = 'approved', enterprise_id = $2::bigint,"
	"       user_id = (select u.id from app_user u where u.enterprise_id = $2::bigint and u.enterprise_admin),"
	"       decided_by = app.user_id(), decided_at = now()"
	" where a.id = $1::bigint returning a.id");

DB_STMT(stmt_refuse,
	"with body as (select $2::jsonb as b) "
	"update login_application a set status = 'refused', reason = b->>'reason',"
	"       decided_by = app.user_id(), decided_at = now()"
	"  from body"
	" where a.id = $1::bigint and a.version = $3::int"
	" returning a.id");

/*
 * POST /api/v1/public/login-applications {"township_id", "credit_code",
 * "name", "legal_representative", "mobile"} -- no login: 202 {"message"},
 * the same for any credit code that passes its check; 422 for a credit
 * code whose check character (or form) is wrong, a mobile number that is
 * not one, a township that is not an active one; 429 with Retry-After
 * after five applications from the address within an hour.
 */
enum err application_create(struct request *req)
{
	char township[24];
	const char *params[6];
	PGresult *res;
	enum err e;

	/* The credit code's check character and the mobile number: their fields' validators. */
	snprintf(township, sizeof(township), "%lld", request_int(req, "township_id"));
	params[0] = township;
	params[1] = request_text(req, "credit_code");
	params[2] = request_text(req, "name");
	params[3] = request_text(req, "legal_representative");
	params[4] = request_text(req, "mobile");
	params[5] = req->remote_addr;
	if ((e = db_query(req->db, &stmt_apply, &res, 6, params)) != ERR_NONE)
		return e;
	if (atoi(PQgetvalue(res, 0, 0)) > 0) {
		request_header(req, "Retry-After", PQgetvalue(res, 0, 0));
		PQclear(res);
		return ERR_TOO_MANY;
	}
	PQclear(res);
	req->reply = json_object_new_object();
	json_object_object_add(req->reply, "message",
	                       json_object_new_string("申请已提交。乡镇审核通过后，将把登录账号和激活码"
	                                              "以短信或通知书告知贵单位。"));
	req->status = 202;
	return ERR_NONE;
}

/* GET /api/v1/public/townships -- no login: 200 {"items": [{"id", "name", "county"}]}, the active townships. */
enum err application_townships(struct request *req)
{
	return request_reply_query(req, &stmt_townships, 0, NULL, 200);
}

/* GET /api/v1/login-applications -- 200 {"items", "next_cursor"}; filters status, township_id. */
enum err application_list(struct request *req)
{
	static const char *const filters[] = {"status", "township_id", NULL};

	return list_answer(req, &stmt_list, filters);
}

/*
 * The application of the path, pending and at the body's version: ERR_NONE,
 * or 404, 409 stale_version, 409 bad_state (decided already).
 */
static enum err application_pending(struct request *req)
{
	const char *params[1] = {req->params[0]};
	PGresult *res;
	enum err e;

	if ((e = db_query(req->db, &stmt_pending, &res, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1)
		e = ERR_NOT_FOUND;
	else if (strcmp(PQgetvalue(res, 0, 1), "pending") != 0)
		e = ERR_BAD_STATE;
	else
		e = request_version_matches(req, atoll(PQgetvalue(res, 0, 0)));
	PQclear(res);
	return e;
}

/*
 * POST /api/v1/login-applications/{id}/approve {"version", "sector_id",
 * "contact", "format"} -- 200 the login's activation letter (PDF) or its
 * code (JSON), as POST /enterprise-logins answers: the enterprise of the
 * credit code in the township, registered now from the application (in
 * sector_id, then required) if there is none, and its administrator login
 * issued.  404, 409 (stale, decided already), 422 (sector_id missing for a
 * new enterprise, the enterprise closed).
 */
enum err application_approve(struct request *req)
{
	char enterprise[24], sector[24];
	const char *params[2] = {req->params[0], NULL};
	PGresult *res;
	enum err e;

	if ((e = application_pending(req)) != ERR_NONE)
		return e;
	if ((e = db_query(req->db, &stmt_enterprise_match, &res, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) == 1) {
		snprintf(enterprise, sizeof(enterprise), "%s", PQgetvalue(res, 0, 0));
		PQclear(res);
	} else {
		PQclear(res);
		if (request_int(req, "sector_id") <= 0) {
			json_detail_add(request_details(req), "sector_id", "required",
			                "is required to register a new enterprise");
			return ERR_VALIDATION;
		}
		snprintf(sector, sizeof(sector), "%lld", request_int(req, "sector_id"));
		params[1] = sector;
		if ((e = db_query(req->db, &stmt_enterprise_register, &res, 2, params)) != ERR_NONE)
			return e;
		snprintf(enterprise, sizeof(enterprise), "%s", PQgetvalue(res, 0, 0));
		PQclear(res);
	}
	params[1] = enterprise;
	if ((e = login_issue_codes(req, &stmt_approve_target, 2, params, login_format_of(req),
	                           login_contact_of(req), 200)) != ERR_NONE)
		return e;
	return db_query(req->db, &stmt_approve, NULL, 2, params);
}

/*
 * POST /api/v1/login-applications/{id}/refuse {"version", "reason"} -- 200
 * the application; 404, 409 (stale, decided already), 422.
 */
enum err application_refuse(struct request *req)
{
	enum err e;

	if ((e = application_pending(req)) != ERR_NONE)
		return e;
	if ((e = request_update(req, &stmt_refuse)) != ERR_NONE)
		return e;
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}
