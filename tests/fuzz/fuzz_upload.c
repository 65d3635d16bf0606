/*
 * fuzz_upload.c -- an uploaded file: its type decided from its bytes
 * (upload_type), and a photo's metadata stripped (photo_strip), for the
 * type sniffed and for each photo type whatever the bytes are.  What comes
 * out is at most two bytes longer than what went in and sniffs as the same
 * type.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input/upload.h"
#include "input/photo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const photo_types[] = {"image/jpeg", "image/png", "image/webp"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *in = malloc(size ? size : 1);
	const char *sniffed;

	if (in == NULL)
		return 0;
	memcpy(in, data, size);
	sniffed = upload_type(in, size);
	for (size_t i = 0; i < sizeof(photo_types) / sizeof(photo_types[0]); i++) {
		unsigned char *out = NULL;
		size_t out_len = 0;

		if (photo_strip(photo_types[i], in, size, &out, &out_len)) {
			const char *again = upload_type(out, out_len);

			if (out == NULL || out_len > size + 2)
				abort();
			if (sniffed && strcmp(sniffed, photo_types[i]) == 0 &&
			    (again == NULL || strcmp(again, sniffed) != 0))
				abort();   /* a stripped photo is still the same kind of file */
		} else if (out != NULL) {
			abort();
		}
		free(out);
	}
	free(in);
	return 0;
}
