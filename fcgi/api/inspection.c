/*
 * inspection.c -- inspections (检查): one enterprise, one campaign, one
 * template version, recorded item by item as the inspector walks the site,
 * then submitted; every "hazard" result opens one hazard.
 *
 * Who makes an inspection depends on its kind, and the same people record
 * its results and submit it: the enterprise's own user a self-inspection
 * (自查自报), the supervision group an unannounced one (暗访), the
 * committee and the departments routine and joint ones.  Row-level
 * security decides which inspections a caller sees (an enterprise user:
 * its own enterprise's); the database keeps a submitted inspection and its
 * results final (SG409) and one hazard per inspection item.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/attachment.h"
#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"
#include "server/list.h"
#include "db/sqlbuf.h"
#include "api/export.h"

#define INSPECTION_MAX_INSPECTORS 20

static const char *const inspection_kinds[] = {"routine", "joint", "self", "unannounced", NULL};
static const char *const inspection_statuses[] = {"draft", "submitted", NULL};
static const char *const result_values[] = {"ok", "hazard", "na", NULL};
static const char *const result_modes[] = {"immediate", "deadline", NULL};

/* Who makes (and then records and submits) an inspection of each kind. */
static const struct {
	const char *kind;
	unsigned roles;
	const char *refusal;
} inspection_makers[] = {
	{"routine", COMMITTEE | DEPARTMENT,
	 "routine inspections are made by the township's committee and departments"},
	{"joint", COMMITTEE | DEPARTMENT,
	 "joint inspections are made by the township's committee and departments"},
	{"self", ENTERPRISE, "a self-inspection is made by the enterprise's own user"},
	{"unannounced", SUPERVISOR, "unannounced inspections are made by the supervision group"},
};

/* A cursor this list hands out: "YYYY-MM-DD,id". */
static const char *inspection_cursor_valid(const struct field *f, struct field_value *v, const char **code)
{
	const char *cursor = v->text;
	char date[11];
	size_t digits;

	(void)f;
	(void)code;
	if (v->len < 12 || cursor[10] != ',')
		return "is not a cursor this list handed out";
	memcpy(date, cursor, 10);
	date[10] = '\0';
	digits = strspn(cursor + 11, "0123456789");
	if (!date_valid(date) || digits == 0 || digits > 18 || cursor[11 + digits] != '\0')
		return "is not a cursor this list handed out";
	return NULL;
}

/*
 * The cross-field rules of a result: only a hazard has a measure, a mode
 * and a deadline, and a hazard rectified on the spot has no deadline.
 */
static int inspection_result_check(const struct request *req, json_object *details)
{
	static const char *const hazard_only[] = {"measure", "mode", "deadline"};
	const char *mode = request_text(req, "mode");
	int problems = 0;

	if (strcmp(request_text(req, "result"), "hazard") != 0) {
		for (size_t i = 0; i < sizeof(hazard_only) / sizeof(hazard_only[0]); i++) {
			if (request_text(req, hazard_only[i])) {
				json_detail_add(details, hazard_only[i], "not_allowed",
				                "only a hazard result has a measure, a mode and a deadline");
				problems++;
			}
		}
	} else if (request_text(req, "deadline") && mode && strcmp(mode, "immediate") == 0) {
		json_detail_add(details, "deadline", "not_allowed", "a hazard rectified on the spot has no deadline");
		problems++;
	}
	return problems;
}

