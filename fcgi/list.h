/*
 * list.h -- keyset pagination, the same for every list.
 *
 * A list takes ?limit= (1..200, default 50) and ?cursor= (the next_cursor of
 * the previous page, opaque to clients) and answers
 * {"items": [...], "next_cursor": "..." | null}.
 */
#ifndef SAFEGRID_LIST_H
#define SAFEGRID_LIST_H

#include "input.h"
#include "request.h"

#define LIST_DEFAULT_LIMIT 50
#define LIST_MAX_LIMIT 200

#define LIST_FIELDS \
	{"limit", FIELD_INT, 0, 1, LIST_MAX_LIMIT, NULL}, \
	{"cursor", FIELD_STRING, 0, 1, 64, NULL}

struct list_page {
	const char *cursor;     /* NULL for the first page */
	char limit_text[8];
};

/* The page asked for; 422 for a cursor that is not one of ours. */
enum err list_page_read(struct request *req, struct list_page *page);

#endif
