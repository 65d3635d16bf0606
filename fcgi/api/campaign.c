/*
 * campaign.c -- campaigns (攻坚行动): a county campaign, launched by a county
 * admin, is carried out by one township campaign in each township.
 *
 * Row-level security shows everyone their county's campaigns and their own
 * township's; it lets a county admin write county campaigns and a committee
 * its own township's.  A closed campaign is frozen by a trigger, which also
 * freezes what hangs from it (groups, tasks, letters, assignments).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"
#include "server/list.h"

static const char *const campaign_statuses[] = {"planned", "active", "closed", NULL};
static const char *const campaign_opening_statuses[] = {"planned", "active", NULL};
static const char *const campaign_levels[] = {"county", "township", NULL};

const struct field campaign_list_query[] = {
	{"status", FIELD_ENUM, 0, 0, 0, campaign_statuses, NULL, NULL},
	{"township_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"parent_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"level", FIELD_ENUM, 0, 0, 0, campaign_levels, NULL, NULL},
	LIST_FIELDS,
	FIELDS_END,
};

/*
 * A county campaign has no parent and needs its name and period; a
 * township campaign needs them unless it carries out a county campaign
 * (parent_id), whose name and period it copies.
 */
static int campaign_create_check(const struct request *req, json_object *details)
{
	static const char *const needed[] = {"name", "starts_on", "ends_on"};
	bool county = req->who.role == ROLE_COUNTY_ADMIN;
	int problems = 0;

	if (county && request_sent(req, "parent_id")) {
		json_detail_add(details, "parent_id", "not_allowed", "a county campaign has no parent");
		problems++;
	}
	if (!county && request_text(req, "parent_id"))
		return problems;
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		if (!request_sent(req, needed[i])) {
			json_detail_add(details, needed[i], "required",
			                county ? "is required" : "is required unless the campaign carries out a county campaign");
			problems++;
		}
	}
	return problems;
}

