/*
 * sqlbuf.c -- statements assembled from fixed fragments (see sqlbuf.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "db/sqlbuf.h"

void sqlbuf_init(struct sqlbuf *b)
{
	b->len = 0;
	b->n = 0;
	b->values_len = 0;
	b->overflow = false;
	b->text[0] = '\0';
}

struct sqlbuf *sqlbuf_new(void)
{
	struct sqlbuf *b = malloc(sizeof(*b));

	if (b)
		sqlbuf_init(b);
	return b;
}

static void put(struct sqlbuf *b, const char *s, size_t len)
{
	if (b->overflow || b->len + len >= sizeof(b->text)) {
		b->overflow = true;
		return;
	}
	memcpy(b->text + b->len, s, len);
	b->len += len;
	b->text[b->len] = '\0';
}

void sqlbuf_append_(struct sqlbuf *b, const char *fragment, const char *value, bool bound)
{
	char number[16];
	const char *mark;

	if (bound) {
		if (b->n >= DB_MAX_PARAMS) {
			b->overflow = true;
			return;
		}
		if (value != NULL) {
			size_t len = strlen(value) + 1;

			if (b->values_len + len > sizeof(b->values)) {
				b->overflow = true;
				return;
			}
			memcpy(b->values + b->values_len, value, len);
			value = b->values + b->values_len;
			b->values_len += len;
		}
		b->params[b->n++] = value;
		snprintf(number, sizeof(number), "$%d", b->n);
	}
	while ((mark = strstr(fragment, "$?")) != NULL) {
		put(b, fragment, (size_t)(mark - fragment));
		if (bound)
			put(b, number, strlen(number));
		else
			b->overflow = true;   /* a placeholder without a value: a bug */
		fragment = mark + 2;
	}
	put(b, fragment, strlen(fragment));
}

enum err sqlbuf_query(struct db *db, const struct sqlbuf *b, PGresult **out)
{
	if (out)
		*out = NULL;
	if (b->overflow) {
		log_event("error", "statement_overflow", b->text);
		return ERR_INTERNAL;
	}
	return db_query_text(db, b->text, out, b->n, b->params);
}
