/*
 * jobs.c -- `safegridctl jobs`: the scheduled work beside safegridd.
 *
 * Each pass (every SAFEGRID_JOBS_INTERVAL seconds, or once with --once):
 *
 *  1. the time-driven reminders, app.make_reminders() (0021): each made
 *     once, keyed by user, kind, subject and day, so any number of jobs
 *     processes may run at once;
 *  2. the outbox: an activation code's SMS whose code expired unsent is
 *     withdrawn, which wipes the code from its row; each row not yet
 *     delivered -- a notification, or an activation code's SMS with its
 *     code (app.outbox_message, 0028) -- is POSTed as JSON to
 *     SAFEGRID_NOTIFY_WEBHOOK with its delivery id (in the body and in the
 *     Idempotency-Key and X-Delivery-Id headers).  A 2xx marks it
 *     delivered; anything else counts an attempt and puts the next one off,
 *     SAFEGRID_NOTIFY_RETRY seconds doubled at each failure (at most an
 *     hour).  Rows are taken FOR UPDATE SKIP LOCKED, so two processes never
 *     send the same row at once, and marked in the same transaction: a row
 *     is sent again only if the process died between the gateway's answer
 *     and the commit, with the same delivery id, which the gateway uses to
 *     drop the repeat.  Nothing is lost: a row leaves the outbox's queue
 *     only when a 2xx said it arrived.  Marking an SMS delivered wipes its
 *     code from the row; no payload is ever logged, only counts and the
 *     transport's error.
 *
 * After each pass that reached the database and finished, the file that
 * SAFEGRID_JOBS_HEARTBEAT names (if any) is written anew with the time: the
 * jobs container's health check reads its age (docker-compose.yml).
 *
 * SIGTERM or SIGINT: the pass in hand finishes, then the process exits 0.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "base/log.h"
#include "ctl/ctl.h"
#include "db/db.h"

/* Outbox rows taken in one transaction. */
#define JOBS_BATCH "20"

DB_STMT(stmt_reminders, "select app.make_reminders()");

DB_STMT(stmt_sms_expire, "select app.activation_sms_expire()");

/* What is due, as the gateway receives it (app.outbox_message: an activation code's SMS with its code). */
DB_STMT(stmt_due,
	"select o.id, o.delivery_id, app.outbox_message(o), o.attempts"
	"  from notification_outbox o"
	" where o.delivered_at is null and o.withdrawn is null and o.next_attempt_at <= now()"
	"   and (o.expires_at is null or o.expires_at > now())"
	" order by o.next_attempt_at, o.id limit " JOBS_BATCH
	"   for update skip locked");

DB_STMT(stmt_delivered,
	"update notification_outbox set delivered_at = now(), attempts = attempts + 1, last_error = null"
	" where id = $1::bigint");

/* The next attempt after $2 (seconds) doubled once per earlier failure, at most an hour. */
DB_STMT(stmt_failed,
	"update notification_outbox"
	"   set attempts = attempts + 1, last_error = left($3, 500),"
	"       next_attempt_at = now() + make_interval(secs => least(3600, $2::float8 * power(2, least(attempts, 20))))"
	" where id = $1::bigint");

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

struct jobs_config {
	int interval;          /* seconds between passes */
	int retry;             /* seconds before the first retry */
	int timeout;           /* seconds for one delivery */
	const char *webhook;   /* NULL: nothing is delivered, the outbox keeps it */
	const char *heartbeat; /* NULL: no file to write after a pass */
};

/* A whole number from the environment, or the default; -1 if it is not one in [min, max]. */
static int env_int(const char *name, int fallback, int min, int max)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return fallback;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || n < min || n > max) {
		fprintf(stderr, "safegridctl jobs: %s must be a whole number from %d to %d\n", name, min, max);
		return -1;
	}
	return (int)n;
}

static void log_count(const char *event, long n)
{
	json_object *line = json_object_new_object();

	json_object_object_add(line, "level", json_object_new_string("info"));
	json_object_object_add(line, "event", json_object_new_string(event));
	json_object_object_add(line, "count", json_object_new_int64(n));
	log_object(line);   /* which frees it */
}

