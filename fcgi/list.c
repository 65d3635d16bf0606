/*
 * list.c -- reading limit and cursor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "list.h"

enum err list_page_read(struct request *req, struct list_page *page)
{
	const char *limit = request_query(req, "limit");
	const char *cursor = request_query(req, "cursor");

	snprintf(page->limit_text, sizeof(page->limit_text), "%d",
	         limit ? atoi(limit) : LIST_DEFAULT_LIMIT);
	page->cursor = NULL;
	if (cursor) {
		/* Cursors are sort keys: digits, and for compound keys a comma and digits or a time. */
		if (strspn(cursor, "0123456789,:.+-TZ") != strlen(cursor) || cursor[0] < '0' || cursor[0] > '9') {
			json_detail_add(request_details(req), "cursor", "invalid",
			                "is not a cursor this list handed out");
			return ERR_VALIDATION;
		}
		page->cursor = cursor;
	}
	return ERR_NONE;
}
