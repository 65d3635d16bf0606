/* JSON limits, query strings and declared fields. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "input/fields.h"
#include "input/json.h"

static enum err parse(const char *text, json_object **out, const char **why)
{
	return json_parse_body(text, strlen(text), 4, out, why);
}

/* JSON allows a control character in a string only escaped. */
static void json_rejects_raw_control_characters_in_strings(void **state)
{
	json_object *o;
	const char *why;
	char text[32];
	(void)state;
	for (int c = 1; c < 0x20; c++) {
		snprintf(text, sizeof(text), "{\"a\":\"x%cy\"}", c);
		o = (json_object *)1;
		why = NULL;
		assert_int_equal(parse(text, &o, &why), ERR_BAD_JSON);
		assert_null(o);
		assert_non_null(strstr(why, "raw control character"));
		snprintf(text, sizeof(text), "{\"a%c\":1}", c);
		assert_int_equal(parse(text, &o, &why), ERR_BAD_JSON);
	}
	/* Escaped they are text, and white space between tokens is still white space. */
	assert_int_equal(parse("{\n\t\"a\":\r\n\"x\\n\\t\\u001f\\u0001y\"}", &o, &why), ERR_NONE);
	assert_string_equal(json_object_get_string(json_object_object_get(o, "a")),
	                    "x\n\t\x1f\x01y");
	json_object_put(o);
}

static void json_accepts_an_object(void **state)
{
	json_object *o;
	const char *why;
	(void)state;
	assert_int_equal(parse("{\"a\": [1, {\"b\": \"地方镇\"}]} \n", &o, &why), ERR_NONE);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(
		json_object_object_get(o, "a"), 0)), "1");
	json_object_put(o);
}

static void json_rejects_malformed_input(void **state)
{
	static const char *const bad[] = {
		"", "{", "{\"a\":}", "{\"a\":1} x", "[1]", "\"s\"", "12", "{'a':1}",
		"{\"a\":1,}", "{\"a\":\"\xff\xfe\"}", "{\"a\":\"\xc0\xaf\"}", "nul",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_object *o = (json_object *)1;
		const char *why = NULL;
		assert_int_equal(parse(bad[i], &o, &why), ERR_BAD_JSON);
		assert_null(o);
		assert_non_null(why);
	}
}

static void json_rejects_deep_nesting_and_nul(void **state)
{
	json_object *o;
	const char *why;
	const char nul[] = "{\"a\":\"x\0y\"}";
	(void)state;
	assert_int_equal(parse("{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}", &o, &why), ERR_BAD_JSON);
	assert_string_equal(why, "the JSON nests too deeply");
	assert_int_equal(parse("{\"a\":{\"b\":{\"c\":{}}}}", &o, &why), ERR_NONE);
	json_object_put(o);
	assert_int_equal(json_parse_body(nul, sizeof(nul) - 1, 4, &o, &why), ERR_BAD_JSON);
}

/* Escapes that json-c takes and PostgreSQL or a text column would not. */
static void json_rejects_nul_and_half_surrogates_but_takes_pairs(void **state)
{
	static const char *const bad[] = {
		"{\"a\":\"x\\u0000y\"}", "{\"a\\u0000\":1}", "{\"a\":\"\\ud800\"}",
		"{\"a\":\"\\uD83Dx\"}", "{\"a\":\"\\udc00\"}", "{\"a\":\"\\ud83d\\u0041\"}",
		"{\"a\":\"\\ud83d\\ud83d\"}", "{\"a\":\"\\ud83d\"}",
	};
	json_object *o;
	const char *why;
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o = (json_object *)1;
		why = NULL;
		assert_int_equal(parse(bad[i], &o, &why), ERR_BAD_JSON);
		assert_null(o);
		assert_non_null(strstr(why, "a string holds"));
	}
	/* A whole pair, an escaped backslash before "u0000", and other escapes are text. */
	assert_int_equal(parse("{\"a\":\"\\ud83d\\ude00 \\\\u0000 \\u5730\\u0041\"}", &o, &why), ERR_NONE);
	assert_string_equal(json_object_get_string(json_object_object_get(o, "a")),
	                    "\xf0\x9f\x98\x80 \\u0000 \xe5\x9c\xb0" "A");
	json_object_put(o);
}

