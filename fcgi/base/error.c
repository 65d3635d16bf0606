/*
 * error.c -- lookups in the error table, and SQLSTATE mapping.
 */
#include <string.h>

#include "base/error.h"

static const struct {
	int status;
	const char *code;
	const char *message;
	const char *message_zh;
} errors[ERR__COUNT] = {
#define X(name, status, code, message, message_zh) [name] = {status, code, message, message_zh},
	FOR_EACH_ERROR(X)
#undef X
};

static const struct {
	const char *sqlstate;  /* full code, or a two-character class */
	enum err err;
} sqlstates[] = {
	/* Our own RAISEs: "SG" + HTTP status. */
	{"SG400", ERR_BAD_REQUEST},
	{"SG403", ERR_FORBIDDEN},
	{"SG404", ERR_NOT_FOUND},
	{"SG409", ERR_BAD_STATE},
	{"SG422", ERR_VALIDATION},
	{"SG429", ERR_TOO_MANY},
	/* Integrity constraints. */
	{"23505", ERR_DUPLICATE},     /* unique_violation */
	{"23503", ERR_CONFLICT},      /* foreign_key_violation */
	{"23514", ERR_VALIDATION},    /* check_violation */
	{"23502", ERR_VALIDATION},    /* not_null_violation */
	{"23P01", ERR_CONFLICT},      /* exclusion_violation */
	{"22P02", ERR_VALIDATION},    /* invalid_text_representation */
	{"22007", ERR_VALIDATION},    /* invalid_datetime_format */
	{"22008", ERR_VALIDATION},    /* datetime_field_overflow */
	{"22003", ERR_VALIDATION},    /* numeric_value_out_of_range */
	{"22001", ERR_VALIDATION},    /* string_data_right_truncation */
	{"42501", ERR_FORBIDDEN},     /* insufficient_privilege, RLS WITH CHECK */
	{"40001", ERR_CONFLICT},      /* serialization_failure */
	{"40P01", ERR_CONFLICT},      /* deadlock_detected */
	{"57014", ERR_UNAVAILABLE},   /* query_canceled (statement timeout) */
	/* Whole classes. */
	{"08", ERR_UNAVAILABLE},      /* connection exception */
	{"22", ERR_VALIDATION},       /* data exception: the text or a value sent cannot be taken */
	{"53", ERR_UNAVAILABLE},      /* insufficient resources */
	{"57", ERR_UNAVAILABLE},      /* operator intervention: shutdown, crash */
};

int error_status(enum err e)
{
	return (e >= 0 && e < ERR__COUNT) ? errors[e].status : 500;
}

const char *error_code(enum err e)
{
	return (e >= 0 && e < ERR__COUNT) ? errors[e].code : "internal";
}

const char *error_message(enum err e)
{
	return (e >= 0 && e < ERR__COUNT) ? errors[e].message : "internal error";
}

const char *error_message_zh(enum err e)
{
	return (e >= 0 && e < ERR__COUNT) ? errors[e].message_zh : "服务器内部错误";
}

/*
 * The checks of the schema whose own name does not say what they mean to
 * the client (an unnamed table check is named after its table alone): the
 * rule stays in the database, this only words the refusal.
 */
static const struct constraint_answer constraint_answers[] = {
	/* campaign: check (ends_on >= starts_on) */
	{"campaign_check", "ends_on", "before_start", "must not be before starts_on"},
};

const struct constraint_answer *error_constraint_answer(const char *constraint)
{
	for (size_t i = 0; constraint && i < sizeof(constraint_answers) / sizeof(constraint_answers[0]); i++)
		if (strcmp(constraint_answers[i].constraint, constraint) == 0)
			return &constraint_answers[i];
	return NULL;
}

enum err error_from_sqlstate(const char *sqlstate)
{
	size_t i;

	if (sqlstate == NULL || strlen(sqlstate) != 5)
		return ERR_UNAVAILABLE;  /* no SQLSTATE: libpq lost the server */
	for (i = 0; i < sizeof(sqlstates) / sizeof(sqlstates[0]); i++) {
		size_t n = strlen(sqlstates[i].sqlstate);
		if (strncmp(sqlstate, sqlstates[i].sqlstate, n) == 0)
			return sqlstates[i].err;
	}
	return ERR_INTERNAL;
}

const char *http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default:  return "Unknown";
	}
}
