/*
 * file.h -- reading a whole file, for the command line's SQL scripts.
 */
#ifndef SAFEGRID_FILE_H
#define SAFEGRID_FILE_H

#include <stddef.h>

/* The file's bytes, NUL-terminated, in memory the caller frees; NULL if unreadable. */
char *file_read(const char *path, size_t *len);

#endif
