/* Statements assembled from fragments: numbering of values, limits. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "server/request.h"
#include "db/sqlbuf.h"
#include "server/list.h"

static void numbers_values_in_order(void **state)
{
	struct sqlbuf b;

	(void)state;
	sqlbuf_init(&b);
	sqlbuf_add(&b, "select 1 from t where true");
	sqlbuf_bind(&b, " and a = $?", "x");
	sqlbuf_bind(&b, " and b = $?::bigint", "7");
	sqlbuf_bind(&b, " and c = $?", NULL);
	assert_false(b.overflow);
	assert_string_equal(b.text, "select 1 from t where true and a = $1 and b = $2::bigint and c = $3");
	assert_int_equal(b.n, 3);
	assert_string_equal(b.params[0], "x");
	assert_string_equal(b.params[1], "7");
	assert_null(b.params[2]);
}

static void one_fragment_is_one_value(void **state)
{
	struct sqlbuf b;

	(void)state;
	sqlbuf_init(&b);
	sqlbuf_bind(&b, "limit $? + 1", "20");
	sqlbuf_bind(&b, " where n <= $? and n = $? or n > $?", "20");
	assert_false(b.overflow);
	assert_string_equal(b.text, "limit $1 + 1 where n <= $2 and n = $2 or n > $2");
	assert_int_equal(b.n, 2);
}

static void same_filters_same_text(void **state)
{
	struct sqlbuf a, b;

	(void)state;
	sqlbuf_init(&a);
	sqlbuf_init(&b);
	sqlbuf_bind(&a, "x = $?", "one value");
	sqlbuf_bind(&b, "x = $?", "another");
	assert_string_equal(a.text, b.text);   /* one prepared statement serves both */
}

static void a_placeholder_without_a_value_is_refused(void **state)
{
	struct sqlbuf b;

	(void)state;
	sqlbuf_init(&b);
	sqlbuf_add(&b, "x = $?");
	assert_true(b.overflow);
}

static void too_many_values_are_refused(void **state)
{
	struct sqlbuf b;

	(void)state;
	sqlbuf_init(&b);
	for (int i = 0; i < DB_MAX_PARAMS; i++)
		sqlbuf_bind(&b, " and x = $?", "1");
	assert_false(b.overflow);
	sqlbuf_bind(&b, " and x = $?", "1");
	assert_true(b.overflow);
}

static void too_long_a_text_is_refused(void **state)
{
	static struct sqlbuf b;

	(void)state;
	sqlbuf_init(&b);
	for (size_t i = 0; i < SQLBUF_MAX / 8; i++)
		sqlbuf_add(&b, " and  x");   /* 7 characters */
	assert_false(b.overflow);
	assert_int_equal(b.len, SQLBUF_MAX / 8 * 7);
	for (size_t i = 0; i < SQLBUF_MAX / 8; i++)
		sqlbuf_add(&b, " and  x");
	assert_true(b.overflow);
	assert_true(b.len < SQLBUF_MAX);
	assert_int_equal(strlen(b.text), b.len);
}

/* "where true" and the filters of table that query names, parsed against declared. */
static void filtered(struct sqlbuf *b, const struct sqlbuf_filter *table, const struct field *declared,
                     const char *query)
{
	static struct request req;
	json_object *details = json_object_new_array();

	memset(&req, 0, sizeof(req));
	assert_int_equal(query_parse(query, &req.query), ERR_NONE);
	assert_int_equal(input_parse_query(&req.query, declared, &req.in_query, details), 0);
	json_object_put(details);
	sqlbuf_init(b);
	sqlbuf_add(b, "where true");
	list_filters(b, table, &req);
}

static void appends_the_filters_named_in_table_order(void **state)
{
	static const struct sqlbuf_filter table[] = {
		SQLBUF_FILTER("a", " and a = $?"),
		SQLBUF_FILTER("b", " and b = $?::bigint"),
		SQLBUF_FILTER("c", " and (c = $? or c = any (" SQLBUF_GRID_SUBTREE("$?") "))"),
		SQLBUF_FILTERS_END,
	};
	static const struct field declared[] = {
		{"a", FIELD_STRING, 0, 0, 0, NULL, NULL, NULL},
		{"b", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
		{"c", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
		FIELDS_END,
	};
	struct sqlbuf b;

	(void)state;
	filtered(&b, table, declared, "c=9&a=x%27y");
	assert_false(b.overflow);
	assert_int_equal(b.n, 2);
	assert_string_equal(b.params[0], "x'y");   /* a value, never text of the statement */
	assert_string_equal(b.params[1], "9");
	assert_non_null(strstr(b.text, "where true and a = $1 and (c = $2 or c = any ((select s.ids from grid_subtree s"));
	assert_non_null(strstr(b.text, "where s.node_id = $2)::bigint[]))"));   /* one value, each "$?" */
	assert_null(strstr(b.text, "$3"));
	assert_null(strstr(b.text, "x'y"));
	assert_null(strstr(b.text, " and b ="));
}

/* A nullable id says none in a query: its filter's none fragment, with no value. */
static void none_selects_the_rows_without_one(void **state)
{
	static const struct sqlbuf_filter table[] = {
		SQLBUF_FILTER_OR_NONE("a_id", " and a = $?::bigint", " and a is null"),
		SQLBUF_FILTER("b_id", " and b = $?::bigint"),
		SQLBUF_FILTERS_END,
	};
	static const struct field declared[] = {
		{"a_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
		{"b_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
		FIELDS_END,
	};
	struct sqlbuf b;

	(void)state;
	filtered(&b, table, declared, "a_id=none");
	assert_false(b.overflow);
	assert_int_equal(b.n, 0);
	assert_string_equal(b.text, "where true and a is null");

	/* An id is still a value; a filter that has no none refuses to run rather than drop it. */
	filtered(&b, table, declared, "a_id=7&b_id=none");
	assert_string_equal(b.params[0], "7");
	assert_true(b.overflow);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_values_in_order),
		cmocka_unit_test(one_fragment_is_one_value),
		cmocka_unit_test(same_filters_same_text),
		cmocka_unit_test(a_placeholder_without_a_value_is_refused),
		cmocka_unit_test(too_many_values_are_refused),
		cmocka_unit_test(too_long_a_text_is_refused),
		cmocka_unit_test(appends_the_filters_named_in_table_order),
		cmocka_unit_test(none_selects_the_rows_without_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
