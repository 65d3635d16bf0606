/*
 * ctl_users.c -- counties, townships and users from the command line, and
 * the demo county.  These run as the owner role, outside any request.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/file.h"
#include "db/db.h"
#include "server/password.h"

/* The value of --name in argv, or NULL. */
static const char *option(int argc, char **argv, const char *name)
{
	for (int i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return NULL;
}

static int connect_owner(struct db *db)
{
	db_init(db, ctl_owner_url(), 600000);
	if (db_connect(db) != ERR_NONE) {
		fprintf(stderr, "safegridctl: cannot connect: %s\n", db->message);
		return -1;
	}
	return 0;
}

static int fail(struct db *db, const char *what)
{
	fprintf(stderr, "safegridctl: %s: %s\n", what, db->message);
	db_close(db);
	return 1;
}

DB_STMT(stmt_county,
	"with made as (insert into county (name, code) select $1, $2::text where $2::text is not null"
	"              on conflict do nothing returning id)"
	"select id from made union all select id from county where name = $1 limit 1");
DB_STMT(stmt_only_county,
	"select id from county where (select count(*) from county) = 1");
DB_STMT(stmt_township,
	"insert into township (county_id, name, code, slug) values ($1::bigint, $2, $3, $4) returning id");
DB_STMT(stmt_township_by_slug,
	"select id, county_id from township where slug = $1");
DB_STMT(stmt_user,
	"insert into app_user (county_id, township_id, username, display_name, phone, role,"
	"                      enterprise_id, password_hash)"
	"values ($1::bigint, $2::bigint, lower($3), $4, $5, $6, $7::bigint, $8) returning id");

/* The county named by --county (made with --county-code if new), or the only one. */
static int county_id(struct db *db, int argc, char **argv, char out[24])
{
	const char *params[2] = {option(argc, argv, "--county"), option(argc, argv, "--county-code")};
	PGresult *res;

	if (db_query(db, params[0] ? &stmt_county : &stmt_only_county, &res,
	             params[0] ? 2 : 0, params) != ERR_NONE)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		snprintf(db->message, sizeof(db->message), "%s",
		         params[0] ? "no such county; give --county-code to create it"
		                   : "say which county with --county NAME [--county-code CODE]");
		return -1;
	}
	snprintf(out, 24, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

int ctl_create_township(int argc, char **argv)
{
	const char *name = option(argc, argv, "--name"), *code = option(argc, argv, "--code");
	const char *slug = option(argc, argv, "--slug");
	char county[24];
	const char *params[4];
	PGresult *res;
	struct db db;

	if (!name || !code || !slug) {
		fprintf(stderr, "usage: safegridctl create-township --county NAME [--county-code CODE] "
		                "--name NAME --code CODE --slug SLUG\n");
		return 2;
	}
	if (connect_owner(&db) != 0)
		return 1;
	if (county_id(&db, argc, argv, county) != 0)
		return fail(&db, "county");
	params[0] = county;
	params[1] = name;
	params[2] = code;
	params[3] = slug;
	if (db_query(&db, &stmt_township, &res, 4, params) != ERR_NONE)
		return fail(&db, "create-township");
	printf("township %s created with id %s\n", name, PQgetvalue(res, 0, 0));
	PQclear(res);
	db_close(&db);
	return 0;
}

/* The password from SAFEGRID_PASSWORD or the first line of standard input. */
static int read_password(char *buf, size_t len)
{
	const char *env = getenv("SAFEGRID_PASSWORD");
	size_t n;

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return 0;
	}
	if (fgets(buf, (int)len, stdin) == NULL)
		return -1;
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 0;
}

int ctl_create_user(int argc, char **argv)
{
	const char *role = option(argc, argv, "--role"), *username = option(argc, argv, "--username");
	const char *name = option(argc, argv, "--name"), *slug = option(argc, argv, "--township");
	char password[256], hash[crypto_pwhash_STRBYTES], county[24] = "", township[24] = "";
	const char *params[8], *problem;
	PGresult *res;
	struct db db;

	if (!role || !username || !name) {
		fprintf(stderr, "usage: safegridctl create-user --role ROLE --username NAME --name DISPLAY "
		                "[--township SLUG | --county NAME [--county-code CODE]] [--phone P] "
		                "[--enterprise-id ID]\n"
		                "the password comes from SAFEGRID_PASSWORD or standard input\n");
		return 2;
	}
	if (read_password(password, sizeof(password)) != 0) {
		fprintf(stderr, "safegridctl: no password on standard input or in SAFEGRID_PASSWORD\n");
		return 2;
	}
	if ((problem = password_problem(password, username)) != NULL) {
		fprintf(stderr, "safegridctl: the password %s\n", problem);
		return 2;
	}
	if (password_hash(password, hash) != 0) {
		fprintf(stderr, "safegridctl: out of memory hashing the password\n");
		return 1;
	}
	sodium_memzero(password, sizeof(password));
	if (connect_owner(&db) != 0)
		return 1;
	if (slug) {
		params[0] = slug;
		if (db_query(&db, &stmt_township_by_slug, &res, 1, params) != ERR_NONE)
			return fail(&db, "township");
		if (PQntuples(res) != 1) {
			PQclear(res);
			fprintf(stderr, "safegridctl: no township with slug %s\n", slug);
			db_close(&db);
			return 1;
		}
		snprintf(township, sizeof(township), "%s", PQgetvalue(res, 0, 0));
		snprintf(county, sizeof(county), "%s", PQgetvalue(res, 0, 1));
		PQclear(res);
	} else if (county_id(&db, argc, argv, county) != 0) {
		return fail(&db, "county");
	}
	params[0] = county;
	params[1] = township[0] ? township : NULL;
	params[2] = username;
	params[3] = name;
	params[4] = option(argc, argv, "--phone");
	params[5] = role;
	params[6] = option(argc, argv, "--enterprise-id");
	params[7] = hash;
	if (db_query(&db, &stmt_user, &res, 8, params) != ERR_NONE)
		return fail(&db, "create-user");
	printf("user %s (%s) created with id %s\n", username, role, PQgetvalue(res, 0, 0));
	PQclear(res);
	db_close(&db);
	return 0;
}

static int sql_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return n > 4 && strcmp(d->d_name + n - 4, ".sql") == 0;
}

