/*
 * fuzz_import.c -- a whole enterprise import without a database:
 * enterprise_import_read, which POST /api/v1/enterprises/import runs before
 * it asks PostgreSQL anything (the file's encoding and CSV, its header, and
 * every row's cells checked as the fields of POST /api/v1/enterprises they
 * fill).  Each input is read twice: as a whole file, and as the data rows
 * under the right header, so that mutations reach the row checks.
 *
 * Besides "no crash", what the import answers must hold:
 *  - a file refused whole says where (field), what (code) and why;
 *  - every row is [line, 8 cells], lines going forward, every cell valid
 *    UTF-8 without NUL and without the spaces and tabs around it;
 *  - every problem is a 422 detail about a row's line ("line N"), in line
 *    order (the handler merges them with the database's by line), its
 *    message naming its column;
 *  - a row's cells get the same verdict, field by field and code by code,
 *    as a JSON body of POST /api/v1/enterprises holding them gets from that
 *    route's field table (the same rules, one home);
 *  - a row without problems passes the enterprise table's CHECK constraints
 *    (sql/schema.sql, restated here as the oracle): lengths in characters,
 *    the phone's pattern, an 18-character credit code;
 *  - the rows as the handler sends them to PostgreSQL (JSON text) read back,
 *    by the API's strict JSON parser, as the same rows.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/enterprise.h"
#include "api/handlers.h"
#include "input/fields.h"
#include "input/json.h"
#include "input/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The cells in the order of the header, and the create body's member each fills. */
static const char *const members[ENTERPRISE_IMPORT_COLUMNS] = {
	"credit_code", "name", NULL /* sector, by name */, NULL /* grid, by name */,
	"address", "legal_representative", "contact_name", "contact_phone",
};
static const char *const headers[ENTERPRISE_IMPORT_COLUMNS] = {
	"统一社会信用代码", "企业名称", "行业领域", "所属网格", "地址", "法定代表人", "安全负责人", "联系电话",
};
/* The enterprise table's length checks (characters), and the sector's and grid node's names. */
static const long long max_chars[ENTERPRISE_IMPORT_COLUMNS] = {18, 100, 30, 60, 200, 50, 50, 20};

