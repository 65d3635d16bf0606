/*
 * tip.c -- the township's queue of public tips (举报): the list, and each
 * tip accepted (it becomes a hazard) or dismissed, once.
 *
 * Tips arrive through public.c without an account.  Row-level security
 * shows a township's tips to its staff only; the queue is handled by the
 * committee and the departments (tip.handle).  The tipster's address and
 * photo token are not even readable by the server's role.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"
#include "server/list.h"

static const char *const tip_statuses[] = {"pending", "accepted", "dismissed", NULL};
static const char *const tip_severities[] = {"general", "major", NULL};
static const char *const tip_modes[] = {"immediate", "deadline", "major", NULL};

const struct field tip_list_query[] = {
	{"status", FIELD_ENUM, 0, 0, 0, tip_statuses, NULL, NULL},
	{"enterprise_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"township_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	LIST_FIELDS,
	FIELDS_END,
};

const struct field tip_accept_body[] = {
	{"severity", FIELD_ENUM, FIELD_REQUIRED, 0, 0, tip_severities, NULL, NULL},
	{"mode", FIELD_ENUM, FIELD_REQUIRED, 0, 0, tip_modes, NULL, NULL},
	{"deadline", FIELD_DATE, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"measure", FIELD_STRING, FIELD_NULLABLE, 0, 2000, NULL, NULL, NULL},
	/* the department's words: the enterprise is shown these, never the tip's own text */
	{"description", FIELD_STRING, FIELD_REQUIRED, 1, 2000, NULL, NULL, NULL},
	FIELDS_END,
};

const struct field tip_dismiss_body[] = {
	{"reason", FIELD_STRING, FIELD_REQUIRED, 1, 500, NULL, NULL, NULL},
	FIELDS_END,
};

/* A tip row t as staff see it: never the tipster's address. */
#define TIP_JSON                                                                               \
	"json_build_object('id', t.id, 'township_id', t.township_id, 'enterprise_id', t.enterprise_id," \
	"  'enterprise_name', (select e.name from enterprise e"                                      \
	"                       where e.township_id = t.township_id and e.id = t.enterprise_id),"     \
	"  'text', t.text, 'contact', t.contact, 'status', t.status,"                                \
	"  'photo_url', '/api/v1/attachments/' || t.photo_attachment_id,"                            \
	"  'hazard_id', t.hazard_id, 'handled_by', t.handled_by, 'handled_at', t.handled_at,"        \
	"  'reason', t.reason, 'created_at', t.created_at)"

/* Newest first: the tip_queue index walks id descending within a township. */
DB_STMT(stmt_list,
	"with page as ("
	"  select t.id, " TIP_JSON " as json from tip t"
	"   where ($1::text is null or t.status = $1)"
	"     and ($2::bigint is null or t.enterprise_id = $2)"
	"     and ($3::bigint is null or t.township_id = $3)"
	"     and ($4::bigint is null or t.id < $4)"
	"   order by t.id desc limit $5::int + 1)"
	LIST_PAGE_ANSWER("$5", "desc"));

DB_STMT(stmt_get,
	"select " TIP_JSON " from tip t where t.id = $1::bigint");

/*
 * The tip, locked until the request ends, so that two staff handling it at
 * once cannot both win: its status.
 */
DB_STMT(stmt_lock,
	"select t.status from tip t where t.id = $1::bigint for update");

/*
 * The hazard a tip becomes, opened by app.hazard_open (0014) with the
 * body's fields: the active campaign in which a cadre looks after the
 * enterprise (the one the gate notice names; none without one), and the
 * body's description, never the tip's text (the enterprise reads it); the
 * tip's photo is its first "before" photo.
 */
DB_STMT(stmt_hazard,
	"select app.hazard_open("
	"         $2::jsonb || jsonb_build_object("
	"           'campaign_id', (select a.campaign_id from enterprise_assignment a"
	"                             join campaign c on c.id = a.campaign_id and c.status = 'active'"
	"                            where a.township_id = t.township_id and a.enterprise_id = t.enterprise_id"
	"                              and a.ends_on is null"
	"                            order by c.starts_on desc, a.starts_on desc, a.id desc limit 1)),"
	"         t.enterprise_id, 'tip', p_tip_id => t.id, p_note => '群众举报 #' || t.id)"
	"  from tip t where t.id = $1::bigint");

DB_STMT(stmt_accepted,
	"update tip set status = 'accepted', hazard_id = $2::bigint, handled_by = app.user_id(),"
	"               handled_at = now()"
	" where id = $1::bigint");

DB_STMT(stmt_accept_answer,
	"select json_build_object('hazard_id', $2::bigint, 'tip', " TIP_JSON ")"
	"  from tip t where t.id = $1::bigint");

DB_STMT(stmt_dismissed,
	"update tip set status = 'dismissed', reason = $2, handled_by = app.user_id(), handled_at = now()"
	" where id = $1::bigint");

/*
 * GET /api/v1/tips -- 200 {"items", "next_cursor"}, newest first; status,
 * enterprise_id; 422 for a bad filter or cursor.
 */
enum err tip_list(struct request *req)
{
	static const char *const filters[] = {"status", "enterprise_id", "township_id", NULL};

	return list_answer(req, &stmt_list, filters);
}

/* Lock the path's tip: ERR_NOT_FOUND if not visible, ERR_BAD_STATE once handled. */
static enum err tip_lock(struct request *req)
{
	const char *params[1] = {req->params[0]};
	PGresult *res;
	enum err e;

	if ((e = db_query(req->db, &stmt_lock, &res, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		e = ERR_NOT_FOUND;
	} else if (strcmp(PQgetvalue(res, 0, 0), "pending") != 0) {
		request_message(req, "the tip was handled already");
		e = ERR_BAD_STATE;
	}
	PQclear(res);
	return e;
}

/*
 * POST /api/v1/tips/{id}/accept {"severity", "mode", "deadline"?,
 * "measure"?, "description"} -- 201 {"hazard_id", "tip"}: a hazard
 * (source "tip") reported now, with the tip's photo as its first photo,
 * described in the department's words (the enterprise is shown those,
 * never the tip's, 0016); 404 if not visible; 409 if handled already;
 * 422 without a description, or when the hazard's rules refuse it
 * (app.hazard_rules: severity and mode disagree, a deadline is missing for
 * a mode that needs one, or lies in the past).
 */
enum err tip_accept(struct request *req)
{
	const char *params[2] = {req->params[0], NULL};
	char hazard[24];
	PGresult *res = NULL;
	enum err e;

	if ((e = tip_lock(req)) != ERR_NONE)
		return e;
	params[1] = request_body_text(req);
	if ((e = db_query(req->db, &stmt_hazard, &res, 2, params)) != ERR_NONE)
		return e;
	snprintf(hazard, sizeof(hazard), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	params[1] = hazard;
	if ((e = db_query(req->db, &stmt_accepted, NULL, 2, params)) != ERR_NONE)
		return e;
	return request_reply_query(req, &stmt_accept_answer, 2, params, 201);
}

/*
 * POST /api/v1/tips/{id}/dismiss {"reason"} -- 200 the tip; 404 if not
 * visible; 409 if handled already.
 */
enum err tip_dismiss(struct request *req)
{
	const char *params[2] = {req->params[0], request_text(req, "reason")};
	enum err e;

	if ((e = tip_lock(req)) != ERR_NONE ||
	    (e = db_query(req->db, &stmt_dismissed, NULL, 2, params)) != ERR_NONE)
		return e;
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}