DB_STMT(stmt_seed_hash, "select set_config('seed.password_hash', $1, false)");

/*
 * The demo county: every file of sql/seed/demo/ in name order, all in one
 * transaction, after seed.password_hash is set to the hash of
 * SAFEGRID_DEMO_PASSWORD.  The files are written to run again harmlessly.
 */
int ctl_seed_demo(int argc, char **argv)
{
	const char *password = getenv("SAFEGRID_DEMO_PASSWORD");
	const char *dir = getenv("SAFEGRID_SQL_DIR");
	char hash[crypto_pwhash_STRBYTES], folder[4096], path[sizeof(folder) + 260];
	const char *params[1] = {hash};
	struct dirent **files = NULL;
	int count, status = 1;
	struct db db;

	(void)argc;
	(void)argv;
	if (password == NULL || *password == '\0')
		password = "safegrid-demo";
	if (password_hash(password, hash) != 0)
		return 1;
	snprintf(folder, sizeof(folder), "%s/seed/demo", dir && *dir ? dir : "sql");
	if ((count = scandir(folder, &files, sql_file, alphasort)) < 0) {
		fprintf(stderr, "safegridctl: cannot read %s\n", folder);
		return 1;
	}
	if (connect_owner(&db) != 0)
		goto out;
	if (db_query(&db, &stmt_seed_hash, NULL, 1, params) != ERR_NONE ||
	    db_exec_script(&db, "begin") != ERR_NONE) {
		fprintf(stderr, "safegridctl: seed-demo: %s\n", db.message);
		goto out;
	}
	for (int i = 0; i < count; i++) {
		char *sql;

		snprintf(path, sizeof(path), "%s/%s", folder, files[i]->d_name);
		if ((sql = file_read(path, NULL)) == NULL) {
			fprintf(stderr, "safegridctl: cannot read %s\n", path);
			goto out;
		}
		if (db_exec_script(&db, sql) != ERR_NONE) {
			fprintf(stderr, "safegridctl: seed-demo: %s: %s\n", files[i]->d_name, db.message);
			free(sql);
			goto out;
		}
		free(sql);
	}
	if (db_exec_script(&db, "commit") != ERR_NONE) {
		fprintf(stderr, "safegridctl: seed-demo: %s\n", db.message);
		goto out;
	}
	printf("demo county 平邑县 is ready\n");
	status = 0;
out:
	db_close(&db);
	for (int i = 0; i < count; i++)
		free(files[i]);
	free(files);
	return status;
}

