/*
 * fuzz_csv.c -- an enterprise import file through the CSV reader and the
 * encoding checks the import runs first (UTF-8, else whether it looks
 * like GBK).  Every record has at least one field, at most CSV_MAX_FIELDS,
 * each a NUL-terminated string, lines only go forward, and an error stays.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input/csv.h"
#include "input/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy, so that a read past the end is seen. */
	char *bytes = malloc(size ? size : 1);
	struct csv_reader r;
	struct csv_record rec;
	enum csv_status status;
	long line = 0;

	if (bytes == NULL)
		return 0;
	memcpy(bytes, data, size);
	if (!utf8_valid(bytes, size))
		csv_looks_like_gbk(bytes, size);
	if (!csv_init(&r, bytes, size)) {
		free(bytes);
		return 0;
	}
	while ((status = csv_next(&r, &rec)) == CSV_RECORD) {
		if (rec.count < 1 || rec.count > CSV_MAX_FIELDS || rec.line <= line)
			abort();
		line = rec.line;
		for (size_t i = 0; i < rec.count; i++)
			(void)strlen(rec.fields[i]);
	}
	if (status == CSV_ERROR && (r.message[0] == '\0' || csv_next(&r, &rec) != CSV_ERROR))
		abort();
	csv_free(&r);
	free(bytes);
	return 0;
}
