/*
 * fields.h -- every input a handler sees is declared first.
 *
 * A handler's route names a table of fields for its JSON body and one for
 * its query string.  The pipeline checks the input against the table before
 * the handler runs: unknown fields, missing required fields, wrong types and
 * values out of range all become one 422 answer listing every problem.
 */
#ifndef SAFEGRID_FIELDS_H
#define SAFEGRID_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <json-c/json.h>

#include "base/error.h"
#include "input/text.h"

enum field_type {
	FIELD_STRING,   /* text; min/max are lengths in characters */
	FIELD_INT,      /* whole number; min/max are the range */
	FIELD_BOOL,
	FIELD_DATE,     /* YYYY-MM-DD, a real calendar day */
	FIELD_ENUM,     /* one of choices */
	FIELD_ID,       /* a positive 64-bit id */
	FIELD_OBJECT,   /* any JSON object; the handler looks inside */
	FIELD_ARRAY,    /* any JSON array; min/max are the element count */
};

#define FIELD_REQUIRED  0x1u
#define FIELD_NULLABLE  0x2u

struct field {
	const char *name;
	enum field_type type;
	unsigned flags;
	long long min, max;           /* 0, 0: no limit */
	const char *const *choices;   /* FIELD_ENUM: NULL-terminated */
};

/* Tables end with an all-zero row. */
#define FIELDS_END {NULL, 0, 0, 0, 0, NULL}

/* PostgreSQL's integer, the type of every row's version. */
#define FIELD_INT_MAX 2147483647

/* The optimistic lock of an update: the version the client read (named NAME). */
#define FIELD_VERSION(NAME) {NAME, FIELD_INT, FIELD_REQUIRED, 1, FIELD_INT_MAX, NULL}

/* A parsed query string: decoded keys and values, in order. */
#define QUERY_MAX_PARAMS 32
#define QUERY_MAX_BYTES 4096

struct query {
	size_t count;
	struct {
		const char *key;
		const char *value;
	} params[QUERY_MAX_PARAMS];
	char buf[QUERY_MAX_BYTES + QUERY_MAX_PARAMS * 2];
};

/*
 * Decode an application/x-www-form-urlencoded query string into *q.
 * Returns ERR_NONE, or ERR_BAD_REQUEST for a bad escape, a NUL byte,
 * invalid UTF-8, a repeated key, or more than QUERY_MAX_PARAMS/BYTES.
 */
enum err query_parse(const char *text, struct query *q);
const char *query_get(const struct query *q, const char *key);

/*
 * Check a JSON object or a query against a field table; every problem is
 * appended to details.  Returns the number of problems.
 */
int input_check_json(json_object *body, const struct field *fields, json_object *details);
int input_check_query(const struct query *q, const struct field *fields, json_object *details);

/*
 * A header value that may be percent-encoded UTF-8 (X-File-Name), decoded
 * into out; out is "" if it is malformed, not UTF-8, or too long.
 */
void input_header_text(const char *value, char *out, size_t outlen);

#endif
