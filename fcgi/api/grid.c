/*
 * grid.c -- the three-level grid (三级网格): a township's root, its work
 * areas and departments, their villages and enterprises.
 *
 * Everyone of the township but enterprise users reads the grid, the
 * committee writes it; row-level security decides which rows, so another
 * township's node is simply not found.  The database keeps the shape: a
 * trigger checks that a child sits one level below its parent, a check
 * constraint which kinds each level takes, a unique index that a township
 * has one root, and a trigger that records every move.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"

static const char *const grid_kinds[] = {"township", "work_area", "department", "village",
                                         "enterprise", NULL};
static const char *const grid_with[] = {"counts", NULL};

#define GRID_POSITION_MAX 100000

/* A county-wide caller names the township whose grid it reads. */
static int grid_tree_check(const struct request *req, json_object *details)
{
	if (req->who.township_id != 0 || request_sent(req, "township_id"))
		return 0;
	json_detail_add(details, "township_id", "required", "is required for a county-wide user");
	return 1;
}

const struct field grid_tree_query[] = {
	{"township_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"with", FIELD_ENUM, 0, 0, 0, grid_with, NULL, NULL},
	FIELDS_END_CHECK(grid_tree_check),
};

const struct field grid_create_body[] = {
	{"parent_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"kind", FIELD_ENUM, FIELD_REQUIRED, 0, 0, grid_kinds, NULL, NULL},
	{"name", FIELD_STRING, FIELD_REQUIRED, 1, 60, NULL, NULL, NULL},
	{"responsible_user_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"position", FIELD_INT, 0, 0, GRID_POSITION_MAX, NULL, NULL, NULL},
	FIELDS_END,
};

const struct field grid_update_body[] = {
	FIELD_VERSION("version"),
	{"name", FIELD_STRING, 0, 1, 60, NULL, NULL, NULL},
	{"responsible_user_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"position", FIELD_INT, 0, 0, GRID_POSITION_MAX, NULL, NULL, NULL},
	{"parent_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	FIELDS_END,
};

/*
 * A subtree as nested JSON: the township's whole tree ($1 township, $2
 * null) or the subtree of node $2, with or without ($3) the counts of
 * enterprises, open and overdue hazards below every node (app.grid_tree,
 * 0033, says how they are counted).  With the counts the township's tree
 * is served as last computed until a write changes what it counts or the
 * day turns (app.answer, 0030).  No row: the caller sees no such tree.
 */
DB_STMT(stmt_tree,
	"select t from app.grid_tree($1::bigint, $2::bigint, $3::boolean) t where t is not null");
DB_STMT(stmt_tree_counted,
	"select t from app.answer('grid', $1::bigint, null) t where t is not null");

/*
 * A new node goes after its siblings unless it names a position.  Answers
 * the new id (null if nothing was inserted) and the parent's level (null for
 * an unknown parent), so that the handler can say why not.
 */
DB_STMT(stmt_create,
	"with body as (select $1::jsonb as b),"
	" parent as (select p.id, p.level from grid_node p, body where p.id = (b->>'parent_id')::bigint),"
	" made as ("
	"  insert into grid_node (township_id, parent_id, level, kind, name, responsible_user_id, position)"
	"  select app.township_id(), p.id, coalesce(p.level + 1, 1), b->>'kind', b->>'name',"
	"         (b->>'responsible_user_id')::bigint,"
	"         coalesce((b->>'position')::int,"
	"                  (select coalesce(max(s.position) + 1, 0) from grid_node s"
	"                    where s.township_id = app.township_id() and s.parent_id = p.id))"
	"    from body left join parent p on true"
	"   where (b->>'parent_id' is null or p.id is not null) and coalesce(p.level, 0) < 3"
	"  returning id)"
	"select (select id from made), (select level from parent)");

DB_STMT(stmt_version, "select version from grid_node where id = $1::bigint");

DB_STMT(stmt_update,
	"update grid_node n set"
	"  name = case when b ? 'name' then b->>'name' else name end,"
	"  responsible_user_id = case when b ? 'responsible_user_id'"
	"                             then (b->>'responsible_user_id')::bigint else responsible_user_id end,"
	"  position = case when b ? 'position' then (b->>'position')::int else position end,"
	"  parent_id = case when b ? 'parent_id' then (b->>'parent_id')::bigint else parent_id end"
	"  from (select $2::jsonb as b) body"
	" where n.id = $1::bigint and n.version = $3::int returning n.id");

DB_STMT(stmt_usage,
	"select (select count(*) from grid_node c where c.township_id = n.township_id and c.parent_id = n.id),"
	"       (select count(*) from enterprise e where e.township_id = n.township_id and e.grid_node_id = n.id)"
	"  from grid_node n where n.id = $1::bigint");

DB_STMT(stmt_delete, "delete from grid_node where id = $1::bigint");

/* Newest first; all of them, since a node moves a handful of times at most. */
DB_STMT(stmt_moves,
	"select json_build_object('items', coalesce(json_agg(json_build_object("
	"         'id', m.id, 'node_id', m.node_id,"
	"         'from_parent_id', m.from_parent_id, 'from_parent_name', f.name,"
	"         'to_parent_id', m.to_parent_id, 'to_parent_name', t.name,"
	"         'moved_by', m.moved_by, 'moved_by_name', u.display_name, 'moved_at', m.moved_at)"
	"         order by m.id desc) filter (where m.id is not null), '[]'),"
	"       'next_cursor', null)"
	"  from grid_node n"
	"  left join grid_node_move m on m.township_id = n.township_id and m.node_id = n.id"
	"  left join grid_node f on f.id = m.from_parent_id"
	"  left join grid_node t on t.id = m.to_parent_id"
	"  left join app_user u on u.id = m.moved_by"
	" where n.id = $1::bigint"
	" group by n.id");

/* What a broken constraint of grid_node means for the caller. */
static const struct {
	const char *constraint;
	enum err err;
	const char *field, *code, *message;
} grid_constraints[] = {
	{"grid_node_check", ERR_VALIDATION, "parent_id", "required",
	 "only the township's root node has no parent"},
	{"grid_node_check1", ERR_VALIDATION, "kind", "level",
	 "level 1 takes township, level 2 work_area or department, level 3 village or enterprise"},
	{"grid_node_one_root", ERR_DUPLICATE, "parent_id", "duplicate",
	 "the township has its root node already; give the parent"},
	{"grid_node_sibling_name", ERR_DUPLICATE, "name", "duplicate",
	 "a node of the same parent has this name already"},
	{"grid_node_township_id_responsible_user_id_fkey", ERR_VALIDATION, "responsible_user_id",
	 "not_found", "is not a user of the township"},
};

/* Turn a write's constraint violation into the field it concerns. */
static enum err grid_explain(struct request *req, enum err e)
{
	for (size_t i = 0; i < sizeof(grid_constraints) / sizeof(grid_constraints[0]); i++) {
		if (strcmp(req->db->constraint, grid_constraints[i].constraint) == 0) {
			json_detail_add(request_details(req), grid_constraints[i].field,
			                grid_constraints[i].code, grid_constraints[i].message);
			return grid_constraints[i].err;
		}
	}
	return e;
}

/* Answer with the subtree of node, or with the township's tree; 404 if not visible. */
static enum err reply_tree(struct request *req, const char *township, const char *node,
                           bool counts, int status)
{
	const char *params[3] = {township, node, counts ? "true" : "false"};

	if (counts && node == NULL)
		return request_reply_query(req, &stmt_tree_counted, 1, params, status);
	return request_reply_query(req, &stmt_tree, 3, params, status);
}

/*
 * GET /api/v1/grid[?township_id=][&with=counts] -- 200 the township's tree,
 * the root with nested "children" ordered by position; with=counts adds
 * "enterprise_count", "open_hazard_count" and "overdue_hazard_count" (the
 * whole subtree's) to every node.  A county admin
 * names the township (422 without it); 404 for a township that is not the
 * caller's or has no grid yet.
 */
enum err grid_tree(struct request *req)
{
	const char *township = request_text(req, "township_id");
	const char *with = request_text(req, "with");
	char own[24];

	if (township == NULL) {   /* a township's caller (grid_tree_check) */
		snprintf(own, sizeof(own), "%lld", req->who.township_id);
		township = own;
	}
	return reply_tree(req, township, NULL, with != NULL, 200);
}

/* GET /api/v1/grid/{id} -- 200 the node with its subtree; 404 if not visible. */
enum err grid_get(struct request *req)
{
	return reply_tree(req, NULL, req->params[0], false, 200);
}

/*
 * POST /api/v1/grid {"parent_id", "kind", "name", ...} -- 201 the node; its
 * level is its parent's plus one, and without a parent it is the township's
 * root.  409 for a second root or a sibling's name; 422 for an unknown
 * parent, a kind its level does not take, a fourth level, or a responsible
 * user from elsewhere.
 */
enum err grid_create(struct request *req)
{
	const char *params[1] = {request_body_text(req)};
	char id[24];
	PGresult *res;
	enum err e;

	if ((e = db_query(req->db, &stmt_create, &res, 1, params)) != ERR_NONE)
		return grid_explain(req, e);
	if (PQgetisnull(res, 0, 0)) {
		bool unknown = PQgetisnull(res, 0, 1);

		json_detail_add(request_details(req), "parent_id", unknown ? "not_found" : "level",
		                unknown ? "no such grid node"
		                        : "the grid has three levels; a level 3 node takes no children");
		PQclear(res);
		return ERR_VALIDATION;
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return reply_tree(req, NULL, id, false, 201);
}

/*
 * PATCH /api/v1/grid/{id} {"version", ...} -- 200 the node; a new parent_id
 * moves it (and its subtree) and is recorded in its moves.  404 if not
 * visible; 409 for a stale version or a sibling's name; 422 for a parent of
 * the wrong level or a responsible user from elsewhere.
 */
enum err grid_update(struct request *req)
{
	enum err e;

	if ((e = request_check_version(req, &stmt_version)) != ERR_NONE)
		return e;
	if ((e = request_update(req, &stmt_update)) != ERR_NONE)
		return grid_explain(req, e);
	return reply_tree(req, NULL, req->params[0], false, 200);
}

/*
 * DELETE /api/v1/grid/{id} -- 204; 404 if not visible; 409 while the node
 * has sub-nodes or enterprises, or tasks or letters still name it.
 */
enum err grid_delete(struct request *req)
{
	const char *params[1] = {req->params[0]};
	long long children, enterprises;
	char why[128];
	PGresult *res;
	enum err e;

	if ((e = db_query(req->db, &stmt_usage, &res, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ERR_NOT_FOUND;
	}
	children = atoll(PQgetvalue(res, 0, 0));
	enterprises = atoll(PQgetvalue(res, 0, 1));
	PQclear(res);
	if (children > 0 || enterprises > 0) {
		snprintf(why, sizeof(why),
		         children > 0 ? "the node has %lld sub-nodes; move or delete them first"
		                      : "the node has %lld enterprises; move them to another node first",
		         children > 0 ? children : enterprises);
		request_message(req, why);
		return ERR_BAD_STATE;
	}
	if ((e = db_query(req->db, &stmt_delete, NULL, 1, params)) != ERR_NONE) {
		if (e == ERR_CONFLICT)
			request_message(req, "tasks, letters or documents still name the node");
		return e;
	}
	req->status = 204;
	return ERR_NONE;
}

/*
 * GET /api/v1/grid/{id}/moves -- 200 {"items", "next_cursor": null}, newest
 * first: from and to which parent, by whom, when; 404 if not visible.
 */
enum err grid_moves(struct request *req)
{
	return request_reply_row(req, &stmt_moves, req->params[0], 200);
}
