/*
 * list.c -- reading limit and cursor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "input/json.h"
#include "server/list.h"
#include "db/sqlbuf.h"

const char *list_cursor_valid(const struct field *f, struct field_value *v, const char **code)
{
	(void)f;
	(void)code;
	if (strspn(v->text, "0123456789,:.+-TZ") != v->len || v->text[0] < '0' || v->text[0] > '9')
		return "is not a cursor this list handed out";
	return NULL;
}

enum err list_page_read(const struct request *req, struct list_page *page)
{
	/* The callers' pages are for this function to fill: writing them is not reading them. */
	/* cppcheck-suppress ctuuninitvar */
	snprintf(page->limit_text, sizeof(page->limit_text), "%lld",
	         request_sent(req, "limit") ? request_int(req, "limit") : LIST_DEFAULT_LIMIT);
	page->cursor = request_text(req, "cursor");
	return ERR_NONE;
}

/* The value of one of list_answer's filters (list.h). */
static const char *list_filter_value(const struct request *req, const char *filter)
{
	const char *none = strstr(filter, "=none");
	char name[64];

	if (strcmp(filter, "{id}") == 0)
		return req->params[0];
	if (none == NULL || none[5] != '\0' || (size_t)(none - filter) >= sizeof(name))
		return request_text(req, filter);
	memcpy(name, filter, (size_t)(none - filter));
	name[none - filter] = '\0';
	return request_null(req, name) ? "true" : NULL;
}

/* Whether the query said none for a field no "NAME=none" filter reads: it would be ignored. */
static bool list_none_unread(const struct request *req, const char *const *filters)
{
	const struct field *f = req->in_query.fields;

	for (size_t i = 0; f && f[i].name; i++) {
		bool read = false;

		if (!(req->in_query.at[i].sent && req->in_query.at[i].null))
			continue;
		for (size_t k = 0; filters[k] && !read; k++)
			read = strncmp(filters[k], f[i].name, strlen(f[i].name)) == 0 &&
			       strcmp(filters[k] + strlen(f[i].name), "=none") == 0;
		if (!read)
			return true;
	}
	return false;
}

enum err list_answer(struct request *req, struct db_stmt *stmt, const char *const *filters)
{
	const char *params[DB_MAX_PARAMS];
	struct list_page page;
	PGresult *res;
	enum err e;
	int n = 0;

	if ((e = list_page_read(req, &page)) != ERR_NONE)
		return e;
	if (list_none_unread(req, filters))
		return ERR_INTERNAL;   /* a mistake of the code: never answer as if none were not said */
	for (; n < DB_MAX_PARAMS - 2 && filters[n]; n++)
		params[n] = list_filter_value(req, filters[n]);
	params[n++] = page.cursor;
	params[n++] = page.limit_text;
	db_final(req->db);
	if ((e = db_query(req->db, stmt, &res, n, params)) != ERR_NONE)
		return e;
	request_reply_result(req, res, 200);
	return ERR_NONE;
}

/* q run as the request's last statement, and freed. */
static enum err final_query(struct request *req, struct sqlbuf *q, PGresult **res)
{
	enum err e;

	db_final(req->db);
	e = sqlbuf_query(req->db, q, res);
	free(q);
	return e;
}

enum err list_answer_assembled(struct request *req, struct sqlbuf **q)
{
	PGresult *res;
	enum err e;

	e = final_query(req, *q, &res);
	*q = NULL;
	if (e != ERR_NONE)
		return e;
	request_reply_result(req, res, 200);
	return ERR_NONE;
}

/* A shaped list's statement for the request's page (read into *page), run as its last statement. */
static enum err shaped_query(struct request *req, list_sql_fn sql, struct list_page *page, PGresult **res)
{
	struct sqlbuf *q;
	enum err e;

	if ((e = list_page_read(req, page)) != ERR_NONE)
		return e;
	if ((q = sqlbuf_new()) == NULL)
		return ERR_INTERNAL;
	sql(req, page, q);
	return final_query(req, q, res);
}

enum err list_answer_shaped(struct request *req, list_sql_fn sql)
{
	struct list_page page;
	PGresult *res;
	enum err e;

	if ((e = shaped_query(req, sql, &page, &res)) != ERR_NONE)
		return e;
	request_reply_result(req, res, 200);
	return ERR_NONE;
}

/*
 * The page of a card list from its rows (list_answer_cards): JSON text the
 * answer owns, or NULL when out of memory.  A key is the sort's, digits and
 * the signs of dates and times (list_cursor_valid): nothing in it to escape.
 */
static char *cards_page(PGresult *res, int limit, const char *sep, size_t *len)
{
	static const char head[] = "{\"items\" : [", tail_null[] = "], \"next_cursor\" : null}";
	static const char tail_key[] = "], \"next_cursor\" : \"";
	int rows = PQntuples(res), shown = rows < limit ? rows : limit;
	bool more = rows > limit && shown > 0;
	size_t size = sizeof(head) + sizeof(tail_null) + sizeof(tail_key) + 2, sep_len = strlen(sep);
	char *page, *at;

	for (int i = 0; i < shown; i++)
		size += (size_t)PQgetlength(res, i, 0) + sep_len;
	if (more)
		size += (size_t)PQgetlength(res, shown - 1, 1);
	if ((page = malloc(size)) == NULL)
		return NULL;
	at = page;
	memcpy(at, head, sizeof(head) - 1);
	at += sizeof(head) - 1;
	for (int i = 0; i < shown; i++) {
		if (i > 0) {
			memcpy(at, sep, sep_len);
			at += sep_len;
		}
		memcpy(at, PQgetvalue(res, i, 0), (size_t)PQgetlength(res, i, 0));
		at += PQgetlength(res, i, 0);
	}
	if (more) {
		memcpy(at, tail_key, sizeof(tail_key) - 1);
		at += sizeof(tail_key) - 1;
		memcpy(at, PQgetvalue(res, shown - 1, 1), (size_t)PQgetlength(res, shown - 1, 1));
		at += PQgetlength(res, shown - 1, 1);
		memcpy(at, "\"}", 2);
		at += 2;
	} else {
		memcpy(at, tail_null, sizeof(tail_null) - 1);
		at += sizeof(tail_null) - 1;
	}
	*len = (size_t)(at - page);
	return page;
}

enum err list_answer_cards(struct request *req, list_sql_fn sql, const char *sep)
{
	struct list_page page;
	PGresult *res;
	enum err e;
	char *body;
	size_t len;

	if ((e = shaped_query(req, sql, &page, &res)) != ERR_NONE)
		return e;
	if (PQnfields(res) != 2) {
		PQclear(res);
		return ERR_INTERNAL;
	}
	body = cards_page(res, atoi(page.limit_text), sep, &len);
	PQclear(res);
	if (body == NULL)
		return ERR_INTERNAL;
	request_reply_bytes(req, body, len, "application/json; charset=utf-8");
	req->status = 200;
	return ERR_NONE;
}

void list_filters(struct sqlbuf *b, const struct sqlbuf_filter *table, const struct request *req)
{
	for (const struct sqlbuf_filter *f = table; f->name; f++) {
		const char *value = request_text(req, f->name);

		if (value)
			sqlbuf_append_(b, f->fragment, value, true);
		else if (request_null(req, f->name) && f->none)
			sqlbuf_append_(b, f->none, NULL, false);
		else if (request_null(req, f->name))
			b->overflow = true;   /* a nullable field whose filter has no none: never ignore it */
	}
}
