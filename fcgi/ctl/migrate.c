/*
 * migrate.c -- apply sql/migrations/NNNN_*.sql in order, exactly once each.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ctl/file.h"
#include "ctl/migrate.h"

DB_STMT(stmt_ledger,
	"create table if not exists public.schema_migration ("
	"  name text primary key,"
	"  sha256 text not null,"
	"  applied_at timestamptz not null default now())");
/* Two migrators at once would race; the second waits for the first. */
DB_STMT(stmt_lock, "select pg_advisory_lock(727274)");
DB_STMT(stmt_unlock, "select pg_advisory_unlock(727274)");
DB_STMT(stmt_applied, "select name, sha256 from public.schema_migration order by name");
DB_STMT(stmt_record, "insert into public.schema_migration (name, sha256) values ($1, $2)");
/* The tables the migrations' role owns, as VACUUM's list (identifiers quoted by format). */
DB_STMT(stmt_owned,
	"select 'vacuum (analyze) ' || string_agg(format('%I.%I', n.nspname, c.relname), ', '"
	"                                          order by n.nspname, c.relname), count(*)"
	"  from pg_class c join pg_namespace n on n.oid = c.relnamespace"
	" where c.relkind in ('r', 'm') and c.relowner = (select oid from pg_roles where rolname = current_user)");

bool migrate_name_valid(const char *name)
{
	size_t len = strlen(name);

	if (len < 10 || strcmp(name + len - 4, ".sql") != 0 || name[4] != '_')
		return false;
	for (size_t i = 0; i < 4; i++)
		if (name[i] < '0' || name[i] > '9')
			return false;
	for (size_t i = 5; i < len - 4; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') || name[i] == '_'))
			return false;
	return true;
}

static int filter(const struct dirent *d)
{
	return migrate_name_valid(d->d_name);
}

/*
 * After an upgrade's migrations: a table they rewrote (a stored column
 * added, a type changed) has an empty visibility map and no statistics for
 * its new columns, so its index-only scans read the heap again and the
 * planner guesses, until autovacuum comes by -- which a table seldom
 * written may wait weeks for.  VACUUM (ANALYZE) of every table the role
 * owns: the pages still all-visible are skipped, ANALYZE reads a sample.
 * The migrations are committed whatever it says, so a failure is a warning.
 */
static void vacuum_after_upgrade(struct db *db, FILE *out, FILE *err)
{
	PGresult *owned = NULL;

	if (db_query(db, &stmt_owned, &owned, 0, NULL) != ERR_NONE)
		fprintf(err, "warning: no vacuum after the migrations: %s\n", db->message);
	else if (PQgetisnull(owned, 0, 0))
		fprintf(err, "warning: no vacuum after the migrations: the role owns no table\n");
	else if (db_exec_script(db, PQgetvalue(owned, 0, 0)) != ERR_NONE)
		fprintf(err, "warning: vacuum (analyze) after the migrations failed: %s\n", db->message);
	else
		fprintf(out, "vacuumed and analyzed %s tables\n", PQgetvalue(owned, 0, 1));
	PQclear(owned);
}

static void sha256_hex(const char *data, size_t len, char out[65])
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(digest, (const unsigned char *)data, len);
	sodium_bin2hex(out, 65, digest, sizeof(digest));
}

int migrate_run(struct db *db, const char *dir, bool dry_run, FILE *out, FILE *err)
{
	struct dirent **files = NULL;
	PGresult *applied = NULL;
	char path[4096], hash[65];
	int count, done = 0, result = -1, locked = 0;

	count = scandir(dir, &files, filter, alphasort);
	if (count < 0) {
		fprintf(err, "cannot read %s\n", dir);
		return -1;
	}
	if (db_query(db, &stmt_ledger, NULL, 0, NULL) != ERR_NONE ||
	    db_query(db, &stmt_lock, NULL, 0, NULL) != ERR_NONE ||
	    (locked = 1, db_query(db, &stmt_applied, &applied, 0, NULL)) != ERR_NONE) {
		fprintf(err, "database: %s\n", db->message);
		goto out;
	}
	/* Every applied migration must still be there, unchanged. */
	for (int row = 0; row < PQntuples(applied); row++) {
		const char *name = PQgetvalue(applied, row, 0);
		int found = 0;

		for (int i = 0; i < count; i++) {
			size_t len;
			char *sql;

			if (strcmp(files[i]->d_name, name) != 0)
				continue;
			found = 1;
			snprintf(path, sizeof(path), "%s/%s", dir, name);
			if ((sql = file_read(path, &len)) == NULL) {
				fprintf(err, "cannot read %s\n", path);
				goto out;
			}
			sha256_hex(sql, len, hash);
			free(sql);
			if (strcmp(hash, PQgetvalue(applied, row, 1)) != 0) {
				fprintf(err, "refusing to migrate: %s has changed since it was applied "
				             "(add a new migration instead of editing an applied one)\n", name);
				goto out;
			}
		}
		if (!found) {
			fprintf(err, "refusing to migrate: applied migration %s is missing from %s\n", name, dir);
			goto out;
		}
	}
	for (int i = 0; i < count; i++) {
		const char *name = files[i]->d_name;
		const char *params[2];
		int is_applied = 0;
		size_t len;
		char *sql;

		for (int row = 0; row < PQntuples(applied); row++)
			is_applied |= strcmp(PQgetvalue(applied, row, 0), name) == 0;
		if (is_applied)
			continue;
		if (dry_run) {
			fprintf(out, "pending %s\n", name);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if ((sql = file_read(path, &len)) == NULL) {
			fprintf(err, "cannot read %s\n", path);
			goto out;
		}
		sha256_hex(sql, len, hash);
		params[0] = name;
		params[1] = hash;
		if (db_exec_script(db, "begin") != ERR_NONE ||
		    db_exec_script(db, sql) != ERR_NONE ||
		    db_query(db, &stmt_record, NULL, 2, params) != ERR_NONE ||
		    db_exec_script(db, "commit") != ERR_NONE) {
			fprintf(err, "%s failed: %s\n", name, db->message);
			db_exec_script(db, "rollback");
			free(sql);
			goto out;
		}
		free(sql);
		fprintf(out, "applied %s\n", name);
		done++;
	}
	if (done > 0 && PQntuples(applied) > 0)   /* an upgrade, not a new database */
		vacuum_after_upgrade(db, out, err);
	result = done;
out:
	if (locked)
		db_query(db, &stmt_unlock, NULL, 0, NULL);
	PQclear(applied);
	for (int i = 0; i < count; i++)
		free(files[i]);
	free(files);
	return result;
}