static const char *member_string(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static long long member_int(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
		abort();
	return json_object_get_int64(v);
}

static void check_cell(const char *s, size_t len)
{
	if (strlen(s) != len || !utf8_valid(s, len))
		abort();
	if (len > 0 && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t'))
		abort();
}

/* The enterprise table's CHECK on contact_phone: ^[0-9+ -]{5,20}$. */
static bool phone_matches(const char *s, size_t len)
{
	return len >= 5 && len <= 20 && strspn(s, "0123456789+ -") == len;
}

/* The column index a problem names, or -1 for one about the whole row. */
static int problem_column(json_object *d)
{
	json_object *column;

	if (!json_object_object_get_ex(d, "column", &column))
		abort();   /* present, null for the row */
	if (column == NULL)
		return -1;
	for (int i = 0; i < ENTERPRISE_IMPORT_COLUMNS; i++)
		if (strcmp(json_object_get_string(column), headers[i]) == 0)
			return i;
	abort();
}

/*
 * The row's cells as a JSON body of POST /api/v1/enterprises (the empty ones
 * left out, the sector as an id), checked by that route's field table: the
 * code of each member's problem, by column, must be the import's.
 */
static void check_as_create_body(json_object *row, const char *import_codes[])
{
	json_object *body = json_object_new_object(), *details = json_object_new_array();
	struct field_values values;

	json_object_object_add(body, "sector_id", json_object_new_int64(1));
	for (int i = 0; i < ENTERPRISE_IMPORT_COLUMNS; i++) {
		json_object *cell = json_object_array_get_idx(row, (size_t)i + 1);

		if (members[i] && json_object_get_string_len(cell) > 0)
			json_object_object_add(body, members[i], json_object_get(cell));
	}
	input_parse_json(body, enterprise_create_body, &values, details);
	for (int i = 0; i < ENTERPRISE_IMPORT_COLUMNS; i++) {
		const char *code = NULL;

		if (members[i] == NULL)
			continue;
		for (size_t j = 0; j < json_object_array_length(details); j++) {
			json_object *d = json_object_array_get_idx(details, j);
			if (strcmp(member_string(d, "field"), members[i]) == 0)
				code = member_string(d, "code");
		}
		if ((code == NULL) != (import_codes[i] == NULL) ||
		    (code && strcmp(code, import_codes[i]) != 0)) {
			fprintf(stderr, "column %s: the import says %s, POST /enterprises %s\n", headers[i],
			        import_codes[i] ? import_codes[i] : "fine", code ? code : "fine");
			abort();
		}
	}
	input_values_free(&values);
	json_object_put(details);
	json_object_put(body);
}

/* A row without problems, against the enterprise table's constraints. */
static void check_constraints(json_object *row)
{
	for (int i = 0; i < ENTERPRISE_IMPORT_COLUMNS; i++) {
		json_object *cell = json_object_array_get_idx(row, (size_t)i + 1);
		const char *s = json_object_get_string(cell);
		size_t len = (size_t)json_object_get_string_len(cell);

		if (utf8_length(s) > max_chars[i])
			abort();
		if (len == 0 && i <= 2)
			abort();   /* code, name and sector are NOT NULL */
		if (i == 0 && utf8_length(s) != 18)
			abort();
		if (i == ENTERPRISE_IMPORT_COLUMNS - 1 && len > 0 && !phone_matches(s, len))
			abort();
	}
}

static void check_read(const char *bytes, size_t len)
{
	struct enterprise_import import;
	enum err e = enterprise_import_read(bytes, len, &import);
	long last_line = 1;
	size_t p = 0, rows, problems;
	json_object *sent = NULL, *back = NULL;
	const char *why = NULL, *text;
	char *wrapped;

	if (e == ERR_INTERNAL)
		goto out;
	if (e == ERR_VALIDATION) {
		if (import.rows || import.problems || !import.field || !import.code || !import.message[0] ||
		    !utf8_valid(import.message, strlen(import.message)))
			abort();
		goto out;
	}
	if (e != ERR_NONE || !import.rows || !import.problems)
		abort();
	rows = json_object_array_length(import.rows);
	problems = json_object_array_length(import.problems);
	if (rows == 0 || rows > ENTERPRISE_IMPORT_MAX_ROWS)
		abort();
	for (size_t r = 0; r < rows; r++) {
		json_object *row = json_object_array_get_idx(import.rows, r);
		const char *codes[ENTERPRISE_IMPORT_COLUMNS] = {NULL};
		bool any = false;
		long line;

		if (json_object_array_length(row) != ENTERPRISE_IMPORT_COLUMNS + 1)
			abort();
		line = (long)json_object_get_int64(json_object_array_get_idx(row, 0));
		if (line <= last_line)
			abort();
		last_line = line;
		for (int i = 0; i < ENTERPRISE_IMPORT_COLUMNS; i++) {
			json_object *cell = json_object_array_get_idx(row, (size_t)i + 1);
			check_cell(json_object_get_string(cell), (size_t)json_object_get_string_len(cell));
		}
		/* This row's problems come next, before any later row's. */
		for (; p < problems; p++) {
			json_object *d = json_object_array_get_idx(import.problems, p);
			char field[32];
			int column;

			if (member_int(d, "line") != line)
				break;
			snprintf(field, sizeof(field), "line %ld", line);
			if (strcmp(member_string(d, "field"), field) != 0 || !member_string(d, "code") ||
			    !member_string(d, "message"))
				abort();
			column = problem_column(d);
			if (column >= 0) {
				if (strncmp(member_string(d, "message"), headers[column], strlen(headers[column])) != 0 ||
				    codes[column] != NULL)
					abort();   /* "<column>: <why>", one problem a cell */
				codes[column] = member_string(d, "code");
			}
			any = true;
		}
		check_as_create_body(row, codes);
		if (!any)
			check_constraints(row);
	}
	if (p != problems)
		abort();   /* a problem out of line order, or about no row */

	/*
	 * What PostgreSQL is sent is what was checked (wrapped in an object, which
	 * is what the strict parser takes).
	 */
	text = json_object_to_json_string_ext(import.rows, JSON_C_TO_STRING_PLAIN);
	wrapped = malloc(strlen(text) + 16);
	if (wrapped == NULL)
		goto out;
	snprintf(wrapped, strlen(text) + 16, "{\"rows\":%s}", text);
	if (json_parse_body(wrapped, strlen(wrapped), 4, &back, &why) != ERR_NONE ||
	    !json_object_object_get_ex(back, "rows", &sent) || !json_object_equal(sent, import.rows)) {
		fprintf(stderr, "the rows sent do not read back: %s\n", why ? why : "they differ");
		abort();
	}
	json_object_put(back);
	free(wrapped);
out:
	enterprise_import_free(&import);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char header[] = ENTERPRISE_IMPORT_HEADER "\r\n";
	char *bytes = malloc(size ? size : 1);   /* exact size: a read past the end is seen */
	char *file = malloc(sizeof(header) - 1 + size);

	if (bytes && file) {
		memcpy(bytes, data, size);
		check_read(bytes, size);
		memcpy(file, header, sizeof(header) - 1);
		memcpy(file + sizeof(header) - 1, data, size);
		check_read(file, sizeof(header) - 1 + size);
	}
	free(bytes);
	free(file);
	return 0;
}
