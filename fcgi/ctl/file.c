/*
 * file.c -- reading a whole file.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ctl/file.h"

char *file_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)size + 1)) != NULL) {
		size_t got = fread(buf, 1, (size_t)size, f);
		buf[got] = '\0';
		if (len)
			*len = got;
	}
	fclose(f);
	return buf;
}
