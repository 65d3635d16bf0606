/*
 * worker.h -- one worker process: accept, run the pipeline, answer, repeat.
 */
#ifndef SAFEGRID_WORKER_H
#define SAFEGRID_WORKER_H

#include <sys/types.h>

#include <fcgiapp.h>

#include "base/config.h"
#include "base/error.h"
#include "server/request.h"

/* Serve requests on the listening socket until told to stop.  Never returns. */
void worker_main(int listen_fd, const struct config *cfg, pid_t supervisor);

/*
 * The request pipeline from routing to commit, without the FastCGI I/O:
 * route, query, body, session, permission, CSRF, handler, transaction.
 * body_reader reads the body with a limit (http_read_body in production).
 */
typedef enum err (*body_reader_fn)(void *ctx, struct request *req, long limit);
enum err pipeline_run(struct request *req, body_reader_fn read_body, void *ctx);

/*
 * The input step of the pipeline alone, on a routed request (req->route,
 * query_string, content_type, raw_body and cfg set): the query string and
 * a JSON body parsed and checked against the route's declared fields, as
 * pipeline_run does once the caller may use the route.  No database; the
 * field-validation fuzz target (tests/fuzz/) drives it.
 */
enum err pipeline_check_input(struct request *req);

/* Release what a request holds. */
void request_free(struct request *req);

#endif
