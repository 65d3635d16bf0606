/*
 * worker.c -- the request pipeline and the worker's accept loop.
 *
 * A request goes: route -> body (read within its limit) -> session and
 * transaction -> permission -> CSRF -> query string and body checked against
 * the route's declared fields -> handler -> commit or rollback -> answer -> log.
 * Every step that fails returns an error code; http_write turns it into the
 * one error shape.
 */
#include <errno.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "server/auth.h"
#include "db/db.h"
#include "server/http.h"
#include "server/idempotency.h"
#include "server/metrics.h"
#include "input/json.h"
#include "base/log.h"
#include "server/router.h"
#include "server/worker.h"

static bool method_is_safe(const char *method)
{
	return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

/* Parse and check a JSON body already read into req->raw_body. */
static enum err check_json_body(struct request *req)
{
	const char *why;
	enum err e;

	if (req->raw_len == 0) {
		req->body = json_object_new_object();
	} else {
		if (!http_is_media_type(req->content_type, "application/json")) {
			request_message(req, "send the body as application/json");
			return ERR_MEDIA_TYPE;
		}
		if ((e = json_parse_body(req->raw_body, req->raw_len, req->cfg->json_depth,
		                         &req->body, &why)) != ERR_NONE) {
			request_message(req, why);
			return e;
		}
	}
	if (input_parse_json(req->body, req->route->body, &req->in_body, request_details(req)) > 0)
		return ERR_VALIDATION;
	return ERR_NONE;
}

/* The route's cross-field checks (fields.h), once every field has passed. */
static enum err check_across_fields(struct request *req)
{
	field_check_fn query = input_table_check(req->route->query);
	field_check_fn body = input_table_check(req->route->body);
	int problems = 0;

	if (query)
		problems += query(req, request_details(req));
	if (body)
		problems += body(req, request_details(req));
	return problems > 0 ? ERR_VALIDATION : ERR_NONE;
}

/*
 * The input a route declares, checked once the caller is known to be
 * allowed: a stranger learns nothing about an endpoint's fields.
 */
static enum err check_input(struct request *req)
{
	enum err e;

	/* A read run again (a wrong guess, the replica) parses its input again. */
	input_values_free(&req->in_query);
	input_values_free(&req->in_body);
	if (query_parse(req->query_string, &req->query) != ERR_NONE) {
		request_message(req, "the query string is malformed");
		return ERR_BAD_REQUEST;
	}
	if (input_parse_query(&req->query, req->route->query, &req->in_query, request_details(req)) > 0)
		return ERR_VALIDATION;
	if ((req->route->flags & ROUTE_BODY_JSON) && (e = check_json_body(req)) != ERR_NONE)
		return e;
	return check_across_fields(req);
}

enum err pipeline_check_input(struct request *req)
{
	return check_input(req);
}

/*
 * A handler's error that came from the database: our own checks' messages
 * are written for users and pass through; a constraint names the field.
 */
static void explain_database_error(struct request *req, enum err e)
{
	char field[64];

	if (db_error_is_ours(req->db) && req->message == NULL)
		request_message(req, req->db->message);
	if ((e == ERR_VALIDATION || e == ERR_DUPLICATE || e == ERR_CONFLICT) &&
	    (req->details == NULL || json_object_array_length(req->details) == 0)) {
		const struct constraint_answer *answer = error_constraint_answer(req->db->constraint);

		if (answer) {
			json_detail_add(request_details(req), answer->field, answer->code, answer->message);
			return;
		}
		db_error_field(req->db, field, sizeof(field));
		if (field[0])
			json_detail_add(request_details(req), field,
			                e == ERR_DUPLICATE ? "duplicate" : e == ERR_CONFLICT ? "conflict" : "invalid",
			                db_error_is_ours(req->db) ? req->db->message
			                : e == ERR_DUPLICATE ? "is already taken"
			                : e == ERR_CONFLICT ? "refers to something that does not exist or is in use"
			                : "is not a valid value");
	}
}

/*
 * The end of the request's transaction, given the handler's error: a read
 * commits without waiting (if it has not committed with its last
 * statement), a write commits and a failing commit becomes the answer; an
 * error rolls back, unless the handler asked to keep what it did.
 */
static enum err finish(struct request *req, enum err e)
{
	if (e != ERR_NONE && req->db->sqlstate[0])
		explain_database_error(req, e);
	if (e == ERR_NONE && method_is_safe(req->method)) {
		db_commit_later(req->db);
	} else if (e == ERR_NONE || req->keep_transaction) {
		enum err c = db_commit(req->db);
		if (e == ERR_NONE)
			e = c;
	} else {
		db_rollback(req->db);
	}
	return e;
}

/* Forget what a handler answered, for a request that is run again. */
static void reset_answer(struct request *req)
{
	json_object_put(req->reply);
	json_object_put(req->details);
	PQclear(req->reply_result);
	free(req->reply_owned);
	if (req->reply_file)
		fclose(req->reply_file);
	req->reply_file = NULL;
	req->reply = req->details = NULL;
	req->reply_result = NULL;
	req->reply_owned = NULL;
	req->reply_bytes = NULL;
	req->reply_len = 0;
	req->reply_type = NULL;
	req->message = NULL;
	req->status = 0;
	req->headers_len = 0;
	req->headers[0] = '\0';
	req->keep_transaction = false;
	db_request_start(req->db, method_is_safe(req->method));
}

/*
 * A password someone else set (a township's reset) is replaced by its owner
 * before anything else: until then only the session's own routes (who am I,
 * set my password, sign out) and the public ones answer.
 */
static bool password_pending(const struct request *req)
{
	return req->who.password_must_change && req->route->action != ACTION_SESSION &&
	       req->route->action != ACTION_PUBLIC;
}

/*
 * A read in one round trip: the handler runs on the identity this worker
 * last saw for the session (auth_guess), and its first statement goes to
 * PostgreSQL in one pipeline with BEGIN and the session check -- which sets
 * the caller's settings before the statement runs, so what the statement
 * reads is always what the real caller may read.  If the session check
 * then names someone else (or no one), nothing of the answer is used: the
 * transaction is rolled back and the caller runs the request again the
 * usual way.  Only when the guess allows the route and the input passes;
 * otherwise the usual way decides the answer (401 before 403 before 422).
 * True if the request was answered (*e).
 */
static bool read_on_guess(struct request *req, enum err *e)
{
	if (!auth_guess(req))
		return false;
	if (!permission_allows(req->who.role, req->route->action) || password_pending(req) ||
	    check_input(req) != ERR_NONE) {
		db_begin_cancel(req->db);
		reset_answer(req);
		return false;
	}
	*e = req->route->handler(req);
	if (!auth_confirm(req)) {
		db_rollback(req->db);
		reset_answer(req);
		return false;
	}
	*e = finish(req, *e);
	return true;
}

/* After the body: the session, permission, input and handler, on req->db. */
static enum err pipeline_handle(struct request *req)
{
	const struct route *route = req->route;
	enum err e;

	if (route->flags & (ROUTE_NO_DB | ROUTE_NO_TX)) {
		/* Only public endpoints skip the session. */
		if (!permission_allows(ROLE_NONE, route->action))
			return ERR_INTERNAL;
		if ((e = check_input(req)) != ERR_NONE)
			return e;
		return route->handler(req);
	}

	if (method_is_safe(req->method) && read_on_guess(req, &e))
		return e;
	if ((e = auth_begin(req)) != ERR_NONE)
		return e;
	if (!permission_allows(req->who.role, route->action))
		e = req->who.role == ROLE_NONE ? ERR_NOT_SIGNED_IN : ERR_FORBIDDEN;
	else if (password_pending(req))
		e = ERR_PASSWORD_CHANGE;
	else if (!method_is_safe(req->method) && !(route->flags & ROUTE_NO_CSRF))
		e = auth_check_csrf(req);
	if (e == ERR_NONE)
		e = check_input(req);
	if (e == ERR_NONE)
		e = idempotency_run(req, route->handler);
	return finish(req, e);
}

/*
 * A read of a ROUTE_REPLICA route, when there is a replica: the whole request
 * -- session check included -- runs there, in its own read-only transaction
 * with the caller's settings.  The session check writes once a minute per
 * session (last_seen_at), which a replica refuses (25006); that request, and
 * any the replica cannot serve (unreachable, or a query cancelled by a
 * conflict with its recovery, 40001), runs again on the primary.
 */
static enum err pipeline_on_replica(struct request *req)
{
	struct db *primary = req->db;
	enum err e;

	req->db = req->replica;
	db_request_start(req->db, true);
	e = pipeline_handle(req);
	if (e != ERR_UNAVAILABLE && strcmp(req->db->sqlstate, "25006") != 0 &&
	    strcmp(req->db->sqlstate, "40001") != 0)
		return e;
	db_rollback(req->db);
	req->db = primary;
	reset_answer(req);
	return pipeline_handle(req);
}

enum err pipeline_run(struct request *req, body_reader_fn read_body, void *ctx)
{
	const struct route *route;
	char allow[64];
	enum err e;

	switch (route_match(routes, route_count, req->method, req->path, &route,
	                    req->params, req->param_buf, sizeof(req->param_buf),
	                    allow, sizeof(allow))) {
	case ROUTE_NOT_FOUND:
		return ERR_NO_ROUTE;
	case ROUTE_WRONG_METHOD:
		request_header(req, "Allow", allow);
		return ERR_METHOD;
	case ROUTE_FOUND:
		break;
	}
	req->route = route;

	/* The body is read (within its limit) before anything else is decided. */
	if (route->flags & (ROUTE_BODY_JSON | ROUTE_BODY_RAW)) {
		long limit = (route->flags & ROUTE_BODY_RAW) ? req->cfg->max_upload : req->cfg->max_body;
		if ((e = read_body(ctx, req, limit)) != ERR_NONE)
			return e;
	}

	if ((route->flags & ROUTE_REPLICA) && req->replica && method_is_safe(req->method))
		return pipeline_on_replica(req);
	return pipeline_handle(req);
}

void request_free(struct request *req)
{
	input_values_free(&req->in_body);
	input_values_free(&req->in_query);
	json_object_put(req->body);
	json_object_put(req->reply);
	json_object_put(req->details);
	PQclear(req->reply_result);
	free(req->reply_owned);
	if (req->reply_file)
		fclose(req->reply_file);
	free(req->raw_body);
}

static enum err fcgx_body_reader(void *ctx, struct request *req, long limit)
{
	return http_read_body(ctx, req, limit);
}

static void log_request(const struct request *req, int status, double ms, enum err e)
{
	json_object *line = json_object_new_object();

	json_object_object_add(line, "level", json_object_new_string(status >= 500 ? "error" : "info"));
	json_object_object_add(line, "event", json_object_new_string("request"));
	json_object_object_add(line, "request_id", json_object_new_string(req->request_id));
	json_object_object_add(line, "method", json_object_new_string(req->method));
	json_object_object_add(line, "path", json_object_new_string(req->path));
	json_object_object_add(line, "status", json_object_new_int(status));
	{
		char text[32];
		snprintf(text, sizeof(text), "%.3f", ms);
		json_object_object_add(line, "ms", json_object_new_double_s(ms, text));
	}
	json_object_object_add(line, "user", req->who.user_id ? json_object_new_int64(req->who.user_id) : NULL);
	json_object_object_add(line, "township",
	                       req->who.township_id ? json_object_new_int64(req->who.township_id) : NULL);
	/* A failed request's line says why: the error's code, and the database's words. */
	if (e != ERR_NONE)
		json_object_object_add(line, "error", json_object_new_string(error_code(e)));
	if (status >= 400 && req->db && req->db->message[0])
		json_object_object_add(line, "db_error", json_object_new_string(req->db->message));
	log_object(line);
}

static void serve(FCGX_Request *fcgx, struct db *db, struct db *replica, const struct config *cfg)
{
	struct request *req = calloc(1, sizeof(*req));
	struct timespec now;
	enum err e;
	int status;
	double ms;

	if (req == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &req->started);
	req->db = db;
	req->replica = replica;
	req->cfg = cfg;
	http_read_request(fcgx, req);
	db_request_start(db, req->method && method_is_safe(req->method));
	e = pipeline_run(req, fcgx_body_reader, fcgx);
	if (e == ERR_UNAVAILABLE)
		request_header(req, "Retry-After", "1");
	status = http_write(fcgx, req, e);
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (double)(now.tv_sec - req->started.tv_sec) * 1e3 +
	     (double)(now.tv_nsec - req->started.tv_nsec) / 1e6;
	log_request(req, status, ms, e);
	metrics_request(req->route ? (size_t)(req->route - routes) : route_count, status, ms / 1e3);
	if (status >= 500 && db->sqlstate[0])
		metrics_database_error();
	request_free(req);
	free(req);
}

/*
 * Ends the request and closes its connection.  libfcgi closes by shutting
 * down its sending side and reading whatever nginx still sends until nginx
 * closes too (or two seconds pass): input left unread when the socket
 * closes would reset the connection, and nginx could lose the answer.  That
 * is three more system calls on every request, and the worker waits for
 * nginx before it takes the next one.  Once the request's input has been
 * read to its end -- every GET, every body read whole -- nothing more can
 * come: nginx sends a request whole (fastcgi_request_buffering) and one a
 * connection (no fastcgi_keep_conn).  Such a connection is closed at once;
 * one whose body was left unread (refused before it was read) is drained
 * as libfcgi does.
 */
static void close_connection(FCGX_Request *fcgx)
{
	if (FCGX_GetChar(fcgx->in) == EOF && FCGX_HasSeenEOF(fcgx->in) == EOF)
		FCGX_Detach(fcgx);      /* libfcgi's word for "close without the drain" */
	FCGX_Finish_r(fcgx);
}

/*
 * The accept loop.  SIGTERM is blocked at all times and read from a
 * signalfd that waits in the same epoll set as the listening socket: a
 * request, once accepted, is always answered; a worker waiting for one
 * stops at once; and a busy worker takes no new one after SIGTERM, since
 * epoll reports the pending signal beside the waiting connections (a
 * signal left to epoll_pwait's mask would not be: it reports the ready
 * connections first and restores the mask without delivering it).  The
 * listening socket is non-blocking and shared; EPOLLEXCLUSIVE wakes one
 * waiting worker per connection, and a worker that finds the connection
 * taken by another (EAGAIN) simply waits again.
 */
void worker_main(int listen_fd, const struct config *cfg, pid_t supervisor)
{
	struct sigaction sa;
	struct epoll_event ready[2], watch = {.events = EPOLLIN | EPOLLEXCLUSIVE};
	struct epoll_event on_term = {.events = EPOLLIN};
	sigset_t term;
	FCGX_Request fcgx;
	struct db db, replica;
	bool have_replica = cfg->database_url_readonly[0] != '\0';
	bool stopping = false;
	int epfd, termfd;

	/*
	 * Follow the supervisor out if it dies without telling us (kill -9):
	 * finish the request in hand and take no other.  If it died before
	 * prctl, the parent is another process already.
	 */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != supervisor)
		_exit(0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);   /* Ctrl-C reaches the supervisor, which tells us */
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_SETMASK, &term, NULL);

	termfd = signalfd(-1, &term, SFD_NONBLOCK | SFD_CLOEXEC);
	epfd = epoll_create1(EPOLL_CLOEXEC);
	watch.data.fd = listen_fd;
	on_term.data.fd = termfd;
	if (termfd < 0 || epfd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, listen_fd, &watch) != 0 ||
	    epoll_ctl(epfd, EPOLL_CTL_ADD, termfd, &on_term) != 0) {
		log_event("fatal", "epoll_failed", strerror(errno));
		_exit(1);
	}
	db_init(&db, cfg->database_url, cfg->statement_timeout_ms);
	db.pooled = cfg->db_pooled != 0;
	db_init(&replica, cfg->database_url_readonly, cfg->statement_timeout_ms);
	replica.pooled = db.pooled;
	FCGX_InitRequest(&fcgx, listen_fd, 0);
	log_event("info", "worker_started", NULL);
	while (!stopping) {
		int n = epoll_wait(epfd, ready, 2, -1);
		bool connection = false;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			log_event("error", "epoll_failed", strerror(errno));
			break;
		}
		for (int i = 0; i < n; i++) {
			if (ready[i].data.fd == termfd)
				stopping = true;
			else
				connection = true;
		}
		if (stopping || !connection || FCGX_Accept_r(&fcgx) < 0)
			continue;       /* stopping, or another worker took the connection */
		serve(&fcgx, &db, have_replica ? &replica : NULL, cfg);
		close_connection(&fcgx);
	}
	FCGX_Free(&fcgx, 1);
	close(epfd);
	close(termfd);
	db_close(&db);
	db_close(&replica);
	log_event("info", "worker_stopped", NULL);
	_exit(0);
}
