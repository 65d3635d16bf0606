/*
 * db.c -- libpq: lazy connection, prepared statements, request transactions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "base/log.h"

/* Slots are handed out per process; every connection of the process shares them. */
static int slots_used;

/*
 * Statements assembled at run time (sqlbuf.h), by their text: each distinct
 * text gets a statement of its own, prepared like a DB_STMT, so that its plan
 * is cached.  The texts are combinations of the program's own fragments, so
 * there are few; past DB_SHAPES_MAX the rest run unprepared.
 */
#define DB_SHAPES_MAX 512
static struct db_stmt *shapes[DB_SHAPES_MAX * 2];   /* open addressing, half full at most */
static int shapes_used;

/*
 * Run before a generic statement (db.h), inside the request's transaction:
 * its plan then no longer depends on how PostgreSQL's estimates of the
 * custom plans it made for the first calls compare with the generic one,
 * which changes with the data (a list of 20 planned anew at every call
 * costs three times as much).  And no parallel plan: a generic plan takes a
 * LIMIT whose value is a parameter for a tenth of the rows, and for a page
 * of a county's list that guess made it start two parallel workers for
 * twenty rows.  Local: it ends with the transaction, an implicit one too
 * (pipeline_once), where SET LOCAL would warn.  Prepared once per
 * connection like any other statement: parsed and planned at every call,
 * it cost a tenth of a list's time in PostgreSQL.
 */
DB_STMT(stmt_plan_generic, "select set_config('plan_cache_mode', 'force_generic_plan', true),"
                           " set_config('max_parallel_workers_per_gather', '0', true)");

/* The most steps a pipeline is given (db_begin_later's first statement and the one after it). */
#define PIPELINE_STEPS_MAX 2

/* A statement of a pipeline: what to run and where its result goes. */
struct step {
	struct db_stmt *stmt;
	int n;
	const char *const *params;
	const int *lengths;
	const int *formats;
	int result_format;
	PGresult **out;
	bool preparing;
};

static enum err begin_deferred(struct db *db, struct step *after, bool commit);
static enum err pipeline_steps(struct db *db, struct step *steps, int count, bool begin, bool commit);

/* Do not retry a failed connect sooner than this: answer 503 at once instead. */
#define RECONNECT_BACKOFF_MS 100

void db_init(struct db *db, const char *url, int statement_timeout_ms)
{
	memset(db, 0, sizeof(*db));
	db->url = url;
	db->statement_timeout_ms = statement_timeout_ms;
}

static void db_forget(struct db *db)
{
	if (db->conn)
		PQfinish(db->conn);
	db->conn = NULL;
	db->in_transaction = false;
	db->commit_pending = false;
	PQclear(db->first_result);
	db->first_result = NULL;
	if (db->prepared)
		memset(db->prepared, 0, sizeof(bool) * (size_t)db->prepared_len);
}

void db_close(struct db *db)
{
	db_settle(db);
	db_forget(db);
	free(db->prepared);
	db->prepared = NULL;
	db->prepared_len = 0;
}

static long ms_since(const struct timespec *then)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - then->tv_sec) * 1000 + (now.tv_nsec - then->tv_nsec) / 1000000;
}

static void set_error(struct db *db, const char *sqlstate, const char *message, const char *column)
{
	db->constraint[0] = db->table[0] = '\0';
	snprintf(db->sqlstate, sizeof(db->sqlstate), "%s", sqlstate ? sqlstate : "");
	snprintf(db->message, sizeof(db->message), "%s", message ? message : "");
	snprintf(db->column, sizeof(db->column), "%s", column ? column : "");
	/* Trim libpq's trailing newline. */
	for (size_t n = strlen(db->message); n > 0 && db->message[n - 1] == '\n'; n--)
		db->message[n - 1] = '\0';
}

/* Server notices become log lines instead of bare text on stderr. */
static void notice(void *arg, const char *message)
{
	char text[256];
	size_t n;

	(void)arg;
	snprintf(text, sizeof(text), "%s", message);
	n = strlen(text);
	while (n > 0 && text[n - 1] == '\n')
		text[--n] = '\0';
	/* The server's farewell (a crash, a shutdown) arrives this way: an error, not a notice. */
	if (strncmp(text, "FATAL", 5) == 0 || strncmp(text, "PANIC", 5) == 0)
		log_event("error", "database_fatal", text);
	else
		log_event("notice", "database_notice", text);
}