static size_t discard(char *data, size_t size, size_t n, void *arg)
{
	(void)data;
	(void)arg;
	return size * n;
}

/* POST body to the webhook; 0 when it answered 2xx, else -1 with why in error. */
static int deliver(CURL *curl, const struct jobs_config *cfg, const char *delivery_id, const char *body,
                   char *error, size_t error_len)
{
	struct curl_slist *headers = NULL;
	char line[128];
	long status = 0;
	CURLcode rc;

	headers = curl_slist_append(headers, "Content-Type: application/json; charset=utf-8");
	snprintf(line, sizeof(line), "Idempotency-Key: %s", delivery_id);
	headers = curl_slist_append(headers, line);
	snprintf(line, sizeof(line), "X-Delivery-Id: %s", delivery_id);
	headers = curl_slist_append(headers, line);
	curl_easy_reset(curl);
	curl_easy_setopt(curl, CURLOPT_URL, cfg->webhook);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)cfg->timeout);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)(cfg->timeout < 5 ? cfg->timeout : 5));
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
	rc = curl_easy_perform(curl);
	curl_slist_free_all(headers);
	if (rc != CURLE_OK) {
		snprintf(error, error_len, "%s", curl_easy_strerror(rc));
		return -1;
	}
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	if (status < 200 || status > 299) {
		snprintf(error, error_len, "HTTP %ld", status);
		return -1;
	}
	return 0;
}

/*
 * One transaction of the outbox: up to a batch of due rows, each sent and
 * marked.  The number of rows taken, or -1 on a database error.
 */
static int deliver_batch(struct db *db, CURL *curl, const struct jobs_config *cfg, long *sent, long *failed)
{
	PGresult *res = NULL;
	char retry[16], error[256];
	int n = -1;

	snprintf(retry, sizeof(retry), "%d", cfg->retry);
	if (db_exec_script(db, "begin") != ERR_NONE)
		return -1;
	if (db_query(db, &stmt_due, &res, 0, NULL) != ERR_NONE)
		goto out;
	for (int i = 0; i < PQntuples(res); i++) {
		const char *id = PQgetvalue(res, i, 0);

		if (deliver(curl, cfg, PQgetvalue(res, i, 1), PQgetvalue(res, i, 2), error, sizeof(error)) == 0) {
			const char *params[1] = {id};
			if (db_query(db, &stmt_delivered, NULL, 1, params) != ERR_NONE)
				goto out;
			(*sent)++;
		} else {
			const char *params[3] = {id, retry, error};
			if (db_query(db, &stmt_failed, NULL, 3, params) != ERR_NONE)
				goto out;
			(*failed)++;
		}
	}
	if (db_exec_script(db, "commit") != ERR_NONE)
		goto out;
	n = PQntuples(res);
out:
	if (n < 0) {
		log_event("error", "jobs_outbox", db->message);
		db_exec_script(db, "rollback");
	}
	PQclear(res);
	return n;
}

/*
 * One pass: the reminders, the activation codes whose SMS expired unsent
 * (withdrawn, their codes wiped), then the outbox until nothing is due.
 * 0, or -1 on a database error.
 */
static int jobs_pass(struct db *db, CURL *curl, const struct jobs_config *cfg)
{
	PGresult *res;
	long sent = 0, failed = 0;
	int n = 0;

	if (db_query(db, &stmt_reminders, &res, 0, NULL) != ERR_NONE) {
		log_event("error", "jobs_reminders", db->message);
		return -1;
	}
	log_count("reminders_made", atol(PQgetvalue(res, 0, 0)));
	PQclear(res);
	if (db_query(db, &stmt_sms_expire, &res, 0, NULL) != ERR_NONE) {
		log_event("error", "jobs_outbox", db->message);
		return -1;
	}
	if (atol(PQgetvalue(res, 0, 0)) > 0)
		log_count("activation_sms_expired", atol(PQgetvalue(res, 0, 0)));
	PQclear(res);
	if (cfg->webhook == NULL)
		return 0;
	/* A failed row is put off into the future, so each batch takes new rows until none is due. */
	while (!stopping && (n = deliver_batch(db, curl, cfg, &sent, &failed)) > 0)
		;
	if (sent || failed) {
		log_count("notifications_delivered", sent);
		if (failed)
			log_count("notification_deliveries_failed", failed);
	}
	return n < 0 ? -1 : 0;
}

