/*
 * csv.h -- reading CSV as spreadsheets save it (RFC 4180).
 *
 * Fields are separated by commas; a field in double quotes may hold commas,
 * line breaks and doubled quotes ("").  Records end with CRLF, LF or a lone
 * CR.  A UTF-8 byte-order mark at the start is skipped; a line break at the
 * very end does not start another record; a quote inside an unquoted field
 * is taken literally, as spreadsheets read it.  The parser checks no
 * encoding and knows nothing of what the fields mean.
 */
#ifndef SAFEGRID_CSV_H
#define SAFEGRID_CSV_H

#include <stdbool.h>
#include <stddef.h>

#define CSV_MAX_FIELDS 32

struct csv_reader {
	const char *p, *end;
	long line;              /* the line the next record starts on, from 1 */
	char *out;              /* decoded fields, NUL-terminated, kept until csv_free */
	size_t out_used;
	char message[128];      /* what went wrong, after CSV_ERROR */
};

struct csv_record {
	long line;              /* the line the record starts on */
	size_t count;           /* at least 1 */
	const char *fields[CSV_MAX_FIELDS];
};

enum csv_status { CSV_RECORD, CSV_END, CSV_ERROR };

/* Read len bytes at bytes (which must outlive the reader).  false if out of memory. */
bool csv_init(struct csv_reader *r, const char *bytes, size_t len);

/*
 * The next record into *rec.  Its fields stay valid until csv_free.
 * CSV_ERROR (with r->message naming the line) for a quoted field that is not
 * closed, a character after a closing quote, a NUL byte, or more than
 * CSV_MAX_FIELDS fields; the reader then stays at CSV_ERROR.
 */
enum csv_status csv_next(struct csv_reader *r, struct csv_record *rec);

void csv_free(struct csv_reader *r);

/*
 * Whether bytes that are not UTF-8 read as GBK / GB18030: every byte above
 * 0x7F starts a two-byte (lead 0x81-0xFE, trail 0x40-0xFE but 0x7F) or
 * four-byte (0x81-0xFE, 0x30-0x39, 0x81-0xFE, 0x30-0x39) sequence, and
 * there is at least one.
 */
bool csv_looks_like_gbk(const char *bytes, size_t len);

#endif
