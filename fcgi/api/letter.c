/*
 * letter.c -- responsibility letters (责任书): who signed for which grid node
 * of a township campaign, on each side and when, with the scanned letter.
 *
 * One letter per campaign and grid node (a unique key: 409).  Reads are row-
 * level security's business (the township's staff, never an enterprise);
 * writes are the committee's, and a closed campaign's letters are frozen by
 * the campaign trigger (409).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/attachment.h"
#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"
#include "server/list.h"

const struct field letter_list_query[] = {
	{"campaign_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"grid_node_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"signed", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	{"township_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	LIST_FIELDS,
	FIELDS_END,
};

const struct field letter_coverage_query[] = {
	{"campaign_id", FIELD_ID, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	{"signed", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	FIELDS_END,
};

const struct field letter_create_body[] = {
	{"campaign_id", FIELD_ID, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	{"grid_node_id", FIELD_ID, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	{"issuer_name", FIELD_STRING, FIELD_REQUIRED, 1, 50, NULL, NULL, NULL},
	{"issuer_user_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"signer_name", FIELD_STRING, FIELD_NULLABLE, 1, 50, NULL, NULL, NULL},
	{"signer_user_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"signed_on", FIELD_DATE, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"note", FIELD_STRING, FIELD_NULLABLE, 0, 500, NULL, NULL, NULL},
	FIELDS_END,
};

const struct field letter_update_body[] = {
	FIELD_VERSION("version"),
	{"issuer_name", FIELD_STRING, 0, 1, 50, NULL, NULL, NULL},
	{"issuer_user_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"signer_name", FIELD_STRING, FIELD_NULLABLE, 1, 50, NULL, NULL, NULL},
	{"signer_user_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"signed_on", FIELD_DATE, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"note", FIELD_STRING, FIELD_NULLABLE, 0, 500, NULL, NULL, NULL},
	FIELDS_END,
};

/* A letter row l as the API shows it. */
#define LETTER_JSON                                                                              \
	"json_build_object('id', l.id, 'township_id', l.township_id, 'campaign_id', l.campaign_id,"  \
	"  'grid_node_id', l.grid_node_id,"                                                         \
	"  'grid_node_name', (select n.name from grid_node n"                                       \
	"                      where n.township_id = l.township_id and n.id = l.grid_node_id),"      \
	"  'issuer_name', l.issuer_name, 'issuer_user_id', l.issuer_user_id,"                       \
	"  'signer_name', l.signer_name, 'signer_user_id', l.signer_user_id,"                       \
	"  'signed_on', l.signed_on, 'signed', l.signed_on is not null, 'note', l.note,"            \
	"  'attachment_id', l.attachment_id,"                                                       \
	"  'attachment_url', '/api/v1/attachments/' || l.attachment_id,"                            \
	"  'version', l.version, 'created_at', l.created_at, 'updated_at', l.updated_at)"

DB_STMT(stmt_get,
	"select " LETTER_JSON " from responsibility_letter l where l.id = $1::bigint");

DB_STMT(stmt_list,
	"with page as ("
	"  select l.id, " LETTER_JSON " as json from responsibility_letter l"
	"   where ($1::bigint is null or l.campaign_id = $1)"
	"     and ($2::bigint is null or l.grid_node_id = $2)"
	"     and ($3::boolean is null or (l.signed_on is not null) = $3)"
	"     and ($4::bigint is null or l.township_id = $4)"
	"     and ($5::bigint is null or l.id > $5)"
	"   order by l.id limit $6::int + 1)"
	LIST_PAGE_ANSWER("$6", ""));

/*
 * Every node of the campaign's township in tree order, each with its letter
 * for the campaign (or null), and the totals over all nodes whatever the
 * signed filter.  No row: the campaign is not visible; a null answer: it is
 * the county's campaign, which has no grid.
 */
