/*
 * export.c -- a ledger (台账) written from a cursor, a batch at a time, to a
 * temporary file: xlsx by libxlsxwriter in constant-memory mode (each row
 * goes to its own temporary storage as it is written), or CSV row by row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "api/export.h"
#include "base/log.h"
#include "db/db.h"

/* Rows fetched at a time: a few hundred kilobytes of text at most. */
#define EXPORT_BATCH "1000"
#define EXPORT_CURSOR "safegrid_export"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define CSV_TYPE "text/csv; charset=utf-8"

/* Where the temporary files go: $TMPDIR, else /tmp. */
static const char *temp_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir && *dir ? dir : "/tmp";
}

/* Today in the county's time zone, Asia/Shanghai (UTC+8 all year), as app.today() has it. */
static void today(char out[11])
{
	time_t now = time(NULL) + 8 * 3600;
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Whether the request asks for CSV (the path ends in ".csv"). */
static bool wants_csv(const struct request *req)
{
	size_t n = strlen(req->path);

	return n > 4 && strcmp(req->path + n - 4, ".csv") == 0;
}

/*
 * Content-Disposition with the English name for every client and the
 * Chinese one (RFC 5987, percent-encoded UTF-8) for those that read it:
 * attachment; filename="hazards-2026-05-01.xlsx"; filename*=UTF-8''隐患台账-2026-05-01.xlsx
 */
static void disposition(struct request *req, const struct export_ledger *ledger, const char *ext)
{
	char day[11], value[512], *p;
	const unsigned char *s;
	int n;

	today(day);
	n = snprintf(value, sizeof(value), "attachment; filename=\"%s-%s.%s\"; filename*=UTF-8''",
	             ledger->file, day, ext);
	p = value + n;
	for (s = (const unsigned char *)ledger->title; *s && p < value + sizeof(value) - 4; s++)
		p += sprintf(p, "%%%02X", *s);
	snprintf(p, (size_t)(value + sizeof(value) - p), "-%s.%s", day, ext);
	request_header(req, "Content-Disposition", value);
}

bool export_parse_time(const char *s, bool with_time, lxw_datetime *t)
{
	char sep = ' ';
	int n;

	memset(t, 0, sizeof(*t));
	if (!with_time)
		return sscanf(s, "%4d-%2d-%2d%n", &t->year, &t->month, &t->day, &n) == 3 && s[n] == '\0';
	if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d:%2d", &t->year, &t->month, &t->day, &sep, &t->hour, &t->min, &n) != 7)
		return false;
	t->sec = n;
	return sep == ' ' || sep == 'T';
}

/* The text a cell shows for a value of the column ("" for none). */
static const char *shown(const struct export_column *c, const char *value)
{
	if (c->type == EXPORT_YES_NO)
		return value[0] == 't' ? "是" : value[0] == 'f' ? "否" : "";
	if (c->type == EXPORT_LABEL)
		return value[0] ? public_label(c->labels, value) : "";
	return value;
}

/* ---------------------------------------------------------------------------
 * CSV
 * ------------------------------------------------------------------------- */

/* So that a ledger opened in Excel never runs what someone typed (export.h). */
void export_csv_field(FILE *f, const char *s, bool text)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		fputc('"', f);
	if (text && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@'))
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	if (quote)
		fputc('"', f);
}

static void csv_row_end(FILE *f)
{
	fputs("\r\n", f);
}

/* ---------------------------------------------------------------------------
 * The writer: CSV or xlsx, a row at a time
 * ------------------------------------------------------------------------- */

struct writer {
	const struct export_ledger *ledger;
	int ncolumns;
	bool csv;
	FILE *file;                 /* CSV: the answer */
	char path[256];             /* xlsx: the workbook's file until it is opened for the answer */
	lxw_workbook *book;
	lxw_worksheet *sheet;
	lxw_format *header, *date, *time;
	lxw_row_t row;
};

static enum err writer_open(struct writer *w)
{
	const struct export_column *c;
	lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
	int fd, i;

	for (w->ncolumns = 0; w->ledger->columns[w->ncolumns].header; w->ncolumns++)
		;
	if (w->csv) {
		if ((w->file = tmpfile()) == NULL)
			return ERR_INTERNAL;
		fputs("\xEF\xBB\xBF", w->file);   /* the BOM: Excel then reads the file as UTF-8 */
		for (i = 0; i < w->ncolumns; i++) {
			if (i)
				fputc(',', w->file);
			export_csv_field(w->file, w->ledger->columns[i].header, false);
		}
		csv_row_end(w->file);
		return ERR_NONE;
	}
	snprintf(w->path, sizeof(w->path), "%s/safegrid-export-XXXXXX", temp_dir());
	if ((fd = mkstemp(w->path)) < 0) {
		w->path[0] = '\0';
		return ERR_INTERNAL;
	}
	close(fd);
	options.tmpdir = (char *)temp_dir();
	if ((w->book = workbook_new_opt(w->path, &options)) == NULL ||
	    (w->sheet = workbook_add_worksheet(w->book, w->ledger->title)) == NULL)
		return ERR_INTERNAL;
	w->header = workbook_add_format(w->book);
	format_set_bold(w->header);
	w->date = workbook_add_format(w->book);
	format_set_num_format(w->date, "yyyy-mm-dd");
	w->time = workbook_add_format(w->book);
	format_set_num_format(w->time, "yyyy-mm-dd hh:mm");
	for (i = 0, c = w->ledger->columns; i < w->ncolumns; i++, c++) {
		worksheet_set_column(w->sheet, (lxw_col_t)i, (lxw_col_t)i, c->width, NULL);
		worksheet_write_string(w->sheet, 0, (lxw_col_t)i, c->header, w->header);
	}
	worksheet_freeze_panes(w->sheet, 1, 0);
	w->row = 1;
	return ERR_NONE;
}

/* Row r of res as the ledger's next row. */
static void writer_row(struct writer *w, const PGresult *res, int r)
{
	for (int i = 0; i < w->ncolumns; i++) {
		const struct export_column *c = &w->ledger->columns[i];
		const char *value = PQgetisnull(res, r, i) ? "" : PQgetvalue(res, r, i);
		lxw_col_t col = (lxw_col_t)i;
		lxw_datetime t;

		if (w->csv) {
			if (i)
				fputc(',', w->file);
			export_csv_field(w->file, shown(c, value), c->type == EXPORT_TEXT);
			continue;
		}
		if (!value[0])
			continue;
		if (c->type == EXPORT_NUMBER)
			worksheet_write_number(w->sheet, w->row, col, strtod(value, NULL), NULL);
		else if ((c->type == EXPORT_DATE || c->type == EXPORT_TIME) &&
		         export_parse_time(value, c->type == EXPORT_TIME, &t))
			worksheet_write_datetime(w->sheet, w->row, col, &t, c->type == EXPORT_DATE ? w->date : w->time);
		else
			worksheet_write_string(w->sheet, w->row, col, shown(c, value), NULL);
	}
	if (w->csv)
		csv_row_end(w->file);
	else
		w->row++;
}

/* Finish the file and hand it to the request as the answer. */
static enum err writer_finish(struct writer *w, struct request *req)
{
	lxw_error failed;
	long len;

	if (!w->csv) {
		failed = workbook_close(w->book);
		w->book = NULL;
		if (failed != LXW_NO_ERROR) {
			log_event("error", "export_failed", lxw_strerror(failed));
			return ERR_INTERNAL;
		}
		if ((w->file = fopen(w->path, "rb")) == NULL)
			return ERR_INTERNAL;
		unlink(w->path);
		w->path[0] = '\0';
	}
	if (fflush(w->file) != 0 || ferror(w->file) || fseek(w->file, 0, SEEK_END) != 0 ||
	    (len = ftell(w->file)) < 0)
		return ERR_INTERNAL;
	request_reply_file(req, w->file, (size_t)len, w->csv ? CSV_TYPE : XLSX_TYPE);
	w->file = NULL;
	return ERR_NONE;
}

/* Whatever is left after a failure. */
static void writer_drop(struct writer *w)
{
	if (w->book)
		workbook_close(w->book);   /* frees it; the file is removed below */
	if (w->path[0])
		unlink(w->path);
	if (w->file)
		fclose(w->file);
}

enum err export_answer(struct request *req, const struct export_ledger *ledger)
{
	struct writer w = {.ledger = ledger, .csv = wants_csv(req)};
	struct sqlbuf *q = NULL;
	char scratch[EXPORT_SCRATCH];
	PGresult *res = NULL;
	enum err e;
	int n;

	if ((q = sqlbuf_new()) == NULL)
		return ERR_INTERNAL;
	sqlbuf_add(q, "declare " EXPORT_CURSOR " no scroll cursor for ");
	/*
	 * Every row is read, so the cursor is planned for all of them, not for
	 * the first tenth (cursor_tuple_fraction); and a long read must not
	 * spend seconds compiling itself first (jit).
	 */
	if ((e = ledger->assemble(req, q, scratch)) != ERR_NONE ||
	    (e = db_query_text(req->db, "select set_config('cursor_tuple_fraction', '1', true),"
	                                "       set_config('jit', 'off', true)", NULL, 0, NULL)) != ERR_NONE ||
	    (e = sqlbuf_query(req->db, q, NULL)) != ERR_NONE ||
	    (e = writer_open(&w)) != ERR_NONE)
		goto out;
	do {
		if ((e = db_query_text(req->db, "fetch " EXPORT_BATCH " from " EXPORT_CURSOR, &res, 0, NULL)) != ERR_NONE)
			goto out;
		n = PQntuples(res);
		if (PQnfields(res) != w.ncolumns) {
			log_event("error", "export_columns", ledger->file);
			e = ERR_INTERNAL;
			goto out;
		}
		if (!w.csv && (unsigned long)w.row + (unsigned long)n > LXW_ROW_MAX - 1) {
			request_message(req, "more rows than a sheet holds: narrow the filters, or export CSV");
			e = ERR_VALIDATION;
			goto out;
		}
		for (int r = 0; r < n; r++)
			writer_row(&w, res, r);
		PQclear(res);
		res = NULL;
	} while (n > 0);
	if ((e = db_query_text(req->db, "close " EXPORT_CURSOR, NULL, 0, NULL)) != ERR_NONE ||
	    (e = writer_finish(&w, req)) != ERR_NONE)
		goto out;
	disposition(req, ledger, w.csv ? "csv" : "xlsx");
out:
	PQclear(res);
	free(q);
	writer_drop(&w);
	return e;
}
