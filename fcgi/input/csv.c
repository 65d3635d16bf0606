/*
 * csv.c -- an RFC 4180 reader over a buffer in memory.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/csv.h"

bool csv_init(struct csv_reader *r, const char *bytes, size_t len)
{
	memset(r, 0, sizeof(*r));
	if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
		bytes += 3;
		len -= 3;
	}
	r->p = bytes;
	r->end = bytes + len;
	r->line = 1;
	/*
	 * Every field's bytes plus its NUL fit in what it was read from (its
	 * quotes or the separator after it), except the very last field of a
	 * file that does not end with a line break: one byte more.
	 */
	r->out = malloc(len + 1);
	return r->out != NULL;
}

void csv_free(struct csv_reader *r)
{
	free(r->out);
	r->out = NULL;
}

static enum csv_status csv_fail(struct csv_reader *r, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

static enum csv_status csv_fail(struct csv_reader *r, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	vsnprintf(r->message, sizeof(r->message), format, ap);
	va_end(ap);
	return CSV_ERROR;
}

/* Whether a line ends at p: LF, CRLF (at its CR) or a lone CR. */
static bool csv_line_break(const char *p, const char *end)
{
	return *p == '\n' || (*p == '\r' && (p + 1 >= end || p[1] != '\n'));
}

enum csv_status csv_next(struct csv_reader *r, struct csv_record *rec)
{
	const char *p = r->p, *end = r->end;
	char *o = r->out + r->out_used;

	if (r->message[0])
		return CSV_ERROR;
	if (p >= end)
		return CSV_END;
	rec->line = r->line;
	rec->count = 0;
	for (;;) {
		if (rec->count == CSV_MAX_FIELDS)
			return csv_fail(r, "line %ld has more than %d fields", r->line, CSV_MAX_FIELDS);
		rec->fields[rec->count++] = o;
		if (p < end && *p == '"') {
			long starts = r->line;

			for (p++;; p++) {
				if (p >= end)
					return csv_fail(r, "the quoted field that starts on line %ld is not closed",
					                starts);
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						*o++ = *p++;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\0')
					return csv_fail(r, "line %ld holds a NUL byte", r->line);
				if (csv_line_break(p, end))
					r->line++;
				*o++ = *p;
			}
			if (p < end && *p != ',' && *p != '\r' && *p != '\n')
				return csv_fail(r, "line %ld: a closing quote must end its field", r->line);
		} else {
			for (; p < end && *p != ',' && *p != '\r' && *p != '\n'; p++) {
				if (*p == '\0')
					return csv_fail(r, "line %ld holds a NUL byte", r->line);
				*o++ = *p;
			}
		}
		*o++ = '\0';
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		break;
	}
	if (p < end) {
		p += *p == '\r' && p + 1 < end && p[1] == '\n' ? 2 : 1;
		r->line++;
	}
	r->p = p;
	r->out_used = (size_t)(o - r->out);
	return CSV_RECORD;
}

bool csv_looks_like_gbk(const char *bytes, size_t len)
{
	const unsigned char *p = (const unsigned char *)bytes, *end = p + len;
	size_t sequences = 0;

	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (*p < 0x81 || *p > 0xFE || end - p < 2)
			return false;
		if (p[1] >= 0x40 && p[1] <= 0xFE && p[1] != 0x7F) {
			p += 2;
		} else if (p[1] >= 0x30 && p[1] <= 0x39 && end - p >= 4 &&
		           p[2] >= 0x81 && p[2] <= 0xFE && p[3] >= 0x30 && p[3] <= 0x39) {
			p += 4;
		} else {
			return false;
		}
		sequences++;
	}
	return sequences > 0;
}
