/*
 * export.h -- the ledgers (台账): a list's rows, with the list's own filters,
 * as a spreadsheet (xlsx, one sheet) or CSV, under /api/v1/exports/.
 *
 * A resource describes its ledger (columns, headers, and a function that
 * appends the statement: the list's filters, the ledger's columns and the
 * list's order) and its handler calls export_answer.  The rows come from a
 * cursor a batch at a time, and are written as they come to a temporary
 * file, which is then sent: an export of any length takes little memory,
 * and a database error half-way is still a clean error answer, never a cut
 * file with 200.
 */
#ifndef SAFEGRID_EXPORT_H
#define SAFEGRID_EXPORT_H

#include "api/public.h"
#include "base/error.h"
#include "db/sqlbuf.h"
#include "server/request.h"

/* What a column's text is, and how the ledger shows it. */
enum export_type {
	EXPORT_TEXT,      /* as it is */
	EXPORT_NUMBER,    /* a whole number */
	EXPORT_DATE,      /* YYYY-MM-DD: a date cell */
	EXPORT_TIME,      /* YYYY-MM-DD HH:MM:SS (or with T), local: a date and time cell */
	EXPORT_YES_NO,    /* t/f: 是/否 */
	EXPORT_LABEL,     /* a code: its label from the column's table */
};

struct export_column {
	const char *header;                  /* in Chinese */
	enum export_type type;
	double width;                        /* in characters, for the sheet */
	const struct public_label *labels;   /* EXPORT_LABEL */
};

#define EXPORT_SCRATCH 128

struct export_ledger {
	const char *file;                    /* "hazards": hazards-YYYY-MM-DD.xlsx */
	const char *title;                   /* "隐患台账": the sheet, and the Chinese file name */
	const struct export_column *columns; /* ends with a NULL header */
	/*
	 * Append to q the statement of the rows, one column each in the
	 * columns' order, as text: the list's filters from the request, in the
	 * list's order.  ERR_VALIDATION (with details) for a bad filter.
	 * scratch lives as long as q: room for a value made from the input.
	 */
	enum err (*assemble)(struct request *req, struct sqlbuf *q, char scratch[EXPORT_SCRATCH]);
};

/*
 * The whole of an export handler: the ledger as xlsx or, when the path
 * ends in ".csv", as CSV (UTF-8 with a byte-order mark), as an attachment
 * named with the ledger and today's date.
 */
enum err export_answer(struct request *req, const struct export_ledger *ledger);

/* What the writers share with the unit tests (tests/unit/test_export.c). */
struct lxw_datetime;

/*
 * One CSV field: quoted when it holds a comma, quote or line break; a text
 * (text true) that a spreadsheet would take for a formula (=, +, -, @
 * first) gets a leading apostrophe.
 */
void export_csv_field(FILE *f, const char *s, bool text);

/* "YYYY-MM-DD", or with with_time "YYYY-MM-DD HH:MM:SS…" (a T for the space), as *t; false if not one. */
bool export_parse_time(const char *s, bool with_time, struct lxw_datetime *t);

#endif
