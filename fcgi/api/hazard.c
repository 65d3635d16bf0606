/*
 * hazard.c -- hazards (隐患): registration, edits, the list, the life-cycle
 * moves with their timeline, and the photos that prove them.
 *
 * Row-level security decides which hazards a caller sees (the township's
 * staff: the township's; an enterprise user: its own enterprise's).  Which
 * move is possible, for whom and on what evidence is hazard_lifecycle.c's
 * to say; this file gathers the facts, asks, and records the move as an
 * event.  Every move's event lists the photos uploaded since the previous
 * move (those no earlier event lists): the evidence that move was made on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/attachment.h"
#include "db/db.h"
#include "api/handlers.h"
#include "api/hazard_lifecycle.h"
#include "input/json.h"
#include "server/list.h"
#include "db/sqlbuf.h"
#include "api/export.h"

static const char *const severities[] = {"general", "major", NULL};
static const char *const modes[] = {"immediate", "deadline", "major", NULL};
static const char *const sorts[] = {"created", "deadline", NULL};
static const char *const sources[] = {"inspection", "registration", "tip", "self_report", NULL};
/* hazard_lifecycle.h's actions, spelt out for the field table (and tests/api/test_docs.py). */
static const char *const actions[] = {"start", "submit", "verify", "reject", "close", "reopen", NULL};

/* The five items (五落实) of a major hazard, each a short text. */
static const char *const five_item_names[] = {"responsibility", "measures", "funds", "time_limit",
                                              "contingency_plan", NULL};
#define FIVE_ITEM_MAX 500

/* The due_key (0009) of a hazard without a deadline. */
#define HAZARD_NO_DEADLINE "9999-12-31"

/*
 * The list's status filter: one status or a comma list of them; number
 * tells whether every status named is an open one: 2 when they are exactly
 * the open ones (both), 1 when some of them, 0 when not.
 */
static const char *hazard_status_list_valid(const struct field *f, struct field_value *v, const char **code)
{
	char name[16];
	bool reported = false, rectifying = false;

	(void)f;
	(void)code;
	v->number = 1;
	for (const char *s = v->text;; s++) {
		size_t len = strcspn(s, ",");
		int status = -1;

		if (len < sizeof(name)) {
			memcpy(name, s, len);
			name[len] = '\0';
			status = hazard_status_parse(name);
		}
		if (status < 0)
			return "must be reported, rectifying, submitted or closed, or a comma list of them";
		v->number = v->number && (status == HAZARD_REPORTED || status == HAZARD_RECTIFYING);
		reported = reported || status == HAZARD_REPORTED;
		rectifying = rectifying || status == HAZARD_RECTIFYING;
		s += len;
		if (*s == '\0') {
			v->number += v->number && reported && rectifying;
			return NULL;
		}
	}
}

