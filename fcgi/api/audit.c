/*
 * audit.c -- reading the audit log.  Writing it is the database's job: a
 * trigger on every audited table, and the session functions.
 */
#include "db/db.h"
#include "api/handlers.h"
#include "server/list.h"

const struct field audit_list_query[] = {
	{"entity_type", FIELD_STRING, 0, 1, 40, NULL, NULL, NULL},
	{"entity_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"actor_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"action", FIELD_STRING, 0, 1, 60, NULL, NULL, NULL},
	{"from", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL},
	{"to", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL},
	{"township_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	LIST_FIELDS,
	FIELDS_END,
};

/* Newest first; "to" is inclusive; days are Asia/Shanghai days. */
DB_STMT(stmt_list,
	"with page as ("
	"  select id, json_build_object('id', a.id, 'at', a.at, 'actor_id', a.actor_id,"
	"           'township_id', a.township_id, 'action', a.action, 'entity_type', a.entity_type,"
	"           'entity_id', a.entity_id, 'before', a.before, 'after', a.after,"
	"           'client_addr', a.client_addr, 'request_id', a.request_id) as json"
	"    from audit_log a"
	"   where ($1::text is null or a.entity_type = $1)"
	"     and ($2::bigint is null or a.entity_id = $2)"
	"     and ($3::bigint is null or a.actor_id = $3)"
	"     and ($4::text is null or a.action = $4)"
	"     and ($5::date is null or a.at >= $5::date::timestamp at time zone 'Asia/Shanghai')"
	"     and ($6::date is null or a.at < ($6::date + 1)::timestamp at time zone 'Asia/Shanghai')"
	"     and ($7::bigint is null or a.township_id = $7)"
	"     and ($8::bigint is null or a.id < $8)"
	"   order by a.id desc limit $9::int + 1)"
	LIST_PAGE_ANSWER("$9", "desc"));

/*
 * GET /api/v1/audit -- 200 {"items", "next_cursor"}, newest first; filters
 * entity_type, entity_id, actor_id, action, from, to (dates).
 */
enum err audit_list(struct request *req)
{
	static const char *const filters[] = {"entity_type", "entity_id", "actor_id", "action", "from", "to", "township_id", NULL};

	return list_answer(req, &stmt_list, filters);
}
