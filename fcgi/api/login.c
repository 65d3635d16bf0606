/*
 * login.c -- enterprise logins: issuing them by the thousand with one-time
 * activation codes, activating one, and an enterprise administrator's own
 * staff logins.
 *
 * A code is 12 characters of a 32-letter alphabet without look-alikes (60
 * random bits), printed XXXX-XXXX-XXXX; only its SHA-256 reaches the
 * database's codes, and no code is ever logged.  Where the login has a
 * mobile number the code also goes by SMS: in clear in its notification
 * outbox row (0028) until `safegridctl jobs` sends it, which wipes it.
 * Who may issue for which enterprise and which logins an enterprise
 * administrator sees are row-level security's (0022); this file makes the
 * codes, the letters and answers.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api/handlers.h"
#include "api/login.h"
#include "api/login_letter.h"
#include "api/public.h"
#include "db/db.h"
#include "input/json.h"
#include "server/password.h"

#define CODE_LENGTH 12
#define CODE_PRINTED (CODE_LENGTH + CODE_LENGTH / 4)   /* with the dashes, and the NUL */
#define ISSUE_MAX 20000
#define ISSUE_CHUNK 500
#define ACTIVATE_PATH "/activate?username="

static const char code_alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
static const char *const formats[] = {"pdf", "json", NULL};

/*
 * A batch names its enterprises: a sector, a grid node, ids, credit codes, or
 * "all without a login" -- never every enterprise by an empty body.
 */
static int login_issue_check(const struct request *req, json_object *details)
{
	static const char *const choices[] = {"sector_id", "grid_node_id", "enterprise_ids", "credit_codes"};

	if (request_true(req, "without_login"))
		return 0;
	for (size_t i = 0; i < sizeof(choices) / sizeof(choices[0]); i++)
		if (request_text(req, choices[i]) != NULL)
			return 0;
	json_detail_add(details, "enterprise_ids", "required",
	                "choose the enterprises: a sector, a grid node, ids, credit codes or without_login");
	return 1;
}

