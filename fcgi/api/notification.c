/*
 * notification.c -- each user's inbox (站内提醒): the notifications the
 * database made for them (0020: app.notify, from the triggers of the writes
 * that cause them and from `safegridctl jobs`' reminders), and the read marks.
 *
 * Row-level security shows a user their own notifications only, whatever
 * the role: another's id is 404.
 */
#include <stdio.h>

#include "db/db.h"
#include "api/handlers.h"
#include "server/list.h"

const struct field notification_list_query[] = {
	{"unread", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	LIST_FIELDS,
	FIELDS_END,
};

/* A notification (alias n) as the API shows it. */
#define NOTIFICATION_JSON                                                                   \
	"json_build_object('id', n.id, 'kind', n.kind, 'title', n.title, 'body', n.body,"      \
	"  'subject_type', n.subject_type, 'subject_id', n.subject_id,"                        \
	"  'township_id', n.township_id, 'created_at', n.created_at, 'read_at', n.read_at)"

DB_STMT(stmt_list,
	"with page as ("
	"  select n.id, " NOTIFICATION_JSON " as json from notification n"
	"   where n.user_id = app.user_id()"
	"     and ($1::boolean is null or (n.read_at is null) = $1::boolean)"
	"     and ($2::bigint is null or n.id < $2::bigint)"
	"   order by n.id desc limit $3::int + 1)"
	LIST_PAGE_ANSWER("$3", "desc"));

/* The first read is the one kept. */
DB_STMT(stmt_read,
	"update notification n set read_at = coalesce(n.read_at, now())"
	" where n.id = $1::bigint and n.user_id = app.user_id()"
	" returning " NOTIFICATION_JSON);

DB_STMT(stmt_read_all,
	"with marked as (update notification n set read_at = now()"
	"                 where n.user_id = app.user_id() and n.read_at is null returning 1)"
	"select json_build_object('updated', count(*)) from marked");

/*
 * GET /api/v1/notifications -- 200 {"items", "next_cursor"}, newest first;
 * unread=true only the unread ones, unread=false only the read ones; 422
 * for a bad filter or cursor.
 */
enum err notification_list(struct request *req)
{
	static const char *const filters[] = {"unread", NULL};

	return list_answer(req, &stmt_list, filters);
}

/* POST /api/v1/notifications/{id}/read -- 200 the notification, read; 404 if not the caller's. */
enum err notification_read(struct request *req)
{
	return request_reply_row(req, &stmt_read, req->params[0], 200);
}

/* POST /api/v1/notifications/read-all -- 200 {"updated": n}, how many were unread. */
enum err notification_read_all(struct request *req)
{
	return request_reply_query(req, &stmt_read_all, 0, NULL, 200);
}
