/*
 * json.c -- parsing request bodies safely, and answer-building helpers.
 */
#include <string.h>

#include "input/text.h"
#include "input/json.h"

/* The value of the four hex digits at s (which has at least four bytes), or -1. */
static long hex4(const char *s)
{
	long v = 0;

	for (int i = 0; i < 4; i++) {
		int d = hex_value(s[i]);

		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/*
 * Why the text is not JSON that every part of safegrid takes, or NULL.
 * json-c's strict mode still takes single-quoted keys, and its UTF-8 check
 * lets overlong forms through; JSON allows neither.  A quote outside a
 * double-quoted string can only be a single-quoted one.  And within a
 * string, json-c takes \u0000 and half a surrogate pair, which PostgreSQL
 * refuses in json and no text column can hold: they would reach the
 * database only to fail there.  JSON forbids a raw control character
 * (U+0000 to U+001F) inside a string; json-c takes U+0001 to U+001F, so
 * they are refused here (escaped, as \n or \u0009, they are text).
 */
static const char *json_text_problem(const char *buf, size_t len)
{
	static const char not_strict[] = "the body is not strict JSON in UTF-8";
	bool in_string = false;

	if (!utf8_valid(buf, len))
		return not_strict;
	for (size_t i = 0; i < len; i++) {
		if (in_string) {
			if (buf[i] == '\\' && i + 5 < len && buf[i + 1] == 'u') {
				long c = hex4(buf + i + 2);

				if (c == 0)
					return "a string holds \\u0000, which no text may hold";
				if (c >= 0xdc00 && c <= 0xdfff)
					return "a string holds the second half of a surrogate pair without its first";
				if (c >= 0xd800 && c <= 0xdbff) {
					long low = i + 11 < len && buf[i + 6] == '\\' && buf[i + 7] == 'u'
					         ? hex4(buf + i + 8) : -1;
					if (low < 0xdc00 || low > 0xdfff)
						return "a string holds the first half of a surrogate pair without its second";
					i += 6;
				}
				i += 5;
			} else if (buf[i] == '\\') {
				i++;
			} else if (buf[i] == '"') {
				in_string = false;
			} else if ((unsigned char)buf[i] < 0x20) {
				return "a string holds a raw control character, which JSON allows only escaped";
			}
		} else if (buf[i] == '"') {
			in_string = true;
		} else if (buf[i] == '\'') {
			return not_strict;
		}
	}
	return NULL;
}

enum err json_parse_body(const char *buf, size_t len, int max_depth,
                         json_object **out, const char **why)
{
	json_tokener *tok;
	json_object *value = NULL;
	enum json_tokener_error jerr;
	enum err result = ERR_BAD_JSON;

	*out = NULL;
	*why = "the body is empty";
	if (len == 0)
		return ERR_BAD_JSON;
	if (len > (size_t)0x7fffffff) {
		*why = "the body is too long to parse";
		return ERR_BAD_JSON;
	}
	if (memchr(buf, '\0', len) != NULL) {
		*why = "the body contains a NUL byte";
		return ERR_BAD_JSON;
	}
	if ((*why = json_text_problem(buf, len)) != NULL)
		return ERR_BAD_JSON;
	tok = json_tokener_new_ex(max_depth);
	if (tok == NULL) {
		*why = "out of memory";
		return ERR_INTERNAL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	value = json_tokener_parse_ex(tok, buf, (int)len);
	jerr = json_tokener_get_error(tok);
	if (jerr == json_tokener_continue) {
		*why = "the JSON text ends early";
		goto out;
	}
	if (jerr != json_tokener_success) {
		*why = jerr == json_tokener_error_depth ? "the JSON nests too deeply"
		                                        : json_tokener_error_desc(jerr);
		goto out;
	}
	/* Strict mode stops at the end of the value; allow trailing white space only. */
	for (size_t i = json_tokener_get_parse_end(tok); i < len; i++) {
		if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\n' && buf[i] != '\r') {
			*why = "there is data after the JSON value";
			goto out;
		}
	}
	if (!json_object_is_type(value, json_type_object)) {
		*why = "the body must be a JSON object";
		goto out;
	}
	*out = value;
	value = NULL;
	result = ERR_NONE;
out:
	json_object_put(value);
	json_tokener_free(tok);
	return result;
}

const char *json_string_of(json_object *obj, const char *key)
{
	json_object *member;

	if (obj == NULL || !json_object_object_get_ex(obj, key, &member) ||
	    !json_object_is_type(member, json_type_string))
		return NULL;
	return json_object_get_string(member);
}

long long json_int_of(json_object *obj, const char *key, long long fallback)
{
	json_object *member;

	if (obj == NULL || !json_object_object_get_ex(obj, key, &member) ||
	    !json_object_is_type(member, json_type_int))
		return fallback;
	return json_object_get_int64(member);
}

void json_detail_add(json_object *details, const char *field, const char *code,
                     const char *message)
{
	json_object *d = json_object_new_object();

	json_object_object_add(d, "field", json_object_new_string(field));
	json_object_object_add(d, "code", json_object_new_string(code));
	json_object_object_add(d, "message", json_object_new_string(message));
	json_object_array_add(details, d);
}
