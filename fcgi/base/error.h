/*
 * error.h -- the one table of errors the API can answer with.
 *
 * Handlers return an enum err; the request pipeline turns it into the HTTP
 * status and the {"error": {"code", "message", "details"}} body.  Adding an
 * error is adding one line here.
 */
#ifndef SAFEGRID_ERROR_H
#define SAFEGRID_ERROR_H

/*        name                  status  code                    message */
#define FOR_EACH_ERROR(X)                                                                      \
	X(ERR_NONE,               200, "ok",                   "ok")                              \
	X(ERR_BAD_REQUEST,        400, "bad_request",          "the request is malformed")        \
	X(ERR_BAD_JSON,           400, "bad_json",             "the body is not valid JSON")      \
	X(ERR_NOT_SIGNED_IN,      401, "not_signed_in",        "sign in first")                   \
	X(ERR_BAD_CREDENTIALS,    401, "bad_credentials",      "wrong username or password")      \
	X(ERR_FORBIDDEN,          403, "forbidden",            "your role may not do this")       \
	X(ERR_CSRF,               403, "csrf",                 "missing or wrong X-CSRF-Token")   \
	X(ERR_NOT_FOUND,          404, "not_found",            "no such resource")                \
	X(ERR_NO_ROUTE,           404, "no_route",             "no such endpoint")                \
	X(ERR_METHOD,             405, "method_not_allowed",   "method not allowed here")         \
	X(ERR_CONFLICT,           409, "conflict",             "the change conflicts with the current state") \
	X(ERR_DUPLICATE,          409, "duplicate",            "such a record exists already")    \
	X(ERR_STALE_VERSION,      409, "stale_version",        "the record was changed by someone else; reload it") \
	X(ERR_BAD_STATE,          409, "bad_state",            "not allowed in the record's current state") \
	X(ERR_TOO_LARGE,          413, "payload_too_large",    "request body too large")          \
	X(ERR_MEDIA_TYPE,         415, "unsupported_media_type", "unsupported content type")      \
	X(ERR_VALIDATION,         422, "validation_failed",    "some fields are invalid")         \
	X(ERR_TOO_MANY,           429, "too_many_requests",    "too many attempts; try again later") \
	X(ERR_INTERNAL,           500, "internal",             "internal error")                  \
	X(ERR_UNAVAILABLE,        503, "service_unavailable",  "the database is unavailable; try again shortly")

enum err {
#define X(name, status, code, message) name,
	FOR_EACH_ERROR(X)
#undef X
	ERR__COUNT
};

int error_status(enum err e);
const char *error_code(enum err e);
const char *error_message(enum err e);

/*
 * Map a PostgreSQL SQLSTATE to an API error.  Our own checks raise
 * SQLSTATEs of the form "SG" + HTTP status ("SG409"), with a
 * machine-readable code in the message's DETAIL when they need one.
 */
enum err error_from_sqlstate(const char *sqlstate);

/* The reason phrase for an HTTP status, "Unknown" for one we never send. */
const char *http_reason(int status);

#endif