/* Whether s is shape, 'd' standing for a digit and anything else for itself. */
static bool shaped(const char *s, size_t len, const char *shape)
{
	if (len != strlen(shape))
		return false;
	for (size_t i = 0; i < len; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return false;
	return true;
}

/*
 * A cursor's key and id for the sort (by_deadline or by creation), or
 * false for one this list did not hand out ("YYYY-MM-DD,id" by deadline,
 * "YYYY-MM-DDTHH:MM:SS.ffffffZ,id" by creation).  Without a cursor, the key
 * past every row.
 */
static bool hazard_cursor_read(const char *cursor, bool by_deadline, char key[40], const char **id)
{
	const char *comma = cursor ? strchr(cursor, ',') : NULL;
	size_t len = comma ? (size_t)(comma - cursor) : 0, digits = comma ? strlen(comma + 1) : 0;
	char day[11];

	/* Defined even for a refused cursor: hazard_list reads them without asking again. */
	key[0] = '\0';
	*id = NULL;
	if (cursor == NULL) {
		snprintf(key, 40, "%s", by_deadline ? "-infinity" : "infinity");
		*id = by_deadline ? "0" : "9223372036854775807";
		return true;
	}
	if (!(comma && digits >= 1 && digits <= 18 && strspn(comma + 1, "0123456789") == digits &&
	      len >= 10 && len < 40 &&
	      (by_deadline ? len == 10 : shaped(cursor, len, "dddd-dd-ddTdd:dd:dd.ddddddZ"))))
		return false;
	memcpy(key, cursor, len);
	key[len] = '\0';
	memcpy(day, key, 10);
	day[10] = '\0';
	*id = comma + 1;
	return date_valid(day) || (by_deadline && strcmp(day, HAZARD_NO_DEADLINE) == 0);
}

static bool hazard_list_by_deadline(const struct request *req)
{
	const char *sort = request_text(req, "sort");

	return sort && strcmp(sort, "deadline") == 0;
}

/* The list's cross-field check: the cursor is one of the sort's. */
static int hazard_list_check(const struct request *req, json_object *details)
{
	const char *id;
	char key[40];

	if (hazard_cursor_read(request_text(req, "cursor"), hazard_list_by_deadline(req), key, &id))
		return 0;
	json_detail_add(details, "cursor", "invalid", "is not a cursor this list handed out for this sort");
	return 1;
}

/* The list's filters, which its ledger (export) takes too. */
#define HAZARD_FILTER_FIELDS \
	{"status", FIELD_STRING, 0, 1, 60, NULL, hazard_status_list_valid, NULL}, \
	{"severity", FIELD_ENUM, 0, 0, 0, severities, NULL, NULL}, \
	{"mode", FIELD_ENUM, 0, 0, 0, modes, NULL, NULL}, \
	{"source", FIELD_ENUM, 0, 0, 0, sources, NULL, NULL}, \
	{"extended", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL}, \
	{"sector_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL}, \
	{"grid_node_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL}, \
	{"enterprise_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL}, \
	{"cadre_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL}, \
	{"mine", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL}, \
	{"my_scope", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL}, \
	{"responsible_user_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL}, \
	{"at_grid_node_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL}, \
	{"sent_back", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL}, \
	{"overdue", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL}, \
	{"due_within", FIELD_INT, 0, 0, 366, NULL, NULL, NULL}, \
	{"created_from", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL}, \
	{"created_to", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL}, \
	{"closed_from", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL}, \
	{"closed_to", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL}, \
	{"open_on", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL}, \
	{"overdue_on", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL}, \
	{"q", FIELD_STRING, 0, 1, 50, NULL, NULL, NULL}, \
	{"sort", FIELD_ENUM, 0, 0, 0, sorts, NULL, NULL}, \
	{"township_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL}

const struct field hazard_list_query[] = {
	HAZARD_FILTER_FIELDS,
	LIST_FIELDS,
	FIELDS_END_CHECK(hazard_list_check),
};

const struct field hazard_export_query[] = {
	HAZARD_FILTER_FIELDS,
	FIELDS_END,
};

/* Five items are {"responsibility": "...", ...}: the five names only, each a short text or null. */
static const char *hazard_five_items_valid(const struct field *f, struct field_value *v, const char **code)
{
	(void)f;
	(void)code;
	json_object_object_foreach(v->json, key, value) {
		bool known = false;

		for (const char *const *k = five_item_names; *k; k++)
			known |= strcmp(*k, key) == 0;
		if (!known || (value && (!json_object_is_type(value, json_type_string) ||
		                         utf8_length(json_object_get_string(value)) > FIVE_ITEM_MAX)))
			return "holds responsibility, measures, funds, time_limit and contingency_plan,"
			       " each a text of at most 500 characters";
	}
	return NULL;
}

/* What registration and edits share, all optional. */
#define HAZARD_EDIT_FIELDS \
	{"measure", FIELD_STRING, FIELD_NULLABLE, 0, 2000, NULL, NULL, NULL}, \
	{"deadline", FIELD_DATE, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL}, \
	{"responsible_user_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL}, \
	{"five_items", FIELD_OBJECT, FIELD_NULLABLE, 0, 0, NULL, hazard_five_items_valid, NULL}

const struct field hazard_create_body[] = {
	{"enterprise_id", FIELD_ID, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	{"description", FIELD_STRING, FIELD_REQUIRED, 1, 2000, NULL, NULL, NULL},
	{"severity", FIELD_ENUM, FIELD_REQUIRED, 0, 0, severities, NULL, NULL},
	{"mode", FIELD_ENUM, FIELD_REQUIRED, 0, 0, modes, NULL, NULL},
	{"campaign_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"grid_node_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"sector_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	HAZARD_EDIT_FIELDS,
	FIELDS_END,
};

/* The status is not here: it changes by transitions only. */
const struct field hazard_update_body[] = {
	FIELD_VERSION("version"),
	{"description", FIELD_STRING, 0, 1, 2000, NULL, NULL, NULL},
	{"severity", FIELD_ENUM, 0, 0, 0, severities, NULL, NULL},
	{"mode", FIELD_ENUM, 0, 0, 0, modes, NULL, NULL},
	HAZARD_EDIT_FIELDS,
	FIELDS_END,
};

const struct field hazard_extend_body[] = {
	FIELD_VERSION("version"),
	{"deadline", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	{"reason", FIELD_STRING, FIELD_REQUIRED, 1, 500, NULL, NULL, NULL},
	FIELDS_END,
};

const struct field hazard_transition_body[] = {
	{"action", FIELD_ENUM, FIELD_REQUIRED, 0, 0, actions, NULL, NULL},
	{"note", FIELD_STRING, FIELD_NULLABLE, 0, 2000, NULL, NULL, NULL},
	FIELD_VERSION("version"),
	FIELDS_END,
};

/* The hazard h's attachments. */
#define HAZARD_ATTACHMENTS \
	"attachment a where a.township_id = h.township_id and a.entity_type = 'hazard' and a.entity_id = h.id"

/* Those no event has listed yet: uploaded since the previous move. */
#define HAZARD_NEW_ATTACHMENTS HAZARD_ATTACHMENTS                                           \
	" and not exists (select 1 from hazard_event ev where ev.township_id = h.township_id"  \
	"                   and ev.hazard_id = h.id and a.id = any (ev.attachment_ids))"

/* USER is a cadre of the enterprise (alias h's) now. */
#define HAZARD_CADRE(USER) SQLBUF_ASSIGNED_CADRE("h.township_id", "h.enterprise_id", USER)

/* The name of user USER, for any caller who may read what names them (0011). */
#define USER_NAME(USER) "(select un.name from app.user_name un where un.id = " USER ")"

/*
 * How the API shows hazard h: its card (0032: the list item kept by the
 * writes, app.hazard_cards_computed) with the members that depend on the
 * reader and the day put back, as JSON text (alias c: h's hazard_card).
 */
#define HAZARD_CARD "app.hazard_card_json(c, h.source, h.tip_id, h.status, h.deadline)"

/*
 * Who the caller is to hazard h, the columns a move's facts begin with
 * (facts_of): its status, severity and mode, whether the caller submitted
 * it last, whether it is the enterprise user's own.
 */
#define HAZARD_CALLER_FACTS                                                                 \
	"h.status, h.severity, h.mode,"                                                        \
	"       h.submitted_by is not distinct from app.user_id(),"                            \
	"       h.enterprise_id is not distinct from app.enterprise_id()"

/*
 * One hazard; "listed_supervision" names the orders that put it under
 * listed supervision (挂牌督办).  Then the caller's facts and whether a
 * department's scope covers it, from which reply_hazard lists the moves
 * the caller may make.
 */
DB_STMT(stmt_get,
	"select " HAZARD_CARD "::jsonb || jsonb_build_object('listed_supervision',"
	"                                            app.hazard_listed_orders(h.township_id, h.id)),"
	"       " HAZARD_CALLER_FACTS ","
	"       app.department_covers(h.township_id, h.sector_id, h.enterprise_id)"
	"  from hazard h join hazard_card c on c.hazard_id = h.id"
	" where h.id = $1::bigint");

/*
 * The list, assembled from the filters present (sqlbuf.h), so that each
 * combination of filters has a plan of its own that PostgreSQL keeps.
 *
 * The open statuses appear as constants wherever a filter implies them, so
 * that the planner may walk the indexes over open hazards (0011): a
 * parameter could not prove their predicate.
 */
#define HAZARD_OPEN "h.status in ('reported', 'rectifying')"

/* The hazard (alias h) has had its deadline extended (延期). */
#define HAZARD_EXTENDED                                                                     \
	"exists (select 1 from hazard_event ev where ev.township_id = h.township_id"           \
	"          and ev.hazard_id = h.id and ev.action = 'extend')"

/* The hazard (alias h) is in the caller's queue: its sectors' or its assigned enterprises' (0029). */
#define HAZARD_IN_QUEUE                                                                     \
	"coalesce(h.sector_id = any ((select app.queue_sector_ids())::bigint[])"               \
	"         or h.enterprise_id = any ((select app.queue_enterprise_ids())::bigint[]), false)"

/*
 * The hazard (alias h) was sent back: it is being rectified again after a
 * rejection (its latest event), as the enterprise's dashboard lists it.
 */
#define HAZARD_SENT_BACK                                                                    \
	"(h.status = 'rectifying' and coalesce((select ev.action from hazard_event ev"         \
	"                                        where ev.township_id = h.township_id"          \
	"                                          and ev.hazard_id = h.id"                     \
	"                                        order by ev.id desc limit 1), '') = 'reject')"

/* Today in the county's time zone, worked out once a statement rather than at each row. */
#define TODAY "(select app.today())"

/* The end of the day of a filter's value, in the townships' time zone. */
#define DAY_END "($?::date + 1)::timestamp at time zone 'Asia/Shanghai'"

/* Newest first; the cursor is the creation time in UTC to the microsecond, and the id. */
#define HAZARD_BY_CREATED_CURSOR \
	"to_char(h.created_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') || ',' || h.id"
#define HAZARD_BY_CREATED_ORDER "h.created_at desc, h.id desc"

/* Soonest deadline first, those without one last (due_key is HAZARD_NO_DEADLINE). */
#define HAZARD_BY_DEADLINE_CURSOR "to_char(h.due_key, 'YYYY-MM-DD') || ',' || h.id"
#define HAZARD_BY_DEADLINE_ORDER "h.due_key, h.id"

/* The list's rows (list.h LIST_CARDS_PAGE): each hazard as shown, and the key of the sort KEY. */
#define HAZARD_PAGE_ROWS(KEY) \
	"select " HAZARD_CARD ", " KEY " from hazard h join hazard_card c on c.hazard_id = h.id"

/*
 * The references of a registration ($2 null) or of hazard $2's changes, as
 * 422 details: the enterprise, grid node, sector, campaign and responsible
 * person are the township's.  The rules of the hazard's own fields (severity
 * and mode, the deadline) are app.hazard_rules()'s (0014), run by the write.
 */
DB_STMT(stmt_check,
	"with b as (select $1::jsonb as b),"
	" cur as (select h.* from hazard h where h.id = $2::bigint),"
	" v as (select cur.id is null as registering,"
	"         coalesce(cur.enterprise_id, (b->>'enterprise_id')::bigint) as enterprise_id,"
	"         (b->>'responsible_user_id')::bigint as responsible_user_id,"
	"         (b->>'grid_node_id')::bigint as grid_node_id, (b->>'sector_id')::bigint as sector_id,"
	"         (b->>'campaign_id')::bigint as campaign_id"
	"       from b left join cur on true)"
	"select problem.field, problem.code, problem.message"
	"  from v cross join lateral (values"
	"   ('enterprise_id', 'not_found', 'is not an enterprise of your township',"
	"    v.registering and not exists (select 1 from enterprise e"
	"                                   where e.id = v.enterprise_id and e.township_id = app.township_id())),"
	"   ('responsible_user_id', 'not_found',"
	"    'is not an active user of the township (an enterprise user: of the hazard''s enterprise)',"
	"    v.responsible_user_id is not null and not exists ("
	"      select 1 from app_user u where u.id = v.responsible_user_id and u.township_id = app.township_id()"
	"         and u.active and (u.role <> 'enterprise' or u.enterprise_id = v.enterprise_id))),"
	"   ('grid_node_id', 'not_found', 'is not a node of the township''s grid',"
	"    v.grid_node_id is not null and not exists (select 1 from grid_node g"
	"                                                where g.id = v.grid_node_id and g.township_id = app.township_id())),"
	"   ('sector_id', 'not_found', 'is not an active sector of the county',"
	"    v.sector_id is not null and not exists (select 1 from sector s where s.id = v.sector_id"
	"                                             and s.county_id = app.county_id() and s.retired_at is null)),"
	"   ('campaign_id', 'not_found', 'is not a campaign of your township',"
	"    v.campaign_id is not null and not exists (select 1 from campaign c"
	"                                               where c.id = v.campaign_id and c.township_id = app.township_id()))"
	"  ) as problem (field, code, message, failed)"
	" where problem.failed");

/* A registration, or an enterprise's own report ($2): app.hazard_open (0014). */
DB_STMT(stmt_create,
	"select app.hazard_open($1::jsonb, ($1::jsonb->>'enterprise_id')::bigint, $2::text)");

/* An extension (延期) of hazard $1 to $2 for reason $3 at version $4: app.hazard_extend (0014). */
DB_STMT(stmt_extend,
	"select app.hazard_extend($1::bigint, $2::date, $3::text, $4::int)");

/*
 * One event of hazard $1: action $2 from status $3 to the hazard's status
 * now, by the caller, with note $4; $5: whether it lists the photos
 * uploaded since the previous move (a move does, an edit not); $6: the
 * deadline before the event, kept with the one after when they differ.
 */
DB_STMT(stmt_event,
	"insert into hazard_event (township_id, hazard_id, action, from_status, to_status, actor_id,"
	"                          note, attachment_ids, deadline_from, deadline_to)"
	"select h.township_id, h.id, $2::text, $3::text, h.status, app.user_id(), $4::text,"
	"       case when $5::boolean"
	"            then array(select a.id from " HAZARD_NEW_ATTACHMENTS " order by a.id)"
	"            else '{}' end,"
	"       case when h.deadline is distinct from $6::date then $6::date end,"
	"       case when h.deadline is distinct from $6::date then h.deadline end"
	"  from hazard h where h.id = $1::bigint");

DB_STMT(stmt_current,
	"select status, version, deadline from hazard where id = $1::bigint");

DB_STMT(stmt_update,
	"update hazard h set"
	"  description = case when b ? 'description' then b->>'description' else description end,"
	"  severity = case when b ? 'severity' then b->>'severity' else severity end,"
	"  mode = case when b ? 'mode' then b->>'mode' else mode end,"
	"  measure = case when b ? 'measure' then nullif(b->>'measure', '') else measure end,"
	"  deadline = case when b ? 'deadline' then (b->>'deadline')::date else deadline end,"
	"  responsible_user_id = case when b ? 'responsible_user_id'"
	"                             then (b->>'responsible_user_id')::bigint else responsible_user_id end,"
	"  five_items = case when b ? 'five_items'"
	"                    then case when jsonb_typeof(b->'five_items') = 'object' then b->'five_items' end"
	"                    else five_items end"
	"  from (select $2::jsonb as b) body"
	" where h.id = $1::bigint and h.version = $3::int returning h.id");

/* What a move depends on, with the hazard locked against a move at the same time. */
DB_STMT(stmt_facts,
	"select " HAZARD_CALLER_FACTS ","
	"       app.five_items_complete(h.five_items),"
	"       exists (select 1 from " HAZARD_NEW_ATTACHMENTS " and a.tag = 'after'),"
	"       exists (select 1 from " HAZARD_NEW_ATTACHMENTS " and a.tag in ('before', 'after')),"
	"       h.version"
	"  from hazard h where h.id = $1::bigint for update of h");

DB_STMT(stmt_move,
	"update hazard set status = $2,"
	"  submitted_by = case when $2 = 'submitted' then app.user_id() else submitted_by end"
	" where id = $1::bigint and version = $3::int returning id");

DB_STMT(stmt_events,
	"select json_build_object('items', coalesce((select json_agg(item order by ev.id)"
	"         from hazard_event ev"
	"        cross join lateral (select ev.id, ev.action, ev.from_status, ev.to_status, ev.actor_id,"
	"                                   " USER_NAME("ev.actor_id") " as actor_name,"
	"                                   app.hazard_event_note_shown(ev.note, ev.action, h.source) as note,"
	"                                   ev.attachment_ids, ev.deadline_from, ev.deadline_to, ev.at) item"
	"        where ev.township_id = h.township_id and ev.hazard_id = h.id), '[]'),"
	"       'next_cursor', null)"
	"  from hazard h where h.id = $1::bigint");

DB_STMT(stmt_locate,
	"select status from hazard where id = $1::bigint");


DB_STMT(stmt_attachments,
	"select json_build_object('items', coalesce((select json_agg(" ATTACHMENT_JSON " order by a.id)"
	"                                             from " HAZARD_ATTACHMENTS "), '[]'),"
	"                         'next_cursor', null)"
	"  from hazard h where h.id = $1::bigint");

/* 422 with every broken rule of the body, for hazard id (NULL: a registration). */
static enum err check_rules(struct request *req, const char *id)
{
	return request_check_rules_of(req, &stmt_check, id);
}

/* Record an event of hazard id, whose deadline was deadline_before (see stmt_event). */
static enum err add_event(struct request *req, const char *id, const char *action,
                          const char *from_status, const char *note, bool with_photos,
                          const char *deadline_before)
{
	const char *params[6] = {id, action, from_status, note, with_photos ? "true" : "false",
	                         deadline_before};

	return db_query(req->db, &stmt_event, NULL, 6, params);
}

/* The list's filters that are one fragment each (the rest are in hazard_list). */
static const struct sqlbuf_filter hazard_filters[] = {
	SQLBUF_FILTER("severity", " and h.severity = $?"),
	SQLBUF_FILTER("mode", " and h.mode = $?"),
	/* as the caller is shown it: to the enterprise a tip's hazard is registration's (0016) */
	SQLBUF_FILTER("source", " and app.hazard_source_shown(h.source) = $?"),
	SQLBUF_FILTER("sector_id", " and h.sector_id = $?::bigint"),
	SQLBUF_FILTER("grid_node_id", " and h.grid_node_id = any (" SQLBUF_GRID_SUBTREE("$?::bigint") ")"),
	SQLBUF_FILTER_OR_NONE("at_grid_node_id", " and h.grid_node_id = $?::bigint", " and h.grid_node_id is null"),
	SQLBUF_FILTER("enterprise_id", " and h.enterprise_id = $?::bigint"),
	SQLBUF_FILTER("cadre_id", " and " HAZARD_CADRE("$?::bigint")),
	SQLBUF_FILTER_OR_NONE("responsible_user_id", " and h.responsible_user_id = $?::bigint",
	                      " and h.responsible_user_id is null"),
	SQLBUF_FILTER("due_within", " and " HAZARD_OPEN
	                            " and h.deadline between " TODAY " and " TODAY " + $?::int"),
	SQLBUF_FILTER("created_from", " and h.created_at >= $?::date::timestamp at time zone 'Asia/Shanghai'"),
	SQLBUF_FILTER("created_to", " and h.created_at < ($?::date + 1)::timestamp at time zone 'Asia/Shanghai'"),
	SQLBUF_FILTER("closed_from", " and h.closed_at >= $?::date::timestamp at time zone 'Asia/Shanghai'"),
	SQLBUF_FILTER("closed_to", " and h.closed_at < ($?::date + 1)::timestamp at time zone 'Asia/Shanghai'"),
	/* At the end of a day, as the daily report counts them (app.daily_figures, 0026). */
	SQLBUF_FILTER("open_on", " and h.created_at < " DAY_END " and (h.status <> 'closed' or h.closed_at >= " DAY_END ")"),
	SQLBUF_FILTER("overdue_on", " and h.created_at < " DAY_END " and h.deadline < $?::date"
	                            " and (" HAZARD_OPEN " or h.closed_at >= " DAY_END ")"),
	SQLBUF_FILTER("q", " and strpos(h.description, $?) > 0"),
	SQLBUF_FILTER("township_id", " and h.township_id = $?::bigint"),
	SQLBUF_FILTERS_END,
};

/*
 * The hazards (alias h) that the request's filters name, as a WHERE clause;
 * what the list and its ledger share.  statuses holds the status filter's
 * array value while q is used.  A township's caller names the township, so
 * that the walk starts in its part of the indexes; a county admin's walks
 * the county's hazards and row-level security keeps the rest out.
 */
static void hazard_where(const struct request *req, struct sqlbuf *q, char statuses[72])
{
	const struct field_value *status = request_field(req, "status");

	if (req->who.township_id)
		sqlbuf_add(q, " where h.township_id = app.township_id()");
	else
		sqlbuf_add(q, " where true");
	if (status->sent && status->number)   /* only open statuses */
		sqlbuf_add(q, " and " HAZARD_OPEN);
	/*
	 * Several statuses travel as one array value: one statement for any set
	 * of them.  Exactly the open ones (number 2): the constant says it all.
	 * A parameter beside it would make the generic plan walk hazard_status
	 * and sort the township's open hazards (2,400 rows at scale 1) instead
	 * of reading the first page of hazard_open_created.
	 */
	if (status->sent && status->number != 2 && strchr(status->text, ',')) {
		snprintf(statuses, 72, "{%s}", status->text);
		sqlbuf_bind(q, " and h.status = any ($?::text[])", statuses);
	} else if (status->sent && status->number != 2) {
		sqlbuf_bind(q, " and h.status = $?", status->text);
	}
	list_filters(q, hazard_filters, req);
	if (request_true(req, "mine"))
		sqlbuf_add(q, " and (h.responsible_user_id = app.user_id() or " HAZARD_CADRE("app.user_id()") ")");
	/* A department's queue (0029), as its dashboard counts it. */
	if (request_true(req, "my_scope"))
		sqlbuf_add(q, " and " HAZARD_IN_QUEUE);
	else if (request_sent(req, "my_scope"))
		sqlbuf_add(q, " and not " HAZARD_IN_QUEUE);
	if (request_true(req, "sent_back"))
		sqlbuf_add(q, " and " HAZARD_SENT_BACK);
	else if (request_sent(req, "sent_back"))
		sqlbuf_add(q, " and not " HAZARD_SENT_BACK);
	if (request_true(req, "extended"))
		sqlbuf_add(q, " and " HAZARD_EXTENDED);
	else if (request_sent(req, "extended"))
		sqlbuf_add(q, " and not " HAZARD_EXTENDED);
	if (request_true(req, "overdue"))
		sqlbuf_add(q, " and " HAZARD_OPEN " and h.deadline < " TODAY);
	else if (request_sent(req, "overdue"))
		sqlbuf_add(q, " and not app.hazard_overdue(h.status, h.deadline)");
}

/*
 * GET /api/v1/hazards -- 200 {"items", "next_cursor"}; sort=created (newest
 * first, the default) or deadline (soonest first, none last); filters
 * status (one or a comma list), severity, sector_id, grid_node_id (with the
 * nodes below), at_grid_node_id (that node alone; none: no node), enterprise_id,
 * cadre_id, responsible_user_id (none: nobody), mine=true (the caller's assigned enterprises' or the
 * caller's own), my_scope (a department's queue: its sectors' and assigned
 * enterprises'), sent_back (rectifying again after a rejection), overdue,
 * due_within (days; open hazards), created_from/_to and closed_from/_to
 * (days), open_on and overdue_on (a day: open, overdue at its end, as the
 * daily report counts them), q (text in the description), township_id (a county admin's choice
 * of township); 422 for a bad filter or cursor.
 */
void hazard_list_sql(const struct request *req, const struct list_page *page, struct sqlbuf *q)
{
	bool by_deadline = hazard_list_by_deadline(req);
	const char *cursor_id;
	char key[40], statuses[72];

	hazard_cursor_read(page->cursor, by_deadline, key, &cursor_id);   /* hazard_list_check has checked it */
	if (by_deadline)
		sqlbuf_add(q, HAZARD_PAGE_ROWS(HAZARD_BY_DEADLINE_CURSOR));
	else
		sqlbuf_add(q, HAZARD_PAGE_ROWS(HAZARD_BY_CREATED_CURSOR));
	/* The cursor's key is past every row when there is none, so that it stays a plain index condition. */
	hazard_where(req, q, statuses);
	if (by_deadline) {
		sqlbuf_bind(q, " and (h.due_key, h.id) > ($?::date", key);
		sqlbuf_bind(q, ", $?::bigint)", cursor_id);
	} else {
		sqlbuf_bind(q, " and (h.created_at, h.id) < ($?::timestamptz", key);
		sqlbuf_bind(q, ", $?::bigint)", cursor_id);
	}
	if (by_deadline)
		sqlbuf_bind(q, LIST_CARDS_PAGE(HAZARD_BY_DEADLINE_ORDER), page->limit_text);
	else
		sqlbuf_bind(q, LIST_CARDS_PAGE(HAZARD_BY_CREATED_ORDER), page->limit_text);
}

enum err hazard_list(struct request *req)
{
	return list_answer_cards(req, hazard_list_sql, ", \n ");   /* as json_agg joins json */
}

static bool is_true(PGresult *res, int column)
{
	return PQgetvalue(res, 0, column)[0] == 't';
}

/* The caller's facts about a hazard from HAZARD_CALLER_FACTS, whose columns begin at first. */
static void facts_of(struct request *req, PGresult *res, int first, struct hazard_facts *facts)
{
	const char *mode = PQgetvalue(res, 0, first + 2);

	memset(facts, 0, sizeof(*facts));
	facts->status = (enum hazard_status)hazard_status_parse(PQgetvalue(res, 0, first));
	facts->severity = strcmp(PQgetvalue(res, 0, first + 1), "major") == 0 ? HAZARD_MAJOR : HAZARD_GENERAL;
	facts->mode = strcmp(mode, "immediate") == 0 ? HAZARD_MODE_IMMEDIATE
	              : strcmp(mode, "major") == 0 ? HAZARD_MODE_MAJOR
	              : HAZARD_MODE_DEADLINE;
	facts->role = req->who.role;
	facts->caller_is_submitter = is_true(res, first + 3);
	facts->caller_enterprise_matches = is_true(res, first + 4);
}

/*
 * Answer hazard id with status: the hazard as stmt_get shows it, with
 * "allowed_actions", the moves of the life cycle the caller may make now
 * (hazard_lifecycle_allowed; none outside a department's scope).  404 if
 * not visible.
 */
static enum err reply_hazard(struct request *req, const char *id, int status)
{
	const char *params[1] = {id};
	struct hazard_facts facts;
	json_object *hazard, *allowed;
	unsigned may = 0;
	PGresult *res;
	enum err e;

	db_final(req->db);
	if ((e = db_query(req->db, &stmt_get, &res, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ERR_NOT_FOUND;
	}
	facts_of(req, res, 1, &facts);
	if (permission_allows(req->who.role, ACTION_HAZARD_TRANSITION) && is_true(res, 6))
		may = hazard_lifecycle_allowed(&facts);
	hazard = json_tokener_parse(PQgetvalue(res, 0, 0));
	PQclear(res);
	if (!json_object_is_type(hazard, json_type_object)) {
		json_object_put(hazard);
		return ERR_INTERNAL;
	}
	allowed = json_object_new_array();
	for (int action = 0; action < HAZARD_ACTION__COUNT; action++)
		if (may & (1u << action))
			json_object_array_add(allowed, json_object_new_string(hazard_action_names[action]));
	json_object_object_add(hazard, "allowed_actions", allowed);
	req->reply = hazard;
	req->status = status;
	return ERR_NONE;
}

/* ---------------------------------------------------------------------------
 * The ledger (隐患台账): the list's filters and order, every matching row
 * ------------------------------------------------------------------------- */

static const struct public_label severity_labels[] = {
	{"general", "一般隐患"}, {"major", "重大隐患"}, {NULL, NULL},
};
static const struct public_label source_labels[] = {
	{"inspection", "检查发现"}, {"registration", "登记"}, {"tip", "群众举报"}, {"self_report", "企业自查"},
	{NULL, NULL},
};

static const struct export_column hazard_columns[] = {
	{"隐患编号", EXPORT_NUMBER, 10, NULL},
	{"企业名称", EXPORT_TEXT, 30, NULL},
	{"网格", EXPORT_TEXT, 14, NULL},
	{"领域", EXPORT_TEXT, 16, NULL},
	{"来源", EXPORT_LABEL, 10, source_labels},
	{"隐患描述", EXPORT_TEXT, 40, NULL},
	{"隐患等级", EXPORT_LABEL, 10, severity_labels},
	{"整改方式", EXPORT_LABEL, 10, public_modes},
	{"整改措施", EXPORT_TEXT, 30, NULL},
	{"整改期限", EXPORT_DATE, 12, NULL},
	{"整改责任人", EXPORT_TEXT, 12, NULL},
	{"状态", EXPORT_LABEL, 10, public_statuses},
	{"是否逾期", EXPORT_YES_NO, 9, NULL},
	{"登记时间", EXPORT_TIME, 17, NULL},
	{"销号时间", EXPORT_TIME, 17, NULL},
	{NULL, 0, 0, NULL},
};

static enum err hazard_ledger_rows(struct request *req, struct sqlbuf *q, char scratch[EXPORT_SCRATCH])
{
	/* Joins, not a subquery a row: every name is looked up in one pass over its table. */
	sqlbuf_add(q, "select h.id, e.name, g.name, s.name,"
	              " app.hazard_source_shown(h.source), h.description, h.severity, h.mode, h.measure,"
	              " h.deadline, u.display_name, h.status, app.hazard_overdue(h.status, h.deadline),"
	              " to_char(h.created_at, 'YYYY-MM-DD HH24:MI:SS'), to_char(h.closed_at, 'YYYY-MM-DD HH24:MI:SS')"
	              " from hazard h"
	              " left join enterprise e on e.township_id = h.township_id and e.id = h.enterprise_id"
	              " left join grid_node g on g.township_id = h.township_id and g.id = h.grid_node_id"
	              " left join sector s on s.id = h.sector_id"
	              " left join app_user u on u.id = h.responsible_user_id");
	hazard_where(req, q, scratch);
	if (hazard_list_by_deadline(req))
		sqlbuf_add(q, " order by " HAZARD_BY_DEADLINE_ORDER);
	else
		sqlbuf_add(q, " order by " HAZARD_BY_CREATED_ORDER);
	return ERR_NONE;
}

static const struct export_ledger hazard_ledger = {"hazards", "隐患台账", hazard_columns, hazard_ledger_rows};

/*
 * GET /api/v1/exports/hazards.xlsx and .csv -- 200 the hazards the list
 * would show with the same filters, every one of them, as the ledger
 * (隐患台账); 422 for a bad filter.
 */
enum err hazard_export(struct request *req)
{
	return export_answer(req, &hazard_ledger);
}

/*
 * GET /api/v1/hazards/{id} -- 200 the hazard with its photos and the moves
 * the caller may make ("allowed_actions"); 404 if not visible.
 */
enum err hazard_get(struct request *req)
{
	return reply_hazard(req, req->params[0], 200);
}

/*
 * POST /api/v1/hazards -- 201 the hazard, status reported, with a "report"
 * event: source registration, or self_report when an enterprise user
 * reports a hazard of its own enterprise (自查自报).  422 for invalid
 * fields and broken rules (an enterprise, grid node, sector, campaign or
 * responsible person not of the township -- for an enterprise user, not its
 * own; severity major without mode major or the reverse; no deadline
 * unless mode immediate, or one in the past; malformed five items).
 */
enum err hazard_create(struct request *req)
{
	const char *params[2] = {request_body_text(req),
	                         req->who.role == ROLE_ENTERPRISE ? "self_report" : "registration"};
	char id[24];
	PGresult *res;
	enum err e;

	if ((e = check_rules(req, NULL)) != ERR_NONE)
		return e;
	if ((e = db_query(req->db, &stmt_create, &res, 2, params)) != ERR_NONE)
		return e;
	snprintf(id, sizeof(id), "%s", PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : "");
	PQclear(res);
	if (id[0] == '\0')
		return ERR_INTERNAL;   /* the enterprise was checked a moment ago */
	return reply_hazard(req, id, 201);
}

/*
 * POST /api/v1/hazards/{id}/extensions {"version", "deadline", "reason"} --
 * 200 the hazard with its new deadline, and an "extend" event keeping the
 * reason and both deadlines (延期).  404 if not visible; 409 stale_version,
 * or bad_state for a hazard that is not open (reported or rectifying) or is
 * rectified on the spot; 403 when the hazard is overdue and the caller is
 * not the committee; 422 for a deadline not later than the old one or in
 * the past.
 */
enum err hazard_extend(struct request *req)
{
	const char *params[4] = {req->params[0], request_text(req, "deadline"),
	                         request_text(req, "reason"), request_version(req)};
	PGresult *res;
	enum err e;
	bool extended;

	if ((e = db_query(req->db, &stmt_extend, &res, 4, params)) != ERR_NONE)
		return e;
	extended = PQntuples(res) == 1 && !PQgetisnull(res, 0, 0);
	PQclear(res);
	if (!extended)
		return ERR_STALE_VERSION;
	return reply_hazard(req, req->params[0], 200);
}

/*
 * The fields the body sent as the edit event's note ("changed: a, b", in
 * the order of the field table), into buf.  The status is not among them:
 * it moves by transitions only.
 */
static const char *edit_note(struct request *req, char *buf, size_t len)
{
	const struct field *f = req->in_body.fields;
	size_t used = (size_t)snprintf(buf, len, "changed:");
	const char *sep = " ";

	for (size_t i = 0; f[i].name && used < len; i++) {
		if (!req->in_body.at[i].sent || (f[i].flags & FIELD_LOCK))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s", sep, f[i].name);
		sep = ", ";
	}
	return buf;
}

/*
 * PATCH /api/v1/hazards/{id} {"version", ...} -- 200 the hazard, with an
 * "edit" event (keeping the old and new deadline when it moved).  404 if
 * not visible; 409 stale_version, or bad_state for a closed hazard, a
 * change of severity or mode once rectification has started, or of the
 * deadline once rectification has started or the hazard is overdue (an
 * extension moves it then); 403 for an overdue hazard's deadline by anyone
 * but the committee; 422 for invalid fields and broken rules.
 */
enum err hazard_update(struct request *req)
{
	const char *params[3] = {req->params[0], NULL, NULL};
	char version[16], status[16], deadline[16], note[160];
	PGresult *res;
	enum err e;
	bool found, dated = false;

	if ((e = db_query(req->db, &stmt_current, &res, 1, params)) != ERR_NONE)
		return e;
	found = PQntuples(res) == 1;
	if (found) {
		snprintf(status, sizeof(status), "%s", PQgetvalue(res, 0, 0));
		snprintf(version, sizeof(version), "%s", PQgetvalue(res, 0, 1));
		snprintf(deadline, sizeof(deadline), "%s", PQgetvalue(res, 0, 2));
		dated = !PQgetisnull(res, 0, 2);
	}
	PQclear(res);
	if (!found)
		return ERR_NOT_FOUND;
	if ((e = request_version_matches(req, atoll(version))) != ERR_NONE)
		return e;
	if (strcmp(status, "closed") == 0) {
		request_message(req, "a closed hazard is not edited; reopen it first");
		return ERR_BAD_STATE;
	}
	if (strcmp(status, "reported") != 0 &&
	    (request_sent(req, "severity") ||
	     request_sent(req, "mode"))) {
		request_message(req, "severity and mode are settled once rectification has started");
		return ERR_BAD_STATE;
	}
	if ((e = check_rules(req, req->params[0])) != ERR_NONE)
		return e;
	params[1] = request_body_text(req);
	params[2] = version;
	if ((e = db_query(req->db, &stmt_update, &res, 3, params)) != ERR_NONE)
		return e;
	found = PQntuples(res) == 1;
	PQclear(res);
	if (!found)
		return ERR_STALE_VERSION;
	if ((e = add_event(req, req->params[0], "edit", status, edit_note(req, note, sizeof(note)),
	                   false, dated ? deadline : NULL)) != ERR_NONE)
		return e;
	return reply_hazard(req, req->params[0], 200);
}

/*
 * POST /api/v1/hazards/{id}/transitions {"action", "note"?, "version"} --
 * 200 the hazard after the move, with its event (listing the photos
 * uploaded since the previous move).  404 if not visible; 409
 * stale_version, or bad_state when the status (or the mode, to close on
 * the spot) does not allow the action; 403 when the role or the caller may
 * not (an enterprise beyond start and submit, the submitter judging their
 * own work, a major hazard closed by anyone but the committee); 422 when
 * the evidence, the note or the five items are missing, naming which.
 * A refused move changes nothing.
 */
enum err hazard_transition(struct request *req)
{
	const char *params[3] = {req->params[0], NULL, NULL};
	const char *note = request_text(req, "note");
	int action = hazard_action_parse(request_text(req, "action"));
	struct hazard_facts facts;
	struct hazard_verdict verdict;
	char version[16], from[16];
	PGresult *res;
	enum err e;

	if ((e = db_query(req->db, &stmt_facts, &res, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ERR_NOT_FOUND;
	}
	snprintf(from, sizeof(from), "%s", PQgetvalue(res, 0, 0));
	snprintf(version, sizeof(version), "%s", PQgetvalue(res, 0, 8));
	facts_of(req, res, 0, &facts);
	facts.five_items_complete = is_true(res, 5);
	facts.has_after_photo = is_true(res, 6);
	facts.has_before_or_after_photo = is_true(res, 7);
	facts.has_note = note && note[strspn(note, " \t\r\n")] != '\0';
	PQclear(res);

	if ((e = request_version_matches(req, atoll(version))) != ERR_NONE)
		return e;
	e = hazard_lifecycle_check((enum hazard_action)action, &facts, &verdict);
	if (e != ERR_NONE) {
		if (verdict.field)
			json_detail_add(request_details(req), verdict.field, "required", verdict.message);
		request_message(req, verdict.message);
		return e;
	}
	params[1] = hazard_status_names[verdict.next_status];
	params[2] = version;
	if ((e = db_query(req->db, &stmt_move, &res, 3, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ERR_STALE_VERSION;
	}
	PQclear(res);
	if ((e = add_event(req, req->params[0], hazard_action_names[action], from,
	                   facts.has_note ? note : NULL, true, NULL)) != ERR_NONE)
		return e;
	return reply_hazard(req, req->params[0], 200);
}

/* GET /api/v1/hazards/{id}/events -- 200 {"items"} the whole timeline, oldest first; 404 if not visible. */
enum err hazard_events(struct request *req)
{
	return request_reply_row(req, &stmt_events, req->params[0], 200);
}

/*
 * POST /api/v1/hazards/{id}/attachments?tag=before|after|document (raw
 * body) -- 201 {"id", "tag", "content_type", "size", "sha256", "url", ...}.
 * 404 if the hazard is not visible (an enterprise user: not its own); 409
 * for a closed hazard (reopen it first); 413 past the upload limit; 415
 * for a type other than JPEG, PNG, WebP or PDF; 422 for an empty body.
 */
enum err hazard_attach(struct request *req)
{
	return attachment_add(req, "hazard", &stmt_locate, request_text(req, "tag"),
	                      "a closed hazard takes no more evidence; reopen it first");
}

/* GET /api/v1/hazards/{id}/attachments -- 200 {"items"} oldest first; 404 if not visible. */
enum err hazard_attachments(struct request *req)
{
	return request_reply_row(req, &stmt_attachments, req->params[0], 200);
}
