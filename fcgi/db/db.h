/*
 * db.h -- one PostgreSQL connection per worker, prepared statements, and the
 * per-request transaction.
 *
 * Statements are declared next to the code that runs them:
 *
 *     DB_STMT(stmt_user_get, "select ... where id = $1");
 *
 * and prepared on the connection the first time they run, again after a
 * reconnect.  Parameters are always bound, never formatted into SQL.  Every
 * statement so declared is also listed in one linker section, which
 * `safegridctl check-sql` walks to prepare them all against a migrated
 * database (db_stmt_sites).
 */
#ifndef SAFEGRID_DB_H
#define SAFEGRID_DB_H

#include <stdbool.h>
#include <time.h>
#include <libpq-fe.h>

#include "base/error.h"

struct db_stmt {
	const char *sql;
	int slot;            /* assigned on first use; -1 until then */
	/*
	 * Run on its generic plan, made once for all values of its parameters
	 * (the statements assembled by sqlbuf.h, whose text already holds
	 * which filters are present).  The others let PostgreSQL choose: a
	 * plan for the values of the call, or the generic one when it costs
	 * no more.
	 */
	bool generic;
};

/* Where a statement was declared, for check-sql's report. */
struct db_stmt_site {
	struct db_stmt *stmt;
	const char *file;
	int line;
};

/*
 * Defines the static statement NAME with SQL text TEXT and lists it in the
 * section db_stmt_sites reads (the linker provides its bounds).
 */
#define DB_STMT(name, text) \
	static struct db_stmt name = { .sql = (text), .slot = -1 }; \
	static const struct db_stmt_site name##_site \
		__attribute__((section("safegrid_db_stmts"), used, aligned(sizeof(void *)))) = \
		{ &name, __FILE__, __LINE__ }

/*
 * Every statement DB_STMT declared in the program: *n of them from the
 * returned array (in no particular order).
 */
const struct db_stmt_site *db_stmt_sites(size_t *n);

#define DB_MAX_PARAMS 32
#define DB_DEFERRED_PARAMS 8

struct db {
	PGconn *conn;
	const char *url;
	int statement_timeout_ms;
	/*
	 * Behind a connection pooler in transaction mode (PgBouncer): each
	 * transaction may run on another server connection, so nothing is kept on
	 * one -- statements are sent unnamed with their text, and no startup
	 * options are sent (the pooler refuses them; the role's settings apply).
	 */
	bool pooled;
	bool *prepared;             /* by slot */
	int prepared_len;
	bool in_transaction;
	bool commit_pending;        /* a read's COMMIT sent, its result not yet read */
	/* A BEGIN and first statement deferred to the next statement's pipeline. */
	struct db_stmt *deferred;
	int deferred_n;
	const char *deferred_params[DB_DEFERRED_PARAMS];
	char deferred_buf[512];
	PGresult *first_result;     /* the deferred first statement's result, once run */
	bool read;                  /* this request only reads (GET, HEAD) */
	bool final;                 /* the next statement is the request's last */
	bool finished;              /* the request's transaction was committed with its last */
	struct timespec failed_at;  /* last failed connect, for back-off */
	/* The last error, for the answer and the log. */
	char sqlstate[6];
	char message[256];
	char column[64];
	char constraint[64];
	char table[64];
};

/*
 * The field a constraint or RAISE ... USING COLUMN names, for 422/409
 * details: the column if given, else the constraint name less its table
 * prefix and its _check/_key/_fkey suffix.  "" if there is none.
 */
void db_error_field(const struct db *db, char *out, size_t outlen);

/* Whether the last error was raised by our own checks (SQLSTATE SGnnn). */
bool db_error_is_ours(const struct db *db);

void db_init(struct db *db, const char *url, int statement_timeout_ms);
void db_close(struct db *db);

/* Connect if not connected.  ERR_NONE or ERR_UNAVAILABLE. */
enum err db_connect(struct db *db);

/*
 * Run a prepared statement with n text parameters (NULL is SQL NULL).
 * On success *out holds the result (caller PQclears it; out may be NULL to
 * discard).  On failure the error is mapped through the SQLSTATE table and
 * db->sqlstate/message/column describe it.
 */
enum err db_query(struct db *db, struct db_stmt *stmt, PGresult **out,
                  int n, const char *const *params);

/*
 * The same with binary parameters (lengths/formats as PQexecPrepared takes
 * them; NULL for all-text) and a result format (0 text, 1 binary).
 */
enum err db_query_ex(struct db *db, struct db_stmt *stmt, PGresult **out,
                     int n, const char *const *params, const int *lengths, const int *formats,
                     int result_format);

/*
 * Begin the request's transaction and run first in it, in one round trip
 * (pipeline mode).  first is the statement that checks the session and sets
 * the caller's app.* settings.  A connection found broken here is replaced
 * and the whole step retried once, since nothing has happened yet.
 */
enum err db_begin(struct db *db, struct db_stmt *first, PGresult **out,
                  int n, const char *const *params);

/*
 * The same, deferred: nothing is sent now; BEGIN and first go out in one
 * pipeline with the next statement run (db_query and the like), so that a
 * read that runs one statement waits for one round trip.  The parameters
 * are copied.  db_first_result then hands over first's result (NULL if it
 * failed or has not run); db_begin_now runs them by themselves if still
 * deferred; db_begin_cancel drops them unsent.  ERR_INTERNAL if the
 * parameters do not fit: begin at once instead.
 */
enum err db_begin_later(struct db *db, struct db_stmt *first, int n, const char *const *params);
enum err db_begin_now(struct db *db);
void db_begin_cancel(struct db *db);
PGresult *db_first_result(struct db *db);

/* End the request's transaction. */
enum err db_commit(struct db *db);
void db_rollback(struct db *db);

/* A request begins: read tells whether it only reads (GET, HEAD). */
void db_request_start(struct db *db, bool read);

/*
 * The next statement is the request's last.  A read's transaction then
 * commits in the same pipeline as that statement; any statement after it
 * is refused (ERR_INTERNAL), since it would run without the caller's
 * settings.  For other requests nothing changes: a write commits when the
 * handler has answered, so that an error after its last statement still
 * undoes it.
 */
void db_final(struct db *db);

/*
 * End a read's transaction without waiting: the COMMIT is sent, and its
 * result collected (db_settle) before the connection's next use, by when it
 * has long arrived.  The answer of a read does not depend on its commit, so
 * a read costs one round trip less.  Never for a request that wrote what
 * the client is told about.
 */
void db_commit_later(struct db *db);
void db_settle(struct db *db);

/*
 * Run a statement given by its text: a text assembled from the program's
 * own fragments (sqlbuf.h), never from input.  Each distinct text is
 * prepared once per connection, as a DB_STMT is.
 */
enum err db_query_text(struct db *db, const char *text, PGresult **out,
                       int n, const char *const *params);

/* A plain statement without parameters, for the command line (migrations). */
enum err db_exec_script(struct db *db, const char *sql);

#endif
