/*
 * assignment.c -- assigned cadres (包扶干部): the real-name cadre
 * responsible for an enterprise in a campaign.
 *
 * An enterprise has one active cadre per campaign (the partial unique index
 * enterprise_assignment_active); a new assignment ends the active one on
 * the day it starts, so the history has no gaps and no overlaps.  A closed
 * campaign's assignments no longer change (the campaign's trigger, SG409).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"
#include "server/list.h"

const struct field assignment_list_query[] = {
	{"campaign_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	LIST_FIELDS,
	FIELDS_END,
};

const struct field assignment_create_body[] = {
	{"campaign_id", FIELD_ID, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	{"user_id", FIELD_ID, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	{"starts_on", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL},
	{"note", FIELD_STRING, FIELD_NULLABLE, 0, 500, NULL, NULL, NULL},
	FIELDS_END,
};

#define ASSIGNMENT_JSON                                                                  \
	"json_build_object("                                                                 \
	"  'id', a.id, 'enterprise_id', a.enterprise_id, 'campaign_id', a.campaign_id,"     \
	"  'user_id', a.user_id, 'display_name', u.display_name,"                           \
	"  'starts_on', a.starts_on, 'ends_on', a.ends_on, 'active', a.ends_on is null,"    \
	"  'note', a.note, 'version', a.version,"                                           \
	"  'created_at', a.created_at, 'updated_at', a.updated_at)"

DB_STMT(stmt_enterprise_visible,
	"select 1 from enterprise where id = $1::bigint");

/* Newest first: the cursor is the last id handed out, the next page's ids are below it. */
DB_STMT(stmt_list,
	"with page as ("
	"  select a.id, " ASSIGNMENT_JSON " as json"
	"    from enterprise_assignment a left join app_user u on u.id = a.user_id"
	"   where a.enterprise_id = $1::bigint"
	"     and ($2::bigint is null or a.campaign_id = $2)"
	"     and ($3::bigint is null or a.id < $3)"
	"   order by a.id desc limit $4::int + 1)"
	"select json_build_object("
	"  'items', coalesce((select json_agg(json order by id desc) from"
	"                      (select * from page order by id desc limit $4::int) p), '[]'),"
	"  'next_cursor', case when (select count(*) from page) > $4::int then"
	"    (select min(id) from (select id from page order by id desc limit $4::int) q)::text end)");

/*
 * Whether the campaign is the township's, the user a cadre of the township
 * (department or committee, active), and the new start not before the
 * active assignment's start.
 */
DB_STMT(stmt_check,
	"select exists (select 1 from campaign c where c.id = $2::bigint and c.township_id = app.township_id()),"
	"       exists (select 1 from app_user u where u.id = $3::bigint and u.township_id = app.township_id()"
	"                  and u.active and u.role in ('department', 'committee')),"
	"       coalesce((select a.starts_on <= coalesce($4::date, app.today()) from enterprise_assignment a"
	"                  where a.enterprise_id = $1::bigint and a.campaign_id = $2::bigint"
	"                    and a.ends_on is null), true)");

DB_STMT(stmt_end_active,
	"update enterprise_assignment set ends_on = coalesce($3::date, app.today())"
	" where enterprise_id = $1::bigint and campaign_id = $2::bigint and ends_on is null");

/* The new assignment as the API shows it. */
DB_STMT(stmt_create,
	"with a as ("
	"  insert into enterprise_assignment (township_id, enterprise_id, campaign_id, user_id, starts_on, note)"
	"  select e.township_id, e.id, $2::bigint, $3::bigint, coalesce($4::date, app.today()), $5"
	"    from enterprise e where e.id = $1::bigint returning *)"
	"select " ASSIGNMENT_JSON " from a left join app_user u on u.id = a.user_id");

static enum err enterprise_visible(struct request *req)
{
	const char *params[1] = {req->params[0]};
	PGresult *res;
	enum err e;
	int found;

	if ((e = db_query(req->db, &stmt_enterprise_visible, &res, 1, params)) != ERR_NONE)
		return e;
	found = PQntuples(res) == 1;
	PQclear(res);
	return found ? ERR_NONE : ERR_NOT_FOUND;
}

/*
 * GET /api/v1/enterprises/{id}/assignments -- 200 {"items", "next_cursor"},
 * newest first; campaign_id filters; 404 if the enterprise is not visible.
 */
enum err assignment_list(struct request *req)
{
	static const char *const filters[] = {"{id}", "campaign_id", NULL};
	enum err e;

	if ((e = enterprise_visible(req)) != ERR_NONE)
		return e;
	return list_answer(req, &stmt_list, filters);
}

/*
 * POST /api/v1/enterprises/{id}/assignments {"campaign_id", "user_id",
 * "starts_on"?, "note"?} -- 201 the assignment, which replaces the active
 * one (ended on the new one's start day); 404 if the enterprise is not
 * visible; 409 if the campaign is closed; 422 for a campaign of another
 * township, a user who is not a department or committee user of the
 * township, or a start before the active assignment's start.
 */
enum err assignment_create(struct request *req)
{
	const char *params[5];
	PGresult *res = NULL;
	enum err e;

	if ((e = enterprise_visible(req)) != ERR_NONE)
		return e;
	params[0] = req->params[0];
	params[1] = request_text(req, "campaign_id");
	params[2] = request_text(req, "user_id");
	params[3] = request_text(req, "starts_on");
	params[4] = request_text(req, "note");
	if ((e = db_query(req->db, &stmt_check, &res, 4, params)) != ERR_NONE)
		return e;
	if (PQgetvalue(res, 0, 0)[0] != 't')
		json_detail_add(request_details(req), "campaign_id", "not_found",
		                "is not a campaign of the enterprise's township");
	if (PQgetvalue(res, 0, 1)[0] != 't')
		json_detail_add(request_details(req), "user_id", "not_found",
		                "is not an active department or committee user of the township");
	if (PQgetvalue(res, 0, 2)[0] != 't')
		json_detail_add(request_details(req), "starts_on", "range",
		                "may not be before the start of the enterprise's current assignment");
	PQclear(res);
	if (req->details && json_object_array_length(req->details) > 0)
		return ERR_VALIDATION;
	/* The campaign's trigger refuses both writes with 409 if it is closed. */
	{
		const char *end[3] = {params[0], params[1], params[3]};
		if ((e = db_query(req->db, &stmt_end_active, NULL, 3, end)) != ERR_NONE)
			return e;
	}
	if ((e = db_query(req->db, &stmt_create, &res, 5, params)) != ERR_NONE)
		return e;
	request_reply_result(req, res, 201);
	return ERR_NONE;
}
