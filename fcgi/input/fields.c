/*
 * fields.c -- query strings, and checking input against declared fields.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/creditcode.h"
#include "input/fields.h"
#include "input/text.h"
#include "input/json.h"

/* Decode [s, s+len) into out (NUL-terminated); returns the bytes written or -1. */
static long url_decode(const char *s, size_t len, char *out)
{
	char *o = out;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%') {
			int hi, lo;
			if (i + 2 >= len)
				return -1;
			hi = hex_value(s[i + 1]);
			lo = hex_value(s[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return -1;
			*o++ = (char)(hi << 4 | lo);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return o - out;
}

void input_header_text(const char *value, char *out, size_t outlen)
{
	size_t len = strlen(value);
	long n;

	out[0] = '\0';
	if (len == 0 || len >= outlen)
		return;
	n = url_decode(value, len, out);
	if (n <= 0 || !utf8_valid(out, (size_t)n) || strpbrk(out, "\r\n\"/\\") != NULL)
		out[0] = '\0';
}

enum err query_parse(const char *text, struct query *q)
{
	char *out = q->buf;
	const char *p = text;

	q->count = 0;
	if (text == NULL || *text == '\0')
		return ERR_NONE;
	if (strlen(text) > QUERY_MAX_BYTES)
		return ERR_BAD_REQUEST;
	while (*p) {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		size_t klen = eq ? (size_t)(eq - p) : len;
		long n;

		if (len == 0) {           /* "a=1&&b=2": skip the empty piece */
			p++;
			continue;
		}
		if (q->count == QUERY_MAX_PARAMS)
			return ERR_BAD_REQUEST;
		q->params[q->count].key = out;
		if ((n = url_decode(p, klen, out)) <= 0 || !utf8_valid(out, (size_t)n))
			return ERR_BAD_REQUEST;
		out += n + 1;
		q->params[q->count].value = out;
		n = eq ? url_decode(eq + 1, len - klen - 1, out) : (*out = '\0', 0);
		if (n < 0 || !utf8_valid(out, (size_t)n))
			return ERR_BAD_REQUEST;
		out += n + 1;
		for (size_t i = 0; i < q->count; i++)
			if (strcmp(q->params[i].key, q->params[q->count].key) == 0)
				return ERR_BAD_REQUEST;
		q->count++;
		p += len;
		if (*p == '&')
			p++;
	}
	return ERR_NONE;
}

const char *query_get(const struct query *q, const char *key)
{
	for (size_t i = 0; i < q->count; i++)
		if (strcmp(q->params[i].key, key) == 0)
			return q->params[i].value;
	return NULL;
}

const struct field *input_field(const struct field *fields, const char *name)
{
	for (; fields && fields->name; fields++)
		if (strcmp(fields->name, name) == 0)
			return fields;
	return NULL;
}

/* The choice's index, or -1. */
static long long choice_index(const struct field *f, const char *value)
{
	for (const char *const *c = f->choices; c && *c; c++)
		if (strcmp(*c, value) == 0)
			return c - f->choices;
	return -1;
}

static void range_message(char *buf, size_t len, const struct field *f, const char *what)
{
	if (f->max > 0)
		snprintf(buf, len, "must be %s from %lld to %lld", what, f->min, f->max);
	else
		snprintf(buf, len, "must be %s of at least %lld", what, f->min);
}

/* Check and keep one textual value (a query parameter or a JSON string). */
static int parse_text(const struct field *f, const char *value, size_t len, struct field_value *v,
                      json_object *details)
{
	char msg[128];
	long long n;

	v->text = value;
	v->len = len;
	if (strlen(value) != len) {       /* a NUL inside a JSON string ("\u0000") */
		json_detail_add(details, f->name, "type", "must be a string");
		return 1;
	}
	switch (f->type) {
	case FIELD_STRING:
		n = utf8_length(value);
		if ((f->min > 0 && n < f->min) || (f->max > 0 && n > f->max)) {
			range_message(msg, sizeof(msg), f, "a text with a length");
			json_detail_add(details, f->name, "length", msg);
			return 1;
		}
		return 0;
	case FIELD_DATE:
		if (!date_valid(value)) {
			json_detail_add(details, f->name, "date", "must be a date written YYYY-MM-DD");
			return 1;
		}
		return 0;
	case FIELD_ENUM:
		if ((v->number = choice_index(f, value)) < 0) {
			int used = snprintf(msg, sizeof(msg), "must be one of:");
			for (const char *const *c = f->choices; c && *c && used < (int)sizeof(msg); c++)
				used += snprintf(msg + used, sizeof(msg) - (size_t)used, " %s", *c);
			json_detail_add(details, f->name, "choice", msg);
			return 1;
		}
		return 0;
	default:
		return 0;
	}
}

/*
 * Whether json-c holds the whole number as sent: one above INT64_MAX it
 * keeps as unsigned, and json_object_get_int64 answers INT64_MAX for it.
 */
static bool int64_exact(json_object *value)
{
	return json_object_get_int64(value) != INT64_MAX ||
	       json_object_get_uint64(value) == (uint64_t)INT64_MAX;
}

/* Check and keep a whole number or an id. */
static int parse_number(const struct field *f, long long n, struct field_value *v, json_object *details)
{
	char msg[128];

	v->number = n;
	snprintf(v->digits, sizeof(v->digits), "%lld", n);
	v->text = v->digits;
	v->len = strlen(v->digits);
	if (f->type == FIELD_ID && n < 1) {
		json_detail_add(details, f->name, "id", "must be a positive id");
		return 1;
	}
	if (f->type == FIELD_INT && (n < f->min || (f->max != 0 && n > f->max))) {
		range_message(msg, sizeof(msg), f, "a whole number");
		json_detail_add(details, f->name, "range", msg);
		return 1;
	}
	return 0;
}

static void parse_bool(bool b, struct field_value *v)
{
	v->number = b;
	v->text = b ? "true" : "false";
	v->len = strlen(v->text);
}

/* The field's own validator, once its type has passed. */
static int parse_valid(const struct field *f, struct field_value *v, json_object *details)
{
	const char *code = "invalid", *why;

	if (f->valid == NULL || (why = f->valid(f, v, &code)) == NULL)
		return 0;
	json_detail_add(details, f->name, code, why);
	return 1;
}

static int unknown_field(const char *name, json_object *details)
{
	json_detail_add(details, name, "unknown", "is not a field of this request");
	return 1;
}

/* Start out with every field unsent. */
static void values_reset(struct field_values *out, const struct field *fields)
{
	memset(out, 0, sizeof(*out));
	out->fields = fields;
}

/* One member of a JSON body against its field; the number of problems. */
static int parse_member(const struct field *f, json_object *value, struct field_value *v,
                        json_object *details)
{
	json_type t = json_object_get_type(value);
	long long n;

	v->sent = true;
	v->json = value;
	if (t == json_type_null) {
		v->null = true;
		if (!(f->flags & FIELD_NULLABLE)) {
			json_detail_add(details, f->name, "null", "may not be null");
			return 1;
		}
		return 0;
	}
	switch (f->type) {
	case FIELD_STRING:
	case FIELD_DATE:
	case FIELD_ENUM:
		if (t != json_type_string) {
			json_detail_add(details, f->name, "type", "must be a string");
			return 1;
		}
		if (parse_text(f, json_object_get_string(value), (size_t)json_object_get_string_len(value),
		               v, details) > 0)
			return 1;
		break;
	case FIELD_INT:
	case FIELD_ID:
		if (t != json_type_int) {
			json_detail_add(details, f->name, "type", "must be a whole number");
			return 1;
		}
		if (!int64_exact(value)) {
			json_detail_add(details, f->name, "range", "is too large a number");
			return 1;
		}
		if (parse_number(f, json_object_get_int64(value), v, details) > 0)
			return 1;
		break;
	case FIELD_BOOL:
		if (t != json_type_boolean) {
			json_detail_add(details, f->name, "type", "must be true or false");
			return 1;
		}
		parse_bool(json_object_get_boolean(value), v);
		break;
	case FIELD_OBJECT:
		if (t != json_type_object) {
			json_detail_add(details, f->name, "type", "must be an object");
			return 1;
		}
		v->text = json_object_to_json_string_ext(value, JSON_C_TO_STRING_PLAIN);
		v->len = strlen(v->text);
		break;
	case FIELD_ARRAY:
		if (t != json_type_array) {
			json_detail_add(details, f->name, "type", "must be an array");
			return 1;
		}
		n = (long long)json_object_array_length(value);
		if ((f->min > 0 && n < f->min) || (f->max > 0 && n > f->max)) {
			char msg[128];
			range_message(msg, sizeof(msg), f, "a list with a length");
			json_detail_add(details, f->name, "length", msg);
			return 1;
		}
		v->text = json_object_to_json_string_ext(value, JSON_C_TO_STRING_PLAIN);
		v->len = strlen(v->text);
		break;
	}
	return parse_valid(f, v, details);
}

int input_check_text(const struct field *f, const char *text, size_t len, json_object *details)
{
	struct field_value v = {.sent = true};
	int problems = parse_text(f, text, len, &v, details);

	if (problems == 0)
		problems = parse_valid(f, &v, details);
	free(v.ids);
	return problems;
}

int input_parse_json(json_object *body, const struct field *fields, struct field_values *out,
                     json_object *details)
{
	int problems = 0;

	values_reset(out, fields);
	json_object_object_foreach(body, key, value) {
		const struct field *f = input_field(fields, key);

		if (f == NULL)
			problems += unknown_field(key, details);
		else
			problems += parse_member(f, value, &out->at[f - fields], details);
	}
	for (const struct field *f = fields; f && f->name; f++) {
		if ((f->flags & FIELD_REQUIRED) && !out->at[f - fields].sent) {
			json_detail_add(details, f->name, "required", "is required");
			problems++;
		}
	}
	return problems;
}

static int parse_integer(const char *s, long long *out)
{
	char *end;

	if (*s == '\0' || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return (errno != 0 || *end != '\0') ? -1 : 0;
}

/* The word a query string says null with, for a FIELD_NULLABLE id (fields.h). */
#define FIELD_QUERY_NULL "none"

/* One query parameter against its field; the number of problems. */
static int parse_parameter(const struct field *f, const char *value, struct field_value *v,
                           json_object *details)
{
	long long n;

	v->sent = true;
	if (f->type == FIELD_ID && (f->flags & FIELD_NULLABLE)) {
		if (strcmp(value, FIELD_QUERY_NULL) == 0) {
			v->null = true;
			return 0;
		}
		if (parse_integer(value, &n) != 0 || n < 1) {
			json_detail_add(details, f->name, "type", "must be a positive id or none");
			return 1;
		}
	}
	switch (f->type) {
	case FIELD_INT:
	case FIELD_ID:
		if (parse_integer(value, &n) != 0) {
			json_detail_add(details, f->name, "type", "must be a whole number");
			return 1;
		}
		if (parse_number(f, n, v, details) > 0)
			return 1;
		break;
	case FIELD_BOOL:
		if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0) {
			json_detail_add(details, f->name, "type", "must be true or false");
			return 1;
		}
		parse_bool(value[0] == 't', v);
		break;
	default:
		if (parse_text(f, value, strlen(value), v, details) > 0)
			return 1;
		break;
	}
	return parse_valid(f, v, details);
}

int input_parse_query(const struct query *q, const struct field *fields, struct field_values *out,
                      json_object *details)
{
	int problems = 0;

	values_reset(out, fields);
	for (size_t i = 0; i < q->count; i++) {
		const char *key = q->params[i].key;
		const struct field *f = input_field(fields, key);

		if (f == NULL)
			problems += unknown_field(key, details);
		else
			problems += parse_parameter(f, q->params[i].value, &out->at[f - fields], details);
	}
	for (const struct field *f = fields; f && f->name; f++) {
		if ((f->flags & FIELD_REQUIRED) && !out->at[f - fields].sent) {
			json_detail_add(details, f->name, "required", "is required");
			problems++;
		}
	}
	return problems;
}

void input_values_free(struct field_values *values)
{
	for (size_t i = 0; i < FIELDS_MAX; i++) {
		free(values->at[i].ids);
		values->at[i].ids = NULL;
		values->at[i].count = 0;
	}
}

const struct field_value *input_value(const struct field_values *values, const char *name)
{
	const struct field *f = input_field(values->fields, name);

	return f ? &values->at[f - values->fields] : NULL;
}

field_check_fn input_table_check(const struct field *fields)
{
	while (fields && fields->name)
		fields++;
	return fields ? fields->check : NULL;
}

/* Validators. */

const char *field_ids(const struct field *f, struct field_value *v, const char **code)
{
	size_t n = json_object_array_length(v->json);

	(void)f;
	*code = "type";
	free(v->ids);
	v->ids = NULL;
	v->count = 0;
	if (n == 0)
		return NULL;
	if ((v->ids = calloc(n, sizeof(*v->ids))) == NULL)
		return "is too long a list";
	for (size_t i = 0; i < n; i++) {
		json_object *id = json_object_array_get_idx(v->json, i);

		if (!json_object_is_type(id, json_type_int) || !int64_exact(id) ||
		    json_object_get_int64(id) < 1)
			return "must be a list of ids";
		v->ids[v->count++] = json_object_get_int64(id);
	}
	return NULL;
}

const char *field_credit_code(const struct field *f, struct field_value *v, const char **code)
{
	enum creditcode_problem p = creditcode_check(v->text, v->len);

	(void)f;
	(void)code;
	return p == CREDITCODE_OK ? NULL : creditcode_message(p);
}

bool field_phone_valid(const char *phone, size_t len)
{
	if (len < 5 || len > 20)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!strchr("0123456789+ -", phone[i]) || phone[i] == '\0')
			return false;
	return true;
}

const char *field_phone(const struct field *f, struct field_value *v, const char **code)
{
	(void)f;
	(void)code;
	if (v->len == 0 || field_phone_valid(v->text, v->len))
		return NULL;
	return "must be 5 to 20 digits, spaces, '+' or '-'";
}

const char *field_mobile(const struct field *f, struct field_value *v, const char **code)
{
	(void)f;
	(void)code;
	if (v->len == 11 && v->text[0] == '1' && v->text[1] >= '3' && strspn(v->text, "0123456789") == 11)
		return NULL;
	return "must be a mobile number of 11 digits";
}
