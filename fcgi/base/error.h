/*
 * error.h -- the one table of errors the API can answer with.
 *
 * Handlers return an enum err; the request pipeline turns it into the HTTP
 * status and the {"error": {"code", "message", "details"}} body.  Adding an
 * error is adding one line here.
 */
#ifndef SAFEGRID_ERROR_H
#define SAFEGRID_ERROR_H

/*        name                  status  code                    message (English, then Simplified Chinese) */
#define FOR_EACH_ERROR(X) \
	X(ERR_NONE,               200, "ok",                   "ok", "成功") \
	X(ERR_BAD_REQUEST,        400, "bad_request",          "the request is malformed", "请求格式不正确") \
	X(ERR_BAD_JSON,           400, "bad_json",             "the body is not valid JSON", "请求内容不是有效的 JSON") \
	X(ERR_IDEMPOTENCY_KEY,    400, "bad_idempotency_key",  "Idempotency-Key must be 1 to 255 visible ASCII characters", "Idempotency-Key 须为 1 至 255 个可见 ASCII 字符") \
	X(ERR_NOT_SIGNED_IN,      401, "not_signed_in",        "sign in first", "请先登录") \
	X(ERR_BAD_CREDENTIALS,    401, "bad_credentials",      "wrong username or password", "用户名或密码错误") \
	X(ERR_BAD_CODE,           401, "bad_activation_code",  "wrong, expired or used activation code", "激活码错误、已过期或已使用") \
	X(ERR_FORBIDDEN,          403, "forbidden",            "your role may not do this", "您的角色无权进行此操作") \
	X(ERR_PASSWORD_CHANGE,    403, "password_change_required", "set your own password first (POST /api/v1/me/password)", "请先设置您自己的密码") \
	X(ERR_CSRF,               403, "csrf",                 "missing or wrong X-CSRF-Token", "页面已过期，请刷新后重试（缺少或错误的 X-CSRF-Token）") \
	X(ERR_NOT_FOUND,          404, "not_found",            "no such resource", "记录不存在") \
	X(ERR_NO_ROUTE,           404, "no_route",             "no such endpoint", "没有这个接口") \
	X(ERR_METHOD,             405, "method_not_allowed",   "method not allowed here", "此处不支持该请求方法") \
	X(ERR_CONFLICT,           409, "conflict",             "the change conflicts with the current state", "与当前状态冲突") \
	X(ERR_DUPLICATE,          409, "duplicate",            "such a record exists already", "已存在相同的记录") \
	X(ERR_STALE_VERSION,      409, "stale_version",        "the record was changed by someone else; reload it", "记录已被他人修改，请刷新后重试") \
	X(ERR_BAD_STATE,          409, "bad_state",            "not allowed in the record's current state", "记录当前的状态不允许此操作") \
	X(ERR_TOO_LARGE,          413, "payload_too_large",    "request body too large", "请求内容过大") \
	X(ERR_MEDIA_TYPE,         415, "unsupported_media_type", "unsupported content type", "不支持的内容类型") \
	X(ERR_VALIDATION,         422, "validation_failed",    "some fields are invalid", "部分内容填写有误") \
	X(ERR_IDEMPOTENCY_REUSED, 422, "idempotency_key_reused", "this Idempotency-Key was used for a different request", "该 Idempotency-Key 已用于另一个不同的请求") \
	X(ERR_TOO_MANY,           429, "too_many_requests",    "too many attempts; try again later", "尝试次数过多，请稍后再试") \
	X(ERR_INTERNAL,           500, "internal",             "internal error", "服务器内部错误") \
	X(ERR_UNAVAILABLE,        503, "service_unavailable",  "the database is unavailable; try again shortly", "数据库暂不可用，请稍后重试")

enum err {
#define X(name, status, code, message, message_zh) name,
	FOR_EACH_ERROR(X)
#undef X
	ERR__COUNT
};

int error_status(enum err e);
const char *error_code(enum err e);
const char *error_message(enum err e);
/* The message in Simplified Chinese (base/message.h says when it is used). */
const char *error_message_zh(enum err e);

/*
 * Map a PostgreSQL SQLSTATE to an API error.  Our own checks raise
 * SQLSTATEs of the form "SG" + HTTP status ("SG409"), with a
 * machine-readable code in the message's DETAIL when they need one.
 */
enum err error_from_sqlstate(const char *sqlstate);

/*
 * How the violation of a named constraint is answered where its name alone
 * would not tell the client (the detail's field, code and message); NULL
 * for a constraint without an entry, whose field comes from its name
 * (db_error_field).
 */
struct constraint_answer {
	const char *constraint;
	const char *field;
	const char *code;
	const char *message;
};
const struct constraint_answer *error_constraint_answer(const char *constraint);

/* The reason phrase for an HTTP status, "Unknown" for one we never send. */
const char *http_reason(int status);

#endif
