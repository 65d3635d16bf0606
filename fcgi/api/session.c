/*
 * session.c -- signing in and out, the caller's own account.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "server/auth.h"
#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"
#include "server/password.h"

const struct field session_login_body[] = {
	{"username", FIELD_STRING, FIELD_REQUIRED, 1, 64, NULL, NULL, NULL},
	{"password", FIELD_STRING, FIELD_REQUIRED, 1, PASSWORD_MAX_LENGTH, NULL, NULL, NULL},
	FIELDS_END,
};

const struct field session_password_body[] = {
	{"current_password", FIELD_STRING, FIELD_REQUIRED, 1, PASSWORD_MAX_LENGTH, NULL, NULL, NULL},
	{"new_password", FIELD_STRING, FIELD_REQUIRED, 1, PASSWORD_MAX_LENGTH, NULL, NULL, NULL},
	FIELDS_END,
};

DB_STMT(stmt_login_lookup,
	"select user_id, password_hash, retry_after from app.login_lookup($1, $2)");
DB_STMT(stmt_login_record,
	"select app.login_record($1, $2::bigint, $3::boolean, $4, $5, $6, $7)");
DB_STMT(stmt_me,
	"select json_build_object('user', u.json, 'csrf_token', $1::text,"
	"         'unread_notifications', (select count(*) from notification n"
	"                                   where n.user_id = app.user_id() and n.read_at is null)),"
	"       u.id, u.township_id"
	"  from app.user_json u where u.id = app.user_id()");
DB_STMT(stmt_logout, "select app.session_end($1::bigint, 'logout')");
DB_STMT(stmt_my_hash, "select app.my_password_hash()");
DB_STMT(stmt_password_set_own, "select app.password_set_own($1)");

static void set_session_cookie(struct request *req, const char *token, int max_age)
{
	char cookie[256];

	snprintf(cookie, sizeof(cookie), "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s",
	         SESSION_COOKIE, token, max_age, req->https ? "; Secure" : "");
	request_header(req, "Set-Cookie", cookie);
}

static void random_hex(char *out, size_t bytes)
{
	unsigned char buf[32];

	randombytes_buf(buf, bytes);
	sodium_bin2hex(out, bytes * 2 + 1, buf, bytes);
}

enum err session_attempt_lookup(struct request *req, const char *username, char user_id[24],
                                char **stored)
{
	const char *params[2] = {username, req->remote_addr};
	PGresult *res = NULL;
	enum err e;

	user_id[0] = '\0';
	*stored = NULL;
	if ((e = db_query(req->db, &stmt_login_lookup, &res, 2, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) == 1 && atoi(PQgetvalue(res, 0, 2)) > 0) {
		request_header(req, "Retry-After", PQgetvalue(res, 0, 2));
		e = ERR_TOO_MANY;
	} else if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0)) {
		snprintf(user_id, 24, "%s", PQgetvalue(res, 0, 0));
		if ((*stored = strdup(PQgetvalue(res, 0, 1))) == NULL)
			e = ERR_INTERNAL;
	}
	PQclear(res);
	return e;
}

enum err session_attempt_finish(struct request *req, const char *username, const char *user_id,
                                bool ok, enum err failure)
{
	char token[65], hash[65], csrf[65];
	const char *params[7];
	PGresult *res = NULL;
	enum err e;

	random_hex(token, 32);
	random_hex(csrf, 32);
	{
		unsigned char digest[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(digest, (const unsigned char *)token, 64);
		sodium_bin2hex(hash, sizeof(hash), digest, sizeof(digest));
	}
	params[0] = username;
	params[1] = user_id[0] ? user_id : NULL;
	params[2] = ok ? "true" : "false";
	params[3] = hash;
	params[4] = csrf;
	params[5] = req->remote_addr;
	params[6] = req->user_agent;
	if ((e = db_query(req->db, &stmt_login_record, NULL, 7, params)) != ERR_NONE)
		goto out;
	if (!ok) {
		req->keep_transaction = true;   /* the failed attempt counts */
		e = failure;
		goto out;
	}
	params[0] = csrf;
	if ((e = db_query(req->db, &stmt_me, &res, 1, params)) != ERR_NONE)
		goto out;
	if (PQntuples(res) == 1) {
		/* Signed in from now on: the log line names the user. */
		req->who.user_id = atoll(PQgetvalue(res, 0, 1));
		req->who.township_id = PQgetisnull(res, 0, 2) ? 0 : atoll(PQgetvalue(res, 0, 2));
	}
	set_session_cookie(req, token, req->cfg->session_max);
	request_reply_result(req, res, 200);
	res = NULL;
