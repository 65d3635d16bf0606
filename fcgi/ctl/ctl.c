/*
 * ctl.c -- safegridctl, the administrator's command line.
 *
 * Connects as the owner role (DATABASE_OWNER_URL) for migrations and as
 * needed for the rest; reads secrets from the environment or standard input,
 * never from arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api/handlers.h"
#include "ctl/ctl.h"
#include "db/db.h"
#include "db/sqlbuf.h"
#include "input/json.h"
#include "ctl/migrate.h"
#include "server/permission.h"
#include "server/router.h"

static const char *sql_dir(void)
{
	const char *dir = getenv("SAFEGRID_SQL_DIR");
	return dir && *dir ? dir : "sql";
}

const char *ctl_owner_url(void)
{
	const char *url = getenv("DATABASE_OWNER_URL");

	if (url == NULL || *url == '\0')
		url = getenv("DATABASE_URL");
	return url && *url ? url : "postgresql://safegrid_owner@127.0.0.1:25432/safegrid";
}

static int cmd_migrate(int argc, char **argv)
{
	char dir[4096];
	bool dry_run = argc > 1 && strcmp(argv[1], "--dry-run") == 0;
	struct db db;
	int n;

	snprintf(dir, sizeof(dir), "%s/migrations", sql_dir());
	db_init(&db, ctl_owner_url(), 600000);
	if (db_connect(&db) != ERR_NONE) {
		fprintf(stderr, "safegridctl: cannot connect: %s\n", db.message);
		return 1;
	}
	n = migrate_run(&db, dir, dry_run, stdout, stderr);
	db_close(&db);
	if (n < 0)
		return 1;
	if (n == 0 && !dry_run)
		printf("database is up to date\n");
	return 0;
}

/* The route table as "METHOD PATTERN ACTION" lines, for the docs checks. */
static int cmd_routes(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < route_count; i++)
		printf("%s %s %s\n", routes[i].method, routes[i].pattern, action_name(routes[i].action));
	return 0;
}

/* The text of a value that passes each type's check, to assemble a list's shapes. */
static const char *const text_candidates[] = {
	"reported,rectifying", "reported", "2000-01-01T00:00:00.000000Z,1", "2000-01-01,1", "1", "x",
};

/* The candidate values of field f (at most max), into out; their number. */
static size_t shape_candidates(const struct field *f, const char **out, size_t max)
{
	size_t n = 0;

	switch (f->type) {
	case FIELD_INT:
	case FIELD_ID:
		out[n++] = "1";
		if (f->type == FIELD_ID && (f->flags & FIELD_NULLABLE))
			out[n++] = "none";   /* a query's null (input/fields.h) */
		break;
	case FIELD_BOOL:
		out[n++] = "true";
		out[n++] = "false";
		break;
	case FIELD_DATE:
		out[n++] = "2000-01-01";
		break;
	case FIELD_ENUM:
		for (const char *const *c = f->choices; *c && n < max; c++)
			out[n++] = *c;
		break;
	default:
		for (size_t i = 0; i < sizeof(text_candidates) / sizeof(text_candidates[0]) && n < max; i++)
			out[n++] = text_candidates[i];
		break;
	}
	return n;
}

/*
 * The shape of list ls for query (URL-encoded) and a caller of township
 * (0: the county's): -1 if the query does not pass the list's checks, else
 * whether its assembled statement failed to prepare (1) or prepared (0);
 * unchecked, only the checks are run.
 */
