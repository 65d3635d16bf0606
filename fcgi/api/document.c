/*
 * document.c -- documents (文件) the committee sends to units, and their
 * acknowledgements (签收).
 *
 * A recipient is a unit: a user, an enterprise, a grid node or a working
 * group; whoever answers for the unit (app.answers_for) acknowledges for it.
 * Row-level security decides what a caller sees: the township's staff see
 * every document and every recipient, an enterprise user only the documents
 * sent to its enterprise and only its own recipient row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/attachment.h"
#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"
#include "server/list.h"

#define DOCUMENT_MAX_RECIPIENTS 2000

static const char *const recipient_kinds[] = {"user", "enterprise", "grid_node", "group", "township", NULL};

const struct field document_list_query[] = {
	{"campaign_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"unacknowledged", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	{"township_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	LIST_FIELDS,
	FIELDS_END,
};

/* A recipient is {"kind": one of recipient_kinds, "id": a positive id} and nothing else. */
static int recipient_shape_valid(json_object *r)
{
	json_object *kind, *id;
	int known = 0;

	if (!json_object_is_type(r, json_type_object) || json_object_object_length(r) != 2 ||
	    !json_object_object_get_ex(r, "kind", &kind) || !json_object_object_get_ex(r, "id", &id) ||
	    !json_object_is_type(kind, json_type_string) || !json_object_is_type(id, json_type_int) ||
	    json_object_get_int64(id) < 1)
		return 0;
	for (const char *const *k = recipient_kinds; *k; k++)
		known |= strcmp(json_object_get_string(kind), *k) == 0;
	return known;
}

/* A "recipients[i]" detail for each recipient that is not {"kind", "id"}. */
static int document_create_check(const struct request *req, json_object *details)
{
	json_object *list = request_field(req, "recipients")->json;
	int problems = 0;

	for (size_t i = 0; i < json_object_array_length(list); i++) {
		if (!recipient_shape_valid(json_object_array_get_idx(list, i))) {
			char field[48];

			snprintf(field, sizeof(field), "recipients[%zu]", i);
			json_detail_add(details, field, "type",
			                "must be {\"kind\": \"user\" | \"enterprise\" | \"grid_node\" | \"group\""
			                " | \"township\", \"id\": id}");
			problems++;
		}
	}
	return problems;
}

