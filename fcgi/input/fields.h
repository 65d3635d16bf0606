/*
 * fields.h -- every input a handler sees is declared first.
 *
 * A handler's route names a table of fields for its JSON body and one for
 * its query string.  The pipeline parses the input against the table before
 * the handler runs, keeping each field's typed value on the request (as
 * kcgi's kvalid does); unknown fields, missing required fields, wrong
 * types, values out of range, what a field's validator refuses and what the
 * route's cross-field check finds all become one 422 answer listing every
 * problem.
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
/*
 * A JSON body's field may be null.  A query string has no null: there an
 * id declared nullable takes the word "none" instead (a list's filter for
 * the rows without one: ?grid_node_id=none), read as a JSON null is --
 * request_sent true, request_text NULL, request_null true.
 */
#define FIELD_NULLABLE  0x2u
#define FIELD_LOCK      0x4u   /* the optimistic lock (FIELD_VERSION); request_version_* read it */

/*
 * A declared field's value as the pipeline parsed it, kept on the request
 * (request.h: request_field and the accessors beside it).  Handlers read
 * these, never the JSON body or the query text again.
 */
struct field_value {
	bool sent;              /* the input names the field (a JSON null included) */
	bool null;              /* sent as JSON null (in a query: "none", FIELD_NULLABLE) */
	const char *text;       /* STRING, DATE, ENUM: the text; INT, ID: in decimal;
	                           BOOL: "true" or "false"; ARRAY, OBJECT: as JSON */
	size_t len;             /* strlen(text) */
	long long number;       /* INT, ID: the number; ENUM: the choice's index; BOOL: 0 or 1 */
	json_object *json;      /* the JSON value (owned by the body), NULL in a query */
	long long *ids;         /* set by field_ids: the list's ids, in order */
	size_t count;           /* and how many */
	char digits[24];        /* the decimal text of an INT or ID */
};

/*
 * A validator beyond the type (kcgi's kvalid functions): it reads the value
 * the type's check parsed, may parse it further (field_ids fills ids), and
 * answers NULL, or the 422 detail's message (its code "invalid", or the
 * code it puts in *code).
 */
struct field;
typedef const char *(*field_valid_fn)(const struct field *f, struct field_value *v, const char **code);

/*
 * The one cross-field check of a route, run once every field has passed:
 * it reads the parsed values and adds a 422 detail per problem to details;
 * returns the number of problems.  It is named in the end row of the
 * route's body (or query) table: FIELDS_END_CHECK(fn).
 */
struct request;
typedef int (*field_check_fn)(const struct request *req, json_object *details);

struct field {
	const char *name;
	enum field_type type;
	unsigned flags;
	long long min, max;           /* 0, 0: no limit */
	const char *const *choices;   /* FIELD_ENUM: NULL-terminated */
	field_valid_fn valid;         /* NULL: the type's check alone */
	field_check_fn check;         /* end row only: the route's cross-field check */
};

/* Tables end with a row without a name, which may name the cross-field check. */
#define FIELDS_END {.name = NULL}
#define FIELDS_END_CHECK(FN) {.name = NULL, .check = (FN)}

/* The most fields a table declares (a unit test holds every route to it). */
#define FIELDS_MAX 32

/* The parsed values of one table's fields, by the fields' positions. */
struct field_values {
	const struct field *fields;
	struct field_value at[FIELDS_MAX];
};

/* PostgreSQL's integer, the type of every row's version. */
#define FIELD_INT_MAX 2147483647

/* The optimistic lock of an update: the version the client read (named NAME). */
#define FIELD_VERSION(NAME) {NAME, FIELD_INT, FIELD_REQUIRED | FIELD_LOCK, 1, FIELD_INT_MAX, NULL, NULL, NULL}

/*
 * Validators for field.valid.  field_ids: a FIELD_ARRAY of positive whole
 * numbers (its max is the most it holds), parsed into v->ids and v->count.
 * field_credit_code: a unified social credit code (creditcode.h).
 * field_phone: 5 to 20 digits, spaces, '+' or '-' (or "" to clear it).
 * field_mobile: a mainland mobile number, 11 digits from 13 to 19.
 */
const char *field_ids(const struct field *f, struct field_value *v, const char **code);
const char *field_credit_code(const struct field *f, struct field_value *v, const char **code);
const char *field_phone(const struct field *f, struct field_value *v, const char **code);
const char *field_mobile(const struct field *f, struct field_value *v, const char **code);

/* The phone rule of field_phone, for len bytes (the CSV import asks it too). */
bool field_phone_valid(const char *phone, size_t len);

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
 * Check a JSON object or a query against a field table and parse every
 * field into out (by position in the table); every problem is appended to
 * details.  Returns the number of problems.  input_values_free releases
 * what the parse kept (id lists).
 */
int input_parse_json(json_object *body, const struct field *fields, struct field_values *out,
                     json_object *details);
int input_parse_query(const struct query *q, const struct field *fields, struct field_values *out,
                      json_object *details);
void input_values_free(struct field_values *values);

/* The row of table fields that declares name, or NULL. */
const struct field *input_field(const struct field *fields, const char *name);

/*
 * One text value (STRING, DATE or ENUM field) checked as it would be as the
 * JSON string member f->name -- its length, date or choice, then f's
 * validator -- for input that does not arrive as JSON (the CSV import's
 * cells): a problem is appended to details; returns the number of problems.
 */
int input_check_text(const struct field *f, const char *text, size_t len, json_object *details);

/* The parsed value of the named field, or NULL if the table does not declare it. */
const struct field_value *input_value(const struct field_values *values, const char *name);

/* The cross-field check the table's end row names, or NULL. */
field_check_fn input_table_check(const struct field *fields);

/*
 * A header value that may be percent-encoded UTF-8 (X-File-Name), decoded
 * into out; out is "" if it is malformed, not UTF-8, or too long.
 */
void input_header_text(const char *value, char *out, size_t outlen);

#endif
