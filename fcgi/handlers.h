/*
 * handlers.h -- every handler the route table names, by resource.
 *
 * A handler reads the checked input from the request, does its work in the
 * request's transaction, and either fills the reply and returns ERR_NONE or
 * returns the error to answer with.
 */
#ifndef SAFEGRID_HANDLERS_H
#define SAFEGRID_HANDLERS_H

#include "error.h"
#include "request.h"

/* health.c */
enum err health_get(struct request *req);
enum err ping_get(struct request *req);

#endif
