/*
 * group.c -- a township campaign's working groups: sector groups (专项工作组,
 * one sector each), the supervision group (督查组) and the coordination group
 * (组织协调组), each with a leader, members and the departments that join it.
 *
 * Groups belong to township campaigns; a county campaign has none (its list
 * is empty and it takes no new ones).  The township's committee writes them;
 * row-level security keeps every other township's out of sight, and the
 * campaign_closed trigger freezes the groups of a closed campaign.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"

#define GROUP_MAX_MEMBERS 200
#define GROUP_MAX_DEPARTMENTS 20
#define GROUP_DEPARTMENT_LENGTH 30   /* as group_departments_valid says */

static const char *const group_kinds[] = {"sector", "supervision", "coordination", NULL};

/* A list of short department names. */
static const char *group_departments_valid(const struct field *f, struct field_value *v, const char **code)
{
	(void)f;
	(void)code;
	for (size_t i = 0; i < json_object_array_length(v->json); i++) {
		json_object *item = json_object_array_get_idx(v->json, i);
		long long n;

		if (!json_object_is_type(item, json_type_string) ||
		    (size_t)json_object_get_string_len(item) != strlen(json_object_get_string(item)) ||
		    (n = utf8_length(json_object_get_string(item))) < 1 || n > GROUP_DEPARTMENT_LENGTH)
			return "must be a list of department names of 1 to 30 characters";
	}
	return NULL;
}

/* A sector group has its sector, and only a sector group has one. */
static int group_create_check(const struct request *req, json_object *details)
{
	bool is_sector = strcmp(request_text(req, "kind"), "sector") == 0;

	if (is_sector == (request_text(req, "sector_id") != NULL))
		return 0;
	json_detail_add(details, "sector_id", is_sector ? "required" : "not_allowed",
	                is_sector ? "is required for a sector group" : "only a sector group has a sector");
	return 1;
}

