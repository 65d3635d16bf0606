/*
 * text.h -- UTF-8, character counts, dates and hex digits, for every parser.
 */
#ifndef SAFEGRID_TEXT_H
#define SAFEGRID_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Whether [s, s+len) is valid UTF-8: no overlong forms, no surrogates. */
bool utf8_valid(const char *s, size_t len);
/* The number of characters of valid UTF-8 text s. */
long long utf8_length(const char *s);
/*
 * The bytes of UTF-8 text s that fit in max bytes without cutting a
 * character in half: strlen(s) if it fits, else max or fewer (to the start
 * of the character max would split).  For a copy into a fixed buffer.
 */
size_t utf8_prefix(const char *s, size_t max);
/* Whether s is a real calendar date written YYYY-MM-DD. */
bool date_valid(const char *s);
/* The value of hex digit c, or -1. */
int hex_value(char c);

#endif
