/*
 * checklist.c -- checklist templates (安全生产大检查登记表): versioned
 * categories and items, written by county admins, read by everyone of the
 * county.
 *
 * A template version is a draft until published; publishing it retires the
 * version published before it (one published version per code at a time),
 * and from then on the database refuses every change to it, its categories
 * and its items (SG409), so inspections made with it keep meaning what they
 * meant.  A new version is a new draft: written out, or copied from another
 * version with {"from_id"}.
 *
 * The template's "version" is its version number; the optimistic lock of a
 * PATCH is "row_version".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"
#include "server/list.h"

#define CHECKLIST_MAX_CATEGORIES 20
#define CHECKLIST_MAX_ITEMS 100          /* per category */
#define CHECKLIST_MAX_SECTORS 20         /* per item */

static const char *const checklist_statuses[] = {"draft", "published", "retired", NULL};
static const char *const checklist_severities[] = {"general", "major", NULL};

const struct field checklist_list_query[] = {
	{"code", FIELD_STRING, 0, 2, 41, NULL, NULL, NULL},
	{"status", FIELD_ENUM, 0, 0, 0, checklist_statuses, NULL, NULL},
	LIST_FIELDS,
	FIELDS_END,
};

/* The cross-field checks, below: a copy or a template written out, and the categories to the last item. */
static int checklist_create_check(const struct request *req, json_object *details);
static int checklist_update_check(const struct request *req, json_object *details);

