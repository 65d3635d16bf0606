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
	{"name", FIELD_STRING, FIELD_REQUIRED, 2, 5, NULL, NULL, NULL},
	{"count", FIELD_INT, 0, 1, 100, NULL, NULL, NULL},
	{"colour", FIELD_ENUM, 0, 0, 0, colours, NULL, NULL},
	{"due", FIELD_DATE, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"owner_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	{"active", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	FIELDS_END,
};

static struct field_values values;

static int check_against(const struct field *table, const char *text, json_object **details)
{
	json_object *body;
	const char *why;
	int n;

	assert_int_equal(json_parse_body(text, strlen(text), 8, &body, &why), ERR_NONE);
	*details = json_object_new_array();
	n = input_parse_json(body, table, &values, *details);
	input_values_free(&values);
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
		{"owner_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
		{"count", FIELD_INT, 0, 0, 0, NULL, NULL, NULL},
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
	assert_int_equal(input_parse_query(q, fields, &values, d), 2);
	assert_string_equal(detail(d, 0, "field"), "count");
	assert_string_equal(detail(d, 1, "field"), "active");
	json_object_put(d);
	free(q);
}

/* A body parsed against its table: each field's typed value, by name and by position. */
static void fields_parse_into_typed_values(void **state)
{
	const char *text = "{\"name\":\"地方\",\"count\":42,\"colour\":\"blue\",\"due\":null,"
	                   "\"owner_id\":9007199254740993,\"active\":false}";
	const struct field_value *v;
	json_object *body, *d = json_object_new_array();
	const char *why;
	(void)state;
	assert_int_equal(json_parse_body(text, strlen(text), 8, &body, &why), ERR_NONE);
	assert_int_equal(input_parse_json(body, fields, &values, d), 0);
	v = input_value(&values, "name");
	assert_ptr_equal(v, &values.at[0]);
	assert_true(v->sent);
	assert_false(v->null);
	assert_string_equal(v->text, "地方");
	assert_int_equal(v->len, strlen("地方"));
	v = input_value(&values, "count");
	assert_int_equal(v->number, 42);
	assert_string_equal(v->text, "42");
	assert_int_equal(input_value(&values, "colour")->number, 1);          /* choices[1] */
	v = input_value(&values, "due");
	assert_true(v->sent && v->null);
	assert_null(v->text);
	v = input_value(&values, "owner_id");
	assert_true(v->number == 9007199254740993LL);                           /* not rounded by a double */
	assert_string_equal(v->text, "9007199254740993");
	v = input_value(&values, "active");
	assert_int_equal(v->number, 0);
	assert_string_equal(v->text, "false");
	assert_null(input_value(&values, "nope"));
	input_values_free(&values);
	/* A field not sent reads as not sent. */
	json_object_put(body);
	text = "{\"name\":\"ab\"}";
	assert_int_equal(json_parse_body(text, strlen(text), 8, &body, &why), ERR_NONE);
	assert_int_equal(input_parse_json(body, fields, &values, d), 0);
	assert_false(input_value(&values, "count")->sent);
	assert_false(input_value(&values, "due")->sent);
	input_values_free(&values);
	json_object_put(body);
	json_object_put(d);
}

/* A query's values are parsed the same way, from text. */
static void query_parses_into_typed_values(void **state)
{
	struct query *q = malloc(sizeof(*q));
	json_object *d = json_object_new_array();
	(void)state;
	assert_int_equal(query_parse("name=abc&count=007&active=true&colour=red", q), ERR_NONE);
	assert_int_equal(input_parse_query(q, fields, &values, d), 0);
	assert_string_equal(input_value(&values, "name")->text, "abc");
	assert_int_equal(input_value(&values, "count")->number, 7);
	assert_string_equal(input_value(&values, "count")->text, "7");
	assert_int_equal(input_value(&values, "active")->number, 1);
	assert_int_equal(input_value(&values, "colour")->number, 0);
	assert_null(input_value(&values, "colour")->json);
	/* Overflow and NaN-like numbers are refused, not clamped or read as 0. */
	static const char *const bad[] = {
		"count=9223372036854775808", "count=-9223372036854775809", "count=NaN", "count=inf",
		"count=1e3", "count=0x10", "count=+5", "count= 5", "count=5%20", "owner_id=0",
		"owner_id=-1", "active=1", "active=TRUE",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_object *dd = json_object_new_array();
		assert_int_equal(query_parse(bad[i], q), ERR_NONE);
		assert_int_equal(input_parse_query(q, fields, &values, dd), 2);   /* and name is missing */
		json_object_put(dd);
	}
	json_object_put(d);
	free(q);
}

/* A query has no null: a nullable id takes "none" instead, read as a JSON null is; nothing else. */
static void query_says_none_for_a_nullable_id(void **state)
{
	static const struct field table[] = {
		{"node_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
		{"owner_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
		{"name", FIELD_STRING, FIELD_NULLABLE, 0, 10, NULL, NULL, NULL},
		FIELDS_END,
	};
	struct query *q = malloc(sizeof(*q));
	json_object *d = json_object_new_array();
	const struct field_value *v;
	(void)state;
	assert_int_equal(query_parse("node_id=none&name=none", q), ERR_NONE);
	assert_int_equal(input_parse_query(q, table, &values, d), 0);
	v = input_value(&values, "node_id");
	assert_true(v->sent);
	assert_true(v->null);
	v = input_value(&values, "name");   /* a text is its text */
	assert_false(v->null);
	assert_string_equal(v->text, "none");
	assert_int_equal(query_parse("node_id=12", q), ERR_NONE);
	assert_int_equal(input_parse_query(q, table, &values, d), 0);
	assert_false(input_value(&values, "node_id")->null);
	assert_int_equal(input_value(&values, "node_id")->number, 12);
	static const char *const bad[] = {"node_id=None", "node_id=null", "node_id=", "node_id=0", "node_id=-3",
	                                  "node_id=none1", "owner_id=none"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_object *dd = json_object_new_array();
		assert_int_equal(query_parse(bad[i], q), ERR_NONE);
		assert_int_equal(input_parse_query(q, table, &values, dd), 1);
		if (strncmp(bad[i], "node_id", 7) == 0)
			assert_string_equal(detail(dd, 0, "message"), "must be a positive id or none");
		json_object_put(dd);
	}
	json_object_put(d);
	free(q);
}

/* JSON values of the wrong type, or a NUL inside a string, are refused by the parse too. */
static void hostile_json_values_are_refused(void **state)
{
	static const char *const bad[] = {
		"{\"name\":\"abc\",\"count\":1.5}",            "{\"name\":\"abc\",\"count\":\"5\"}",
		"{\"name\":\"abc\",\"count\":true}",           "{\"name\":\"abc\",\"count\":1e400}",
		"{\"name\":\"abc\",\"count\":-1e400}",         "{\"name\":\"abc\",\"owner_id\":[1]}",
		"{\"name\":\"abc\",\"colour\":[\"red\"]}",      "{\"name\":\"abc\",\"active\":\"true\"}",
		"{\"name\":\"abc\",\"due\":20000101}",         "{\"name\":\"abc\",\"count\":{}}",
	};
	json_object *d, *body;
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why;
		json_object *parsed;
		if (json_parse_body(bad[i], strlen(bad[i]), 8, &parsed, &why) != ERR_NONE)
			continue;   /* refused as JSON already */
		json_object_put(parsed);
		assert_int_equal(check(bad[i], &d), 1);
		json_object_put(d);
	}
	/* The body parser refuses \u0000; a value built with one is still refused here. */
	body = json_object_new_object();
	json_object_object_add(body, "name", json_object_new_string_len("a\0bc", 4));
	d = json_object_new_array();
	assert_int_equal(input_parse_json(body, fields, &values, d), 1);
	assert_string_equal(detail(d, 0, "field"), "name");
	input_values_free(&values);
	json_object_put(d);
	json_object_put(body);
}

static const struct field validated[] = {
	{"ids", FIELD_ARRAY, 0, 0, 5, NULL, field_ids, NULL},
	{"code", FIELD_STRING, 0, 0, 0, NULL, field_credit_code, NULL},
	{"phone", FIELD_STRING, FIELD_NULLABLE, 0, 30, NULL, field_phone, NULL},
	FIELDS_END,
};

/* An id list: positive whole numbers only, parsed into ids; the table's max bounds a huge one. */
static void id_lists_parse_or_refuse(void **state)
{
	json_object *body, *d;
	const char *why, *text = "{\"ids\":[3,1,9223372036854775807]}";
	char huge[16384];
	(void)state;
	assert_int_equal(json_parse_body(text, strlen(text), 8, &body, &why), ERR_NONE);
	d = json_object_new_array();
	assert_int_equal(input_parse_json(body, validated, &values, d), 0);
	assert_int_equal(values.at[0].count, 3);
	assert_true(values.at[0].ids[0] == 3 && values.at[0].ids[1] == 1);
	assert_true(values.at[0].ids[2] == 9223372036854775807LL);
	assert_string_equal(values.at[0].text, "[3,1,9223372036854775807]");
	input_values_free(&values);
	assert_null(values.at[0].ids);
	json_object_put(body);
	json_object_put(d);
	static const char *const bad[] = {
		"{\"ids\":[0]}", "{\"ids\":[-4]}", "{\"ids\":[\"1\"]}", "{\"ids\":[1.0]}", "{\"ids\":[null]}",
		"{\"ids\":[[1]]}", "{\"ids\":[9223372036854775808]}", "{\"ids\":[1,true]}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(check_against(validated, bad[i], &d), 1);
		assert_string_equal(detail(d, 0, "field"), "ids");
		assert_string_equal(detail(d, 0, "code"), "type");
		assert_string_equal(detail(d, 0, "message"), "must be a list of ids");
		json_object_put(d);
	}
	/* A huge list is refused by its length before any element is read. */
	strcpy(huge, "{\"ids\":[1");
	for (int i = 0; i < 2000; i++)
		strcat(huge, ",1");
	strcat(huge, "]}");
	assert_int_equal(check_against(validated, huge, &d), 1);
	assert_string_equal(detail(d, 0, "code"), "length");
	json_object_put(d);
	assert_int_equal(check_against(validated, "{\"ids\":[]}", &d), 0);
	json_object_put(d);
}

static void credit_codes_and_phones_are_validated(void **state)
{
	json_object *d;
	(void)state;
	assert_int_equal(check_against(validated, "{\"code\":\"91350100M000100Y43\",\"phone\":\"+86 591-1234\"}", &d), 0);
	json_object_put(d);
	assert_int_equal(check_against(validated, "{\"code\":\"91350100M000100Y44\",\"phone\":\"1234\"}", &d), 2);
	assert_string_equal(detail(d, 0, "code"), "invalid");
	assert_non_null(strstr(detail(d, 0, "message"), "check character"));
	assert_string_equal(detail(d, 1, "field"), "phone");
	assert_string_equal(detail(d, 1, "code"), "invalid");
	json_object_put(d);
	/* "" clears a phone; null is let through (nullable), letters are refused. */
	assert_int_equal(check_against(validated, "{\"phone\":\"\"}", &d), 0);
	json_object_put(d);
	assert_int_equal(check_against(validated, "{\"phone\":null}", &d), 0);
	json_object_put(d);
	assert_int_equal(check_against(validated, "{\"phone\":\"12345a\"}", &d), 1);
	json_object_put(d);
	assert_false(field_phone_valid("12\0345", 6));
	assert_true(field_phone_valid("12345", 5));
}

/* A cell of the CSV import: the same checks as the JSON member, by its row of the table. */
static void one_text_is_checked_as_its_field(void **state)
{
	static const struct field named[] = {
		{"name", FIELD_STRING, FIELD_REQUIRED, 1, 3, NULL, NULL, NULL},
		{"day", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL},
		FIELDS_END,
	};
	json_object *d = json_object_new_array();
	(void)state;
	assert_ptr_equal(input_field(validated, "phone"), &validated[2]);
	assert_null(input_field(validated, "nope"));
	assert_int_equal(input_check_text(input_field(named, "name"), "地方镇", strlen("地方镇"), d), 0);
	assert_int_equal(input_check_text(input_field(named, "name"), "地方镇人", strlen("地方镇人"), d), 1);
	assert_string_equal(detail(d, 0, "field"), "name");
	assert_string_equal(detail(d, 0, "code"), "length");
	assert_int_equal(input_check_text(input_field(named, "day"), "2000-02-30", 10, d), 1);
	assert_string_equal(detail(d, 1, "code"), "date");
	/* The field's validator runs after its type passed, as for JSON. */
	assert_int_equal(input_check_text(input_field(validated, "phone"), "12345a", 6, d), 1);
	assert_string_equal(detail(d, 2, "code"), "invalid");
	assert_int_equal(input_check_text(input_field(validated, "code"), "91350100M000100Y43", 18, d), 0);
	assert_int_equal(input_check_text(input_field(validated, "code"), "91350100M000100Y44", 18, d), 1);
	assert_non_null(strstr(detail(d, 3, "message"), "check character"));
	/* A NUL within the length is no text. */
	assert_int_equal(input_check_text(input_field(named, "name"), "a\0b", 3, d), 1);
	assert_string_equal(detail(d, 4, "code"), "type");
	assert_int_equal(json_object_array_length(d), 5);
	json_object_put(d);
}

static int cross_called;
static int cross_check(const struct request *req, json_object *details)
{
	(void)req;
	cross_called++;
	json_detail_add(details, "b", "conflict", "x");
	return 1;
}

/* A table's end row names its cross-field check. */
static void tables_name_their_cross_field_check(void **state)
{
	static const struct field with[] = {
		{"a", FIELD_INT, 0, 0, 0, NULL, NULL, NULL},
		FIELDS_END_CHECK(cross_check),
	};
	(void)state;
	assert_ptr_equal(input_table_check(with), cross_check);
	assert_null(input_table_check(fields));
	assert_null(input_table_check(NULL));
	json_object *d = json_object_new_array();
	assert_int_equal(input_table_check(with)(NULL, d), 1);
	assert_int_equal(cross_called, 1);
	json_object_put(d);
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
		cmocka_unit_test(fields_parse_into_typed_values),
		cmocka_unit_test(query_parses_into_typed_values),
		cmocka_unit_test(query_says_none_for_a_nullable_id),
		cmocka_unit_test(hostile_json_values_are_refused),
		cmocka_unit_test(id_lists_parse_or_refuse),
		cmocka_unit_test(credit_codes_and_phones_are_validated),
		cmocka_unit_test(one_text_is_checked_as_its_field),
		cmocka_unit_test(tables_name_their_cross_field_check),
		cmocka_unit_test(dates_and_utf8),
	};
	return cmocka_run_group_tests_name("input", tests, NULL, NULL);
}
