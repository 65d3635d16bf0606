/*
 * health.c -- liveness of the service and of its database, and its metrics.
 */
#include "db/db.h"
#include "api/handlers.h"
#include "server/http.h"
#include "server/metrics.h"

#ifndef SAFEGRID_VERSION
#define SAFEGRID_VERSION "dev"
#endif

DB_STMT(stmt_health, "select 1");

/*
 * GET /api/v1/health -- 200 {"status":"ok","database":"ok","version"} or,
 * without the database, 503 {"status":"degraded","database":"unavailable"}
 * with Retry-After.
 */
enum err health_get(struct request *req)
{
	enum err e = db_query(req->db, &stmt_health, NULL, 0, NULL);
	bool up = e == ERR_NONE;

	req->reply = json_object_new_object();
	json_object_object_add(req->reply, "status", json_object_new_string(up ? "ok" : "degraded"));
	json_object_object_add(req->reply, "database", json_object_new_string(up ? "ok" : "unavailable"));
	json_object_object_add(req->reply, "version", json_object_new_string(SAFEGRID_VERSION));
	if (!up) {
		req->status = 503;
		request_header(req, "Retry-After", "1");
	}
	return ERR_NONE;
}

/* GET /api/v1/ping -- 200 {"pong":true}; touches nothing, for measuring the transport. */
enum err ping_get(struct request *req)
{
	static const char pong[] = "{\"pong\":true}";

	req->reply_bytes = pong;
	req->reply_len = sizeof(pong) - 1;
	req->reply_type = "application/json; charset=utf-8";
	return ERR_NONE;
}

/*
 * GET /metrics -- 200, the counters of every worker in Prometheus's text
 * format (metrics.h); 503 when they could not be mapped at start.  Touches
 * no database.  nginx lets only the internal network reach it.
 */
enum err metrics_get(struct request *req)
{
	size_t len;
	char *text = metrics_render(&len);

	if (text == NULL)
		return ERR_UNAVAILABLE;
	request_reply_bytes(req, text, len, "text/plain; version=0.0.4; charset=utf-8");
	return ERR_NONE;
}