const struct field login_issue_body[] = {
	{"township_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"sector_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"grid_node_id", FIELD_ID, FIELD_NULLABLE, 0, 0, NULL, NULL, NULL},
	{"enterprise_ids", FIELD_ARRAY, FIELD_NULLABLE, 1, ISSUE_MAX, NULL, NULL, NULL},
	{"credit_codes", FIELD_ARRAY, FIELD_NULLABLE, 1, ISSUE_MAX, NULL, NULL, NULL},
	{"without_login", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	{"contact", FIELD_STRING, 0, 1, 100, NULL, NULL, NULL},
	{"format", FIELD_ENUM, 0, 0, 0, formats, NULL, NULL},
	FIELDS_END_CHECK(login_issue_check),
};

const struct field login_code_body[] = {
	{"contact", FIELD_STRING, 0, 1, 100, NULL, NULL, NULL},
	{"format", FIELD_ENUM, 0, 0, 0, formats, NULL, NULL},
	FIELDS_END,
};

const struct field login_activate_body[] = {
	{"username", FIELD_STRING, FIELD_REQUIRED, 1, 64, NULL, NULL, NULL},
	{"code", FIELD_STRING, FIELD_REQUIRED, 1, 32, NULL, NULL, NULL},
	{"password", FIELD_STRING, FIELD_REQUIRED, 1, PASSWORD_MAX_LENGTH, NULL, NULL, NULL},
	FIELDS_END,
};

const struct field login_staff_create_body[] = {
	{"display_name", FIELD_STRING, FIELD_REQUIRED, 1, 50, NULL, NULL, NULL},
	{"phone", FIELD_STRING, FIELD_NULLABLE, 5, 20, NULL, NULL, NULL},
	FIELDS_END,
};

const struct field login_staff_update_body[] = {
	FIELD_VERSION("version"),
	{"display_name", FIELD_STRING, 0, 1, 50, NULL, NULL, NULL},
	{"phone", FIELD_STRING, FIELD_NULLABLE, 5, 20, NULL, NULL, NULL},
	{"active", FIELD_BOOL, 0, 0, 0, NULL, NULL, NULL},
	FIELDS_END,
};

/*
 * The enterprises a batch is for, as row-level security shows them to the
 * caller (a committee: its township's): not closed, by the body's filters.
 * $6 the most taken plus one.
 */
DB_STMT(stmt_issue_targets,
	"with b as (select $1::jsonb as b)"
	"select e.id, null::bigint, e.name, e.credit_code, t.name, e.contact_phone"
	"  from b, enterprise e join township t on t.id = e.township_id"
	" where e.status <> 'closed'"
	"   and (b->>'township_id' is null or e.township_id = (b->>'township_id')::bigint)"
	"   and (b->>'sector_id' is null or e.sector_id = (b->>'sector_id')::bigint)"
	"   and (b->>'grid_node_id' is null or e.grid_node_id = (b->>'grid_node_id')::bigint)"
	"   and (jsonb_typeof(b->'enterprise_ids') is distinct from 'array'"
	"        or e.id in (select jsonb_array_elements_text(b->'enterprise_ids')::bigint))"
	"   and (jsonb_typeof(b->'credit_codes') is distinct from 'array'"
	"        or e.credit_code in (select jsonb_array_elements_text(b->'credit_codes')))"
	"   and (not coalesce((b->>'without_login')::boolean, false)"
	"        or not exists (select 1 from app_user u where u.enterprise_id = e.id))"
	" order by e.township_id, e.id limit $2::int");

/* One enterprise login, for a new code (a township's reset, or an administrator's for its staff). */
DB_STMT(stmt_user_target,
	"select e.id, u.id, e.name, e.credit_code, t.name, u.phone"
	"  from app_user u join enterprise e on e.id = u.enterprise_id"
	"  join township t on t.id = u.township_id"
	" where u.id = $1::bigint and u.role = 'enterprise' and u.active");

/*
 * Issue: for each (enterprise, user or null, code hash), the login -- the
 * given user, else the enterprise's administrator, made now if it has
 * none, named after its credit code -- gets the code, replacing any
 * earlier one.  One row a login, in the order given: its position, user
 * id, username and the code's last day in the township's time.
 */
DB_STMT(stmt_issue,
	"with input as ("
	"  select i.enterprise_id, i.user_id, i.code_hash, i.n"
	"    from unnest($1::bigint[], $2::bigint[], $3::text[])"
	"         with ordinality as i(enterprise_id, user_id, code_hash, n)),"
	" target as ("
	"  select i.n, i.code_hash, e.id as enterprise_id, e.township_id, e.name, e.credit_code,"
	"         e.contact_phone,"
	"         coalesce(i.user_id, (select u.id from app_user u"
	"                               where u.enterprise_id = e.id and u.enterprise_admin)) as user_id"
	"    from input i join enterprise e on e.id = i.enterprise_id),"
	" created as ("
	"  insert into app_user (county_id, township_id, username, display_name, phone, role,"
	"                        enterprise_id, password_hash)"
	"  select app.county_id(), t.township_id, app.enterprise_username(t.credit_code, t.township_id),"
	"         left(t.name, 45) || '管理员', t.contact_phone, 'enterprise', t.enterprise_id, '!'"
	"    from target t where t.user_id is null"
	"  returning id, enterprise_id, username),"
	" login as ("
	"  select t.n, t.township_id, coalesce(t.user_id, c.id) as user_id, t.code_hash,"
	"         coalesce(c.username, (select u.username from app_user u where u.id = t.user_id)) as username"
	"    from target t left join created c on t.user_id is null and c.enterprise_id = t.enterprise_id),"
	" code as ("
	"  insert into activation_code (township_id, user_id, code_hash, expires_at, issued_by)"
	"  select l.township_id, l.user_id, l.code_hash, now() + make_interval(days => $4::int), app.user_id()"
	"    from login l"
	/* The server's role reads no hash, not even the excluded row's. */
	"  on conflict (user_id) do update set"
	"     code_hash = (select l.code_hash from login l where l.user_id = activation_code.user_id),"
	"     expires_at = excluded.expires_at, issued_by = excluded.issued_by, issued_at = now(),"
	"     used_at = null"
	"  returning user_id, expires_at)"
	"select l.n, l.user_id, l.username,"
	"       to_char(c.expires_at at time zone t.time_zone, 'YYYY-MM-DD'), to_json(c.expires_at) #>> '{}'"
	"  from login l join code c on c.user_id = l.user_id join township t on t.id = l.township_id"
	" order by l.n");

/* The same for a staff login of the caller's enterprise, never the caller's own. */
DB_STMT(stmt_staff_target,
	"select e.id, u.id, e.name, e.credit_code, t.name, u.phone"
	"  from app_user u join enterprise e on e.id = u.enterprise_id"
	"  join township t on t.id = u.township_id"
	" where u.id = $1::bigint and u.enterprise_id = app.enterprise_id() and u.id <> app.user_id()"
	"   and u.active");

/*
 * The SMS of the codes just issued, through the notification outbox (0028):
 * $1 [{"user_id", "phone", "code", "url"}]; the users whose phone is a
 * mobile number, queued.  The jobs process sends them and wipes each code.
 */
DB_STMT(stmt_sms_queue, "select app.activation_sms_queue($1::jsonb)");

/* A township's reset takes the login's password away too (which ends its sessions). */
DB_STMT(stmt_password_withdraw,
	"update app_user set password_hash = '!', password_changed_at = now()"
	" where id = $1::bigint and role = 'enterprise'");

DB_STMT(stmt_redeem, "select app.activation_redeem($1::bigint, $2, $3)");

DB_STMT(stmt_is_admin, "select app.enterprise_admin()");

DB_STMT(stmt_staff_list,
	"select json_build_object('items', coalesce(json_agg(u.json order by u.id), '[]'))"
	"  from app.user_json u join app_user x on x.id = u.id"
	" where x.enterprise_id = app.enterprise_id()");

DB_STMT(stmt_staff_get,
	"select u.json from app.user_json u join app_user x on x.id = u.id"
	" where u.id = $1::bigint and x.enterprise_id = app.enterprise_id()");

/* A staff login of the caller's enterprise, named "<its administrator's name>.<n>". */
DB_STMT(stmt_staff_create,
	"with body as (select $1::jsonb as b),"
	" admin as (select u.username, u.township_id, u.enterprise_id from app_user u"
	"            where u.enterprise_id = app.enterprise_id() and u.enterprise_admin)"
	"insert into app_user (county_id, township_id, username, display_name, phone, role,"
	"                      enterprise_id, password_hash)"
	"select app.county_id(), a.township_id,"
	"       (select lower(e.credit_code) from enterprise e where e.id = a.enterprise_id) || '.' ||"
	"       (select count(*) + 1 from app_user u where u.enterprise_id = a.enterprise_id),"
	"       b->>'display_name', b->>'phone', 'enterprise', a.enterprise_id, '!'"
	"  from body, admin a "
	"returning id");

DB_STMT(stmt_staff_version,
	"select version from app_user where id = $1::bigint and enterprise_id = app.enterprise_id()"
	"   and id <> app.user_id()");

DB_STMT(stmt_staff_update,
	"with body as (select $2::jsonb as b) "
	"update app_user u set"
	"  display_name = case when b ? 'display_name' then b->>'display_name' else display_name end,"
	"  phone = case when b ? 'phone' then b->>'phone' else phone end,"
	"  active = case when b ? 'active' then (b->>'active')::boolean else active end"
	"  from body"
	" where u.id = $1::bigint and u.version = $3::int and u.id <> app.user_id()"
	" returning u.id");

/* A new code into out (CODE_PRINTED bytes, dashes every four) and its hash. */
static void code_new(char out[CODE_PRINTED], char hash[65])
{
	char plain[CODE_LENGTH];
	unsigned char digest[crypto_hash_sha256_BYTES];
	size_t k = 0;

	for (int i = 0; i < CODE_LENGTH; i++) {
		plain[i] = code_alphabet[randombytes_uniform(sizeof(code_alphabet) - 1)];
		if (i > 0 && i % 4 == 0)
			out[k++] = '-';
		out[k++] = plain[i];
	}
	out[k] = '\0';
	crypto_hash_sha256(digest, (const unsigned char *)plain, CODE_LENGTH);
	sodium_bin2hex(hash, 65, digest, sizeof(digest));
	sodium_memzero(plain, sizeof(plain));
}

/*
 * The hash of a code as typed: dashes and spaces dropped, letters in upper
 * case.  Text that cannot be a code hashes all the same (to a hash no code
 * has), so a wrong code of any shape costs a login attempt.
 */
static void code_hash_typed(const char *typed, char hash[65])
{
	char plain[CODE_LENGTH + 1];
	unsigned char digest[crypto_hash_sha256_BYTES];
	size_t k = 0;
	bool fits = true;

	for (const char *s = typed; *s; s++) {
		char c = *s >= 'a' && *s <= 'z' ? (char)(*s - 'a' + 'A') : *s;
		if (c == '-' || c == ' ')
			continue;
		if (k == CODE_LENGTH || strchr(code_alphabet, c) == NULL || c == '\0') {
			fits = false;
			break;
		}
		plain[k++] = c;
	}
	if (!fits || k != CODE_LENGTH)
		memset(plain, '-', k = CODE_LENGTH);
	crypto_hash_sha256(digest, (const unsigned char *)plain, k);
	sodium_bin2hex(hash, 65, digest, sizeof(digest));
	sodium_memzero(plain, sizeof(plain));
}

/* What a batch is about, one row a login (the targets' columns). */
struct issue_row {
	char enterprise_id[24], user_id[24];
	char *enterprise, *credit_code, *township, *phone;
	char code[CODE_PRINTED], hash[65];
	char *username, *expires_on, *expires_at;
	char url[300];
	bool sms;                 /* its SMS is queued */
};

static void issue_rows_free(struct issue_row *rows, size_t n)
{
	for (size_t i = 0; rows != NULL && i < n; i++) {
		free(rows[i].enterprise);
		free(rows[i].credit_code);
		free(rows[i].township);
		free(rows[i].phone);
		free(rows[i].username);
		free(rows[i].expires_on);
		free(rows[i].expires_at);
		sodium_memzero(rows[i].code, sizeof(rows[i].code));
	}
	free(rows);
}

static char *column_dup(PGresult *res, int row, int col)
{
	return strdup(PQgetisnull(res, row, col) ? "" : PQgetvalue(res, row, col));
}

/* A PostgreSQL array literal of one column of the rows ("NULL" for ""). */
static char *array_literal(const struct issue_row *rows, size_t n, size_t offset)
{
	size_t len = 0;
	char *out = NULL;
	FILE *f = open_memstream(&out, &len);

	if (f == NULL)
		return NULL;
	fputc('{', f);
	for (size_t i = 0; i < n; i++) {
		const char *v = (const char *)&rows[i] + offset;
		fprintf(f, "%s%s", i ? "," : "", v[0] ? v : "NULL");
	}
	fputc('}', f);
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * Queue the SMS of a chunk's codes, for the rows with a phone; mark the
 * rows the outbox took (the phone was a mobile number).  The code reaches
 * the database here in clear, in the outbox row only, until it is sent.
 */
static enum err sms_queue_chunk(struct request *req, struct issue_row *rows, size_t n)
{
	json_object *items = json_object_new_array();
	const char *params[1];
	PGresult *res = NULL;
	enum err e = ERR_NONE;

	for (size_t i = 0; i < n; i++) {
		json_object *item;

		if (rows[i].phone[0] == '\0')
			continue;
		item = json_object_new_object();
		json_object_object_add(item, "user_id", json_object_new_int64(atoll(rows[i].user_id)));
		json_object_object_add(item, "phone", json_object_new_string(rows[i].phone));
		json_object_object_add(item, "code", json_object_new_string(rows[i].code));
		json_object_object_add(item, "url", json_object_new_string(rows[i].url));
		json_object_array_add(items, item);
	}
	if (json_object_array_length(items) == 0)
		goto out;
	params[0] = json_object_to_json_string_ext(items, JSON_C_TO_STRING_PLAIN);
	if ((e = db_query(req->db, &stmt_sms_queue, &res, 1, params)) != ERR_NONE)
		goto out;
	for (int k = 0; k < PQntuples(res); k++) {
		long long user = atoll(PQgetvalue(res, k, 0));

		for (size_t i = 0; i < n; i++)
			if (atoll(rows[i].user_id) == user)
				rows[i].sms = true;
	}
out:
	PQclear(res);
	json_object_put(items);
	return e;
}

enum err login_issue_codes(struct request *req, struct db_stmt *targets, int target_count,
                      const char *const *target_params, const char *format, const char *contact, int status)
{
	struct issue_row *rows = NULL;
	char *ids = NULL, *users = NULL, *hashes = NULL, days[16];
	const char *params[4];
	PGresult *res = NULL;
	size_t n = 0;
	enum err e;

	if ((e = db_query(req->db, targets, &res, target_count, target_params)) != ERR_NONE)
		goto out;
	n = (size_t)PQntuples(res);
	if (n == 0 || n > ISSUE_MAX) {
		json_detail_add(request_details(req), "enterprise_ids", n ? "too_many" : "empty",
		                n ? "matches more than 20000 enterprises; narrow the filter"
		                  : "no enterprise matches");
		e = ERR_VALIDATION;
		goto out;
	}
	if ((rows = calloc(n, sizeof(*rows))) == NULL) {
		e = ERR_INTERNAL;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct issue_row *r = &rows[i];

		snprintf(r->enterprise_id, sizeof(r->enterprise_id), "%s", PQgetvalue(res, (int)i, 0));
		snprintf(r->user_id, sizeof(r->user_id), "%s", PQgetvalue(res, (int)i, 1));
		r->enterprise = column_dup(res, (int)i, 2);
		r->credit_code = column_dup(res, (int)i, 3);
		r->township = column_dup(res, (int)i, 4);
		r->phone = column_dup(res, (int)i, 5);
		if (!r->enterprise || !r->credit_code || !r->township || !r->phone) {
			e = ERR_INTERNAL;
			goto out;
		}
		code_new(r->code, r->hash);
	}
	PQclear(res);
	res = NULL;

	/*
	 * In chunks, one statement each: every statement stays well inside
	 * SAFEGRID_STATEMENT_TIMEOUT_MS however large the batch, all in the
	 * request's one transaction.
	 */
	snprintf(days, sizeof(days), "%d", req->cfg->activation_days);
	for (size_t from = 0; from < n; from += ISSUE_CHUNK) {
		size_t k = n - from < ISSUE_CHUNK ? n - from : ISSUE_CHUNK;

		ids = array_literal(rows + from, k, offsetof(struct issue_row, enterprise_id));
		users = array_literal(rows + from, k, offsetof(struct issue_row, user_id));
		hashes = array_literal(rows + from, k, offsetof(struct issue_row, hash));
		if (!ids || !users || !hashes) {
			e = ERR_INTERNAL;
			goto out;
		}
		params[0] = ids;
		params[1] = users;
		params[2] = hashes;
		params[3] = days;
		if ((e = db_query(req->db, &stmt_issue, &res, 4, params)) != ERR_NONE)
			goto out;
		if ((size_t)PQntuples(res) != k) {
			e = ERR_INTERNAL;
			goto out;
		}
		for (size_t i = 0; i < k; i++) {
			struct issue_row *r = &rows[from + (size_t)atoll(PQgetvalue(res, (int)i, 0)) - 1];
			char path[200];

			snprintf(r->user_id, sizeof(r->user_id), "%s", PQgetvalue(res, (int)i, 1));
			r->username = column_dup(res, (int)i, 2);
			r->expires_on = column_dup(res, (int)i, 3);
			r->expires_at = column_dup(res, (int)i, 4);
			if (!r->username || !r->expires_on || !r->expires_at) {
				e = ERR_INTERNAL;
				goto out;
			}
			snprintf(path, sizeof(path), ACTIVATE_PATH "%s", r->username);
			public_site_url(req, r->url, sizeof(r->url), path);
		}
		PQclear(res);
		res = NULL;
		if ((e = sms_queue_chunk(req, rows + from, k)) != ERR_NONE)
			goto out;
		free(ids);
		free(users);
		free(hashes);
		ids = users = hashes = NULL;
	}

	if (strcmp(format, "json") == 0) {
		json_object *answer = json_object_new_object(), *items = json_object_new_array();

		json_object_object_add(answer, "items", items);
		for (size_t i = 0; i < n; i++) {
			struct issue_row *r = &rows[i];
			json_object *item = json_object_new_object();

			json_object_object_add(item, "enterprise_id", json_object_new_int64(atoll(r->enterprise_id)));
			json_object_object_add(item, "enterprise_name", json_object_new_string(r->enterprise));
			json_object_object_add(item, "user_id", json_object_new_int64(atoll(r->user_id)));
			json_object_object_add(item, "username", json_object_new_string(r->username));
			json_object_object_add(item, "code", json_object_new_string(r->code));
			json_object_object_add(item, "expires_at", json_object_new_string(r->expires_at));
			json_object_object_add(item, "activation_url", json_object_new_string(r->url));
			json_object_object_add(item, "sms_queued", json_object_new_boolean(r->sms));
			json_object_array_add(items, item);
		}
		json_object_object_add(answer, "count", json_object_new_int64((long long)n));
		req->reply = answer;
		req->status = status;
	} else {
		struct login_letter *letters = calloc(n, sizeof(*letters));
		char *pdf;
		size_t len = 0, sms = 0;

		if (letters == NULL) {
			e = ERR_INTERNAL;
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			struct issue_row *r = &rows[i];

			sms += r->sms;
			letters[i] = (struct login_letter){r->enterprise, r->credit_code, r->township, r->username,
			                                   r->code, r->expires_on, r->url, contact};
		}
		pdf = login_letter_pdf(letters, n, &len);
		free(letters);
		if (pdf == NULL) {
			e = ERR_INTERNAL;
			goto out;
		}
		request_reply_bytes(req, pdf, len, "application/pdf");
		request_header(req, "Content-Disposition", "attachment; filename=\"activation-letters.pdf\"");
		{
			char count[24];
			snprintf(count, sizeof(count), "%zu", n);
			request_header(req, "X-Logins-Issued", count);
			snprintf(count, sizeof(count), "%zu", sms);
			request_header(req, "X-Sms-Queued", count);
		}
		req->status = status;
	}
out:
	PQclear(res);
	free(ids);
	free(users);
	free(hashes);
	issue_rows_free(rows, n);
	return e;
}

const char *login_contact_of(const struct request *req)
{
	const char *contact = request_text(req, "contact");
	return contact ? contact : "乡镇安全生产委员会办公室";
}

const char *login_format_of(const struct request *req)
{
	const char *format = request_text(req, "format");
	return format ? format : "pdf";
}

/*
 * POST /api/v1/enterprise-logins {township_id, sector_id, grid_node_id,
 * enterprise_ids, credit_codes, without_login, contact, format} -- 200 the activation
 * letters of every enterprise the filters match (application/pdf, one A4
 * page each; X-Logins-Issued the count), or with "format": "json" the
 * codes {"items", "count"}: each enterprise's administrator login, made
 * now if it has none, gets a new code that replaces any earlier one.
 * 422 when nothing or more than 20000 match, or for invalid fields.
 */
enum err login_issue(struct request *req)
{
	char limit[16];
	const char *params[2] = {request_body_text(req), limit};

	snprintf(limit, sizeof(limit), "%d", ISSUE_MAX + 1);
	return login_issue_codes(req, &stmt_issue_targets, 2, params, login_format_of(req), login_contact_of(req), 200);
}

/*
 * A reset: a new code for the one login of targets (then its password is
 * taken away, which ends its sessions: the code is the only way back in),
 * or 404 for a login the caller may not reset.
 */
static enum err login_reset(struct request *req, struct db_stmt *targets, const char *format,
                            const char *contact)
{
	const char *params[1] = {req->params[0]};
	enum err e = login_issue_codes(req, targets, 1, params, format, contact, 200);

	if (e == ERR_VALIDATION) {
		json_object_put(req->details);
		req->details = NULL;
		return ERR_NOT_FOUND;
	}
	if (e != ERR_NONE)
		return e;
	return db_query(req->db, &stmt_password_withdraw, NULL, 1, params);
}

/*
 * POST /api/v1/users/{id}/activation-code {contact, format} -- 200 the
 * letter (X-Sms-Queued 1 when the code also went to the login's mobile
 * number) or the code of a new activation code for an active enterprise
 * login: a township's reset, which never sets or shows a password.  The
 * old code and the old password stop working and the login's sessions
 * end.  404 for a user that is not an active enterprise login the caller
 * sees.
 */
enum err login_code_reset(struct request *req)
{
	return login_reset(req, &stmt_user_target, login_format_of(req), login_contact_of(req));
}

/*
 * POST /api/v1/auth/activate {"username", "code", "password"} -- 200
 * {"user", "csrf_token"} and the session cookie: the code was the login's
 * current one, unused and unexpired, and the password is now its own.  401
 * bad_activation_code for any other code (a wrong, expired or used code, an
 * unknown or disabled user alike), counted as a failed login; 429 with
 * Retry-After when the username or the address must wait, as for the
 * login; 422 for a password that breaks the rules.
 */
enum err login_activate(struct request *req)
{
	const char *username = request_text(req, "username");
	const char *password = request_text(req, "password");
	char user_id[24], *stored = NULL, hash[65], password_hashed[crypto_pwhash_STRBYTES];
	const char *problem, *params[3];
	PGresult *res = NULL;
	bool ok = false;
	enum err e;

	if ((problem = password_problem(password, username)) != NULL) {
		json_detail_add(request_details(req), "password", "weak", problem);
		return ERR_VALIDATION;
	}
	e = session_attempt_lookup(req, username, user_id, &stored);
	free(stored);
	if (e != ERR_NONE && e != ERR_TOO_MANY)
		return e;
	code_hash_typed(request_text(req, "code"), hash);
	if (password_hash(password, password_hashed) != 0)
		return ERR_INTERNAL;
	if (e == ERR_NONE && user_id[0]) {
		params[0] = user_id;
		params[1] = hash;
		params[2] = password_hashed;
		if ((e = db_query(req->db, &stmt_redeem, &res, 3, params)) != ERR_NONE)
			return e;
		ok = PQgetvalue(res, 0, 0)[0] == 't';
		PQclear(res);
	}
	return session_attempt_finish(req, username, user_id, ok, e == ERR_NONE ? ERR_BAD_CODE : e);
}

/* ERR_FORBIDDEN unless the caller is its enterprise's administrator. */
static enum err staff_admin_only(struct request *req)
{
	PGresult *res;
	enum err e;
	bool admin;

	if ((e = db_query(req->db, &stmt_is_admin, &res, 0, NULL)) != ERR_NONE)
		return e;
	admin = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	return admin ? ERR_NONE : ERR_FORBIDDEN;
}

/* GET /api/v1/enterprise-staff -- 200 {"items"}: the enterprise's logins; 403 unless its administrator. */
enum err login_staff_list(struct request *req)
{
	enum err e;

	if ((e = staff_admin_only(req)) != ERR_NONE)
		return e;
	return request_reply_query(req, &stmt_staff_list, 0, NULL, 200);
}

/*
 * POST /api/v1/enterprise-staff {"display_name", "phone"} -- 201 {"user",
 * "code", "expires_at", "activation_url"}: a login of the administrator's
 * own enterprise ("<credit code>.<n>") with its activation code, which the
 * administrator hands over; 403 unless its administrator.
 */
enum err login_staff_create(struct request *req)
{
	const char *params[2] = {request_body_text(req), NULL};
	PGresult *res = NULL;
	json_object *answer, *user = NULL, *items;
	char id[24];
	enum err e;

	if ((e = staff_admin_only(req)) != ERR_NONE)
		return e;
	if ((e = db_query(req->db, &stmt_staff_create, &res, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ERR_FORBIDDEN;
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	params[0] = id;
	if ((e = login_issue_codes(req, &stmt_staff_target, 1, params, "json", "", 201)) != ERR_NONE)
		return e;
	params[0] = id;
	if ((e = db_query(req->db, &stmt_staff_get, &res, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) == 1)
		user = json_tokener_parse(PQgetvalue(res, 0, 0));
	PQclear(res);
	/* The batch answer's one item, with the user as the enterprise sees it. */
	items = json_object_object_get(req->reply, "items");
	answer = json_object_get(json_object_array_get_idx(items, 0));
	json_object_object_add(answer, "user", user);
	json_object_put(req->reply);
	req->reply = answer;
	return ERR_NONE;
}

/*
 * PATCH /api/v1/enterprise-staff/{id} {"version", "display_name", "phone",
 * "active"} -- 200 the login; "active": false disables it and ends its
 * sessions.  403 unless the enterprise's administrator; 404 for a login of
 * another enterprise, or the administrator's own; 409 for a stale version.
 */
enum err login_staff_update(struct request *req)
{
	enum err e;

	if ((e = staff_admin_only(req)) != ERR_NONE)
		return e;
	if ((e = request_check_version(req, &stmt_staff_version)) != ERR_NONE)
		return e;
	if ((e = request_update(req, &stmt_staff_update)) != ERR_NONE)
		return e;
	return request_reply_row(req, &stmt_staff_get, req->params[0], 200);
}

/*
 * POST /api/v1/enterprise-staff/{id}/activation-code -- 200 {"code",
 * "expires_at", ...}: a new code for a staff login of the administrator's
 * enterprise (it forgot its password), whose old password stops working;
 * 403 unless its administrator; 404 for another enterprise's login or its
 * own.
 */
enum err login_staff_code(struct request *req)
{
	json_object *items;
	enum err e;

	if ((e = staff_admin_only(req)) != ERR_NONE)
		return e;
	if ((e = login_reset(req, &stmt_staff_target, "json", "")) == ERR_NONE) {
		items = json_object_object_get(req->reply, "items");
		json_object *one = json_object_get(json_object_array_get_idx(items, 0));
		json_object_put(req->reply);
		req->reply = one;
	}
	return e;
}
