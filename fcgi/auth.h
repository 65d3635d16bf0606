/*
 * auth.h -- who is asking: sessions, CSRF, and the caller's identity in the
 * database.
 */
#ifndef SAFEGRID_AUTH_H
#define SAFEGRID_AUTH_H

#include "error.h"
#include "request.h"

#define SESSION_COOKIE "safegrid_session"

/*
 * Begin the request's transaction as the caller: one round trip that looks
 * up the session from the cookie, sets app.user_id, app.role,
 * app.township_id, app.enterprise_id (and the request id and client address
 * for the audit log) for this transaction only, and fills req->who.
 * A missing, unknown or expired session leaves the caller anonymous.
 */
enum err auth_begin(struct request *req);

/* ERR_NONE if a state-changing request carries the session's CSRF token. */
enum err auth_check_csrf(const struct request *req);

#endif
