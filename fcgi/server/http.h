/*
 * http.h -- FastCGI in and out: request parameters, bodies, answers.
 */
#ifndef SAFEGRID_HTTP_H
#define SAFEGRID_HTTP_H

#include <fcgiapp.h>

#include "base/error.h"
#include "server/request.h"

/* Fill the input side of req from the FastCGI parameters. */
void http_read_request(FCGX_Request *fcgx, struct request *req);

/*
 * Read the body, refusing one longer than limit (413) before reading it.
 * The bytes land in req->raw_body (NUL-terminated), req->raw_len.
 */
enum err http_read_body(FCGX_Request *fcgx, struct request *req, long limit);

/*
 * Write the answer: for ERR_NONE the handler's reply with req->status (200
 * by default), otherwise the error body.  Returns the status sent.
 */
int http_write(FCGX_Request *fcgx, struct request *req, enum err e);

/* The value of cookie name in a Cookie header, copied into out; 0 or -1. */
int http_cookie(const char *header, const char *name, char *out, size_t outlen);

/* Whether a Content-Type header is media type (parameters ignored). */
int http_is_media_type(const char *content_type, const char *media_type);

#endif
