/*
 * order.c -- supervision orders (督办单): the supervision group's written
 * demand that a unit or a person put something right by a deadline.
 *
 * Only supervisors issue orders.  The database numbers each one per
 * township and year (地方督〔2026〕7号) under a counter row's lock, so
 * two issued at once never share a number and none is skipped.  The
 * addressee answers; the supervisor accepts (closed) or rejects (back to
 * the addressee); an order past its deadline can be escalated to the
 * committee.  The life cycle lives in app.supervision_order_transition;
 * this file only hands it the step.  The files of the answers are the
 * order's own attachments (entity_type supervision_order, 0029), which
 * exactly those who read the order may read.
 */
#include <stdio.h>
#include <stdlib.h>
#include "api/attachment.h"
#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"
#include "server/list.h"
#include "db/sqlbuf.h"
#include "api/export.h"

static const char *const order_states[] = {"issued", "answered", "rejected", "closed", "escalated", NULL};
static const char *const order_steps[] = {"accept", "reject", "escalate", NULL};

#define ORDER_LINKS_MAX 200

/* The list's filters, which its ledger (export) takes too. */
#define ORDER_FILTER_FIELDS \
	{"township_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL}, \
	{"state", FIELD_ENUM, 0, 0, 0, order_states, NULL, NULL}, \
	{"open", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL}, \
	{"overdue", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL}, \
	{"addressee_user_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL}, \
	{"hazard_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL}

const struct field order_list_query[] = {
	ORDER_FILTER_FIELDS,
	LIST_FIELDS,
	FIELDS_END,
};

const struct field order_export_query[] = {
	ORDER_FILTER_FIELDS,
	FIELDS_END,
};

/* One addressee, a user or a grid node; at least one hazard or task. */
static int order_create_check(const struct request *req, json_object *details)
{
	int problems = 0;

	if ((request_text(req, "addressee_user_id") == NULL) == (request_text(req, "addressee_grid_node_id") == NULL)) {
		json_detail_add(details, "addressee_user_id", "required",
		                "give addressee_user_id or addressee_grid_node_id, one of them");
		problems++;
	}
	if (request_field(req, "hazard_ids")->count == 0 && request_field(req, "task_ids")->count == 0) {
		json_detail_add(details, "hazard_ids", "required", "name at least one hazard or task");
		problems++;
	}
	return problems;
}

const struct field order_create_body[] = {
	{"addressee_user_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"addressee_grid_node_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"hazard_ids", FIELD_ARRAY, 0, 0, ORDER_LINKS_MAX, NULL, field_ids, NULL},
	{"task_ids", FIELD_ARRAY, 0, 0, ORDER_LINKS_MAX, NULL, field_ids, NULL},
	{"matter", FIELD_STRING, FIELD_REQUIRED, 1, 2000, NULL, NULL, NULL},
	{"action", FIELD_STRING, FIELD_REQUIRED, 1, 2000, NULL, NULL, NULL},
	{"deadline", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	{"listed", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	FIELDS_END_CHECK(order_create_check),
};

const struct field order_response_body[] = {
	{"note", FIELD_STRING, FIELD_REQUIRED, 1, 2000, NULL, NULL, NULL},
	{"attachment_ids", FIELD_ARRAY, 0, 0, 20, NULL, field_ids, NULL},
	FIELDS_END,
};

const struct field order_transition_body[] = {
	{"action", FIELD_ENUM, FIELD_REQUIRED, 0, 0, order_steps, NULL, NULL},
	{"note", FIELD_STRING, FIELD_NULLABLE, 0, 2000, NULL, NULL, NULL},
	FIELDS_END,
};

/* The list's filters, assembled (sqlbuf.h); the list and its ledger share them. */
static const struct sqlbuf_filter order_filters[] = {
	SQLBUF_FILTER("township_id", " and o.township_id = $?::bigint"),
	SQLBUF_FILTER("state", " and o.state = $?"),
	SQLBUF_FILTER("open", " and (o.state <> 'closed') = $?::boolean"),
	SQLBUF_FILTER("overdue", " and o.overdue = $?::boolean"),
	SQLBUF_FILTER("addressee_user_id", " and o.addressee_user_id = $?::bigint"),
	SQLBUF_FILTER("hazard_id", " and exists (select 1 from supervision_order_hazard l"
	                           "              where l.township_id = o.township_id and l.order_id = o.id"
	                           "                and l.hazard_id = $?::bigint)"),
	SQLBUF_FILTERS_END,
};

DB_STMT(stmt_get,
	"select o.json || jsonb_build_object('events', coalesce("
	"         (select jsonb_agg(jsonb_build_object('id', e.id, 'action', e.action, 'from_state', e.from_state,"
	"                                              'to_state', e.to_state, 'actor_id', e.actor_id,"
	"                                              'actor_name', (select u.display_name from app_user u"
	"                                                              where u.township_id = e.township_id"
	"                                                                and u.id = e.actor_id),"
	"                                              'note', e.note, 'attachment_ids', to_jsonb(e.attachment_ids),"
	"                                              'at', e.at) order by e.id)"
	"            from supervision_order_event e"
	"           where e.township_id = o.township_id and e.order_id = o.id), '[]'),"
	"       'attachments', coalesce("
	"         (select jsonb_agg(" ATTACHMENT_JSON " order by a.id) from attachment a"
	"           where a.township_id = o.township_id and a.entity_type = 'supervision_order'"
	"             and a.entity_id = o.id), '[]'))"
	"  from app.supervision_order_json o where o.id = $1::bigint");

/*
 * The rules across rows, as 422 details: the addressee a user of the
 * township who can answer or one of its grid nodes; hazards and tasks of
 * the township; a deadline not in the past; listed supervision (挂牌督办)
 * only about a major hazard.  (order_create_check has checked the fields.)
 */
DB_STMT(stmt_check,
	"with b as (select $1::jsonb as b),"
	" v as (select app.json_ids(b->'hazard_ids') as hazards, app.json_ids(b->'task_ids') as tasks,"
	"              (b->>'addressee_user_id')::bigint as addressee_user_id,"
	"              (b->>'addressee_grid_node_id')::bigint as addressee_grid_node_id,"
	"              (b->>'deadline')::date as deadline, coalesce((b->>'listed')::boolean, false) as listed"
	"         from b)"
	"select problem.field, problem.code, problem.message"
	"  from v cross join lateral (values"
	"   ('addressee_user_id', 'not_found', 'is not a committee or department user of your township',"
	"    v.addressee_user_id is not null and not exists (select 1 from app_user u"
	"      where u.id = v.addressee_user_id and u.township_id = app.township_id()"
	"        and u.role in ('committee', 'department') and u.active)),"
	"   ('addressee_grid_node_id', 'not_found', 'no such grid node',"
	"    v.addressee_grid_node_id is not null and not exists (select 1 from grid_node g"
	"      where g.id = v.addressee_grid_node_id and g.township_id = app.township_id())),"
	"   ('hazard_ids', 'not_found', 'names a hazard that is not your township''s',"
	"    exists (select 1 from unnest(v.hazards) x where not exists (select 1 from hazard h"
	"             where h.id = x and h.township_id = app.township_id()))),"
	"   ('task_ids', 'not_found', 'names a task that is not your township''s',"
	"    exists (select 1 from unnest(v.tasks) x where not exists (select 1 from task t"
	"             where t.id = x and t.township_id = app.township_id()))),"
	"   ('deadline', 'past', 'must be today or later', v.deadline < app.today()),"
	"   ('listed', 'not_major', 'listed supervision is for a major hazard',"
	"    v.listed and not exists (select 1 from hazard h where h.id = any (v.hazards)"
	"                              and h.township_id = app.township_id() and h.severity = 'major'))"
	"  ) as problem (field, code, message, failed)"
	" where problem.failed");

DB_STMT(stmt_create,
	"with b as (select $1::jsonb as b),"
	" o as (insert into supervision_order (township_id, addressee_user_id, addressee_grid_node_id,"
	"                                       matter, action, deadline, listed, issued_by)"
	"       select app.township_id(), (b->>'addressee_user_id')::bigint,"
	"              (b->>'addressee_grid_node_id')::bigint, b->>'matter', b->>'action',"
	"              (b->>'deadline')::date, coalesce((b->>'listed')::boolean, false), app.user_id()"
	"         from b returning township_id, id),"
	" h as (insert into supervision_order_hazard (township_id, order_id, hazard_id)"
	"       select o.township_id, o.id, x from o, b, unnest(app.json_ids(b->'hazard_ids')) x),"
	" t as (insert into supervision_order_task (township_id, order_id, task_id)"
	"       select o.township_id, o.id, x from o, b, unnest(app.json_ids(b->'task_ids')) x)"
	"select id from o");

DB_STMT(stmt_transition,
	"select app.supervision_order_transition($1::bigint, $2, $3, app.json_ids($4::jsonb))");

/* Whether one of the ids ($1) is not an attachment of order $2. */
DB_STMT(stmt_attachments_check,
	"select exists (select 1 from unnest(app.json_ids($1::jsonb)) x where not exists (select 1 from attachment a"
	"                where a.id = x and a.township_id = app.township_id()"
	"                  and a.entity_type = 'supervision_order' and a.entity_id = $2::bigint))");

/* The order an upload is for, if the caller sees it: its state. */
DB_STMT(stmt_locate,
	"select state from supervision_order where id = $1::bigint");

/* Take a step of the order's life cycle, then answer 200 with the order. */
static enum err order_step(struct request *req, const char *step, const char *note,
                           const char *attachments)
{
	const char *params[4] = {req->params[0], step, note, attachments};
	PGresult *res;
	enum err e;

	if ((e = db_query(req->db, &stmt_transition, &res, 4, params)) != ERR_NONE)
		return e;
	PQclear(res);
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}

/*
 * GET /api/v1/supervision-orders -- 200 {"items", "next_cursor"}, newest
 * first; filters township_id (the county's), state, open (not closed),
 * overdue, addressee_user_id, hazard_id.  A department user sees the orders it
 * answers; an enterprise user gets 403.  Each item is the order's stored card
 * (0041: kept by the writes) with "overdue" as its last member.
 */
enum err order_list(struct request *req)
{
	return list_answer_cards(req, order_list_sql, ", ");   /* as json_agg joins jsonb */
}

/*
 * The orders (alias o) that the request's filters name, as a WHERE clause;
 * what the list and its ledger share.  A township's caller names the
 * township, so that the list walks its part of supervision_order_list
 * (township, id), newest first; row-level security alone names a set of
 * townships, and the walk of every order by id read the newer orders of
 * all other townships before the caller's (950 of 1,000 at scale 1).
 */
static void order_where(const struct request *req, struct sqlbuf *q)
{
	if (req->who.township_id)
		sqlbuf_add(q, " where o.township_id = app.township_id()");
	else
		sqlbuf_add(q, " where true");
	list_filters(q, order_filters, req);
}

void order_list_sql(const struct request *req, const struct list_page *page, struct sqlbuf *q)
{
	sqlbuf_add(q, "select o.item, o.id from app.supervision_order_json o");
	order_where(req, q);
	if (page->cursor)
		sqlbuf_bind(q, " and o.id < $?::bigint", page->cursor);
	sqlbuf_bind(q, LIST_CARDS_PAGE("o.id desc"), page->limit_text);
}

/* ---------------------------------------------------------------------------
 * The ledger (督办台账): the list's filters and order, every matching row
 * ------------------------------------------------------------------------- */

static const struct public_label state_labels[] = {
	{"issued", "待办理"}, {"answered", "已答复"}, {"rejected", "已退回"}, {"closed", "已办结"},
	{"escalated", "已升级"}, {NULL, NULL},
};

static const struct export_column order_columns[] = {
	{"督办单号", EXPORT_TEXT, 20, NULL},
	{"督办对象", EXPORT_TEXT, 16, NULL},
	{"督办事项", EXPORT_TEXT, 40, NULL},
	{"办理要求", EXPORT_TEXT, 30, NULL},
	{"办理期限", EXPORT_DATE, 12, NULL},
	{"状态", EXPORT_LABEL, 9, state_labels},
	{"是否逾期", EXPORT_YES_NO, 9, NULL},
	{"挂牌督办", EXPORT_YES_NO, 9, NULL},
	{"涉及隐患数", EXPORT_NUMBER, 10, NULL},
	{"下达时间", EXPORT_TIME, 17, NULL},
	{"办结时间", EXPORT_TIME, 17, NULL},
	{NULL, 0, 0, NULL},
};

static enum err order_ledger_rows(struct request *req, struct sqlbuf *q, char scratch[EXPORT_SCRATCH])
{
	(void)scratch;
	sqlbuf_add(q, "select o.json->>'number', coalesce(o.json->>'addressee_name', o.json->>'addressee_unit'),"
	              " o.json->>'matter', o.json->>'action', o.deadline, o.state, o.overdue, o.json->>'listed',"
	              " jsonb_array_length(o.json->'hazard_ids'),"
	              " o.json->>'created_at', o.json->>'closed_at'"
	              " from app.supervision_order_json o");
	order_where(req, q);
	sqlbuf_add(q, " order by o.id desc");
	return ERR_NONE;
}

static const struct export_ledger order_ledger = {"supervision-orders", "督办台账", order_columns,
                                                  order_ledger_rows};

/*
 * GET /api/v1/exports/supervision-orders.xlsx and .csv -- 200 the orders
 * the list would show with the same filters, every one, as the ledger
 * (督办台账); 422 for a bad filter.
 */
enum err order_export(struct request *req)
{
	return export_answer(req, &order_ledger);
}

/* GET /api/v1/supervision-orders/{id} -- 200 the order with its "events"; 404 if not visible. */
enum err order_get(struct request *req)
{
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}

/*
 * POST /api/v1/supervision-orders -- 201 the order with its "number".  A
 * supervisor only (403 otherwise); 422 for invalid fields and broken rules
 * (addressee, hazards and tasks of the township, deadline, listed).
 */
enum err order_create(struct request *req)
{
	enum err e;

	if ((e = request_check_rules(req, &stmt_check)) != ERR_NONE)
		return e;
	return request_create(req, &stmt_create, &stmt_get);
}

/*
 * POST /api/v1/supervision-orders/{id}/responses {"note", "attachment_ids"}
 * -- 200 the order, now answered.  The addressee only (403); 404 if not
 * visible; 409 when the order is answered or closed; 422 for attachment
 * ids that are not this order's files (POST .../attachments).
 */
enum err order_respond(struct request *req)
{
	const char *attachments = request_text(req, "attachment_ids");
	const char *params[2];
	PGresult *res;
	enum err e;
	bool foreign;

	if (attachments == NULL)
		attachments = "[]";
	params[0] = attachments;
	params[1] = req->params[0];
	if ((e = db_query(req->db, &stmt_attachments_check, &res, 2, params)) != ERR_NONE)
		return e;
	foreign = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	if (foreign) {
		json_detail_add(request_details(req), "attachment_ids", "not_found",
		                "must be ids of files uploaded to this order");
		return ERR_VALIDATION;
	}
	return order_step(req, "respond", request_text(req, "note"), attachments);
}

/*
 * POST /api/v1/supervision-orders/{id}/transitions {"action", "note"} --
 * 200 the order.  accept (answered → closed), reject (answered → rejected,
 * a note required), escalate (an open order past its deadline → escalated,
 * to the committee).  Supervisors only (403); 404 if not visible; 409 when
 * the state does not allow the step; 422 for a rejection without a note.
 */
enum err order_transition(struct request *req)
{
	return order_step(req, request_text(req, "action"), request_text(req, "note"), "[]");
}

/*
 * POST /api/v1/supervision-orders/{id}/attachments (raw body) -- 201
 * {"id", "tag", "content_type", "size", "sha256", "url", ...}: a file of
 * the order, for an answer's attachment_ids.  Its addressee or the
 * supervisor who issued it (403 for anyone else who reads it: the
 * attachment's insert policy, 0029); 404 if the order is not visible; 409
 * for a closed order; 413 past the upload limit; 415 for a type other than
 * JPEG, PNG, WebP or PDF; 422 for an empty or damaged file.
 */
enum err order_attach(struct request *req)
{
	return attachment_add(req, "supervision_order", &stmt_locate, "document", "a closed order takes no more files");
}