const struct field group_create_body[] = {
	{"kind", FIELD_ENUM, FIELD_REQUIRED, 0, 0, group_kinds, NULL, NULL},
	{"sector_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"name", FIELD_STRING, FIELD_REQUIRED, 1, 60, NULL, NULL, NULL},
	{"leader_user_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"member_ids", FIELD_ARRAY, 0, 0, GROUP_MAX_MEMBERS, NULL, field_ids, NULL},
	{"departments", FIELD_ARRAY, 0, 0, GROUP_MAX_DEPARTMENTS, NULL, group_departments_valid, NULL},
	FIELDS_END_CHECK(group_create_check),
};

const struct field group_template_body[] = {
	{"leader_user_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	FIELDS_END,
};

const struct field group_update_body[] = {
	FIELD_VERSION("version"),
	{"sector_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"name", FIELD_STRING, 0, 1, 60, NULL, NULL, NULL},
	{"leader_user_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"member_ids", FIELD_ARRAY, 0, 0, GROUP_MAX_MEMBERS, NULL, field_ids, NULL},
	{"departments", FIELD_ARRAY, 0, 0, GROUP_MAX_DEPARTMENTS, NULL, group_departments_valid, NULL},
	FIELDS_END,
};

#define GROUP_JSON                                                                             \
	"json_build_object('id', g.id, 'campaign_id', g.campaign_id, 'township_id', g.township_id," \
	"  'kind', g.kind, 'sector_id', g.sector_id, 'name', g.name,"                              \
	"  'leader_user_id', g.leader_user_id,"                                                     \
	"  'member_ids', coalesce((select json_agg(m.user_id order by m.user_id) from group_member m" \
	"                           where m.township_id = g.township_id and m.group_id = g.id), '[]')," \
	"  'departments', to_json(g.departments), 'version', g.version,"                           \
	"  'created_at', g.created_at, 'updated_at', g.updated_at)"

/* A campaign has a few dozen groups at most: the list is one page, {"items", "next_cursor": null}. */
DB_STMT(stmt_list,
	"select json_build_object('items', coalesce(json_agg(" GROUP_JSON " order by g.id), '[]'),"
	"                         'next_cursor', null)"
	"  from working_group g where g.campaign_id = $1::bigint");

DB_STMT(stmt_get,
	"select " GROUP_JSON " from working_group g where g.id = $1::bigint");

DB_STMT(stmt_campaign,
	"select township_id from campaign where id = $1::bigint");

DB_STMT(stmt_group,
	"select g.campaign_id, g.kind, g.sector_id, g.version from working_group g where g.id = $1::bigint");

/*
 * How many of the ids (a JSON id or array of ids) are not active staff of
 * the caller's township: leaders and members are the township's own
 * cadres, never an enterprise's safety officer.
 */
DB_STMT(stmt_people_bad,
	"select count(*) from jsonb_array_elements(case jsonb_typeof($1::jsonb) when 'array' then $1::jsonb"
	"                                               else jsonb_build_array($1::jsonb) end) e"
	" where not case when jsonb_typeof(e) = 'number' and e::text ~ '^[1-9][0-9]{0,17}$'"
	"               then exists (select 1 from app_user u where u.id = e::text::bigint"
	"                               and u.township_id = app.township_id() and u.active"
	"                               and u.role <> 'enterprise')"
	"               else false end");

/*
 * A sector group's sector: the county's, not retired (unless the group has
 * it already, $3), and one of the campaign's if the campaign names any.
 */
DB_STMT(stmt_sector_ok,
	"select 1 from sector s"
	" where s.id = $1::bigint and (s.retired_at is null or s.id = $3::bigint)"
	"   and (not exists (select 1 from campaign_sector cs where cs.campaign_id = $2::bigint)"
	"        or exists (select 1 from campaign_sector cs"
	"                    where cs.campaign_id = $2::bigint and cs.sector_id = s.id))");

DB_STMT(stmt_create,
	"insert into working_group (township_id, campaign_id, kind, sector_id, name, leader_user_id,"
	"                           departments)"
	"select c.township_id, c.id, b->>'kind', (b->>'sector_id')::bigint, b->>'name',"
	"       (b->>'leader_user_id')::bigint, array(select jsonb_array_elements_text(b->'departments'))"
	"  from (select $2::jsonb as b) body, campaign c where c.id = $1::bigint "
	"returning id");

/*
 * The story's structure: a group for each of the campaign's sectors (all
 * the county's active ones if it names none), a supervision group and a
 * coordination group.  A sector that has its group, a kind that has its
 * group, or a name in use is skipped, so running it again adds nothing.
 */
DB_STMT(stmt_template,
	"insert into working_group (township_id, campaign_id, kind, sector_id, name, leader_user_id)"
	"select c.township_id, c.id, t.kind, t.sector_id, t.name, $2::bigint"
	"  from campaign c cross join lateral ("
	"    select 'sector' as kind, s.id as sector_id, s.name || '专项工作组' as name, s.position as rank,"
	"           s.id as tie"
	"      from sector s"
	"     where s.county_id = c.county_id and s.retired_at is null"
	"       and (not exists (select 1 from campaign_sector cs where cs.campaign_id = c.id)"
	"            or exists (select 1 from campaign_sector cs"
	"                        where cs.campaign_id = c.id and cs.sector_id = s.id))"
	"    union all select 'supervision', null, '督查组', 2147483646, 0"
	"    union all select 'coordination', null, '组织协调组', 2147483647, 0) t"
	" where c.id = $1::bigint"
	"   and not exists (select 1 from working_group w"
	"                    where w.campaign_id = c.id"
	"                      and (w.name = t.name or (t.kind = 'sector' and w.sector_id = t.sector_id)"
	"                           or (t.kind <> 'sector' and w.kind = t.kind)))"
	" order by t.rank, t.tie "
	"on conflict do nothing returning id");

DB_STMT(stmt_update,
	"update working_group g set"
	"  name = case when b ? 'name' then b->>'name' else name end,"
	"  sector_id = case when b ? 'sector_id' then (b->>'sector_id')::bigint else sector_id end,"
	"  leader_user_id = case when b ? 'leader_user_id' then (b->>'leader_user_id')::bigint"
	"                        else leader_user_id end,"
	"  departments = case when b ? 'departments'"
	"                     then array(select jsonb_array_elements_text(b->'departments'))"
	"                     else departments end"
	"  from (select $2::jsonb as b) body"
	" where g.id = $1::bigint and g.version = $3::int returning g.id");

DB_STMT(stmt_delete,
	"delete from working_group where id = $1::bigint returning id");

DB_STMT(stmt_members_clear,
	"delete from group_member where group_id = $1::bigint");

DB_STMT(stmt_members_set,
	"insert into group_member (township_id, group_id, user_id)"
	"select g.township_id, g.id, x::bigint"
	"  from working_group g, jsonb_array_elements_text($2::jsonb) x where g.id = $1::bigint "
	"on conflict do nothing");

/*
 * The campaign the URL names.  A closed campaign is not checked here: its
 * guard (app.campaign_closed_guard) refuses any change to its groups, and
 * its message is the answer.
 */
struct group_campaign {
	bool county_level;
};

/* 404 if the campaign is not visible to the caller. */
static enum err load_campaign(struct request *req, struct group_campaign *out)
{
	const char *params[1] = {req->params[0]};
	PGresult *res;
	enum err e;

	if ((e = db_query(req->db, &stmt_campaign, &res, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ERR_NOT_FOUND;
	}
	out->county_level = PQgetisnull(res, 0, 0);
	PQclear(res);
	return ERR_NONE;
}

/* A write to a campaign's groups: 404, 422 for a county campaign. */
static enum err campaign_for_groups(struct request *req)
{
	struct group_campaign campaign;
	enum err e;

	if ((e = load_campaign(req, &campaign)) != ERR_NONE)
		return e;
	if (campaign.county_level) {
		json_detail_add(request_details(req), "campaign_id", "county_campaign",
		                "working groups belong to a township campaign");
		return ERR_VALIDATION;
	}
	return ERR_NONE;
}

/* 1 (and a 422 detail on field) if the body's value of field is not the township's staff; -1 on a database error. */
static int check_people(struct request *req, const char *field)
{
	const char *params[1] = {request_text(req, field)};
	PGresult *res;
	int bad;

	if (params[0] == NULL)
		return 0;
	if (db_query(req->db, &stmt_people_bad, &res, 1, params) != ERR_NONE)
		return -1;
	bad = strcmp(PQgetvalue(res, 0, 0), "0") != 0;
	PQclear(res);
	if (bad)
		json_detail_add(request_details(req), field, "not_found",
		                "must be active staff users of the campaign's township");
	return bad;
}

/* 1 (and a 422 detail) if the sector may not be this campaign's group's; -1 on a database error. */
static int check_sector(struct request *req, const char *campaign_id, const char *current_sector)
{
	const char *params[3] = {request_text(req, "sector_id"), campaign_id, current_sector};
	PGresult *res;
	int bad;

	if (params[0] == NULL)
		return 0;
	if (db_query(req->db, &stmt_sector_ok, &res, 3, params) != ERR_NONE)
		return -1;
	bad = PQntuples(res) == 0;
	PQclear(res);
	if (bad)
		json_detail_add(request_details(req), "sector_id", "invalid",
		                "must be one of the campaign's sectors that is not retired");
	return bad;
}

/* The checks every group write shares: leader, members, sector; ERR_NONE or the error. */
static enum err check_group(struct request *req, const char *campaign_id, const char *current_sector)
{
	int checks[3], problems = 0;

	checks[0] = check_people(req, "leader_user_id");
	checks[1] = check_people(req, "member_ids");
	checks[2] = check_sector(req, campaign_id, current_sector);
	for (int i = 0; i < 3; i++) {
		if (checks[i] < 0)
			return ERR_UNAVAILABLE;
		problems += checks[i];
	}
	return problems > 0 ? ERR_VALIDATION : ERR_NONE;
}

/* Replace the group's members by the body's member_ids, if it has them. */
static enum err set_members(struct request *req, const char *group_id)
{
	const char *params[2] = {group_id, request_text(req, "member_ids")};
	enum err e;

	if (params[1] == NULL)
		return ERR_NONE;
	if ((e = db_query(req->db, &stmt_members_clear, NULL, 1, params)) != ERR_NONE)
		return e;
	return db_query(req->db, &stmt_members_set, NULL, 2, params);
}

/* The unique keys are (campaign_id, name) and one group per sector: say which one clashed. */
static enum err group_duplicate(struct request *req)
{
	bool sector = strstr(req->db->constraint, "sector") != NULL;

	json_detail_add(request_details(req), sector ? "sector_id" : "name", "duplicate",
	                sector ? "the campaign has a group for this sector already"
	                       : "the campaign has a group of this name already");
	return ERR_DUPLICATE;
}

/*
 * GET /api/v1/campaigns/{id}/groups -- 200 {"items", "next_cursor": null},
 * all of the campaign's groups by id (a county campaign's list is empty);
 * 404 if the campaign is not visible.
 */
enum err group_list(struct request *req)
{
	struct group_campaign campaign;
	enum err e;

	if ((e = load_campaign(req, &campaign)) != ERR_NONE)
		return e;
	return request_reply_row(req, &stmt_list, req->params[0], 200);
}

/*
 * POST /api/v1/campaigns/{id}/groups {"kind", "name", "sector_id"?,
 * "leader_user_id"?, "member_ids"?, "departments"?} -- 201 the group; 404 if
 * the campaign is not visible; 409 if it is closed, or for a name or sector
 * that has its group already; 422 for invalid fields, a sector_id missing on
 * a sector group or present on another kind, a sector that is retired or not
 * the campaign's, people who are not the township's staff, a county campaign.
 */
enum err group_create(struct request *req)
{
	const char *params[2];
	char id[24];
	PGresult *res;
	enum err e;

	if ((e = campaign_for_groups(req)) != ERR_NONE)
		return e;
	if ((e = check_group(req, req->params[0], NULL)) != ERR_NONE)
		return e;
	params[0] = req->params[0];
	params[1] = request_body_text(req);
	e = db_query(req->db, &stmt_create, &res, 2, params);
	if (e == ERR_DUPLICATE)
		return group_duplicate(req);
	if (e != ERR_NONE)
		return e;
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	if ((e = set_members(req, id)) != ERR_NONE)
		return e;
	return request_reply_row(req, &stmt_get, id, 201);
}

/*
 * POST /api/v1/campaigns/{id}/groups/from-template {"leader_user_id"?} --
 * the story's structure in one step: a sector group '<sector>专项工作组' for
 * each of the campaign's sectors (each active sector of the county if the
 * campaign names none), '督查组' and '组织协调组'; with the default sectors,
 * 14 groups.  Groups the campaign has already (same sector, same kind for the
 * other two, or same name) are skipped.  201 with all of the campaign's
 * groups if any were created, else 200; 404 if the campaign is not visible;
 * 409 if it is closed; 422 for a leader who is not the township's staff, or
 * a county campaign.
 */
enum err group_from_template(struct request *req)
{
	const char *params[2] = {req->params[0], request_text(req, "leader_user_id")};
	PGresult *res;
	int created;
	enum err e;

	if ((e = campaign_for_groups(req)) != ERR_NONE)
		return e;
	switch (check_people(req, "leader_user_id")) {
	case 0:
		break;
	case 1:
		return ERR_VALIDATION;
	default:
		return ERR_UNAVAILABLE;
	}
	if ((e = db_query(req->db, &stmt_template, &res, 2, params)) != ERR_NONE)
		return e;
	created = PQntuples(res);
	PQclear(res);
	return request_reply_row(req, &stmt_list, req->params[0], created > 0 ? 201 : 200);
}

/* GET /api/v1/groups/{id} -- 200 the group; 404 if not visible. */
enum err group_get(struct request *req)
{
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}

/*
 * PATCH /api/v1/groups/{id} {"version", "name"?, "sector_id"?,
 * "leader_user_id"?, "member_ids"?, "departments"?} -- 200 the group;
 * member_ids, when given, replaces the members.  404 if not visible; 409 if
 * its campaign is closed, for a stale version, or for a name or sector that
 * has its group already; 422 for invalid fields, a sector on a group of
 * another kind, people who are not the township's staff.
 */
enum err group_update(struct request *req)
{
	char campaign_id[24], sector_id[24];
	const char *params[3];
	PGresult *res;
	bool is_sector;
	long long current_version;
	enum err e;

	params[0] = req->params[0];
	if ((e = db_query(req->db, &stmt_group, &res, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ERR_NOT_FOUND;
	}
	snprintf(campaign_id, sizeof(campaign_id), "%s", PQgetvalue(res, 0, 0));
	is_sector = strcmp(PQgetvalue(res, 0, 1), "sector") == 0;
	snprintf(sector_id, sizeof(sector_id), "%s", PQgetvalue(res, 0, 2));
	current_version = atoll(PQgetvalue(res, 0, 3));
	PQclear(res);
	if ((e = request_version_matches(req, current_version)) != ERR_NONE)
		return e;
	if (!is_sector && request_sent(req, "sector_id")) {
		json_detail_add(request_details(req), "sector_id", "not_allowed", "only a sector group has a sector");
		return ERR_VALIDATION;
	}
	if ((e = check_group(req, campaign_id, is_sector ? sector_id : NULL)) != ERR_NONE)
		return e;
	params[1] = request_body_text(req);
	params[2] = request_version(req);
	e = db_query(req->db, &stmt_update, &res, 3, params);
	if (e == ERR_DUPLICATE)
		return group_duplicate(req);
	if (e != ERR_NONE)
		return e;
	if (PQntuples(res) == 0) {
		/* Current a moment ago: changed meanwhile. */
		PQclear(res);
		return ERR_STALE_VERSION;
	}
	PQclear(res);
	if ((e = set_members(req, req->params[0])) != ERR_NONE)
		return e;
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}

/*
 * DELETE /api/v1/groups/{id} -- 204; 404 if not visible; 409 if its
 * campaign is closed or tasks are assigned to the group.
 */
enum err group_delete(struct request *req)
{
	const char *params[1] = {req->params[0]};
	PGresult *res;
	bool found;
	enum err e;

	if ((e = db_query(req->db, &stmt_delete, &res, 1, params)) != ERR_NONE)
		return e;
	found = PQntuples(res) == 1;
	PQclear(res);
	if (!found)
		return ERR_NOT_FOUND;
	req->status = 204;
	return ERR_NONE;
}