enum err db_connect(struct db *db)
{
	char options[256];
	const char *keys[] = {"dbname", "connect_timeout", "application_name", "options", NULL};
	const char *values[5];

	db_settle(db);
	if (db->conn && PQstatus(db->conn) == CONNECTION_OK)
		return ERR_NONE;
	if (db->conn)
		db_forget(db);
	if ((db->failed_at.tv_sec || db->failed_at.tv_nsec) &&
	    ms_since(&db->failed_at) < RECONNECT_BACKOFF_MS) {
		set_error(db, "08006", "the database was unreachable a moment ago", NULL);
		return ERR_UNAVAILABLE;
	}
	snprintf(options, sizeof(options),
	         "-c statement_timeout=%d -c idle_in_transaction_session_timeout=%d"
	         " -c TimeZone=Asia/Shanghai -c client_min_messages=warning",
	         db->statement_timeout_ms, db->statement_timeout_ms * 2);
	values[0] = db->url;
	values[1] = "2";
	values[2] = "safegridd";
	values[3] = options;
	values[4] = NULL;
	if (db->pooled)
		keys[3] = NULL;
	db->conn = PQconnectdbParams(keys, values, 1);
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK) {
		set_error(db, "08006", db->conn ? PQerrorMessage(db->conn) : "out of memory", NULL);
		log_event("warn", "database_unreachable", db->message);
		db_forget(db);
		clock_gettime(CLOCK_MONOTONIC, &db->failed_at);
		return ERR_UNAVAILABLE;
	}
	db->failed_at.tv_sec = db->failed_at.tv_nsec = 0;
	PQsetNoticeProcessor(db->conn, notice, NULL);
	return ERR_NONE;
}

/* Give stmt a slot and make sure this connection's table has room for it. */
static int stmt_slot(struct db *db, struct db_stmt *stmt)
{
	if (stmt->slot < 0)
		stmt->slot = slots_used++;
	if (stmt->slot >= db->prepared_len) {
		int len = db->prepared_len ? db->prepared_len * 2 : 64;
		bool *grown;

		while (len <= stmt->slot)
			len *= 2;
		grown = realloc(db->prepared, sizeof(bool) * (size_t)len);
		if (grown == NULL)
			return -1;
		memset(grown + db->prepared_len, 0, sizeof(bool) * (size_t)(len - db->prepared_len));
		db->prepared = grown;
		db->prepared_len = len;
	}
	return 0;
}

static void stmt_name(const struct db_stmt *stmt, char *buf, size_t len)
{
	snprintf(buf, len, "s%d", stmt->slot);
}

/* Map a failed result (or a NULL one) to an error, forgetting a dead connection. */
/*
 * Why a statement failed, in words: the server's message, or libpq's (a
 * connection lost mid-statement has no server message), or, failing both,
 * a sentence of ours -- a failure is never logged without a reason.
 */
static const char *result_message(struct db *db, PGresult *res)
{
	const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	if ((m == NULL || m[0] == '\0') && res)
		m = PQresultErrorMessage(res);
	if ((m == NULL || m[0] == '\0') && db->conn)
		m = PQerrorMessage(db->conn);
	if (m == NULL || m[0] == '\0')
		m = db->conn && PQstatus(db->conn) == CONNECTION_OK
		  ? "the database refused the statement without saying why"
		  : "the connection to the database was lost";
	return m;
}

static enum err result_error(struct db *db, PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	enum err e;

	set_error(db, state, result_message(db, res),
	          res ? PQresultErrorField(res, PG_DIAG_COLUMN_NAME) : NULL);
	if (res) {
		const char *constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
		const char *table = PQresultErrorField(res, PG_DIAG_TABLE_NAME);
		snprintf(db->constraint, sizeof(db->constraint), "%s", constraint ? constraint : "");
		snprintf(db->table, sizeof(db->table), "%s", table ? table : "");
	}
	if (res && PQresultStatus(res) == PGRES_PIPELINE_ABORTED)
		set_error(db, "", "an earlier statement of the pipeline failed", NULL);
	e = error_from_sqlstate(state);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		db_forget(db);
		e = ERR_UNAVAILABLE;
	}
	if (e == ERR_INTERNAL || e == ERR_UNAVAILABLE)
		log_event("error", "database_error", db->message);
	return e;
}

static bool result_ok(PGresult *res)
{
	ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	return s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK;
}

enum err db_query(struct db *db, struct db_stmt *stmt, PGresult **out,
                  int n, const char *const *params)
{
	return db_query_ex(db, stmt, out, n, params, NULL, NULL, 0);
}