static void query_decodes_and_rejects(void **state)
{
	struct query *q = malloc(sizeof(*q));
	(void)state;
	assert_int_equal(query_parse("status=open&q=%E5%9C%B0+%E6%96%B9&limit=20", q), ERR_NONE);
	assert_int_equal(q->count, 3);
	assert_string_equal(query_get(q, "q"), "地 方");
	assert_string_equal(query_get(q, "limit"), "20");
	assert_null(query_get(q, "cursor"));
	assert_int_equal(query_parse("", q), ERR_NONE);
	assert_int_equal(q->count, 0);
	assert_int_equal(query_parse("flag&&x=", q), ERR_NONE);
	assert_string_equal(query_get(q, "flag"), "");
	assert_int_equal(query_parse("a=%zz", q), ERR_BAD_REQUEST);
	assert_int_equal(query_parse("a=%4", q), ERR_BAD_REQUEST);
	assert_int_equal(query_parse("a=%00", q), ERR_BAD_REQUEST);
	assert_int_equal(query_parse("a=%ff", q), ERR_BAD_REQUEST);       /* not UTF-8 */
	assert_int_equal(query_parse("a=1&a=2", q), ERR_BAD_REQUEST);     /* repeated */
	assert_int_equal(query_parse("=1", q), ERR_BAD_REQUEST);
	{
		char many[400] = "";
		for (int i = 0; i <= QUERY_MAX_PARAMS; i++)
			snprintf(many + strlen(many), sizeof(many) - strlen(many), "k%d=1&", i);
		assert_int_equal(query_parse(many, q), ERR_BAD_REQUEST);
	}
	free(q);
}

static const char *const colours[] = {"red", "blue", NULL};
static const struct field fields[] = {
	{"name", FIELD_STRING, FIELD_REQUIRED, 2, 5, NULL},
	{"count", FIELD_INT, 0, 1, 100, NULL},
	{"colour", FIELD_ENUM, 0, 0, 0, colours},
	{"due", FIELD_DATE, FIELD_NULLABLE, 0, 0, NULL},
	{"owner_id", FIELD_ID, 0, 0, 0, NULL},
	{"active", FIELD_BOOL, 0, 0, 0, NULL},
	FIELDS_END,
};

static int check_against(const struct field *table, const char *text, json_object **details)
{
	json_object *body;
	const char *why;
	int n;

	assert_int_equal(json_parse_body(text, strlen(text), 8, &body, &why), ERR_NONE);
	*details = json_object_new_array();
	n = input_check_json(body, table, *details);
	json_object_put(body);
	return n;
}

static int check(const char *text, json_object **details)
{
	return check_against(fields, text, details);
}

static const char *detail(json_object *details, size_t i, const char *key)
{
	return json_object_get_string(json_object_object_get(json_object_array_get_idx(details, i), key));
}

static void fields_accept_valid_input(void **state)
{
	json_object *d;
	(void)state;
	assert_int_equal(check("{\"name\":\"地方镇\",\"count\":3,\"colour\":\"red\",\"due\":null,"
	                       "\"owner_id\":9,\"active\":true}", &d), 0);
	json_object_put(d);
}

static void fields_report_every_problem(void **state)
{
	json_object *d;
	(void)state;
	assert_int_equal(check("{\"count\":0,\"colour\":\"green\",\"due\":\"2100-02-30\","
	                       "\"owner_id\":-1,\"active\":1,\"extra\":1}", &d), 7);
	assert_string_equal(detail(d, 0, "field"), "count");
	assert_string_equal(detail(d, 0, "code"), "range");
	assert_string_equal(detail(d, 1, "code"), "choice");
	assert_string_equal(detail(d, 2, "code"), "date");
	assert_string_equal(detail(d, 3, "code"), "id");
	assert_string_equal(detail(d, 4, "code"), "type");
	assert_string_equal(detail(d, 5, "field"), "extra");
	assert_string_equal(detail(d, 5, "code"), "unknown");
	assert_string_equal(detail(d, 6, "field"), "name");
	assert_string_equal(detail(d, 6, "code"), "required");
	json_object_put(d);
}

