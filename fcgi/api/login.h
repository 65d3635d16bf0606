/*
 * login.h -- what the township's approval of an application (application.c)
 * shares with issuing logins in bulk (login.c).
 */
#ifndef SAFEGRID_LOGIN_H
#define SAFEGRID_LOGIN_H

#include "base/error.h"
#include "server/request.h"

struct db_stmt;

/*
 * Issue activation codes for the enterprises (or logins) the statement
 * targets finds with its n params -- rows of (enterprise id, user id or
 * null for the enterprise's administrator, enterprise name, credit code,
 * township name, mobile) -- and answer status with the letters (format
 * "pdf") or the codes ("json").  ERR_VALIDATION (a detail on
 * enterprise_ids) when nothing matches or more than 20000 do.
 */
enum err login_issue_codes(struct request *req, struct db_stmt *targets, int n,
                           const char *const *params, const char *format, const char *contact,
                           int status);

/* The body's "format" ("pdf" unless "json") and "contact" (the township office unless given). */
const char *login_format_of(const struct request *req);
const char *login_contact_of(const struct request *req);

#endif
