/*
 * idempotency.c -- Idempotency-Key for every write (idempotency.h).
 *
 * The database never holds a key or an answer it could read back: a key is
 * stored as its keyed BLAKE2b hash (the lookup), and the answer is sealed
 * (XSalsa20-Poly1305, crypto_secretbox) under a second hash of the key that
 * is never stored.  Only the client that holds the key can have its answer
 * replayed, and an answer holding activation codes (a batch of logins, a
 * reset) is not readable in the table or in a backup of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "db/db.h"
#include "server/idempotency.h"

DB_STMT(stmt_idempotency_claim,
	"select status, content_type, headers, body, same_request from app.idempotency_claim($1, $2)");
DB_STMT(stmt_idempotency_keep,
	"update idempotency_key set status = $2::int, content_type = $3, headers = $4, body = $5"
	" where user_id = app.user_id() and key = $1");

/* The two uses of a key, each hash keyed by its own context. */
static const char LOOKUP_CONTEXT[] = "safegrid idempotency key lookup";
static const char SEAL_CONTEXT[] = "safegrid idempotency answer seal";

static void key_hash(const char *key, const char *context, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)key, strlen(key),
	                   (const unsigned char *)context, strlen(context));
}

/* What the table stores for a key: the hex of its lookup hash. */
static void key_lookup(const char *key, char out[65])
{
	unsigned char h[32];

	key_hash(key, LOOKUP_CONTEXT, h);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

bool idempotency_key_valid(const char *key)
{
	size_t n = key ? strlen(key) : 0;

	if (n == 0 || n > 255)
		return false;
	for (size_t i = 0; i < n; i++)
		if (key[i] < '!' || key[i] > '~')
			return false;
	return true;
}

/* The SHA-256 (hex) of what makes a request this request. */
static void fingerprint(const struct request *req, char out[65])
{
	crypto_hash_sha256_state st;
	unsigned char digest[crypto_hash_sha256_BYTES];
	const char *parts[4] = {req->method, req->path, req->query_string, req->file_name};

	crypto_hash_sha256_init(&st);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		const char *p = parts[i] ? parts[i] : "";
		/* With its terminating NUL, so the parts cannot run into each other. */
		crypto_hash_sha256_update(&st, (const unsigned char *)p, strlen(p) + 1);
	}
	if (req->raw_body)
		crypto_hash_sha256_update(&st, (const unsigned char *)req->raw_body, req->raw_len);
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(out, 65, digest, sizeof(digest));
}

/* Answer with a stored result: row 0 of res (status, content_type, headers, body as bytea, same). */
static enum err replay(struct request *req, PGresult *res)
{
	size_t len = 0;
	unsigned char *bytes, seal[crypto_secretbox_KEYBYTES];
	char *body;
	bool opened;

	if (strcmp(PQgetvalue(res, 0, 4), "t") != 0)
		return ERR_IDEMPOTENCY_REUSED;
	bytes = PQunescapeBytea((const unsigned char *)PQgetvalue(res, 0, 3), &len);
	if (bytes == NULL || len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
		PQfreemem(bytes);
		return ERR_INTERNAL;
	}
	len -= crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
	if ((body = malloc(len + 1)) == NULL) {
		PQfreemem(bytes);
		return ERR_INTERNAL;
	}
	key_hash(req->idempotency_key, SEAL_CONTEXT, seal);
	/* nonce | MAC | ciphertext, as keep() wrote it */
	opened = crypto_secretbox_open_easy((unsigned char *)body, bytes + crypto_secretbox_NONCEBYTES,
	                                    len + crypto_secretbox_MACBYTES, bytes, seal) == 0;
	sodium_memzero(seal, sizeof(seal));
	PQfreemem(bytes);
	if (!opened) {
		free(body);
		return ERR_INTERNAL;
	}
	body[len] = '\0';
	snprintf(req->reply_type_buf, sizeof(req->reply_type_buf), "%s", PQgetvalue(res, 0, 1));
	request_reply_bytes(req, body, len, req->reply_type_buf);
	req->status = atoi(PQgetvalue(res, 0, 0));
	snprintf(req->headers, sizeof(req->headers), "%s", PQgetvalue(res, 0, 2));
	req->headers_len = strlen(req->headers);
	request_header(req, "Idempotent-Replayed", "true");
	return ERR_NONE;
}

/* Store the handler's answer under the key, in the write's own transaction. */
static enum err keep(struct request *req)
{
	char status[8], lookup[65];
	const char *type, *body;
	size_t len, sealed_len;
	unsigned char *sealed, seal[crypto_secretbox_KEYBYTES];
	const char *params[5];
	int lengths[5] = {0, 0, 0, 0, 0};
	const int formats[5] = {0, 0, 0, 0, 1};   /* the sealed body as bytes */
	enum err e;

	request_answer(req, &body, &len, &type);
	sealed_len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
	if (len > 0x7ffff000 || (sealed = malloc(sealed_len)) == NULL)
		return ERR_INTERNAL;
	randombytes_buf(sealed, crypto_secretbox_NONCEBYTES);
	key_hash(req->idempotency_key, SEAL_CONTEXT, seal);
	crypto_secretbox_easy(sealed + crypto_secretbox_NONCEBYTES, (const unsigned char *)body, len,
	                      sealed, seal);
	sodium_memzero(seal, sizeof(seal));
	key_lookup(req->idempotency_key, lookup);
	snprintf(status, sizeof(status), "%d", req->status ? req->status : 200);
	params[0] = lookup;
	params[1] = status;
	params[2] = type;
	params[3] = req->headers;
	params[4] = (const char *)sealed;
	lengths[4] = (int)sealed_len;
	e = db_query_ex(req->db, &stmt_idempotency_keep, NULL, 5, params, lengths, formats, 0);
	free(sealed);
	return e;
}

enum err idempotency_run(struct request *req, handler_fn handler)
{
	char print[65], lookup[65];
	const char *params[2];
	PGresult *res;
	enum err e;

	/* Public routes (login, tips) act for no session: there is no user to keep a key for. */
	if (req->idempotency_key == NULL || strcmp(req->method, "POST") != 0 || req->who.user_id == 0 ||
	    req->route->action == ACTION_PUBLIC)
		return handler(req);
	if (!idempotency_key_valid(req->idempotency_key))
		return ERR_IDEMPOTENCY_KEY;
	fingerprint(req, print);
	key_lookup(req->idempotency_key, lookup);
	params[0] = lookup;
	params[1] = print;
	if ((e = db_query(req->db, &stmt_idempotency_claim, &res, 2, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) == 1) {
		e = replay(req, res);
		PQclear(res);
		return e;
	}
	PQclear(res);
	if ((e = handler(req)) != ERR_NONE)
		return e;
	return keep(req);
}
