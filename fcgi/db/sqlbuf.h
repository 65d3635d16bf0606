/*
 * sqlbuf.h -- a statement assembled from the program's own fragments, for
 * the lists whose filters are all optional.
 *
 * One statement with every filter optional ("$4 is null or h.sector_id =
 * $4") can only be planned well for the values of each call, so PostgreSQL
 * plans it anew every time, and the planning costs as much as the query.
 * Instead the handler appends the fragments of the filters it was given;
 * each distinct text is prepared once per connection (db_query_text), and
 * its plan, made for those filters alone, is kept.
 *
 * Fragments must be string literals -- the macros refuse anything else at
 * compile time -- so no input ever becomes SQL text.  Values travel as
 * parameters only: in a fragment, "$?" stands for the fragment's value and
 * becomes the next $n (every "$?" of one fragment is the same value).
 */
#ifndef SAFEGRID_SQLBUF_H
#define SAFEGRID_SQLBUF_H

#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"

#define SQLBUF_MAX 16384

#define SQLBUF_VALUES_MAX 8192

struct sqlbuf {
	char text[SQLBUF_MAX];
	size_t len;
	const char *params[DB_MAX_PARAMS];   /* into values, or NULL */
	int n;
	char values[SQLBUF_VALUES_MAX];      /* a copy of each value: the caller's may go first */
	size_t values_len;
	bool overflow;       /* too long, too many values or a filter's none unknown: refuse to run it */
};

void sqlbuf_init(struct sqlbuf *b);

/* An empty statement on the heap (it is large: SQLBUF_MAX); NULL without memory. */
struct sqlbuf *sqlbuf_new(void);

/* Append a fragment without a value. */
#define sqlbuf_add(b, fragment) sqlbuf_append_((b), "" fragment "", NULL, false)

/* Append a fragment whose "$?" is value (which may be NULL: SQL NULL). */
#define sqlbuf_bind(b, fragment, value) sqlbuf_append_((b), "" fragment "", (value), true)

void sqlbuf_append_(struct sqlbuf *b, const char *fragment, const char *value, bool bound);

/*
 * A list's plain filters as data: a query parameter and the fragment its
 * value goes into, and for a parameter that may say "none" (a nullable
 * id, input/fields.h) the fragment that selects the rows without one.
 * list_filters (server/list.h) appends, in the table's order, the
 * fragment of each one the request names.
 */
struct sqlbuf_filter {
	const char *name;
	const char *fragment;
	const char *none;    /* NULL: the parameter never says none */
};

#define SQLBUF_FILTER(name, fragment) {(name), "" fragment "", NULL}
#define SQLBUF_FILTER_OR_NONE(name, fragment, none) {(name), "" fragment "", "" none ""}
#define SQLBUF_FILTERS_END {NULL, NULL, NULL}


/*
 * The ids of grid node NODE and of the nodes below it, as an array
 * expression's text (null for a node the caller does not see): the subtree
 * the grid's writes keep (0042, where the rule of what is below a node is
 * written), read by the node's key.
 */
#define SQLBUF_GRID_SUBTREE(NODE) "(select s.ids from grid_subtree s where s.node_id = " NODE ")::bigint[]"

/*
 * Whether user USER is now a cadre (包扶干部) of enterprise ENTERPRISE of
 * township TOWNSHIP, as a boolean expression's text: app.assigned_cadre
 * (0044) holds the rule of which assignments count.
 */
#define SQLBUF_ASSIGNED_CADRE(TOWNSHIP, ENTERPRISE, USER)                               \
	"exists (select 1 from app.assigned_cadre x where x.township_id = " TOWNSHIP       \
	" and x.enterprise_id = " ENTERPRISE " and x.user_id = " USER ")"

/* Run it: ERR_INTERNAL if it overflowed, else as db_query. */
enum err sqlbuf_query(struct db *db, const struct sqlbuf *b, PGresult **out);

#endif
