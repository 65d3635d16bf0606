/*
 * auth.h -- who is asking: sessions, CSRF, and the caller's identity in the
 * database.
 */
#ifndef SAFEGRID_AUTH_H
#define SAFEGRID_AUTH_H

#include "base/error.h"
#include "server/request.h"

#define SESSION_COOKIE "safegrid_session"

/*
 * Begin the request's transaction as the caller: one round trip that looks
 * up the session from the cookie, sets app.user_id, app.role,
 * app.township_id, app.enterprise_id (and the request id and client address
 * for the audit log) for this transaction only, and fills req->who.
 * A missing, unknown or expired session leaves the caller anonymous.
 */
enum err auth_begin(struct request *req);

/*
 * A read in one round trip.  auth_guess sets req->who to what this worker
 * last saw of the request's session and defers the session check (with
 * BEGIN) to the pipeline of the read's first statement; false if there is
 * nothing to guess from.  auth_confirm, after the handler, reads the
 * session check's answer into req->who: true if it is the identity guessed,
 * false if the work done on the guess must be thrown away (the transaction
 * rolled back and the request run again with auth_begin).
 */
bool auth_guess(struct request *req);
bool auth_confirm(struct request *req);

/* ERR_NONE if a state-changing request carries the session's CSRF token. */
enum err auth_check_csrf(const struct request *req);

#endif