DB_STMT(stmt_bench_empty, "select count(*) from county");
DB_STMT(stmt_bench_settings,
	"select set_config('bench.scale', $1, false), set_config('bench.seed', $2, false),"
	"       set_config('seed.password_hash', $3, false)");

/*
 * The benchmark county (sql/bench/seed.sql) in an empty database:
 * --scale S (0 < S <= 10, default 1), --seed N (default 1).  Every bench user
 * has the password SAFEGRID_BENCH_PASSWORD (default safegrid-bench).
 */
int ctl_seed_bench(int argc, char **argv)
{
	const char *scale = option(argc, argv, "--scale"), *seed = option(argc, argv, "--seed");
	const char *password = getenv("SAFEGRID_BENCH_PASSWORD");
	const char *dir = getenv("SAFEGRID_SQL_DIR");
	char hash[crypto_pwhash_STRBYTES], path[4096], *sql = NULL, *end;
	const char *params[3];
	PGresult *res;
	double s;
	long n;
	struct db db;
	int status = 1;

	scale = scale ? scale : "1";
	seed = seed ? seed : "1";
	s = strtod(scale, &end);
	if (*end != '\0' || !(s > 0 && s <= 10)) {
		fprintf(stderr, "safegridctl: --scale takes a number above 0 and at most 10\n");
		return 2;
	}
	n = strtol(seed, &end, 10);
	if (*end != '\0' || n < 0 || n > 1000000) {
		fprintf(stderr, "safegridctl: --seed takes a whole number from 0 to 1000000\n");
		return 2;
	}
	if (password_hash(password && *password ? password : "safegrid-bench", hash) != 0)
		return 1;
	snprintf(path, sizeof(path), "%s/bench/seed.sql", dir && *dir ? dir : "sql");
	if ((sql = file_read(path, NULL)) == NULL) {
		fprintf(stderr, "safegridctl: cannot read %s\n", path);
		return 1;
	}
	if (connect_owner(&db) != 0)
		goto out;
	if (db_query(&db, &stmt_bench_empty, &res, 0, NULL) != ERR_NONE) {
		fprintf(stderr, "safegridctl: seed-bench: %s\n", db.message);
		goto out;
	}
	n = atol(PQgetvalue(res, 0, 0));
	PQclear(res);
	if (n != 0) {
		fprintf(stderr, "safegridctl: seed-bench fills an empty database; this one has %ld counties\n", n);
		goto out;
	}
	params[0] = scale;
	params[1] = seed;
	params[2] = hash;
	/* A statement of the script fills a whole table (at scale 5, 43,000,000 inspection
	 * results): longer than the ten minutes a safegridctl statement is otherwise given. */
	if (db_query(&db, &stmt_bench_settings, NULL, 3, params) != ERR_NONE ||
	    db_exec_script(&db, "set statement_timeout = 0") != ERR_NONE ||
	    db_exec_script(&db, "begin") != ERR_NONE || db_exec_script(&db, sql) != ERR_NONE ||
	    db_exec_script(&db, "commit") != ERR_NONE) {
		fprintf(stderr, "safegridctl: seed-bench: %s\n", db.message);
		goto out;
	}
	printf("benchmark county 基准县 is ready (scale %s, seed %s)\n", scale, seed);
	status = 0;
out:
	db_close(&db);
	free(sql);
	return status;
}