/* name and dates may be left out when a committee links to a county campaign: they are copied. */
const struct field campaign_create_body[] = {
	{"name", FIELD_STRING, 0, 1, 100, NULL, NULL, NULL},
	{"description", FIELD_STRING, FIELD_NULLABLE, 0, 4000, NULL, NULL, NULL},
	{"starts_on", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL},
	{"ends_on", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL},
	{"status", FIELD_ENUM, 0, 0, 0, campaign_opening_statuses, NULL, NULL},
	{"sector_ids", FIELD_ARRAY, 0, 0, 100, NULL, field_ids, NULL},
	{"parent_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	FIELDS_END_CHECK(campaign_create_check),
};

const struct field campaign_update_body[] = {
	FIELD_VERSION("version"),
	{"name", FIELD_STRING, 0, 1, 100, NULL, NULL, NULL},
	{"description", FIELD_STRING, FIELD_NULLABLE, 0, 4000, NULL, NULL, NULL},
	{"starts_on", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL},
	{"ends_on", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL},
	{"status", FIELD_ENUM, 0, 0, 0, campaign_statuses, NULL, NULL},
	{"sector_ids", FIELD_ARRAY, 0, 0, 100, NULL, field_ids, NULL},
	FIELDS_END,
};

/*
 * township_campaigns is null on a township campaign, a list on a county one
 * (a committee sees only its own township's in it).
 */
#define CAMPAIGN_JSON                                                                          \
	"json_build_object('id', c.id, 'county_id', c.county_id, 'township_id', c.township_id,"    \
	"  'parent_id', c.parent_id, 'name', c.name, 'description', c.description,"                \
	"  'starts_on', c.starts_on, 'ends_on', c.ends_on, 'status', c.status,"                    \
	"  'sector_ids', coalesce((select json_agg(cs.sector_id order by cs.sector_id)"            \
	"                            from campaign_sector cs where cs.campaign_id = c.id), '[]'),"  \
	"  'township_campaigns', case when c.township_id is null then coalesce("                   \
	"      (select json_agg(json_build_object('id', t.id, 'township_id', t.township_id,"        \
	"                                         'status', t.status) order by t.township_id, t.id)" \
	"         from campaign t where t.parent_id = c.id), '[]') end,"                            \
	"  'version', c.version, 'created_at', c.created_at, 'updated_at', c.updated_at)"

DB_STMT(stmt_list,
	"with page as ("
	"  select c.id, " CAMPAIGN_JSON " as json from campaign c"
	"   where ($1::text is null or c.status = $1)"
	"     and ($2::bigint is null or c.township_id = $2)"
	"     and ($3::bigint is null or c.parent_id = $3)"
	"     and ($4::text is null or ($4 = 'county') = (c.township_id is null))"
	"     and ($5::bigint is null or c.id > $5)"
	"   order by c.id limit $6::int + 1)"
	"select json_build_object("
	"  'items', coalesce((select json_agg(json order by id) from"
	"                      (select * from page order by id limit $6::int) p), '[]'),"
	"  'next_cursor', case when (select count(*) from page) > $6::int then"
	"    (select max(id) from (select id from page order by id limit $6::int) q)::text end)");

DB_STMT(stmt_get,
	"select " CAMPAIGN_JSON " from campaign c where c.id = $1::bigint");

DB_STMT(stmt_current,
	"select township_id, status, version from campaign where id = $1::bigint");

/* A county campaign of the caller's county, with what a township campaign copies from it. */
DB_STMT(stmt_parent,
	"select c.status,"
	"       coalesce((select json_agg(cs.sector_id) from campaign_sector cs where cs.campaign_id = c.id),"
	"                '[]')"
	"  from campaign c where c.id = $1::bigint and c.township_id is null");

/*
 * How many of the sector ids are not active sectors of the county; a
 * campaign may keep a sector it had before the sector was retired.
 */
DB_STMT(stmt_sectors_bad,
	"select count(*) from jsonb_array_elements($1::jsonb) e"
	" where not case when jsonb_typeof(e) = 'number' and e::text ~ '^[1-9][0-9]{0,17}$'"
	"               then exists (select 1 from sector s where s.id = e::text::bigint"
	"                               and (s.retired_at is null"
	"                                    or exists (select 1 from campaign_sector cs"
	"                                                where cs.campaign_id = $2::bigint"
	"                                                  and cs.sector_id = s.id)))"
	"               else false end");

DB_STMT(stmt_create_county,
	"insert into campaign (county_id, name, description, starts_on, ends_on, status)"
	"select app.county_id(), b->>'name', b->>'description', (b->>'starts_on')::date,"
	"       (b->>'ends_on')::date, coalesce(b->>'status', 'planned')"
	"  from (select $1::jsonb as b) body returning id");

/* The launch: one township campaign in each active township, like the county's. */
DB_STMT(stmt_launch,
	"insert into campaign (county_id, township_id, parent_id, name, description, starts_on, ends_on,"
	"                      status)"
	"select c.county_id, t.id, c.id, c.name, c.description, c.starts_on, c.ends_on, c.status"
	"  from campaign c join township t on t.county_id = c.county_id and t.active"
	" where c.id = $1::bigint order by t.id");

DB_STMT(stmt_create_township,
	"insert into campaign (county_id, township_id, parent_id, name, description, starts_on, ends_on,"
	"                      status)"
	"select app.county_id(), app.township_id(), p.id, coalesce(b->>'name', p.name),"
	"       case when b ? 'description' then b->>'description' else p.description end,"
	"       coalesce((b->>'starts_on')::date, p.starts_on), coalesce((b->>'ends_on')::date, p.ends_on),"
	"       coalesce(b->>'status', 'planned')"
	"  from (select $1::jsonb as b) body"
	"  left join campaign p on p.id = (b->>'parent_id')::bigint and p.township_id is null "
	"returning id");

DB_STMT(stmt_sectors_clear,
	"delete from campaign_sector where campaign_id = $1::bigint");

/* $3: also the campaign's township campaigns (at the launch). */
DB_STMT(stmt_sectors_set,
	"insert into campaign_sector (campaign_id, sector_id)"
	"select c.id, x::bigint from campaign c, jsonb_array_elements_text($2::jsonb) x"
	" where c.id = $1::bigint or ($3::boolean and c.parent_id = $1::bigint) "
	"on conflict do nothing");

DB_STMT(stmt_update,
	"update campaign c set"
	"  name = case when b ? 'name' then b->>'name' else name end,"
	"  description = case when b ? 'description' then b->>'description' else description end,"
	"  starts_on = case when b ? 'starts_on' then (b->>'starts_on')::date else starts_on end,"
	"  ends_on = case when b ? 'ends_on' then (b->>'ends_on')::date else ends_on end,"
	"  status = case when b ? 'status' then b->>'status' else status end"
	"  from (select $2::jsonb as b) body"
	" where c.id = $1::bigint and c.version = $3::int returning c.id");

/* 1 (and a 422 detail) unless the sector ids are active sectors of the county; -1 on a database error. */
static int check_sectors(struct request *req, const char *sector_ids, const char *campaign_id)
{
	const char *params[2] = {sector_ids, campaign_id};
	PGresult *res;
	int bad;

	if (sector_ids == NULL)
		return 0;
	if (db_query(req->db, &stmt_sectors_bad, &res, 2, params) != ERR_NONE)
		return -1;
	bad = strcmp(PQgetvalue(res, 0, 0), "0") != 0;
	PQclear(res);
	if (bad)
		json_detail_add(request_details(req), "sector_ids", "invalid",
		                "must be ids of the county's sectors that are not retired");
	return bad;
}

/* GET /api/v1/campaigns -- 200 {"items", "next_cursor"} by id; filters status, township_id, parent_id, level. */
enum err campaign_list(struct request *req)
{
	static const char *const filters[] = {"status", "township_id", "parent_id", "level", NULL};

	return list_answer(req, &stmt_list, filters);
}

/* GET /api/v1/campaigns/{id} -- 200; 404 for another county's or another township's. */
enum err campaign_get(struct request *req)
{
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}

/*
 * A county admin's POST: the county campaign, its township campaigns and
 * all their sectors, in the request's one transaction.  Returns the county
 * campaign's id in id.
 */
static enum err launch_county_campaign(struct request *req, const char *sectors, char *id, size_t idlen)
{
	const char *params[3] = {request_body_text(req), NULL, "true"};
	int bad_sectors;
	PGresult *res;
	enum err e;

	if ((bad_sectors = check_sectors(req, sectors, NULL)) < 0)
		return ERR_UNAVAILABLE;
	if (bad_sectors > 0)
		return ERR_VALIDATION;
	if ((e = db_query(req->db, &stmt_create_county, &res, 1, params)) != ERR_NONE)
		return e;
	snprintf(id, idlen, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	params[0] = id;
	if ((e = db_query(req->db, &stmt_launch, NULL, 1, params)) != ERR_NONE)
		return e;
	params[1] = sectors ? sectors : "[]";
	return db_query(req->db, &stmt_sectors_set, NULL, 3, params);
}

/*
 * A committee's POST: a township campaign of its own township, optionally
 * carrying out a county campaign (parent_id), from which it takes the name,
 * period and sectors it does not give.
 */
static enum err create_township_campaign(struct request *req, const char *sectors, char *id, size_t idlen)
{
	const char *params[3] = {NULL, NULL, "false"};
	const char *parent_id = request_text(req, "parent_id");
	char *parent_sectors = NULL;
	PGresult *res = NULL;
	int bad_sectors;
	enum err e = ERR_NONE;

	if (parent_id) {
		params[0] = parent_id;
		if ((e = db_query(req->db, &stmt_parent, &res, 1, params)) != ERR_NONE)
			goto out;
		if (PQntuples(res) == 0) {
			json_detail_add(request_details(req), "parent_id", "not_found", "no such county campaign");
			e = ERR_VALIDATION;
			goto out;
		}
		if (strcmp(PQgetvalue(res, 0, 0), "closed") == 0) {
			request_message(req, "the county campaign is closed");
			e = ERR_BAD_STATE;
			goto out;
		}
		parent_sectors = strdup(PQgetvalue(res, 0, 1));
		PQclear(res);
		res = NULL;
		if (parent_sectors == NULL) {
			e = ERR_INTERNAL;
			goto out;
		}
	}
	if ((bad_sectors = check_sectors(req, sectors, NULL)) < 0) {
		e = ERR_UNAVAILABLE;
		goto out;
	}
	if (bad_sectors > 0) {
		e = ERR_VALIDATION;
		goto out;
	}
	params[0] = request_body_text(req);
	e = db_query(req->db, &stmt_create_township, &res, 1, params);
	if (e == ERR_DUPLICATE) {
		json_detail_add(request_details(req), "parent_id", "duplicate",
		                "the township carries out this county campaign already");
		goto out;
	}
	if (e != ERR_NONE)
		goto out;
	snprintf(id, idlen, "%s", PQgetvalue(res, 0, 0));
	params[0] = id;
	params[1] = sectors ? sectors : parent_sectors ? parent_sectors : "[]";
	e = db_query(req->db, &stmt_sectors_set, NULL, 3, params);
out:
	PQclear(res);
	free(parent_sectors);
	return e;
}

/*
 * POST /api/v1/campaigns {"name", "starts_on", "ends_on", "description"?,
 * "status"?, "sector_ids"?, "parent_id"?} -- 201 the campaign.
 * A county admin launches a county campaign: it is created with one township
 * campaign (same name, period, status, sectors) in each active township.  A
 * committee creates a township campaign of its own township, linked to a
 * county campaign by parent_id if given (name, period and sectors default to
 * the county campaign's).  409 if the township carries out that county
 * campaign already, or it is closed; 422 for invalid fields, an unknown
 * parent, retired or unknown sectors, an end before the start.
 */
enum err campaign_create(struct request *req)
{
	const char *sectors = request_text(req, "sector_ids");
	char id[24];
	enum err e;

	if (req->who.role == ROLE_COUNTY_ADMIN)
		e = launch_county_campaign(req, sectors, id, sizeof(id));
	else
		e = create_township_campaign(req, sectors, id, sizeof(id));
	if (e != ERR_NONE)
		return e;
	return request_reply_row(req, &stmt_get, id, 201);
}

/* Planned, then active, then closed; never back. */
static bool status_move_allowed(const char *from, const char *to)
{
	return strcmp(from, to) == 0 || strcmp(from, "planned") == 0 ||
	       (strcmp(from, "active") == 0 && strcmp(to, "closed") == 0);
}

/*
 * PATCH /api/v1/campaigns/{id} {"version", "name"?, "description"?,
 * "starts_on"?, "ends_on"?, "status"?, "sector_ids"?} -- 200 the campaign;
 * 403 for a county admin on a township campaign or a committee on a county
 * campaign; 404 if not visible; 409 if the campaign is closed, for a stale
 * version, or for a status that goes back; 422 for invalid fields, unknown
 * or retired sectors, an end before the start.  Changes to a county
 * campaign do not reach its township campaigns: they are the townships' own.
 */
enum err campaign_update(struct request *req)
{
	const char *sectors = request_text(req, "sector_ids");
	const char *status = request_text(req, "status");
	const char *params[3];
	PGresult *res = NULL;
	bool county_level;
	int bad_sectors;
	enum err e;

	params[0] = req->params[0];
	if ((e = db_query(req->db, &stmt_current, &res, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		e = ERR_NOT_FOUND;
		goto out;
	}
	county_level = PQgetisnull(res, 0, 0);
	if (county_level != (req->who.role == ROLE_COUNTY_ADMIN)) {
		request_message(req, county_level ? "only a county admin changes a county campaign"
		                                  : "only the township's committee changes a township campaign");
		e = ERR_FORBIDDEN;
		goto out;
	}
	if ((e = request_version_matches(req, atoll(PQgetvalue(res, 0, 2)))) != ERR_NONE)
		goto out;
	if (status && !status_move_allowed(PQgetvalue(res, 0, 1), status)) {
		json_detail_add(request_details(req), "status", "bad_transition",
		                "a campaign goes from planned to active to closed, never back");
		e = ERR_BAD_STATE;
		goto out;
	}
	PQclear(res);
	res = NULL;
	if ((bad_sectors = check_sectors(req, sectors, req->params[0])) < 0)
		return ERR_UNAVAILABLE;
	if (bad_sectors > 0)
		return ERR_VALIDATION;
	/*
	 * A closed campaign (the trigger app.campaign_closed_guard: 409) and a
	 * period that ends before it starts (the table's check, answered as
	 * ends_on before_start by the constraint table of base/error.c) are
	 * the database's to refuse.
	 */
	if ((e = request_update(req, &stmt_update)) != ERR_NONE)
		return e;
	if (sectors) {
		params[1] = sectors;
		params[2] = "false";
		if ((e = db_query(req->db, &stmt_sectors_clear, NULL, 1, params)) != ERR_NONE ||
		    (e = db_query(req->db, &stmt_sectors_set, NULL, 3, params)) != ERR_NONE)
			return e;
	}
	e = request_reply_row(req, &stmt_get, req->params[0], 200);
out:
	PQclear(res);
	return e;
}
