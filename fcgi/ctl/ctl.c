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

#include "ctl/ctl.h"
#include "db/db.h"
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

/*
 * Prepare every statement the program holds (each DB_STMT, wherever it is
 * declared) on the database, so that a statement no test runs still fails
 * the build when its SQL does not fit the schema.  Each is prepared
 * unnamed, with the parameter types left to PostgreSQL, as db_query does.
 */
static int cmd_check_sql(int argc, char **argv)
{
	size_t n, failed = 0;
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
	db_close(&db);
	if (n == 0) {
		fprintf(stderr, "safegridctl: check-sql found no statements\n");
		return 1;
	}
	if (failed > 0) {
		fprintf(stderr, "check-sql: %zu of %zu statements do not prepare\n", failed, n);
		return 1;
	}
	printf("check-sql: all %zu statements prepare\n", n);
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