/* Whole numbers past what the column or json-c's int64 holds are refused, not clamped. */
static void whole_numbers_keep_to_their_columns(void **state)
{
	static const struct field numbers[] = {
		{"owner_id", FIELD_ID, 0, 0, 0, NULL},
		{"count", FIELD_INT, 0, 0, 0, NULL},
		FIELD_VERSION("version"),
		FIELDS_END,
	};
	json_object *d;
	(void)state;
	assert_int_equal(check_against(numbers, "{\"owner_id\":9223372036854775807,"
	                               "\"count\":5,\"version\":2147483647}", &d), 0);
	json_object_put(d);
	assert_int_equal(check_against(numbers, "{\"owner_id\":9223372036854775808,\"version\":1}", &d), 1);
	assert_string_equal(detail(d, 0, "field"), "owner_id");
	assert_string_equal(detail(d, 0, "code"), "range");
	json_object_put(d);
	assert_int_equal(check_against(numbers, "{\"count\":18446744073709551615,\"version\":1}", &d), 1);
	assert_string_equal(detail(d, 0, "code"), "range");
	json_object_put(d);
	assert_int_equal(check_against(numbers, "{\"version\":2147483648}", &d), 1);
	assert_string_equal(detail(d, 0, "field"), "version");
	assert_string_equal(detail(d, 0, "code"), "range");
	json_object_put(d);
}

static void string_length_counts_characters(void **state)
{
	json_object *d;
	(void)state;
	assert_int_equal(check("{\"name\":\"安全生产\"}", &d), 0);   /* 4 characters, 12 bytes */
	json_object_put(d);
	assert_int_equal(check("{\"name\":\"安全生产大\"}", &d), 0);
	json_object_put(d);
	assert_int_equal(check("{\"name\":\"安全生产大检查\"}", &d), 1);
	assert_string_equal(detail(d, 0, "code"), "length");
	json_object_put(d);
	assert_int_equal(check("{\"name\":null}", &d), 1);
	assert_string_equal(detail(d, 0, "code"), "null");
	json_object_put(d);
}

static void query_fields_are_checked(void **state)
{
	struct query *q = malloc(sizeof(*q));
	json_object *d = json_object_new_array();
	(void)state;
	assert_int_equal(query_parse("name=abc&count=x7&active=yes&due=2000-02-29", q), ERR_NONE);
	assert_int_equal(input_check_query(q, fields, d), 2);
	assert_string_equal(detail(d, 0, "field"), "count");
	assert_string_equal(detail(d, 1, "field"), "active");
	json_object_put(d);
	free(q);
}

static void dates_and_utf8(void **state)
{
	(void)state;
	/* Leap days by the Gregorian rule: every fourth year, but not
	   centuries unless divisible by 400 (no year near today, so the
	   test reads the same in any year). */
	assert_true(date_valid("2000-02-29"));
	assert_true(date_valid("1996-02-29"));
	assert_false(date_valid("1999-02-29"));
	assert_false(date_valid("1900-02-29"));
	assert_false(date_valid("2100-02-29"));
	assert_true(date_valid("2999-12-31"));
	assert_false(date_valid("1899-12-31"));
	assert_false(date_valid("1999-13-01"));
	assert_false(date_valid("1999-1-01"));
	assert_true(utf8_valid("地方镇", strlen("地方镇")));
	assert_false(utf8_valid("\xed\xa0\x80", 3));   /* a surrogate */
	assert_false(utf8_valid("\xe5\x9c", 2));       /* cut short */
	assert_int_equal(utf8_length("a地方"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_accepts_an_object),
		cmocka_unit_test(json_rejects_malformed_input),
		cmocka_unit_test(json_rejects_deep_nesting_and_nul),
		cmocka_unit_test(json_rejects_nul_and_half_surrogates_but_takes_pairs),
		cmocka_unit_test(json_rejects_raw_control_characters_in_strings),
		cmocka_unit_test(query_decodes_and_rejects),
		cmocka_unit_test(fields_accept_valid_input),
		cmocka_unit_test(fields_report_every_problem),
		cmocka_unit_test(whole_numbers_keep_to_their_columns),
		cmocka_unit_test(string_length_counts_characters),
		cmocka_unit_test(query_fields_are_checked),
		cmocka_unit_test(dates_and_utf8),
	};
	return cmocka_run_group_tests_name("input", tests, NULL, NULL);
}
