/*
 * handlers.h -- every handler the route table names, and the fields each
 * declares, by resource.
 *
 * A handler reads the checked input from the request, does its work in the
 * request's transaction, and either fills the reply and returns ERR_NONE or
 * returns the error to answer with.
 */
#ifndef SAFEGRID_HANDLERS_H
#define SAFEGRID_HANDLERS_H

#include "error.h"
#include "input.h"
#include "request.h"

/* health.c */
enum err health_get(struct request *req);
enum err ping_get(struct request *req);

/* session.c */
extern const struct field session_login_body[], session_password_body[];
enum err session_login(struct request *req);
enum err session_logout(struct request *req);
enum err session_me(struct request *req);
enum err session_password(struct request *req);

/* township.c */
extern const struct field township_list_query[], township_create_body[], township_update_body[];
enum err township_list(struct request *req);
enum err township_get(struct request *req);
enum err township_create(struct request *req);
enum err township_update(struct request *req);

/* user.c */
extern const struct field user_list_query[], user_create_body[], user_update_body[];
enum err user_list(struct request *req);
enum err user_get(struct request *req);
enum err user_create(struct request *req);
enum err user_update(struct request *req);

/* audit.c */
extern const struct field audit_list_query[];
enum err audit_list(struct request *req);

#endif
