/*
 * fuzz_fields.c -- each route's declared input: the pipeline's input step
 * (pipeline_check_input: the query string and the JSON body parsed and
 * checked against the route's field tables) on a route picked from the
 * route table, so every table written or changed later is fuzzed too.
 *
 * Input: one byte choosing the route (modulo the table's length), the
 * query string up to the first line break, then the body.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "server/router.h"
#include "server/worker.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *no_env(const char *name)
{
	(void)name;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config cfg;
	static bool configured;
	struct request *req;
	const uint8_t *newline;
	char *query;
	size_t query_len;
	enum err e;

	if (!configured) {
		char why[256];

		if (config_load(&cfg, no_env, why, sizeof(why)) != 0)
			abort();
		configured = true;
	}
	if (size == 0)
		return 0;
	if ((req = calloc(1, sizeof(*req))) == NULL)
		return 0;
	req->cfg = &cfg;
	req->method = "POST";
	req->route = &routes[data[0] % route_count];
	req->content_type = "application/json; charset=utf-8";
	data++, size--;

	newline = memchr(data, '\n', size);
	query_len = newline ? (size_t)(newline - data) : size;
	query = malloc(query_len + 1);
	req->raw_len = newline ? size - query_len - 1 : 0;
	req->raw_body = malloc(req->raw_len + 1);
	if (query && req->raw_body) {
		memcpy(query, data, query_len);
		query[query_len] = '\0';
		if (req->raw_len)
			memcpy(req->raw_body, newline + 1, req->raw_len);
		req->raw_body[req->raw_len] = '\0';
		req->query_string = query;
		e = pipeline_check_input(req);
		if (e == ERR_VALIDATION && (req->details == NULL || json_object_array_length(req->details) == 0))
			abort();   /* a 422 lists what is wrong */
		if (e == ERR_NONE && (req->route->flags & ROUTE_BODY_JSON) && req->body == NULL)
			abort();   /* a passed JSON route has its body for the handler */
	}
	free(query);
	request_free(req);
	free(req);
	return 0;
}
