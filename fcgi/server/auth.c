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

#include "server/auth.h"
#include "db/db.h"
#include "server/http.h"

DB_STMT(stmt_request_begin,
	"select user_id, role, township_id, county_id, enterprise_id, session_id,"
	"       username, csrf_token, password_must_change"
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

/*
 * The identities this worker last saw for the sessions it served, by token
 * hash: the guess a read is built on before its session check has answered
 * (auth_guess).  Only a guess: the session check runs in the same pipeline
 * as the read, and a read built on a guess that turns out wrong is thrown
 * away and run again.  A session that ended (logout elsewhere, expiry) or a
 * user whose role changed is found out that way, at the cost of one round
 * trip.
 */
#define GUESSES 128
static struct guess {
	char hash[65];
	struct identity who;
} guesses[GUESSES];

static struct guess *guess_slot(const char *hash)
{
	unsigned long h = 0;

	for (int i = 0; i < 16; i++)
		h = h * 16 + (unsigned long)(hash[i] <= '9' ? hash[i] - '0' : hash[i] - 'a' + 10);
	return &guesses[h % GUESSES];
}

/* The session check's answer (NULL or no row: not signed in) into *who. */
static void identity_read(PGresult *res, struct identity *who)
{
	memset(who, 0, sizeof(*who));
	who->role = ROLE_NONE;
	if (res == NULL || PQntuples(res) != 1)
		return;
	who->user_id = column_id(res, 0);
	who->role = role_from_name(PQgetvalue(res, 0, 1));
	who->township_id = column_id(res, 2);
	who->county_id = column_id(res, 3);
	who->enterprise_id = column_id(res, 4);
	who->session_id = column_id(res, 5);
	snprintf(who->username, sizeof(who->username), "%s", PQgetvalue(res, 0, 6));
	snprintf(who->csrf_token, sizeof(who->csrf_token), "%s", PQgetvalue(res, 0, 7));
	who->password_must_change = PQgetvalue(res, 0, 8)[0] == 't';
}

/* Remember (or forget, when not signed in) what the session check said of hash. */
static void guess_learn(const char *hash, const struct identity *who)
{
	struct guess *g;

	if (hash == NULL)
		return;
	g = guess_slot(hash);
	if (who->user_id == 0) {
		if (strcmp(g->hash, hash) == 0)
			g->hash[0] = '\0';
		return;
	}
	snprintf(g->hash, sizeof(g->hash), "%s", hash);
	g->who = *who;
}

/* The session check's parameters: the token's hash (NULL without one) and the rest. */
struct begin_args {
	char idle[16], max[16];
	const char *params[5];
};

/* The session cookie's hash, computed once a request (a read may need it three times). */
static const char *session_hash(struct request *req)
{
	char token[80];

	if (!req->session_hashed) {
		req->session_hashed = true;
		if (http_cookie(req->cookie, SESSION_COOKIE, token, sizeof(token)) != 0 ||
		    token_hash(token, req->session_hash) != 0)
			req->session_hash[0] = '\0';
	}
	return req->session_hash[0] ? req->session_hash : NULL;
}

static void begin_args(struct request *req, struct begin_args *a)
{
	a->params[0] = session_hash(req);
	snprintf(a->idle, sizeof(a->idle), "%d", req->cfg->session_idle);
	snprintf(a->max, sizeof(a->max), "%d", req->cfg->session_max);
	a->params[1] = req->request_id;
	a->params[2] = req->remote_addr;
	a->params[3] = a->idle;
	a->params[4] = a->max;
}

enum err auth_begin(struct request *req)
{
	struct begin_args a;
	PGresult *res = NULL;
	enum err e;

	begin_args(req, &a);
	if ((e = db_begin(req->db, &stmt_request_begin, &res, 5, a.params)) != ERR_NONE)
		return e;
	identity_read(res, &req->who);
	guess_learn(a.params[0], &req->who);
	PQclear(res);
	return ERR_NONE;
}

bool auth_guess(struct request *req)
{
	const char *hash = session_hash(req);
	struct begin_args a;
	struct guess *g;

	if (hash == NULL || strcmp((g = guess_slot(hash))->hash, hash) != 0)
		return false;
	begin_args(req, &a);
	if (db_begin_later(req->db, &stmt_request_begin, 5, a.params) != ERR_NONE)
		return false;
	req->who = g->who;
	return true;
}

bool auth_confirm(struct request *req)
{
	struct identity was = req->who;
	PGresult *res;
	bool same;

	if (db_begin_now(req->db) != ERR_NONE && req->db->first_result == NULL)
		return false;
	res = db_first_result(req->db);
	identity_read(res, &req->who);
	PQclear(res);
	guess_learn(session_hash(req), &req->who);
	same = was.user_id == req->who.user_id && was.role == req->who.role &&
	       was.township_id == req->who.township_id && was.county_id == req->who.county_id &&
	       was.enterprise_id == req->who.enterprise_id && was.session_id == req->who.session_id &&
	       was.password_must_change == req->who.password_must_change &&
	       strcmp(was.username, req->who.username) == 0 &&
	       strcmp(was.csrf_token, req->who.csrf_token) == 0 && req->who.user_id != 0;
	return same;
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