/* Either code, name and categories, or from_id (and perhaps a new name). */
const struct field checklist_create_body[] = {
	{"from_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"code", FIELD_STRING, 0, 2, 41, NULL, NULL, NULL},
	{"name", FIELD_STRING, 0, 1, 100, NULL, NULL, NULL},
	{"categories", FIELD_ARRAY, 0, 1, CHECKLIST_MAX_CATEGORIES, NULL, NULL, NULL},
	FIELDS_END_CHECK(checklist_create_check),
};

/* categories, when given, replace the draft's categories and items wholesale. */
const struct field checklist_update_body[] = {
	FIELD_VERSION("row_version"),
	{"name", FIELD_STRING, 0, 1, 100, NULL, NULL, NULL},
	{"categories", FIELD_ARRAY, 0, 1, CHECKLIST_MAX_CATEGORIES, NULL, NULL, NULL},
	FIELDS_END_CHECK(checklist_update_check),
};

/* The elements of "categories" and of each category's "items". */
static const struct field category_fields[] = {
	{"name", FIELD_STRING, FIELD_REQUIRED, 1, 60, NULL, NULL, NULL},
	{"items", FIELD_ARRAY, FIELD_REQUIRED, 1, CHECKLIST_MAX_ITEMS, NULL, NULL, NULL},
	FIELDS_END,
};

static const struct field item_fields[] = {
	{"code", FIELD_STRING, FIELD_REQUIRED, 3, 3, NULL, NULL, NULL},
	{"text", FIELD_STRING, FIELD_REQUIRED, 1, 300, NULL, NULL, NULL},
	{"sector_codes", FIELD_ARRAY, 0, 0, CHECKLIST_MAX_SECTORS, NULL, NULL, NULL},
	{"default_severity", FIELD_ENUM, 0, 0, 0, checklist_severities, NULL, NULL},
	{"major_criterion", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	FIELDS_END,
};

/* A template (alias c) in lists: without its items, with their counts. */
#define CHECKLIST_JSON                                                                          \
	"jsonb_build_object('id', c.id, 'county_id', c.county_id, 'code', c.code,"                 \
	"  'version', c.version, 'name', c.name, 'status', c.status, 'published_at', c.published_at," \
	"  'categories_count', (select count(*) from checklist_category g where g.checklist_id = c.id)," \
	"  'items_count', (select count(*) from checklist_item i where i.checklist_id = c.id),"    \
	"  'row_version', c.row_version, 'created_at', c.created_at, 'updated_at', c.updated_at)"

DB_STMT(stmt_list,
	"with page as ("
	"  select c.id, " CHECKLIST_JSON " as json from checklist c"
	"   where ($1::text is null or c.code = $1)"
	"     and ($2::text is null or c.status = $2)"
	"     and ($3::bigint is null or c.id > $3)"
	"   order by c.id limit $4::int + 1)"
	LIST_PAGE_ANSWER("$4", ""));

DB_STMT(stmt_get,
	"select " CHECKLIST_JSON " || jsonb_build_object('categories', app.checklist_tree(c.id))"
	"  from checklist c where c.id = $1::bigint");

/*
 * The item paths of the body's categories ($1) whose sector codes are not
 * sectors of the county, with the code.
 */
DB_STMT(stmt_unknown_sectors,
	"select format('categories[%s].items[%s].sector_codes', c.n - 1, i.n - 1), s.code"
	"  from jsonb_array_elements($1::jsonb) with ordinality c (x, n),"
	"       jsonb_array_elements(c.x->'items') with ordinality i (x, n),"
	"       jsonb_array_elements_text(coalesce(i.x->'sector_codes', '[]')) s (code)"
	" where not exists (select 1 from sector t where t.county_id = app.county_id() and t.code = s.code)"
	" order by c.n, i.n");

/*
 * A new draft: the next version number of its code, the code and name of
 * from_id's version unless the body names them.  No row: from_id is not a
 * template of the county.
 */
DB_STMT(stmt_create,
	"insert into checklist (county_id, code, version, name)"
	"select app.county_id(), v.code,"
	"       coalesce((select max(x.version) from checklist x"
	"                  where x.county_id = app.county_id() and x.code = v.code), 0) + 1,"
	"       coalesce(b->>'name', src.name)"
	"  from (select $1::jsonb as b) body"
	"  left join checklist src on src.id = (b->>'from_id')::bigint"
	"  cross join lateral (select coalesce(src.code, b->>'code') as code) v"
	" where not b ? 'from_id' or src.id is not null "
	"returning id");

/*
 * The categories and items of draft $1: those of the body ($2), or copied
 * from version $3.  Positions count through the whole template.  Inserted
 * after the template itself, in a statement of their own: row-level
 * security lets a category in only under a template it can see.
 */
DB_STMT(stmt_fill,
	"with src as ("
	"  select coalesce($2::jsonb, (select jsonb_agg(jsonb_build_object('name', g.name, 'items',"
	"           (select jsonb_agg(jsonb_build_object('code', i.code, 'text', i.text,"
	"                     'sector_codes', to_jsonb(i.sector_codes), 'default_severity', i.default_severity,"
	"                     'major_criterion', i.major_criterion) order by i.position)"
	"              from checklist_item i where i.checklist_id = g.checklist_id and i.category_id = g.id))"
	"         order by g.position) from checklist_category g where g.checklist_id = $3::bigint)) as categories),"
	" cat as (select c.x, c.n from src, jsonb_array_elements(src.categories) with ordinality c (x, n)),"
	" g as ("
	"  insert into checklist_category (checklist_id, position, name)"
	"  select $1::bigint, cat.n, cat.x->>'name' from cat returning id, position)"
	"insert into checklist_item (checklist_id, category_id, code, position, text, sector_codes,"
	"                            default_severity, major_criterion)"
	"select $1::bigint, g.id, it.x->>'code', row_number() over (order by cat.n, it.n), it.x->>'text',"
	"       array(select jsonb_array_elements_text(coalesce(it.x->'sector_codes', '[]'))),"
	"       coalesce(it.x->>'default_severity',"
	"                case when (it.x->>'major_criterion')::boolean then 'major' else 'general' end),"
	"       coalesce((it.x->>'major_criterion')::boolean, false)"
	"  from cat join g on g.position = cat.n,"
	"       jsonb_array_elements(cat.x->'items') with ordinality it (x, n)");

/*
 * One row: whether the template is visible, and whether the change went in
 * (no: a stale row_version).  A published or retired template refuses any
 * change (SG409).
 */
DB_STMT(stmt_update,
	"with current as (select id from checklist where id = $1::bigint),"
	" changed as ("
	"  update checklist c set"
	"    name = case when b ? 'name' then b->>'name' else name end,"
	"    row_version = row_version + 1, updated_at = now()"
	"    from (select $2::jsonb as b) body"
	"   where c.id = $1::bigint and c.row_version = $3::int returning c.id)"
	"select (select count(*) from current), (select count(*) from changed)");

/* Cascades to the items; the frozen guard refuses it for a published template. */
DB_STMT(stmt_clear,
	"delete from checklist_category where checklist_id = $1::bigint");

DB_STMT(stmt_locate,
	"select id from checklist where id = $1::bigint for update");

/*
 * Publishing: first the version published so far steps down (one published
 * version per code), then this one goes up; the state guard refuses a
 * template that is not a draft, and the whole request rolls back.
 */
DB_STMT(stmt_retire,
	"update checklist x set status = 'retired', row_version = x.row_version + 1, updated_at = now()"
	"  from checklist c"
	" where c.id = $1::bigint and x.county_id = c.county_id and x.code = c.code"
	"   and x.status = 'published' and x.id <> c.id");
DB_STMT(stmt_publish,
	"update checklist set status = 'published', published_at = now(),"
	"                     row_version = row_version + 1, updated_at = now()"
	" where id = $1::bigint");

/*
 * Check each element of an array member against fields, as the pipeline
 * checks a body, naming problems "<path>[i].<field>" in details; children,
 * if given, is called on the parsed values of each element that passed.
 * Returns the problem count.
 */
typedef int (*element_check_fn)(json_object *details, const struct field_values *element, const char *path);

static int check_elements(json_object *details, json_object *array, const char *path,
                          const struct field *fields, element_check_fn children)
{
	int problems = 0;

	for (size_t i = 0; i < json_object_array_length(array); i++) {
		json_object *element = json_object_array_get_idx(array, i);
		json_object *found = json_object_new_array();
		struct field_values values;
		char at[96], field[160];

		snprintf(at, sizeof(at), "%s[%zu]", path, i);
		if (!json_object_is_type(element, json_type_object)) {
			json_detail_add(details, at, "type", "must be an object");
			problems++;
			json_object_put(found);
			continue;
		}
		if (input_parse_json(element, fields, &values, found) > 0) {
			for (size_t k = 0; k < json_object_array_length(found); k++) {
				json_object *d = json_object_array_get_idx(found, k);
				snprintf(field, sizeof(field), "%s.%s", at, json_string_of(d, "field"));
				json_detail_add(details, field, json_string_of(d, "code"), json_string_of(d, "message"));
				problems++;
			}
		} else if (children) {
			problems += children(details, &values, at);
		}
		input_values_free(&values);
		json_object_put(found);
	}
	return problems;
}

static void item_problem(json_object *details, const char *at, const char *member, const char *code,
                         const char *message)
{
	char field[160];

	snprintf(field, sizeof(field), "%s.%s", at, member);
	json_detail_add(details, field, code, message);
}

/* What the field table cannot say about an item: its code's form and its sectors' type. */
static int check_item(json_object *details, const struct field_values *item, const char *at)
{
	const char *code = input_value(item, "code")->text;
	const struct field_value *severity = input_value(item, "default_severity");
	json_object *sectors = input_value(item, "sector_codes")->json;
	int problems = 0;

	if (!(code[0] >= 'A' && code[0] <= 'Z' && code[1] >= '0' && code[1] <= '9' &&
	      code[2] >= '0' && code[2] <= '9')) {
		item_problem(details, at, "code", "invalid", "must be a capital letter and two digits, like C03");
		problems++;
	}
	for (size_t i = 0; sectors && i < json_object_array_length(sectors); i++) {
		if (!json_object_is_type(json_object_array_get_idx(sectors, i), json_type_string)) {
			item_problem(details, at, "sector_codes", "type", "must be a list of sector codes");
			problems++;
			break;
		}
	}
	if (input_value(item, "major_criterion")->number && severity->sent && strcmp(severity->text, "major") != 0) {
		item_problem(details, at, "default_severity", "invalid",
		             "an item that is a major-hazard criterion has the default severity major");
		problems++;
	}
	return problems;
}

static int check_category(json_object *details, const struct field_values *category, const char *at)
{
	char path[128];

	snprintf(path, sizeof(path), "%s.items", at);
	return check_elements(details, input_value(category, "items")->json, path, item_fields, check_item);
}

/* An item code used twice in the template: every use after the first. */
static int check_unique_codes(json_object *details, json_object *categories)
{
	const char *seen[CHECKLIST_MAX_CATEGORIES * CHECKLIST_MAX_ITEMS];
	size_t count = 0;
	int problems = 0;

	for (size_t c = 0; c < json_object_array_length(categories); c++) {
		json_object *items = NULL;

		json_object_object_get_ex(json_object_array_get_idx(categories, c), "items", &items);
		for (size_t i = 0; i < json_object_array_length(items); i++) {
			const char *code = json_string_of(json_object_array_get_idx(items, i), "code");
			char at[64];
			size_t k;

			for (k = 0; k < count && strcmp(seen[k], code) != 0; k++)
				;
			if (k < count) {
				snprintf(at, sizeof(at), "categories[%zu].items[%zu]", c, i);
				item_problem(details, at, "code", "duplicate", "another item of the template has this code");
				problems++;
			} else if (count < sizeof(seen) / sizeof(seen[0])) {
				seen[count++] = code;
			}
		}
	}
	return problems;
}

/*
 * The body's categories, if any, checked to the last item: 422 details
 * named by path ("categories[1].items[4].code").  The cross-field check of
 * an update, and of a create after its own.
 */
static int checklist_update_check(const struct request *req, json_object *details)
{
	json_object *categories = request_field(req, "categories")->json;
	int problems;

	if (categories == NULL)
		return 0;
	problems = check_elements(details, categories, "categories", category_fields, check_category);
	return problems > 0 ? problems : check_unique_codes(details, categories);
}

/* A copy (from_id) takes its code and categories; a template written out has them all. */
static int checklist_create_check(const struct request *req, json_object *details)
{
	int problems = 0;

	if (request_sent(req, "from_id")) {
		if (request_sent(req, "code") && ++problems)
			json_detail_add(details, "code", "not_allowed", "a copy keeps the code of from_id's template");
		if (request_sent(req, "categories") && ++problems)
			json_detail_add(details, "categories", "not_allowed",
			                "a copy takes the categories of from_id's version; change them afterwards");
	} else {
		static const char *const needed[] = {"code", "name", "categories"};

		for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
			if (!request_sent(req, needed[i]) && ++problems)
				json_detail_add(details, needed[i], "required",
				                "is required unless from_id names a version to copy");
	}
	return problems > 0 ? problems : checklist_update_check(req, details);
}

/*
 * The categories' sector codes, which the county must have: 422 details
 * named by path.  *text is the categories as JSON text for SQL (NULL if the
 * body has none).
 */
static enum err check_categories(struct request *req, const char **text)
{
	const char *params[1] = {request_text(req, "categories")};
	PGresult *res;
	enum err e;
	int problems;

	*text = params[0];
	if (params[0] == NULL)
		return ERR_NONE;
	if ((e = db_query(req->db, &stmt_unknown_sectors, &res, 1, params)) != ERR_NONE)
		return e;
	for (int i = 0; i < PQntuples(res); i++) {
		char message[96];

		snprintf(message, sizeof(message), "%.40s is not a sector code of the county", PQgetvalue(res, i, 1));
		json_detail_add(request_details(req), PQgetvalue(res, i, 0), "not_found", message);
	}
	problems = PQntuples(res);
	PQclear(res);
	return problems > 0 ? ERR_VALIDATION : ERR_NONE;
}

/* Write the categories and items of draft id: from text (JSON) or copied from version from. */
static enum err checklist_fill(struct request *req, const char *id, const char *text, const char *from)
{
	const char *params[3] = {id, text, from};

	return db_query(req->db, &stmt_fill, NULL, 3, params);
}

/*
 * GET /api/v1/checklists -- 200 {"items", "next_cursor"} by id, the
 * county's templates with their category and item counts; filters code,
 * status; 422 for a bad filter or cursor.
 */
enum err checklist_list(struct request *req)
{
	static const char *const filters[] = {"code", "status", NULL};

	return list_answer(req, &stmt_list, filters);
}

/*
 * GET /api/v1/checklists/{id} -- 200 the template with its categories in
 * order and their items; 404 if not a template of the caller's county.
 */
enum err checklist_get(struct request *req)
{
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}

/*
 * POST /api/v1/checklists {"code", "name", "categories"} | {"from_id",
 * "name"?} -- 201 the new draft, numbered after the code's last version;
 * 409 if another request took the number meanwhile; 422 for invalid fields
 * (named by path inside categories), an item code used twice, an unknown
 * sector code, or a from_id that is not a template of the county.
 */
enum err checklist_create(struct request *req)
{
	const char *params[1] = {request_body_text(req)};
	const char *categories;
	char id[24];
	PGresult *res;
	enum err e;

	if ((e = check_categories(req, &categories)) != ERR_NONE)
		return e;
	if ((e = db_query(req->db, &stmt_create, &res, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		PQclear(res);
		json_detail_add(request_details(req), "from_id", "not_found", "is not a template of the county");
		return ERR_VALIDATION;
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	if ((e = checklist_fill(req, id, categories, request_text(req, "from_id"))) != ERR_NONE)
		return e;
	return request_reply_row(req, &stmt_get, id, 201);
}

/*
 * PATCH /api/v1/checklists/{id} {"row_version", "name"?, "categories"?} --
 * 200 the draft, its categories and items replaced by the body's if given;
 * 404 if not a template of the county; 409 for a stale row_version or a
 * template that is published or retired; 422 as for a create.
 */
enum err checklist_update(struct request *req)
{
	const char *params[3];
	const char *categories;
	PGresult *res;
	enum err e;
	int found, changed;

	if ((e = check_categories(req, &categories)) != ERR_NONE)
		return e;
	params[0] = req->params[0];
	params[1] = request_body_text(req);
	params[2] = request_version(req);
	if ((e = db_query(req->db, &stmt_update, &res, 3, params)) != ERR_NONE)
		return e;
	found = atoi(PQgetvalue(res, 0, 0));
	changed = atoi(PQgetvalue(res, 0, 1));
	PQclear(res);
	if (!found)
		return ERR_NOT_FOUND;
	if (!changed)
		return ERR_STALE_VERSION;
	if (categories) {
		if ((e = db_query(req->db, &stmt_clear, NULL, 1, params)) != ERR_NONE ||
		    (e = checklist_fill(req, req->params[0], categories, NULL)) != ERR_NONE)
			return e;
	}
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}

/*
 * POST /api/v1/checklists/{id}/publish -- 200 the template, published; the
 * version of the same code published before it is retired.  404 if not a
 * template of the county; 409 if it is not a draft.
 */
enum err checklist_publish(struct request *req)
{
	const char *params[1] = {req->params[0]};
	PGresult *res;
	enum err e;
	int found;

	if ((e = db_query(req->db, &stmt_locate, &res, 1, params)) != ERR_NONE)
		return e;
	found = PQntuples(res) == 1;
	PQclear(res);
	if (!found)
		return ERR_NOT_FOUND;
	if ((e = db_query(req->db, &stmt_retire, NULL, 1, params)) != ERR_NONE ||
	    (e = db_query(req->db, &stmt_publish, NULL, 1, params)) != ERR_NONE)
		return e;
	return request_reply_row(req, &stmt_get, req->params[0], 200);
}