DB_STMT(stmt_coverage,
	"with recursive c as (select id, township_id from campaign where id = $1::bigint),"
	" tree as ("
	"  select n.id, array[n.position::bigint, n.id] as path from grid_node n, c"
	"   where n.township_id = c.township_id and n.parent_id is null"
	"  union all"
	"  select n.id, t.path || array[n.position::bigint, n.id] from tree t, grid_node n, c"
	"   where n.township_id = c.township_id and n.parent_id = t.id),"
	" node as ("
	"  select t.path, l.signed_on is not null as signed,"
	"         json_build_object("
	"           'node', json_build_object('id', n.id, 'parent_id', n.parent_id, 'level', n.level,"
	"                                     'kind', n.kind, 'name', n.name,"
	"                                     'responsible_user_id', n.responsible_user_id),"
	"           'letter', case when l.id is not null then " LETTER_JSON " end,"
	"           'signed', l.signed_on is not null) as json"
	"    from tree t"
	"    join c on true"
	"    join grid_node n on n.township_id = c.township_id and n.id = t.id"
	"    left join responsibility_letter l on l.campaign_id = c.id and l.grid_node_id = n.id)"
	"select case when c.township_id is not null then json_build_object("
	"  'campaign_id', c.id,"
	"  'totals', (select json_build_object('nodes', count(*), 'signed', count(*) filter (where signed),"
	"                                      'unsigned', count(*) filter (where not signed)) from node),"
	"  'items', coalesce((select json_agg(json order by path) from node"
	"                      where $2::boolean is null or signed = $2), '[]')) end"
	"  from c");

/*
 * The problems with the ids a letter refers to, one column each (true: fine):
 * a township campaign of the caller's township, a grid node and users of it,
 * and a signing day that is not in the future.  A null id is not checked.
 */
DB_STMT(stmt_check,
	"select $1::bigint is null or exists (select 1 from campaign c where c.id = $1::bigint"
	"                                      and c.township_id = app.township_id()),"
	"       $2::bigint is null or exists (select 1 from grid_node n where n.id = $2::bigint"
	"                                      and n.township_id = app.township_id()),"
	"       $3::bigint is null or exists (select 1 from app_user u where u.id = $3::bigint"
	"                                      and u.township_id = app.township_id()),"
	"       $4::bigint is null or exists (select 1 from app_user u where u.id = $4::bigint"
	"                                      and u.township_id = app.township_id()),"
	"       $5::date is null or $5::date <= app.today()");

DB_STMT(stmt_create,
	"insert into responsibility_letter (township_id, campaign_id, grid_node_id, issuer_name,"
	"                                   issuer_user_id, signer_name, signer_user_id, signed_on, note)"
	"select app.township_id(), (b->>'campaign_id')::bigint, (b->>'grid_node_id')::bigint,"
	"       b->>'issuer_name', (b->>'issuer_user_id')::bigint, b->>'signer_name',"
	"       (b->>'signer_user_id')::bigint, (b->>'signed_on')::date, b->>'note'"
	"  from (select $1::jsonb as b) body returning id");

DB_STMT(stmt_version,
	"select version from responsibility_letter where id = $1::bigint");

DB_STMT(stmt_update,
	"update responsibility_letter l set"
	"  issuer_name = case when b ? 'issuer_name' then b->>'issuer_name' else issuer_name end,"
	"  issuer_user_id = case when b ? 'issuer_user_id' then (b->>'issuer_user_id')::bigint"
	"                        else issuer_user_id end,"
	"  signer_name = case when b ? 'signer_name' then b->>'signer_name' else signer_name end,"
	"  signer_user_id = case when b ? 'signer_user_id' then (b->>'signer_user_id')::bigint"
	"                        else signer_user_id end,"
	"  signed_on = case when b ? 'signed_on' then (b->>'signed_on')::date else signed_on end,"
	"  note = case when b ? 'note' then b->>'note' else note end"
	"  from (select $2::jsonb as b) body"
	" where l.id = $1::bigint and l.version = $3::int returning l.id");

DB_STMT(stmt_locate,
	"select id from responsibility_letter where id = $1::bigint for update");
DB_STMT(stmt_attach,
	"update responsibility_letter set attachment_id = $2::bigint where id = $1::bigint");

/* ERR_VALIDATION with a detail for each reference the body gets wrong. */
static enum err check_references(struct request *req)
{
	static const struct {
		const char *field, *message;
	} checks[] = {
		{"campaign_id", "is not a campaign of this township"},
		{"grid_node_id", "is not a grid node of this township"},
		{"issuer_user_id", "is not a user of this township"},
		{"signer_user_id", "is not a user of this township"},
		{"signed_on", "cannot be in the future"},
	};
	const char *params[5];
	PGresult *res;
	int problems = 0;
	enum err e;