static int shape_prepare(struct db *db, const struct route *r, const struct list_shape *ls, const char *query,
                         long long township, bool prepare)
{
	struct request *req = calloc(1, sizeof(*req));
	struct sqlbuf *q = sqlbuf_new();
	json_object *details = json_object_new_array();
	field_check_fn check = input_table_check(r->query);
	struct list_page page;
	int result = -1;

	if (req == NULL || q == NULL)
		goto out;
	req->route = r;
	req->who.township_id = township;
	if (query_parse(query, &req->query) != ERR_NONE ||
	    input_parse_query(&req->query, r->query, &req->in_query, details) > 0 ||
	    (check && check(req, details) > 0) || list_page_read(req, &page) != ERR_NONE)
		goto out;
	result = 0;
	if (!prepare)
		goto out;
	ls->sql(req, &page, q);
	PGresult *res = q->overflow ? NULL : PQprepare(db->conn, "", q->text, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
		fprintf(stderr, "GET %s?%s (as a %s caller): %s %s\n    %s\n", ls->pattern, query,
		        township ? "township" : "county", state ? state : "",
		        res ? PQresultErrorMessage(res) : "too long", q->text);
		result = 1;
	}
	PQclear(res);
out:
	if (req)
		input_values_free(&req->in_query);
	json_object_put(details);
	free(q);
	free(req);
	return result;
}

/*
 * Every query of all the list's fields at once: each field in the table's
 * order takes the first of its candidates (the last, backwards) with which
 * the query still passes the list's checks.
 */
static void shape_all_fields(const struct route *r, const struct list_shape *ls, bool backwards,
                             char *query, size_t len)
{
	query[0] = '\0';
	for (const struct field *f = r->query; f && f->name; f++) {
		const char *values[32];
		size_t n = shape_candidates(f, values, 32), used = strlen(query);

		for (size_t i = 0; i < n; i++) {
			snprintf(query + used, len - used, "%s%s=%s", used ? "&" : "", f->name, values[backwards ? n - 1 - i : i]);
			if (shape_prepare(NULL, r, ls, query, 1, false) == 0)
				break;
			query[used] = '\0';
		}
	}
}

/*
 * Prepare the statements the assembled lists (api/list_shapes.c) make: no
 * filter, each filter alone with each of its candidate values, and every
 * filter together, for a township's caller and the county's.  Returns the
 * number that failed; *count counts the statements prepared.
 */
static size_t check_list_shapes(struct db *db, size_t *count)
{
	size_t failed = 0;

	for (size_t l = 0; l < list_shape_count; l++) {
		const struct list_shape *ls = &list_shapes[l];
		const struct route *r = NULL;
		char query[2048];

		for (size_t i = 0; i < route_count && r == NULL; i++)
			if (strcmp(routes[i].method, "GET") == 0 && strcmp(routes[i].pattern, ls->pattern) == 0)
				r = &routes[i];
		if (r == NULL) {
			fprintf(stderr, "check-sql: no GET route %s for its list shapes\n", ls->pattern);
			failed++;
			continue;
		}
		for (long long township = 0; township <= 1; township++) {
			int shapes = 0;

			for (int pass = 0; pass < 3; pass++) {   /* nothing, then every field forwards and backwards */
				if (pass == 0)
					query[0] = '\0';
				else
					shape_all_fields(r, ls, pass == 2, query, sizeof(query));
				int result = shape_prepare(db, r, ls, query, township, true);
				shapes += result >= 0;
				failed += result > 0;
			}
			for (const struct field *f = r->query; f->name; f++) {
				const char *values[32];
				size_t n = shape_candidates(f, values, 32);

				for (size_t i = 0; i < n; i++) {
					snprintf(query, sizeof(query), "%s=%s", f->name, values[i]);
					int result = shape_prepare(db, r, ls, query, township, true);
					shapes += result >= 0;
					failed += result > 0;
				}
			}
			*count += (size_t)shapes;
		}
	}
	return failed;
}

/*
 * Prepare every statement the program holds (each DB_STMT, wherever it is
 * declared) on the database, and every shape of the lists assembled from
 * their filters, so that a statement no test runs still fails the build
 * when its SQL does not fit the schema.  Each is prepared unnamed, with the
 * parameter types left to PostgreSQL, as db_query does.
 */