enum err db_query_ex(struct db *db, struct db_stmt *stmt, PGresult **out,
                     int n, const char *const *params, const int *lengths, const int *formats,
                     int result_format)
{
	/*
	 * Outside a transaction a connection found dead (the database restarted
	 * since its last use) is replaced and the statement tried once more:
	 * nothing of it can have happened.
	 */
	bool may_retry = !db->in_transaction;
	char name[16];
	PGresult *res;
	enum err e;

	bool final = db->final && db->read;
	struct step step = {.stmt = stmt, .n = n, .params = params, .lengths = lengths,
	                    .formats = formats, .result_format = result_format, .out = out};

	db->final = false;
	if (out)
		*out = NULL;
	if (db->finished) {
		/* The request's transaction has ended: a statement now would run without the caller's settings. */
		log_event("error", "statement_after_final", stmt->sql);
		return ERR_INTERNAL;
	}
	if (db->deferred)
		return begin_deferred(db, &step, final);
	if (final && db->in_transaction)
		return pipeline_steps(db, &step, 1, false, true);
again:
	if ((e = db_connect(db)) != ERR_NONE)
		return e;
	if (stmt_slot(db, stmt) != 0)
		return ERR_INTERNAL;
	stmt_name(stmt, name, sizeof(name));
	res = NULL;
	if (db->pooled) {
		res = PQexecParams(db->conn, stmt->sql, n, NULL, params, lengths, formats, result_format);
	} else if (!db->prepared[stmt->slot]) {
		res = PQprepare(db->conn, name, stmt->sql, 0, NULL);
		if (result_ok(res)) {
			db->prepared[stmt->slot] = true;
			PQclear(res);
			res = NULL;
		}
	}
	if (res == NULL && stmt->generic && db->in_transaction &&
	    (e = db_query_ex(db, &stmt_plan_generic, NULL, 0, NULL, NULL, NULL, 0)) != ERR_NONE)
		return e;
	if (res == NULL)
		res = PQexecPrepared(db->conn, name, n, params, lengths, formats, result_format);
	if (!result_ok(res)) {
		bool lost = PQstatus(db->conn) != CONNECTION_OK;

		e = result_error(db, res);
		PQclear(res);
		if (lost && may_retry) {
			may_retry = false;
			goto again;
		}
		return e;
	}
	if (out)
		*out = res;
	else
		PQclear(res);
	return ERR_NONE;
}

static unsigned long text_hash(const char *text)
{
	unsigned long h = 1469598103934665603UL;   /* FNV-1a */

	for (const unsigned char *c = (const unsigned char *)text; *c; c++)
		h = (h ^ *c) * 1099511628211UL;
	return h;
}

/* The statement for text, made on first sight; NULL once the table is full. */
static struct db_stmt *shape_stmt(const char *text)
{
	size_t size = sizeof(shapes) / sizeof(shapes[0]);
	size_t i = text_hash(text) % size;
	struct db_stmt *stmt;

	for (; shapes[i]; i = (i + 1) % size)
		if (strcmp(shapes[i]->sql, text) == 0)
			return shapes[i];
	if (shapes_used >= DB_SHAPES_MAX)
		return NULL;
	if ((stmt = malloc(sizeof(*stmt))) == NULL || (stmt->sql = strdup(text)) == NULL) {
		free(stmt);
		return NULL;
	}
	stmt->slot = -1;
	stmt->generic = true;
	shapes[i] = stmt;
	if (++shapes_used == DB_SHAPES_MAX)
		log_event("warn", "statement_shapes_full", "further assembled statements run unprepared");
	return stmt;
}

enum err db_query_text(struct db *db, const char *text, PGresult **out,
                       int n, const char *const *params)
{
	struct db_stmt *stmt = shape_stmt(text);
	PGresult *res;
	enum err e;

	if (stmt)
		return db_query(db, stmt, out, n, params);
	/* Unprepared: without the pipelines; a read then commits after its handler. */
	db->final = false;
	if (out)
		*out = NULL;
	if (db->finished)
		return ERR_INTERNAL;
	if ((e = db_begin_now(db)) != ERR_NONE || (e = db_connect(db)) != ERR_NONE)
		return e;
	res = PQexecParams(db->conn, text, n, NULL, params, NULL, NULL, 0);
	if (!result_ok(res)) {
		e = result_error(db, res);
		PQclear(res);
		return e;
	}
	if (out)
		*out = res;
	else
		PQclear(res);
	return ERR_NONE;
}

