/*
 * auth.c -- the session check that begins every request's transaction.
 *
 * The cookie holds 32 random bytes in hex; the database holds only their
 * SHA-256.  app.request_begin() finds the session, enforces the idle and
 * absolute lifetimes, and sets the app.* settings the row-level security
 * policies read -- all in the same round trip as BEGIN.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "auth.h"
#include "db.h"
#include "http.h"

static struct db_stmt stmt_request_begin = DB_STMT(
	"select user_id, role, township_id, county_id, enterprise_id, session_id,"
	"       username, csrf_token"
	"  from app.request_begin($1, $2, $3, $4::int, $5::int)");

/* Hex SHA-256 of a hex token; -1 if the cookie is not a token of ours. */
static int token_hash(const char *token, char out[65])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	size_t len = strlen(token);

	if (len != 64 || strspn(token, "0123456789abcdef") != len)
		return -1;
	crypto_hash_sha256(digest, (const unsigned char *)token, len);
	sodium_bin2hex(out, 65, digest, sizeof(digest));
	return 0;
}

static long long column_id(PGresult *res, int col)
{
	return PQgetisnull(res, 0, col) ? 0 : atoll(PQgetvalue(res, 0, col));
}

enum err auth_begin(struct request *req)
{
	char token[80], hash[65], idle[16], max[16];
	const char *params[5];
	PGresult *res = NULL;
	enum err e;

	params[0] = NULL;
	if (http_cookie(req->cookie, SESSION_COOKIE, token, sizeof(token)) == 0 &&
	    token_hash(token, hash) == 0)
		params[0] = hash;
	snprintf(idle, sizeof(idle), "%d", req->cfg->session_idle);
	snprintf(max, sizeof(max), "%d", req->cfg->session_max);
	params[1] = req->request_id;
	params[2] = req->remote_addr;
	params[3] = idle;
	params[4] = max;
	if ((e = db_begin(req->db, &stmt_request_begin, &res, 5, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) == 1) {
		struct identity *who = &req->who;
		who->user_id = column_id(res, 0);
		who->role = role_from_name(PQgetvalue(res, 0, 1));
		who->township_id = column_id(res, 2);
		who->county_id = column_id(res, 3);
		who->enterprise_id = column_id(res, 4);
		who->session_id = column_id(res, 5);
		snprintf(who->username, sizeof(who->username), "%s", PQgetvalue(res, 0, 6));
		snprintf(who->csrf_token, sizeof(who->csrf_token), "%s", PQgetvalue(res, 0, 7));
	}
	PQclear(res);
	return ERR_NONE;
}

enum err auth_check_csrf(const struct request *req)
{
	size_t len = strlen(req->who.csrf_token);

	if (req->who.user_id == 0)
		return ERR_NONE;   /* nothing to forge without a session; permissions decide */
	if (req->csrf_header == NULL || len == 0 || strlen(req->csrf_header) != len ||
	    sodium_memcmp(req->csrf_header, req->who.csrf_token, len) != 0)
		return ERR_CSRF;
	return ERR_NONE;
}