	for (int i = 0; i < 5; i++) {
		/* An update's body has no campaign_id nor grid_node_id. */
		const struct field_value *v = input_value(&req->in_body, checks[i].field);
		params[i] = v && v->sent && !v->null ? v->text : NULL;
	}
	if ((e = db_query(req->db, &stmt_check, &res, 5, params)) != ERR_NONE)
		return e;
	for (int i = 0; i < 5; i++) {
		if (strcmp(PQgetvalue(res, 0, i), "t") != 0) {
			json_detail_add(request_details(req), checks[i].field, "invalid", checks[i].message);
			problems++;
		}
	}
	PQclear(res);
	return problems ? ERR_VALIDATION : ERR_NONE;
}

/* Name the field behind the constraints whose names say nothing. */
static enum err explain_write_error(struct request *req, enum err e)
{
	const char *constraint = req->db->constraint;

	if (e == ERR_VALIDATION && strcmp(constraint, "responsibility_letter_check") == 0)
		json_detail_add(request_details(req), "signed_on", "invalid",
		                "a signed letter needs the signer's name");
	else if (e == ERR_DUPLICATE && strcmp(constraint, "responsibility_letter_campaign_id_grid_node_id_key") == 0)
		json_detail_add(request_details(req), "grid_node_id", "duplicate",
		                "has a letter for this campaign already");
	return e;
}

/*
 * GET /api/v1/responsibility-letters -- 200 {"items", "next_cursor"} by id;
 * filters campaign_id, grid_node_id, signed; 422 for a bad cursor.
 */
enum err letter_list(struct request *req)
{
	static const char *const filters[] = {"campaign_id", "grid_node_id", "signed", "township_id", NULL};

	return list_answer(req, &stmt_list, filters);
}

/*
 * GET /api/v1/responsibility-letters/coverage?campaign_id= -- 200 every grid
 * node of the campaign's township with its letter and whether it is signed,
 * and the totals; 404 for a campaign the caller cannot see; 422 for the
 * county's campaign.
 */
enum err letter_coverage(struct request *req)
{
	const char *params[2] = {request_text(req, "campaign_id"), request_text(req, "signed")};
	PGresult *res;
	enum err e;

	if ((e = db_query(req->db, &stmt_coverage, &res, 2, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ERR_NOT_FOUND;
	}
	if (PQgetisnull(res, 0, 0)) {
		PQclear(res);
		json_detail_add(request_details(req), "campaign_id", "invalid",
		                "is a county campaign; ask for a township campaign");
		return ERR_VALIDATION;
	}
	request_reply_result(req, res, 200);
	return ERR_NONE;
}

/* GET /api/v1/responsibility-letters/{id} -- 200; 404 if unknown or not visible. */
enum err letter_get(struct request *req)
{
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}

/*
 * POST /api/v1/responsibility-letters -- 201 the letter; 409 duplicate for a
 * node that has a letter for the campaign, bad_state for a closed campaign;
 * 422 for invalid fields, a campaign, node or user not of the township, or
 * a signing day without a signer.
 */
enum err letter_create(struct request *req)
{
	enum err e;

	if ((e = check_references(req)) != ERR_NONE)
		return e;
	if ((e = request_create(req, &stmt_create, &stmt_get)) != ERR_NONE)
		return explain_write_error(req, e);
	return ERR_NONE;
}

/*
 * PATCH /api/v1/responsibility-letters/{id} {"version", ...} -- 200; 404 if
 * not visible; 409 stale_version, or bad_state for a closed campaign; 422
 * for invalid fields, users not of the township, or a signing day without a
 * signer.
 */
enum err letter_update(struct request *req)
{
	enum err e;

	if ((e = request_check_version(req, &stmt_version)) != ERR_NONE ||
	    (e = check_references(req)) != ERR_NONE)
		return e;
	if ((e = request_update(req, &stmt_update)) != ERR_NONE)
		return explain_write_error(req, e);
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}

/*
 * POST /api/v1/responsibility-letters/{id}/attachment (raw body: the scan) --
 * 201 the letter with its new attachment; 404 if not visible; 409 for a
 * closed campaign; 413 past the upload limit; 415 for a type we do not take;
 * 422 for an empty body.  The stored file and the link are one transaction.
 */
enum err letter_attach(struct request *req)
{
	enum err e;

	if ((e = attachment_attach(req, "responsibility_letter", &stmt_locate, &stmt_attach)) != ERR_NONE)
		return e;
	return request_reply_row(req, &stmt_get, req->params[0], 201);
}
