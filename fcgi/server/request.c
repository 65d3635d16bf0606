/*
 * request.c -- what a handler does with its request: headers, the reply, the
 * common shapes of an answer (one row, a create, an update with its version),
 * and its query parameters and path ids.  Declared in request.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "db/db.h"
#include "input/json.h"
#include "server/request.h"
#include "server/router.h"

void request_header(struct request *req, const char *name, const char *value)
{
	int n = snprintf(req->headers + req->headers_len, sizeof(req->headers) - req->headers_len,
	                 "%s: %s\r\n", name, value);

	if (n > 0 && (size_t)n < sizeof(req->headers) - req->headers_len)
		req->headers_len += (size_t)n;
	else
		req->headers[req->headers_len] = '\0';
}

json_object *request_details(struct request *req)
{
	if (req->details == NULL)
		req->details = json_object_new_array();
	return req->details;
}

void request_message(struct request *req, const char *message)
{
	snprintf(req->message_buf, sizeof(req->message_buf), "%s", message);
	req->message = req->message_buf;
}

void request_reply_result(struct request *req, PGresult *res, int status)
{
	PQclear(req->reply_result);
	req->reply_result = res;
	req->status = status;
}

void request_reply_bytes(struct request *req, char *bytes, size_t len, const char *type)
{
	free(req->reply_owned);
	req->reply_owned = bytes;
	req->reply_bytes = bytes;
	req->reply_len = len;
	req->reply_type = type;
}

void request_reply_file(struct request *req, FILE *f, size_t len, const char *type)
{
	if (req->reply_file)
		fclose(req->reply_file);
	req->reply_file = f;
	req->reply_len = len;
	req->reply_type = type;
}

void request_answer(struct request *req, const char **body, size_t *len, const char **type)
{
	*body = "";
	*len = 0;
	*type = "application/json; charset=utf-8";
	if (req->reply_bytes) {
		*body = req->reply_bytes;
		*len = req->reply_len;
		*type = req->reply_type;
	} else if (req->reply_result) {
		*body = PQgetvalue(req->reply_result, 0, 0);
		*len = (size_t)PQgetlength(req->reply_result, 0, 0);
	} else if (req->reply) {
		*body = json_object_to_json_string_ext(req->reply,
		                                       JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
		*len = strlen(*body);
	}
}

enum err request_reply_query(struct request *req, struct db_stmt *stmt, int n,
                             const char *const *params, int status)
{
	PGresult *res;
	enum err e;

	db_final(req->db);
	if ((e = db_query(req->db, stmt, &res, n, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ERR_NOT_FOUND;
	}
	request_reply_result(req, res, status);
	return ERR_NONE;
}

/* The rows of stmt (with its n parameters), each a 422 detail: field, code, message. */
static enum err check_rules(struct request *req, struct db_stmt *stmt, int n, const char *const *params)
{
	PGresult *res;
	enum err e;
	int problems;

	if ((e = db_query(req->db, stmt, &res, n, params)) != ERR_NONE)
		return e;
	problems = PQntuples(res);
	for (int i = 0; i < problems; i++)
		json_detail_add(request_details(req), PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
		                PQgetvalue(res, i, 2));
	PQclear(res);
	return problems > 0 ? ERR_VALIDATION : ERR_NONE;
}

enum err request_check_rules(struct request *req, struct db_stmt *stmt)
{
	const char *params[1] = {request_body_text(req)};

	return check_rules(req, stmt, 1, params);
}

enum err request_check_rules_of(struct request *req, struct db_stmt *stmt, const char *id)
{
	const char *params[2] = {request_body_text(req), id};

	return check_rules(req, stmt, 2, params);
}

enum err request_create(struct request *req, struct db_stmt *insert, struct db_stmt *get)
{
	const char *params[1] = {request_body_text(req)};
	char id[24];
	PGresult *res;
	enum err e;

	if ((e = db_query(req->db, insert, &res, 1, params)) != ERR_NONE)
		return e;
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return request_reply_row(req, get, id, 201);
}

enum err request_reply_row(struct request *req, struct db_stmt *stmt, const char *id, int status)
{
	const char *params[1] = {id};

	return request_reply_query(req, stmt, 1, params, status);
}

enum err request_check_version(struct request *req, struct db_stmt *stmt)
{
	const char *params[1] = {req->params[0]};
	PGresult *res;
	enum err e;

	if ((e = db_query(req->db, stmt, &res, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1)
		e = ERR_NOT_FOUND;
	else
		e = request_version_matches(req, atoll(PQgetvalue(res, 0, 0)));
	PQclear(res);
	return e;
}

/* The parsed value of the body's FIELD_VERSION field, or NULL. */
static const struct field_value *version_of(const struct request *req)
{
	const struct field *f = req->in_body.fields;

	for (size_t i = 0; f && f[i].name; i++)
		if (f[i].flags & FIELD_LOCK)
			return &req->in_body.at[i];
	return NULL;
}

enum err request_version_matches(const struct request *req, long long current)
{
	const struct field_value *v = version_of(req);

	return v && v->sent && v->number == current ? ERR_NONE : ERR_STALE_VERSION;
}

const char *request_version(const struct request *req)
{
	const struct field_value *v = version_of(req);

	return v && v->sent ? v->text : "0";
}

enum err request_update(struct request *req, struct db_stmt *stmt)
{
	const char *params[3] = {req->params[0], request_body_text(req), request_version(req)};
	PGresult *res;
	enum err e;

	if ((e = db_query(req->db, stmt, &res, 3, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1)
		e = ERR_STALE_VERSION;
	PQclear(res);
	return e;
}

const struct field_value *request_field(const struct request *req, const char *name)
{
	static const struct field_value unsent;
	const struct field_value *v = input_value(&req->in_body, name);

	if (v == NULL)
		v = input_value(&req->in_query, name);
	if (v == NULL) {
		char message[160];
		snprintf(message, sizeof(message), "the handler of %s %s reads \"%s\", which it does not declare",
		         req->route ? req->route->method : "?", req->route ? req->route->pattern : "?", name);
		log_event("error", "undeclared_field", message);
		v = &unsent;
	}
	return v;
}

bool request_sent(const struct request *req, const char *name)
{
	return request_field(req, name)->sent;
}

const char *request_text(const struct request *req, const char *name)
{
	const struct field_value *v = request_field(req, name);

	return v->sent && !v->null ? v->text : NULL;
}

long long request_int(const struct request *req, const char *name)
{
	const struct field_value *v = request_field(req, name);

	return v->sent && !v->null ? v->number : 0;
}

bool request_true(const struct request *req, const char *name)
{
	const char *text = request_text(req, name);

	return text != NULL && strcmp(text, "true") == 0;
}

bool request_null(const struct request *req, const char *name)
{
	const struct field_value *v = request_field(req, name);

	return v->sent && v->null;
}

const char *request_body_text(const struct request *req)
{
	return req->body ? json_object_to_json_string_ext(req->body, JSON_C_TO_STRING_PLAIN) : "{}";
}

long long request_param_id(const struct request *req, int i)
{
	const char *s = (i >= 0 && i < ROUTE_MAX_PARAMS) ? req->params[i] : NULL;
	long long v = 0;

	if (s == NULL || *s == '\0' || strlen(s) > 18)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v;
}
