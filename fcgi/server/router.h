/*
 * router.h -- the route table's shape (the table itself is api/routes.c) and matching.
 *
 * Each row: method, path pattern, handler, the action the permission table
 * checks, flags, and the declared fields of the JSON body and query string.
 * docs/openapi.yaml is checked against this table by a test.
 */
#ifndef SAFEGRID_ROUTER_H
#define SAFEGRID_ROUTER_H

#include <stddef.h>

#include "base/error.h"
#include "input/fields.h"
#include "server/permission.h"
#include "server/request.h"

typedef enum err (*handler_fn)(struct request *req);

/* Route flags. */
#define ROUTE_NO_DB     0x01u   /* answers without the database */
#define ROUTE_NO_TX     0x02u   /* manages its own database work (health) */
#define ROUTE_BODY_JSON 0x04u   /* takes a JSON object body */
#define ROUTE_BODY_RAW  0x08u   /* takes raw bytes (uploads, CSV) */
#define ROUTE_NO_CSRF   0x10u   /* state-changing, but before a session exists (login) */
#define ROUTE_REPLICA   0x20u   /* a heavy read that may run on DATABASE_URL_READONLY */

struct route {
	const char *method;
	const char *pattern;          /* "/api/v1/users/{id}" */
	handler_fn handler;
	enum action action;
	unsigned flags;
	const struct field *body;     /* ROUTE_BODY_JSON: declared fields */
	const struct field *query;    /* declared query parameters */
};

extern const struct route routes[];
extern const size_t route_count;

enum route_result { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_WRONG_METHOD };

/*
 * Find the route for method and path; the first row that matches wins.  A
 * "{id}" segment matches a positive decimal id only, any other "{name}" one
 * non-empty segment.  On ROUTE_FOUND, *out is the route and params[] point
 * into param_buf.  On ROUTE_WRONG_METHOD,
 * allow holds the methods that would match, comma-separated.
 */
enum route_result route_match(const struct route *table, size_t count,
                              const char *method, const char *path,
                              const struct route **out,
                              const char *params[ROUTE_MAX_PARAMS],
                              char *param_buf, size_t param_len,
                              char *allow, size_t allow_len);

#endif
