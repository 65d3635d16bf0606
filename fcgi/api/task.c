/*
 * task.c -- tasks (任务分解): quantified pieces of a township's campaign,
 * split into sub-tasks down the grid (层层分解).
 *
 * The committee writes tasks; a department user reports progress and state
 * on the tasks assigned to them (row-level security lets them update only
 * those rows; this file keeps them to those two fields).  The database rolls
 * a parent's progress up from its children and refuses a hand-set progress
 * on a task that has children; "overdue" is computed by the app.task_json
 * view, never stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"
#include "server/list.h"

static const char *const task_states[] = {"open", "in_progress", "done", "cancelled", NULL};

#define TASK_AMOUNT_MAX 1000000

const struct field task_list_query[] = {
	{"campaign_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"parent_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"root", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	{"grid_node_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"group_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"assignee_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"mine", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	{"state", FIELD_ENUM, 0, 0, 0, task_states, NULL, NULL},
	{"overdue", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	{"deadline_before", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL},
	{"township_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"finished", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	LIST_FIELDS,
	FIELDS_END,
};

const struct field task_create_body[] = {
	{"campaign_id", FIELD_ID, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	{"parent_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"title", FIELD_STRING, FIELD_REQUIRED, 1, 200, NULL, NULL, NULL},
	{"description", FIELD_STRING, FIELD_NULLABLE, 0, 4000, NULL, NULL, NULL},
	{"grid_node_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"group_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"assignee_user_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"unit", FIELD_STRING, 0, 1, 10, NULL, NULL, NULL},
	{"target", FIELD_INT, FIELD_REQUIRED, 1, TASK_AMOUNT_MAX, NULL, NULL, NULL},
	{"deadline", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	{"progress", FIELD_INT, 0, 0, TASK_AMOUNT_MAX, NULL, NULL, NULL},
	FIELDS_END,
};

/* A task stays in its campaign and under its parent: neither is here. */
const struct field task_update_body[] = {
	FIELD_VERSION("version"),
	{"title", FIELD_STRING, 0, 1, 200, NULL, NULL, NULL},
	{"description", FIELD_STRING, FIELD_NULLABLE, 0, 4000, NULL, NULL, NULL},
	{"grid_node_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"group_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"assignee_user_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"unit", FIELD_STRING, 0, 1, 10, NULL, NULL, NULL},
	{"target", FIELD_INT, 0, 1, TASK_AMOUNT_MAX, NULL, NULL, NULL},
	{"deadline", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL},
	{"progress", FIELD_INT, 0, 0, TASK_AMOUNT_MAX, NULL, NULL, NULL},
	{"state", FIELD_ENUM, 0, 0, 0, task_states, NULL, NULL},
	FIELDS_END,
};

/* What an assignee of the department may change on their own task. */
static const char *const task_report_fields[] = {"version", "progress", "state", NULL};
/* The changes that the cross-field rules concern. */
static const char *const task_rule_fields[] = {"grid_node_id", "group_id", "assignee_user_id", NULL};

DB_STMT(stmt_list,
	"with page as ("
	"  select id, json from app.task_json"
	"   where ($1::bigint is null or campaign_id = $1)"
	"     and ($2::bigint is null or parent_id = $2)"
	"     and ($3::boolean is null or (parent_id is null) = $3)"
	"     and ($4::bigint is null or grid_node_id = $4)"
	"     and ($5::bigint is null or group_id = $5)"
	"     and ($6::bigint is null or assignee_user_id = $6)"
	"     and (coalesce($7::boolean, false) = false or assignee_user_id = app.user_id())"
	"     and ($8::text is null or state = $8)"
	"     and ($9::boolean is null or overdue = $9)"
	"     and ($10::date is null or deadline < $10)"
	"     and ($11::bigint is null or township_id = $11)"
	"     and ($12::boolean is null or (state in ('done', 'cancelled')) = $12)"
	"     and ($13::boolean is null or grid_node_id is null)"
	"     and ($14::boolean is null or assignee_user_id is null)"
	"     and ($15::bigint is null or id > $15)"
	"   order by id limit $16::int + 1)"
	LIST_PAGE_ANSWER("$16", ""));

DB_STMT(stmt_get,
	"select t.json || jsonb_build_object('children', coalesce("
	"         (select jsonb_agg(c.json order by c.id) from app.task_json c"
	"           where c.township_id = t.township_id and c.parent_id = t.id), '[]'))"
	"  from app.task_json t where t.id = $1::bigint");

/*
 * The rules that span fields and rows, as 422 details, for a new task ($2
 * null) or for a task's changes: the campaign is the township's own; a
 * sub-task stays in its parent's campaign and at or below its parent's grid
 * node (and a task's node keeps its sub-tasks' nodes below it); a group is
 * one of the campaign's; the assignee is someone who can report.
 */
DB_STMT(stmt_check,
	"with b as (select $1::jsonb as b),"
	" cur as (select t.* from task t where t.id = $2::bigint),"
	" v as (select $2::bigint as id,"
	"         coalesce(cur.campaign_id, (b->>'campaign_id')::bigint) as campaign_id,"
	"         coalesce(cur.parent_id, (b->>'parent_id')::bigint) as parent_id,"
	"         case when b ? 'grid_node_id' then (b->>'grid_node_id')::bigint"
	"              else cur.grid_node_id end as grid_node_id,"
	"         case when b ? 'group_id' then (b->>'group_id')::bigint else cur.group_id end as group_id,"
	"         case when b ? 'assignee_user_id' then (b->>'assignee_user_id')::bigint"
	"              else cur.assignee_user_id end as assignee_user_id"
	"       from b left join cur on true),"
	" p as (select t.* from task t, v where t.id = v.parent_id),"
	" node as (select g.id from grid_node g, v"
	"           where g.id = v.grid_node_id and g.township_id = app.township_id())"
	"select problem.field, problem.code, problem.message"
	"  from v cross join lateral (values"
	"   ('campaign_id', 'not_found', 'is not a campaign of your township',"
	"    not exists (select 1 from campaign c"
	"                 where c.id = v.campaign_id and c.township_id = app.township_id())),"
	"   ('parent_id', 'not_found', 'no such task',"
	"    v.parent_id is not null and not exists (select 1 from p)),"
	"   ('parent_id', 'campaign', 'belongs to another campaign',"
	"    exists (select 1 from p where p.campaign_id <> v.campaign_id)),"
	"   ('grid_node_id', 'required', 'give grid_node_id or group_id',"
	"    v.grid_node_id is null and v.group_id is null),"
	"   ('grid_node_id', 'not_found', 'no such grid node',"
	"    v.grid_node_id is not null and not exists (select 1 from node)),"
	"   ('grid_node_id', 'outside_parent', 'must be the parent task''s grid node or one below it',"
	"    exists (select 1 from p, node where p.grid_node_id is not null"
	"             and not app.grid_node_within(node.id, p.grid_node_id))),"
	"   ('grid_node_id', 'outside_children', 'must be at or above the grid nodes of the sub-tasks',"
	"    exists (select 1 from task c, node"
	"             where c.township_id = app.township_id() and c.parent_id = v.id"
	"               and c.grid_node_id is not null and not app.grid_node_within(c.grid_node_id, node.id))),"
	"   ('group_id', 'not_found', 'is not a working group of the task''s campaign',"
	"    v.group_id is not null and not exists (select 1 from working_group g"
	"                                             where g.id = v.group_id and g.campaign_id = v.campaign_id)),"
	"   ('assignee_user_id', 'not_found', 'is not a committee or department user of the township',"
	"    v.assignee_user_id is not null and not exists ("
	"      select 1 from app_user u where u.id = v.assignee_user_id and u.township_id = app.township_id()"
	"         and u.role in ('committee', 'department')))"
	"  ) as problem (field, code, message, failed)"
	" where problem.failed");

DB_STMT(stmt_create,
	"insert into task (township_id, campaign_id, parent_id, title, description, grid_node_id,"
	"                  group_id, assignee_user_id, unit, target, progress, deadline)"
	"select app.township_id(), (b->>'campaign_id')::bigint, (b->>'parent_id')::bigint,"
	"       b->>'title', b->>'description', (b->>'grid_node_id')::bigint, (b->>'group_id')::bigint,"
	"       (b->>'assignee_user_id')::bigint, coalesce(b->>'unit', '项'), (b->>'target')::int,"
	"       coalesce((b->>'progress')::int, 0), (b->>'deadline')::date"
	"  from (select $1::jsonb as b) body "
	"returning id");

DB_STMT(stmt_current,
	"select version, coalesce(assignee_user_id, 0) from task where id = $1::bigint");

DB_STMT(stmt_update,
	"update task t set"
	"  title = case when b ? 'title' then b->>'title' else title end,"
	"  description = case when b ? 'description' then b->>'description' else description end,"
	"  grid_node_id = case when b ? 'grid_node_id' then (b->>'grid_node_id')::bigint else grid_node_id end,"
	"  group_id = case when b ? 'group_id' then (b->>'group_id')::bigint else group_id end,"
	"  assignee_user_id = case when b ? 'assignee_user_id' then (b->>'assignee_user_id')::bigint"
	"                          else assignee_user_id end,"
	"  unit = case when b ? 'unit' then b->>'unit' else unit end,"
	"  target = case when b ? 'target' then (b->>'target')::int else target end,"
	"  progress = case when b ? 'progress' then (b->>'progress')::int else progress end,"
	"  deadline = case when b ? 'deadline' then (b->>'deadline')::date else deadline end,"
	"  state = case when b ? 'state' then b->>'state' else state end"
	"  from (select $2::jsonb as b) body"
	" where t.id = $1::bigint and t.version = $3::int returning t.id");

/* Whether key is in the NULL-terminated list. */
static bool key_listed(const char *key, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(*list, key) == 0)
			return true;
	return false;
}