/* Read one statement's results up to its NULL; keep the result in *out if wanted. */
static enum err pipeline_result(struct db *db, enum err e, PGresult **out)
{
	PGresult *res = PQgetResult(db->conn);

	if (!result_ok(res)) {
		if (e == ERR_NONE)
			e = result_error(db, res);
		PQclear(res);
		if (db->conn == NULL)
			return e;
	} else if (out && e == ERR_NONE) {
		*out = res;
	} else {
		PQclear(res);
	}
	while ((res = PQgetResult(db->conn)) != NULL)
		PQclear(res);  /* the NULL that ends each statement's results */
	return e;
}

/*
 * One attempt at the steps in one pipeline -- one round trip -- after a
 * BEGIN if begin, followed by COMMIT if commit.  The results arrive in the
 * order sent: the PREPAREs needed, BEGIN, each step, COMMIT, then the sync.
 * A step's failure aborts the rest (the transaction stays open, failed, for
 * the caller to roll back); the first error is the answer.
 *
 * A pipeline that both begins and commits is the whole transaction, and
 * goes without BEGIN and COMMIT: PostgreSQL runs the statements up to the
 * sync as one implicit transaction (the extended protocol commits it at the
 * sync, or rolls it back there after a failure), so the settings the
 * session check makes hold for the steps after it, as in a block.  Two
 * statements fewer for the server to parse and run in every such read.
 */
static enum err pipeline_once(struct db *db, struct step *given, int given_count, bool begin, bool commit)
{
	struct step steps[2 * PIPELINE_STEPS_MAX];
	int count = 0;
	char name[16];
	enum err e = ERR_NONE;
	PGresult *res;
	bool whole = begin && commit;

	if (given_count > PIPELINE_STEPS_MAX)
		return ERR_INTERNAL;
	for (int i = 0; i < given_count; i++) {
		if (given[i].stmt->generic)
			steps[count++] = (struct step){.stmt = &stmt_plan_generic};
		steps[count++] = given[i];
	}
	if (whole)
		begin = commit = false;
	if ((e = db_connect(db)) != ERR_NONE)
		return e;
	for (int i = 0; i < count; i++) {
		if (stmt_slot(db, steps[i].stmt) != 0)
			return ERR_INTERNAL;
		steps[i].preparing = !db->pooled && !db->prepared[steps[i].stmt->slot];
		for (int j = 0; j < i; j++)     /* the same statement twice: prepared once */
			if (steps[j].stmt == steps[i].stmt)
				steps[i].preparing = false;
	}
	if (PQenterPipelineMode(db->conn) != 1)
		return result_error(db, NULL);
	for (int i = 0; i < count && e == ERR_NONE; i++) {
		stmt_name(steps[i].stmt, name, sizeof(name));
		if (steps[i].preparing && PQsendPrepare(db->conn, name, steps[i].stmt->sql, 0, NULL) != 1)
			e = result_error(db, NULL);
	}
	if (e == ERR_NONE && begin && PQsendQueryParams(db->conn, "begin", 0, NULL, NULL, NULL, NULL, 0) != 1)
		e = result_error(db, NULL);
	for (int i = 0; i < count && e == ERR_NONE; i++) {
		stmt_name(steps[i].stmt, name, sizeof(name));
		if ((db->pooled ? PQsendQueryParams(db->conn, steps[i].stmt->sql, steps[i].n, NULL,
		                                    steps[i].params, steps[i].lengths, steps[i].formats,
		                                    steps[i].result_format)
		                : PQsendQueryPrepared(db->conn, name, steps[i].n, steps[i].params,
		                                      steps[i].lengths, steps[i].formats,
		                                      steps[i].result_format)) != 1)
			e = result_error(db, NULL);
	}
	if (e == ERR_NONE && commit && PQsendQueryParams(db->conn, "commit", 0, NULL, NULL, NULL, NULL, 0) != 1)
		e = result_error(db, NULL);
	if (e == ERR_NONE && PQpipelineSync(db->conn) != 1)
		e = result_error(db, NULL);
	if (e != ERR_NONE)
		goto out;
	for (int i = 0; i < count && db->conn; i++) {
		if (!steps[i].preparing)
			continue;
		e = pipeline_result(db, e, NULL);
		if (e == ERR_NONE)
			db->prepared[steps[i].stmt->slot] = true;
	}
	if (db->conn && begin)
		e = pipeline_result(db, e, NULL);       /* BEGIN */
	if (db->conn && begin)
		db->in_transaction = true;
	for (int i = 0; i < count && db->conn; i++)
		e = pipeline_result(db, e, steps[i].out);
	if (db->conn && commit) {
		e = pipeline_result(db, e, NULL);       /* COMMIT */
		if (e == ERR_NONE) {
			db->in_transaction = false;
			db->finished = true;
		}
	}
	if (db->conn == NULL)
		goto out;
	res = PQgetResult(db->conn);
	if (res == NULL || PQresultStatus(res) != PGRES_PIPELINE_SYNC) {
		if (e == ERR_NONE)
			e = result_error(db, res);
	} else if (whole) {
		db->finished = true;    /* committed at the sync, or rolled back there */
	}
	PQclear(res);
out:
	if (db->conn && PQexitPipelineMode(db->conn) != 1) {
		if (e == ERR_NONE)
			e = result_error(db, NULL);
		db_forget(db);
	}
	return e;
}

