/*
 * idempotency.h -- Idempotency-Key: a retried write answers its first result.
 *
 * A signed-in caller's POST that carries `Idempotency-Key: <1-255 visible ASCII
 * characters>` is run once per (user, key): the key is claimed in the request's
 * transaction before the handler runs and its answer stored in the same
 * transaction after it (sql/migrations/0024_idempotency.sql), so a committed
 * write always has its key.  A later request with the key gets the stored
 * status and body (and `Idempotent-Replayed: true`) without running the
 * handler, if it is the same request (method, path, query, file name and body);
 * otherwise 422 idempotency_key_reused.  Two at once: the second waits for the
 * first and answers its result.  Without the header, for other methods, for
 * anonymous callers and on public routes (login, the tip routes), the handler
 * just runs.
 */
#ifndef SAFEGRID_IDEMPOTENCY_H
#define SAFEGRID_IDEMPOTENCY_H

#include "server/router.h"

/* Run handler for req under its Idempotency-Key, if it has one. */
enum err idempotency_run(struct request *req, handler_fn handler);

/* Whether key is a well-formed key: 1-255 characters, each of '!' to '~'. */
bool idempotency_key_valid(const char *key);

#endif