const struct field document_create_body[] = {
	{"title", FIELD_STRING, FIELD_REQUIRED, 1, 200, NULL, NULL, NULL},
	{"number", FIELD_STRING, FIELD_NULLABLE, 1, 60, NULL, NULL, NULL},
	{"body", FIELD_STRING, FIELD_NULLABLE, 0, 100000, NULL, NULL, NULL},
	{"campaign_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"recipients", FIELD_ARRAY, FIELD_REQUIRED, 1, DOCUMENT_MAX_RECIPIENTS, NULL, NULL, NULL},
	FIELDS_END_CHECK(document_create_check),
};

/* Whether the caller answers for recipient row r. */
#define ANSWERS_FOR "app.answers_for(r.township_id, r.recipient_kind, r.recipient_id)"
#define RECIPIENTS_OF_D "document_recipient r where r.township_id = d.township_id and r.document_id = d.id"

/*
 * A document row d as the API shows it, with the recipients the caller may
 * see and whether a unit the caller answers for has still to acknowledge.
 */
#define DOCUMENT_JSON                                                                             \
	"jsonb_build_object('id', d.id, 'township_id', d.township_id, 'campaign_id', d.campaign_id,"  \
	"  'title', d.title, 'number', d.number, 'body', d.body, 'attachment_id', d.attachment_id,"  \
	"  'attachment_url', '/api/v1/attachments/' || d.attachment_id,"                             \
	"  'sent_by', d.sent_by,"                                                                    \
	"  'sent_by_name', (select u.display_name from app_user u where u.id = d.sent_by),"          \
	"  'sent_at', d.sent_at, 'version', d.version,"                                              \
	"  'recipients', coalesce((select jsonb_agg(jsonb_build_object("                             \
	"      'kind', r.recipient_kind, 'id', r.recipient_id,"                                      \
	"      'name', case r.recipient_kind"                                                        \
	"        when 'user' then (select u.display_name from app_user u where u.id = r.recipient_id)" \
	"        when 'enterprise' then (select e.name from enterprise e"                            \
	"                                 where e.township_id = r.township_id and e.id = r.recipient_id)" \
	"        when 'grid_node' then (select n.name from grid_node n"                              \
	"                                where n.township_id = r.township_id and n.id = r.recipient_id)" \
	"        when 'group' then (select g.name from working_group g"                              \
	"                            where g.township_id = r.township_id and g.id = r.recipient_id)" \
	"        when 'township' then (select t.name from township t where t.id = r.recipient_id) end," \
	"      'acknowledged_at', r.acknowledged_at, 'acknowledged_by', r.acknowledged_by,"          \
	"      'acknowledged_by_name', (select u.display_name from app_user u"                       \
	"                                where u.id = r.acknowledged_by))"                          \
	"      order by r.recipient_kind, r.recipient_id) from " RECIPIENTS_OF_D "), '[]'),"         \
	"  'counts', (select jsonb_build_object('recipients', count(*),"                             \
	"                                       'acknowledged', count(r.acknowledged_at))"           \
	"               from " RECIPIENTS_OF_D "),"                                                  \
	"  'pending_for_me', exists (select 1 from " RECIPIENTS_OF_D                                 \
	"                             and r.acknowledged_at is null and " ANSWERS_FOR "))"

DB_STMT(stmt_get,
	"select " DOCUMENT_JSON " from document d where d.id = $1::bigint");

/*
 * Newest first.  unacknowledged=true: a unit the caller answers for has
 * still to acknowledge ("my inbox"); false: the caller answers for a unit
 * and every such unit has acknowledged.  The list leaves out the bodies.
 */
DB_STMT(stmt_list,
	"with page as ("
	"  select d.id, " DOCUMENT_JSON " - 'body' as json from document d"
	"   where ($1::bigint is null or d.campaign_id = $1)"
	"     and ($2::boolean is null"
	"          or ($2 and exists (select 1 from " RECIPIENTS_OF_D
	"                              and r.acknowledged_at is null and " ANSWERS_FOR "))"
	"          or (not $2 and exists (select 1 from " RECIPIENTS_OF_D " and " ANSWERS_FOR ")"
	"                     and not exists (select 1 from " RECIPIENTS_OF_D
	"                                      and r.acknowledged_at is null and " ANSWERS_FOR ")))"
	"     and ($3::bigint is null or d.township_id = $3)"
	"     and ($4::bigint is null or d.id < $4)"
	"   order by d.id desc limit $5::int + 1)"
	LIST_PAGE_ANSWER("$5", "desc"));

/*
 * The positions (from 0) of the recipients that are not units of the
 * caller's township -- for the county admin, that are not townships of the
 * county.  Enterprise users are reached through their enterprise: a
 * document sent to one of them by name they could not read.
 */
DB_STMT(stmt_bad_recipients,
	"select (r.n - 1)::text from jsonb_array_elements($1::jsonb) with ordinality as r (x, n)"
	" where not case r.x->>'kind'"
	"   when 'user' then exists (select 1 from app_user u where u.id = (r.x->>'id')::bigint"
	"                             and u.township_id = app.township_id() and u.active"
	"                             and u.role <> 'enterprise')"
	"   when 'enterprise' then exists (select 1 from enterprise e where e.id = (r.x->>'id')::bigint"
	"                                   and e.township_id = app.township_id())"
	"   when 'grid_node' then exists (select 1 from grid_node g where g.id = (r.x->>'id')::bigint"
	"                                  and g.township_id = app.township_id())"
	"   when 'group' then exists (select 1 from working_group g where g.id = (r.x->>'id')::bigint"
	"                              and g.township_id = app.township_id())"
	"   when 'township' then app.role() = 'county_admin'"
	"                        and exists (select 1 from township t where t.id = (r.x->>'id')::bigint)"
	"   else false end"
	" order by r.n");

DB_STMT(stmt_campaign_ok,
	"select 1 from campaign where id = $1::bigint and township_id = app.township_id()");

/* The document and its recipients in one statement; a unit named twice is sent once. */
DB_STMT(stmt_create,
	"with body as (select $1::jsonb as b),"
	" doc as ("
	"  insert into document (township_id, campaign_id, title, number, body, sent_by)"
	"  select app.township_id(), (b->>'campaign_id')::bigint, b->>'title', b->>'number',"
	"         b->>'body', app.user_id() from body"
	"  returning id, township_id),"
	" sent as ("
	"  insert into document_recipient (township_id, document_id, recipient_kind, recipient_id)"
	"  select distinct doc.township_id, doc.id, x->>'kind', (x->>'id')::bigint"
	"    from doc, body, jsonb_array_elements(b->'recipients') x"
	"  returning 1)"
	"select id, (select count(*) from sent) from doc");

/*
 * The county's document, one in each township the recipients name (each
 * with the township as its one recipient): their ids as an array.
 */
DB_STMT(stmt_create_county,
	"with body as (select $1::jsonb as b),"
	" doc as ("
	"  insert into document (township_id, title, number, body, sent_by)"
	"  select t.id, b->>'title', b->>'number', b->>'body', app.user_id()"
	"    from body, (select distinct (x->>'id')::bigint as id"
	"                  from body, jsonb_array_elements(b->'recipients') x) t"
	"  returning id, township_id),"
	" sent as ("
	"  insert into document_recipient (township_id, document_id, recipient_kind, recipient_id)"
	"  select doc.township_id, doc.id, 'township', doc.township_id from doc"
	"  returning 1)"
	"select array_agg(id order by township_id)::text, (select count(*) from sent) from doc");

DB_STMT(stmt_get_many,
	"select jsonb_build_object('items', coalesce(jsonb_agg(" DOCUMENT_JSON " order by d.township_id), '[]'))"
	"  from document d where d.id = any ($1::bigint[])");

/*
 * Acknowledge every still open unit of the document the caller answers for.
 * One row: whether the document is visible and how many of its units the
 * caller answers for.
 */
DB_STMT(stmt_acknowledge,
	"with d as (select id, township_id from document where id = $1::bigint),"
	" mine as (select r.recipient_kind, r.recipient_id, r.acknowledged_at from d, " RECIPIENTS_OF_D
	"           and " ANSWERS_FOR "),"
	" done as ("
	"  update document_recipient r set acknowledged_at = now(), acknowledged_by = app.user_id()"
	"    from d, mine m"
	"   where r.township_id = d.township_id and r.document_id = d.id"
	"     and r.recipient_kind = m.recipient_kind and r.recipient_id = m.recipient_id"
	"     and m.acknowledged_at is null"
	"  returning 1)"
	"select (select count(*) from d), (select count(*) from mine), (select count(*) from done)");

DB_STMT(stmt_locate,
	"select id from document where id = $1::bigint for update");
DB_STMT(stmt_attach,
	"update document set attachment_id = $2::bigint where id = $1::bigint");

/* 422 with a "recipients[i]" detail for each recipient not of the township. */
static enum err check_recipients(struct request *req)
{
	const char *params[1] = {request_text(req, "recipients")};
	char field[48];
	PGresult *res;
	int problems = 0;
	enum err e;

	if ((e = db_query(req->db, &stmt_bad_recipients, &res, 1, params)) != ERR_NONE)
		return e;
	for (int i = 0; i < PQntuples(res); i++) {
		snprintf(field, sizeof(field), "recipients[%s]", PQgetvalue(res, i, 0));
		json_detail_add(request_details(req), field, "not_found",
		                "is not a unit of this township that can receive documents");
		problems++;
	}
	PQclear(res);
	return problems ? ERR_VALIDATION : ERR_NONE;
}

/* 422 unless the body's campaign_id (if any) is a campaign of the caller's township. */
static enum err check_campaign(struct request *req)
{
	const char *params[1] = {request_text(req, "campaign_id")};
	PGresult *res;
	enum err e;
	int found;

	if (params[0] == NULL)
		return ERR_NONE;
	if ((e = db_query(req->db, &stmt_campaign_ok, &res, 1, params)) != ERR_NONE)
		return e;
	found = PQntuples(res) == 1;
	PQclear(res);
	if (!found) {
		json_detail_add(request_details(req), "campaign_id", "invalid",
		                "is not a campaign of this township");
		return ERR_VALIDATION;
	}
	return ERR_NONE;
}

/*
 * GET /api/v1/documents -- 200 {"items", "next_cursor"}, newest first;
 * filters campaign_id, unacknowledged; 422 for a bad cursor.
 */
enum err document_list(struct request *req)
{
	static const char *const filters[] = {"campaign_id", "unacknowledged", "township_id", NULL};

	return list_answer(req, &stmt_list, filters);
}

/*
 * POST /api/v1/documents -- 201 the document; 409 for a closed campaign;
 * 422 for invalid fields, a campaign not of the township, or recipients
 * ("recipients[i]") that are malformed or not units of the township.
 * The county admin sends down to townships (recipients of kind
 * "township", without a campaign): 201 {"items"}, the document as each
 * township received it.
 */
enum err document_create(struct request *req)
{
	const char *params[1];
	PGresult *res;
	enum err e;

	if ((e = check_campaign(req)) != ERR_NONE || (e = check_recipients(req)) != ERR_NONE)
		return e;
	if (req->who.role != ROLE_COUNTY_ADMIN)
		return request_create(req, &stmt_create, &stmt_get);
	params[0] = request_body_text(req);
	if ((e = db_query(req->db, &stmt_create_county, &res, 1, params)) != ERR_NONE)
		return e;
	e = request_reply_row(req, &stmt_get_many, PQgetvalue(res, 0, 0), 201);
	PQclear(res);
	return e;
}

/*
 * GET /api/v1/documents/{id} -- 200; 404 if unknown, another township's, or
 * (for an enterprise user) not sent to the caller's enterprise.
 */
enum err document_get(struct request *req)
{
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}

/*
 * POST /api/v1/documents/{id}/acknowledge -- 200 the document, with every
 * unit the caller answers for acknowledged (again: no change); 404 if not
 * visible; 403 if the caller answers for none of its recipients.
 */
enum err document_acknowledge(struct request *req)
{
	const char *params[1] = {req->params[0]};
	PGresult *res;
	enum err e;
	int visible, mine;

	if ((e = db_query(req->db, &stmt_acknowledge, &res, 1, params)) != ERR_NONE)
		return e;
	visible = atoi(PQgetvalue(res, 0, 0)) > 0;
	mine = atoi(PQgetvalue(res, 0, 1)) > 0;
	PQclear(res);
	if (!visible)
		return ERR_NOT_FOUND;
	if (!mine) {
		request_message(req, "you answer for none of this document's recipients");
		return ERR_FORBIDDEN;
	}
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}

/*
 * POST /api/v1/documents/{id}/attachment (raw body: the file) -- 201 the
 * document with its new attachment; 404 if not visible; 409 for a closed
 * campaign; 413 past the upload limit; 415 for a type we do not take; 422
 * for an empty body.
 */
enum err document_attach(struct request *req)
{
	enum err e;

	if ((e = attachment_attach(req, "document", &stmt_locate, &stmt_attach)) != ERR_NONE)
		return e;
	return request_reply_row(req, &stmt_get, req->params[0], 201);
}