/*
 * all: whether every field the body sent is in list; else whether any of
 * them is.
 */
static bool sent_fields_listed(const struct request *req, const char *const *list, bool all)
{
	const struct field *f = req->in_body.fields;

	for (size_t i = 0; f[i].name; i++)
		if (req->in_body.at[i].sent && key_listed(f[i].name, list) != all)
			return !all;
	return all;
}

/*
 * GET /api/v1/tasks -- 200 {"items", "next_cursor"} by id; filters
 * campaign_id, parent_id, root (true: top-level only), grid_node_id (none:
 * a group's task of no grid node), group_id, assignee_id (none: no one's),
 * mine (assigned to the caller), state, overdue, deadline_before, finished
 * (done or cancelled; false: still to do).
 */
enum err task_list(struct request *req)
{
	static const char *const filters[] = {"campaign_id", "parent_id", "root", "grid_node_id",
	                                      "group_id", "assignee_id", "mine", "state", "overdue", "deadline_before",
	                                      "township_id", "finished", "grid_node_id=none", "assignee_id=none", NULL};

	return list_answer(req, &stmt_list, filters);
}

/* GET /api/v1/tasks/{id} -- 200 the task with its "children"; 404 if not visible. */
enum err task_get(struct request *req)
{
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}

/*
 * POST /api/v1/tasks -- 201 the task.  409 when the campaign is closed; 422
 * for invalid fields and broken rules: another township's or the county's
 * campaign, a parent in another campaign, a grid node outside the parent's,
 * neither grid node nor group, an assignee who cannot report.
 */