static int cmd_check_sql(int argc, char **argv)
{
	size_t n, failed = 0, shapes = 0;
	const struct db_stmt_site *sites = db_stmt_sites(&n);
	struct db db;

	(void)argc;
	(void)argv;
	db_init(&db, ctl_owner_url(), 600000);
	if (db_connect(&db) != ERR_NONE) {
		fprintf(stderr, "safegridctl: cannot connect: %s\n", db.message);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		PGresult *res = PQprepare(db.conn, "", sites[i].stmt->sql, 0, NULL);


		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
			fprintf(stderr, "%s:%d: %s %s\n    %s\n", sites[i].file, sites[i].line,
			        state ? state : "", PQresultErrorMessage(res), sites[i].stmt->sql);
			failed++;
		}
		PQclear(res);
	}
	failed += check_list_shapes(&db, &shapes);
	db_close(&db);
	if (n == 0) {
		fprintf(stderr, "safegridctl: check-sql found no statements\n");
		return 1;
	}
	if (failed > 0) {
		fprintf(stderr, "check-sql: %zu of %zu statements do not prepare\n", failed, n + shapes);
		return 1;
	}
	printf("check-sql: all %zu statements prepare, and the %zu shapes of the assembled lists\n", n, shapes);
	return 0;
}

/* The permission matrix of docs/permissions.md, rendered from the code. */
static int cmd_permissions(int argc, char **argv)
{
	char buf[16384];
	int n = permission_matrix(buf, sizeof(buf));

	(void)argc;
	(void)argv;
	if (n < 0 || n >= (int)sizeof(buf))
		return 1;
	fputs(buf, stdout);
	return 0;
}

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} commands[] = {
	{"migrate", cmd_migrate,
	 "migrate [--dry-run]        apply pending migrations (or list them)"},
	{"create-township", ctl_create_township,
	 "create-township --name NAME --code CODE --slug SLUG [--county NAME [--county-code CODE]]\n"
	 "                           create a township (and its county, given --county-code)"},
	{"create-user", ctl_create_user,
	 "create-user --role ROLE --username NAME --name DISPLAY\n"
	 "            [--township SLUG | --county NAME [--county-code CODE]]\n"
	 "            [--phone PHONE] [--enterprise-id ID]\n"
	 "                           create a user; the password comes from SAFEGRID_PASSWORD\n"
	 "                           or, if unset, the first line of standard input"},
	{"seed-demo", ctl_seed_demo,
	 "seed-demo                  create the demo county (password: SAFEGRID_DEMO_PASSWORD)"},
	{"seed-bench", ctl_seed_bench,
	 "seed-bench [--scale S] [--seed N]\n"
	 "                           fill an empty database with the benchmark county\n"
	 "                           (scale 1: 20 townships, 1,000,000 hazards)"},
	{"routes", cmd_routes,
	 "routes                     print the API's route table"},
	{"fields", ctl_fields,
	 "fields                     print every route with its body and query fields (JSON)"},
	{"lifecycle", ctl_lifecycle,
	 "lifecycle                  print the hazard life cycle's moves (JSON)"},
	{"check-sql", cmd_check_sql,
	 "check-sql                  prepare every SQL statement of the server and this\n"
	 "                           command on the database; fail if any does not"},
	{"permissions", cmd_permissions,
	 "permissions                print the role x action matrix (Markdown)"},
	{"jobs", ctl_jobs,
	 "jobs [--once]              make the reminders and deliver the notification outbox to\n"
	 "                           SAFEGRID_NOTIFY_WEBHOOK every SAFEGRID_JOBS_INTERVAL seconds\n"
	 "                           (default 60) until SIGTERM; --once: one pass"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: safegridctl COMMAND [OPTIONS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %s\n", commands[i].usage);
	fprintf(f, "\nenvironment: DATABASE_OWNER_URL (owner role), SAFEGRID_SQL_DIR (default ./sql)\n");
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "safegridctl: libsodium failed to start\n");
		return 1;
	}
	if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "safegridctl: unknown command \"%s\"\n", argv[1]);
	usage(stderr);
	return 2;
}
