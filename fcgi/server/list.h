/*
 * list.h -- keyset pagination, the same for every list.
 *
 * A list takes ?limit= (1..200, default 50) and ?cursor= (the next_cursor of
 * the previous page, opaque to clients) and answers
 * {"items": [...], "next_cursor": "..." | null}.
 */
#ifndef SAFEGRID_LIST_H
#define SAFEGRID_LIST_H

#include "input/fields.h"
#include "server/request.h"

#define LIST_DEFAULT_LIMIT 50
#define LIST_MAX_LIMIT 200

#define LIST_FIELDS LIST_FIELDS_CURSOR(list_cursor_valid)

/* The same for a list whose cursor has a shape of its own (VALID checks it). */
#define LIST_FIELDS_CURSOR(VALID) \
	{"limit", FIELD_INT, 0, 1, LIST_MAX_LIMIT, NULL, NULL, NULL}, \
	{"cursor", FIELD_STRING, 0, 1, 64, NULL, (VALID), NULL}

/*
 * The end of a list statement: from a CTE "page" of (id, json) rows, fetched
 * with LIMIT n + 1 in the list's order, the answer {"items", "next_cursor"},
 * where the cursor is the last id shown.  LIMIT names the parameter that
 * holds n ("$6"); ORDER is "" for ascending ids or "desc".
 */
#define LIST_PAGE_ANSWER(LIMIT, ORDER)                                                     \
	"select json_build_object("                                                       \
	"  'items', coalesce((select json_agg(json order by id " ORDER ") from"            \
	"     (select * from page order by id " ORDER " limit " LIMIT "::int) p), '[]'),"   \
	"  'next_cursor', case when (select count(*) from page) > " LIMIT "::int then"      \
	"     (select id from page order by id " ORDER " offset " LIMIT "::int - 1 limit 1)::text end)"

/*
 * The end of a list whose items are stored cards (the hazards', 0032; the
 * inspections', 0037): a statement "select CARD, KEY from ... join the card
 * ... where ..." then this, its rows in ORDER, one more than the limit ("$?").
 * Each row is an item's JSON text and the key of the sort at that row;
 * list_answer_cards puts the page together.  The page is read by the list's
 * index and each of its rows' card by its key: no aggregate, window or CTE,
 * which in PostgreSQL cost a sixth of such a list's time.
 */
#define LIST_CARDS_PAGE(ORDER) " order by " ORDER " limit $?::int + 1"

/* A cursor is a sort key: digits, and for compound keys a comma and digits or a time. */
const char *list_cursor_valid(const struct field *f, struct field_value *v, const char **code);

struct list_page {
	const char *cursor;     /* NULL for the first page */
	char limit_text[8];
};

/* The page asked for (list_cursor_valid has checked the cursor). */
enum err list_page_read(const struct request *req, struct list_page *page);

/*
 * The whole of a plain list handler: read the page, bind the query values
 * of filters (NULL-terminated; "{id}" stands for the path's id, and
 * "NAME=none" for "true" when the query's NAME said none, else NULL) as
 * $1..$n, then the cursor and the limit as $n+1 and $n+2, run stmt, and
 * answer with the JSON it makes.
 */
struct db_stmt;
enum err list_answer(struct request *req, struct db_stmt *stmt, const char *const *filters);

/*
 * The end of a list handler that assembles its statement (sqlbuf.h): run *q
 * as the request's last statement and answer with the JSON it makes.  It
 * takes the statement: *q (from sqlbuf_new) is freed and set to NULL, so
 * the call reads list_answer_assembled(req, &q).
 */
struct sqlbuf;
enum err list_answer_assembled(struct request *req, struct sqlbuf **q);

/*
 * A list whose statement is assembled from the filters it is given
 * (sqlbuf.h): the function appends to q the statement for the request's
 * parsed query and the page.  It reads nothing else and runs nothing, so
 * that safegridctl check-sql can assemble and prepare every shape.
 */
typedef void (*list_sql_fn)(const struct request *req, const struct list_page *page, struct sqlbuf *q);

/* The whole of such a list's handler: read the page, assemble, answer. */
enum err list_answer_shaped(struct request *req, list_sql_fn sql);

/*
 * The same for a list of stored cards (LIST_CARDS_PAGE): the answer
 * {"items" : [...], "next_cursor" : ...} put together from the rows, the
 * items' JSON joined by sep (", \n " for json, ", " for jsonb, as json_agg
 * prints an array of each), next_cursor the key of the last item shown when
 * a row follows it, else null.
 */
enum err list_answer_cards(struct request *req, list_sql_fn sql, const char *sep);

/*
 * Append to b, in the table's order, the fragment of each plain filter
 * (db/sqlbuf.h) that the request's query string names, bound to its value.
 */
struct sqlbuf_filter;
void list_filters(struct sqlbuf *b, const struct sqlbuf_filter *table, const struct request *req);

#endif