out:
	PQclear(res);
	sodium_memzero(token, sizeof(token));
	return e;
}

/*
 * POST /api/v1/auth/login {"username", "password"} -- 200 {"user",
 * "csrf_token"} and the session cookie; 401 for a wrong password or an
 * unknown or disabled user alike; 429 with Retry-After after repeated
 * failures; 422 for missing fields.
 */
enum err session_login(struct request *req)
{
	const char *username = request_text(req, "username");
	const char *password = request_text(req, "password");
	char user_id[24], *stored = NULL;
	enum err e;
	bool ok;

	e = session_attempt_lookup(req, username, user_id, &stored);
	if (e != ERR_NONE && e != ERR_TOO_MANY)
		return e;
	ok = e == ERR_NONE && password_verify(password, stored) && user_id[0] != '\0';
	free(stored);
	return session_attempt_finish(req, username, user_id, ok, e == ERR_NONE ? ERR_BAD_CREDENTIALS : e);
}

/* POST /api/v1/auth/logout -- 204 and the cookie cleared; 401 when not signed in. */
enum err session_logout(struct request *req)
{
	char id[24];
	const char *params[1] = {id};
	enum err e;

	snprintf(id, sizeof(id), "%lld", req->who.session_id);
	if ((e = db_query(req->db, &stmt_logout, NULL, 1, params)) != ERR_NONE)
		return e;
	set_session_cookie(req, "", 0);
	req->status = 204;
	return ERR_NONE;
}

/* GET /api/v1/me -- 200 {"user", "csrf_token", "unread_notifications"}; 401 when not signed in. */
enum err session_me(struct request *req)
{
	const char *params[1] = {req->who.csrf_token};
	PGresult *res;
	enum err e;

	db_final(req->db);
	if ((e = db_query(req->db, &stmt_me, &res, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ERR_NOT_SIGNED_IN;
	}
	request_reply_result(req, res, 200);
	return ERR_NONE;
}

/*
 * POST /api/v1/me/password {"current_password", "new_password"} -- 204, and
 * every session of the user ends (sign in again); 422 if the current
 * password is wrong or the new one breaks the rules.
 */
enum err session_password(struct request *req)
{
	const char *current = request_text(req, "current_password");
	const char *next = request_text(req, "new_password");
	char hash[crypto_pwhash_STRBYTES];
	const char *params[1] = {hash};
	const char *problem;
	PGresult *res = NULL;
	enum err e;

	if ((e = db_query(req->db, &stmt_my_hash, &res, 0, NULL)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1 || !password_verify(current, PQgetvalue(res, 0, 0))) {
		PQclear(res);
		json_detail_add(request_details(req), "current_password", "wrong", "is not your password");
		return ERR_VALIDATION;
	}
	PQclear(res);
	if ((problem = password_problem(next, req->who.username)) != NULL) {
		json_detail_add(request_details(req), "new_password", "weak", problem);
		return ERR_VALIDATION;
	}
	if (password_hash(next, hash) != 0)
		return ERR_INTERNAL;
	if ((e = db_query(req->db, &stmt_password_set_own, NULL, 1, params)) != ERR_NONE)
		return e;
	set_session_cookie(req, "", 0);
	req->status = 204;
	return ERR_NONE;
}
