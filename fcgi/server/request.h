/*
 * request.h -- one API request as it passes through the pipeline.
 *
 * The worker fills the input side (method, path, query, body, caller), the
 * handler fills the output side (status, reply), and http.c writes it; request.c holds the helpers handlers call.
 */
#ifndef SAFEGRID_REQUEST_H
#define SAFEGRID_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>
#include <json-c/json.h>
#include <libpq-fe.h>

#include "base/config.h"
#include "base/error.h"
#include "input/fields.h"
#include "server/permission.h"

struct db;
struct route;

#define ROUTE_MAX_PARAMS 4

/* Who is asking: set once per request, from the session, for the database too. */
struct identity {
	long long user_id;          /* 0: not signed in */
	long long township_id;      /* 0: county-wide */
	long long county_id;
	long long enterprise_id;    /* enterprise users only */
	enum role role;
	long long session_id;
	char username[64];
	char csrf_token[72];
	bool password_must_change;  /* someone else set the password: only the session's routes */
};

struct request {
	/* Input. */
	const char *method;
	const char *path;
	const char *query_string;
	const char *content_type;
	const char *cookie;
	const char *csrf_header;
	const char *idempotency_key; /* Idempotency-Key, or NULL; see server/idempotency.h */
	const char *remote_addr;
	const char *accept_language;  /* NULL without the header; see base/message.h */
	const char *user_agent;
	const char *host;            /* the server address the connection reached (not the Host header), or "" */
	const char *port;            /* and its port, or "" */
	char file_name[256];         /* X-File-Name of an upload, decoded; "" if none */
	bool https;
	char request_id[40];
	const struct route *route;
	const char *params[ROUTE_MAX_PARAMS];   /* {name} segments of the path */
	char param_buf[256];
	struct query query;
	json_object *body;           /* parsed JSON body, or NULL */
	struct field_values in_body;   /* the body's declared fields, parsed (request_field) */
	struct field_values in_query;  /* the query's */
	char *raw_body;              /* the body's bytes (uploads, CSV) */
	size_t raw_len;
	struct identity who;
	char session_hash[65];       /* the session cookie's SHA-256 (hex), "" without one; see auth.c */
	bool session_hashed;         /* session_hash is computed */
	struct db *db;
	struct db *replica;          /* DATABASE_URL_READONLY's connection, or NULL */
	const struct config *cfg;
	struct timespec started;

	/* Output. */
	int status;                  /* 0: 200, or the error's status */
	json_object *reply;          /* JSON answer built in C */
	PGresult *reply_result;      /* or: JSON text in row 0, column 0 of this */
	const char *reply_bytes;     /* or: raw bytes (attachments) */
	size_t reply_len;
	char *reply_owned;           /* malloc'd bytes of the answer, freed with the request */
	FILE *reply_file;            /* or: reply_len bytes of this file from its start (exports), closed with the request */
	const char *reply_type;      /* content type of reply_bytes */
	char reply_type_buf[64];
	json_object *details;        /* error details (422 fields), created on demand */
	const char *message;         /* error message overriding the table's */
	char message_buf[256];
	char headers[1024];          /* extra header lines, each ending in \r\n */
	size_t headers_len;
	bool keep_transaction;       /* commit even though an error is answered */
};

/* Add a header line; silently dropped if the buffer is full (never user data). */
void request_header(struct request *req, const char *name, const char *value);

/* The error details array, created on first use. */
json_object *request_details(struct request *req);

/* Set a message for the error answer (copied). */
void request_message(struct request *req, const char *message);

/* Answer with the JSON text in row 0, column 0 of res (takes it). */
void request_reply_result(struct request *req, PGresult *res, int status);

/* Answer with len malloc'd bytes of the given content type (takes them). */
void request_reply_bytes(struct request *req, char *bytes, size_t len, const char *type);

/*
 * Answer with the len bytes of file f from its start, of the given content
 * type (takes it: closed with the request).  A temporary file, unlinked,
 * lets an answer of any size be sent without holding it in memory.
 */
void request_reply_file(struct request *req, FILE *f, size_t len, const char *type);

/*
 * The bytes and content type of a successful answer, whichever way the
 * handler gave it (reply_bytes, reply_result or reply); valid until the
 * request is freed or answered again.
 */
void request_answer(struct request *req, const char **body, size_t *len, const char **type);

/*
 * Answer with the JSON one statement makes of one row: stmt takes the id as
 * its only parameter and returns the JSON in row 0, column 0.  ERR_NOT_FOUND
 * if there is no such row (or row-level security hides it).
 */
struct db_stmt;
enum err request_reply_row(struct request *req, struct db_stmt *stmt, const char *id, int status);

/*
 * A create: insert ($1 the body as jsonb) returns the new row's id; the
 * answer is 201 with the row as get ($1 the id) shows it.
 */
enum err request_create(struct request *req, struct db_stmt *insert, struct db_stmt *get);

/* The same for a statement of n parameters. */
enum err request_reply_query(struct request *req, struct db_stmt *stmt, int n,
                             const char *const *params, int status);

/*
 * Optimistic locking, the same for every PATCH.  request_check_version runs
 * stmt ($1 the path's id) that returns the row's version: ERR_NOT_FOUND
 * without a row, ERR_STALE_VERSION if the body's "version" differs.
 * request_update runs stmt ($1 the id, $2 the body as jsonb, $3 the version)
 * that returns a row when it matched: no row, ERR_STALE_VERSION (changed
 * meanwhile).
 */
enum err request_check_version(struct request *req, struct db_stmt *stmt);

/*
 * The lock's one comparison, for a handler that reads the row's version
 * with other columns: ERR_NONE if the body's lock (its FIELD_VERSION field,
 * "version" or "row_version") is current (the row's version as the
 * database has it), else ERR_STALE_VERSION.
 */
enum err request_version_matches(const struct request *req, long long current);

/* The body's lock in decimal, the parameter of an update's "version = $n" ("0" without one). */
const char *request_version(const struct request *req);
enum err request_update(struct request *req, struct db_stmt *stmt);

/*
 * The rules of a body that span fields and rows: stmt ($1 the body as
 * jsonb) returns one (field, code, message) row per broken rule; each
 * becomes a 422 detail.  ERR_VALIDATION if there was any.
 */
enum err request_check_rules(struct request *req, struct db_stmt *stmt);
/* The same for a record's changes: stmt also takes $2, the record's id (NULL for a new one). */
enum err request_check_rules_of(struct request *req, struct db_stmt *stmt, const char *id);

/*
 * A declared field's parsed value (fields.h), from the body or else the
 * query string: how a handler reads its input.  A name the route does not
 * declare is a mistake of the code: it is logged, and reads as not sent.
 */
const struct field_value *request_field(const struct request *req, const char *name);

/* Whether the field was sent (a JSON null included). */
bool request_sent(const struct request *req, const char *name);

/* Its text (fields.h: field_value.text), or NULL when not sent or null. */
const char *request_text(const struct request *req, const char *name);

/* Its number (INT, ID; ENUM's index; BOOL 0 or 1), or 0 when not sent or null. */
long long request_int(const struct request *req, const char *name);

/* Whether a BOOL field was sent as true. */
bool request_true(const struct request *req, const char *name);

/* Whether the field was sent as null: a JSON null, or a query's "none" (fields.h: FIELD_NULLABLE). */
bool request_null(const struct request *req, const char *name);

/* The JSON body as text, to hand to SQL as a jsonb parameter. */
const char *request_body_text(const struct request *req);

/* Path parameter i as a positive id, or 0 if it is not one. */
long long request_param_id(const struct request *req, int i);

#endif
