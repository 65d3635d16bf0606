/* The request's parsed input as a handler reads it (server/request.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "input/fields.h"
#include "input/json.h"
#include "server/request.h"

static const char *const kinds[] = {"a", "b", NULL};

static const struct field body_fields[] = {
	FIELD_VERSION("row_version"),
	{"name", FIELD_STRING, 0, 0, 10, NULL, NULL, NULL},
	{"count", FIELD_INT, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"kind", FIELD_ENUM, 0, 0, 0, kinds, NULL, NULL},
	FIELDS_END,
};

static const struct field query_fields[] = {
	{"open", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	{"owner_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	FIELDS_END,
};

/* A request whose body and query are parsed as the pipeline parses them. */
static struct request *parsed(const char *body, const char *query)
{
	struct request *req = calloc(1, sizeof(*req));
	json_object *details = json_object_new_array();
	const char *why;

	assert_non_null(req);
	assert_int_equal(json_parse_body(body, strlen(body), 8, &req->body, &why), ERR_NONE);
	assert_int_equal(query_parse(query, &req->query), ERR_NONE);
	assert_int_equal(input_parse_json(req->body, body_fields, &req->in_body, details), 0);
	assert_int_equal(input_parse_query(&req->query, query_fields, &req->in_query, details), 0);
	json_object_put(details);
	return req;
}

static void done(struct request *req)
{
	input_values_free(&req->in_body);
	input_values_free(&req->in_query);
	json_object_put(req->body);
	free(req);
}

static void a_handler_reads_parsed_values_by_name(void **state)
{
	struct request *req = parsed("{\"row_version\":7,\"name\":\"地方\",\"count\":null,\"kind\":\"b\"}",
	                             "open=true&owner_id=0042");
	(void)state;
	assert_string_equal(request_text(req, "name"), "地方");
	assert_true(request_sent(req, "count"));
	assert_null(request_text(req, "count"));          /* sent as null */
	assert_int_equal(request_int(req, "count"), 0);
	assert_int_equal(request_int(req, "kind"), 1);     /* the choice's index */
	assert_string_equal(request_text(req, "kind"), "b");
	assert_true(request_true(req, "open"));
	assert_string_equal(request_text(req, "owner_id"), "42");   /* a query's id, as SQL takes it */
	assert_int_equal(request_int(req, "owner_id"), 42);
	/* The lock is the row FIELD_VERSION marks, whatever its name. */
	assert_string_equal(request_version(req), "7");
	assert_int_equal(request_version_matches(req, 7), ERR_NONE);
	assert_int_equal(request_version_matches(req, 8), ERR_STALE_VERSION);
	/* A name the route does not declare reads as not sent (and is logged). */
	assert_false(request_sent(req, "nope"));
	assert_null(request_text(req, "nope"));
	done(req);
}

static void fields_not_sent_read_as_absent(void **state)
{
	struct request *req = parsed("{\"row_version\":1}", "");
	(void)state;
	assert_false(request_sent(req, "name"));
	assert_null(request_text(req, "name"));
	assert_false(request_true(req, "open"));
	assert_false(request_sent(req, "open"));
	assert_int_equal(request_int(req, "owner_id"), 0);
	done(req);
	req = parsed("{\"row_version\":1}", "open=false");
	assert_true(request_sent(req, "open"));
	assert_false(request_true(req, "open"));
	done(req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_handler_reads_parsed_values_by_name),
		cmocka_unit_test(fields_not_sent_read_as_absent),
	};
	return cmocka_run_group_tests_name("request", tests, NULL, NULL);
}