/*
 * The steps in one pipeline (see pipeline_once).  One that begins the
 * transaction is retried once on a fresh connection when the old one turns
 * out to have died while idle (the database restarted): nothing of it can
 * have happened.  On failure every step's result is cleared; the
 * transaction, if it began, is left for the caller to roll back.
 */
static enum err pipeline_steps(struct db *db, struct step *steps, int count, bool begin, bool commit)
{
	bool had_connection = db->conn != NULL;
	enum err e;

	for (int attempt = 0;; attempt++) {
		for (int i = 0; i < count; i++)
			if (steps[i].out)
				*steps[i].out = NULL;
		e = pipeline_once(db, steps, count, begin, commit);
		/*
		 * A connection the server is closing (shutdown, crash: its FATAL
		 * message read before libpq has seen the end of the socket) is
		 * not kept, and the attempt is made again on a new one.
		 */
		if (e != ERR_NONE && db->conn &&
		    (strncmp(db->sqlstate, "08", 2) == 0 || strncmp(db->sqlstate, "57P0", 4) == 0))
			db_forget(db);
		if (e == ERR_NONE || attempt > 0 || !begin ||
		    !(e == ERR_UNAVAILABLE && had_connection && db->conn == NULL))
			break;
	}
	if (e != ERR_NONE)
		for (int i = 0; i < count; i++)
			if (steps[i].out) {
				PQclear(*steps[i].out);
				*steps[i].out = NULL;
			}
	return e;
}

enum err db_begin(struct db *db, struct db_stmt *first, PGresult **out,
                  int n, const char *const *params)
{
	struct step step = {.stmt = first, .n = n, .params = params, .out = out};
	enum err e = pipeline_steps(db, &step, 1, true, false);

	if (e != ERR_NONE)
		db_rollback(db);
	return e;
}

enum err db_begin_later(struct db *db, struct db_stmt *first, int n, const char *const *params)
{
	size_t used = 0;

	if (n > DB_DEFERRED_PARAMS)
		return ERR_INTERNAL;
	for (int i = 0; i < n; i++) {
		size_t len;

		if (params[i] == NULL) {
			db->deferred_params[i] = NULL;
			continue;
		}
		len = strlen(params[i]) + 1;
		if (used + len > sizeof(db->deferred_buf))
			return ERR_INTERNAL;
		memcpy(db->deferred_buf + used, params[i], len);
		db->deferred_params[i] = db->deferred_buf + used;
		used += len;
	}
	db->deferred = first;
	db->deferred_n = n;
	PQclear(db->first_result);
	db->first_result = NULL;
	return ERR_NONE;
}

/* The deferred BEGIN and first statement, with a step after them when given (and COMMIT). */
static enum err begin_deferred(struct db *db, struct step *after, bool commit)
{
	struct step steps[2] = {{.stmt = db->deferred, .n = db->deferred_n,
	                         .params = (const char *const *)db->deferred_params,
	                         .out = &db->first_result}};
	enum err e;

	if (after)
		steps[1] = *after;
	db->deferred = NULL;
	e = pipeline_steps(db, steps, after ? 2 : 1, true, commit);
	/* The first statement's failure is the answer; a later one's leaves it for the caller. */
	if (e != ERR_NONE && db->first_result == NULL)
		db_rollback(db);
	return e;
}

enum err db_begin_now(struct db *db)
{
	return db->deferred ? begin_deferred(db, NULL, false) : ERR_NONE;
}

void db_begin_cancel(struct db *db)
{
	db->deferred = NULL;
	PQclear(db->first_result);
	db->first_result = NULL;
}

