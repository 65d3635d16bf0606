/*
 * fields.c -- query strings, and checking input against declared fields.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static const struct field *field_find(const struct field *fields, const char *name)
{
	for (; fields && fields->name; fields++)
		if (strcmp(fields->name, name) == 0)
			return fields;
	return NULL;
}

static bool choice_valid(const struct field *f, const char *value)
{
	for (const char *const *c = f->choices; c && *c; c++)
		if (strcmp(*c, value) == 0)
			return true;
	return false;
}

static void range_message(char *buf, size_t len, const struct field *f, const char *what)
{
	if (f->max > 0)
		snprintf(buf, len, "must be %s from %lld to %lld", what, f->min, f->max);
	else
		snprintf(buf, len, "must be %s of at least %lld", what, f->min);
}

/* Check one textual value (a query parameter or a JSON string). */
static int check_text(const struct field *f, const char *value, json_object *details)
{
	char msg[128];
	long long n;

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
		if (!choice_valid(f, value)) {
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

static int check_number(const struct field *f, long long v, json_object *details)
{
	char msg[128];

	if (f->type == FIELD_ID && v < 1) {
		json_detail_add(details, f->name, "id", "must be a positive id");
		return 1;
	}
	if (f->type == FIELD_INT && (v < f->min || (f->max != 0 && v > f->max))) {
		range_message(msg, sizeof(msg), f, "a whole number");
		json_detail_add(details, f->name, "range", msg);
		return 1;
	}
	return 0;
}

static int unknown_field(const char *name, json_object *details)
{
	json_detail_add(details, name, "unknown", "is not a field of this request");
	return 1;
}

int input_check_json(json_object *body, const struct field *fields, json_object *details)
{
	int problems = 0;

	json_object_object_foreach(body, key, value) {
		const struct field *f = field_find(fields, key);
		json_type t = json_object_get_type(value);

		if (f == NULL) {
			problems += unknown_field(key, details);
			continue;
		}
		if (t == json_type_null) {
			if (!(f->flags & FIELD_NULLABLE)) {
				json_detail_add(details, key, "null", "may not be null");
				problems++;
			}
			continue;
		}
		switch (f->type) {
		case FIELD_STRING:
		case FIELD_DATE:
		case FIELD_ENUM:
			if (t != json_type_string) {
				json_detail_add(details, key, "type", "must be a string");
				problems++;
			} else {
				problems += check_text(f, json_object_get_string(value), details);
			}
			break;
		case FIELD_INT:
		case FIELD_ID:
			if (t != json_type_int) {
				json_detail_add(details, key, "type", "must be a whole number");
				problems++;
			} else if (!int64_exact(value)) {
				json_detail_add(details, key, "range", "is too large a number");
				problems++;
			} else {
				problems += check_number(f, json_object_get_int64(value), details);
			}
			break;
		case FIELD_BOOL:
			if (t != json_type_boolean) {
				json_detail_add(details, key, "type", "must be true or false");
				problems++;
			}
			break;
		case FIELD_OBJECT:
			if (t != json_type_object) {
				json_detail_add(details, key, "type", "must be an object");
				problems++;
			}
			break;
		case FIELD_ARRAY:
			if (t != json_type_array) {
				json_detail_add(details, key, "type", "must be an array");
				problems++;
			} else {
				long long n = (long long)json_object_array_length(value);
				if ((f->min > 0 && n < f->min) || (f->max > 0 && n > f->max)) {
					char msg[128];
					range_message(msg, sizeof(msg), f, "a list with a length");
					json_detail_add(details, key, "length", msg);
					problems++;
				}
			}
			break;
		}
	}
	for (const struct field *f = fields; f && f->name; f++) {
		if ((f->flags & FIELD_REQUIRED) && !json_object_object_get_ex(body, f->name, NULL)) {
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

int input_check_query(const struct query *q, const struct field *fields, json_object *details)
{
	int problems = 0;

	for (size_t i = 0; i < q->count; i++) {
		const char *key = q->params[i].key, *value = q->params[i].value;
		const struct field *f = field_find(fields, key);
		long long n;

		if (f == NULL) {
			problems += unknown_field(key, details);
			continue;
		}
		switch (f->type) {
		case FIELD_INT:
		case FIELD_ID:
			if (parse_integer(value, &n) != 0) {
				json_detail_add(details, key, "type", "must be a whole number");
				problems++;
			} else {
				problems += check_number(f, n, details);
			}
			break;
		case FIELD_BOOL:
			if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0) {
				json_detail_add(details, key, "type", "must be true or false");
				problems++;
			}
			break;
		default:
			problems += check_text(f, value, details);
			break;
		}
	}
	for (const struct field *f = fields; f && f->name; f++) {
		if ((f->flags & FIELD_REQUIRED) && query_get(q, f->name) == NULL) {
			json_detail_add(details, f->name, "required", "is required");
			problems++;
		}
	}
	return problems;
}
