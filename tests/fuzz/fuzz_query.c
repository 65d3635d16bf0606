/*
 * fuzz_query.c -- the request line as the worker gets it: the path matched
 * against the route table (its {id} and {name} segments copied out) and the
 * query string decoded, every key once.
 *
 * Input: METHOD SP path [? query].
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input/fields.h"
#include "server/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *path, *query;
	const struct route *route = NULL;
	const char *params[ROUTE_MAX_PARAMS];
	char param_buf[256], allow[64];
	struct query *q;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	path = strchr(text, ' ');
	if (path == NULL) {
		path = text;
		text = NULL;   /* no method: try GET */
	} else {
		*path++ = '\0';
	}
	query = strchr(path, '?');
	if (query)
		*query++ = '\0';

	q = malloc(sizeof(*q));
	if (q && query_parse(query ? query : "", q) == ERR_NONE) {
		for (size_t i = 0; i < q->count; i++)
			if (strcmp(query_get(q, q->params[i].key), q->params[i].value) != 0)
				abort();   /* keys are unique: the first is the one */
		/* The route's declared parameters are the fields target's (pipeline_check_input). */
		if (route_match(routes, route_count, text ? text : "GET", path, &route, params,
		                param_buf, sizeof(param_buf), allow, sizeof(allow)) == ROUTE_FOUND &&
		    route == NULL)
			abort();
	}
	free(q);
	free(text ? text : path);
	return 0;
}
