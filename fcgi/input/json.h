/*
 * json.h -- json-c with limits, and small helpers for building answers.
 */
#ifndef SAFEGRID_JSON_H
#define SAFEGRID_JSON_H

#include <stddef.h>
#include <json-c/json.h>

#include "base/error.h"

/*
 * Parse a request body: strict JSON, valid UTF-8, at most max_depth levels
 * of nesting, nothing after the value, and an object at the top.  Returns
 * ERR_NONE with *out set (the caller puts it), or ERR_BAD_JSON with a short
 * reason in *why.
 */
enum err json_parse_body(const char *buf, size_t len, int max_depth,
                         json_object **out, const char **why);

/* Member lookups that answer NULL / fallback when absent or of another type. */
const char *json_string_of(json_object *obj, const char *key);
long long json_int_of(json_object *obj, const char *key, long long fallback);

/* Append {"field", "code", "message"} to a details array. */
void json_detail_add(json_object *details, const char *field, const char *code,
                     const char *message);

#endif