/* The list's filters, which its ledger (export) takes too. */
#define INSPECTION_FILTER_FIELDS \
	{"enterprise_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL}, \
	{"campaign_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL}, \
	{"kind", FIELD_ENUM, 0, 0, 0, inspection_kinds, NULL, NULL}, \
	{"status", FIELD_ENUM, 0, 0, 0, inspection_statuses, NULL, NULL}, \
	{"from", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL}, \
	{"to", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL}, \
	{"township_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL}

const struct field inspection_list_query[] = {
	INSPECTION_FILTER_FIELDS,
	LIST_FIELDS_CURSOR(inspection_cursor_valid),
	FIELDS_END,
};

const struct field inspection_export_query[] = {
	INSPECTION_FILTER_FIELDS,
	FIELDS_END,
};

/* Without checklist_id: the county's published township-registration template. */
const struct field inspection_create_body[] = {
	{"enterprise_id", FIELD_ID, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	{"campaign_id", FIELD_ID, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	{"checklist_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"kind", FIELD_ENUM, FIELD_REQUIRED, 0, 0, inspection_kinds, NULL, NULL},
	{"inspected_on", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	{"inspector_ids", FIELD_ARRAY, 0, 0, INSPECTION_MAX_INSPECTORS, NULL, field_ids, NULL},
	{"note", FIELD_STRING, FIELD_NULLABLE, 0, 2000, NULL, NULL, NULL},
	FIELDS_END,
};

/* measure, mode and deadline: only with a hazard; they go to the hazard on submit. */
const struct field inspection_result_body[] = {
	{"result", FIELD_ENUM, FIELD_REQUIRED, 0, 0, result_values, NULL, NULL},
	{"note", FIELD_STRING, FIELD_NULLABLE, 0, 2000, NULL, NULL, NULL},
	{"measure", FIELD_STRING, FIELD_NULLABLE, 0, 2000, NULL, NULL, NULL},
	{"mode", FIELD_ENUM, FIELD_NULLABLE, 0, 0, result_modes, NULL, NULL},
	{"deadline", FIELD_DATE, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	FIELDS_END_CHECK(inspection_result_check),
};

/* The photos of inspection i's item x. */
#define PHOTOS_OF_ITEM                                                                          \
	"coalesce((select jsonb_agg(jsonb_build_object('id', a.id, 'url', '/api/v1/attachments/' || a.id," \
	"                                               'tag', a.tag, 'content_type', a.content_type," \
	"                                               'file_name', a.file_name) order by a.id)"    \
	"            from attachment a where a.township_id = i.township_id and a.entity_type = 'inspection'" \
	"             and a.entity_id = i.id and a.item_id = x.id), '[]')"

/* What inspection i records for item x (result r, null if none yet). */
#define RESULT_MEMBERS                                                                          \
	"'result', r.result, 'note', r.note, 'measure', r.measure, 'mode', r.mode,"                 \
	"'deadline', r.deadline, 'recorded_by', r.recorded_by, 'recorded_at', r.updated_at,"        \
	"'photos', " PHOTOS_OF_ITEM

/*
 * How the API shows inspection i: its card (0037: kept by the writes,
 * app.inspection_cards_computed), as JSON text (alias c: i's inspection_card).
 */
#define INSPECTION_CARD_JOIN " join inspection_card c on c.inspection_id = i.id"

/* The list's filters; the township, the cursor and the page are in inspection_list. */
static const struct sqlbuf_filter inspection_filters[] = {
	SQLBUF_FILTER("enterprise_id", " and i.enterprise_id = $?::bigint"),
	SQLBUF_FILTER("campaign_id", " and i.campaign_id = $?::bigint"),
	SQLBUF_FILTER("kind", " and i.kind = $?"),
	SQLBUF_FILTER("status", " and i.status = $?"),
	SQLBUF_FILTER("from", " and i.inspected_on >= $?::date"),
	SQLBUF_FILTER("to", " and i.inspected_on <= $?::date"),
	SQLBUF_FILTER("township_id", " and i.township_id = $?::bigint"),
	SQLBUF_FILTERS_END,
};

/* The list's order, and its cursor: the key of inspection i in it. */
#define INSPECTION_ORDER "i.inspected_on desc, i.id desc"
#define INSPECTION_CURSOR "i.inspected_on || ',' || i.id"

DB_STMT(stmt_get,
	"select c.json::jsonb || jsonb_build_object("
	"  'categories', app.checklist_tree(i.checklist_id, ("
	"     select jsonb_object_agg(x.id, jsonb_build_object(" RESULT_MEMBERS ","
	"              'applies', cardinality(x.sector_codes) = 0 or ent.sector_code = any (x.sector_codes),"
	"              'hazard_id', (select h.id from hazard h where h.inspection_id = i.id and h.item_id = x.id)))"
	"       from checklist_item x"
	"       left join inspection_result r"
	"         on r.township_id = i.township_id and r.inspection_id = i.id and r.item_id = x.id"
	"      where x.checklist_id = i.checklist_id)),"
	"  'hazards', coalesce((select jsonb_agg(jsonb_build_object('id', h.id, 'item_id', h.item_id,"
	"                         'item_code', x.code, 'description', h.description, 'severity', h.severity,"
	"                         'mode', h.mode, 'measure', h.measure, 'deadline', h.deadline,"
	"                         'status', h.status) order by x.position)"
	"                         from hazard h join checklist_item x on x.id = h.item_id"
	"                        where h.township_id = i.township_id and h.inspection_id = i.id), '[]'))"
	"  from inspection i" INSPECTION_CARD_JOIN
	"  left join lateral (select s.code as sector_code from enterprise e join sector s on s.id = e.sector_id"
	"                      where e.township_id = i.township_id and e.id = i.enterprise_id) ent on true"
	" where i.id = $1::bigint");

/*
 * The rules of a new inspection that span fields and rows, as (field,
 * code, message) rows; none when all hold.
 */
DB_STMT(stmt_check,
	"with b as (select $1::jsonb as b)"
	"select problem.field, problem.code, problem.message"
	"  from b cross join lateral (values"
	"   ('enterprise_id', 'not_found', 'is not an enterprise of your township',"
	"    not exists (select 1 from enterprise e"
	"                 where e.id = (b->>'enterprise_id')::bigint and e.township_id = app.township_id())),"
	"   ('campaign_id', 'not_found', 'is not a campaign of your township',"
	"    not exists (select 1 from campaign c"
	"                 where c.id = (b->>'campaign_id')::bigint and c.township_id = app.township_id())),"
	"   ('checklist_id', 'not_published', 'is not a published checklist template of the county',"
	"    b->>'checklist_id' is not null and not exists (select 1 from checklist c"
	"      where c.id = (b->>'checklist_id')::bigint and c.status = 'published')),"
	"   ('checklist_id', 'required', 'the county has no published township-registration template: name one',"
	"    b->>'checklist_id' is null and not exists (select 1 from checklist c"
	"      where c.county_id = app.county_id() and c.code = 'township-registration' and c.status = 'published')),"
	"   ('inspected_on', 'future', 'cannot be after today', (b->>'inspected_on')::date > app.today()),"
	"   ('inspector_ids', 'not_found', 'must be active staff of your township (of a self-inspection:"
	" the enterprise''s own users)',"
	"    exists (select 1 from jsonb_array_elements_text(coalesce(b->'inspector_ids', '[]')) v"
	"             where not exists (select 1 from app_user u where u.id = v::bigint"
	"                                  and u.township_id = app.township_id() and u.active"
	"                                  and (u.role = 'enterprise') = (b->>'kind' = 'self'))))"
	"  ) as problem (field, code, message, failed)"
	" where problem.failed");

/* Inspectors in the order given, each once; none given: the caller. */
DB_STMT(stmt_create,
	"insert into inspection (township_id, enterprise_id, campaign_id, checklist_id, kind, inspected_on,"
	"                        inspector_ids, note, created_by)"
	"select app.township_id(), (b->>'enterprise_id')::bigint, (b->>'campaign_id')::bigint,"
	"       coalesce((b->>'checklist_id')::bigint,"
	"                (select c.id from checklist c where c.county_id = app.county_id()"
	"                    and c.code = 'township-registration' and c.status = 'published')),"
	"       b->>'kind', (b->>'inspected_on')::date,"
	"       coalesce((select array_agg(v.id order by v.first) from"
	"                   (select t.v::bigint as id, min(t.n) as first"
	"                      from jsonb_array_elements_text(b->'inspector_ids') with ordinality t (v, n)"
	"                     group by t.v::bigint) v),"
	"                array[app.user_id()]),"
	"       nullif(b->>'note', ''), app.user_id()"
	"  from (select $1::jsonb as b) body "
	"returning id");

/* The inspection to write to, locked for the request; the row-level security hides others. */
DB_STMT(stmt_locate,
	"select kind, status, inspected_on, checklist_id from inspection where id = $1::bigint for update");

/* Item $2 (a code such as "C03") of the template version $1. */
DB_STMT(stmt_item,
	"select id from checklist_item where checklist_id = $1::bigint and code = $2");

/* Saved item by item: the latest answer stands.  SG409 once submitted. */
DB_STMT(stmt_result_save,
	"with saved as ("
	"  insert into inspection_result (township_id, inspection_id, item_id, result, note, measure, mode,"
	"                                 deadline, recorded_by)"
	"  select i.township_id, i.id, $2::bigint, b->>'result', nullif(b->>'note', ''),"
	"         nullif(b->>'measure', ''), b->>'mode', (b->>'deadline')::date, app.user_id()"
	"    from inspection i, (select $3::jsonb as b) body where i.id = $1::bigint"
	"  on conflict (township_id, inspection_id, item_id) do update set"
	"    result = excluded.result, note = excluded.note, measure = excluded.measure,"
	"    mode = excluded.mode, deadline = excluded.deadline, recorded_by = excluded.recorded_by,"
	"    updated_at = now()"
	"  returning *)"
	"select jsonb_build_object('inspection_id', r.inspection_id, 'item_id', x.id, 'item_code', x.code,"
	"                          " RESULT_MEMBERS ")"
	"  from saved r join inspection i on i.township_id = r.township_id and i.id = r.inspection_id"
	"  join checklist_item x on x.id = r.item_id");

/* A photo names the item it shows (attachment_store files it under the inspection). */
DB_STMT(stmt_photo_item,
	"update attachment a set item_id = $2::bigint where a.id = $1::bigint"
	" returning jsonb_build_object('id', a.id, 'inspection_id', a.entity_id, 'item_id', a.item_id,"
	"   'item_code', (select x.code from checklist_item x where x.id = a.item_id), 'tag', a.tag,"
	"   'content_type', a.content_type, 'size', a.size, 'file_name', a.file_name,"
	"   'url', '/api/v1/attachments/' || a.id, 'created_at', a.created_at)");

/* The codes of the items without a result, in the template's order. */
DB_STMT(stmt_missing,
	"select x.code from inspection i join checklist_item x on x.checklist_id = i.checklist_id"
	" where i.id = $1::bigint"
	"   and not exists (select 1 from inspection_result r where r.township_id = i.township_id"
	"                      and r.inspection_id = i.id and r.item_id = x.id)"
	" order by x.position");

/*
 * Submitting: the inspection becomes final (SG409 if it was already), and
 * each hazard result opens its hazard with its report event, as
 * app.inspection_open_hazards (0008) says.
 */
DB_STMT(stmt_submit,
	"update inspection set status = 'submitted', submitted_by = app.user_id(), submitted_at = now()"
	" where id = $1::bigint");
DB_STMT(stmt_open_hazards,
	"select app.inspection_open_hazards($1::bigint, app.user_id())");

/* 403 unless the caller's role makes inspections of this kind (a message says who does). */
static enum err inspection_maker_check(struct request *req, const char *kind)
{
	for (size_t i = 0; i < sizeof(inspection_makers) / sizeof(inspection_makers[0]); i++) {
		if (strcmp(inspection_makers[i].kind, kind) != 0)
			continue;
		if (inspection_makers[i].roles & (1u << req->who.role))
			return ERR_NONE;
		request_message(req, inspection_makers[i].refusal);
		return ERR_FORBIDDEN;
	}
	return ERR_FORBIDDEN;
}

/*
 * The inspection of the path, locked, for a write by the caller: 404 if
 * not visible, 403 if the caller does not make inspections of its kind.
 * *found (PQclear it) holds kind, status, inspected_on, checklist_id.
 */
static enum err inspection_open(struct request *req, PGresult **found)
{
	const char *params[1] = {req->params[0]};
	enum err e;

	*found = NULL;
	if ((e = db_query(req->db, &stmt_locate, found, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(*found) != 1)
		return ERR_NOT_FOUND;
	return inspection_maker_check(req, PQgetvalue(*found, 0, 0));
}

/* The id of the path's item (its code) in the inspection's template version, or 404. */
static enum err inspection_item(struct request *req, const PGresult *found, char id[24])
{
	const char *params[2] = {PQgetvalue(found, 0, 3), req->params[1]};
	PGresult *res;
	enum err e;

	if ((e = db_query(req->db, &stmt_item, &res, 2, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		PQclear(res);
		request_message(req, "no such item in this inspection's checklist");
		return ERR_NOT_FOUND;
	}
	snprintf(id, 24, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return ERR_NONE;
}

/* A hazard's deadline is not before the day of its inspection (a rule of the row). */
static int check_deadline(struct request *req, const char *inspected_on)
{
	const char *deadline = request_text(req, "deadline");

	if (deadline && strcmp(deadline, inspected_on) < 0) {
		json_detail_add(request_details(req), "deadline", "before_inspection",
		                "cannot be before the day of the inspection");
		return 1;
	}
	return 0;
}

/*
 * The inspections (alias i) that the request's filters name, as a WHERE
 * clause; what the list and its ledger share.  A township's caller names
 * the township, so that the walk of inspection_list (township, day, id)
 * starts in its part and is already in the list's order; row-level security
 * alone names a set of townships, which makes PostgreSQL read all of them
 * and sort.
 */
static void inspection_where(const struct request *req, struct sqlbuf *q)
{
	if (req->who.township_id)
		sqlbuf_add(q, " where i.township_id = app.township_id()");
	else
		sqlbuf_add(q, " where true");
	list_filters(q, inspection_filters, req);
}

/*
 * GET /api/v1/inspections -- 200 {"items", "next_cursor"}, newest first by
 * (inspected_on, id); filters enterprise_id, campaign_id, kind, status,
 * from, to (inspected_on, inclusive), township_id (a county admin's choice
 * of township); 422 for a bad filter or cursor.  An
 * enterprise user sees its own enterprise's inspections only.
 */
void inspection_list_sql(const struct request *req, const struct list_page *page, struct sqlbuf *q)
{
	sqlbuf_add(q, "select c.json, " INSPECTION_CURSOR
	              " from inspection i join inspection_card c on c.inspection_id = i.id");
	inspection_where(req, q);
	if (page->cursor)
		sqlbuf_bind(q, " and (i.inspected_on, i.id) < (split_part($?, ',', 1)::date,"
		               " split_part($?, ',', 2)::bigint)", page->cursor);
	sqlbuf_bind(q, LIST_CARDS_PAGE(INSPECTION_ORDER), page->limit_text);
}

enum err inspection_list(struct request *req)
{
	return list_answer_cards(req, inspection_list_sql, ", ");   /* as json_agg joins jsonb */
}

/* ---------------------------------------------------------------------------
 * The ledger (检查台账): the list's filters and order, every matching row
 * ------------------------------------------------------------------------- */

static const struct public_label inspection_status_labels[] = {
	{"draft", "草稿"}, {"submitted", "已提交"}, {NULL, NULL},
};

static const struct export_column inspection_columns[] = {
	{"检查编号", EXPORT_NUMBER, 10, NULL},
	{"企业名称", EXPORT_TEXT, 30, NULL},
	{"检查类型", EXPORT_LABEL, 10, public_inspection_kinds},
	{"检查日期", EXPORT_DATE, 12, NULL},
	{"检查人员", EXPORT_TEXT, 20, NULL},
	{"检查表", EXPORT_TEXT, 24, NULL},
	{"合格项", EXPORT_NUMBER, 8, NULL},
	{"隐患项", EXPORT_NUMBER, 8, NULL},
	{"不适用项", EXPORT_NUMBER, 8, NULL},
	{"状态", EXPORT_LABEL, 8, inspection_status_labels},
	{"提交时间", EXPORT_TIME, 17, NULL},
	{"备注", EXPORT_TEXT, 30, NULL},
	{NULL, 0, 0, NULL},
};

static enum err inspection_ledger_rows(struct request *req, struct sqlbuf *q, char scratch[EXPORT_SCRATCH])
{
	(void)scratch;
	sqlbuf_add(q, "select i.id, e.name, i.kind, i.inspected_on,"
	              " (select string_agg(u.display_name, '、' order by array_position(i.inspector_ids, u.id))"
	              "    from app_user u where u.id = any (i.inspector_ids)),"
	              " c.name, r.ok, r.hazard, r.na, i.status,"
	              " to_char(i.submitted_at, 'YYYY-MM-DD HH24:MI:SS'), i.note"
	              " from inspection i"
	              " left join enterprise e on e.township_id = i.township_id and e.id = i.enterprise_id"
	              " left join checklist c on c.id = i.checklist_id"
	              " cross join lateral ("
	              "   select count(*) filter (where x.result = 'ok') as ok,"
	              "          count(*) filter (where x.result = 'hazard') as hazard,"
	              "          count(*) filter (where x.result = 'na') as na"
	              "     from inspection_result x where x.township_id = i.township_id and x.inspection_id = i.id) r");
	inspection_where(req, q);
	sqlbuf_add(q, " order by i.inspected_on desc, i.id desc");
	return ERR_NONE;
}

static const struct export_ledger inspection_ledger = {"inspections", "检查台账", inspection_columns,
                                                       inspection_ledger_rows};

/*
 * GET /api/v1/exports/inspections.xlsx and .csv -- 200 the inspections the
 * list would show with the same filters, every one, as the ledger (检查台账);
 * 422 for a bad filter.
 */
enum err inspection_export(struct request *req)
{
	return export_answer(req, &inspection_ledger);
}

/*
 * GET /api/v1/inspections/{id} -- 200 the inspection with every item of
 * its template version by category, what was recorded for each, and the
 * hazards it opened; 404 if not visible to the caller.
 */
enum err inspection_get(struct request *req)
{
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}

/*
 * POST /api/v1/inspections {"enterprise_id", "campaign_id", "checklist_id"?,
 * "kind", "inspected_on", "inspector_ids"?, "note"?} -- 201 the draft; 403
 * if the caller's role does not make inspections of that kind, or a
 * self-inspection is not of the caller's own enterprise; 409 for a closed
 * campaign; 422 for invalid fields, an enterprise, campaign or inspectors
 * not of the township, a template that is not published, a future date.
 */
enum err inspection_create(struct request *req)
{
	enum err e;

	if ((e = inspection_maker_check(req, request_text(req, "kind"))) != ERR_NONE)
		return e;
	if (req->who.role == ROLE_ENTERPRISE && request_int(req, "enterprise_id") != req->who.enterprise_id) {
		request_message(req, "a self-inspection is of your own enterprise");
		return ERR_FORBIDDEN;
	}
	if ((e = request_check_rules(req, &stmt_check)) != ERR_NONE)
		return e;
	return request_create(req, &stmt_create, &stmt_get);
}

/*
 * PUT /api/v1/inspections/{id}/results/{item} {"result", "note"?, and for a
 * hazard "measure"?, "mode"?, "deadline"?} -- 200 the saved result of the
 * item (a code such as "C03"); 403 if the caller does not make inspections
 * of its kind; 404 if the inspection is not visible or its template has no
 * such item; 409 once submitted; 422 for invalid fields, hazard fields on
 * another result, a deadline with "immediate" or before the inspection.
 */
enum err inspection_result_put(struct request *req)
{
	const char *params[3];
	PGresult *found = NULL;
	char item[24];
	enum err e;

	if ((e = inspection_open(req, &found)) != ERR_NONE || (e = inspection_item(req, found, item)) != ERR_NONE)
		goto out;
	if (check_deadline(req, PQgetvalue(found, 0, 2)) > 0) {
		e = ERR_VALIDATION;
		goto out;
	}
	params[0] = req->params[0];
	params[1] = item;
	params[2] = request_body_text(req);
	e = request_reply_query(req, &stmt_result_save, 3, params, 200);
out:
	PQclear(found);
	return e;
}

/*
 * POST /api/v1/inspections/{id}/results/{item}/attachments?tag= (raw body:
 * a photo or a scan) -- 201 the attachment, filed under the inspection and
 * its item; 403 as for a result; 404 if the inspection is not visible or
 * has no such item; 409 once submitted; 413 past the upload limit; 415 for
 * a type we do not take; 422 for an empty body.
 */
enum err inspection_result_attach(struct request *req)
{
	const char *params[2];
	PGresult *found = NULL;
	char item[24], attachment[24];
	enum err e;

	if ((e = inspection_open(req, &found)) != ERR_NONE || (e = inspection_item(req, found, item)) != ERR_NONE)
		goto out;
	if (strcmp(PQgetvalue(found, 0, 1), "draft") != 0) {
		request_message(req, "the inspection is submitted and can no longer change");
		e = ERR_BAD_STATE;
		goto out;
	}
	if ((e = attachment_store(req, "inspection", request_param_id(req, 0), request_text(req, "tag"),
	                          attachment)) != ERR_NONE)
		goto out;
	params[0] = attachment;
	params[1] = item;
	e = request_reply_query(req, &stmt_photo_item, 2, params, 201);
out:
	PQclear(found);
	return e;
}

/*
 * POST /api/v1/inspections/{id}/submit -- 200 the inspection, submitted,
 * with the hazards it opened (one per hazard result, each with its
 * "report" event); 403 as for a result; 404 if not visible; 409 if already
 * submitted (nothing is opened twice) or the campaign is closed; 422 with
 * a "results.<code>" detail for every item without a result.
 */
enum err inspection_submit(struct request *req)
{
	const char *params[1] = {req->params[0]};
	PGresult *found = NULL, *missing = NULL;
	enum err e;

	if ((e = inspection_open(req, &found)) != ERR_NONE)
		goto out;
	if ((e = db_query(req->db, &stmt_missing, &missing, 1, params)) != ERR_NONE)
		goto out;
	for (int i = 0; i < PQntuples(missing); i++) {
		char field[32], message[64];

		snprintf(field, sizeof(field), "results.%s", PQgetvalue(missing, i, 0));
		snprintf(message, sizeof(message), "item %s has no result yet", PQgetvalue(missing, i, 0));
		json_detail_add(request_details(req), field, "missing", message);
		e = ERR_VALIDATION;
	}
	if (e != ERR_NONE) {
		request_message(req, "every item needs a result before the inspection is submitted");
		goto out;
	}
	if ((e = db_query(req->db, &stmt_submit, NULL, 1, params)) != ERR_NONE ||
	    (e = db_query(req->db, &stmt_open_hazards, NULL, 1, params)) != ERR_NONE)
		goto out;
	e = request_reply_row(req, &stmt_get, req->params[0], 200);
out:
	PQclear(missing);
	PQclear(found);
	return e;
}