enum err task_create(struct request *req)
{
	enum err e;

	if ((e = request_check_rules_of(req, &stmt_check, NULL)) != ERR_NONE)
		return e;
	return request_create(req, &stmt_create, &stmt_get);
}

/*
 * PATCH /api/v1/tasks/{id} {"version", ...} -- 200 the task.  The committee
 * changes any field; a department user only progress and state, and only on
 * tasks assigned to them (403 otherwise).  404 if not visible; 409 for a
 * stale version or a closed campaign; 422 for invalid fields, broken rules,
 * or a progress set by hand on a task that has sub-tasks.
 */
enum err task_update(struct request *req)
{
	const char *params[3];
	long long version, assignee;
	PGresult *res;
	enum err e;
	int found;

	params[0] = req->params[0];
	if ((e = db_query(req->db, &stmt_current, &res, 1, params)) != ERR_NONE)
		return e;
	found = PQntuples(res) == 1;
	version = found ? atoll(PQgetvalue(res, 0, 0)) : 0;
	assignee = found ? atoll(PQgetvalue(res, 0, 1)) : 0;
	PQclear(res);
	if (!found)
		return ERR_NOT_FOUND;
	if (req->who.role != ROLE_COMMITTEE) {
		if (assignee != req->who.user_id) {
			request_message(req, "the task is assigned to someone else");
			return ERR_FORBIDDEN;
		}
		if (!sent_fields_listed(req, task_report_fields, true)) {
			request_message(req, "an assignee reports progress and state only");
			return ERR_FORBIDDEN;
		}
	}
	if ((e = request_version_matches(req, version)) != ERR_NONE)
		return e;
	if (sent_fields_listed(req, task_rule_fields, false) &&
	    (e = request_check_rules_of(req, &stmt_check, req->params[0])) != ERR_NONE)
		return e;
	params[1] = request_body_text(req);
	params[2] = request_version(req);
	if ((e = db_query(req->db, &stmt_update, &res, 3, params)) != ERR_NONE)
		return e;
	found = PQntuples(res) == 1;
	PQclear(res);
	if (!found)
		return ERR_STALE_VERSION;
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}