/* A pass has finished: the heartbeat file says when (written whole, then renamed over the old one). */
static void heartbeat(const char *path)
{
	char tmp[4096];
	FILE *f;

	if (path == NULL)
		return;
	if (snprintf(tmp, sizeof(tmp), "%s.new", path) >= (int)sizeof(tmp)) {
		log_event("error", "jobs_heartbeat", "SAFEGRID_JOBS_HEARTBEAT is too long a path");
		return;
	}
	if ((f = fopen(tmp, "w")) == NULL) {
		log_event("error", "jobs_heartbeat", strerror(errno));
		return;
	}
	fprintf(f, "%lld\n", (long long)time(NULL));
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		log_event("error", "jobs_heartbeat", strerror(errno));
}

/* Sleep for seconds, waking early to stop. */
static void wait_for(int seconds)
{
	for (int i = 0; i < seconds * 10 && !stopping; i++) {
		struct timespec tenth = {0, 100000000};
		nanosleep(&tenth, NULL);
	}
}

int ctl_jobs(int argc, char **argv)
{
	bool once = argc > 1 && strcmp(argv[1], "--once") == 0;
	struct jobs_config cfg = {
		.interval = env_int("SAFEGRID_JOBS_INTERVAL", 60, 1, 86400),
		.retry = env_int("SAFEGRID_NOTIFY_RETRY", 30, 0, 3600),
		.timeout = env_int("SAFEGRID_NOTIFY_TIMEOUT", 10, 1, 300),
		.webhook = getenv("SAFEGRID_NOTIFY_WEBHOOK"),
		.heartbeat = getenv("SAFEGRID_JOBS_HEARTBEAT"),
	};
	struct sigaction sa = {.sa_handler = on_stop};
	struct db db;
	CURL *curl;
	int failed = 0;

	if (argc > 2 || (argc == 2 && !once)) {
		fprintf(stderr, "usage: safegridctl jobs [--once]\n");
		return 2;
	}
	if (cfg.interval < 0 || cfg.retry < 0 || cfg.timeout < 0)
		return 2;
	if (cfg.webhook && *cfg.webhook == '\0')
		cfg.webhook = NULL;
	if (cfg.heartbeat && *cfg.heartbeat == '\0')
		cfg.heartbeat = NULL;
	if (cfg.webhook && strncmp(cfg.webhook, "http://", 7) != 0 && strncmp(cfg.webhook, "https://", 8) != 0) {
		fprintf(stderr, "safegridctl jobs: SAFEGRID_NOTIFY_WEBHOOK must be an http:// or https:// URL\n");
		return 2;
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || (curl = curl_easy_init()) == NULL) {
		fprintf(stderr, "safegridctl jobs: libcurl failed to start\n");
		return 1;
	}
	db_init(&db, ctl_owner_url(), 600000);
	log_event("info", "jobs_started", cfg.webhook ? "delivering the outbox" : "no SAFEGRID_NOTIFY_WEBHOOK: the outbox is kept");
	do {
		failed = jobs_pass(&db, curl, &cfg) != 0;
		if (!failed)
			heartbeat(cfg.heartbeat);
		else if (PQstatus(db.conn) != CONNECTION_OK)
			db_close(&db);   /* connect afresh at the next pass */
		if (!once)
			wait_for(cfg.interval);
	} while (!once && !stopping);
	log_event("info", "jobs_stopped", NULL);
	db_close(&db);
	curl_easy_cleanup(curl);
	curl_global_cleanup();
	return once && failed ? 1 : 0;
}