PGresult *db_first_result(struct db *db)
{
	PGresult *res = db->first_result;

	db->first_result = NULL;
	return res;
}

enum err db_commit(struct db *db)
{
	PGresult *res;
	enum err e = ERR_NONE;

	if (db->conn == NULL)
		return ERR_UNAVAILABLE;
	res = PQexec(db->conn, "commit");
	if (!result_ok(res))
		e = result_error(db, res);
	PQclear(res);
	if (db->conn)
		db->in_transaction = false;
	return e;
}

void db_request_start(struct db *db, bool read)
{
	db->read = read;
	db->final = false;
	db->finished = false;
	db->sqlstate[0] = db->message[0] = db->column[0] = '\0';
	db->constraint[0] = db->table[0] = '\0';
}

void db_final(struct db *db)
{
	db->final = true;
}

void db_commit_later(struct db *db)
{
	if (db->conn == NULL || !db->in_transaction)
		return;
	if (PQsendQuery(db->conn, "commit") != 1) {
		db_rollback(db);
		return;
	}
	db->in_transaction = false;
	db->commit_pending = true;
}

void db_settle(struct db *db)
{
	PGresult *res;

	if (!db->commit_pending)
		return;
	db->commit_pending = false;
	while (db->conn && (res = PQgetResult(db->conn)) != NULL) {
		/* Logged only: the read it ended was answered, and this request's errors are its own. */
		if (!result_ok(res))
			log_event("warn", "read_commit_failed", PQresultErrorMessage(res));
		PQclear(res);
	}
	if (db->conn && PQstatus(db->conn) != CONNECTION_OK)
		db_forget(db);
}

void db_rollback(struct db *db)
{
	db->deferred = NULL;
	if (db->conn == NULL || !db->in_transaction)
		return;
	PQclear(PQexec(db->conn, "rollback"));
	db->in_transaction = false;
	if (PQstatus(db->conn) != CONNECTION_OK)
		db_forget(db);
}

enum err db_exec_script(struct db *db, const char *sql)
{
	PGresult *res;
	enum err e = ERR_NONE;

	if ((e = db_connect(db)) != ERR_NONE)
		return e;
	res = PQexec(db->conn, sql);
	if (!result_ok(res))
		e = result_error(db, res);
	PQclear(res);
	return e;
}

void db_error_field(const struct db *db, char *out, size_t outlen)
{
	static const char *const suffixes[] = {"_check", "_key", "_fkey", "_excl"};
	const char *name = db->constraint;
	size_t tlen = strlen(db->table), len;

	out[0] = '\0';
	if (db->column[0]) {
		snprintf(out, outlen, "%s", db->column);
		return;
	}
	if (name[0] == '\0')
		return;
	if (tlen > 0 && strncmp(name, db->table, tlen) == 0 && name[tlen] == '_')
		name += tlen + 1;
	len = strlen(name);
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t slen = strlen(suffixes[i]);
		if (len > slen && strcmp(name + len - slen, suffixes[i]) == 0) {
			len -= slen;
			break;
		}
	}
	/*
	 * A key scoped by its parent, unique (township_id, x) or (campaign_id, x),
	 * is named township_id_x: the field is x.
	 */
	{
		const char *scope = strstr(name, "_id_");
		if (scope && scope + 4 < name + len) {
			len -= (size_t)(scope + 4 - name);
			name = scope + 4;
		}
	}
	snprintf(out, outlen, "%.*s", (int)len, name);
}

bool db_error_is_ours(const struct db *db)
{
	return db->sqlstate[0] == 'S' && db->sqlstate[1] == 'G';
}

/*
 * The bounds of the section DB_STMT fills, provided by the linker; weak, so
 * that a program without a single statement still links.
 */
extern const struct db_stmt_site __start_safegrid_db_stmts[] __attribute__((weak));
extern const struct db_stmt_site __stop_safegrid_db_stmts[] __attribute__((weak));

const struct db_stmt_site *db_stmt_sites(size_t *n)
{
	if (__start_safegrid_db_stmts == NULL || __stop_safegrid_db_stmts == NULL) {
		*n = 0;
		return NULL;
	}
	/*
	 * The linker's two symbols bound one section, which is one object to
	 * the program; cppcheck sees two arrays.
	 */
	/* cppcheck-suppress comparePointers */
	*n = (size_t)(__stop_safegrid_db_stmts - __start_safegrid_db_stmts);
	return __start_safegrid_db_stmts;
}
